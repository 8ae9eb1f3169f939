"""Kernels forked from the zygote: the same kernel as a new process would be, imports already done."""

import os

import nbformat
import pytest
from test_runner import RECORD, fake_chapter

from lstm_book.book import runner, zygote


@pytest.fixture(scope="module")
def tensorflow_zygote(tmp_path_factory):
    log = tmp_path_factory.mktemp("zygote") / "zygote.log"
    with zygote.Zygote(runner.kernel_env("tensorflow", runner._thread_env(1)), log) as started:
        yield started


def _in(folder):
    folder.mkdir()
    return folder


def _outputs(out_dir):
    [cell] = nbformat.read(out_dir / "notebooks" / "06_fake.ipynb", as_version=4).cells
    return "".join(output.get("text", "") for output in cell.outputs)


def test_a_forked_kernel_finds_the_libraries_imported_and_gets_its_own_environment(
        tmp_path, tensorflow_zygote):
    source = ("import os, sys\nprint('loaded', 'keras' in sys.modules, 'tensorflow' in sys.modules)\n"
              "print('parent', os.getppid() == ZYGOTE)\nprint('quick', os.environ['LSTM_BOOK_QUICK'])\n"
              "print('threads', os.environ['TF_NUM_INTRAOP_THREADS'])\nprint('cwd', os.getcwd())\n"
              + RECORD.format(0.995))
    source = source.replace("ZYGOTE", str(tensorflow_zygote.process.pid))
    entry = runner.execute(fake_chapter(tmp_path, source), True, tmp_path / "o", threads=1,
                           zygote=tensorflow_zygote)
    assert entry["status"] == "ok", entry
    shown = _outputs(tmp_path / "o")
    assert "loaded True True" in shown and "parent True" in shown and "quick 1" in shown
    assert "threads 1" in shown
    assert f"cwd {runner.chapters.CHAPTER_DIR}" in shown


def test_a_forked_kernel_computes_what_a_new_process_computes(tmp_path, tensorflow_zygote):
    source = ("import numpy as np, keras, lstm_book\nlstm_book.set_seed(3)\n"
              "lstm_book.skip_small_graph_rewrites()\n"
              "model = keras.Sequential([keras.Input((4, 1)), keras.layers.LSTM(3), keras.layers.Dense(1)])\n"
              "model.compile(loss='mse', optimizer='adam')\nX = np.random.default_rng(0).random((8, 4, 1))\n"
              "print('losses', model.fit(X, X[:, -1, 0], epochs=3, verbose=0).history['loss'])\n"
              + RECORD.format(0.995))
    forked = runner.execute(fake_chapter(_in(tmp_path / "a"), source), True, tmp_path / "forked",
                            threads=1, zygote=tensorflow_zygote)
    fresh = runner.execute(fake_chapter(_in(tmp_path / "b"), source), True, tmp_path / "fresh", threads=1)
    assert forked["status"] == fresh["status"] == "ok"
    assert "losses [" in _outputs(tmp_path / "forked")
    assert _outputs(tmp_path / "forked") == _outputs(tmp_path / "fresh")


def test_plots_show_inline_in_a_forked_kernel(tmp_path, tensorflow_zygote):
    source = "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n" + RECORD.format(0.995)
    entry = runner.execute(fake_chapter(tmp_path, source), True, tmp_path / "o", zygote=tensorflow_zygote)
    assert entry["status"] == "ok"
    [cell] = nbformat.read(tmp_path / "o" / "notebooks" / "06_fake.ipynb", as_version=4).cells
    assert any("image/png" in output.get("data", {}) for output in cell.outputs)


def test_a_dead_forked_kernel_fails_its_chapter_and_the_next_one_still_runs(tmp_path, tensorflow_zygote):
    dead = fake_chapter(_in(tmp_path / "a"), "import os\nos.write(2, b'last words\\n')\nos._exit(3)")
    entry = runner.execute(dead, True, tmp_path / "o", zygote=tensorflow_zygote)
    log = runner.kernel_log(tmp_path / "o", dead)
    assert entry["status"] == "failed" and str(log) in entry["error"]
    assert "last words" in log.read_text()
    after = runner.execute(fake_chapter(_in(tmp_path / "b"), RECORD.format(0.995)), True, tmp_path / "p",
                           zygote=tensorflow_zygote)
    assert after["status"] == "ok"


def test_a_stopped_zygote_leaves_kernels_to_start_as_new_processes(tmp_path):
    env = {**os.environ, "KERAS_BACKEND": "tensorflow"}
    stopped = zygote.Zygote(env, tmp_path / "zygote.log")
    stopped.process.kill()
    stopped.process.wait()
    with pytest.raises(zygote.ZygoteError, match="stopped"):
        stopped.fork(["-f", "x.json"], env, tmp_path, os.devnull)
    entry = runner.execute(fake_chapter(tmp_path, RECORD.format(0.995)), True, tmp_path / "o",
                           zygote=stopped)
    assert entry["status"] == "ok"
    stopped.close()


def test_run_forks_tensorflow_and_jax_kernels_on_linux_unless_told_not_to(tmp_path, monkeypatch):
    assert zygote.BACKENDS == ("tensorflow", "jax")
    assert zygote.supported("jax", "linux") and not zygote.supported("torch", "linux")
    assert not zygote.supported("tensorflow", "darwin") and not zygote.supported("tensorflow", "win32")
    monkeypatch.setattr(zygote.sys, "platform", "darwin")
    with runner._start_zygote("tensorflow", 1, tmp_path, fork=True) as none:
        assert none is None
    monkeypatch.undo()
    with runner._start_zygote("torch", 1, tmp_path, fork=True) as none:
        assert none is None
    with runner._start_zygote("tensorflow", 1, tmp_path, fork=False) as none:
        assert none is None
    with runner._start_zygote("tensorflow", 1, tmp_path, fork=True) as started:
        assert isinstance(started, zygote.Zygote)
    assert started.process.poll() is not None  # closed with the run


def test_chapter_8_which_measures_its_process_memory_gets_a_process_of_its_own(tensorflow_zygote):
    from lstm_book.book import chapters

    assert runner._zygote_for(chapters.get(8), tensorflow_zygote) is None
    assert runner._zygote_for(chapters.get(9), tensorflow_zygote) is tensorflow_zygote


def test_the_kernel_start_benchmark_prints_both_ways_and_their_ratio():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "kernels.py"
    done = subprocess.run([sys.executable, str(script), "--kernels", "1", "--chapter", "5"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "new processes:" in done.stdout and "ratio forked / new:" in done.stdout, done.stdout


def test_a_zygote_that_does_not_answer_in_time_is_stopped_and_kernels_start_as_new_processes(
        tmp_path, monkeypatch):
    env = {**os.environ, "KERAS_BACKEND": "tensorflow"}
    monkeypatch.setattr(zygote, "READY_TIMEOUT_S", 0.01)  # its imports take seconds
    slow = zygote.Zygote(env, tmp_path / "zygote.log")
    with pytest.raises(zygote.ZygoteError, match="no answer"):
        slow.fork(["-f", "x.json"], env, tmp_path, os.devnull)
    assert slow.process.wait(timeout=10) is not None
    entry = runner.execute(fake_chapter(tmp_path, RECORD.format(0.995)), True, tmp_path / "o",
                           zygote=slow)
    assert entry["status"] == "ok"
    slow.close()
