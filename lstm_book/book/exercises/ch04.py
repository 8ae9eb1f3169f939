"""Checks for chapter 4's exercises (developing LSTMs in Keras)."""

from types import SimpleNamespace

import numpy as np

from lstm_book.book.exercises import Exercise, quiz


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


def _encoder_decoder():
    """Stateful layers enc_1, enc_2, dec_1 (and a stateless Dense) with non-zero states."""
    import keras

    model = keras.Sequential([keras.Input(batch_shape=(2, 3, 1)),
                              keras.layers.LSTM(3, stateful=True, return_sequences=True, name="enc_1"),
                              keras.layers.LSTM(2, stateful=True, return_sequences=True, name="enc_2"),
                              keras.layers.LSTM(2, stateful=True, name="dec_1"),
                              keras.layers.Dense(1, name="encore")])
    model(np.ones((2, 3, 1), dtype="float32"))  # leaves non-zero states behind
    return model


def _states_are_zero(model, name):
    import keras

    return [bool(np.all(keras.ops.convert_to_numpy(state) == 0))
            for state in model.get_layer(name).states]


def _resets_only_matching_layers(function):
    model = _encoder_decoder()
    function(model, "enc")
    encoder_zero = _states_are_zero(model, "enc_1") + _states_are_zero(model, "enc_2")
    decoder_zero = _states_are_zero(model, "dec_1")
    other = _encoder_decoder()
    function(other, "dec")
    return (encoder_zero == [True] * 4 and decoder_zero == [False, False]
            and _states_are_zero(other, "dec_1") == [True, True]
            and _states_are_zero(other, "enc_1") == [False, False])


def _reset_every_stateful_layer(model, prefix):  # ignores the prefix
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()


def _reset_first_match_only(model, prefix):
    next(layer for layer in model.layers if layer.name.startswith(prefix)).reset_state()


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
        question="answer is a function reset_matching(model, prefix) that zeroes the states of the "
                 "stateful layers whose name starts with prefix, and no others.",
        is_correct=_resets_only_matching_layers,
        hint="every layer has a name; a stateful layer is one whose stateful attribute is True; "
             "a layer may match the prefix without being stateful.",
        wrong_answers=(lambda model, prefix: None, _reset_every_stateful_layer, _reset_first_match_only),
    ),
    "04.4": Exercise(
        question="answer is np.arange(24.0).reshape(8, 3) as one LSTM sample: shape (1, 8, 3).",
        is_correct=lambda answer: np.shape(answer) == (1, 8, 3) and np.array_equal(answer[0], _TABLE),
        hint="samples come first: one sample of 8 time steps with 3 features each.",
        wrong_answers=(_TABLE.reshape(1, 3, 8), _TABLE.T.reshape(1, 8, 3), _TABLE),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "04.q1": quiz.choice(
        question="What an LSTM sees in 10 numbers shaped (10, 1, 1). A letter.",
        right="c", hint="Read the shape as (samples, timesteps, features)."),
    "04.q2": quiz.number(
        question="How many (h, c) pairs a stateful LSTM(8) with batch_shape=(32, 5, 1) keeps.",
        right=32, hint="A stateful layer carries each batch row's state into the same row of the "
                       "next batch.",
        wrong=(8, 1, 5, 256)),
    "04.q3": quiz.choice(
        question="Why a stateful model is fitted with shuffle=False. A letter.",
        right="b", hint="What does the state carried into a batch row stand for?"),
    "04.q4": quiz.name(
        question="The Keras 3 method that clears a stateful layer's state.",
        accepted=("reset_state", "reset_states", "layer.reset_state"),
        hint="It lives on the layer, not on the model; chapter 4's Keras 2 to 3 table has it.",
        wrong=("reset", "model.reset_states", "clear_session", "reset_metrics")),
    "04.q5": quiz.number(
        question="Batches from one reset to the next, for 20-step sequences read in chunks of 5.",
        right=4, hint="A reset belongs where a new, independent sequence starts.",
        wrong=(5, 20, 1, 100)),
    "04.q6": quiz.choice(
        question="The output layer and loss of a binary classifier. A letter.",
        right="d", hint="One probability comes out of a sigmoid; which loss compares a probability "
                        "with a 0/1 label?"),
})
