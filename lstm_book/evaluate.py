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

# Chapters 6-8: the accuracy of predicted labels and the mean absolute error of forecasts.


def accuracy(labels, predicted):
    """The fraction of predicted labels equal to the true ones (chapters 6 and 8).

    Parameters
    ----------
    labels : array of int, shape ``(samples,)`` (or any shape)
        True class labels, e.g. ``problems.one_hot_decode(y)``.
    predicted : array of int, the same shape
        Predicted labels, e.g. ``problems.one_hot_decode(model.predict(X))`` or
        ``model.predict(X)[:, 0] > 0.5``.

    Returns
    -------
    float
        In [0, 1].
    """
    import numpy as np

    labels, predicted = np.asarray(labels), np.asarray(predicted)
    if labels.shape != predicted.shape or labels.size == 0:
        raise ValueError(f"labels and predicted must have the same non-empty shape, got {labels.shape} "
                         f"and {predicted.shape}; a (samples, 1) prediction becomes (samples,) with "
                         "predicted[:, 0], and one-hot rows become labels with problems.one_hot_decode")
    return float(np.mean(labels == predicted))


def mean_absolute_error(actual, predicted):
    """The mean absolute error over every sample and time step (chapter 7).

    Parameters
    ----------
    actual, predicted : arrays of the same shape, e.g. ``(samples, horizon)``

    Returns
    -------
    float
        In the units of the data.
    """
    import numpy as np

    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    if actual.shape != predicted.shape or actual.size == 0:
        raise ValueError(f"actual and predicted must have the same non-empty shape, got {actual.shape} "
                         f"and {predicted.shape}")
    return float(np.mean(np.abs(actual - predicted)))


# Chapters 9-11: accuracy of whole output sequences, and how rectangular generated shapes are.


def per_step_accuracy(y_true, y_pred):
    """The fraction of time steps whose predicted label is right (chapters 9 and 10).

    This is what Keras reports as ``accuracy`` for sequence outputs: chapter 9 calls it
    per-character accuracy. It flatters: an answer with one wrong character still scores half.

    Parameters
    ----------
    y_true, y_pred : arrays, shape ``(samples, steps, classes)``
        One-hot targets and predicted probabilities; with ``classes == 1`` (a sigmoid output)
        the label is ``value > 0.5``.

    Returns
    -------
    float
        In [0, 1].
    """
    return float(_step_hits(y_true, y_pred).mean())


def exact_match_accuracy(y_true, y_pred):
    """The fraction of sequences with every time step right (chapters 9 and 10).

    For chapter 9 it is whole-answer accuracy (``'19'`` predicted as ``'18'`` counts as wrong);
    for chapter 10, sequences labelled right at all 10 steps.

    Parameters
    ----------
    y_true, y_pred : arrays, shape ``(samples, steps, classes)``
        As in :func:`per_step_accuracy`.

    Returns
    -------
    float
        In [0, 1].
    """
    return float(_step_hits(y_true, y_pred).all(axis=1).mean())


def _step_hits(y_true, y_pred):
    """Boolean ``(samples, steps)``: whether each step's predicted label equals the true one."""
    true, predicted = _step_labels(y_true, "y_true"), _step_labels(y_pred, "y_pred")
    if true.shape != predicted.shape or true.size == 0:
        raise ValueError(f"y_true and y_pred must hold the same non-empty (samples, steps), got "
                         f"{true.shape} and {predicted.shape}")
    return true == predicted


def _step_labels(y, name):
    """Labels ``(samples, steps)`` from one-hot / probabilities ``(samples, steps, classes)``."""
    import numpy as np

    y = np.asarray(y)
    if y.ndim != 3:
        raise ValueError(f"{name} must have shape (samples, steps, classes), got {y.shape}; for "
                         f"one sequence use y[None], for one sigmoid output per step y[..., None]")
    return y.argmax(axis=-1) if y.shape[-1] > 1 else y[..., 0] > 0.5


def corner_angle_errors(corners):
    """How far each corner of each quadrilateral is from a right angle, in degrees (chapter 11).

    Parameters
    ----------
    corners : array, shape ``(shapes, 4, 2)``
        The (x, y) corners in drawing order; the shape closes from the last corner to the first.

    Returns
    -------
    float array, shape ``(shapes,)``
        The mean over the four corners of ``|angle - 90|``: 0 for a rectangle. NaN for a shape with
        a side of zero length, whose angle is undefined.
    """
    import numpy as np

    corners = _check_corners(corners)
    to_previous = np.roll(corners, 1, axis=1) - corners
    to_next = np.roll(corners, -1, axis=1) - corners
    lengths = np.linalg.norm(to_previous, axis=-1) * np.linalg.norm(to_next, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cosines = np.clip((to_previous * to_next).sum(axis=-1) / lengths, -1, 1)
    return np.abs(np.degrees(np.arccos(cosines)) - 90).mean(axis=1)


def closure_errors(corners):
    """How far each quadrilateral's last corner is from where a rectangle's would be (chapter 11).

    Three corners ``p0, p1, p2`` of a rectangle fix the fourth: ``p0 + p2 - p1``. The error is the
    distance from the drawn last corner to that point, in the units of the drawing.

    Parameters
    ----------
    corners : array, shape ``(shapes, 4, 2)``

    Returns
    -------
    float array, shape ``(shapes,)``
        0 for a rectangle (and for any parallelogram: pair it with :func:`corner_angle_errors`).
    """
    import numpy as np

    corners = _check_corners(corners)
    expected = corners[:, 0] + corners[:, 2] - corners[:, 1]
    return np.linalg.norm(corners[:, 3] - expected, axis=-1)


def _check_corners(corners):
    import numpy as np

    corners = np.asarray(corners, dtype=float)
    if corners.ndim != 3 or corners.shape[1:] != (4, 2):
        raise ValueError(f"corners must have shape (shapes, 4, 2): four (x, y) points per shape, got "
                         f"{corners.shape}; for one shape use corners[None]")
    return corners


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
