"""Metrics, repeated evaluation and timing shared by several chapters."""

import time

# --- timing (chapters 6, 11: the book's one-sample-per-fit() loop) ------------------------------


def seconds_per_call(function, calls, warmup=2):
    """Mean wall-clock seconds of one call of ``function()``, after ``warmup`` untimed calls.

    Chapters 6 and 11 time a few hundred calls of the book's one-sample ``fit()`` loop with it and
    extrapolate to the book's 10,000 or 25,000 calls, instead of running the slow loop in full.

    Parameters
    ----------
    function : callable
        Called with no arguments.
    calls : int
        How many timed calls (>= 1).
    warmup : int
        Untimed calls first, so one-off tracing and compilation are not counted.

    Returns
    -------
    float
        Seconds per call.
    """
    if isinstance(calls, bool) or not isinstance(calls, int) or calls < 1:
        raise ValueError(f"calls must be an integer >= 1, got {calls!r}")
    for _ in range(warmup):
        function()
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


# --- metrics (chapters 6-11) ----------------------------------------------------------------------


# --- repeated evaluation (chapters 12-14) ---------------------------------------------------------


def repeat(build_and_fit, seeds, name="score"):
    """Run ``build_and_fit(seed)`` once per seed and collect the scores in a DataFrame.

    A neural network is a stochastic model: one fit says little, the distribution of several
    says how good a configuration is. Chapter 12 scores the book's model this way (then the same
    repeats side by side, see :mod:`lstm_book.side_by_side`); chapters 13 and 14 summarize
    their repeats with the same ``DataFrame.describe()``.

    Parameters
    ----------
    build_and_fit : callable
        ``build_and_fit(seed) -> score``: builds a fresh model, fits it and returns a number, or
        a dict of numbers (one column each, e.g. ``{"train_mse": ..., "val_mse": ...}``).
        :func:`lstm_book.set_seed` is called with ``seed`` just before, so each run repeats.
    seeds : iterable of int
        One run per seed, e.g. ``range(5)``.
    name : str
        The column name for a function that returns a plain number.

    Returns
    -------
    pandas.DataFrame
        One row per seed (the index, named ``"seed"``), one column per score.
    """
    import pandas as pd

    from lstm_book.runtime import set_seed

    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, e.g. range(5)")
    rows = []
    for seed in seeds:
        set_seed(seed)
        rows.append(_score_row(build_and_fit(seed), name))
    return pd.DataFrame(rows, index=pd.Index(seeds, name="seed"))


def _score_row(score, name):
    row = score if isinstance(score, dict) else {name: score}
    try:
        return {key: float(value) for key, value in row.items()}
    except (TypeError, ValueError):
        raise ValueError(f"build_and_fit must return a number or a dict of numbers, got "
                         f"{score!r}") from None


def split_last(values, horizon, min_train=1):
    """Split a series into the part to fit on and its last ``horizon`` values to forecast.

    Used in chapters 13 and 14 (the last 12 months are held out).

    Parameters
    ----------
    values : array-like
        The series, shape ``(time steps,)`` (a pandas Series keeps its index).
    horizon : int
        How many final values to hold out, >= 1.
    min_train : int
        How many values must stay for fitting (e.g. the window length plus one), >= 1.

    Returns
    -------
    train, test
        ``values[:-horizon]`` and ``values[-horizon:]``, of the type given.
    """
    horizon, min_train = _check_int("horizon", horizon), _check_int("min_train", min_train)
    if horizon > len(values) - min_train:
        raise ValueError(f"horizon={horizon} is longer than the data allows: the series has "
                         f"{len(values)} values and at least min_train={min_train} must stay for "
                         f"fitting, so horizon can be at most {len(values) - min_train}")
    return values[:-horizon], values[-horizon:]


def persistence(values, horizon):
    """The persistence (naive) forecast of a series' last ``horizon`` values: each is the one before.

    The baseline every forecast in chapters 13 and 14 must beat.

    Parameters
    ----------
    values : array-like
        The whole series, shape ``(time steps,)``.
    horizon : int
        How many final values to forecast, at most ``time steps - 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``(horizon,)``: ``values[-horizon - 1 : -1]``.
    """
    import numpy as np

    values = np.asarray(values, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"values must be a 1-D series (time steps,), got shape {values.shape}")
    split_last(values, horizon, min_train=1)  # the same clear error for too long a horizon
    return values[-horizon - 1:-1]


def rmse(actual, predicted):
    """Root mean squared error over the last axis (time steps), in the units of the data.

    Used in chapters 13 and 14.

    Parameters
    ----------
    actual : array-like
        Shape ``(time steps,)``.
    predicted : array-like
        Shape ``(time steps,)``, or ``(repeats, time steps)`` for one score per repeat.

    Returns
    -------
    float or numpy.ndarray
        A float, or shape ``(repeats,)``.
    """
    import numpy as np

    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    if actual.ndim != 1 or predicted.shape[-1:] != actual.shape:
        raise ValueError(f"predicted must end with the shape of actual {actual.shape} (one value "
                         f"per time step), got {predicted.shape}")
    error = np.sqrt(np.mean((predicted - actual) ** 2, axis=-1))
    return float(error) if np.ndim(error) == 0 else error


def _check_int(name, value):
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)
