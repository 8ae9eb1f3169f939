"""Checks for chapter 4's exercises (developing LSTMs in Keras)."""

from types import SimpleNamespace

import numpy as np

from lstm_book.book.exercises import Exercise


def _is_stateful_4_3_2(model):
    stateful = [layer for layer in model.layers if getattr(layer, "stateful", False)]
    return (tuple(model.input_shape) == (4, 3, 2) and tuple(model.output_shape) == (4, 1)
            and len(stateful) == 1 and type(stateful[0]).__name__ == "LSTM"
            and stateful[0].units == 6)


_SIGMOID = np.array([[0.2], [0.51], [0.5], [0.93]])
_SOFTMAX = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])


def _classes_are_right(function):
    sigmoid, softmax = np.asarray(function(_SIGMOID)), np.asarray(function(_SOFTMAX))
    return (sigmoid.shape == (4,) and sigmoid.tolist() == [0, 1, 0, 1]
            and softmax.shape == (3,) and softmax.tolist() == [1, 0, 2])


def _resets_every_stateful_layer(function):
    import keras

    model = keras.Sequential([keras.Input(batch_shape=(2, 3, 1)),
                              keras.layers.LSTM(3, stateful=True, return_sequences=True),
                              keras.layers.LSTM(2, stateful=True)])
    model(np.ones((2, 3, 1), dtype="float32"))  # leaves non-zero states behind
    function(model)
    states = [keras.ops.convert_to_numpy(state) for layer in model.layers for state in layer.states]
    return len(states) == 4 and all(np.all(state == 0) for state in states)


def _reset_first_layer_only(model):
    model.layers[0].reset_state()


_TABLE = np.arange(24.0).reshape(8, 3)

CHECKS = {
    "04.1": Exercise(
        question="answer is a model with input batch shape (4, 3, 2): a stateful LSTM(6), then Dense(1).",
        is_correct=_is_stateful_4_3_2,
        hint="a stateful model fixes its batch size: keras.Input(batch_shape=(batch, timesteps, "
             "features)), and the LSTM needs stateful=True.",
        wrong_answers=(SimpleNamespace(input_shape=(None, 3, 2), output_shape=(None, 1), layers=[]),
                       SimpleNamespace(input_shape=(4, 3, 2), output_shape=(4, 1), layers=[
                           SimpleNamespace(stateful=False, units=6)])),
    ),
    "04.2": Exercise(
        question="answer is a function classes(probabilities) -> labels of shape (n,), for sigmoid "
                 "(n, 1) and softmax (n, k) outputs.",
        is_correct=_classes_are_right,
        hint="a sigmoid output gives P(class 1): compare it with 0.5; a softmax output gives one "
             "probability per class: take the index of the largest along the last axis.",
        wrong_answers=(lambda p: np.argmax(p, axis=-1), lambda p: np.argmax(p, axis=0),
                       lambda p: (np.asarray(p) > 0.5).astype(int)),
    ),
    "04.3": Exercise(
        question="answer is a function reset_all(model) that zeroes the state of every stateful layer.",
        is_correct=_resets_every_stateful_layer,
        hint="loop over model.layers and call reset_state() on each layer whose stateful "
             "attribute is True.",
        wrong_answers=(lambda model: None, _reset_first_layer_only),
    ),
    "04.4": Exercise(
        question="answer is np.arange(24.0).reshape(8, 3) as one LSTM sample: shape (1, 8, 3).",
        is_correct=lambda answer: np.shape(answer) == (1, 8, 3) and np.array_equal(answer[0], _TABLE),
        hint="samples come first: one sample of 8 time steps with 3 features each.",
        wrong_answers=(_TABLE.reshape(1, 3, 8), _TABLE.T.reshape(1, 8, 3), _TABLE),
    ),
}
