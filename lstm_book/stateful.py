"""Stateful LSTMs that carry their state from batch to batch on every Keras backend.

A layer built with ``stateful=True`` keeps its last state (for an LSTM, ``h`` and ``c``) and starts
the next batch from it. On TensorFlow, Keras 3 does this inside ``fit()``, ``predict()``,
``train_on_batch()`` and ``predict_on_batch()``. On JAX it does not (Keras 3.15):
those methods run a compiled, pure step that takes and returns only the variables the model
tracks, and Keras keeps a layer's state variables out of that list (so that ``get_weights()`` stays
the same for every batch size). The state each step computes is thrown away and every batch starts
from the state held before the call: a stateful model trains and predicts as a stateless one, with
no error. Calling the model directly (``model(x)``) does carry the state on every backend.

On PyTorch, prediction carries the state, but training fails: Keras writes the new state into
the old tensor in place, which autograd still needs for the batch's backward pass (a RuntimeError,
"modified by an inplace operation").

:func:`carry_state` makes every backend carry the state, for the duration of a ``with`` block: on
JAX it lets the compiled step take the state in and hand it back, on PyTorch it keeps each new
state in a new tensor, and on TensorFlow it does nothing. Chapters 2 and 4 train and predict with
stateful models inside it.

Copy this file into your own project as it is: it needs only keras, nothing else from ``lstm_book``.
"""


def carry_state(model):
    """A context manager inside which ``fit``/``predict`` carry ``model``'s stateful state between batches.

    Use it around every ``fit()``, ``predict()``, ``train_on_batch()`` or ``predict_on_batch()`` of
    a model with stateful recurrent layers::

        with stateful.carry_state(model):
            model.fit(X, y, batch_size=BATCH, shuffle=False)

    On JAX, it adds each stateful layer's state variables to the variables the layer tracks, so
    Keras's compiled step takes them in and hands their new values back; on leaving the block it
    removes them again, so ``get_weights()`` and saved files hold the weights only, as everywhere
    else. On PyTorch, it stores each new state in a new tensor rather than over the old one, which
    autograd may still need. On TensorFlow, which carries the state already, it changes nothing.
    Resetting (``layer.reset_state()``) works the same inside and outside the block.

    Parameters
    ----------
    model : keras.Model or keras.layers.Layer
        A built model with at least one recurrent layer built with ``stateful=True`` (its batch
        size fixed, e.g. ``keras.Input(batch_shape=(batch, timesteps, n_features))``).

    Returns
    -------
    context manager
        Entering it returns ``model``.
    """
    import keras

    if not isinstance(model, keras.layers.Layer):
        raise TypeError(f"model must be a Keras model or layer, got {type(model).__name__}")
    layers = [layer for layer in model._flatten_layers() if getattr(layer, "stateful", False)]
    if not layers:
        raise ValueError("model must have a stateful layer, and this one has none: carry_state is "
                         "for models whose recurrent layers were built with stateful=True")
    unbuilt = [layer.name for layer in layers if getattr(layer, "states", None) is None]
    if unbuilt:
        raise ValueError(f"model must be built before carry_state, but its stateful layer(s) "
                         f"{', '.join(unbuilt)} are not built yet: start the model with "
                         "keras.Input(batch_shape=(batch, timesteps, n_features)), or call it once "
                         "on a batch")
    return _CarriedState(model, layers, keras.backend.backend())


class _CarriedState:
    """While the block runs: on JAX, track the state variables of ``layers``; on PyTorch, store
    each new state as a new tensor instead of writing over the old one."""

    def __init__(self, model, layers, backend):
        self.model, self.layers, self.backend = model, layers, backend
        self.added, self.rebound = [], []

    def __enter__(self):
        import keras

        for layer in self.layers:
            tracked = {id(variable) for variable in layer.non_trainable_variables}
            for variable in keras.tree.flatten(layer.states):
                if self.backend == "jax" and id(variable) not in tracked:
                    _track(layer, variable)
                    self.added.append((layer, variable))
                elif self.backend == "torch":
                    # Keras writes a new state into the old tensor in place, while autograd still
                    # needs the old one for this batch's backward pass ("modified by an inplace
                    # operation"): keep the old tensor intact and hold the new value in a new one.
                    variable._direct_assign = _rebinding_assign(variable)
                    self.rebound.append(variable)
        return self.model

    def __exit__(self, *exc):
        while self.added:
            layer, variable = self.added.pop()
            layer._untrack_variable(variable)
        while self.rebound:
            del self.rebound.pop().__dict__["_direct_assign"]  # back to the class's own method
        return False


def _rebinding_assign(variable):
    def assign(value):
        variable._value = value.detach().clone()
    return assign


def _track(layer, variable):
    # A built layer's tracker is locked against new variables; open it for this one only.
    locked = layer._tracker.locked
    layer._tracker.unlock()
    try:
        layer._track_variable(variable)
    finally:
        if locked:
            layer._tracker.lock()
