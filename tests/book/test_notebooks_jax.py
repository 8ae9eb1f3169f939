"""Every chapter notebook also runs in quick mode on JAX, Keras's second backend.

The TensorFlow quick runs stay in build/quick/ (test_notebooks.py); these go to build/jax/quick/,
the folder ``python -m lstm_book run --quick --backend jax`` writes to, so neither overwrites the
other. PyTorch has its own target outside CI: ``make test-torch``.
"""

import importlib.util

import pytest
from quickbook import save_entry

from lstm_book.book import chapters, runner

NOTEBOOKS = chapters.available()
JAX_QUICK_BOOK = runner.default_out_dir(quick=True, backend="jax")


@pytest.mark.notebook
@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.stem)
def test_notebook_runs_in_quick_mode_on_jax(chapter):
    if importlib.util.find_spec("jax") is None:
        pytest.fail('jax is not installed: pip install -r requirements.txt (or "jax[cpu]")')
    entry = runner.execute(chapter, quick=True, out_dir=JAX_QUICK_BOOK, backend="jax")
    save_entry(JAX_QUICK_BOOK, entry)
    assert entry["status"] == "ok", entry.get("error")
    assert (JAX_QUICK_BOOK / "notebooks" / f"{chapter.stem}.ipynb").exists()
