"""Record a chapter's results: a one-line verdict in the notebook, a JSON line for the runner.

A notebook ends with, e.g.::

    report.record(6, "accuracy", accuracy)
    # ch06 accuracy 0.996 >= 0.99 (book ~0.99-1.00 on 100)  PASS

The target and the book's figure come from :mod:`lstm_book.book.chapters`. When the runner executes
the notebook it sets ``LSTM_BOOK_RESULTS`` to a file, and each record is appended there.
"""

import json
import math
import operator
import os
from dataclasses import asdict, dataclass

from lstm_book.book import chapters
from lstm_book.runtime import is_quick

RESULTS_ENV = "LSTM_BOOK_RESULTS"
_OPERATORS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
              "==": operator.eq}


@dataclass
class Result:
    """One measured metric with its target and verdict."""

    chapter: int
    name: str
    value: float
    target: str | None
    book: str
    passed: bool

    def __str__(self):
        target = f" {self.target}" if self.target else ""
        verdict = "PASS" if self.passed else "MISS"
        if self.target is None:
            verdict = "(reported)"
        elif is_quick():
            verdict += " (quick mode: not enforced)"
        return (f"ch{self.chapter:02d} {self.name} {format_value(self.value)}{target} "
                f"(book {self.book})  {verdict}")

    def _ipython_display_(self):
        # record() has printed the verdict already; show nothing more when it ends a cell.
        pass


def meets(value, target):
    """Whether ``value`` meets a target written like ``">= 0.99"``; ``None`` is always met.

    Parameters
    ----------
    value : float
    target : str or None
        An operator (``>=``, ``<=``, ``>``, ``<``, ``==``), a space, and a number.

    Returns
    -------
    bool
    """
    if target is None:
        return True
    op_text, _, number = target.strip().partition(" ")
    if op_text not in _OPERATORS:
        raise ValueError(f"target must look like '>= 0.99', got {target!r}")
    value = float(value)
    return math.isfinite(value) and _OPERATORS[op_text](value, float(number))


def record(chapter, name, value):
    """Record a chapter's metric, show its verdict and hand it to the runner.

    Parameters
    ----------
    chapter : int
        The chapter number; its metrics are listed in :mod:`lstm_book.book.chapters`.
    name : str
        One of the chapter's metric names, e.g. ``"accuracy"``.
    value : float
        The measured value (a Python or NumPy scalar).

    Returns
    -------
    Result
        Shown in the notebook as a one-line verdict.
    """
    metric = _metric(chapter, name)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"value for {name!r} must be a number, got {value!r}") from None
    result = Result(int(chapter), name, value, metric.target, metric.book,
                    meets(value, metric.target))
    append_record({"kind": "metric", **asdict(result)})
    print(result)
    return result


def _metric(chapter, name):
    known = chapters.get(chapter).metrics
    for metric in known:
        if metric.name == name:
            return metric
    names = ", ".join(m.name for m in known) or "none"
    raise ValueError(f"chapter {chapter} has no metric {name!r}; its metrics are: {names} "
                     "(see lstm_book/book/chapters.py)")


def append_record(entry):
    """Append one record (a JSON-able dict with a ``kind``) to the runner's results file.

    Used by :func:`record` and by :func:`lstm_book.book.exercises.check`. Outside the runner
    (``LSTM_BOOK_RESULTS`` unset) it does nothing.
    """
    if not isinstance(entry, dict) or "kind" not in entry:
        raise ValueError(f"entry must be a dict with a 'kind' key, got {entry!r}")
    path = os.environ.get(RESULTS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")


def format_value(value):
    """A metric value as the results table and the notebooks show it: 4 significant digits."""
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4g}"
    return f"{value:.3e}"


def metric_rows(metrics):
    """Rows ``(name, value, target, book)`` of strings for one chapter's metrics.

    The terminal table, the README table and the HTML results page all build their rows here.
    A missing value shows as ``-``, a metric without a target as ``(reported)``.
    """
    return [(m["name"], "-" if m.get("value") is None else format_value(m["value"]),
             m.get("target") or "(reported)", m.get("book", "")) for m in metrics]


def document_header(mode, total_seconds):
    """The fields of ``results.json`` that describe the run: mode, backend, versions, seconds."""
    import platform

    import keras

    return {"mode": mode, "backend": keras.backend.backend(), "python": platform.python_version(),
            "keras": keras.__version__, "total_seconds": round(float(total_seconds), 1)}


def read(path):
    """The records a notebook run appended to ``path`` (a list of dicts; empty if none)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
