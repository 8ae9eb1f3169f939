"""Prepare data for LSTMs: scaling, one-hot, padding, supervised framing, windows, 3-D reshape.

Chapter 3 introduces every helper here; later chapters reuse them (chapter 2 splits long sequences
for truncated BPTT with :func:`split_long_sequence`, chapters 13 and 14 frame real series).

Shapes follow one vocabulary: a *series* is ``(time steps,)`` for one variable or
``(time steps, features)`` for several parallel variables; an LSTM input is
``(samples, timesteps, features)``. Bad input raises a ``ValueError`` that names the argument,
says what was expected and how to fix it.

Each function needs only NumPy and pandas (scikit-learn for scaling, Keras for padding, both
imported when called), so it can be copied into other code on its own.
"""

import numpy as np
import pandas as pd

# --- input checks shared by the helpers below ------------------------------------------------------


def _check_count(name, value, meaning):
    """``value`` as an int, or a ValueError naming ``name`` unless it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1 ({meaning}), got {value!r}")
    return int(value)


def _as_array(data, name):
    """``data`` (list, NumPy array, pandas Series or DataFrame) as a NumPy array, not copied if possible."""
    if isinstance(data, pd.Series | pd.DataFrame):
        data = data.to_numpy()
    try:
        return np.asarray(data)
    except ValueError:  # NumPy refuses ragged nested lists
        raise ValueError(f"{name} must be a rectangular array, but its rows have different "
                         "lengths; pad them to one length first with prepare.pad") from None


def _check_numeric(array, name):
    """Raise unless ``array`` holds numbers (not strings, objects or booleans)."""
    if not np.issubdtype(array.dtype, np.number):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}; convert it with "
                         ".astype(float), or integer-encode categories first (see prepare.one_hot)")


def _check_finite(array, name):
    """Raise, naming the first bad time step, if a float ``array`` holds NaN or infinity."""
    if np.issubdtype(array.dtype, np.floating) and not np.isfinite(array).all():
        rows = ~np.isfinite(array.reshape(len(array), -1)).all(axis=1)
        step = int(np.flatnonzero(rows)[0])
        raise ValueError(f"{name} holds NaN or infinite values (first at time step {step}); fill "
                         "or drop them first (e.g. pandas interpolate() or dropna()), or mark them "
                         "with a value outside the data's range and use keras.layers.Masking")


def as_series(data, name="data"):
    """Validate a numeric series and return it as a 2-D array ``(time steps, features)``.

    Used by the framing helpers of chapter 3 (and by anyone who wants the same checks).

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame
        Shape ``(time steps,)`` for one variable or ``(time steps, features)`` for several.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray
        Shape ``(time steps, features)``; a view of ``data`` when it already is a NumPy array.

    Raises
    ------
    ValueError
        When ``data`` is empty, not 1-D or 2-D, not numeric, or holds NaN or infinity.
    """
    array = _as_array(data, name)
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); pass at least one time step")
    if array.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1-D (time steps,) or 2-D (time steps, features), got "
                         f"shape {array.shape}; for 3-D LSTM input (samples, timesteps, features) "
                         "frame each sample separately or reshape with X.reshape(-1, X.shape[-1])")
    _check_numeric(array, name)
    _check_finite(array, name)
    return array.reshape(len(array), -1)


def _check_length(series, n_in, n_out, name="data"):
    if len(series) < n_in + n_out:
        raise ValueError(f"{name} has {len(series)} time steps, but n_in + n_out = {n_in + n_out} "
                         "are needed for one sample; use a longer series or smaller n_in / n_out")


# --- scaling ---------------------------------------------------------------------------------------


def scale(data, scaler="minmax", feature_range=(0, 1)):
    """Scale a series with scikit-learn's ``MinMaxScaler`` or ``StandardScaler``.

    Fit on the training data, then pass the fitted scaler back in to scale validation or test
    data with the same numbers (never fit on test data)::

        train_scaled, scaler = prepare.scale(train)          # fit and transform
        test_scaled, _ = prepare.scale(test, scaler)         # transform only

    Used in chapter 3 (and chapters 13, 14 for real series).

    Parameters
    ----------
    data : array-like
        Shape ``(time steps,)`` or ``(time steps, features)``; each feature is scaled on its own.
    scaler : {"minmax", "standard"} or a fitted scikit-learn scaler
        ``"minmax"`` normalizes to ``feature_range``; ``"standard"`` gives mean 0 and standard
        deviation 1. A fitted scaler is applied without refitting.
    feature_range : tuple of two floats
        The range of ``"minmax"`` (ignored otherwise).

    Returns
    -------
    scaled : numpy.ndarray
        Same shape as ``data``, float.
    scaler : sklearn.preprocessing.MinMaxScaler or StandardScaler
        Fitted; pass it to :func:`inverse_scale` to get back to the original units.
    """
    values = as_series(data, "data")
    if isinstance(scaler, str):
        scaler = _new_scaler(scaler, feature_range)
        scaled = scaler.fit_transform(values)
    else:
        _check_fitted(scaler, values.shape[1])
        scaled = scaler.transform(values)
    return scaled.reshape(np.shape(data)), scaler


def inverse_scale(scaled, scaler):
    """Undo :func:`scale`: map scaled values (or a model's scaled predictions) back to original units.

    Used in chapter 3 and wherever a forecast made on scaled data is reported in real units.

    Parameters
    ----------
    scaled : array-like
        Shape ``(time steps,)`` or ``(time steps, features)``, as returned by :func:`scale`.
    scaler : fitted scikit-learn scaler
        The one :func:`scale` returned.

    Returns
    -------
    numpy.ndarray
        Same shape as ``scaled``, in the original units.
    """
    values = as_series(scaled, "scaled")
    _check_fitted(scaler, values.shape[1])
    return scaler.inverse_transform(values).reshape(np.shape(scaled))


def _new_scaler(kind, feature_range):
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    if kind == "minmax":
        return MinMaxScaler(feature_range=feature_range)
    if kind == "standard":
        return StandardScaler()
    raise ValueError(f"scaler must be 'minmax', 'standard' or a fitted scikit-learn scaler, got "
                     f"{kind!r}")


def _check_fitted(scaler, n_features):
    fitted = getattr(scaler, "n_features_in_", None)
    if fitted is None or not hasattr(scaler, "inverse_transform"):
        raise ValueError(f"scaler must be 'minmax', 'standard' or a fitted scikit-learn scaler, got "
                         f"{scaler!r}; fit one first with scaled, scaler = prepare.scale(train)")
    if fitted != n_features:
        raise ValueError(f"the scaler was fitted on {fitted} feature(s) but the data has "
                         f"{n_features}; scale each feature set with its own scaler")


# --- categorical data ------------------------------------------------------------------------------


def one_hot(labels, n_classes=None):
    """One-hot encode integer labels: each label ``k`` becomes a vector with a 1 at position ``k``.

    Used in chapter 3 (and by the one-hot problems of chapters 6 and 9).

    Parameters
    ----------
    labels : array-like of int
        Shape ``(n,)`` for one label per sample or ``(n, t)`` for a label per time step; any
        shape works, the new axis is added last. Values in ``[0, n_classes)``.
    n_classes : int, optional
        Length of each vector; defaults to ``labels.max() + 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``labels.shape + (n_classes,)``, float32 of 0s and 1s: ``(n,) -> (n, k)``,
        ``(n, t) -> (n, t, k)``.
    """
    array = _as_array(labels, "labels")
    if array.size == 0:
        raise ValueError(f"labels is empty (shape {array.shape}); pass at least one label")
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {array.dtype}; integer-encode "
                         "categories first (e.g. np.unique(values, return_inverse=True)) or use "
                         ".astype(int) for whole-number floats")
    if n_classes is None:
        n_classes = int(array.max()) + 1
    n_classes = _check_count("n_classes", n_classes, "the number of categories")
    if array.min() < 0 or array.max() >= n_classes:
        raise ValueError(f"labels must lie in [0, n_classes) = [0, {n_classes}), got values from "
                         f"{array.min()} to {array.max()}; raise n_classes or re-encode the labels")
    # Indexing rows of the identity matrix builds every vector in one vectorized step.
    return np.eye(n_classes, dtype="float32")[array]


def one_hot_decode(encoded):
    """Invert :func:`one_hot` (or decode predicted probabilities): the index of the largest value.

    Used in chapter 3 and wherever a softmax output is turned into class labels.

    Parameters
    ----------
    encoded : array-like
        Shape ``(..., n_classes)``, e.g. ``(n, k)`` or ``(n, t, k)``.

    Returns
    -------
    numpy.ndarray
        Integer labels of shape ``encoded.shape[:-1]``: ``(n, k) -> (n,)``, ``(n, t, k) -> (n, t)``.
    """
    array = _as_array(encoded, "encoded")
    if array.ndim < 1 or array.shape[-1] == 0:
        raise ValueError(f"encoded must have a last axis of one-hot vectors (..., n_classes), got "
                         f"shape {array.shape}")
    _check_numeric(array, "encoded")
    return np.argmax(array, axis=-1)


# --- variable-length sequences ---------------------------------------------------------------------


def pad(sequences, maxlen=None, padding="pre", truncating="pre", value=0, dtype=None):
    """Pad (and truncate) sequences of different lengths to one length with ``keras.utils.pad_sequences``.

    Used in chapter 3 (padding plus a ``Masking`` layer lets an LSTM skip the padded steps).

    Parameters
    ----------
    sequences : list of sequences
        Each a list or 1-D array of numbers; the lengths may differ.
    maxlen : int, optional
        Length of the result; defaults to the longest sequence. Longer sequences are truncated.
    padding : {"pre", "post"}
        Add ``value`` before (default, the model's last step is real data) or after each sequence.
    truncating : {"pre", "post"}
        Drop steps from the start (default) or the end of a sequence longer than ``maxlen``.
    value : number
        The padding value.
    dtype : str or numpy dtype, optional
        Of the result; defaults to int32 for integer sequences and float32 otherwise.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sequences), maxlen)``.
    """
    if isinstance(sequences, np.ndarray | pd.Series | pd.DataFrame) or not hasattr(sequences, "__len__"):
        sequences = list(np.asarray(sequences))
    if len(sequences) == 0:
        raise ValueError("sequences is empty; pass a list of sequences, e.g. [[1, 2, 3], [4]]")
    for option, given in (("padding", padding), ("truncating", truncating)):
        if given not in ("pre", "post"):
            raise ValueError(f"{option} must be 'pre' or 'post', got {given!r}")
    if maxlen is not None:
        maxlen = _check_count("maxlen", maxlen, "the length of the padded sequences")
    arrays = [np.asarray(sequence) for sequence in sequences]
    for position, array in enumerate(arrays):
        if array.ndim != 1:
            raise ValueError(f"sequences[{position}] must be 1-D (time steps,), got shape "
                             f"{array.shape}; pass a list of flat sequences")
        if array.size:
            _check_numeric(array, f"sequences[{position}]")
    if dtype is None:
        kinds = [a.dtype for a in arrays if a.size]
        dtype = "int32" if kinds and all(np.issubdtype(k, np.integer) for k in kinds) else "float32"
    from keras.utils import pad_sequences

    return pad_sequences(arrays, maxlen=maxlen, dtype=dtype, padding=padding,
                         truncating=truncating, value=value)


# --- sequence prediction as supervised learning ----------------------------------------------------


def series_to_supervised(data, n_in=1, n_out=1, dropnan=True):
    """Frame a series as a supervised-learning table with pandas ``shift``.

    Each row holds ``n_in`` lagged values as inputs and ``n_out`` values as outputs. Columns are
    named ``var1(t-n_in) .. var1(t-1)`` (inputs) then ``var1(t) .. var1(t+n_out-1)`` (outputs),
    with ``var2``, ``var3``, ... interleaved per time step for several variables, e.g. for two
    variables and ``n_in=1, n_out=1``: ``var1(t-1), var2(t-1), var1(t), var2(t)``.

    Used in chapter 3; :func:`sliding_windows` gives the same numbers as 3-D arrays, faster.

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame
        Shape ``(time steps,)`` or ``(time steps, features)``.
    n_in : int
        Lag steps (inputs), >= 1.
    n_out : int
        Steps to predict (outputs, starting at ``t``), >= 1.
    dropnan : bool
        Drop the first ``n_in`` and last ``n_out - 1`` rows, whose shifted values are NaN.

    Returns
    -------
    pandas.DataFrame
        Shape ``(time steps - n_in - n_out + 1, (n_in + n_out) * features)`` when ``dropnan``
        (``(time steps, ...)`` otherwise). The index is that of ``data`` (positions for arrays).
    """
    n_in = _check_count("n_in", n_in, "the number of input time steps")
    n_out = _check_count("n_out", n_out, "the number of output time steps")
    values = as_series(data, "data")
    _check_length(values, n_in, n_out)
    index = data.index if isinstance(data, pd.Series | pd.DataFrame) else None
    frame = pd.DataFrame(values, index=index)
    variables = [f"var{j + 1}" for j in range(values.shape[1])]
    columns, names = [], []
    for lag in range(n_in, -n_out, -1):  # n_in .. 1 are inputs, 0 .. -(n_out-1) are outputs
        columns.append(frame.shift(lag))
        offset = "t" if lag == 0 else f"t-{lag}" if lag > 0 else f"t+{-lag}"
        names += [f"{variable}({offset})" for variable in variables]
    table = pd.concat(columns, axis=1)
    table.columns = names
    return table.dropna() if dropnan else table


def sliding_windows(data, n_in, n_out=1, squeeze=True):
    """Frame a series as input windows ``X`` and the windows ``y`` that follow them, without copying.

    Window ``i`` is ``X[i] = data[i : i + n_in]`` and ``y[i] = data[i + n_in : i + n_in + n_out]``:
    the same numbers, in the same order, as the rows of ``series_to_supervised(data, n_in, n_out)``,
    but built with ``numpy.lib.stride_tricks.sliding_window_view``, so ``X`` and ``y`` are
    read-only views of ``data`` (no memory is copied when ``data`` is a NumPy array; call
    ``.copy()`` before writing into them).

    Used in chapter 3 (and for the real series of chapters 13 and 14).

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame
        Shape ``(time steps,)`` or ``(time steps, features)``; a 1-D series is one feature.
    n_in : int
        Input time steps per sample, >= 1.
    n_out : int
        Output time steps per sample, >= 1.
    squeeze : bool
        Drop length-1 axes of ``y`` (see Returns). ``X`` is never squeezed: it is always the 3-D
        input an LSTM expects.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(samples, n_in, features)`` with ``samples = time steps - n_in - n_out + 1``.
    y : numpy.ndarray
        Shape ``(samples, n_out, features)`` when ``squeeze=False``. With ``squeeze=True``
        (default) the axes of length 1 among ``n_out`` and ``features`` are dropped, which gives
        the target shape of a ``Dense`` output layer:

        - 1 step, 1 feature: ``(samples,)``
        - ``n_out`` steps, 1 feature: ``(samples, n_out)``
        - 1 step, ``features`` features: ``(samples, features)``
        - otherwise: ``(samples, n_out, features)`` (nothing to drop).
    """
    n_in = _check_count("n_in", n_in, "the number of input time steps")
    n_out = _check_count("n_out", n_out, "the number of output time steps")
    values = as_series(data, "data")
    _check_length(values, n_in, n_out)
    # sliding_window_view appends the window axis last: (samples, features, window) -> move it.
    windows = np.lib.stride_tricks.sliding_window_view(values, n_in + n_out, axis=0)
    windows = np.moveaxis(windows, -1, 1)
    X, y = windows[:, :n_in], windows[:, n_in:]
    if squeeze:
        y = y.reshape((len(y),) + tuple(size for size in y.shape[1:] if size != 1))
    return X, y


# --- shapes for LSTM input -------------------------------------------------------------------------


def to_3d(X, timesteps, features):
    """Reshape data into the 3-D input an LSTM expects: ``(samples, timesteps, features)``.

    Accepted inputs (used in chapters 3 and 4):

    - 2-D ``(samples, timesteps * features)``: one sample per row, its values ordered step by
      step (all features of step 1, then of step 2, ...), as in :func:`series_to_supervised`;
    - 2-D ``(timesteps, features)`` or 1-D ``(timesteps * features,)``: one sample;
    - 3-D ``(samples, timesteps, features)``: returned unchanged.

    Parameters
    ----------
    X : array-like
    timesteps : int
        Time steps per sample, >= 1.
    features : int
        Values per time step, >= 1.

    Returns
    -------
    numpy.ndarray
        Shape ``(samples, timesteps, features)``; a view of ``X`` where NumPy can reshape
        without copying.
    """
    timesteps = _check_count("timesteps", timesteps, "time steps per sample")
    features = _check_count("features", features, "values per time step")
    array = _as_array(X, "X")
    if array.size == 0:
        raise ValueError(f"X is empty (shape {array.shape}); pass at least one sample")
    _check_numeric(array, "X")
    step_size = timesteps * features
    if array.ndim == 3 and array.shape[1:] == (timesteps, features):
        return array
    if array.ndim == 2 and array.shape[1] == step_size:
        return array.reshape(len(array), timesteps, features)
    if array.ndim == 2 and array.shape == (timesteps, features):
        return array.reshape(1, timesteps, features)
    if array.ndim == 1 and array.size == step_size:
        return array.reshape(1, timesteps, features)
    raise ValueError(_reshape_advice(array.shape, timesteps, features))


def _reshape_advice(shape, timesteps, features):
    wanted = f"(samples, timesteps={timesteps}, features={features})"
    advice = (f"cannot reshape X of shape {shape} into {wanted}: expected 2-D (samples, "
              f"{timesteps * features}), 2-D ({timesteps}, {features}), 1-D ({timesteps * features},)"
              f" or 3-D (samples, {timesteps}, {features})")
    if len(shape) == 1 and shape[0] > timesteps * features:
        advice += ("; a long 1-D series holds many samples: cut it with "
                   "prepare.sliding_windows (overlapping) or prepare.split_long_sequence")
    elif len(shape) == 2 and shape[1] == timesteps:
        advice += f"; for rows of {timesteps} single values use features=1"
    elif len(shape) == 3:
        advice += f"; X is already 3-D with {shape[1]} time steps of {shape[2]} features"
    return advice


def split_long_sequence(seq, length, step=None):
    """Cut one long sequence into subsequences of ``length`` steps (for truncated BPTT).

    Subsequence ``i`` is ``seq[i * step : i * step + length]``. With the default
    ``step = length`` the pieces do not overlap; a smaller ``step`` makes them overlap. A leftover
    tail shorter than ``length`` (the last ``len(seq) - (n - 1) * step - length`` steps) is
    dropped: pad or trim the sequence first if those steps matter.

    Used in chapter 3 (very long sequences) and chapter 2 (TBPTT: an LSTM fitted on
    subsequences of ``length`` steps backpropagates through at most ``length`` steps).

    Parameters
    ----------
    seq : array-like
        Shape ``(time steps,)`` or ``(time steps, ...)``, e.g. ``(time steps, features)``.
    length : int
        Time steps per subsequence, >= 1 and at most ``len(seq)``.
    step : int, optional
        Time steps between the starts of consecutive subsequences; defaults to ``length``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, length) + seq.shape[1:]`` with ``n = (len(seq) - length) // step + 1``,
        e.g. ``(1000,) -> (n, length)`` and ``(1000, 2) -> (n, length, 2)``. A read-only view of
        ``seq`` when it is a NumPy array.
    """
    length = _check_count("length", length, "time steps per subsequence")
    step = length if step is None else _check_count("step", step, "time steps between starts")
    array = _as_array(seq, "seq")
    if array.ndim == 0 or array.size == 0:
        raise ValueError(f"seq must be a non-empty sequence (time steps, ...), got shape "
                         f"{array.shape}")
    if len(array) < length:
        raise ValueError(f"seq has {len(array)} time steps, fewer than length={length}; use a "
                         "smaller length or pad the sequence first (prepare.pad)")
    windows = np.lib.stride_tricks.sliding_window_view(array, length, axis=0)[::step]
    return np.moveaxis(windows, -1, 1)
