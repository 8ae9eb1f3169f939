"""The book's synthetic sequence problems: vectorized generators and their decoders.

Every generator takes ``n`` (how many examples) and ``rng`` (a ``numpy.random.Generator``, an
int seed, or ``None``), and returns ``(X, y)`` NumPy arrays whose shapes its docstring states.
"""

import numpy as np

# The one-hot helpers live in prepare (chapter 3); chapters 6-9 call them as problems.* too.
from lstm_book.prepare import one_hot, one_hot_decode  # noqa: F401 -- one_hot_decode re-exported


def as_rng(rng):
    """A ``numpy.random.Generator`` from a Generator, an int seed or ``None`` (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.default_rng(rng)
    raise ValueError(f"rng must be a numpy Generator, an int seed or None, got {type(rng).__name__}")


def check_positive(name, value):
    """Raise a ValueError naming ``name`` unless ``value`` is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


# --- chapters 6-8: echo, damped sine, moving line ------------------------------------------------


def _check_index(name, value, length):
    """Raise a ValueError naming ``name`` unless ``value`` is an integer in ``[0, length)``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 0 <= value < length:
        raise ValueError(f"{name} must be an integer in [0, length) = [0, {length}), got {value!r}; "
                         f"pick a time step inside the sequence, e.g. {name}={length - 1} for the last")
    return int(value)


def echo(n, length=5, n_features=10, out_index=2, rng=None):
    """Echo sequences (chapter 6): random integers, one-hot; the target is the one at ``out_index``.

    The model sees the whole sequence and must output the value it saw at time step ``out_index``,
    a position it is never told. The book uses length 5, 10 features, out_index 2.

    Parameters
    ----------
    n : int
        Number of sequences (>= 1).
    length : int
        Time steps per sequence (>= 1).
    n_features : int
        The integers are drawn from ``[0, n_features)``; it is also the one-hot width (>= 1).
    out_index : int
        The time step to echo, ``0 <= out_index < length``.
    rng : numpy Generator, int seed or None

    Returns
    -------
    X : float32 array, shape ``(n, length, n_features)``
        One-hot sequences; ``one_hot_decode(X)`` gives the integers, shape ``(n, length)``.
    y : float32 array, shape ``(n, n_features)``
        One-hot targets, equal to ``X[:, out_index]``.
    """
    n, length = check_positive("n", n), check_positive("length", length)
    n_features = check_positive("n_features", n_features)
    out_index = _check_index("out_index", out_index, length)
    X = one_hot(as_rng(rng).integers(0, n_features, size=(n, length)), n_features)
    return X, X[:, out_index].copy()


def damped_sine_wave(steps, period, decay):
    """Points ``0.5 + 0.5 * sin(2 pi t / period) * exp(-decay * t)`` for ``t = 0 .. steps-1`` (chapter 7).

    Parameters
    ----------
    steps : int
        Number of points (>= 1).
    period : float or array of shape ``(n,)``
        Steps per cycle (> 0).
    decay : float or array of shape ``(n,)``
        Damping rate per step (>= 0).

    Returns
    -------
    float64 array, shape ``(steps,)`` for scalar period and decay, else ``(n, steps)``
        Every value lies in [0, 1].
    """
    steps = check_positive("steps", steps)
    period, decay = np.asarray(period, dtype=float), np.asarray(decay, dtype=float)
    if np.any(period <= 0):
        raise ValueError(f"period must be > 0 (steps per cycle), got minimum {period.min()}")
    if np.any(decay < 0):
        raise ValueError(f"decay must be >= 0 (a growing wave leaves [0, 1]), got minimum {decay.min()}")
    t = np.arange(steps)
    return 0.5 + 0.5 * np.sin(2 * np.pi * t / period[..., None]) * np.exp(-decay[..., None] * t)


def damped_sine(n, length=50, output=5, rng=None):
    """Damped sine waves to forecast (chapter 7): ``length`` points in, the next ``output`` points out.

    Each wave draws an integer period from [10, 20] and a decay from [0.01, 0.1] (uniform), as in
    the book; see :func:`damped_sine_wave` for the formula.

    Parameters
    ----------
    n : int
        Number of waves (>= 1).
    length : int
        Input time steps (>= 1); the book uses 50.
    output : int
        Points to forecast (>= 1); the book uses 5.
    rng : numpy Generator, int seed or None

    Returns
    -------
    X : float32 array, shape ``(n, length, 1)``
        The first ``length`` points of each wave.
    y : float32 array, shape ``(n, output)``
        The ``output`` points that follow.
    """
    n, length = check_positive("n", n), check_positive("length", length)
    output = check_positive("output", output)
    rng = as_rng(rng)
    periods = rng.integers(10, 21, size=n)
    decays = rng.uniform(0.01, 0.1, size=n)
    waves = damped_sine_wave(length + output, periods, decays).astype(np.float32)
    return waves[:, :length, None], waves[:, length:]


def moving_line_paths(n, size=50, rng=None):
    """Random paths of the moving line (chapter 8): the row drawn at each frame, and the direction.

    The line starts in a random row of the left edge (moving right) or the right edge (moving
    left), with probability 0.5 each. At each later frame its row moves to one of the rows next to
    or equal to the last one (-1, 0 or +1), chosen uniformly among those inside the frame.

    Parameters
    ----------
    n : int
        Number of videos (>= 1).
    size : int
        Frame height, frame width and number of frames (>= 2); the book uses 50.
    rng : numpy Generator, int seed or None

    Returns
    -------
    rows : int16 array, shape ``(n, size)``
        ``rows[i, t]`` is the row drawn at frame ``t``.
    right : uint8 array, shape ``(n,)``
        1 if the line moves right (frame ``t`` draws column ``t``), 0 if left (column ``size-1-t``).
    """
    n = check_positive("n", n)
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 2:
        raise ValueError(f"size must be an integer >= 2 (a line needs two columns to move), got {size!r}")
    rng = as_rng(rng)
    right = (rng.random(n) < 0.5).astype(np.uint8)
    rows = np.empty((n, size), dtype=np.int16)
    rows[:, 0] = rng.integers(0, size, size=n)
    for t in range(1, size):  # a random walk: each step depends on the last one
        lowest = np.maximum(rows[:, t - 1] - 1, 0)
        highest = np.minimum(rows[:, t - 1] + 1, size - 1)
        rows[:, t] = rng.integers(lowest, highest + 1)
    return rows, right


def render_moving_line(rows, right, dtype=np.uint8):
    """Videos of moving lines from their paths (chapter 8), without a loop over frames.

    Frame ``t`` shows every pixel drawn up to and including frame ``t``.

    Parameters
    ----------
    rows : int array, shape ``(n, size)``
        From :func:`moving_line_paths`.
    right : array of 0/1, shape ``(n,)``
        The direction, from :func:`moving_line_paths`.
    dtype : numpy dtype
        ``uint8`` (default) stores a 50-frame 50x50 video in 125 KB, a quarter of float32.

    Returns
    -------
    array, shape ``(n, size, size, size, 1)``: (videos, frames, rows, columns, channels)
    """
    rows, right = np.asarray(rows), np.asarray(right)
    if rows.ndim != 2 or right.shape != rows.shape[:1]:
        raise ValueError(f"expected rows of shape (n, size) and right of shape (n,), got {rows.shape} "
                         f"and {right.shape}; use the output of moving_line_paths")
    n, size = rows.shape
    if rows.size and (rows.min() < 0 or rows.max() >= size):
        raise ValueError(f"rows must lie in [0, size) = [0, {size}), got {rows.min()} to {rows.max()}")
    steps = np.arange(size)
    # The column drawn at frame t is t (right) or size-1-t (left); both maps are their own inverse,
    # so the same array also gives the frame at which each column is drawn.
    columns = np.where(right[:, None] == 1, steps, size - 1 - steps)
    last_frame = np.zeros((n, size, size), dtype=dtype)
    last_frame[np.arange(n)[:, None], rows, columns] = 1
    drawn_by = columns[:, None, None, :] <= steps[None, :, None, None]  # (n, frame, 1, column)
    return (last_frame[:, None] * drawn_by)[..., None].astype(dtype, copy=False)


def moving_line(n, size=50, rng=None, dtype=np.uint8):
    """Moving-line videos and their direction labels (chapter 8).

    Parameters
    ----------
    n : int
        Number of videos (>= 1).
    size : int
        Frame height, frame width and number of frames (>= 2); the book uses 50.
    rng : numpy Generator, int seed or None
    dtype : numpy dtype
        Pixel type; ``uint8`` keeps the book's 5,000 videos at 625 MB instead of 2.5 GB of float32.

    Returns
    -------
    X : array of 0/1, shape ``(n, size, size, size, 1)``: (videos, frames, rows, columns, channels)
    y : uint8 array, shape ``(n,)``
        1 = the line moves right, 0 = left.
    """
    rows, right = moving_line_paths(n, size, rng)
    return render_moving_line(rows, right, dtype), right


# --- chapters 9-11: addition, cumulative sum, rectangles -----------------------------------------


ADDITION_ALPHABET = "0123456789+ "
"""The 12 symbols of the addition problem (chapter 9): index 0-9 the digits, 10 '+', 11 the padding
space. A symbol's index is its position in this string and in every one-hot vector."""

_SYMBOL_INDEX = np.full(256, -1, dtype=np.int16)  # byte value -> index in ADDITION_ALPHABET
_SYMBOL_INDEX[np.frombuffer(ADDITION_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(12)
_DIGITS = frozenset("0123456789")


def addition_lengths(n_terms=3, largest=10):
    """Characters in a padded question and answer of the addition problem (chapter 9).

    A question is ``n_terms`` numbers of at most ``digits(largest)`` digits joined by ``n_terms - 1``
    plus signs; an answer has as many digits as the largest sum, ``n_terms * largest``.

    Parameters
    ----------
    n_terms : int
        Numbers added in each question (>= 1).
    largest : int
        The largest number a term can be (>= 1).

    Returns
    -------
    (int, int)
        Question and answer lengths; ``(8, 2)`` for the book's 3 terms up to 10 (``'10+10+10'``, ``'30'``).
    """
    n_terms, largest = check_positive("n_terms", n_terms), check_positive("largest", largest)
    return n_terms * len(str(largest)) + n_terms - 1, len(str(n_terms * largest))


def addition(n, n_terms=3, largest=10, rng=None):
    """Addition questions and their sums as one-hot character sequences (chapter 9).

    Each question adds ``n_terms`` random integers drawn from ``[1, largest]``, written like
    ``'10+2+7'``; its answer is the sum, ``'19'``. Both are left-padded with spaces to fixed lengths
    (:func:`addition_lengths`) and one-hot encoded over :data:`ADDITION_ALPHABET`. The book uses
    3 terms up to 10: questions of 8 characters, answers of 2.

    Parameters
    ----------
    n : int
        Number of questions (>= 1).
    n_terms : int
        Numbers added in each question (>= 1).
    largest : int
        The largest value of a term (>= 1).
    rng : numpy Generator, int seed or None

    Returns
    -------
    X : float32 array, shape ``(n, question_length, 12)``
        One-hot questions; :func:`decode_addition` turns them back into text.
    y : float32 array, shape ``(n, answer_length, 12)``
        One-hot answers.
    """
    n = check_positive("n", n)
    question_length, answer_length = addition_lengths(n_terms, largest)
    terms = as_rng(rng).integers(1, largest + 1, size=(n, n_terms))
    questions = terms[:, 0].astype(str)
    for column in terms[:, 1:].T:
        questions = np.char.add(np.char.add(questions, "+"), column.astype(str))
    answers = terms.sum(axis=1).astype(str)
    return _one_hot_text(questions, question_length), _one_hot_text(answers, answer_length)


def encode_addition(questions, n_terms=3, largest=10):
    """One-hot encode questions written by hand, such as ``"10+2+7"``, for the chapter 9 model.

    Parameters
    ----------
    questions : str or sequence of str
        Each exactly ``n_terms`` whole numbers from 1 to ``largest`` joined by ``'+'``, no spaces.
    n_terms, largest : int
        The configuration the model was trained on (book: 3 and 10).

    Returns
    -------
    float32 array, shape ``(len(questions), question_length, 12)``
        Left-padded like the questions of :func:`addition`; a single string gives one row.

    Raises
    ------
    ValueError
        Naming the first malformed question and saying what a question must look like.
    """
    question_length, _ = addition_lengths(n_terms, largest)
    if isinstance(questions, str):
        questions = [questions]
    if not isinstance(questions, list | tuple | np.ndarray) or len(questions) == 0:
        raise ValueError(f"questions must be a string like '10+2+7' or a non-empty list of them, "
                         f"got {questions!r}")
    for question in questions:
        _check_question(question, n_terms, largest)
    return _one_hot_text(np.asarray(questions, dtype=str), question_length)


def decode_addition(y_or_probs):
    """Text from one-hot questions or answers, or from a model's predicted probabilities (chapter 9).

    Each time step becomes its most likely symbol of :data:`ADDITION_ALPHABET`; the left padding is
    removed, so ``decode_addition(encode_addition("10+2+7")) == ["10+2+7"]``.

    Parameters
    ----------
    y_or_probs : array, shape ``(n, length, 12)`` or ``(length, 12)``

    Returns
    -------
    list of str
        One string per sequence, e.g. ``['19', '7']``; a 2-D input gives a list of one.
    """
    encoded = np.asarray(y_or_probs)
    if encoded.ndim == 2:
        encoded = encoded[None]
    if encoded.ndim != 3 or encoded.shape[-1] != len(ADDITION_ALPHABET):
        raise ValueError(f"y_or_probs must have shape (n, length, {len(ADDITION_ALPHABET)}): one-hot "
                         f"symbols of ADDITION_ALPHABET per time step, got shape {encoded.shape}")
    symbols = np.array(list(ADDITION_ALPHABET))[encoded.argmax(axis=-1)]  # (n, length) of '<U1'
    texts = np.ascontiguousarray(symbols).view(f"<U{encoded.shape[1]}")[:, 0]
    return np.char.lstrip(texts, " ").tolist()


def _one_hot_text(texts, length):
    """Left-pad a 1-D array of ASCII strings to ``length`` and one-hot them: ``(n, length, 12)``."""
    padded = np.char.rjust(texts, length).astype(f"S{length}")
    codes = np.frombuffer(padded.tobytes(), dtype=np.uint8).reshape(len(texts), length)
    return one_hot(_SYMBOL_INDEX[codes], len(ADDITION_ALPHABET))


def _check_question(question, n_terms, largest):
    """Raise a ValueError unless ``question`` is ``n_terms`` numbers in ``[1, largest]`` joined by '+'."""
    example = "+".join(str(min(k + 1, largest)) for k in range(n_terms))
    expected = (f"expected {n_terms} whole number(s) from 1 to largest={largest} joined by '+' with "
                f"no spaces, like {example!r}")
    parts = question.split("+") if isinstance(question, str) else [""]
    if not all(part and set(part) <= _DIGITS and part[0] != "0" for part in parts):
        raise ValueError(f"question {question!r} is malformed: {expected}")
    terms = [int(part) for part in parts]
    if len(terms) != n_terms:
        raise ValueError(f"question {question!r} has {len(terms)} term(s): {expected}; or pass "
                         f"n_terms={len(terms)} if the model was trained on that")
    if max(terms) > largest:
        raise ValueError(f"question {question!r} has a term outside [1, {largest}]: {expected}")


def cumulative_sum(n, n_timesteps=10, rng=None, limit=None):
    """Random sequences labelled by whether their running sum has passed a limit (chapter 10).

    Each step is a value drawn uniformly from ``[0, 1)``; its label is 0 while the sum of the values
    up to and including that step is at most ``limit``, and 1 from the step where it exceeds it. The
    book uses 10 steps and the limit ``n_timesteps / 4`` = 2.5.

    Parameters
    ----------
    n : int
        Number of sequences (>= 1).
    n_timesteps : int
        Steps per sequence (>= 1).
    rng : numpy Generator, int seed or None
    limit : float, optional
        The threshold for the running sum; ``None`` means ``n_timesteps / 4``.

    Returns
    -------
    X : float32 array, shape ``(n, n_timesteps, 1)``
    y : float32 array of 0/1, shape ``(n, n_timesteps, 1)``
        Labels computed from the float32 values in ``X``, so they agree exactly with the data.
    """
    n, n_timesteps = check_positive("n", n), check_positive("n_timesteps", n_timesteps)
    limit = n_timesteps / 4 if limit is None else limit
    if isinstance(limit, bool) or not isinstance(limit, int | float | np.integer | np.floating):
        raise ValueError(f"limit must be a number (or None for n_timesteps / 4), got {limit!r}")
    values = as_rng(rng).random((n, n_timesteps), dtype=np.float32)
    running_sum = np.cumsum(values, axis=1, dtype=np.float64)
    return values[..., None], (running_sum > limit).astype(np.float32)[..., None]


def rectangle_corners(n, rng=None):
    """The corners of random rectangles in the order the chapter 11 model draws them.

    Width and height are drawn uniformly from ``[0, 1)``; the corners are ``(0, 0)``, ``(w, 0)``,
    ``(w, h)``, ``(0, h)``.

    Parameters
    ----------
    n : int
        Number of rectangles (>= 1).
    rng : numpy Generator, int seed or None

    Returns
    -------
    float32 array, shape ``(n, 4, 2)``
        ``corners[i, k]`` is the (x, y) point of corner ``k`` of rectangle ``i``.
    """
    sides = as_rng(rng).random((check_positive("n", n), 2), dtype=np.float32)
    corners = np.zeros((len(sides), 4, 2), dtype=np.float32)
    corners[:, 1, 0] = sides[:, 0]
    corners[:, 2] = sides
    corners[:, 3, 1] = sides[:, 1]
    return corners


def rectangles(n, rng=None):
    """Random rectangles framed as corner -> next corner pairs for the generative LSTM (chapter 11).

    Each rectangle gives three samples: ``(0,0) -> (w,0)``, ``(w,0) -> (w,h)``, ``(w,h) -> (0,h)``,
    each input one time step of one (x, y) point.

    Parameters
    ----------
    n : int
        Number of rectangles (>= 1).
    rng : numpy Generator, int seed or None

    Returns
    -------
    X : float32 array, shape ``(3 * n, 1, 2)``
        Rows ``3i, 3i+1, 3i+2`` are the first three corners of rectangle ``i``.
    y : float32 array, shape ``(3 * n, 2)``
        The corner that follows each input corner.
    """
    corners = rectangle_corners(n, rng)
    return corners[:, :3].reshape(-1, 1, 2), corners[:, 1:].reshape(-1, 2)
