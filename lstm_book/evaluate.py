"""Metrics, repeated evaluation and timing shared by several chapters.

Copy this file into your own project as it is: it needs only numpy and pandas (and keras for
:func:`repeat`'s seeding), nothing else from ``lstm_book``. Metrics take ``(y_true, y_pred)`` in
scikit-learn's order and refuse what would give a plausible wrong score: mismatched shapes, NaN
or inf, empty arrays, and probabilities where labels are expected.
"""

import numbers
import time

import numpy as np

# --- checks (each module keeps its own few lines, so it can be copied alone) -----------------------


def _count(name, value, low=1, high=None):
    """``value`` as an int after checking it is a whole number in ``[low, high]``."""
    kind = "a positive integer" if low == 1 else "a non-negative integer"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {kind}, got {value!r}")
    if value < low or (high is not None and value > high):
        limit = f" of at most {high:,}" if high is not None else ""
        raise ValueError(f"{name} must be {kind}{limit}, got {value!r}")
    return int(value)


def _numbers(name, value, shape="(samples,)"):
    """``value`` as a non-empty float array of finite real numbers, or a clear error naming it."""
    if value is None or isinstance(value, str | bytes | dict | set):
        raise TypeError(f"{name} must be an array of numbers of shape {shape}, got "
                        f"{type(value).__name__} {value!r:.60}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of numbers of shape {shape}, got "
                         "rows of different lengths") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values; use np.real({name}) "
                        "or np.abs if that is what you mean")
    if array.dtype.kind == "O":
        if any(isinstance(item, str | bytes) for item in array.ravel()):
            raise TypeError(f"{name} must hold numbers, not strings: convert with float() first")
        try:
            array = array.astype(float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold only numbers, got {array.ravel()[:3].tolist()!r}"
                            "...") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers of shape {shape}, got dtype {array.dtype} "
                        f"(e.g. {array.ravel()[:3].tolist()!r})")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty: expected shape {shape}, got {array.shape}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"{name} must hold finite numbers, got {array[where]} at index {where}; "
                         "a NaN usually comes from a model that diverged (lower the learning rate) "
                         "or from missing data (drop or fill it first)")
    return array


def _same_shape(y_true, y_pred, shape):
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape {shape}, got {y_true.shape} "
                         f"and {y_pred.shape}; a (samples, 1) prediction becomes (samples,) with "
                         "y_pred[:, 0]")


# --- timing (chapters 6, 11: the book's one-sample-per-fit() loop) ------------------------------

_MAX_CALLS = 1_000_000


def seconds_per_call(function, calls, warmup=2):
    """Mean wall-clock seconds of one call of ``function()``, after ``warmup`` untimed calls.

    Chapters 6 and 11 time a few hundred calls of the book's one-sample ``fit()`` loop with it and
    extrapolate to the book's 10,000 or 25,000 calls, instead of running the slow loop in full.

    Parameters
    ----------
    function : callable
        Called with no arguments.
    calls : int
        How many timed calls, 1 to 1,000,000.
    warmup : int
        Untimed calls first (0 or more), so one-off tracing and compilation are not counted.

    Returns
    -------
    float
        Seconds per call.
    """
    if not callable(function):
        raise TypeError(f"function must be callable with no arguments, got {function!r:.60}; "
                        "wrap a call in a lambda: lambda: model.fit(...)")
    calls = _count("calls", calls, high=_MAX_CALLS)
    warmup = _count("warmup", warmup, low=0, high=_MAX_CALLS)
    for _ in range(warmup):
        function()
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


# --- metrics (chapters 6-11) ----------------------------------------------------------------------

# Chapters 6-8: the accuracy of predicted labels and the mean absolute error of forecasts.


def _labels(name, value):
    """Class labels ``(samples,)`` as floats, checked: whole numbers, finite, 1-D."""
    labels = _numbers(name, value, "(samples,)")
    if labels.ndim != 1:
        fix = (f"take the column with {name}[:, 0]" if labels.shape[1:] == (1,) else
               f"decode one-hot rows or probabilities with {name}.argmax(axis=-1) first")
        raise ValueError(f"{name} must be class labels of shape (samples,), got shape "
                         f"{labels.shape}; {fix}")
    if not np.array_equal(labels, np.round(labels)):
        raise ValueError(f"{name} must be class labels (whole numbers), got fractions such as "
                         f"{labels[labels != np.round(labels)][0]:.3g}: these look like "
                         f"probabilities; threshold or argmax first, e.g. ({name} > 0.5) for one "
                         f"sigmoid output or {name}.argmax(axis=-1) for softmax outputs")
    return labels


def accuracy(y_true, y_pred):
    """The fraction of predicted labels equal to the true ones (chapters 6 and 8).

    Parameters
    ----------
    y_true : array of int, shape ``(samples,)``
        True class labels, e.g. ``prepare.one_hot_decode(y)``.
    y_pred : array of int or bool, the same shape
        Predicted labels, e.g. ``prepare.one_hot_decode(model.predict(X))`` or
        ``model.predict(X)[:, 0] > 0.5``; probabilities are refused (threshold or argmax first).

    Returns
    -------
    float
        In [0, 1].
    """
    y_true, y_pred = _labels("y_true", y_true), _labels("y_pred", y_pred)
    _same_shape(y_true, y_pred, "(samples,)")
    return float(np.mean(y_true == y_pred))


def mean_absolute_error(y_true, y_pred):
    """The mean absolute error over every sample and time step (chapter 7).

    Parameters
    ----------
    y_true, y_pred : arrays of the same shape, e.g. ``(samples, horizon)``

    Returns
    -------
    float
        In the units of the data.
    """
    shape = "(samples, horizon)"
    y_true, y_pred = _numbers("y_true", y_true, shape), _numbers("y_pred", y_pred, shape)
    _same_shape(y_true, y_pred, shape)
    return float(np.mean(np.abs(y_true - y_pred)))


# Chapters 9-11: accuracy of whole output sequences, and how rectangular generated shapes are.


def per_step_accuracy(y_true, y_pred):
    """The fraction of time steps whose predicted label is right (chapters 9 and 10).

    This is what Keras reports as ``accuracy`` for sequence outputs: chapter 9 calls it
    per-character accuracy. It flatters: an answer with one wrong character still scores half.

    Parameters
    ----------
    y_true, y_pred : arrays, shape ``(samples, timesteps, classes)``
        One-hot targets and predicted probabilities (the same number of classes); with
        ``classes == 1`` (a sigmoid output) the label is ``value > 0.5``.

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
    y_true, y_pred : arrays, shape ``(samples, timesteps, classes)``
        As in :func:`per_step_accuracy`.

    Returns
    -------
    float
        In [0, 1].
    """
    return float(_step_hits(y_true, y_pred).all(axis=1).mean())


def _step_hits(y_true, y_pred):
    """Boolean ``(samples, timesteps)``: whether each step's predicted label equals the true one."""
    true, predicted = _step_values(y_true, "y_true"), _step_values(y_pred, "y_pred")
    if true.shape != predicted.shape:
        raise ValueError(f"y_pred must have the same non-empty (samples, steps) and classes as "
                         f"y_true {true.shape}, got {predicted.shape}; both must be "
                         "(samples, timesteps, classes) with one column per class")
    if true.shape[-1] > 1:
        return true.argmax(axis=-1) == predicted.argmax(axis=-1)
    return (true[..., 0] > 0.5) == (predicted[..., 0] > 0.5)


def _step_values(y, name):
    shape = "(samples, timesteps, classes)"
    y = _numbers(name, y, shape)
    if y.ndim != 3:
        raise ValueError(f"{name} must have shape {shape}, got {y.shape}; for one sequence use "
                         f"{name}[None], for one sigmoid output per step {name}[..., None]")
    return y


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
    corners = _check_corners(corners)
    expected = corners[:, 0] + corners[:, 2] - corners[:, 1]
    return np.linalg.norm(corners[:, 3] - expected, axis=-1)


def _check_corners(corners):
    corners = _numbers("corners", corners, "(shapes, 4, 2)")
    if corners.ndim != 3 or corners.shape[1:] != (4, 2):
        raise ValueError(f"corners must have shape (shapes, 4, 2): four (x, y) points per shape, got "
                         f"{corners.shape}; for one shape use corners[None]")
    return corners


# --- repeated evaluation (chapter 12) -------------------------------------------------------------


def repeat(build_and_fit, seeds, name="score"):
    """Run ``build_and_fit(seed)`` once per seed and collect the scores in a DataFrame.

    A neural network is a stochastic model: one fit says little, the distribution of several
    says how good a configuration is. Chapter 12 scores the book's model this way (then the same
    repeats side by side, see :mod:`lstm_book.side_by_side`).

    Parameters
    ----------
    build_and_fit : callable
        ``build_and_fit(seed) -> score``: builds a fresh model, fits it and returns a number, or
        a dict of numbers (one column each, e.g. ``{"train_mse": ..., "val_mse": ...}``).
        Python's ``random``, NumPy's global generator and Keras (through
        ``keras.utils.set_random_seed``) are seeded with ``seed`` just before, so each run repeats.
    seeds : iterable of int
        One run per seed, e.g. ``range(5)``: distinct integers in [0, 2**32).
    name : str
        The column name for a function that returns a plain number.

    Returns
    -------
    pandas.DataFrame
        One row per seed (the index, named ``"seed"``), one column per score.
    """
    import pandas as pd

    seeds = _check_repeat(build_and_fit, seeds, name)
    import keras

    rows = []
    for seed in seeds:
        keras.utils.set_random_seed(seed)  # seeds Python's random, NumPy and the backend
        rows.append(_score_row(build_and_fit(seed), name))
    return pd.DataFrame(rows, index=pd.Index(seeds, name="seed"))


def _check_repeat(build_and_fit, seeds, name):
    if not callable(build_and_fit):
        raise TypeError(f"build_and_fit must be a function of one seed, got {build_and_fit!r:.60}")
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string (a column name), got {name!r}")
    if isinstance(seeds, str | bytes) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be an iterable of integers, e.g. range(5), got {seeds!r:.60}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, e.g. range(5)")
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) \
                or not 0 <= seed < 2**32:
            raise ValueError(f"seeds must hold integers in [0, 2**32), got {seed!r}")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct (one run per seed), got {seeds}")
    return [int(seed) for seed in seeds]


def _score_row(score, name):
    row = score if isinstance(score, dict) else {name: score}
    try:
        return {key: float(value) for key, value in row.items()}
    except (TypeError, ValueError):
        raise ValueError(f"build_and_fit must return a number or a dict of numbers, got "
                         f"{score!r:.80}") from None


# --- forecasts (chapters 13 and 14) ---------------------------------------------------------------


def _series(values):
    values_array = _numbers("values", values, "(timesteps,)")
    if values_array.ndim != 1:
        raise ValueError(f"values must be a 1-D series (timesteps,), got shape "
                         f"{values_array.shape}; for one column of a table use values[:, 0]")
    return values_array


def split_last(values, horizon, min_train=1):
    """Split a series into the part to fit on and its last ``horizon`` values to forecast.

    Used in chapters 13 and 14 (the last 12 months are held out).

    Parameters
    ----------
    values : array-like
        The series, shape ``(timesteps,)`` (a pandas Series keeps its index).
    horizon : int
        How many final values to hold out, >= 1.
    min_train : int
        How many values must stay for fitting (e.g. the window length plus one), >= 1.

    Returns
    -------
    train, test
        ``values[:-horizon]`` and ``values[-horizon:]``, of the type given.
    """
    length = len(_series(values))
    horizon, min_train = _count("horizon", horizon), _count("min_train", min_train)
    if horizon > length - min_train:
        raise ValueError(f"horizon={horizon} is longer than the data allows: the series has "
                         f"{length} values and at least min_train={min_train} must stay for "
                         f"fitting, so horizon can be at most {max(length - min_train, 0)}")
    return values[:-horizon], values[-horizon:]


def persistence(values, horizon):
    """The persistence (naive) forecast of a series' last ``horizon`` values: each is the one before.

    The baseline every forecast in chapters 13 and 14 must beat.

    Parameters
    ----------
    values : array-like
        The whole series, shape ``(timesteps,)``.
    horizon : int
        How many final values to forecast, at most ``timesteps - 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``(horizon,)``: ``values[-horizon - 1 : -1]``.
    """
    array = _series(values)
    split_last(array, horizon, min_train=1)  # the same clear error for too long a horizon
    return array[-horizon - 1:-1]


def rmse(y_true, y_pred):
    """Root mean squared error over the last axis (time steps), in the units of the data.

    Used in chapters 13 and 14.

    Parameters
    ----------
    y_true : array-like
        Shape ``(horizon,)``: the observed values.
    y_pred : array-like
        Shape ``(horizon,)``, or ``(repeats, horizon)`` for one score per repeat.

    Returns
    -------
    float or numpy.ndarray
        A float, or shape ``(repeats,)``.
    """
    y_true = _numbers("y_true", y_true, "(horizon,)")
    y_pred = _numbers("y_pred", y_pred, "(horizon,) or (repeats, horizon)")
    if y_true.ndim != 1:
        raise ValueError(f"y_true must be 1-D (horizon,), got shape {y_true.shape}")
    if y_pred.ndim not in (1, 2) or y_pred.shape[-1:] != y_true.shape:
        raise ValueError(f"y_pred must have shape (horizon,) or (repeats, horizon) with the "
                         f"horizon of y_true {y_true.shape}, got {y_pred.shape}")
    error = np.sqrt(np.mean((y_pred - y_true) ** 2, axis=-1))
    return float(error) if np.ndim(error) == 0 else error


# --- language models: bits per character (chapter 11) --------------------------------------------

_MAX_NGRAM_CODE = 2**62  # n-gram codes n_symbols**n are int64 numbers


def bits_per_character(y_true, y_prob):
    """The mean number of bits a model spends per character: ``-mean(log2 p(true character))``.

    Chapter 11 scores its character-level LSTM with it. A model that gives every one of ``V``
    characters the same probability scores ``log2(V)``; a perfect model, 0.

    Parameters
    ----------
    y_true : int array, shape ``(characters,)`` or ``(sequences, timesteps)``
        The id of each true character, in ``[0, n_symbols)``.
    y_prob : float array, shape ``y_true.shape + (n_symbols,)``
        The predicted probabilities of each next character (softmax outputs; each row sums to 1).

    Returns
    -------
    float
        Bits per character; a probability of 0 for a true character gives ``inf``.
    """
    ids = _symbol_ids("y_true", y_true, None)
    prob = _numbers("y_prob", y_prob, "y_true.shape + (n_symbols,)")
    if prob.shape[:-1] != ids.shape or prob.ndim != ids.ndim + 1:
        raise ValueError(f"y_prob must have shape y_true.shape + (n_symbols,) = {ids.shape} + "
                         f"(n_symbols,), got {prob.shape}; from a model's logits take "
                         "keras.ops.softmax(logits) first")
    if ids.max() >= prob.shape[-1]:
        raise ValueError(f"y_true must hold ids below the {prob.shape[-1]} symbols of y_prob, "
                         f"got the id {ids.max()}")
    if (prob < 0).any() or not np.allclose(prob.sum(axis=-1), 1, atol=1e-3):
        raise ValueError("y_prob must hold probabilities (non-negative, summing to 1 along the "
                         "last axis); from logits take keras.ops.softmax(logits) first")
    with np.errstate(divide="ignore"):
        return float(-np.log2(np.take_along_axis(prob, ids[..., None], axis=-1)).mean())


def ngram_bits_per_character(train, text, n, k, n_symbols):
    """Bits per character of ``text`` under an add-k character n-gram model counted on ``train``.

    The model of chapter 11's baseline: ``p(c | context) = (count(context, c) + k) /
    (count(context) + k * n_symbols)``, where ``context`` is the ``n - 1`` characters before ``c``
    and the counts come from ``train``. Every character of ``text`` is scored; the first ``n - 1``
    have fewer characters before them and are scored with the longest context they have.

    Parameters
    ----------
    train : int array, shape ``(characters,)``
        Symbol ids in ``[0, n_symbols)``: the text the counts come from.
    text : int array, shape ``(characters,)``
        Symbol ids of the text to score (validation or test).
    n : int
        The order: 1 counts single characters, 5 looks at the 4 characters before.
    k : float or 1-D array of floats > 0
        The pseudo-count added to every count; several values are scored in one pass.
    n_symbols : int
        The size of the alphabet (>= 2).

    Returns
    -------
    float, or float array of shape ``(len(k),)`` when ``k`` is an array
        Mean bits per character: ``-mean(log2 p(c | context))`` over ``text``.
    """
    n_symbols = _count("n_symbols", n_symbols, low=2, high=2**16)
    n = _count("n", n, high=max(1, int(np.log(_MAX_NGRAM_CODE) / np.log(n_symbols))))
    train, text = _symbol_ids("train", train, n_symbols), _symbol_ids("text", text, n_symbols)
    if train.ndim != 1 or text.ndim != 1:
        raise ValueError(f"train and text must be 1-D arrays of symbol ids (characters,), got "
                         f"shapes {train.shape} and {text.shape}; join sequences with .ravel()")
    if len(train) < n:
        raise ValueError(f"train must hold at least n = {n} characters, got {len(train)}")
    k_array = _pseudo_counts(k)
    bits = np.zeros(k_array.shape)
    for order in range(1, min(n, len(text)) + 1):
        # below n: only the one character that has exactly order - 1 characters before it
        grams = _ngram_codes(text if order == n else text[:order], order, n_symbols)
        seen = _ngram_codes(train, order, n_symbols)
        pairs = _lookup(seen, grams)[:, None]
        contexts = _lookup(seen // n_symbols, grams // n_symbols)[:, None]
        bits -= np.log2((pairs + k_array) / (contexts + k_array * n_symbols)).sum(axis=0)
    bits /= len(text)
    return float(bits[0]) if np.ndim(k) == 0 else bits


def _symbol_ids(name, value, n_symbols):
    """``value`` as a non-empty int64 array of ids in ``[0, n_symbols)`` (any size if None)."""
    array = _numbers(name, value, "(characters,)")
    if not np.array_equal(array, np.round(array)) or array.min() < 0:
        raise ValueError(f"{name} must hold symbol ids (integers >= 0), got e.g. "
                         f"{array.ravel()[:3].tolist()}; map characters to ids first")
    if n_symbols is not None and array.max() >= n_symbols:
        raise ValueError(f"{name} holds the id {int(array.max())}, but n_symbols is {n_symbols}; "
                         "n_symbols must be the size of the whole alphabet")
    return array.astype(np.int64)


def _pseudo_counts(k):
    """``k`` as a 1-D float array of finite numbers > 0."""
    if isinstance(k, bool | str) or (np.ndim(k) == 0 and not isinstance(k, numbers.Real)):
        raise TypeError(f"k must be a number > 0 or a 1-D array of them, got {k!r:.60}")
    k_array = _numbers("k", np.atleast_1d(k), "(values,)")
    if k_array.ndim != 1 or (k_array <= 0).any():
        raise ValueError(f"k must be a number > 0 or a 1-D array of them, got {k!r:.60}")
    return k_array


def _ngram_codes(ids, order, n_symbols):
    """One int64 number per n-gram of ``order`` characters (the last character in the lowest digit)."""
    codes = np.zeros(len(ids) - order + 1, dtype=np.int64)
    for offset in range(order):
        codes = codes * n_symbols + ids[offset:len(ids) - order + 1 + offset]
    return codes


def _lookup(seen, queries):
    """How often each of ``queries`` occurs in ``seen`` (0 when it never does)."""
    values, counts = np.unique(seen, return_counts=True)
    where = np.minimum(np.searchsorted(values, queries), len(values) - 1)
    return np.where(values[where] == queries, counts[where], 0)
