"""A small harness for generated bad-input tests (issue 11): a catalogue of bad values by kind,
a check that a call fails clearly, and a tally of what the suite tried.

Test modules import it as ``from bad_input import ...`` (pytest puts ``tests/`` on ``sys.path``).
A *clear error* is a ValueError or TypeError, raised from inside ``lstm_book`` (not from deep in
Keras, NumPy or pandas), within a few seconds, whose message names the argument and says what was
expected or what was given. Anything else fails: another exception type, a raw library error, an
unhelpful message, a returned result, or a hang.

Typical use::

    from bad_input import BAD_COUNTS, assert_clear_error, bad_cases

    @pytest.mark.parametrize(("argument", "bad", "kwargs"), bad_cases(
        {"n": 10, "timesteps": 5}, {"n": BAD_COUNTS, "timesteps": BAD_COUNTS}))
    def test_echo_refuses(argument, bad, kwargs):
        assert_clear_error(problems.echo, argument=argument, **kwargs)
"""

import math
import re
import threading
import traceback
from collections import Counter
from pathlib import Path

import numpy as np

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "lstm_book"
"""Errors must be raised from a file under this folder to count as the library's own."""

TIMEOUT_S = 5.0
"""A call that neither returns nor raises within this many seconds is a hang."""

# --- the catalogue ---------------------------------------------------------------------------------

BAD_COUNTS = [0, -1, 2.5, True, "3", None, np.float64(2.0), 10**12]
"""Bad values for a count that must be a positive integer (sizes, lengths, units, samples)."""

BAD_NON_NEGATIVE_COUNTS = [-1, 2.5, True, "3", None, np.float64(2.0), 10**12]
"""Bad values for a count that may be zero (an index, a number of extra steps)."""

BAD_FLOATS = [math.nan, math.inf, -math.inf, "0.1", None, 1 + 2j, True]
"""Bad values for any real number (a limit, a padding value, a rate)."""

BAD_POSITIVE_FLOATS = [*BAD_FLOATS, 0.0, -1.0]
"""Bad values for a number that must be > 0 (a learning rate, a period, a clip norm)."""

BAD_NAMES = ["", "no-such-name", "MAE ", None, 3, ["concat"]]
"""Bad values for an option chosen by name from a fixed set."""

BAD_BOOLS = ["yes", None, 2, np.array([True, False])]
"""Bad values for a flag that must be True or False."""

BAD_SEEDS = [-1, 2**32, 2**64, 1.5, True, "1", [1, 2, "x"]]
"""Bad values for a seed that NumPy's legacy ``np.random.seed`` and Python take alike."""

BAD_RNGS = ["1", 1.5, -1, True, object()]
"""Bad values for an ``rng`` that takes a numpy Generator, an int seed or None."""

BAD_ARRAYS = {
    "none": None,
    "string": "abc",
    "scalar": 3.0,
    "empty": np.array([], dtype=float),
    "nan": np.array([1.0, math.nan, 3.0]),
    "inf": np.array([1.0, math.inf, 3.0]),
    "complex": np.array([1 + 1j, 2.0, 3.0]),
    "strings": np.array(["a", "b", "c"]),
    "objects": np.array([1, "b", None], dtype=object),
}
"""Bad arrays that no numeric-array argument should accept, by kind."""


def bad_arrays(good):
    """Bad arrays derived from a ``good`` one: same shape but broken values, or a wrong shape.

    Parameters
    ----------
    good : array-like
        A valid value of the argument (at least 1-D, numeric, at least 2 elements).

    Returns
    -------
    dict of str -> object
        ``{"nan", "inf", "complex", "strings", "empty", "fewer_dims", "more_dims", "none",
        "string"}``; ``fewer_dims`` is dropped for a 1-D ``good`` (a scalar is covered by BAD_ARRAYS).
    """
    good = np.asarray(good)
    flat = good.astype(float).ravel()
    nan, inf = flat.copy(), flat.copy()
    nan[0], inf[-1] = math.nan, math.inf
    cases = {
        "nan": nan.reshape(good.shape),
        "inf": inf.reshape(good.shape),
        "complex": (flat + 1j).reshape(good.shape),
        "strings": good.astype(str),
        "empty": np.zeros((0,) + good.shape[1:]),
        "more_dims": good[..., None, None] if good.ndim >= 2 else good[None, None],
        "none": None,
        "string": "abc",
    }
    if good.ndim >= 2:
        cases["fewer_dims"] = good.reshape(good.shape[0], -1)[:, 0] if good.ndim == 2 else good[..., 0]
    return cases


def bad_cases(valid, bad_by_argument):
    """Every ``(argument, bad value, keyword arguments)`` case for one function, as pytest params.

    Parameters
    ----------
    valid : dict
        Keyword arguments of a call that succeeds.
    bad_by_argument : dict of str -> list or dict
        For each argument to break, its bad values (a list, or a dict of kind -> value).

    Returns
    -------
    list of pytest.param
        One per bad value: the valid call with that one argument replaced, with a readable id.
    """
    import pytest

    params = []
    for argument, bads in bad_by_argument.items():
        items = bads.items() if isinstance(bads, dict) else enumerate(bads)
        for kind, bad in items:
            label = kind if isinstance(kind, str) else _short(bad)
            params.append(pytest.param(argument, bad, {**valid, argument: bad},
                                       id=f"{argument}={label}"))
    return params


def _short(value):
    return re.sub(r"[^\w.+-]", "_", _describe(value))[:40]


def _describe(value):
    # Ids must be the same in every pytest-xdist worker: no random values, no memory addresses.
    if isinstance(value, np.ndarray):
        return f"array{value.shape}"
    if isinstance(value, list | tuple):
        return type(value).__name__ + "(" + ",".join(_describe(v) for v in value[:4]) + ")"
    if isinstance(value, Path):  # temporary folders have random names
        return f"path{value.suffix}"
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


# --- the check -------------------------------------------------------------------------------------


class Tally:
    """Totals of the bad-input calls made in this test session, by outcome."""

    def __init__(self):
        self.outcomes = Counter()
        self.suites = {}  # test module -> Counter of outcomes, for one line per suite

    def count(self, outcome, suite):
        """Count one call's outcome, overall and for the test module ``suite``."""
        self.outcomes[outcome] += 1
        self.suites.setdefault(suite, Counter())[outcome] += 1

    def by_suite(self):
        """One line per test module: its calls and clear errors."""
        return [f"{suite}: calls {sum(c.values())}, clear errors {c['clear error']}"
                for suite, c in sorted(self.suites.items())]

    @property
    def calls(self):
        return sum(self.outcomes.values())

    @property
    def clear(self):
        return self.outcomes["clear error"]

    def summary(self):
        """One line, e.g. ``bad-input calls: 412, clear errors: 412 (100.0 %)``, then failures by kind."""
        share = 100.0 * self.clear / self.calls if self.calls else 0.0
        line = f"bad-input calls: {self.calls}, clear errors: {self.clear} ({share:.1f} %)"
        others = {k: v for k, v in self.outcomes.items() if k != "clear error"}
        return line + "".join(f"; {kind}: {count}" for kind, count in sorted(others.items()))


tally = Tally()


def _call_with_timeout(func, args, kwargs, timeout):
    """``(finished, result, exception)`` of ``func(*args, **kwargs)`` run in a daemon thread."""
    box = {}

    def target():
        try:
            box["result"] = func(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 -- classified by the caller
            box["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    return not worker.is_alive(), box.get("result"), box.get("error")


def _raised_inside_package(error):
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(PACKAGE_DIR)


def _names(message, argument):
    return re.search(rf"(?<![\w]){re.escape(argument)}(?![\w])", message) is not None


def classify(func, *args, argument, timeout=TIMEOUT_S, **kwargs):
    """The outcome of one bad call: ``"clear error"`` or what went wrong, plus a detail.

    Returns
    -------
    (str, str)
        Outcome (``"clear error"``, ``"hang"``, ``"returned a result"``, ``"raw error"``,
        ``"wrong exception type"``, ``"unhelpful message"``) and a one-line detail.
    """
    finished, result, error = _call_with_timeout(func, args, kwargs, timeout)
    if not finished:
        return "hang", f"no answer within {timeout} s"
    if error is None:
        return "returned a result", f"returned {type(result).__name__}: {_short(result)}"
    detail = f"{type(error).__name__}: {error}"
    if not isinstance(error, ValueError | TypeError):
        return "wrong exception type", detail
    if not _raised_inside_package(error):
        last = traceback.extract_tb(error.__traceback__)[-1]
        return "raw error", f"{detail} (raised in {last.filename}:{last.lineno})"
    message = str(error)
    if not _names(message, argument) or not re.search(r"\b(got|expected|must|needs?)\b", message):
        return "unhelpful message", detail
    return "clear error", detail


def assert_clear_error(func, *args, argument, timeout=TIMEOUT_S, **kwargs):
    """Call ``func(*args, **kwargs)`` and fail unless it raises a clear error naming ``argument``.

    Counts the call in :data:`tally`. Fails on a hang (no answer within ``timeout`` seconds), a
    returned result, an exception other than ValueError/TypeError, a ValueError/TypeError raised
    outside ``lstm_book`` (a raw library error), or a message that does not name ``argument`` or
    does not say what was expected or given.

    Returns
    -------
    str
        The error message, for further checks.
    """
    outcome, detail = classify(func, *args, argument=argument, timeout=timeout, **kwargs)
    tally.count(outcome, _caller_suite())
    name = getattr(func, "__qualname__", repr(func))
    assert outcome == "clear error", f"{name}(... {argument}=<bad> ...): {outcome}: {detail}"
    return detail.split(": ", 1)[1]


def _caller_suite():
    import sys

    frame = sys._getframe(2)  # the test function that called assert_clear_error
    return frame.f_globals.get("__name__", "?").rpartition(".")[2]


def assert_clear_file_error(func, *args, path, timeout=TIMEOUT_S, **kwargs):
    """Like :func:`assert_clear_error`, for a damaged or missing file: the message must name it.

    A missing or damaged file may be an OSError (FileNotFoundError for a missing one), as well as
    a ValueError or TypeError, raised inside ``lstm_book`` with ``path`` in its message.

    Returns
    -------
    str
        The error message.
    """
    finished, result, error = _call_with_timeout(func, args, kwargs, timeout)
    if not finished:
        outcome, detail = "hang", f"no answer within {timeout} s"
    elif error is None:
        outcome, detail = "returned a result", f"returned {type(result).__name__}"
    elif not isinstance(error, OSError | ValueError | TypeError):
        outcome, detail = "wrong exception type", f"{type(error).__name__}: {error}"
    elif not _raised_inside_package(error):
        outcome, detail = "raw error", f"{type(error).__name__}: {error}"
    elif str(path) not in str(error):
        outcome, detail = "unhelpful message", f"{type(error).__name__}: {error}"
    else:
        outcome, detail = "clear error", f"{type(error).__name__}: {error}"
    tally.count(outcome, _caller_suite())
    name = getattr(func, "__qualname__", repr(func))
    assert outcome == "clear error", f"{name}({path}): {outcome}: {detail}"
    return detail.split(": ", 1)[1]
