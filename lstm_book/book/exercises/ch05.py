"""Checks for chapter 5's exercises (models for sequence prediction)."""

from types import SimpleNamespace

from lstm_book.book.exercises import Exercise


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
        question="answer is the number of parameters of LSTM(10) on input (20 time steps, 3 features).",
        is_correct=lambda answer: int(answer) == 4 * (10 * (3 + 10) + 10) and float(answer) == int(answer),
        hint="each of the 4 gates has units x features input weights, units x units recurrent "
             "weights and units biases; time steps share them all.",
        wrong_answers=(4 * (10 * (20 + 10) + 10), 10 * (3 + 10) + 10, 4 * (10 * (20 * 3 + 10) + 10)),
    ),
    "05.4": Exercise(
        question="answer is a dict: sentiment, captioning, translation, tagging -> the kind of model.",
        is_correct=lambda answer: dict(answer) == _KINDS,
        hint="count time steps: how many go in, how many come out (one, or many)?",
        wrong_answers=({**_KINDS, "captioning": "many-to-one"}, {**_KINDS, "tagging": "many-to-one"},
                       {**_KINDS, "sentiment": "one-to-one"}),
    ),
}
