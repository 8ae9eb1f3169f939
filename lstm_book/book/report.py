"""Record a chapter's results: a one-line verdict in the notebook, a JSON line for the runner.

A notebook ends with, e.g.::

    report.record(6, "accuracy", accuracy)
    # ch06 accuracy 0.996 >= 0.99 (book ~0.99-1.00 on 100)  PASS

The target and the book's figure come from :mod:`lstm_book.book.chapters`. When the runner executes
the notebook it sets ``LSTM_BOOK_RESULTS`` to a file, and each record is appended there.
"""

import json
import math
import numbers
import operator
import os
import re
from dataclasses import asdict, dataclass

from lstm_book.book import chapters
from lstm_book.runtime import is_quick

RESULTS_ENV = "LSTM_BOOK_RESULTS"
_OPERATORS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
              "==": operator.eq}
_TARGET = re.compile(r"\s*(>=|<=|==|>|<)\s+(\S+)\s*")
# The keys each kind of record must have for the runner to summarize it.
_RECORD_KEYS = {"metric": {"name", "value", "target", "book", "passed"},
                "exercise": {"id", "passed"}}


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
    op_text, number = _parse_target(target)
    value = _real("value", value)
    if op_text is None:
        return True
    return math.isfinite(value) and _OPERATORS[op_text](value, number)


def _parse_target(target):
    """``(operator text, number)`` of a target, ``(None, None)`` for None, or a clear error."""
    if target is None:
        return None, None
    match = _TARGET.fullmatch(target) if isinstance(target, str) else None
    try:
        number = float(match[2]) if match else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"target must look like '>= 0.99' (an operator among >=, <=, >, <, ==, "
                         f"a space, a finite number) or be None, got {target!r}")
    return match[1], number


def _real(name, value):
    """``value`` as a float: a Python or NumPy real number (NaN allowed here), not a bool."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()  # a 0-d array, e.g. np.mean(...) of a backend tensor
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r:.60}")
    return float(value)


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
    if not isinstance(name, str):
        raise TypeError(f"name must be a metric name (a string), got {name!r:.60}")
    metric = _metric(chapter, name)
    value = _real("value", value)
    if not math.isfinite(value):
        raise ValueError(f"value for {name!r} must be a finite number, got {value!r}; a NaN or "
                         "inf usually means the model diverged: lower the learning rate or look "
                         "at the training curve")
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
                     "(name must be one of them, see lstm_book/book/chapters.py)")


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
    """The records a notebook run appended to ``path`` (a list of dicts; empty if none).

    Raises
    ------
    ValueError
        When a line is damaged (e.g. a kernel killed mid-write): it names the file and the line.
        :func:`read_checked` returns the good records and the damage instead.
    """
    records, damage = read_checked(path)
    if damage:
        raise ValueError(f"{path}: {'; '.join(damage)}")
    return records


def read_checked(path):
    """The good records of ``path`` and a description of each damaged line.

    The runner uses it so that one damaged line (a kernel killed while writing it) fails that
    chapter with the reason instead of stopping the whole run.

    Parameters
    ----------
    path : str or pathlib.Path
        A results file written by :func:`append_record`; a missing file has no records.

    Returns
    -------
    records : list of dict
        The complete, well-formed records, in order.
    damage : list of str
        E.g. ``"results file line 3 is damaged: Unterminated string ..."``; empty if none.
    """
    if isinstance(path, bool) or not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be the results file's path (str or pathlib.Path), got "
                        f"{path!r:.60}")
    if not os.path.exists(path):
        return [], []
    records, damage = [], []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                records.append(_record(json.loads(raw.decode("utf-8"))))
            except (UnicodeDecodeError, ValueError) as error:
                damage.append(f"results file line {number} is damaged: {str(error)[:200]}")
    return records, damage


def _record(entry):
    if not isinstance(entry, dict) or entry.get("kind") not in _RECORD_KEYS:
        raise ValueError(f"not a record with a known kind: {str(entry)[:80]}")
    missing = _RECORD_KEYS[entry["kind"]] - set(entry)
    if missing:
        raise ValueError(f"a {entry['kind']} record without {', '.join(sorted(missing))}")
    return entry
