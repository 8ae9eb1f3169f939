"""Builders for each chapter's architecture. Each returns a compiled Keras 3 model.

Sizes are arguments whose defaults are the book's values, so ``models.vanilla_lstm()`` is the
chapter's model and ``models.vanilla_lstm(units=50)`` an experiment with it.
"""

import keras

# --- chapters 6-8 ---------------------------------------------------------------------------------


def _adam_compiled(model, loss, metrics, learning_rate, clipnorm, jit_compile):
    """Compile with Adam, as every model of chapters 6-8 does in the book."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm),
                  loss=loss, metrics=metrics, jit_compile=jit_compile)
    return model


def vanilla_lstm(length=5, n_features=10, units=25, learning_rate=0.001, clipnorm=None,
                 jit_compile="auto"):
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
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
        Adam's step size (the book keeps Keras' default, 0.001).
    clipnorm : float or None
        If set, Adam rescales each weight's gradient to at most this norm (against exploding
        gradients, chapter 2); the book does not clip.
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
    return _adam_compiled(model, "categorical_crossentropy", ["accuracy"], learning_rate, clipnorm,
                          jit_compile)


def stacked_lstm(length=50, output=5, units=(20, 20), learning_rate=0.001, clipnorm=None,
                 jit_compile="auto"):
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
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
        Adam's step size (book: 0.001).
    clipnorm : float or None
        If set, Adam rescales each weight's gradient to at most this norm (against exploding
        gradients, chapter 2); the book does not clip.
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
    return _adam_compiled(model, "mae", None, learning_rate, clipnorm, jit_compile)


def cnn_lstm(size=50, filters=2, kernel_size=2, pool_size=2, units=50, learning_rate=0.001,
             clipnorm=None, jit_compile="auto"):
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
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
        Adam's step size (book: 0.001).
    clipnorm : float or None
        If set, Adam rescales each weight's gradient to at most this norm (against exploding
        gradients, chapter 2); the book does not clip.
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
    return _adam_compiled(model, "binary_crossentropy", ["accuracy"], learning_rate, clipnorm,
                          jit_compile)


# --- chapters 9-11 --------------------------------------------------------------------------------


def _compile_adam(model, loss, metrics, learning_rate, jit_compile, steps_per_execution):
    """Compile with Adam, as the book does for chapters 9-11; the rest are recipe options."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss,
                  metrics=metrics, jit_compile=jit_compile, steps_per_execution=steps_per_execution)
    return model


def encoder_decoder(question_length=8, answer_length=2, n_symbols=12, encoder_units=75,
                    decoder_units=50, learning_rate=0.001, jit_compile="auto", steps_per_execution=1):
    """The encoder-decoder LSTM of chapter 9: reads a question, then writes its answer.

    LSTM(encoder_units) -> RepeatVector(answer_length) -> LSTM(decoder_units, return_sequences)
    -> TimeDistributed(Dense(n_symbols, softmax)). The encoder squeezes the whole question into one
    vector; RepeatVector hands that vector to the decoder once per answer character. With the
    defaults it is the book's addition model, 52,212 parameters.

    Parameters
    ----------
    question_length, answer_length : int
        Input and output time steps; ``problems.addition_lengths(n_terms, largest)`` gives them.
    n_symbols : int
        One-hot width of a character (12 for ``problems.ADDITION_ALPHABET``).
    encoder_units, decoder_units : int
        Memory cells of the two LSTMs (book: 75 and 50).
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
        Adam's step size (the book keeps Keras' default, 0.001).
    jit_compile : bool or "auto"
        Passed to ``compile``; "auto" means no XLA on a CPU-only TensorFlow.
    steps_per_execution : int
        Training steps per call into the backend; more means less Python overhead per batch.

    Returns
    -------
    keras.Model
        Compiled with categorical cross-entropy and (per-character) accuracy. Input
        ``(batch, question_length, n_symbols)``, output ``(batch, answer_length, n_symbols)``.
    """
    model = keras.Sequential([
        keras.Input(shape=(question_length, n_symbols)),
        keras.layers.LSTM(encoder_units),
        keras.layers.RepeatVector(answer_length),
        keras.layers.LSTM(decoder_units, return_sequences=True),
        keras.layers.TimeDistributed(keras.layers.Dense(n_symbols, activation="softmax")),
    ], name="encoder_decoder")
    return _compile_adam(model, "categorical_crossentropy", ["accuracy"], learning_rate, jit_compile,
                         steps_per_execution)


@keras.saving.register_keras_serializable(package="lstm_book")
class ReverseTime(keras.layers.Layer):
    """Reverse a sequence along its time axis (chapter 10): ``(batch, steps, features)`` in and out.

    An LSTM with ``go_backwards=True`` returns its outputs in the order it read the input, last
    step first; this layer puts them back in time order, so output ``t`` lines up with label ``t``.
    """

    def call(self, inputs):
        return keras.ops.flip(inputs, axis=1)


def bidirectional_lstm(n_timesteps=10, units=50, merge_mode="concat", direction="both",
                       learning_rate=0.001, jit_compile="auto", steps_per_execution=1):
    """The bidirectional LSTM of chapter 10, which labels every step of a sequence.

    Bidirectional(LSTM(units, return_sequences), merge_mode) -> TimeDistributed(Dense(1, sigmoid)).
    With the defaults it is the book's cumulative-sum model, 20,901 parameters. ``direction``
    builds the chapter's comparison models from the same parts.

    Parameters
    ----------
    n_timesteps : int or None
        Steps per input sequence, one feature each.
    units : int
        Memory cells of each direction's LSTM.
    merge_mode : {"concat", "sum", "mul", "ave"}
        How the forward and backward outputs of each step are combined (only for "both").
    direction : {"both", "forward", "backward"}
        "both": the bidirectional model; "forward": one LSTM reading first to last step;
        "backward": one LSTM with ``go_backwards=True``, its outputs put back in time order.
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
        Adam's step size (book: 0.001).
    jit_compile : bool or "auto"
        Passed to ``compile``.
    steps_per_execution : int
        Training steps per call into the backend.

    Returns
    -------
    keras.Model
        Compiled with binary cross-entropy and per-step accuracy. Input ``(batch, n_timesteps, 1)``,
        output ``(batch, n_timesteps, 1)``: the probability that the running sum has passed the limit.
    """
    if merge_mode not in ("concat", "sum", "mul", "ave"):
        raise ValueError(f"merge_mode must be 'concat', 'sum', 'mul' or 'ave', got {merge_mode!r}")
    if direction not in ("both", "forward", "backward"):
        raise ValueError(f"direction must be 'both', 'forward' or 'backward', got {direction!r}")
    lstm = keras.layers.LSTM(units, return_sequences=True, go_backwards=direction == "backward")
    if direction == "both":
        recurrent = [keras.layers.Bidirectional(lstm, merge_mode=merge_mode)]
    else:
        recurrent = [lstm, ReverseTime()] if direction == "backward" else [lstm]
    model = keras.Sequential([
        keras.Input(shape=(n_timesteps, 1)),
        *recurrent,
        keras.layers.TimeDistributed(keras.layers.Dense(1, activation="sigmoid")),
    ], name=f"{direction}_lstm" if direction != "both" else f"bidirectional_lstm_{merge_mode}")
    return _compile_adam(model, "binary_crossentropy", ["accuracy"], learning_rate, jit_compile,
                         steps_per_execution)


def generative_lstm(units=10, learning_rate=0.001, jit_compile="auto", steps_per_execution=1):
    """The generative LSTM of chapter 11: from one corner of a shape, the next corner.

    LSTM(units) -> Dense(2), trained with mean absolute error. Fed its own predictions, it draws a
    shape corner by corner. With the defaults it has 542 parameters.

    Parameters
    ----------
    units : int
        LSTM memory cells (book: 10).
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
        Adam's step size (book: 0.001).
    jit_compile : bool or "auto"
        Passed to ``compile``.
    steps_per_execution : int
        Training steps per call into the backend; for a model this small the per-call overhead
        is most of the cost of a step.

    Returns
    -------
    keras.Model
        Compiled with mean absolute error. Input ``(batch, 1, 2)``: one (x, y) corner; output
        ``(batch, 2)``: the next corner.
    """
    model = keras.Sequential([
        keras.Input(shape=(1, 2)),
        keras.layers.LSTM(units),
        keras.layers.Dense(2),
    ], name="generative_lstm")
    return _compile_adam(model, "mae", None, learning_rate, jit_compile, steps_per_execution)
