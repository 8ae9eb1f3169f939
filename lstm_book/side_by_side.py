"""Train many independent copies of a small LSTM model side by side, in one Keras model.

Chapters 12 and 14 judge a configuration by fitting a tiny model again and again (the book's
tuning grid is 30 fits of 500 epochs on five samples). Each ``fit()`` call, each epoch and each
compiled function costs a fixed few milliseconds to a second, far more than the arithmetic of a
model with a few hundred weights. So this module puts the repeats into one *wide* model:

- :func:`stack` turns ``T`` models ``Input -> LSTM(u_j) -> Dense(k)`` into one model with one
  ``LSTM(sum of u_j)`` and one ``Dense(T * k)``. Tower ``j`` owns its own block of units; the
  recurrent kernel and the Dense kernel are block-diagonal and a weight constraint keeps the blocks
  between towers at zero after every update, so no tower ever sees another tower's units.
- The loss is the *sum* of the towers' losses, so the gradient of tower ``j``'s weights is
  exactly the gradient it would get if it were trained alone. Adam and SGD update every weight
  from its own gradient, so each tower takes the very steps of a separate fit (up to float
  rounding, since the wide matrix products add their terms in another order).
- :func:`epochs_as_steps` lays the book's epochs end to end, so one ``fit()`` call makes exactly
  the book's updates with exactly the book's batches (a short last batch included).

The wide model's output has ``T * k`` columns: columns ``j*k .. j*k + k - 1`` belong to tower
``j`` (for ``k = 1``, column ``j`` is tower ``j``). :func:`tower_weights` returns each tower's
weights in the order of the single model's ``get_weights()``, so ``model.set_weights(...)`` turns
a tower back into an ordinary model.

Copy this file into your own project as it is: it needs only numpy and keras, nothing else from
``lstm_book``. Its layers' pieces (:class:`TowerMask`, :class:`TowerLoss`) are registered with
Keras, so ``keras.saving.load_model`` opens a saved wide model once this module is imported.
"""

import math
import numbers

import keras
import numpy as np
from keras import ops

_LOSSES = ("mse", "mae")
_MAX_COUNT = 1_000_000  # towers, units, steps per execution: far above any real use
_MAX_BYTES = 2 * 1024**3  # epochs_as_steps refuses to build arrays larger than this


# --- checks (each module keeps its own few lines, so it can be copied alone) -----------------------


def _count(name, value, high=_MAX_COUNT):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if not 1 <= value <= high:
        raise ValueError(f"{name} must be a positive integer of at most {high:,}, got {value!r}")
    return int(value)


def _finite(name, value, shape):
    """``value`` as a non-empty float32 array of finite real numbers, or a clear error naming it."""
    if value is None or isinstance(value, str | bytes | dict | set):
        raise TypeError(f"{name} must be an array of numbers {shape}, got "
                        f"{type(value).__name__} {value!r:.60}")
    try:
        array = np.asarray(value)
        if array.dtype.kind == "O":
            if any(isinstance(item, str | bytes) for item in array.ravel()):
                raise TypeError  # strings that float() would take: refused below
            array = array.astype(float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a rectangular array of numbers {shape}, got "
                        f"{value!r:.60}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers {shape}, got dtype {array.dtype}")
    if array.size == 0 or array.ndim == 0:
        raise ValueError(f"{name} must be a non-empty array {shape}, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got NaN or inf; drop or fill missing "
                         "values first, and lower the learning rate if they come from a model")
    return array.astype("float32")


def _model(name, value):
    if not isinstance(value, keras.Model):
        raise TypeError(f"{name} must be a keras.Model, got {type(value).__name__} {value!r:.60}")
    return value


def _check_optimizer(optimizer):
    """A name, or an optimizer whose learning rate and clipping are finite and positive."""
    if isinstance(optimizer, str):
        return
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise TypeError(f"optimizer must be a name such as 'adam' or a keras.optimizers "
                        f"instance, got {optimizer!r:.60}")
    rate = optimizer.learning_rate
    if not isinstance(rate, keras.optimizers.schedules.LearningRateSchedule):
        _positive_number("optimizer learning_rate", float(ops.convert_to_numpy(rate)))
    for option in ("clipnorm", "global_clipnorm", "clipvalue"):
        if getattr(optimizer, option, None) is not None:
            _positive_number(f"optimizer {option}", getattr(optimizer, option))


def _positive_number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


# --- the pieces the wide model is made of ---------------------------------------------------------


@keras.saving.register_keras_serializable(package="lstm_book")
class TowerMask(keras.constraints.Constraint):
    """Keep a kernel block-diagonal: tower ``j``'s rows connect only to tower ``j``'s columns.

    Parameters
    ----------
    units : list of int
        Units of each tower's LSTM: the row blocks of the kernel.
    column_blocks : list of int
        Columns of each tower inside one block of columns (its units for a recurrent kernel,
        its outputs for a Dense kernel).
    repeats : int
        How many blocks of columns the kernel has: 4 for an LSTM kernel (its gates i, f, c, o),
        1 for a Dense kernel.
    """

    def __init__(self, units, column_blocks, repeats=1):
        self.units = _counts("units", units)
        self.column_blocks = _counts("column_blocks", column_blocks)
        self.repeats = _count("repeats", repeats)
        if len(self.units) != len(self.column_blocks):
            raise ValueError(f"units and column_blocks must give one entry per tower each, got "
                             f"{len(self.units)} and {len(self.column_blocks)}")
        if sum(self.units) * self.repeats * sum(self.column_blocks) > _MAX_BYTES // 4:
            raise ValueError(f"units, column_blocks and repeats give a mask too large for memory "
                             f"({sum(self.units)} x {self.repeats * sum(self.column_blocks)}); "
                             "expected the sizes of a few small models")
        self.mask = _block_mask(self.units, self.column_blocks, self.repeats)

    def __call__(self, w):
        return w * ops.convert_to_tensor(self.mask, dtype=w.dtype)

    def get_config(self):
        return {"units": self.units, "column_blocks": self.column_blocks, "repeats": self.repeats}


def _counts(name, values):
    if isinstance(values, str | bytes) or not hasattr(values, "__len__") or len(values) == 0:
        raise TypeError(f"{name} must be a non-empty list of positive integers, got {values!r:.60}")
    return [_count(f"{name}[{index}]", value) for index, value in enumerate(values)]


@keras.saving.register_keras_serializable(package="lstm_book")
class TowerLoss(keras.losses.Loss):
    """The sum over towers of each tower's mean squared (``"mse"``) or absolute (``"mae"``) error.

    Returns one value per sample and tower, ``(batch, n_towers)``, scaled by ``n_towers`` so that
    Keras's default reduction (the mean over all values) gives the batch mean of the *sum* of the
    towers' losses. A ``sample_weight`` of shape ``(batch,)`` weighs rows for every tower; one of
    shape ``(batch, n_towers)`` weighs rows per tower (each tower may then learn from other rows).
    """

    def __init__(self, kind="mse", n_towers=1, outputs=1, name="tower_loss", **kwargs):
        if not isinstance(kind, str) or kind not in _LOSSES:
            raise ValueError(f"kind must be one of {_LOSSES}, got {kind!r}")
        n_towers, outputs = _count("n_towers", n_towers), _count("outputs", outputs)
        super().__init__(name=name, **kwargs)
        self.kind, self.n_towers, self.outputs = kind, n_towers, outputs

    def __call__(self, y_true, y_pred, sample_weight=None):
        if sample_weight is not None and len(sample_weight.shape) == 1:
            sample_weight = ops.expand_dims(sample_weight, -1)  # one weight per row, every tower
        return super().__call__(y_true, y_pred, sample_weight)

    def call(self, y_true, y_pred):
        shape = (-1, self.n_towers, self.outputs)
        error = ops.reshape(y_true, shape) - ops.reshape(y_pred, shape)
        error = ops.square(error) if self.kind == "mse" else ops.abs(error)
        return ops.mean(error, axis=-1) * self.n_towers

    def get_config(self):
        return {**super().get_config(), "kind": self.kind, "n_towers": self.n_towers,
                "outputs": self.outputs}


def _block_mask(units, column_blocks, repeats):
    """A 0/1 matrix ``(sum(units), repeats * sum(column_blocks))`` with one block per tower."""
    row_ends, col_ends = np.cumsum(units), np.cumsum(column_blocks)
    rows = np.repeat(np.arange(len(units)), units)          # tower of each row
    cols = np.repeat(np.arange(len(column_blocks)), column_blocks)  # tower of each column
    mask = (rows[:, None] == np.tile(cols, repeats)[None, :]).astype("float32")
    assert mask.shape == (row_ends[-1], repeats * col_ends[-1])
    return mask


def _gate_columns(units, tower):
    """Columns of tower ``tower`` in a wide LSTM kernel ``(.., 4 * sum(units))``, gate by gate."""
    total, start = sum(units), sum(units[:tower])
    return np.concatenate([np.arange(g * total + start, g * total + start + units[tower])
                           for g in range(4)])


def _lstm_and_dense(model, name="models"):
    """The single LSTM and the Dense layer of a model ``Input -> LSTM -> Dense``, checked."""
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if (len(layers) != 2 or not isinstance(layers[0], keras.layers.LSTM)
            or not isinstance(layers[1], keras.layers.Dense)):
        kinds = " -> ".join(type(layer).__name__ for layer in layers)
        raise ValueError(f"{name} must each be Input -> LSTM -> Dense (the models of chapters "
                         f"12-14), got {kinds}; build it with keras.Sequential([keras.Input(...), "
                         "keras.layers.LSTM(units), keras.layers.Dense(outputs)])")
    lstm, dense = layers
    if lstm.return_sequences or lstm.stateful or lstm.go_backwards:
        raise ValueError(f"{name}: the LSTM must be a plain stateless LSTM that returns its last "
                         "output (return_sequences=False, stateful=False, go_backwards=False)")
    return lstm, dense


# --- building and reading the wide model ------------------------------------------------------------


def stack(models, fresh=True, optimizer="adam", loss="mse", metrics=None, jit_compile="auto",
          steps_per_execution=1):
    """One compiled wide model that trains the given models side by side as independent towers.

    Used in chapter 12 (the diagnostics and the tuning grids) and chapter 14 (repeats of every
    update strategy).

    Parameters
    ----------
    models : list of keras.Model
        ``T`` models ``Input(timesteps, features) -> LSTM(u_j) -> Dense(k)`` with the same input
        shape, the same ``k`` and the same activations; units may differ. The same model may
        appear several times (with ``fresh=True``, each appearance is a new, independent repeat).
    fresh : bool
        True: every tower starts from new initial weights drawn with its model's initializers,
        as if each model had just been built. False: every tower starts from its model's current
        weights (to continue training, or to compare with a plain ``fit``).
    optimizer : str or keras.optimizers.Optimizer
        A new optimizer for the wide model (an instance must not be used by another model).
    loss : {"mse", "mae"}
        Each tower's loss; the wide model minimizes their sum (see :class:`TowerLoss`).
    metrics : list, optional
        Passed to ``compile``; a metric sees ``(samples, T * k)`` targets and predictions.
    jit_compile : bool or "auto"
        Passed to ``compile``. For models this small, XLA's compile time (a second or more per
        model on a CPU) outweighs its faster steps, so Keras's default is kept.
    steps_per_execution : int
        Passed to ``compile``: training steps per call of the compiled function (fewer Python
        round trips; callbacks then see every ``steps_per_execution``-th batch). Keras's PyTorch
        backend runs one step per call and refuses any other value, so on PyTorch the wide model
        is compiled with 1 (same updates, more round trips); the other backends get the value.

    Returns
    -------
    keras.Model
        Input ``(samples, timesteps, features)``, output ``(samples, T * k)``; compiled, with its
        optimizer's state created (so :func:`snapshot` can record the fresh state).
    """
    if not isinstance(models, list | tuple) or len(models) == 0:
        raise ValueError("models must be a non-empty list of models, e.g. [model] * 5 for five "
                         f"repeats of one configuration, got {models!r:.60}")
    for index, model in enumerate(models):
        _model(f"models[{index}]", model)
    _count("models (their number)", len(models), high=10_000)
    if not isinstance(fresh, bool):
        raise TypeError(f"fresh must be True or False, got {fresh!r}")
    _check_optimizer(optimizer)
    if not isinstance(loss, str) or loss not in _LOSSES:
        raise ValueError(f"loss must be one of {_LOSSES}, got {loss!r}")
    if metrics is not None and not isinstance(metrics, list | tuple):
        raise TypeError(f"metrics must be a list (or None), got {metrics!r:.60}")
    if jit_compile != "auto" and not isinstance(jit_compile, bool):
        raise TypeError(f"jit_compile must be True, False or 'auto', got {jit_compile!r}")
    steps_per_execution = _count("steps_per_execution", steps_per_execution)
    if keras.backend.backend() == "torch":
        steps_per_execution = 1  # the PyTorch trainer raises a ValueError for anything else
    parts = [_lstm_and_dense(model) for model in models]
    first_lstm, first_dense = parts[0]
    for model, (lstm, dense) in zip(models, parts, strict=True):
        if (tuple(model.input_shape) != tuple(models[0].input_shape)
                or dense.units != first_dense.units
                or _activations(lstm, dense) != _activations(first_lstm, first_dense)):
            raise ValueError("models must share the input shape, the Dense units and the "
                             f"activations; {models[0].input_shape} -> Dense({first_dense.units}) "
                             f"differs from {model.input_shape} -> Dense({dense.units})")
    units = [lstm.units for lstm, _ in parts]
    n_towers, outputs = len(models), first_dense.units
    inputs = keras.Input(shape=tuple(models[0].input_shape[1:]))
    wide_lstm = keras.layers.LSTM(
        sum(units), activation=first_lstm.cell.activation,
        recurrent_activation=first_lstm.cell.recurrent_activation,
        recurrent_constraint=TowerMask(units, units, repeats=4), name="towers_lstm")
    wide_dense = keras.layers.Dense(
        n_towers * outputs, activation=first_dense.activation,
        kernel_constraint=TowerMask(units, [outputs] * n_towers), name="towers_dense")
    wide = keras.Model(inputs, wide_dense(wide_lstm(inputs)), name=f"{n_towers}_towers")
    weights = [_fresh_weights(lstm, dense) if fresh else model.get_weights()
               for model, (lstm, dense) in zip(models, parts, strict=True)]
    set_tower_weights(wide, weights)
    wide.compile(optimizer=optimizer, loss=TowerLoss(loss, n_towers, outputs), metrics=metrics,
                 jit_compile=jit_compile, steps_per_execution=steps_per_execution)
    wide.optimizer.build(wide.trainable_variables)
    return wide


def _activations(lstm, dense):
    return (keras.activations.serialize(lstm.cell.activation),
            keras.activations.serialize(lstm.cell.recurrent_activation),
            keras.activations.serialize(dense.activation))


def _fresh_weights(lstm, dense):
    """New initial weights for one ``LSTM -> Dense``, drawn with the layers' own initializers."""
    cell, features = lstm.cell, lstm.cell.kernel.shape[0]
    units, outputs = lstm.units, dense.units
    kernel = _draw(cell.kernel_initializer, (features, 4 * units))
    recurrent = _draw(cell.recurrent_initializer, (units, 4 * units))
    if cell.unit_forget_bias:  # Keras's default: the forget gate starts open (bias 1)
        bias = np.concatenate([_draw(cell.bias_initializer, (units,)), np.ones(units),
                               _draw(cell.bias_initializer, (2 * units,))])
    else:
        bias = _draw(cell.bias_initializer, (4 * units,))
    return [kernel, recurrent, bias, _draw(dense.kernel_initializer, (units, outputs)),
            _draw(dense.bias_initializer, (outputs,))]


def _draw(initializer, shape):
    # A Keras initializer with a fixed seed repeats its values, so draw from a new instance with
    # a new seed (taken from Python's `random`, which lstm_book.set_seed seeds).
    config = initializer.get_config()
    if "seed" in config:
        initializer = type(initializer).from_config({**config, "seed": None})
    return ops.convert_to_numpy(initializer(shape=shape, dtype="float32"))


def _wide_parts(wide):
    _model("wide", wide)
    lstm = wide.get_layer("towers_lstm") if _has_layer(wide, "towers_lstm") else None
    dense = wide.get_layer("towers_dense") if _has_layer(wide, "towers_dense") else None
    if lstm is None or dense is None or not isinstance(lstm.recurrent_constraint, TowerMask):
        raise ValueError("wide must be a model made by side_by_side.stack (it has no "
                         "'towers_lstm' and 'towers_dense' layers)")
    units = lstm.recurrent_constraint.units
    return lstm, dense, units, dense.units // len(units)


def _has_layer(model, name):
    return any(layer.name == name for layer in model.layers)


def n_towers(wide):
    """How many towers a wide model from :func:`stack` holds."""
    return len(_wide_parts(wide)[2])


def tower_weights(wide):
    """Each tower's weights, in the order of the single model's ``get_weights()``.

    Used in chapters 12 and 14 to turn trained towers back into ordinary models
    (``model.set_weights(tower_weights(wide)[j])``) or to move them into another wide model.

    Parameters
    ----------
    wide : keras.Model
        A model made by :func:`stack`.

    Returns
    -------
    list of T lists
        For tower ``j`` with ``u`` units on ``F`` features and ``k`` outputs: LSTM kernel
        ``(F, 4u)``, recurrent kernel ``(u, 4u)``, bias ``(4u,)``, Dense kernel ``(u, k)``,
        Dense bias ``(k,)``.
    """
    lstm, dense, units, outputs = _wide_parts(wide)
    kernel, recurrent, bias = (ops.convert_to_numpy(w) for w in lstm.weights)
    dense_kernel, dense_bias = (ops.convert_to_numpy(w) for w in dense.weights)
    starts = np.cumsum([0] + units)
    towers = []
    for j, (start, stop) in enumerate(zip(starts[:-1], starts[1:], strict=True)):
        cols, outs = _gate_columns(units, j), slice(j * outputs, (j + 1) * outputs)
        towers.append([kernel[:, cols], recurrent[start:stop][:, cols], bias[cols],
                       dense_kernel[start:stop, outs], dense_bias[outs]])
    return towers


def set_tower_weights(wide, weights):
    """Put each tower's weights (as :func:`tower_weights` returns them) into a wide model.

    Used by :func:`stack` and in chapter 14 to start every update strategy from the same trained
    towers. The blocks between towers are set to zero.

    Parameters
    ----------
    wide : keras.Model
        A model made by :func:`stack`.
    weights : list of T lists
        One ``get_weights()`` list of an ``Input -> LSTM -> Dense`` model per tower, with the
        tower's shapes.
    """
    lstm, dense, units, outputs = _wide_parts(wide)
    if not isinstance(weights, list | tuple) or len(weights) != len(units):
        got = len(weights) if isinstance(weights, list | tuple) else repr(weights)[:60]
        raise ValueError(f"weights must hold one list per tower ({len(units)}), got {got}")
    features, total = lstm.weights[0].shape[0], sum(units)
    kernel = np.zeros((features, 4 * total), "float32")
    recurrent = np.zeros((total, 4 * total), "float32")
    bias = np.zeros(4 * total, "float32")
    dense_kernel = np.zeros((total, len(units) * outputs), "float32")
    dense_bias = np.zeros(len(units) * outputs, "float32")
    starts = np.cumsum([0] + units)
    for j, tower in enumerate(weights):
        expected = [(features, 4 * units[j]), (units[j], 4 * units[j]), (4 * units[j],),
                    (units[j], outputs), (outputs,)]
        if not isinstance(tower, list | tuple) or len(tower) != len(expected):
            raise ValueError(f"weights[{j}] must be a list of 5 arrays with the shapes "
                             f"{expected}, got {tower!r:.60}")
        tower = [_finite(f"weights[{j}][{k}]", w, expected[k]) for k, w in enumerate(tower)]
        if [np.shape(w) for w in tower] != expected:
            raise ValueError(f"weights[{j}] must have the shapes {expected}, got "
                             f"{[np.shape(w) for w in tower]}")
        rows, cols = slice(starts[j], starts[j + 1]), _gate_columns(units, j)
        outs = slice(j * outputs, (j + 1) * outputs)
        kernel[:, cols], bias[cols] = tower[0], tower[2]
        recurrent[rows, cols] = tower[1]
        dense_kernel[rows, outs], dense_bias[outs] = tower[3], tower[4]
    lstm.set_weights([kernel, recurrent, bias])
    dense.set_weights([dense_kernel, dense_bias])


# --- data for one fit() call, and the training state ------------------------------------------------


def targets(y, n_towers):
    """The targets of every tower side by side: ``y`` repeated once per tower.

    Parameters
    ----------
    y : array-like
        Shape ``(samples,)`` or ``(samples, k)``.
    n_towers : int

    Returns
    -------
    numpy.ndarray
        Shape ``(samples, n_towers * k)``, float32, tower by tower.
    """
    y = _finite("y", y, "(samples,) or (samples, k)")
    n_towers = _count("n_towers", n_towers, high=10_000)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be (samples,) or (samples, k), got shape {y.shape}")
    if y.nbytes * n_towers > _MAX_BYTES:
        raise ValueError(f"n_towers={n_towers} would need {y.nbytes * n_towers / 1e9:.1f} GB of "
                         "targets; expected a few to a few hundred towers")
    return np.tile(y.reshape(len(y), -1), (1, n_towers))


def epochs_as_steps(X, y, epochs, batch_size, sample_weight=None):
    """Lay ``epochs`` epochs end to end, so that one ``fit()`` call makes the book's updates.

    ``fit(Xs, ys, sample_weight=ws, batch_size=batch_size, shuffle=False)`` on what this returns
    makes the same updates, on the same batches, as
    ``fit(X, y, sample_weight=sample_weight, epochs=epochs, batch_size=batch_size, shuffle=False)``
    without the per-epoch cost. When ``batch_size`` does not divide ``samples``, each epoch's short
    last batch is padded with rows of weight 0, and its real rows get weight
    ``batch_size / rows`` so the batch loss stays the mean over the real rows (the padding rows
    add nothing to the loss or the gradient of a stateless model). Used in chapter 12.

    Parameters
    ----------
    X : array-like
        ``(samples, timesteps, features)``.
    y : array-like
        ``(samples, ...)``: the targets, e.g. from :func:`targets`.
    epochs : int
        >= 1.
    batch_size : int
        >= 1.
    sample_weight : array-like, optional
        ``(samples,)`` or ``(samples, n_towers)``; 1 for every row if not given.

    Returns
    -------
    Xs, ys, ws : numpy.ndarray
        ``epochs * batches * batch_size`` rows each, where ``batches = ceil(samples / batch_size)``.
    """
    epochs, batch_size = _count("epochs", epochs), _count("batch_size", batch_size)
    X = _finite("X", X, "(samples, timesteps, features)")
    if X.ndim != 3:
        raise ValueError(f"X must be 3-D (samples, timesteps, features), got shape {X.shape}")
    y = _finite("y", y, "(samples, ...)")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples (>= 1), got {len(X)} "
                         f"and {len(y)}")
    weight = np.ones(len(X), "float32") if sample_weight is None else \
        _finite("sample_weight", sample_weight, "(samples,) or (samples, n_towers)")
    if weight.ndim not in (1, 2) or len(weight) != len(X):
        raise ValueError(f"sample_weight must have one row per sample ({len(X)}), got shape "
                         f"{weight.shape}")
    if (weight < 0).any():
        raise ValueError("sample_weight must be >= 0 (0 hides a row), got negative weights")
    rows = epochs * -(-len(X) // batch_size) * batch_size
    size = rows * (X[0].nbytes + y[0].nbytes + weight[0].nbytes)
    if size > _MAX_BYTES:
        raise ValueError(f"epochs={epochs} and batch_size={batch_size} would build {rows:,} rows "
                         f"({size / 1e9:.1f} GB); expected arrays that fit in memory: fewer "
                         "epochs, or several fit() calls")
    short = len(X) % batch_size
    if short:
        pad = batch_size - short
        weight = weight.copy()
        weight[len(X) - short:] *= batch_size / short
        X = np.concatenate([X, np.repeat(X[-1:], pad, axis=0)])
        y = np.concatenate([y, np.repeat(y[-1:], pad, axis=0)])
        weight = np.concatenate([weight, np.zeros((pad,) + weight.shape[1:], "float32")])

    def tile(a):
        return np.tile(a, (epochs,) + (1,) * (a.ndim - 1))

    return tile(X), tile(y), tile(weight)


def snapshot(model):
    """Copy a compiled model's weights and optimizer state, to :func:`restore` them later.

    Chapter 14 trains every update strategy from the same starting point with one compiled model:
    restoring a snapshot is far cheaper than building and compiling a model per strategy.

    Parameters
    ----------
    model : keras.Model
        Compiled, with its optimizer built (:func:`stack` builds it).

    Returns
    -------
    tuple of (list of numpy.ndarray, list of numpy.ndarray)
        The weights and the optimizer's variables (its step count and moment estimates).
    """
    _model("model", model)
    if not getattr(model, "optimizer", None) or not model.optimizer.built:
        raise ValueError("model must be compiled and its optimizer built; call "
                         "model.optimizer.build(model.trainable_variables) first")
    return ([ops.convert_to_numpy(w) for w in model.weights],
            [ops.convert_to_numpy(v) for v in model.optimizer.variables])


def restore(model, state):
    """Put back the weights and optimizer state a :func:`snapshot` of this model recorded."""
    _model("model", model)
    if not getattr(model, "optimizer", None) or not model.optimizer.built:
        raise ValueError("model must be compiled and its optimizer built, as when it was "
                         "snapshot")
    if not isinstance(state, tuple | list) or len(state) != 2:
        raise ValueError(f"state must be what snapshot(model) returned (weights, optimizer "
                         f"values), got {state!r:.60}")
    weights, optimizer_values = state
    expected = [tuple(v.shape) for v in (*model.weights, *model.optimizer.variables)]
    try:
        shapes = [np.shape(value) for value in (*weights, *optimizer_values)]
    except (TypeError, ValueError):
        shapes = None
    if shapes != expected or len(weights) != len(model.weights):
        raise ValueError("state must be a snapshot of this model (its weights and optimizer "
                         "variables do not match)")
    if not all(np.isfinite(np.asarray(v, dtype=float)).all() for v in (*weights, *optimizer_values)):
        raise ValueError("state must hold finite numbers, got NaN or inf: the snapshot was "
                         "taken of a model that had diverged")
    for variable, value in zip(model.weights, weights, strict=True):
        variable.assign(value)
    for variable, value in zip(model.optimizer.variables, optimizer_values, strict=True):
        variable.assign(value)
