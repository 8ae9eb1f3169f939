"""A non-editable install works outside the clone: imports, data, models, a chapter notebook.

The wheel is built from the committed clone through ``pip wheel git+file://`` (standing in for a
hosted ``pip install git+URL``), installed with ``--no-deps --target`` into a folder of its own,
and used from an empty folder with the checkout off ``sys.path``.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from lstm_book.book import chapters

pytestmark = pytest.mark.install

PROBE = """
import inspect, json, sys
import lstm_book
from lstm_book import datasets, models
assert {site!r} in lstm_book.__file__, lstm_book.__file__
lengths = {{name: len(datasets.load(name)) for name in datasets.DATASETS}}
lengths.update({{name: len(datasets.load_text(name)) for name in datasets.TEXTS}})
built = []
for name, builder in inspect.getmembers(models, inspect.isfunction):
    if builder.__module__ == models.__name__ and not name.startswith("_"):
        made = builder()  # a model, or several sharing layers (an encoder-decoder's three)
        made = made if isinstance(made, tuple) else (made,)
        built.append((name, sum(model.count_params() for model in made)))
print(json.dumps({{"file": lstm_book.__file__, "lengths": lengths, "built": built}}))
"""


def _run(command, cwd, env, timeout=600):
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    shown = " ".join(map(str, command))
    assert done.returncode == 0, f"{shown}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from the clone's last commit, installed into a folder of its own."""
    if not (chapters.ROOT / ".git").exists():
        pytest.skip("needs a git clone to build from")
    work = tmp_path_factory.mktemp("install")
    wheels, site = work / "wheels", work / "site"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels,
          f"git+file://{chapters.ROOT}"], cwd=work, env=env)
    wheel = next(wheels.glob("lstm_book-*.whl"))
    _run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, wheel],
         cwd=work, env=env)
    outside = work / "empty"
    outside.mkdir()
    # The installed copy first on the path; the venv still provides keras, numpy and the rest.
    env = {**env, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    return {"site": site, "cwd": outside, "env": env}


def test_wheel_carries_the_data_and_the_machinery(installed):
    package = installed["site"] / "lstm_book"
    assert sorted(p.name for p in (package / "data").glob("*.csv")) == sorted(
        spec[0] for spec in __import__("lstm_book.datasets").datasets.DATASETS.values())
    assert (package / "data" / "README.md").exists()
    assert sorted(p.name for p in (package / "data").glob("*.txt")) == sorted(
        spec[0] for spec in __import__("lstm_book.datasets").datasets.TEXTS.values())
    assert (package / "book" / "exercises" / "ch06.py").exists()


def test_installed_library_loads_every_data_set_and_builds_every_model(installed):
    output = _run([sys.executable, "-c", PROBE.format(site=str(installed["site"]))],
                  cwd=installed["cwd"], env=installed["env"])
    probe = json.loads(output.strip().splitlines()[-1])
    assert probe["file"].startswith(str(installed["site"]))
    assert all(length > 30 for length in probe["lengths"].values())
    assert probe["built"] and all(params > 0 for _, params in probe["built"])


def test_a_chapter_notebook_copied_alone_runs_in_quick_mode(installed):
    notebook = installed["cwd"] / "03_prepare_data.ipynb"
    shutil.copy(chapters.CHAPTER_DIR / notebook.name, notebook)
    script = ("import nbformat, sys\nfrom nbclient import NotebookClient\n"
              "nb = nbformat.read(sys.argv[1], as_version=4)\n"
              "nb.cells.append(nbformat.v4.new_code_cell('print(\"FROM\", lstm_book.__file__)'))\n"
              "NotebookClient(nb, timeout=600, kernel_name='python3').execute()\n"
              "nbformat.write(nb, sys.argv[1])\n")
    env = {**installed["env"], "LSTM_BOOK_QUICK": "1", "MPLBACKEND": "Agg"}
    _run([sys.executable, "-c", script, notebook], cwd=installed["cwd"], env=env)
    executed = json.loads(notebook.read_text(encoding="utf-8"))
    text = "".join("".join(out.get("text", "")) for cell in executed["cells"]
                   for out in cell.get("outputs", []))
    assert "ch03 windows_vs_shift_max_abs_diff" in text
    assert f"FROM {installed['site']}" in text
