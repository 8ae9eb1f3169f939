"""Gradients of a Keras model, with respect to its inputs or its weights, on every Keras backend.

Keras 3 trains a model the same way on TensorFlow, JAX and PyTorch, but it has no backend-neutral
call for "the gradient of this model's output" outside ``fit()``. Each backend has its own
machinery: TensorFlow records the forward pass on a ``tf.GradientTape``, JAX differentiates a
pure function with ``jax.grad`` (so the model runs through ``model.stateless_call`` with its
weights passed in), and PyTorch runs autograd. This module hides that behind one function with
one branch per backend, so a notebook never imports a backend. Chapter 2 uses it to measure
vanishing and exploding gradients.

Copy this file into your own project as it is: it needs only numpy and keras (and the backend
Keras runs on), nothing else from ``lstm_book``.
"""

import numpy as np

WITH_RESPECT_TO = ("inputs", "weights")
BACKENDS = ("tensorflow", "jax", "torch")


def gradient_function(model, wrt="inputs", loss=None, compiled=False):
    """A function ``gradient(x, y=None)`` that returns a gradient of ``model`` as NumPy arrays.

    What is differentiated: the sum of the model's outputs when ``loss`` is None (each sample's
    output depends only on its own inputs, so with ``wrt="inputs"`` row ``i`` of the result is
    the gradient of sample ``i``'s output), else ``loss(y, model(x))``, which must be a scalar
    (a ``keras.losses`` object, or a function of keras.ops such as
    ``lambda y, p: keras.ops.mean((p[:, 0] - y) ** 2)``).

    Parameters
    ----------
    model : keras.Model
        A built model (started with ``keras.Input``, or called once on data).
    wrt : {"inputs", "weights"}
        Differentiate with respect to the input array ``x`` or to ``model.trainable_variables``.
    loss : callable or None
        ``loss(y_true, y_pred) -> scalar``; None differentiates the sum of the outputs.
    compiled : bool
        Compile the gradient computation once and reuse it on every call with the same shapes:
        ``tf.function`` on TensorFlow, ``jax.jit`` on JAX. PyTorch always runs eagerly (its
        compiler, ``torch.compile``, costs far more than it saves on models this small). The
        first call pays the compile; time the calls after it.

    Returns
    -------
    callable
        ``gradient(x, y=None)``. With ``wrt="inputs"`` it returns an array of ``x``'s shape,
        e.g. ``(samples, timesteps, features)``; with ``wrt="weights"`` a list of arrays, one per
        entry of ``model.trainable_variables`` and of its shape.

    Raises
    ------
    TypeError
        ``model`` is not a Keras model, or ``loss`` is not callable.
    ValueError
        ``wrt`` is not "inputs" or "weights", the model has no weights yet, or Keras runs on a
        backend without a branch here.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}; build one with "
                        "keras.Input(...) and keras.Model(inputs, outputs) or keras.Sequential")
    if wrt not in WITH_RESPECT_TO:
        raise ValueError(f"wrt must be 'inputs' or 'weights', got {wrt!r}")
    if loss is not None and not callable(loss):
        raise TypeError(f"loss must be a function loss(y_true, y_pred) or None, got "
                        f"{type(loss).__name__}; e.g. keras.losses.MeanSquaredError()")
    if not model.trainable_variables:
        raise ValueError("model has no trainable weights yet: start it with keras.Input(shape=...) "
                         "or call it once on a batch of data before asking for gradients")
    backend = keras.backend.backend()
    if backend not in BACKENDS:
        raise ValueError(f"gradients need one of the backends {', '.join(BACKENDS)}; Keras runs "
                         f"on {backend!r}: set KERAS_BACKEND before Keras is imported")

    def objective(predictions, y):
        return keras.ops.sum(predictions) if loss is None else loss(y, predictions)

    branch = {"tensorflow": _tensorflow, "jax": _jax, "torch": _torch}[backend]
    compute = branch(model, wrt, objective, compiled)

    def gradient(x, y=None):
        x = _checked_x(x, wrt)
        if loss is not None and y is None:
            raise ValueError("y must be given when a loss is: gradient(x, y) with y the targets "
                             "of x")
        y = None if y is None else keras.ops.convert_to_tensor(np.asarray(y))
        result = compute(keras.ops.convert_to_tensor(x), y)
        if wrt == "inputs":
            return keras.ops.convert_to_numpy(result)
        return [np.zeros(v.shape, dtype=v.dtype) if g is None else keras.ops.convert_to_numpy(g)
                for v, g in zip(model.trainable_variables, result, strict=True)]

    return gradient


def input_gradients(model, x):
    """The gradient of the sum of ``model(x)`` with respect to ``x``: one row per sample.

    Chapter 2 averages its absolute value over the samples to see how much the output still
    depends on an input k steps back.

    Parameters
    ----------
    model : keras.Model
    x : array, shape (samples, timesteps, features) or whatever the model reads
        Floating-point inputs.

    Returns
    -------
    numpy.ndarray, the shape of ``x``
    """
    return gradient_function(model, wrt="inputs")(x)


def weight_gradients(model, x, y, loss):
    """The gradient of ``loss(y, model(x))`` with respect to each of the model's trainable weights.

    Chapter 2 takes its global norm to show a gradient that explodes.

    Parameters
    ----------
    model : keras.Model
    x : array, shape (samples, ...)
    y : array, shape (samples, ...)
        The targets of ``x``.
    loss : callable
        ``loss(y_true, y_pred) -> scalar``, e.g. ``keras.losses.MeanSquaredError()``.

    Returns
    -------
    list of numpy.ndarray
        One per entry of ``model.trainable_variables``, of the same shape.
    """
    if loss is None:
        raise TypeError("loss must be a function loss(y_true, y_pred), got None; "
                        "e.g. keras.losses.MeanSquaredError()")
    return gradient_function(model, wrt="weights", loss=loss)(x, y)


def _checked_x(x, wrt):
    """``x`` as a NumPy array; floating point when it is differentiated."""
    if x is None or isinstance(x, str | bytes | dict):
        raise TypeError(f"x must be an array of inputs for the model, got {type(x).__name__}")
    array = np.asarray(x)
    if array.ndim == 0 or array.size == 0:
        raise ValueError(f"x must be a non-empty batch of inputs (samples first), got shape "
                         f"{array.shape}; for one sample use x[np.newaxis]")
    if wrt == "inputs" and array.dtype.kind != "f":
        raise TypeError(f"x must hold floating-point numbers to be differentiated, got dtype "
                        f"{array.dtype}; use x.astype('float32')")
    return array


# --- one branch per backend: each returns compute(x, y) -> gradient tensor(s) -----------------------


def _tensorflow(model, wrt, objective, compiled):
    import tensorflow as tf

    def compute(x, y):
        with tf.GradientTape() as tape:
            if wrt == "inputs":
                tape.watch(x)  # a tape follows variables by itself, plain tensors only if told
            value = objective(model(x), y)
        return tape.gradient(value, x if wrt == "inputs" else model.trainable_variables)

    # reduce_retracing: a new batch size reuses one graph instead of tracing another.
    return tf.function(compute, reduce_retracing=True) if compiled else compute


def _jax(model, wrt, objective, compiled):
    import jax

    def value(trainable, non_trainable, x, y):
        # jax.grad needs a pure function: the weights come in as arguments, not as state.
        predictions, _ = model.stateless_call(trainable, non_trainable, x)
        return objective(predictions, y)

    grad = jax.grad(value, argnums=2 if wrt == "inputs" else 0)
    if compiled:
        grad = jax.jit(grad)

    def compute(x, y):
        return grad([v.value for v in model.trainable_variables],
                    [v.value for v in model.non_trainable_variables], x, y)

    return compute


def _torch(model, wrt, objective, compiled):
    import torch

    del compiled  # PyTorch runs eagerly; see gradient_function's docstring

    def compute(x, y):
        if wrt == "inputs":
            x = x.detach().requires_grad_(True)
        targets = [x] if wrt == "inputs" else [v.value for v in model.trainable_variables]
        # allow_unused: a weight the output does not depend on gets None (zeros), as on TensorFlow.
        gradients = torch.autograd.grad(objective(model(x), y), targets, allow_unused=True)
        return gradients[0] if wrt == "inputs" else list(gradients)

    return compute
