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
    with pytest.raises(ValueError, match="must be a number"):
        report.record(6, "accuracy", "high")
    with pytest.raises(ValueError, match="no chapter 99"):
        report.record(99, "accuracy", 0.9)


def test_every_target_in_the_registry_parses():
    for chapter in chapters.CHAPTERS:
        for metric in chapter.metrics:
            report.meets(0.0, metric.target)
