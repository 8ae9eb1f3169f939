"""The book's architectures, one builder per model chapter (6-11). Each returns an UNCOMPILED model.

Copy this file; it needs only NumPy and Keras 3. Sizes are arguments whose defaults are the book's
values, so ``models.vanilla_lstm()`` is the chapter's model and ``models.vanilla_lstm(units=50)``
an experiment with it. The notebook compiles the model in view, then fits, evaluates, predicts::

    model = models.vanilla_lstm()
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

Every size is checked before a layer is built: a bad one raises a ValueError or TypeError that
names the argument, says what was expected and how to fix it.
"""

import keras
import numpy as np

# Sizes beyond these are refused up front: they are typing slips, and Keras would try to allocate.
_MOST = 10**6             # for any single size (time steps, features, units, ...)
_MOST_WEIGHTS = 10**8     # for the whole model: 400 MB of float32 weights


def _check_count(name, value, most=_MOST):
    """``value`` as an int; TypeError unless an integer (bools refused), ValueError unless in [1, most]."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a positive integer, got {value!r}; pass a whole number "
                        f"such as {name}=10")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if value > most:
        raise ValueError(f"{name} must be a positive integer of at most {most:,}, got {value!r}")
    return int(value)


def _check_flag(name, value):
    """``value`` as a bool; TypeError unless True or False (NumPy's bools too)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r:.60}")
    return bool(value)


def _check_timesteps(value, name="timesteps"):
    """``None`` (any length) or a positive integer."""
    return None if value is None else _check_count(name, value)


def _check_choice(name, value, choices):
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def _check_weights(weights, names):
    """Refuse a model whose weights would not fit in memory, naming the sizes that make it so."""
    if weights > _MOST_WEIGHTS:
        given = ", ".join(f"{name}={value!r}" for name, value in names.items())
        raise ValueError(f"{given} would give a model of about {weights:,} weights ("
                         f"{4 * weights / 2**30:,.1f} GiB), but the sizes must give at most "
                         f"{_MOST_WEIGHTS:,}; use fewer units or features")


def _lstm_weights(units, inputs):
    """Weights of keras.layers.LSTM(units) reading ``inputs`` values per step: 4 gates."""
    return 4 * units * (inputs + units + 1)


# --- chapters 6-8 ---------------------------------------------------------------------------------


def vanilla_lstm(timesteps=5, n_features=10, units=25):
    """The Vanilla LSTM of chapter 6: LSTM(units) -> Dense(n_features, softmax), uncompiled.

    With the defaults it is the book's echo model, 3,860 parameters. The chapter compiles it with
    Adam, categorical cross-entropy and accuracy.

    Parameters
    ----------
    timesteps : int or None
        Time steps per input sequence (``None`` accepts any length).
    n_features : int
        One-hot width of each time step and number of output classes.
    units : int
        LSTM memory cells.

    Returns
    -------
    keras.Model
        Input ``(batch, timesteps, n_features)``, output ``(batch, n_features)`` class
        probabilities. Not compiled.
    """
    timesteps = _check_timesteps(timesteps)
    n_features, units = _check_count("n_features", n_features), _check_count("units", units)
    _check_weights(_lstm_weights(units, n_features) + (units + 1) * n_features,
                   {"n_features": n_features, "units": units})
    return keras.Sequential([
        keras.Input(shape=(timesteps, n_features)),
        keras.layers.LSTM(units),
        keras.layers.Dense(n_features, activation="softmax"),
    ], name="vanilla_lstm")


def _check_units_list(units):
    if isinstance(units, str) or not isinstance(units, list | tuple | np.ndarray):
        raise TypeError(f"units must be a sequence of positive integers, one per LSTM layer, e.g. "
                        f"units=(20, 20), got {units!r}")
    if len(units) == 0:
        raise ValueError("units must list at least one LSTM layer size, e.g. units=(20, 20), got "
                         f"{units!r}")
    return tuple(_check_count(f"units[{position}]", size) for position, size in enumerate(units))


def stacked_lstm(timesteps=50, horizon=5, units=(20, 20)):
    """The Stacked LSTM of chapter 7: LSTM layers in a stack -> Dense(horizon), uncompiled.

    Every LSTM but the last returns its whole output sequence, so the next one gets a 3-D input.
    With the defaults it is the book's damped-sine model, 5,145 parameters. The chapter compiles it
    with Adam and mean absolute error.

    Parameters
    ----------
    timesteps : int or None
        Input time steps (one feature each).
    horizon : int
        Values forecast at once.
    units : sequence of int
        Memory cells of each LSTM layer, first to last (at least one layer).

    Returns
    -------
    keras.Model
        Input ``(batch, timesteps, 1)``, output ``(batch, horizon)``. Not compiled.
    """
    timesteps, horizon = _check_timesteps(timesteps), _check_count("horizon", horizon)
    units = _check_units_list(units)
    inputs = (1,) + units[:-1]
    weights = sum(_lstm_weights(size, width) for size, width in zip(units, inputs, strict=True))
    _check_weights(weights + (units[-1] + 1) * horizon, {"horizon": horizon, "units": units})
    layers = [keras.Input(shape=(timesteps, 1))]
    for position, size in enumerate(units, 1):
        layers.append(keras.layers.LSTM(size, return_sequences=position < len(units)))
    layers.append(keras.layers.Dense(horizon))
    return keras.Sequential(layers, name="stacked_lstm")


@keras.saving.register_keras_serializable(package="lstm_book")
class FramesToImages(keras.layers.Layer):
    """Fold the frames of videos into the batch (chapter 8): ``(videos, frames, *image)`` in,
    ``(videos * frames, *image)`` out, so that 2-D layers read every frame in one call."""

    def call(self, inputs):
        return keras.ops.reshape(inputs, (-1, *inputs.shape[2:]))

    def compute_output_shape(self, input_shape):
        videos, frames = input_shape[:2]
        return (None if videos is None or frames is None else videos * frames, *input_shape[2:])


@keras.saving.register_keras_serializable(package="lstm_book")
class ImagesToFrames(keras.layers.Layer):
    """Unfold what :class:`FramesToImages` folded (chapter 8): ``(videos * frames, *features)`` in,
    ``(videos, frames, n_features)`` out, each frame's features flattened into one vector.

    Parameters
    ----------
    frames : int
        Frames per video.
    """

    def __init__(self, frames, **kwargs):
        super().__init__(**kwargs)
        self.frames = _check_count("frames", frames)

    def call(self, inputs):
        return keras.ops.reshape(inputs, (-1, self.frames, int(np.prod(inputs.shape[1:]))))

    def compute_output_shape(self, input_shape):
        images = input_shape[0]
        return (None if images is None else images // self.frames, self.frames,
                int(np.prod(input_shape[1:])))

    def get_config(self):
        return {**super().get_config(), "frames": self.frames}


def cnn_lstm(timesteps=50, filters=2, kernel_size=2, pool_size=2, units=50):
    """The CNN LSTM of chapter 8: a small CNN reads each frame, an LSTM reads the frame features.

    FramesToImages -> Conv2D(filters, k, relu) -> MaxPooling2D(p) -> Flatten ->
    ImagesToFrames(timesteps) -> LSTM(units) -> Dense(1, sigmoid), uncompiled. Folding the frames
    into the batch lets the book's 2-D layers read every frame, with the same weights, in one call
    each; the book's ``TimeDistributed`` wrapper computes the same numbers with a loop over frames,
    which needs much more memory to train. With the defaults it is the book's model, 240,661
    parameters. The chapter compiles it with Adam, binary cross-entropy and accuracy.

    Parameters
    ----------
    timesteps : int
        Frames per video; each frame is ``timesteps`` x ``timesteps`` pixels (one channel), as in
        the book's moving-line videos (:func:`problems.moving_line`).
    filters, kernel_size, pool_size : int
        The convolution's filters and square kernel (at most ``timesteps``), and the square
        max-pooling window (at most the convolution's output, ``timesteps - kernel_size + 1``).
    units : int
        LSTM memory cells.

    Returns
    -------
    keras.Model
        Input ``(batch, timesteps, timesteps, timesteps, 1)``: (videos, frames, rows, columns,
        channels); output ``(batch, 1)``, P(line moves right). Not compiled.
    """
    timesteps, filters = _check_count("timesteps", timesteps), _check_count("filters", filters)
    kernel_size, pool_size = _check_count("kernel_size", kernel_size), _check_count("pool_size", pool_size)
    units = _check_count("units", units)
    if kernel_size > timesteps:
        raise ValueError(f"kernel_size must be at most timesteps={timesteps} (the frame's width), "
                         f"got {kernel_size}; use a smaller kernel or larger frames")
    convolved = timesteps - kernel_size + 1
    if pool_size > convolved:
        raise ValueError(f"pool_size must be at most {convolved} (timesteps - kernel_size + 1, the "
                         f"convolution's output width), got {pool_size}; use a smaller pool_size")
    frame_features = (convolved // pool_size) ** 2 * filters
    _check_weights(_lstm_weights(units, frame_features) + filters * (kernel_size**2 + 1),
                   {"timesteps": timesteps, "filters": filters, "kernel_size": kernel_size,
                    "pool_size": pool_size, "units": units})
    return keras.Sequential([
        keras.Input(shape=(timesteps, timesteps, timesteps, 1)),
        FramesToImages(),  # (videos, frames, ...) -> (videos * frames, ...): one image per frame
        keras.layers.Conv2D(filters, kernel_size, activation="relu"),
        keras.layers.MaxPooling2D(pool_size),
        keras.layers.Flatten(),
        ImagesToFrames(timesteps),  # back to (videos, frames, features) for the LSTM
        keras.layers.LSTM(units),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name="cnn_lstm")


# --- chapters 9-11 --------------------------------------------------------------------------------


def encoder_decoder(timesteps=8, horizon=2, n_features=12, encoder_units=75, decoder_units=50,
                    go_backwards=False):
    """The encoder-decoder LSTM of chapter 9: reads a question, then writes its answer; uncompiled.

    LSTM(encoder_units) -> RepeatVector(horizon) -> LSTM(decoder_units, return_sequences)
    -> TimeDistributed(Dense(n_features, softmax)). The encoder squeezes the whole question into
    one vector; RepeatVector hands that vector to the decoder once per answer character. With the
    defaults it is the book's addition model, 52,212 parameters. The chapter compiles it with
    Adam, categorical cross-entropy and (per-character) accuracy.

    Parameters
    ----------
    timesteps : int
        Input time steps (question characters); ``problems.addition_lengths(n_terms, largest)``
        gives them with ``horizon`` as ``(timesteps, horizon)``.
    horizon : int
        Output time steps (answer characters).
    n_features : int
        One-hot width of a character (12 for ``problems.ADDITION_ALPHABET``).
    encoder_units, decoder_units : int
        Memory cells of the two LSTMs (book: 75 and 50).
    go_backwards : bool
        Whether the encoder reads the question from its last character to its first (the book:
        False; chapter 9 reads backwards, as Sutskever et al. reversed their source sentences).

    Returns
    -------
    keras.Model
        Input ``(batch, timesteps, n_features)``, output ``(batch, horizon, n_features)``.
        Not compiled.
    """
    timesteps, horizon = _check_count("timesteps", timesteps), _check_count("horizon", horizon)
    n_features = _check_count("n_features", n_features)
    encoder_units = _check_count("encoder_units", encoder_units)
    decoder_units = _check_count("decoder_units", decoder_units)
    go_backwards = _check_flag("go_backwards", go_backwards)
    _check_weights(_lstm_weights(encoder_units, n_features)
                   + _lstm_weights(decoder_units, encoder_units) + (decoder_units + 1) * n_features,
                   {"n_features": n_features, "encoder_units": encoder_units,
                    "decoder_units": decoder_units})
    return keras.Sequential([
        keras.Input(shape=(timesteps, n_features)),
        keras.layers.LSTM(encoder_units, go_backwards=go_backwards),
        keras.layers.RepeatVector(horizon),
        keras.layers.LSTM(decoder_units, return_sequences=True),
        keras.layers.TimeDistributed(keras.layers.Dense(n_features, activation="softmax")),
    ], name="encoder_decoder")


def teacher_forcing_encoder_decoder(timesteps=8, horizon=2, n_features=12, units=128,
                                    go_backwards=True):
    """The state-passing encoder-decoder of chapter 9, trained with teacher forcing; uncompiled.

    The encoder LSTM reads the question and hands its final states ``[h, c]`` to the decoder LSTM
    as ``initial_state``; the decoder reads the answer shifted right by one step (a start token,
    then the right characters: *teacher forcing*) and a softmax layer writes each next character.
    The three models share their layers, so training ``trainer`` trains the other two, which the
    inference loop of chapter 9 calls: ``encoder`` once, then ``decoder_step`` once per character.

    Parameters
    ----------
    timesteps : int
        Question characters; ``problems.addition_lengths(n_terms, largest)`` gives
        ``(timesteps, horizon)``.
    horizon : int
        Answer characters.
    n_features : int
        One-hot width of a character (12 for ``problems.ADDITION_ALPHABET``).
    units : int
        Memory cells of each LSTM (the decoder starts from the encoder's states, so they match).
    go_backwards : bool
        Whether the encoder reads the question from its last character to its first (as
        Sutskever et al. 2014 reversed their source sentences): the units digits come first.

    Returns
    -------
    trainer : keras.Model
        Inputs ``[questions (batch, timesteps, n_features), shifted answers (batch, horizon,
        n_features)]``, output probabilities ``(batch, horizon, n_features)``.
    encoder : keras.Model
        Input questions, outputs the states ``[h, c]``, each ``(batch, units)``.
    decoder_step : keras.Model
        Inputs ``[previous character (batch, 1, n_features), h, c]``, outputs
        ``[probabilities (batch, 1, n_features), h, c]``.
    """
    timesteps, horizon = _check_count("timesteps", timesteps), _check_count("horizon", horizon)
    n_features, units = _check_count("n_features", n_features), _check_count("units", units)
    go_backwards = _check_flag("go_backwards", go_backwards)
    _check_weights(_lstm_weights(units, n_features) * 2 + (units + 1) * n_features,
                   {"n_features": n_features, "units": units})
    questions = keras.Input(shape=(timesteps, n_features), name="questions")
    _, h, c = keras.layers.LSTM(units, return_state=True, go_backwards=go_backwards,
                                name="encoder")(questions)
    decoder = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder")
    softmax = keras.layers.Dense(n_features, activation="softmax", name="next_character")
    shifted = keras.Input(shape=(horizon, n_features), name="shifted_answers")
    trainer = keras.Model([questions, shifted], softmax(decoder(shifted, initial_state=[h, c])[0]),
                          name="teacher_forcing_trainer")
    previous = keras.Input(shape=(1, n_features), name="previous_character")
    h_in, c_in = keras.Input(shape=(units,), name="h"), keras.Input(shape=(units,), name="c")
    output, h_out, c_out = decoder(previous, initial_state=[h_in, c_in])
    decoder_step = keras.Model([previous, h_in, c_in], [softmax(output), h_out, c_out],
                               name="decoder_step")
    return trainer, keras.Model(questions, [h, c], name="encoder"), decoder_step


@keras.saving.register_keras_serializable(package="lstm_book")
class ReverseTime(keras.layers.Layer):
    """Reverse a sequence along its time axis (chapter 10): ``(batch, timesteps, features)`` in and out.

    An LSTM with ``go_backwards=True`` returns its outputs in the order it read the input, last
    step first; this layer puts them back in time order, so output ``t`` lines up with label ``t``.
    """

    def call(self, inputs):
        return keras.ops.flip(inputs, axis=1)


def bidirectional_lstm(timesteps=10, units=50, merge_mode="concat", direction="both"):
    """The bidirectional LSTM of chapter 10, which labels every step of a sequence; uncompiled.

    Bidirectional(LSTM(units, return_sequences), merge_mode) -> TimeDistributed(Dense(1, sigmoid)).
    With the defaults it is the book's cumulative-sum model, 20,901 parameters. ``direction``
    builds the chapter's comparison models from the same parts. The chapter compiles it with Adam,
    binary cross-entropy and (per-step) accuracy.

    Parameters
    ----------
    timesteps : int or None
        Steps per input sequence, one feature each (``None`` accepts any length).
    units : int
        Memory cells of each direction's LSTM.
    merge_mode : {"concat", "sum", "mul", "ave"}
        How the forward and backward outputs of each step are combined (only for "both").
    direction : {"both", "forward", "backward"}
        "both": the bidirectional model; "forward": one LSTM reading first to last step;
        "backward": one LSTM with ``go_backwards=True``, its outputs put back in time order.

    Returns
    -------
    keras.Model
        Input ``(batch, timesteps, 1)``, output ``(batch, timesteps, 1)``: the probability that
        the running sum has passed the limit. Not compiled.
    """
    timesteps, units = _check_timesteps(timesteps), _check_count("units", units)
    merge_mode = _check_choice("merge_mode", merge_mode, ("concat", "sum", "mul", "ave"))
    direction = _check_choice("direction", direction, ("both", "forward", "backward"))
    _check_weights(2 * _lstm_weights(units, 1) + 2 * units + 1, {"units": units})
    lstm = keras.layers.LSTM(units, return_sequences=True, go_backwards=direction == "backward")
    if direction == "both":
        recurrent = [keras.layers.Bidirectional(lstm, merge_mode=merge_mode)]
    else:
        recurrent = [lstm, ReverseTime()] if direction == "backward" else [lstm]
    return keras.Sequential([
        keras.Input(shape=(timesteps, 1)),
        *recurrent,
        keras.layers.TimeDistributed(keras.layers.Dense(1, activation="sigmoid")),
    ], name=f"{direction}_lstm" if direction != "both" else f"bidirectional_lstm_{merge_mode}")


def generative_lstm(units=10):
    """The generative LSTM of chapter 11: from one corner of a shape, the next corner; uncompiled.

    LSTM(units) -> Dense(2). Fed its own predictions, it draws a shape corner by corner. With the
    defaults it has 542 parameters. The chapter compiles it with Adam and mean absolute error.

    Parameters
    ----------
    units : int
        LSTM memory cells (book: 10).

    Returns
    -------
    keras.Model
        Input ``(batch, 1, 2)``: one (x, y) corner; output ``(batch, 2)``: the next corner.
        Not compiled.
    """
    units = _check_count("units", units)
    _check_weights(_lstm_weights(units, 2) + 2 * units + 2, {"units": units})
    return keras.Sequential([
        keras.Input(shape=(1, 2)),
        keras.layers.LSTM(units),
        keras.layers.Dense(2),
    ], name="generative_lstm")


def char_lstm(n_symbols=128, units=128, embedding_dim=32, stateful=False):
    """The character-level language model of chapter 11: the next character's logits; uncompiled.

    ``Embedding(n_symbols, embedding_dim) -> LSTM(units, return_sequences=True) ->
    Dense(n_symbols)``: at every step, scores for the character that comes next. The chapter
    trains it on windows of text with ``SparseCategoricalCrossentropy(from_logits=True)``.

    ``stateful=True`` builds its twin for generation: one character of one sequence per call
    (input ``(1, 1)``), and an LSTM that keeps its state from one call to the next (until
    ``layer.reset_state()``). Its one step is unrolled (``unroll=True``): plain operations instead
    of a loop, which a direct call runs fast on every backend (a loop costs JAX a compilation per
    call). Both have the same weights, in the same order: ``twin.set_weights(model.get_weights())``.

    Parameters
    ----------
    n_symbols : int
        Size of the alphabet: the ids run from 0 to ``n_symbols - 1`` (128: every ASCII code).
    units : int
        LSTM memory cells.
    embedding_dim : int
        Length of the vector each character id becomes.
    stateful : bool
        False to train and score (any batch size); True for the batch-1 generation twin.

    Returns
    -------
    keras.Model
        Input ``(batch, timesteps)`` integer ids, any number of timesteps (the twin: ``(1, 1)``);
        output ``(batch, timesteps, n_symbols)``: logits (apply a softmax for probabilities). Not
        compiled.
    """
    n_symbols = _check_count("n_symbols", n_symbols)
    units, embedding_dim = _check_count("units", units), _check_count("embedding_dim", embedding_dim)
    stateful = _check_flag("stateful", stateful)
    _check_weights(n_symbols * embedding_dim + _lstm_weights(units, embedding_dim)
                   + (units + 1) * n_symbols,
                   {"n_symbols": n_symbols, "units": units, "embedding_dim": embedding_dim})
    return keras.Sequential([
        keras.Input(shape=(1,) if stateful else (None,), dtype="int32",
                    batch_size=1 if stateful else None),
        keras.layers.Embedding(n_symbols, embedding_dim),
        keras.layers.LSTM(units, return_sequences=True, stateful=bool(stateful),
                          unroll=bool(stateful)),
        keras.layers.Dense(n_symbols),
    ], name="char_lstm_stateful" if stateful else "char_lstm")
