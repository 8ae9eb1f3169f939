"""Every chapter notebook runs top to bottom in quick mode, and is committed clean."""

import json

import pytest
from quickbook import QUICK_BOOK, save_entry

from lstm_book.book import chapters, runner

NOTEBOOKS = chapters.available()
# The runs are kept in build/quick/: test_browser.py renders them as the quick-mode HTML book and
# opens it in headless Chromium, so `make test` executes every notebook only once.


@pytest.mark.notebook
@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.stem)
def test_notebook_runs_in_quick_mode(chapter):
    entry = runner.execute(chapter, quick=True, out_dir=QUICK_BOOK)
    save_entry(QUICK_BOOK, entry)
    assert entry["status"] == "ok", entry.get("error")
    assert (QUICK_BOOK / "notebooks" / f"{chapter.stem}.ipynb").exists()


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.stem)
def test_notebook_is_committed_without_outputs(chapter):
    notebook = json.loads(chapter.path.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert all(not cell.get("outputs") for cell in code), "strip outputs before committing"
    assert all(cell.get("execution_count") is None for cell in code)


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.stem)
def test_notebook_seeds_and_reads_quick_mode_in_its_first_code_cells(chapter):
    notebook = json.loads(chapter.path.read_text(encoding="utf-8"))
    code = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    top = "\n".join(code[:3])
    assert "set_seed(" in top and "is_quick()" in top


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.stem)
def test_notebook_records_every_registered_metric(chapter):
    notebook = json.loads(chapter.path.read_text(encoding="utf-8"))
    source = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
    for metric in chapter.metrics:
        quoted = (f'"{metric.name}"', f"'{metric.name}'")
        assert any(q in source for q in quoted), f"{chapter.stem} never records {metric.name}"
