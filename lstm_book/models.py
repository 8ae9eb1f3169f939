"""Builders for each chapter's architecture. Each returns a compiled Keras 3 model.

Sizes are arguments whose defaults are the book's values, so ``models.vanilla_lstm()`` is the
chapter's model and ``models.vanilla_lstm(units=50)`` an experiment with it.
"""

import keras


# --- chapters 6-8 ---------------------------------------------------------------------------------


def _adam_compiled(model, loss, metrics, learning_rate, jit_compile):
    """Compile with Adam, as every model of chapters 6-8 does in the book."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss,
                  metrics=metrics, jit_compile=jit_compile)
    return model


def vanilla_lstm(length=5, n_features=10, units=25, learning_rate=0.001, jit_compile="auto"):
    """The Vanilla LSTM of chapter 6: LSTM(units) -> Dense(n_features, softmax).

    With the defaults it is the book's echo model, 3,860 parameters.

    Parameters
    ----------
    length : int or None
        Time steps per input sequence (``None`` accepts any length).
    n_features : int
        One-hot width of each time step and number of output classes.
    units : int
        LSTM memory cells.
    learning_rate : float
        Adam's step size (the book keeps Keras' default, 0.001).
    jit_compile : bool or "auto"
        Passed to ``compile``: True compiles the training step with XLA.

    Returns
    -------
    keras.Model
        Compiled with categorical cross-entropy and accuracy. Input ``(batch, length, n_features)``,
        output ``(batch, n_features)`` class probabilities.
    """
    model = keras.Sequential([
        keras.Input(shape=(length, n_features)),
        keras.layers.LSTM(units),
        keras.layers.Dense(n_features, activation="softmax"),
    ], name="vanilla_lstm")
    return _adam_compiled(model, "categorical_crossentropy", ["accuracy"], learning_rate, jit_compile)


def stacked_lstm(length=50, output=5, units=(20, 20), learning_rate=0.001, jit_compile="auto"):
    """The Stacked LSTM of chapter 7: LSTM layers in a stack -> Dense(output).

    Every LSTM but the last returns its whole output sequence, so the next one gets a 3-D input.
    With the defaults it is the book's damped-sine model, 5,145 parameters.

    Parameters
    ----------
    length : int or None
        Input time steps (one feature each).
    output : int
        Values forecast at once.
    units : sequence of int
        Memory cells of each LSTM layer, first to last (at least one layer).
    learning_rate : float
        Adam's step size (book: 0.001).
    jit_compile : bool or "auto"
        Passed to ``compile``.

    Returns
    -------
    keras.Model
        Compiled with mean absolute error. Input ``(batch, length, 1)``, output ``(batch, output)``.
    """
    units = tuple(units)
    if not units:
        raise ValueError("units must list at least one LSTM layer size, e.g. units=(20, 20)")
    layers = [keras.Input(shape=(length, 1))]
    for position, size in enumerate(units, 1):
        layers.append(keras.layers.LSTM(size, return_sequences=position < len(units)))
    layers.append(keras.layers.Dense(output))
    model = keras.Sequential(layers, name="stacked_lstm")
    return _adam_compiled(model, "mae", None, learning_rate, jit_compile)


def cnn_lstm(size=50, filters=2, kernel_size=2, pool_size=2, units=50, learning_rate=0.001,
             jit_compile="auto"):
    """The CNN LSTM of chapter 8: a small CNN reads each frame, an LSTM reads the frame features.

    TimeDistributed(Conv2D) -> TimeDistributed(MaxPooling2D) -> TimeDistributed(Flatten) ->
    LSTM(units) -> Dense(1, sigmoid). With the defaults it is the book's model, 240,661 parameters.

    Parameters
    ----------
    size : int
        Frames per video, and frame height and width (one channel).
    filters, kernel_size, pool_size : int
        The convolution's filters and square kernel, and the square max-pooling window.
    units : int
        LSTM memory cells.
    learning_rate : float
        Adam's step size (book: 0.001).
    jit_compile : bool or "auto"
        Passed to ``compile``.

    Returns
    -------
    keras.Model
        Compiled with binary cross-entropy and accuracy. Input ``(batch, size, size, size, 1)``:
        (videos, frames, rows, columns, channels); output ``(batch, 1)``, P(line moves right).
    """
    model = keras.Sequential([
        keras.Input(shape=(size, size, size, 1)),
        keras.layers.TimeDistributed(keras.layers.Conv2D(filters, kernel_size, activation="relu")),
        keras.layers.TimeDistributed(keras.layers.MaxPooling2D(pool_size)),
        keras.layers.TimeDistributed(keras.layers.Flatten()),
        keras.layers.LSTM(units),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name="cnn_lstm")
    return _adam_compiled(model, "binary_crossentropy", ["accuracy"], learning_rate, jit_compile)


# --- chapters 9-11 --------------------------------------------------------------------------------
