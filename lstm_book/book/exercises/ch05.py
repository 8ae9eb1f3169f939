"""Checks for chapter 5's exercises (models for sequence prediction)."""

from types import SimpleNamespace

from lstm_book.book.exercises import Exercise, quiz


def _layer_types(model):
    # Names of the layers, looking inside wrappers such as TimeDistributed and Bidirectional.
    names = []
    for layer in model.layers:
        names.append(type(layer).__name__)
        inner = getattr(layer, "layer", None) or getattr(layer, "forward_layer", None)
        if inner is not None:
            names.append(type(inner).__name__)
    return names


def _is_many_to_many(model):
    return (tuple(model.input_shape) == (None, 7, 3) and tuple(model.output_shape) == (None, 7, 2)
            and "LSTM" in _layer_types(model))


def _is_one_to_many(model):
    types = _layer_types(model)
    return (tuple(model.input_shape) == (None, 1, 4) and tuple(model.output_shape) == (None, 6, 1)
            and "RepeatVector" in types and "LSTM" in types)


# Output shapes of the stack in exercise 05.3, layer by layer (batch axis None).
_STACK_SHAPES = [(None, 6, 4), (None, 3), (None, 5, 3), (None, 5, 2), (None, 5, 1)]


def _shapes(answer):
    return [tuple(None if size is None else int(size) for size in shape) for shape in answer]


_KINDS = {"sentiment": "many-to-one", "captioning": "one-to-many", "translation": "many-to-many",
          "tagging": "many-to-many"}


def _fake_model(input_shape, output_shape, *layer_names):
    layers = [type(name, (), {})() for name in layer_names]
    return SimpleNamespace(input_shape=input_shape, output_shape=output_shape, layers=layers)


CHECKS = {
    "05.1": Exercise(
        question="answer is a model with input (None, 7, 3) and output (None, 7, 2) built around an LSTM.",
        is_correct=_is_many_to_many,
        hint="return_sequences=True keeps all 7 steps; TimeDistributed(Dense(2)) gives 2 values per step.",
        wrong_answers=(_fake_model((None, 7, 3), (None, 2), "LSTM", "Dense"),
                       _fake_model((None, 7, 3), (None, 7, 2), "Dense")),
    ),
    "05.2": Exercise(
        question="answer is a model with input (None, 1, 4) and output (None, 6, 1) that uses "
                 "RepeatVector and an LSTM.",
        is_correct=_is_one_to_many,
        hint="encoder LSTM -> RepeatVector(6) -> LSTM(..., return_sequences=True) -> "
             "TimeDistributed(Dense(1)).",
        wrong_answers=(_fake_model((None, 1, 4), (None, 6), "LSTM", "Dense"),
                       _fake_model((None, 1, 4), (None, 6, 1), "LSTM", "Dense", "Reshape")),
    ),
    "05.3": Exercise(
        question="answer is the list of the five layers' output shapes, batch axis None, for "
                 "Input(6, 2) -> LSTM(4, return_sequences) -> LSTM(3) -> RepeatVector(5) -> "
                 "LSTM(2, return_sequences) -> TimeDistributed(Dense(1)).",
        is_correct=lambda answer: _shapes(answer) == _STACK_SHAPES,
        hint="Follow the time axis: which layers keep it, which drop it, which create it? The last "
             "axis is the number of units of the layer.",
        wrong_answers=([(None, 6, 4), (None, 6, 3), (None, 5, 3), (None, 5, 2), (None, 5, 1)],
                       [(None, 6, 4), (None, 3), (None, 5, 3), (None, 2), (None, 1)],
                       [(None, 6, 4), (None, 3), (None, 3, 5), (None, 5, 2), (None, 5, 1)],
                       _STACK_SHAPES[:4]),
    ),
    "05.4": Exercise(
        question="answer is a dict: sentiment, captioning, translation, tagging -> the kind of model.",
        is_correct=lambda answer: dict(answer) == _KINDS,
        hint="count time steps: how many go in, how many come out (one, or many)?",
        wrong_answers=({**_KINDS, "captioning": "many-to-one"}, {**_KINDS, "tagging": "many-to-one"},
                       {**_KINDS, "sentiment": "one-to-one"}),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "05.q1": quiz.name(
        question="The LSTM argument that returns one output per time step.",
        accepted="return_sequences",
        hint="It decides whether the LSTM hands on one vector or one vector per step.",
        wrong=("return_state", "stateful", "go_backwards", "TimeDistributed")),
    "05.q2": quiz.number(
        question="The parameters of TimeDistributed(Dense(1)) on an LSTM(20) with "
                 "return_sequences=True over 50 steps.",
        right=21, hint="TimeDistributed applies one Dense layer, with one set of weights, at every step.",
        wrong=(1050, 20, 1000, 51)),
    "05.q3": quiz.choice(
        question="The kind of model that reads 30 frames and writes a 12-word caption. A letter.",
        right="d", hint="Count the time steps that go in and the time steps that come out."),
    "05.q4": quiz.choice(
        question="What RepeatVector(8) decides in an encoder-decoder. A letter.",
        right="c", hint="RepeatVector copies the encoder's one vector; the copies are the decoder's input."),
    "05.q5": quiz.number(
        question="The time steps an LSTM runs over for 12 values shaped (1, 1, 12).",
        right=1, hint="Read the shape as (samples, timesteps, features).",
        wrong=(12, 0)),
})
