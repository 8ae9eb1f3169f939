"""Prepare data for LSTMs: scaling, one-hot, padding, supervised framing, windows, 3-D reshape.

Chapter 3 introduces every helper here; later chapters reuse them (chapter 2 splits long sequences
for truncated BPTT with :func:`split_long_sequence`, chapters 13 and 14 frame real series).

Copy this file; it needs only NumPy and pandas (scikit-learn for scaling and Keras for padding,
both imported when called).

Shapes follow one vocabulary: a *series* is ``(time steps,)`` for one variable or
``(time steps, n_features)`` for several parallel variables; an LSTM input is
``(samples, timesteps, n_features)``; ``horizon`` is the number of steps forecast. Every argument
is checked before any work: a bad one raises a ValueError or TypeError that names it, says what
was expected and how to fix it.
"""

import numpy as np
import pandas as pd

_MOST = 10**9               # the largest count taken; larger ones are typing slips
_MOST_BYTES = 4 * 2**30     # the largest array a helper allocates: 4 GiB

# --- input checks shared by the helpers below ------------------------------------------------------


def _check_count(name, value, meaning):
    """``value`` as an int; TypeError unless an integer (bools refused), ValueError unless >= 1."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a positive integer, got {value!r} ({meaning}); pass a "
                        f"whole number such as {name}=2")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r} ({meaning})")
    if value > _MOST:
        raise ValueError(f"{name} must be a positive integer of at most {_MOST:,}, got {value!r}")
    return int(value)


def _check_real(name, value):
    """``value`` as a float; TypeError unless a real number (bools refused), ValueError unless finite."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a finite number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def _check_flag(name, value):
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_bytes(total, sizes):
    """Refuse an allocation of ``total`` bytes above 4 GiB, naming the sizes that ask for it."""
    if total > _MOST_BYTES:
        given = ", ".join(f"{name}={size!r}" for name, size in sizes.items())
        raise ValueError(f"{given} would need {total / 2**30:,.1f} GiB, but an array made here must "
                         f"fit in {_MOST_BYTES / 2**30:.0f} GiB; check these sizes")


def _as_array(data, name):
    """``data`` (list, NumPy array, pandas Series or DataFrame) as a NumPy array, not copied if possible."""
    if data is None or isinstance(data, str | bytes):
        raise TypeError(f"{name} must be an array of numbers, got {data!r}")
    if isinstance(data, pd.Series | pd.DataFrame):
        data = data.to_numpy()
    try:
        return np.asarray(data)
    except ValueError:  # NumPy refuses ragged nested lists
        raise ValueError(f"{name} must be a rectangular array, but its rows have different "
                         "lengths; pad them to one length first with prepare.pad") from None


def _check_numeric(array, name):
    """Raise unless ``array`` holds real numbers (not strings, objects, booleans or complex)."""
    if array.dtype.kind == "c":
        raise ValueError(f"{name} must hold real numbers, got complex dtype {array.dtype}; keep the "
                         "real part (np.real) or its magnitude (np.abs), or split them into two "
                         "features")
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}; convert it with "
                         ".astype(float), or integer-encode categories first (see prepare.one_hot)")


def _check_finite(array, name):
    """Raise, naming the first bad time step, if a float ``array`` holds NaN or infinity."""
    if np.issubdtype(array.dtype, np.floating) and not np.isfinite(array).all():
        if array.ndim == 0:
            raise ValueError(f"{name} must be finite, got {array!r}")
        rows = ~np.isfinite(array.reshape(len(array), -1)).all(axis=1)
        step = int(np.flatnonzero(rows)[0])
        raise ValueError(f"{name} must be finite, got NaN or infinite values (first at time step "
                         f"{step}); fill "
                         "or drop them first (e.g. pandas interpolate() or dropna()), or mark them "
                         "with a value outside the data's range and use keras.layers.Masking")


def as_series(data, name="data"):
    """Validate a numeric series and return it as a 2-D array ``(time steps, features)``.

    Used by the framing helpers of chapter 3 (and by anyone who wants the same checks).

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame
        Shape ``(time steps,)`` for one variable or ``(time steps, n_features)`` for several.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray
        Shape ``(time steps, n_features)``; a view of ``data`` when it already is a NumPy array.

    Raises
    ------
    ValueError
        When ``data`` is empty, not 1-D or 2-D, not numeric, or holds NaN or infinity.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string (the argument's name for error messages), got "
                        f"{name!r}")
    array = _as_array(data, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}; pass at least one "
                         "time step")
    if array.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1-D (time steps,) or 2-D (time steps, n_features), got "
                         f"shape {array.shape}; for 3-D LSTM input (samples, timesteps, n_features)"
                         " frame each sample separately or reshape with X.reshape(-1, X.shape[-1])")
    _check_numeric(array, name)
    _check_finite(array, name)
    return array.reshape(len(array), -1)


def _check_length(series, timesteps, horizon, name="data"):
    if len(series) < timesteps + horizon:
        raise ValueError(f"{name} has {len(series)} time steps, but timesteps + horizon = "
                         f"{timesteps + horizon} must fit in it for one sample; use a longer series "
                         "or a smaller timesteps / horizon")


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
        Shape ``(time steps,)`` or ``(time steps, n_features)``; each feature is scaled on its own.
    scaler : {"minmax", "standard"} or a fitted scikit-learn scaler
        ``"minmax"`` normalizes to ``feature_range``; ``"standard"`` gives mean 0 and standard
        deviation 1. A fitted scaler is applied without refitting.
    feature_range : tuple of two finite floats
        The range ``(low, high)`` of ``"minmax"``, ``low < high`` (ignored otherwise).

    Returns
    -------
    scaled : numpy.ndarray
        Same shape as ``data``, float.
    scaler : sklearn.preprocessing.MinMaxScaler or StandardScaler
        Fitted; pass it to :func:`inverse_scale` to get back to the original units.
    """
    values = as_series(data, "data")
    if isinstance(scaler, str):
        scaler = _new_scaler(scaler, _check_range(feature_range))
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
        Shape ``(time steps,)`` or ``(time steps, n_features)``, as returned by :func:`scale`.
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


def _check_range(feature_range):
    if not isinstance(feature_range, tuple | list) or len(feature_range) != 2:
        raise TypeError(f"feature_range must be a tuple (low, high) of two finite numbers, got "
                        f"{feature_range!r}; e.g. feature_range=(-1, 1)")
    low, high = (_check_real("feature_range", bound) for bound in feature_range)
    if not low < high:
        raise ValueError(f"feature_range must be (low, high) with low < high, got {feature_range!r}")
    return (low, high)


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
        ``(n, t) -> (n, t, k)``. Only that array is allocated, so a large vocabulary costs
        ``len(labels) * n_classes`` values, not ``n_classes ** 2``.
    """
    array = _as_array(labels, "labels")
    if array.size == 0:
        raise ValueError(f"labels must not be empty, got shape {array.shape}; pass at least one "
                         "label")
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {array.dtype}; integer-encode "
                         "categories first (e.g. np.unique(values, return_inverse=True)) or use "
                         ".astype(int) for whole-number floats")
    if n_classes is None:
        if array.min() < 0 or array.max() >= _MOST:
            raise ValueError(f"labels must lie in [0, {_MOST:,}), got values from {array.min()} to "
                             f"{array.max()}; integer-encode the categories first")
        n_classes = int(array.max()) + 1
    n_classes = _check_count("n_classes", n_classes, "the number of categories")
    if array.min() < 0 or array.max() >= n_classes:
        raise ValueError(f"labels must lie in [0, n_classes) = [0, {n_classes}), got values from "
                         f"{array.min()} to {array.max()}; raise n_classes or re-encode the labels")
    _check_bytes(4 * array.size * n_classes, {"labels (size)": array.size, "n_classes": n_classes})
    encoded = np.zeros(array.shape + (n_classes,), dtype="float32")
    np.put_along_axis(encoded, array[..., None], 1.0, axis=-1)  # a 1 at each label's position
    return encoded


def one_hot_decode(encoded):
    """Invert :func:`one_hot` (or decode predicted probabilities): the index of the largest value.

    Used in chapter 3 and wherever a softmax output is turned into class labels.

    Parameters
    ----------
    encoded : array-like
        Shape ``(..., n_classes)``, e.g. ``(n, k)`` or ``(n, t, k)``: one-hot vectors or
        probabilities (finite, in [0, 1], each vector summing to 1).

    Returns
    -------
    numpy.ndarray
        Integer labels of shape ``encoded.shape[:-1]``: ``(n, k) -> (n,)``, ``(n, t, k) -> (n, t)``.
    """
    array = _as_array(encoded, "encoded")
    if array.ndim < 1 or array.size == 0:
        raise ValueError(f"encoded must have a last axis of one-hot vectors (..., n_classes), got "
                         f"shape {array.shape}")
    _check_numeric(array, "encoded")
    if not np.isfinite(array).all():
        raise ValueError("encoded must be finite, got NaN or infinite values; a NaN row has no "
                         "largest value (argmax would call it class 0), so check where it came from")
    if array.min() < 0 or array.max() > 1 or not np.allclose(array.sum(axis=-1), 1, atol=1e-3):
        raise ValueError("encoded must hold one-hot vectors or probabilities (values in [0, 1], "
                         "each vector summing to 1), got other values; apply a softmax to raw "
                         "outputs, or use np.argmax(encoded, axis=-1) if you mean the largest score")
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
        The padding value, finite and representable in ``dtype``.
    dtype : str or numpy dtype, optional
        Of the result; defaults to int32 for integer sequences padded with an integer value, and
        float32 otherwise.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sequences), maxlen)``.
    """
    if sequences is None or isinstance(sequences, str | bytes) or not hasattr(sequences, "__iter__"):
        raise TypeError(f"sequences must be a list of sequences, e.g. [[1, 2, 3], [4]], got "
                        f"{sequences!r}")
    if isinstance(sequences, np.ndarray | pd.Series | pd.DataFrame) or not hasattr(sequences, "__len__"):
        sequences = list(np.asarray(sequences)) if np.ndim(sequences) else [sequences]
    if len(sequences) == 0:
        raise ValueError("sequences must not be empty, got an empty list; pass a list of "
                         "sequences, e.g. [[1, 2, 3], [4]]")
    for option, given in (("padding", padding), ("truncating", truncating)):
        if not isinstance(given, str) or given not in ("pre", "post"):
            raise ValueError(f"{option} must be 'pre' or 'post', got {given!r}")
    if maxlen is not None:
        maxlen = _check_count("maxlen", maxlen, "the length of the padded sequences")
    value = _check_real("value", value)
    arrays = [_as_array(sequence, f"sequences[{k}]") for k, sequence in enumerate(sequences)]
    for position, array in enumerate(arrays):
        if array.ndim != 1:
            raise ValueError(f"sequences[{position}] must be 1-D (time steps,), got shape "
                             f"{array.shape}; pass a list of flat sequences")
        if array.size:
            _check_numeric(array, f"sequences[{position}]")
            _check_finite(array, f"sequences[{position}]")
    if dtype is None:
        kinds = [a.dtype for a in arrays if a.size]
        integers = kinds and all(np.issubdtype(k, np.integer) for k in kinds)
        dtype = "int32" if integers and float(value).is_integer() else "float32"
    dtype = _check_pad_dtype(dtype, value)
    longest = maxlen or max(len(array) for array in arrays)
    _check_bytes(dtype.itemsize * len(arrays) * longest, {"sequences (count)": len(arrays),
                                                          "maxlen": longest})
    from keras.utils import pad_sequences

    return pad_sequences(arrays, maxlen=maxlen, dtype=dtype, padding=padding,
                         truncating=truncating, value=value)


def _check_pad_dtype(dtype, value):
    """``dtype`` as a real-number NumPy dtype that can hold ``value`` exactly."""
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved is None or resolved.kind not in "iuf":
        raise TypeError("dtype must be a NumPy number type such as 'int32' or 'float32', got "
                        f"{dtype!r}")
    dtype = resolved
    if dtype.kind in "iu":
        limits = np.iinfo(dtype)
        if not float(value).is_integer() or not limits.min <= value <= limits.max:
            raise ValueError(f"value={value!r} cannot be stored in dtype {dtype}: it must be a "
                             f"whole number in [{limits.min}, {limits.max}]; pass dtype='float32' "
                             "to pad with it")
    return dtype


# --- sequence prediction as supervised learning ----------------------------------------------------


def series_to_supervised(data, timesteps=1, horizon=1, dropnan=True):
    """Frame a series as a supervised-learning table with pandas ``shift``.

    Each row holds ``timesteps`` lagged values as inputs and ``horizon`` values as outputs. Columns
    are named ``var1(t-timesteps) .. var1(t-1)`` (inputs) then ``var1(t) .. var1(t+horizon-1)``
    (outputs), with ``var2``, ``var3``, ... interleaved per time step for several variables, e.g.
    for two variables and ``timesteps=1, horizon=1``: ``var1(t-1), var2(t-1), var1(t), var2(t)``.
    (The book calls ``timesteps`` and ``horizon`` ``n_in`` and ``n_out``.)

    Used in chapter 3; :func:`sliding_windows` gives the same numbers as 3-D arrays, faster.

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame
        Shape ``(time steps,)`` or ``(time steps, n_features)``.
    timesteps : int
        Lag steps (inputs), >= 1.
    horizon : int
        Steps to predict (outputs, starting at ``t``), >= 1.
    dropnan : bool
        Drop the first ``timesteps`` and last ``horizon - 1`` rows, whose shifted values are NaN.

    Returns
    -------
    pandas.DataFrame
        Shape ``(time steps - timesteps - horizon + 1, (timesteps + horizon) * n_features)`` when
        ``dropnan`` (``(time steps, ...)`` otherwise). The index is that of ``data`` (positions
        for arrays).
    """
    timesteps = _check_count("timesteps", timesteps, "the number of input time steps")
    horizon = _check_count("horizon", horizon, "the number of output time steps")
    dropnan = _check_flag("dropnan", dropnan)
    values = as_series(data, "data")
    _check_length(values, timesteps, horizon)
    _check_bytes(8 * len(values) * values.shape[1] * (timesteps + horizon),
                 {"timesteps": timesteps, "horizon": horizon})
    index = data.index if isinstance(data, pd.Series | pd.DataFrame) else None
    frame = pd.DataFrame(values, index=index)
    variables = [f"var{j + 1}" for j in range(values.shape[1])]
    columns, names = [], []
    for lag in range(timesteps, -horizon, -1):  # timesteps .. 1: inputs; 0 .. 1-horizon: outputs
        columns.append(frame.shift(lag))
        offset = "t" if lag == 0 else f"t-{lag}" if lag > 0 else f"t+{-lag}"
        names += [f"{variable}({offset})" for variable in variables]
    table = pd.concat(columns, axis=1)
    table.columns = names
    return table.dropna() if dropnan else table


def sliding_windows(data, timesteps, horizon=1, squeeze=True):
    """Frame a series as input windows ``X`` and the windows ``y`` that follow them, without copying.

    Window ``i`` is ``X[i] = data[i : i + timesteps]`` and
    ``y[i] = data[i + timesteps : i + timesteps + horizon]``: the same numbers, in the same order,
    as the rows of ``series_to_supervised(data, timesteps, horizon)``,
    but built with ``numpy.lib.stride_tricks.sliding_window_view``, so ``X`` and ``y`` are
    read-only views of ``data`` (no memory is copied when ``data`` is a NumPy array; call
    ``.copy()`` before writing into them).

    Used in chapter 3 (and for the real series of chapters 13 and 14).

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame
        Shape ``(time steps,)`` or ``(time steps, n_features)``; a 1-D series is one feature.
    timesteps : int
        Input time steps per sample, >= 1.
    horizon : int
        Output time steps per sample, >= 1.
    squeeze : bool
        Drop length-1 axes of ``y`` (see Returns). ``X`` is never squeezed: it is always the 3-D
        input an LSTM expects.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(samples, timesteps, n_features)`` with
        ``samples = time steps - timesteps - horizon + 1``.
    y : numpy.ndarray
        Shape ``(samples, horizon, n_features)`` when ``squeeze=False``. With ``squeeze=True``
        (default) the axes of length 1 among ``horizon`` and ``n_features`` are dropped, which
        gives the target shape of a ``Dense`` output layer:

        - 1 step, 1 feature: ``(samples,)``
        - ``horizon`` steps, 1 feature: ``(samples, horizon)``
        - 1 step, ``n_features`` features: ``(samples, n_features)``
        - otherwise: ``(samples, horizon, n_features)`` (nothing to drop).
    """
    timesteps = _check_count("timesteps", timesteps, "the number of input time steps")
    horizon = _check_count("horizon", horizon, "the number of output time steps")
    squeeze = _check_flag("squeeze", squeeze)
    values = as_series(data, "data")
    _check_length(values, timesteps, horizon)
    # sliding_window_view appends the window axis last: (samples, features, window) -> move it.
    windows = np.lib.stride_tricks.sliding_window_view(values, timesteps + horizon, axis=0)
    windows = np.moveaxis(windows, -1, 1)
    X, y = windows[:, :timesteps], windows[:, timesteps:]
    if squeeze:
        y = y.reshape((len(y),) + tuple(size for size in y.shape[1:] if size != 1))
    return X, y


# --- shapes for LSTM input -------------------------------------------------------------------------


def to_3d(X, timesteps, n_features):
    """Reshape data into the 3-D input an LSTM expects: ``(samples, timesteps, n_features)``.

    Accepted inputs (used in chapters 3 and 4):

    - 2-D ``(samples, timesteps * n_features)``: one sample per row, its values ordered step by
      step (all features of step 1, then of step 2, ...), as in :func:`series_to_supervised`;
    - 2-D ``(timesteps, n_features)`` or 1-D ``(timesteps * n_features,)``: one sample;
    - 3-D ``(samples, timesteps, n_features)``: returned unchanged.

    Parameters
    ----------
    X : array-like
        Real, finite numbers.
    timesteps : int
        Time steps per sample, >= 1.
    n_features : int
        Values per time step, >= 1.

    Returns
    -------
    numpy.ndarray
        Shape ``(samples, timesteps, n_features)``; a view of ``X`` where NumPy can reshape
        without copying.
    """
    timesteps = _check_count("timesteps", timesteps, "time steps per sample")
    features = _check_count("n_features", n_features, "values per time step")
    array = _as_array(X, "X")
    if array.size == 0:
        raise ValueError(f"X must not be empty, got shape {array.shape}; pass at least one sample")
    _check_numeric(array, "X")
    _check_finite(array, "X")
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
    wanted = f"(samples, timesteps={timesteps}, n_features={features})"
    advice = (f"cannot reshape X of shape {shape} into {wanted}: expected 2-D (samples, "
              f"{timesteps * features}), 2-D ({timesteps}, {features}), 1-D ({timesteps * features},)"
              f" or 3-D (samples, {timesteps}, {features})")
    if len(shape) == 1 and shape[0] > timesteps * features:
        advice += ("; a long 1-D series holds many samples: cut it with "
                   "prepare.sliding_windows (overlapping) or prepare.split_long_sequence")
    elif len(shape) == 2 and shape[1] == timesteps:
        advice += f"; for rows of {timesteps} single values use n_features=1"
    elif len(shape) == 3:
        advice += f"; X is already 3-D with {shape[1]} time steps of {shape[2]} features"
    return advice


def split_long_sequence(seq, timesteps, step=None):
    """Cut one long sequence into subsequences of ``timesteps`` steps (for truncated BPTT).

    Subsequence ``i`` is ``seq[i * step : i * step + timesteps]``. With the default
    ``step = timesteps`` the pieces do not overlap; a smaller ``step`` makes them overlap. A
    leftover tail shorter than ``timesteps`` (the last ``len(seq) - (n - 1) * step - timesteps``
    steps) is dropped: pad or trim the sequence first if those steps matter.

    Used in chapter 3 (very long sequences) and chapter 2 (TBPTT: an LSTM fitted on
    subsequences of ``timesteps`` steps backpropagates through at most ``timesteps`` steps).

    Parameters
    ----------
    seq : array-like
        Shape ``(time steps,)`` or ``(time steps, ...)``, e.g. ``(time steps, n_features)``;
        real, finite numbers.
    timesteps : int
        Time steps per subsequence, >= 1 and at most ``len(seq)``.
    step : int, optional
        Time steps between the starts of consecutive subsequences; defaults to ``timesteps``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, timesteps) + seq.shape[1:]`` with ``n = (len(seq) - timesteps) // step + 1``,
        e.g. ``(1000,) -> (n, timesteps)`` and ``(1000, 2) -> (n, timesteps, 2)``. A read-only
        view of ``seq`` when it is a NumPy array.
    """
    timesteps = _check_count("timesteps", timesteps, "time steps per subsequence")
    step = timesteps if step is None else _check_count("step", step, "time steps between starts")
    array = _as_array(seq, "seq")
    if array.ndim == 0 or array.size == 0:
        raise ValueError(f"seq must be a non-empty sequence (time steps, ...), got shape "
                         f"{array.shape}")
    _check_numeric(array, "seq")
    _check_finite(array, "seq")
    if len(array) < timesteps:
        raise ValueError(f"seq has {len(array)} time steps, fewer than timesteps={timesteps}; it "
                         "must have at least that many: use a smaller timesteps or pad the "
                         "sequence first (prepare.pad)")
    windows = np.lib.stride_tricks.sliding_window_view(array, timesteps, axis=0)[::step]
    return np.moveaxis(windows, -1, 1)
