"""The runner: statuses, enforced targets, results.json schema and the command line."""

import json
from types import SimpleNamespace

import nbformat
import pytest

from lstm_book.book import chapters, cli, runner


def fake_chapter(tmp_path, *sources):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path = tmp_path / "06_fake.ipynb"
    nbformat.write(notebook, path)
    return SimpleNamespace(number=6, stem="06_fake", title="Fake", notebook=str(path), path=path,
                           metrics=chapters.get(6).metrics[:1])  # ch06's accuracy only


RECORD = "from lstm_book.book import report\nreport.record(6, 'accuracy', {})"


def test_a_passing_notebook_is_ok_and_saved(tmp_path):
    entry = runner.execute(fake_chapter(tmp_path, RECORD.format(0.995)), False, tmp_path / "out")
    assert entry["status"] == "ok"
    assert entry["metrics"] == [{"name": "accuracy", "value": 0.995, "target": ">= 0.99",
                                 "book": "~0.99-1.00 on 100", "passed": True}]
    assert (tmp_path / "out" / "notebooks" / "06_fake.ipynb").exists()


def test_a_missed_target_fails_in_full_mode_only(tmp_path):
    chapter = fake_chapter(tmp_path, RECORD.format(0.5))
    full = runner.execute(chapter, False, tmp_path / "full")
    assert full["status"] == "failed" and "missed target: accuracy" in full["error"]
    assert runner.execute(chapter, True, tmp_path / "quick")["status"] == "ok"


def test_a_metric_never_recorded_fails(tmp_path):
    entry = runner.execute(fake_chapter(tmp_path, "x = 1"), True, tmp_path / "out")
    assert entry["status"] == "failed" and "not recorded: accuracy" in entry["error"]


def test_an_error_in_a_cell_fails_with_the_error(tmp_path):
    entry = runner.execute(fake_chapter(tmp_path, "raise ValueError('broken cell')"), True,
                           tmp_path / "out")
    assert entry["status"] == "failed" and "broken cell" in entry["error"]


def test_quick_mode_reaches_the_kernel(tmp_path):
    source = "import lstm_book\nassert lstm_book.is_quick()\n" + RECORD.format(0.1)
    assert runner.execute(fake_chapter(tmp_path, source), True, tmp_path / "o")["status"] == "ok"


def test_the_kernel_gets_the_thread_pool_size_it_is_given(tmp_path):
    source = ("import os\nassert os.environ['TF_NUM_INTRAOP_THREADS'] == '1'\n"
              "assert os.environ['TF_NUM_INTEROP_THREADS'] == '1'\n" + RECORD.format(0.1))
    entry = runner.execute(fake_chapter(tmp_path, source), True, tmp_path / "o", threads=1)
    assert entry["status"] == "ok"


def test_what_compiled_code_writes_goes_to_the_kernel_log_and_python_output_to_its_cell(tmp_path):
    source = ("import os, sys\nos.write(2, b'from C on stderr\\n')\nos.write(1, b'from C on stdout\\n')\n"
              "print('from Python')\nprint('a Python warning', file=sys.stderr)\n" + RECORD.format(0.1))
    chapter = fake_chapter(tmp_path, source)
    assert runner.execute(chapter, True, tmp_path / "o")["status"] == "ok"
    [cell] = nbformat.read(tmp_path / "o" / "notebooks" / "06_fake.ipynb", as_version=4).cells
    shown = "".join(output.get("text", "") for output in cell.outputs)
    assert "from Python" in shown and "a Python warning" in shown and "from C" not in shown
    logged = runner.kernel_log(tmp_path / "o", chapter).read_text()
    assert "from C on stderr" in logged and "from C on stdout" in logged


def test_a_dead_kernel_fails_its_chapter_and_points_to_the_kernel_log(tmp_path):
    source = "import os\nos.write(2, b'last words\\n')\nos._exit(3)"
    chapter = fake_chapter(tmp_path, source)
    entry = runner.execute(chapter, True, tmp_path / "o")
    log = runner.kernel_log(tmp_path / "o", chapter)
    assert entry["status"] == "failed" and str(log) in entry["error"]
    assert "last words" in log.read_text()


@pytest.mark.parametrize("threads", [0, -2, 1.0, "1", True])
def test_a_bad_thread_count_is_refused_before_the_kernel_starts(tmp_path, threads):
    with pytest.raises(ValueError, match="threads must be a positive integer or None"):
        runner.execute(fake_chapter(tmp_path, RECORD.format(0.1)), True, tmp_path / "o",
                       threads=threads)
    assert not (tmp_path / "o").exists()


def test_jax_kernels_share_a_persistent_compilation_cache_and_others_get_none(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "JAX_CACHE", tmp_path / "cache")
    monkeypatch.delenv("JAX_COMPILATION_CACHE_DIR", raising=False)
    check = ("import os\nassert os.environ.get('JAX_COMPILATION_CACHE_DIR') == {!r}\n"
             + RECORD.format(0.1))
    jax_kernel = fake_chapter(tmp_path, check.format(str(tmp_path / "cache")))
    assert runner.execute(jax_kernel, True, tmp_path / "jax", backend="jax")["status"] == "ok"
    tf_kernel = fake_chapter(tmp_path, check.format(None))
    assert runner.execute(tf_kernel, True, tmp_path / "tf")["status"] == "ok"


def test_a_compilation_cache_named_by_the_environment_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", str(tmp_path / "mine"))
    check = ("import os\nassert os.environ['JAX_COMPILATION_CACHE_DIR'] == {!r}\n"
             + RECORD.format(0.1)).format(str(tmp_path / "mine"))
    entry = runner.execute(fake_chapter(tmp_path, check), True, tmp_path / "o", backend="jax")
    assert entry["status"] == "ok"


def test_jax_kernels_get_the_books_xla_flags_unless_the_environment_sets_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv("XLA_FLAGS", raising=False)
    check = "import os\nassert os.environ.get('XLA_FLAGS') == {!r}\n" + RECORD.format(0.1)
    jax_kernel = fake_chapter(tmp_path, check.format(runner.XLA_FLAGS))
    assert runner.execute(jax_kernel, True, tmp_path / "jax", backend="jax")["status"] == "ok"
    tf_kernel = fake_chapter(tmp_path, check.format(None))
    assert runner.execute(tf_kernel, True, tmp_path / "tf")["status"] == "ok"
    monkeypatch.setenv("XLA_FLAGS", "--mine")
    own = fake_chapter(tmp_path, check.format("--mine"))
    assert runner.execute(own, True, tmp_path / "own", backend="jax")["status"] == "ok"


@pytest.mark.parametrize(("cores", "jobs", "threads"), [(2, 2, 1), (2, 1, 2), (2, 3, 1), (8, 2, 4),
                                                        (None, 2, 1)])
def test_kernels_share_the_cores_between_them(monkeypatch, cores, jobs, threads):
    monkeypatch.setattr(runner.os, "cpu_count", lambda: cores)
    assert runner.kernel_threads(jobs) == threads


@pytest.mark.parametrize(("cores", "jobs"), [(1, 1), (None, 1), (2, 3), (3, 4), (16, 4)])
def test_one_more_kernel_than_cores_runs_at_once_and_never_more_than_four(monkeypatch, cores, jobs):
    monkeypatch.setattr(runner.os, "cpu_count", lambda: cores)
    assert runner.default_jobs() == jobs


def test_run_writes_results_json_with_the_contract_schema(tmp_path, monkeypatch, capsys):
    chapter = fake_chapter(tmp_path, RECORD.format(0.999))
    monkeypatch.setattr(chapters, "get", lambda number: chapter)
    document = runner.run([6], quick=False, out_dir=tmp_path / "build")
    saved = json.loads((tmp_path / "build" / "results.json").read_text())
    assert saved == document
    assert set(saved) >= {"mode", "backend", "python", "keras", "total_seconds", "chapters"}
    assert saved["mode"] == "full" and saved["chapters"][0]["status"] == "ok"
    assert {"chapter", "notebook", "status", "seconds", "metrics"} <= set(saved["chapters"][0])
    printed = capsys.readouterr().out
    assert "[1/1] ch06 Fake: ok" in printed and "all chapters ok" in printed


def test_cli_exit_code_is_non_zero_when_a_chapter_fails(tmp_path, monkeypatch):
    chapter = fake_chapter(tmp_path, RECORD.format(0.2))
    monkeypatch.setattr(chapters, "get", lambda number: chapter)
    assert cli.main(["run", "6", "--out", str(tmp_path / "b")]) == 1
    assert cli.main(["run", "6", "--quick", "--out", str(tmp_path / "b")]) == 0


def test_cli_list_names_every_chapter(capsys):
    assert cli.main(["list"]) == 0
    printed = capsys.readouterr().out
    for chapter in chapters.CHAPTERS:
        assert chapter.notebook in printed


def test_unknown_chapter_is_a_clear_error(capsys):
    assert cli.main(["run", "42"]) == 2
    assert "no chapter 42" in capsys.readouterr().err


def test_registry_is_consistent():
    numbers = [c.number for c in chapters.CHAPTERS]
    assert numbers == sorted(set(numbers))
    for chapter in chapters.CHAPTERS:
        assert chapter.stem.startswith(f"{chapter.number:02d}_")
    with pytest.raises(ValueError):
        chapters.get(0)


def test_results_command_prints_a_markdown_table_of_the_last_run(tmp_path, capsys):
    document = {"mode": "full", "backend": "tensorflow", "python": "3.11", "keras": "3",
                "total_seconds": 12.0, "chapters": [
                    {"chapter": 6, "status": "ok", "seconds": 12.0, "metrics": [
                        {"name": "accuracy", "value": 0.997, "target": ">= 0.99",
                         "book": "~0.99", "passed": True}]}]}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(document))
    assert cli.main(["results", "--markdown", "--file", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "| 06 | ok | 12.0 | accuracy | 0.997 | >= 0.99 | ~0.99 |" in printed
    assert cli.main(["results", "--file", str(tmp_path / "none.json")]) == 2


def test_results_of_two_backends_print_side_by_side(tmp_path, capsys):
    def run(backend, accuracy, seconds, status="ok", chapters=(6, 7)):
        return {"mode": "full", "backend": backend, "python": "3.11", "keras": "3", "jobs": 2,
                "total_seconds": 2 * seconds, "chapters": [
                    {"chapter": number, "status": status, "seconds": seconds, "metrics": [
                        {"name": "accuracy", "value": accuracy, "target": ">= 0.99",
                         "book": "~0.99", "passed": status == "ok"}]} for number in chapters]}

    paths = []
    for document in (run("tensorflow", 0.997, 12.0), run("jax", 0.5, 8.0, "failed", chapters=(6,))):
        paths.append(tmp_path / f"{document['backend']}.json")
        paths[-1].write_text(json.dumps(document))
    assert cli.main(["results", "--markdown", "--file", str(paths[0]), "--file", str(paths[1])]) == 0
    printed = capsys.readouterr().out
    assert "| ch | metric | target | tensorflow | jax | book |" in printed
    assert "| 06 | seconds (status) |  | 12.0 (ok) | 8.0 (failed) |  |" in printed
    assert "|  | accuracy | >= 0.99 | 0.997 | 0.5 | ~0.99 |" in printed
    assert "| 07 | seconds (status) |  | 12.0 (ok) | - |  |" in printed
    assert "|  | whole book: seconds |  | 24 | 16 |  |" in printed
    assert "jax: full mode, 16 s, SOME CHAPTERS FAILED" in printed
    with pytest.raises(ValueError, match="two runs"):
        runner.format_comparison([run("jax", 1.0, 1.0)])


# --- a damaged results line fails its chapter only ---------------------------------------------------

KILLED_MID_WRITE = (RECORD.format(0.995) + "\nimport os\n"
                    "with open(os.environ[report.RESULTS_ENV], 'a') as handle:\n"
                    "    handle.write('{\"kind\": \"metric\", \"name\": \"acc')  # no end, no newline")


def test_a_damaged_results_line_fails_that_chapter_and_the_run_still_writes_results(
        tmp_path, monkeypatch):
    from lstm_book.book import htmlbook

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    damaged = fake_chapter(tmp_path / "a", KILLED_MID_WRITE)
    fine = fake_chapter(tmp_path / "b", RECORD.format(0.999))
    fine.number = 7  # a second chapter; it records chapter 6's metric, which it lists as its own
    monkeypatch.setattr(chapters, "get", {6: damaged, 7: fine}.get)
    for name in ("build_site", "build_book"):  # the HTML book is not what this test is about
        monkeypatch.setattr(htmlbook, name, lambda *args, **kwargs: "(skipped)", raising=False)
    document = runner.run([6, 7], quick=False, out_dir=tmp_path / "build")
    saved = json.loads((tmp_path / "build" / "results.json").read_text())
    assert saved == document
    first, second = saved["chapters"]
    assert first["status"] == "failed"
    assert "results file line 2 is damaged" in first["error"]
    assert first["metrics"][0]["value"] == 0.995  # the good line before it still counts
    assert second["status"] == "ok" and second["metrics"][0]["value"] == 0.999


# --- two chapters at once ---------------------------------------------------------------------------

def test_chapters_run_at_once_keep_their_own_results_and_chapter_order(tmp_path, monkeypatch, capsys):
    from lstm_book.book import htmlbook

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # Each kernel sleeps so that both are alive together; each records its own value into the
    # results file that its own environment names.
    slow = "import time\ntime.sleep(2)\n"
    first = fake_chapter(tmp_path / "a", slow + RECORD.format(0.991))
    second = fake_chapter(tmp_path / "b", slow + RECORD.format(0.992))
    second.number = 7
    monkeypatch.setattr(chapters, "get", {6: first, 7: second}.get)
    monkeypatch.setattr(htmlbook, "build_site", lambda *args, **kwargs: "(skipped)")
    document = runner.run([6, 7], quick=False, out_dir=tmp_path / "build", jobs=2)
    assert document["jobs"] == 2
    assert document["threads_per_kernel"] == runner.kernel_threads(2)
    assert [e["chapter"] for e in document["chapters"]] == [6, 7]
    assert [e["metrics"][0]["value"] for e in document["chapters"]] == [0.991, 0.992]
    assert all(e["status"] == "ok" for e in document["chapters"])
    # Both ran at once: the wall time is less than the two chapters' seconds added up.
    assert document["total_seconds"] < sum(e["seconds"] for e in document["chapters"])
    printed = capsys.readouterr().out
    assert "[1/2] ch06 Fake: ok" in printed and "[2/2] ch07 Fake: ok" in printed


@pytest.mark.parametrize("jobs", [0, -1, 1.5, "2", True])
def test_a_bad_jobs_count_is_refused_before_any_chapter_runs(tmp_path, jobs):
    with pytest.raises(ValueError, match="jobs must be a positive integer"):
        runner.run([6], quick=True, out_dir=tmp_path / "out", jobs=jobs)
    assert not (tmp_path / "out").exists()


def test_the_longest_chapter_of_the_last_run_starts_first(tmp_path):
    last = tmp_path / "results.json"
    last.write_text(json.dumps({"chapters": [{"chapter": 1, "seconds": 5.0},
                                             {"chapter": 2, "seconds": 50.0}]}))
    one, two, three = (SimpleNamespace(number=n) for n in (1, 2, 3))
    assert [c.number for c in runner._longest_first([one, two, three], last)] == [3, 2, 1]
    # No last run here (a fresh clone): the registry's order of cost; a chapter it lacks goes first.
    chapters_then_new = [SimpleNamespace(number=n) for n in (*range(1, 16), 99)]
    fresh = [c.number for c in runner._longest_first(chapters_then_new, tmp_path / "none.json")]
    assert fresh == [99, *runner.LONGEST_FIRST]
    assert sorted(runner.LONGEST_FIRST) == [c.number for c in chapters.CHAPTERS]
