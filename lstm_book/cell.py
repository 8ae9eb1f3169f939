"""The LSTM and GRU cells in NumPy, written from the equations and checked against Keras.

Chapter 1 walks through the LSTM equations step by step and verifies them: these forward passes
load the weights of a Keras layer and reproduce its output to float32 precision. Chapter 15 uses
:func:`gate_activations` to look inside a trained layer, and :func:`unit_correlations` to find the
units whose cell state tracks a quantity such as a running count.

Keras keeps an LSTM layer's weights in three arrays, with the four gate blocks side by side in the
order input, forget, candidate, output (i, f, c, o)::

    kernel            (features, 4 * units)   weights on the input x_t
    recurrent_kernel  (units, 4 * units)      weights on the previous hidden state h_{t-1}
    bias              (4 * units,)

A GRU layer has three blocks, update, reset, candidate (z, r, h). With ``reset_after=True`` (the
Keras default) its bias has two rows, ``(2, 3 * units)``: one added to the input projection and
one to the recurrent projection, and the reset gate scales the recurrent projection of the
candidate after the matrix product.

Copy this file into your own project as it is: it needs only numpy (and a Keras layer to read
weights from), nothing else from ``lstm_book``. Every function refuses NaN and inf: a cell run on
them would only pass NaN along, and a correlation of NaN would read as "no correlation".
"""

import numpy as np

#: Keys of :func:`lstm_steps`'s gate arrays, in the order of Keras's weight blocks (i, f, c, o).
LSTM_GATES = ("input_gate", "forget_gate", "candidate", "output_gate")
#: Keys of :func:`gru_steps`'s gate arrays, in the order of Keras's weight blocks (z, r, h).
GRU_GATES = ("update_gate", "reset_gate", "candidate")


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), elementwise, without overflow warnings.

    The gates' activation in chapter 1's step-by-step walk through the cell.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    numpy.ndarray, the shape of ``x``
        Values in [0, 1].
    """
    x = _finite("x", x, "of any shape")
    return np.exp(-np.logaddexp(0.0, -x))


def hard_sigmoid(x):
    """Keras's piecewise-linear sigmoid: clip(x / 6 + 0.5, 0, 1), elementwise.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    numpy.ndarray, the shape of ``x``
    """
    return np.clip(_finite("x", x, "of any shape") / 6.0 + 0.5, 0.0, 1.0)


ACTIVATIONS = {
    "sigmoid": sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0.0),
    "linear": lambda x: _finite("x", x, "of any shape"),
}


def activation(name):
    """The NumPy function for a Keras activation name, as the NumPy cells use it.

    Parameters
    ----------
    name : str
        A key of :data:`ACTIVATIONS`, e.g. ``"tanh"`` or ``"sigmoid"`` (a layer's
        ``activation.__name__``).

    Returns
    -------
    callable
        Elementwise function of one array.
    """
    return _activation(name, "activation name")


def _activation(name, argument):
    if not isinstance(name, str) or name not in ACTIVATIONS:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"{argument} must be one of {known}, got {name!r}; the NumPy cells "
                         "support only these")
    return ACTIVATIONS[name]


def layer_weights(layer):
    """The kernel, recurrent kernel and bias of a built Keras LSTM or GRU layer, as NumPy arrays.

    Used in chapter 1 to run the NumPy cell on the weights of a Keras layer.

    Parameters
    ----------
    layer : keras.layers.LSTM or keras.layers.GRU
        A built layer (one that has been called on data, or is part of a built model).

    Returns
    -------
    tuple of numpy.ndarray
        ``(kernel, recurrent_kernel, bias)``, float64. LSTM: ``(features, 4*units)``,
        ``(units, 4*units)``, ``(4*units,)``. GRU: ``(features, 3*units)``, ``(units, 3*units)``,
        and ``(2, 3*units)`` with ``reset_after=True`` or ``(3*units,)`` without. A layer built
        with ``use_bias=False`` gets a bias of zeros of that shape.
    """
    _check_layer(layer)
    cell = layer.cell
    kernel = np.asarray(cell.kernel.numpy(), dtype=float)
    recurrent_kernel = np.asarray(cell.recurrent_kernel.numpy(), dtype=float)
    if cell.use_bias:
        bias = np.asarray(cell.bias.numpy(), dtype=float)
    else:
        width = recurrent_kernel.shape[1]
        bias = np.zeros((2, width) if getattr(cell, "reset_after", False) else (width,))
    return kernel, recurrent_kernel, bias


def lstm_steps(X, kernel, recurrent_kernel, bias, h0=None, c0=None,
               activation_name="tanh", recurrent_activation_name="sigmoid"):
    """Run an LSTM over sequences in NumPy and keep every gate and state at every step.

    The equations (chapter 1), with ``s`` the recurrent activation (sigmoid) and ``tanh`` the
    activation::

        i_t = s(x_t W_i + h_{t-1} U_i + b_i)        input gate
        f_t = s(x_t W_f + h_{t-1} U_f + b_f)        forget gate
        g_t = tanh(x_t W_c + h_{t-1} U_c + b_c)     candidate
        o_t = s(x_t W_o + h_{t-1} U_o + b_o)        output gate
        c_t = f_t * c_{t-1} + i_t * g_t             cell state
        h_t = o_t * tanh(c_t)                       hidden state (the layer's output)

    Parameters
    ----------
    X : array_like, shape (samples, timesteps, features)
    kernel : array_like, shape (features, 4 * units)
        Gate blocks in Keras's order i, f, c, o.
    recurrent_kernel : array_like, shape (units, 4 * units)
    bias : array_like, shape (4 * units,)
    h0, c0 : array_like, shape (samples, units), optional
        Initial hidden and cell state; zeros by default, as in Keras.
    activation_name, recurrent_activation_name : str
        Keras activation names (keys of :data:`ACTIVATIONS`).

    Returns
    -------
    dict of str to numpy.ndarray
        ``input_gate``, ``forget_gate``, ``candidate``, ``output_gate``, ``cell_state`` and
        ``hidden_state``, each of shape (samples, timesteps, units).
    """
    X, kernel, recurrent_kernel, bias, units = _check_weights(
        X, kernel, recurrent_kernel, bias, n_blocks=4)
    act = _activation(activation_name, "activation_name")
    gate_act = _activation(recurrent_activation_name, "recurrent_activation_name")
    h = _initial_state(h0, "h0", X.shape[0], units)
    c = _initial_state(c0, "c0", X.shape[0], units)
    inputs = X @ kernel + bias  # the input projection of every step at once
    history = {key: [] for key in (*LSTM_GATES, "cell_state", "hidden_state")}
    for t in range(X.shape[1]):
        z = np.split(inputs[:, t] + h @ recurrent_kernel, 4, axis=1)
        i, f, g, o = gate_act(z[0]), gate_act(z[1]), act(z[2]), gate_act(z[3])
        c = f * c + i * g
        h = o * act(c)
        for key, value in zip(history, (i, f, g, o, c, h), strict=True):
            history[key].append(value)
    return {key: np.stack(values, axis=1) for key, values in history.items()}


def lstm_forward(X, kernel, recurrent_kernel, bias, h0=None, c0=None):
    """The outputs and final states of an LSTM (sigmoid gates, tanh), computed in NumPy.

    Parameters
    ----------
    X : array_like, shape (samples, timesteps, features)
    kernel, recurrent_kernel, bias : array_like
        As returned by :func:`layer_weights` for a Keras LSTM layer.
    h0, c0 : array_like, shape (samples, units), optional

    Returns
    -------
    outputs : numpy.ndarray, shape (samples, timesteps, units)
        The hidden state at every step (``return_sequences=True``).
    h : numpy.ndarray, shape (samples, units)
        The final hidden state (the output with ``return_sequences=False``).
    c : numpy.ndarray, shape (samples, units)
        The final cell state.
    """
    steps = lstm_steps(X, kernel, recurrent_kernel, bias, h0, c0)
    outputs = steps["hidden_state"]
    return outputs, outputs[:, -1], steps["cell_state"][:, -1]


def gru_steps(X, kernel, recurrent_kernel, bias, h0=None, reset_after=True,
              activation_name="tanh", recurrent_activation_name="sigmoid"):
    """Run a GRU over sequences in NumPy and keep its gates and state at every step.

    The equations in Keras's convention (chapter 1), ``b`` the input bias and ``b'`` the
    recurrent bias (``reset_after=True``)::

        z_t = s(x_t W_z + b_z + h_{t-1} U_z + b'_z)            update gate
        r_t = s(x_t W_r + b_r + h_{t-1} U_r + b'_r)            reset gate
        g_t = tanh(x_t W_h + b_h + r_t * (h_{t-1} U_h + b'_h))  candidate
        h_t = z_t * h_{t-1} + (1 - z_t) * g_t                   hidden state

    With ``reset_after=False`` there is one bias and the candidate is
    ``tanh(x_t W_h + b_h + (r_t * h_{t-1}) U_h)``, as in Cho et al. (2014).

    Parameters
    ----------
    X : array_like, shape (samples, timesteps, features)
    kernel : array_like, shape (features, 3 * units)
        Gate blocks in Keras's order z, r, h.
    recurrent_kernel : array_like, shape (units, 3 * units)
    bias : array_like, shape (2, 3 * units) if ``reset_after`` else (3 * units,)
    h0 : array_like, shape (samples, units), optional
    reset_after : bool
        The layer's ``reset_after`` setting (Keras's default is True).
    activation_name, recurrent_activation_name : str

    Returns
    -------
    dict of str to numpy.ndarray
        ``update_gate``, ``reset_gate``, ``candidate`` and ``hidden_state``, each of shape
        (samples, timesteps, units).
    """
    if not isinstance(reset_after, bool | np.bool_):
        raise TypeError(f"reset_after must be True or False (the layer's reset_after), got "
                        f"{reset_after!r}")
    if reset_after:
        bias = _finite("bias", bias, "(2, 3 * units)")
        if bias.ndim != 2 or bias.shape[0] != 2:
            raise ValueError(f"bias must have shape (2, 3 * units) when reset_after=True, got "
                             f"{bias.shape}; pass reset_after=False for a single bias row")
        input_bias, recurrent_bias = bias
    else:
        input_bias, recurrent_bias = bias, None
    X, kernel, recurrent_kernel, input_bias, units = _check_weights(
        X, kernel, recurrent_kernel, input_bias, n_blocks=3)
    act = _activation(activation_name, "activation_name")
    gate_act = _activation(recurrent_activation_name, "recurrent_activation_name")
    h = _initial_state(h0, "h0", X.shape[0], units)
    inputs = np.split(X @ kernel + input_bias, 3, axis=2)
    history = {key: [] for key in (*GRU_GATES, "hidden_state")}
    for t in range(X.shape[1]):
        x_z, x_r, x_h = (block[:, t] for block in inputs)
        if reset_after:
            rec_z, rec_r, rec_h = np.split(h @ recurrent_kernel + recurrent_bias, 3, axis=1)
        else:
            rec_z, rec_r = np.split(h @ recurrent_kernel[:, :2 * units], 2, axis=1)
        z, r = gate_act(x_z + rec_z), gate_act(x_r + rec_r)
        if reset_after:
            g = act(x_h + r * rec_h)
        else:
            g = act(x_h + (r * h) @ recurrent_kernel[:, 2 * units:])
        h = z * h + (1.0 - z) * g
        for key, value in zip(history, (z, r, g, h), strict=True):
            history[key].append(value)
    return {key: np.stack(values, axis=1) for key, values in history.items()}


def gru_forward(X, kernel, recurrent_kernel, bias, h0=None, reset_after=True):
    """The outputs and final state of a GRU (sigmoid gates, tanh), computed in NumPy.

    Parameters
    ----------
    X : array_like, shape (samples, timesteps, features)
    kernel, recurrent_kernel, bias : array_like
        As returned by :func:`layer_weights` for a Keras GRU layer.
    h0 : array_like, shape (samples, units), optional
    reset_after : bool

    Returns
    -------
    outputs : numpy.ndarray, shape (samples, timesteps, units)
    h : numpy.ndarray, shape (samples, units)
        The final hidden state.
    """
    outputs = gru_steps(X, kernel, recurrent_kernel, bias, h0, reset_after)["hidden_state"]
    return outputs, outputs[:, -1]


def gate_activations(layer, X):
    """Every gate, the candidate, the cell state and the hidden state of a Keras layer, per step.

    Chapter 15 reads a trained LSTM with it: which units count, which gates open on which input.
    The activations are recomputed in NumPy from the layer's weights; the hidden state equals the
    layer's output with ``return_sequences=True``.

    Parameters
    ----------
    layer : keras.layers.LSTM or keras.layers.GRU
        A built layer that starts from a zero state (a stateful layer's carried state is ignored).
    X : array_like, shape (samples, timesteps, features)
        The layer's input (for a layer inside a model: the output of the layer before it).

    Returns
    -------
    dict of str to numpy.ndarray, each of shape (samples, timesteps, units)
        LSTM: ``input_gate``, ``forget_gate``, ``candidate``, ``output_gate``, ``cell_state``,
        ``hidden_state``. GRU: ``update_gate``, ``reset_gate``, ``candidate``, ``hidden_state``.
    """
    _check_layer(layer)
    cell = layer.cell
    names = {"activation_name": cell.activation.__name__,
             "recurrent_activation_name": cell.recurrent_activation.__name__}
    weights = layer_weights(layer)
    if hasattr(cell, "reset_after"):
        return gru_steps(X, *weights, reset_after=cell.reset_after, **names)
    return lstm_steps(X, *weights, **names)


def unit_correlations(values, target, mask=None):
    """Pearson correlation of each unit's activation with a target, over all (sample, step) pairs.

    Chapter 15 finds the unit whose cell state tracks a count or a remembered symbol with it:
    the unit with the largest absolute correlation, computed rather than picked by eye.

    Parameters
    ----------
    values : array_like, shape (samples, timesteps, units)
        For example ``gate_activations(layer, X)["cell_state"]``.
    target : array_like, shape (samples, timesteps)
        The quantity to track at every step, e.g. the running count.
    mask : array_like of bool, shape (samples, timesteps), optional
        Which steps to use (e.g. only the steps of the first half); all by default.

    Returns
    -------
    numpy.ndarray, shape (units,)
        Correlations in [-1, 1]; NaN for a unit that never changes over the chosen steps, whose
        correlation is undefined (not 0: a constant unit shows no evidence either way), so pick
        the best unit with ``np.nanargmax(np.abs(correlations))``.

    Raises
    ------
    ValueError
        For NaN or inf in ``values`` or ``target``, and for a target that is constant over the
        chosen steps (every correlation would be undefined).
    """
    values = _finite("values", values, "(samples, timesteps, units)")
    target = _finite("target", target, "(samples, timesteps)")
    if values.ndim != 3 or 0 in values.shape:
        raise ValueError(f"values must be 3-D (samples, timesteps, units) and not empty, got "
                         f"shape {values.shape}; for one unit use values[..., np.newaxis]")
    if target.shape != values.shape[:2]:
        raise ValueError(f"target must have shape (samples, timesteps) = {values.shape[:2]}, "
                         f"got {target.shape}")
    mask = np.ones(target.shape, dtype=bool) if mask is None else np.asarray(mask)
    if mask.shape != target.shape or mask.dtype != bool:
        raise ValueError(f"mask must be a boolean array of shape {target.shape}, got "
                         f"{mask.dtype} {mask.shape}")
    if mask.sum() < 2:
        raise ValueError("mask must select at least 2 steps to correlate over, got "
                         f"{int(mask.sum())}")
    chosen, goal = values[mask], target[mask]  # (steps, units) and (steps,)
    if np.ptp(goal) == 0:
        raise ValueError(f"target must vary over the chosen steps, got the constant "
                         f"{goal[0]:g}: a correlation with a constant is undefined; "
                         "choose a target (or a mask) under which it changes")
    varies = np.ptp(chosen, axis=0) > 0  # tested on the raw values: centring leaves rounding
    chosen, goal = chosen - chosen.mean(axis=0), goal - goal.mean()
    spread = np.sqrt((chosen ** 2).sum(axis=0) * (goal ** 2).sum())
    covariance = chosen.T @ goal
    # A constant unit has no defined correlation: NaN says so, where 0 would claim "none".
    return np.divide(covariance, spread, out=np.full_like(covariance, np.nan), where=varies)


# --- checks ------------------------------------------------------------------------------------


def _finite(name, value, shape):
    """``value`` as a float array of finite real numbers, or a clear error naming it."""
    if value is None or isinstance(value, str | bytes | dict | set):
        raise TypeError(f"{name} must be an array of numbers {shape}, got "
                        f"{type(value).__name__} {value!r:.60}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a rectangular array of numbers {shape}, got rows of "
                         "different lengths") from None
    if array.dtype.kind == "O":
        if any(isinstance(item, str | bytes) for item in array.ravel()):
            raise TypeError(f"{name} must hold numbers, not strings: convert with float() first")
        try:
            array = array.astype(float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold only numbers, got {array.ravel()[:3].tolist()!r}"
                            "...") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers {shape}, got dtype {array.dtype}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got NaN or inf; a NaN in a layer's "
                         "weights or activations means training diverged (lower the learning "
                         "rate, clip the gradients) or the input has missing values")
    return array


def _check_layer(layer):
    cell = getattr(layer, "cell", None)
    if cell is None:
        raise ValueError(f"layer must be a keras.layers.LSTM or keras.layers.GRU, got "
                         f"{type(layer).__name__}")
    if type(cell).__name__ not in {"LSTMCell", "GRUCell"}:
        raise ValueError(f"layer must be a keras.layers.LSTM or keras.layers.GRU, got a layer "
                         f"with a {type(cell).__name__}")
    if not layer.built:
        raise ValueError("layer is not built yet: it must be called on data or built with its "
                         "model first, e.g. layer(X) or keras.Sequential([keras.Input(shape), layer])")
    if getattr(layer, "go_backwards", False):
        raise ValueError("layer has go_backwards=True; run the NumPy cell on X[:, ::-1] with a "
                         "forward copy of the layer instead")


def _check_weights(X, kernel, recurrent_kernel, bias, n_blocks):
    X = _finite("X", X, "(samples, timesteps, features)")
    if X.ndim != 3:
        hint = (f"; for one sequence of {X.shape[0]} steps of one feature use "
                f"X.reshape(1, {X.shape[0]}, 1)") if X.ndim == 1 else ""
        raise ValueError(f"X must be 3-D (samples, timesteps, features), got shape "
                         f"{X.shape}{hint}")
    if 0 in X.shape:
        raise ValueError(f"X must have at least 1 sample, time step and feature, got shape "
                         f"{X.shape}")
    kernel = _finite("kernel", kernel, f"(features, {n_blocks} * units)")
    recurrent_kernel = _finite("recurrent_kernel", recurrent_kernel, f"(units, {n_blocks} * units)")
    bias = _finite("bias", bias, f"({n_blocks} * units,)")
    units = recurrent_kernel.shape[0] if recurrent_kernel.ndim == 2 else 0
    if recurrent_kernel.shape != (units, n_blocks * units) or units == 0:
        raise ValueError(f"recurrent_kernel must have shape (units, {n_blocks} * units), got "
                         f"{recurrent_kernel.shape}")
    if kernel.shape != (X.shape[2], n_blocks * units):
        raise ValueError(f"kernel must have shape (features, {n_blocks} * units) = "
                         f"{(X.shape[2], n_blocks * units)} for X with {X.shape[2]} features "
                         f"and {units} units, got {kernel.shape}")
    if bias.shape != (n_blocks * units,):
        raise ValueError(f"bias must have shape ({n_blocks * units},), got {bias.shape}")
    return X, kernel, recurrent_kernel, bias, units


def _initial_state(state, name, samples, units):
    if state is None:
        return np.zeros((samples, units))
    state = _finite(name, state, "(samples, units)")
    if state.shape != (samples, units):
        raise ValueError(f"{name} must have shape (samples, units) = {(samples, units)}, got "
                         f"{state.shape}")
    return state


