"""The book's synthetic sequence problems: vectorized generators and their decoders (chapters 6-11).

Copy this file; it needs only NumPy. Every generator takes ``n`` (how many examples) and ``rng``
and returns ``(X, y)`` NumPy arrays whose shapes its docstring states. ``rng`` is a
``numpy.random.Generator``, a non-negative int seed, or ``None``; with ``None`` the generator
draws from NumPy's global generator (as scikit-learn's ``check_random_state(None)`` does), so
``lstm_book.set_seed`` (or ``np.random.seed``) makes calls without ``rng`` repeat.

Every argument is checked before any work: a bad one raises a ValueError or TypeError that names
it, says what was expected and how to fix it.
"""

import numpy as np

_MOST = 10**9               # the largest count taken; larger ones are typing slips
_MOST_BYTES = 4 * 2**30     # the largest array a generator makes: 4 GiB


def _check_count(name, value, minimum=1, most=_MOST):
    """``value`` as an int; TypeError unless an integer (bools refused), ValueError unless in range."""
    kind = "positive" if minimum == 1 else "non-negative"
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a {kind} integer, got {value!r}; pass a whole number such "
                        f"as {name}={max(minimum, 2)}")
    if value < minimum:
        raise ValueError(f"{name} must be a {kind} integer, got {value!r}")
    if value > most:
        raise ValueError(f"{name} must be a {kind} integer of at most {most:,}, got {value!r}")
    return int(value)


def _check_real(name, value):
    """``value`` as a float; TypeError unless a real number (bools refused), ValueError unless finite."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a finite number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _check_size(itemsize, **sizes):
    """Refuse a result of ``prod(sizes) * itemsize`` bytes above 4 GiB, naming the sizes."""
    total = itemsize * int(np.prod([int(size) for size in sizes.values()], dtype=object))
    if total > _MOST_BYTES:
        given = ", ".join(f"{name}={size!r}" for name, size in sizes.items())
        raise ValueError(f"{given} would need {total / 2**30:,.1f} GiB, but a generated array must "
                         f"fit in {_MOST_BYTES / 2**30:.0f} GiB; generate fewer or smaller "
                         "samples, or generate them in batches")


def _rng(rng):
    """A ``numpy.random.Generator`` from a Generator, a non-negative int seed, or None (global)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        # Seed a Generator from NumPy's global state, so set_seed / np.random.seed govern it.
        return np.random.default_rng(np.random.randint(0, 2**63 - 1, dtype=np.int64))  # noqa: NPY002
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise TypeError(f"rng must be a numpy Generator, a non-negative integer seed or None, got "
                        f"{rng!r}; e.g. rng=np.random.default_rng(1) or rng=1")
    if rng < 0:
        raise ValueError(f"rng must be a numpy Generator, a non-negative integer seed or None, got "
                         f"{rng!r}")
    return np.random.default_rng(int(rng))


def _one_hot(labels, n_classes):
    """float32 one-hot vectors of integer ``labels`` in [0, n_classes): ``labels.shape + (n_classes,)``."""
    encoded = np.zeros(labels.shape + (n_classes,), dtype=np.float32)
    np.put_along_axis(encoded, labels[..., None], 1.0, axis=-1)
    return encoded


# --- chapters 6-8: echo, damped sine, moving line and dot -----------------------------------------


def echo(n, timesteps=5, n_features=10, out_index=2, rng=None):
    """Echo sequences (chapter 6): random integers, one-hot; the target is the one at ``out_index``.

    The model sees the whole sequence and must output the value it saw at time step ``out_index``,
    a position it is never told. The book uses 5 time steps, 10 features, out_index 2.

    Parameters
    ----------
    n : int
        Number of sequences (>= 1).
    timesteps : int
        Time steps per sequence (>= 1).
    n_features : int
        The integers are drawn from ``[0, n_features)``; it is also the one-hot width (>= 1).
    out_index : int
        The time step to echo, ``0 <= out_index < timesteps``.
    rng : numpy Generator, int seed or None
        None draws from NumPy's global generator (``set_seed`` governs it).

    Returns
    -------
    X : float32 array, shape ``(n, timesteps, n_features)``
        One-hot sequences; ``prepare.one_hot_decode(X)`` gives the integers, shape ``(n, timesteps)``.
    y : float32 array, shape ``(n, n_features)``
        One-hot targets, equal to ``X[:, out_index]``.
    """
    n, timesteps = _check_count("n", n), _check_count("timesteps", timesteps)
    n_features = _check_count("n_features", n_features)
    out_index = _check_count("out_index", out_index, minimum=0)
    if out_index >= timesteps:
        raise ValueError(f"out_index must be a time step in [0, timesteps) = [0, {timesteps}), got "
                         f"{out_index}; e.g. out_index={timesteps - 1} for the last")
    _check_size(4, n=n, timesteps=timesteps, n_features=n_features)
    rng = _rng(rng)
    X = _one_hot(rng.integers(0, n_features, size=(n, timesteps)), n_features)
    return X, X[:, out_index].copy()


def _check_wave_parameter(name, value, minimum, strict):
    """A float or a 1-D float array of finite numbers above ``minimum`` (or at least it)."""
    if isinstance(value, bool | str | bytes) or value is None:
        raise TypeError(f"{name} must be a finite number or a 1-D array of them, got {value!r}")
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a finite number or a 1-D array of them, got {value!r} "
                        f"(dtype {array.dtype}); convert it with np.asarray({name}, dtype=float)")
    if array.ndim > 1 or array.size == 0:
        raise ValueError(f"{name} must be a finite number or a non-empty 1-D array (one per wave), "
                         f"got shape {array.shape}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if np.any(array <= minimum) if strict else np.any(array < minimum):
        relation = ">" if strict else ">="
        raise ValueError(f"{name} must be {relation} {minimum}, got minimum {array.min()}")
    return array


def damped_sine_wave(timesteps, period, decay):
    """Points ``0.5 + 0.5 * sin(2 pi t / period) * exp(-decay * t)`` for ``t = 0 .. timesteps-1`` (chapter 7).

    Parameters
    ----------
    timesteps : int
        Number of points (>= 1).
    period : float or array of shape ``(n,)``
        Steps per cycle (> 0).
    decay : float or array of shape ``(n,)``
        Damping rate per step (>= 0; a growing wave would leave [0, 1]).

    Returns
    -------
    float64 array, shape ``(timesteps,)`` for scalar period and decay, else ``(n, timesteps)``
        Every value lies in [0, 1].
    """
    timesteps = _check_count("timesteps", timesteps)
    period = _check_wave_parameter("period", period, 0.0, strict=True)
    decay = _check_wave_parameter("decay", decay, 0.0, strict=False)
    if period.ndim == decay.ndim == 1 and len(period) != len(decay):
        raise ValueError(f"period and decay must have the same length (one per wave), got "
                         f"{len(period)} and {len(decay)}")
    _check_size(8, waves=max(period.size, decay.size), timesteps=timesteps)
    t = np.arange(timesteps)
    return 0.5 + 0.5 * np.sin(2 * np.pi * t / period[..., None]) * np.exp(-decay[..., None] * t)


def damped_sine(n, timesteps=50, horizon=5, rng=None):
    """Damped sine waves to forecast (chapter 7): ``timesteps`` points in, the next ``horizon`` out.

    Each wave draws an integer period from [10, 20] and a decay from [0.01, 0.1] (uniform), as in
    the book; see :func:`damped_sine_wave` for the formula.

    Parameters
    ----------
    n : int
        Number of waves (>= 1).
    timesteps : int
        Input time steps (>= 1); the book uses 50.
    horizon : int
        Points to forecast (>= 1); the book uses 5.
    rng : numpy Generator, int seed or None
        None draws from NumPy's global generator (``set_seed`` governs it).

    Returns
    -------
    X : float32 array, shape ``(n, timesteps, 1)``
        The first ``timesteps`` points of each wave.
    y : float32 array, shape ``(n, horizon)``
        The ``horizon`` points that follow.
    """
    n, timesteps = _check_count("n", n), _check_count("timesteps", timesteps)
    horizon = _check_count("horizon", horizon)
    _check_size(8, n=n, timesteps=timesteps)
    _check_size(8, n=n, horizon=horizon)
    rng = _rng(rng)
    periods = rng.integers(10, 21, size=n)
    decays = rng.uniform(0.01, 0.1, size=n)
    waves = damped_sine_wave(timesteps + horizon, periods, decays).astype(np.float32)
    return waves[:, :timesteps, None], waves[:, timesteps:]


def _check_frames(timesteps):
    timesteps = _check_count("timesteps", timesteps)
    if timesteps < 2:
        raise ValueError(f"timesteps must be an integer >= 2 (a line needs two columns to move), "
                         f"got {timesteps!r}")
    return timesteps


def moving_line_paths(n, timesteps=50, rng=None):
    """Random paths of the moving line (chapter 8): the row drawn at each frame, and the direction.

    The line starts in a random row of the left edge (moving right) or the right edge (moving
    left), with probability 0.5 each. At each later frame its row moves to one of the rows next to
    or equal to the last one (-1, 0 or +1), chosen uniformly among those inside the frame.

    Parameters
    ----------
    n : int
        Number of videos (>= 1).
    timesteps : int
        Frames per video (>= 2), which are also the frame's height and width; the book uses 50.
    rng : numpy Generator, int seed or None
        None draws from NumPy's global generator (``set_seed`` governs it).

    Returns
    -------
    rows : int16 array, shape ``(n, timesteps)``
        ``rows[i, t]`` is the row drawn at frame ``t``.
    right : uint8 array, shape ``(n,)``
        1 if the line moves right (frame ``t`` draws column ``t``), 0 if left (column
        ``timesteps-1-t``).
    """
    n, timesteps = _check_count("n", n), _check_frames(timesteps)
    if timesteps > np.iinfo(np.int16).max:
        raise ValueError(f"timesteps must be at most {np.iinfo(np.int16).max} (rows are int16), "
                         f"got {timesteps}")
    _check_size(2, n=n, timesteps=timesteps)
    rng = _rng(rng)
    right = (rng.random(n) < 0.5).astype(np.uint8)
    rows = np.empty((n, timesteps), dtype=np.int16)
    rows[:, 0] = rng.integers(0, timesteps, size=n)
    for t in range(1, timesteps):  # a random walk: each step depends on the last one
        lowest = np.maximum(rows[:, t - 1] - 1, 0)
        highest = np.minimum(rows[:, t - 1] + 1, timesteps - 1)
        rows[:, t] = rng.integers(lowest, highest + 1)
    return rows, right


def _check_pixel_dtype(dtype):
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a NumPy number type such as np.uint8 or 'float32', got "
                        f"{dtype!r}") from None
    if dtype.kind not in "uif":
        raise TypeError(f"dtype must be a NumPy number type such as np.uint8 or 'float32', got "
                        f"{dtype!r}")
    return dtype


def render_moving_line(rows, right, dtype=np.uint8):
    """Videos of moving lines from their paths (chapter 8), without a loop over frames.

    Frame ``t`` shows every pixel drawn up to and including frame ``t``.

    Parameters
    ----------
    rows : int array, shape ``(n, timesteps)``
        From :func:`moving_line_paths`; every row in ``[0, timesteps)``.
    right : array of 0/1, shape ``(n,)``
        The direction, from :func:`moving_line_paths`.
    dtype : numpy dtype
        ``uint8`` (default) stores a 50-frame 50x50 video in 125 KB, a quarter of float32.

    Returns
    -------
    array, shape ``(n, timesteps, timesteps, timesteps, 1)``: (videos, frames, rows, columns, channels)
    """
    rows, right, dtype = np.asarray(rows), np.asarray(right), _check_pixel_dtype(dtype)
    if rows.ndim != 2 or not np.issubdtype(rows.dtype, np.integer) or rows.size == 0:
        raise ValueError(f"rows must be a non-empty 2-D integer array (n, timesteps), got shape "
                         f"{rows.shape} and dtype {rows.dtype}; use the rows of moving_line_paths")
    if right.shape != rows.shape[:1] or not (np.issubdtype(right.dtype, np.integer)
                                             or right.dtype == bool):
        raise ValueError(f"right must be a 1-D array of 0/1 of shape (n,) = ({len(rows)},), got "
                         f"shape {right.shape} and dtype {right.dtype}; use the output of "
                         "moving_line_paths")
    if not np.isin(right, (0, 1)).all():
        raise ValueError(f"right must hold only 0 (left) and 1 (right), got values "
                         f"{np.unique(right)[:5].tolist()}; use the output of moving_line_paths")
    n, timesteps = rows.shape
    _check_frames(timesteps)
    if rows.min() < 0 or rows.max() >= timesteps:
        raise ValueError(f"rows must lie in [0, timesteps) = [0, {timesteps}), got {rows.min()} to "
                         f"{rows.max()}")
    _check_size(dtype.itemsize, n=n, timesteps=timesteps, rows=timesteps, columns=timesteps)
    steps = np.arange(timesteps)
    # The column drawn at frame t is t (right) or timesteps-1-t (left); both maps are their own
    # inverse, so the same array also gives the frame at which each column is drawn.
    columns = np.where(right[:, None] == 1, steps, timesteps - 1 - steps)
    last_frame = np.zeros((n, timesteps, timesteps), dtype=dtype)
    last_frame[np.arange(n)[:, None], rows, columns] = 1
    drawn_by = columns[:, None, None, :] <= steps[None, :, None, None]  # (n, frame, 1, column)
    return (last_frame[:, None] * drawn_by)[..., None].astype(dtype, copy=False)


def moving_line(n, timesteps=50, rng=None, dtype=np.uint8):
    """Moving-line videos and their direction labels (chapter 8).

    Parameters
    ----------
    n : int
        Number of videos (>= 1).
    timesteps : int
        Frames per video (>= 2), which are also the frame's height and width; the book uses 50.
    rng : numpy Generator, int seed or None
        None draws from NumPy's global generator (``set_seed`` governs it).
    dtype : numpy dtype
        Pixel type; ``uint8`` keeps the book's 5,000 videos at 625 MB instead of 2.5 GB of float32.

    Returns
    -------
    X : array of 0/1, shape ``(n, timesteps, timesteps, timesteps, 1)``: (videos, frames, rows,
        columns, channels)
    y : uint8 array, shape ``(n,)``
        1 = the line moves right, 0 = left.
    """
    n, timesteps, dtype = _check_count("n", n), _check_frames(timesteps), _check_pixel_dtype(dtype)
    _check_size(dtype.itemsize, n=n, timesteps=timesteps, rows=timesteps, columns=timesteps)
    rows, right = moving_line_paths(n, timesteps, rng)
    return render_moving_line(rows, right, dtype), right


def moving_dot(n, timesteps=50, rng=None, dtype=np.uint8):
    """Videos of a moving dot, whose direction only the order of the frames tells (chapter 8).

    The harder twin of :func:`moving_line`: the same random walk of rows and the same direction,
    but the dot starts in a random column, moves one column per frame (leaving the frame on one
    side, it comes back on the other) and leaves no trail. Every frame alone is one pixel in a
    column drawn uniformly at random whatever the direction, so no single frame, the first
    included, tells the direction: a model must compare frames in order.

    Parameters
    ----------
    n : int
        Number of videos (>= 1).
    timesteps : int
        Frames per video (>= 2), which are also the frame's height and width.
    rng : numpy Generator, int seed or None
        None draws from NumPy's global generator (``set_seed`` governs it).
    dtype : numpy dtype
        Pixel type (``uint8`` by default).

    Returns
    -------
    X : array of 0/1, shape ``(n, timesteps, timesteps, timesteps, 1)``: (videos, frames, rows,
        columns, channels), one lit pixel per frame
    y : uint8 array, shape ``(n,)``
        1 = the dot moves right, 0 = left.
    """
    n, timesteps, dtype = _check_count("n", n), _check_frames(timesteps), _check_pixel_dtype(dtype)
    _check_size(dtype.itemsize, n=n, timesteps=timesteps, rows=timesteps, columns=timesteps)
    rng = _rng(rng)
    rows, right = moving_line_paths(n, timesteps, rng)
    steps = np.arange(timesteps)
    start = rng.integers(0, timesteps, size=n)[:, None]
    columns = np.where(right[:, None] == 1, start + steps, start - steps) % timesteps
    X = np.zeros((n, timesteps, timesteps, timesteps, 1), dtype=dtype)
    X[np.arange(n)[:, None], steps, rows, columns, 0] = 1
    return X, right


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
    n_terms = _check_count("n_terms", n_terms, most=10**6)
    largest = _check_count("largest", largest)  # at most 10**9, so that every sum fits in int64
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
        None draws from NumPy's global generator (``set_seed`` governs it).

    Returns
    -------
    X : float32 array, shape ``(n, question_length, 12)``
        One-hot questions; :func:`decode_addition` turns them back into text.
    y : float32 array, shape ``(n, answer_length, 12)``
        One-hot answers.
    """
    n = _check_count("n", n)
    question_length, answer_length = addition_lengths(n_terms, largest)
    _check_size(4 * len(ADDITION_ALPHABET), n=n, characters=question_length + answer_length)
    terms = _rng(rng).integers(1, largest + 1, size=(n, n_terms))
    return _encode_terms(terms, question_length, answer_length)


def addition_table(n_terms=3, largest=10):
    """Every question of an addition configuration, once each, with its answer (chapter 9).

    The questions are ``largest ** n_terms`` in number, in counting order (``1+1+1``, ``1+1+2``,
    ...); ``1+2`` and ``2+1`` are different questions. Chapter 9 holds some of them out of
    training, so that its test questions are ones the model has never seen.

    Parameters
    ----------
    n_terms : int
        Numbers added in each question (>= 1).
    largest : int
        The largest value of a term (>= 1).

    Returns
    -------
    X : float32 array, shape ``(largest ** n_terms, question_length, 12)``
        One-hot questions, as :func:`addition` writes them.
    y : float32 array, shape ``(largest ** n_terms, answer_length, 12)``
        One-hot answers.
    """
    n_terms, largest = _check_count("n_terms", n_terms, most=10**6), _check_count("largest", largest)
    question_length, answer_length = addition_lengths(n_terms, largest)
    n = largest**n_terms
    if n > 10**7:
        raise ValueError(f"n_terms and largest must give at most 10,000,000 questions for a table, "
                         f"got n_terms={n_terms}, largest={largest}: {n:,} questions; draw a "
                         "sample with addition() instead")
    _check_size(4 * len(ADDITION_ALPHABET), n=n, characters=question_length + answer_length)
    terms = np.indices((largest,) * n_terms).reshape(n_terms, -1).T + 1  # (n, n_terms), counting order
    return _encode_terms(terms, question_length, answer_length)


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
    if not isinstance(questions, list | tuple | np.ndarray):
        raise TypeError(f"questions must be a string like '10+2+7' or a list of them, got "
                        f"{questions!r}")
    if len(questions) == 0:
        raise ValueError("questions must be a string like '10+2+7' or a non-empty list of them, "
                         "got an empty list")
    for position, question in enumerate(questions):
        _check_question(f"questions[{position}]", question, n_terms, largest)
    return _one_hot_text(np.asarray(questions, dtype=str), question_length)


def decode_addition(y_or_probs):
    """Text from one-hot questions or answers, or from a model's predicted probabilities (chapter 9).

    Each time step becomes its most likely symbol of :data:`ADDITION_ALPHABET`; the left padding is
    removed, so ``decode_addition(encode_addition("10+2+7")) == ["10+2+7"]``.

    Parameters
    ----------
    y_or_probs : array, shape ``(n, length, 12)`` or ``(length, 12)``
        One-hot vectors or probabilities (finite, in [0, 1], summing to 1 at each step).

    Returns
    -------
    list of str
        One string per sequence, e.g. ``['19', '7']``; a 2-D input gives a list of one.
    """
    encoded = _as_real_array("y_or_probs", y_or_probs)
    if encoded.ndim == 2:
        encoded = encoded[None]
    if encoded.ndim != 3 or encoded.shape[-1] != len(ADDITION_ALPHABET) or 0 in encoded.shape:
        raise ValueError(f"y_or_probs must have shape (n, length, {len(ADDITION_ALPHABET)}): one-hot "
                         f"symbols of ADDITION_ALPHABET per time step, got shape {encoded.shape}")
    _check_probabilities("y_or_probs", encoded)
    symbols = np.array(list(ADDITION_ALPHABET))[encoded.argmax(axis=-1)]  # (n, length) of '<U1'
    texts = np.ascontiguousarray(symbols).view(f"<U{encoded.shape[1]}")[:, 0]
    return np.char.lstrip(texts, " ").tolist()


def _encode_terms(terms, question_length, answer_length):
    """One-hot questions and answers from integer terms ``(n, n_terms)``: ``'10+2+7'`` and ``'19'``."""
    questions = terms[:, 0].astype(str)
    for column in terms[:, 1:].T:
        questions = np.char.add(np.char.add(questions, "+"), column.astype(str))
    answers = terms.sum(axis=1).astype(str)
    return _one_hot_text(questions, question_length), _one_hot_text(answers, answer_length)


def _one_hot_text(texts, length):
    """Left-pad a 1-D array of ASCII strings to ``length`` and one-hot them: ``(n, length, 12)``."""
    padded = np.char.rjust(texts, length).astype(f"S{length}")
    codes = np.frombuffer(padded.tobytes(), dtype=np.uint8).reshape(len(texts), length)
    return _one_hot(_SYMBOL_INDEX[codes], len(ADDITION_ALPHABET))


def _as_real_array(name, value):
    """``value`` as a NumPy array of real numbers, or a TypeError naming ``name``."""
    if value is None or isinstance(value, str | bytes):
        raise TypeError(f"{name} must be an array of one-hot vectors or probabilities, got {value!r}")
    try:
        array = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array (n, length, 12), got rows of "
                         "different lengths") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers (one-hot vectors or probabilities), got "
                        f"dtype {array.dtype}")
    return array


def _check_probabilities(name, array):
    """Raise unless ``array`` holds finite values in [0, 1] that sum to 1 along the last axis."""
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, got NaN or infinite values; a NaN step has no "
                         "most likely symbol, so check the model's training (its loss) first")
    if array.min() < 0 or array.max() > 1 or not np.allclose(array.sum(axis=-1), 1, atol=1e-3):
        raise ValueError(f"{name} must hold one-hot vectors or probabilities (in [0, 1], summing "
                         "to 1 at each step), got other values; apply a softmax to raw outputs")
    return array


def _check_question(name, question, n_terms, largest):
    """Raise a ValueError unless ``question`` is ``n_terms`` numbers in ``[1, largest]`` joined by '+'."""
    example = "+".join(str(min(k + 1, largest)) for k in range(n_terms))
    expected = (f"expected {n_terms} whole number(s) from 1 to largest={largest} joined by '+' with "
                f"no spaces, like {example!r}")
    parts = question.split("+") if isinstance(question, str) else [""]
    if not all(part and set(part) <= _DIGITS and part[0] != "0" for part in parts):
        raise ValueError(f"{name} = {question!r} is malformed: {expected}")
    terms = [int(part) for part in parts]
    if len(terms) != n_terms:
        raise ValueError(f"{name} = {question!r} has {len(terms)} term(s): {expected}; or pass "
                         f"n_terms={len(terms)} if the model was trained on that")
    if max(terms) > largest:
        raise ValueError(f"{name} = {question!r} has a term outside [1, {largest}]: {expected}")


def cumulative_sum(n, timesteps=10, rng=None, limit=None):
    """Random sequences labelled by whether their running sum has passed a limit (chapter 10).

    Each step is a value drawn uniformly from ``[0, 1)``; its label is 0 while the sum of the values
    up to and including that step is at most ``limit``, and 1 from the step where it exceeds it. The
    book uses 10 steps and the limit ``timesteps / 4`` = 2.5.

    Parameters
    ----------
    n : int
        Number of sequences (>= 1).
    timesteps : int
        Steps per sequence (>= 1).
    rng : numpy Generator, int seed or None
        None draws from NumPy's global generator (``set_seed`` governs it).
    limit : float, optional
        The threshold for the running sum (a finite number); ``None`` means ``timesteps / 4``.

    Returns
    -------
    X : float32 array, shape ``(n, timesteps, 1)``
    y : float32 array of 0/1, shape ``(n, timesteps, 1)``
        Labels computed from the float32 values in ``X``, so they agree exactly with the data.
    """
    n, timesteps = _check_count("n", n), _check_count("timesteps", timesteps)
    limit = timesteps / 4 if limit is None else _check_real("limit", limit)
    _check_size(8, n=n, timesteps=timesteps)
    values = _rng(rng).random((n, timesteps), dtype=np.float32)
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
        None draws from NumPy's global generator (``set_seed`` governs it).

    Returns
    -------
    float32 array, shape ``(n, 4, 2)``
        ``corners[i, k]`` is the (x, y) point of corner ``k`` of rectangle ``i``.
    """
    n = _check_count("n", n)
    _check_size(4 * 8, n=n)
    sides = _rng(rng).random((n, 2), dtype=np.float32)
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
        None draws from NumPy's global generator (``set_seed`` governs it).

    Returns
    -------
    X : float32 array, shape ``(3 * n, 1, 2)``
        Rows ``3i, 3i+1, 3i+2`` are the first three corners of rectangle ``i``.
    y : float32 array, shape ``(3 * n, 2)``
        The corner that follows each input corner.
    """
    corners = rectangle_corners(n, rng)
    return corners[:, :3].reshape(-1, 1, 2), corners[:, 1:].reshape(-1, 2)
