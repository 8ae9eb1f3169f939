"""The quick-mode book of the test suite: results entries saved by the notebook tests.

``tests/book/test_notebooks.py`` executes every chapter in quick mode into ``build/quick/`` and
saves each chapter's results entry with :func:`save_entry`; ``tests/book/test_browser.py`` then
gathers them with :func:`entries_document` and renders the quick-mode HTML book into
``build/quick/html/``, so ``make test`` executes every notebook once.
"""

import json
import os
import platform
from importlib import metadata
from pathlib import Path

from lstm_book.book import chapters

QUICK_BOOK = chapters.ROOT / "build" / "quick"


def save_entry(out_dir, entry):
    """Save one chapter's results entry (what ``runner.execute`` returned) as
    ``out_dir/entries/NN_name.json``; return that path."""
    path = Path(out_dir) / "entries" / f"{Path(entry['notebook']).stem}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")
    return path


def read_entries(out_dir):
    """The entries saved by :func:`save_entry`, in chapter order (a list of dicts)."""
    folder = Path(out_dir) / "entries"
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    return sorted(entries, key=lambda entry: int(entry["chapter"]))


def entries_document(out_dir, mode="quick"):
    """A results document (the schema of results.json) from the entries saved in ``out_dir``."""
    if mode not in ("quick", "full"):
        raise ValueError(f"mode must be 'quick' or 'full', got {mode!r}")
    entries = read_entries(out_dir)
    return {"mode": mode, "backend": os.environ.get("KERAS_BACKEND", "tensorflow"),
            "python": platform.python_version(), "keras": metadata.version("keras"),
            "total_seconds": round(sum(e.get("seconds", 0.0) for e in entries), 1),
            "chapters": entries}
