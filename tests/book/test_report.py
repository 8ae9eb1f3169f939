import json

import pytest

from lstm_book.book import chapters, report


@pytest.mark.parametrize(("value", "target", "expected"), [
    (0.996, ">= 0.99", True), (0.98, ">= 0.99", False), (0.02, "<= 0.020", True),
    (0.0201, "<= 0.020", False), (0.5, "< 1", True), (1.0, "< 1", False), (2, "> 1", True),
    (float("nan"), ">= 0.99", False), (0.1, None, True), (0.0, "== 0", True),
])
def test_meets(value, target, expected):
    assert report.meets(value, target) is expected


def test_meets_rejects_a_malformed_target():
    with pytest.raises(ValueError, match="'>= 0.99'"):
        report.meets(1.0, "at least 0.99")


def test_record_prints_a_verdict_and_appends_for_the_runner(tmp_path, monkeypatch, capsys):
    results = tmp_path / "r.jsonl"
    monkeypatch.setenv(report.RESULTS_ENV, str(results))
    monkeypatch.delenv("LSTM_BOOK_QUICK", raising=False)
    result = report.record(6, "accuracy", 0.996)
    assert result.passed
    assert capsys.readouterr().out.strip() == "ch06 accuracy 0.996 >= 0.99 (book ~0.99-1.00 on 100)  PASS"
    missed = report.record(6, "accuracy", 0.5)
    assert not missed.passed and "MISS" in str(missed)
    lines = [json.loads(line) for line in results.read_text().splitlines()]
    assert [line["passed"] for line in lines] == [True, False]
    assert lines[0]["target"] == ">= 0.99"


def test_quick_mode_says_the_target_is_not_enforced(monkeypatch):
    monkeypatch.setenv("LSTM_BOOK_QUICK", "1")
    assert "not enforced" in str(report.record(6, "accuracy", 0.5))


def test_record_rejects_unknown_metric_and_non_numbers():
    with pytest.raises(ValueError, match="its metrics are: accuracy"):
        report.record(6, "acc", 0.9)
    with pytest.raises(TypeError, match="value must be a number"):
        report.record(6, "accuracy", "high")
    with pytest.raises(ValueError, match="no chapter 99"):
        report.record(99, "accuracy", 0.9)


def test_every_target_in_the_registry_parses():
    for chapter in chapters.CHAPTERS:
        for metric in chapter.metrics:
            report.meets(0.0, metric.target)


# --- arguments are checked; a damaged results line is named, not a raw JSONDecodeError -------------


@pytest.mark.parametrize(("chapter", "name", "value", "error", "message"), [
    (6, "accuracy", float("nan"), ValueError, "value for 'accuracy' must be a finite number"),
    (6, "accuracy", float("inf"), ValueError, "must be a finite number"),
    (6, "accuracy", True, TypeError, "value must be a number, got bool"),
    (6, "accuracy", 0.5 + 1j, TypeError, "value must be a number"),
    (6, "accuracy", None, TypeError, "value must be a number"),
    (6, None, 0.9, TypeError, "name must be a metric name"),
    (6.0, "accuracy", 0.9, TypeError, "number must be a chapter number"),
    ("6", "accuracy", 0.9, TypeError, "number must be a chapter number"),
    (True, "accuracy", 0.9, TypeError, "number must be a chapter number"),
])
def test_record_refuses_bad_arguments_before_writing(tmp_path, monkeypatch, chapter, name, value,
                                                     error, message):
    results = tmp_path / "r.jsonl"
    monkeypatch.setenv(report.RESULTS_ENV, str(results))
    with pytest.raises(error, match=message):
        report.record(chapter, name, value)
    assert not results.exists()


def test_record_takes_numpy_numbers(monkeypatch):
    import numpy as np

    monkeypatch.delenv(report.RESULTS_ENV, raising=False)
    assert report.record(np.int64(6), "accuracy", np.float32(0.995)).passed
    assert report.record(6, "accuracy", np.array(0.995)).value == pytest.approx(0.995)


@pytest.mark.parametrize("target", [">= abc", ">= nan", ">=0.99", 0.99, "", "=> 0.9", ">= inf"])
def test_meets_rejects_malformed_targets(target):
    with pytest.raises(ValueError, match="target must look like '>= 0.99'"):
        report.meets(1.0, target)


@pytest.mark.parametrize("value", ["0.5", None, True, [0.5]])
def test_meets_rejects_a_value_that_is_not_a_number(value):
    with pytest.raises(TypeError, match="value must be a number"):
        report.meets(value, ">= 0.5")


def test_read_names_a_damaged_line_and_read_checked_keeps_the_good_ones(tmp_path):
    path = tmp_path / "r.jsonl"
    good = {"kind": "exercise", "id": "06.1", "passed": True}
    path.write_text(json.dumps(good) + "\n" + '{"kind": "metric", "na' + "\n"
                    + json.dumps({"kind": "metric"}) + "\n" + json.dumps(good) + "\n")
    with pytest.raises(ValueError, match="results file line 2 is damaged"):
        report.read(path)
    records, damage = report.read_checked(path)
    assert records == [good, good]
    assert [text.split(":")[0] for text in damage] == ["results file line 2 is damaged",
                                                        "results file line 3 is damaged"]


def test_read_of_a_missing_file_has_no_records(tmp_path):
    assert report.read(tmp_path / "none.jsonl") == []
