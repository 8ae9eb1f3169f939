"""Choosing Keras's backend: the kernels run on it, results.json records it, outputs never collide."""

import importlib.util
import itertools
import json
from types import SimpleNamespace

import nbformat
import pytest

from lstm_book.book import chapters, cli, runner


def fake_chapter(tmp_path, source):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    path = tmp_path / "06_fake.ipynb"
    nbformat.write(notebook, path)
    return SimpleNamespace(number=6, stem="06_fake", title="Fake", notebook=str(path), path=path,
                           metrics=chapters.get(6).metrics[:1])


def test_every_backend_mode_and_language_has_its_own_folder():
    combos = list(itertools.product((False, True), ("en", "zh"), runner.BACKENDS))
    folders = [runner.default_out_dir(quick, language, backend) for quick, language, backend in combos]
    assert len(set(folders)) == len(folders)
    # No run writes into another's folder: a nested folder holds only runs named by its path.
    assert runner.default_out_dir() == runner.BUILD
    assert runner.default_out_dir(quick=True) == runner.BUILD / "quick"
    assert runner.default_out_dir(backend="jax") == runner.BUILD / "jax"
    assert runner.default_out_dir(True, "en", "jax") == runner.BUILD / "jax" / "quick"


def test_an_unknown_backend_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="backend must be one of tensorflow, jax, torch, got 'mxnet'"):
        runner.run([1], quick=True, out_dir=tmp_path / "out", backend="mxnet")
    assert not (tmp_path / "out").exists()


def test_a_backend_that_is_not_installed_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ValueError, match=r"'torch' is not installed.*make test-torch"):
        runner.check_backend("torch")


def test_keras_backend_variable_chooses_when_no_option_is_given(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(runner, "run", lambda *a, **k: calls.append(k) or {"chapters": []})
    monkeypatch.setattr(runner, "BUILD", tmp_path / "build")
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert cli.main(["run", "1", "--quick"]) == 0
    monkeypatch.delenv("KERAS_BACKEND")
    assert cli.main(["run", "1"]) == 0
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert cli.main(["run", "1", "--backend", "tensorflow"]) == 0
    assert [(k["backend"], k["out_dir"]) for k in calls] == [
        ("jax", tmp_path / "build" / "jax" / "quick"), ("tensorflow", tmp_path / "build"),
        ("tensorflow", tmp_path / "build")]


@pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="jax is not installed")
def test_the_kernel_runs_on_the_chosen_backend_and_results_json_says_so(tmp_path, monkeypatch):
    source = ("import keras\nassert keras.backend.backend() == 'jax', keras.backend.backend()\n"
              "from lstm_book.book import report\nreport.record(6, 'accuracy', 0.1)")
    chapter = fake_chapter(tmp_path, source)
    monkeypatch.setattr(chapters, "get", lambda number: chapter)
    monkeypatch.setattr(runner, "BUILD", tmp_path / "build")
    assert cli.main(["run", "6", "--quick", "--backend", "jax"]) == 0
    saved = json.loads((tmp_path / "build" / "jax" / "quick" / "results.json").read_text())
    assert saved["backend"] == "jax" and saved["chapters"][0]["status"] == "ok"
    assert (tmp_path / "build" / "jax" / "quick" / "notebooks" / "06_fake.ipynb").exists()
    assert not (tmp_path / "build" / "results.json").exists()
