"""Checks for chapter 13's exercises (making predictions)."""

import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from lstm_book.book.exercises import Exercise


def _softmax_cases():
    rng = np.random.default_rng(13)
    for shape in ((6, 3), (1, 5), (20, 2)):
        logits = rng.normal(size=shape)
        yield np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)


def _gives_classes(function):
    return all(np.array_equal(np.asarray(function(p)), p.argmax(axis=1)) for p in _softmax_cases())


def _reloads_the_same(function):
    import keras

    model = keras.Sequential([keras.Input(shape=(3, 2)), keras.layers.LSTM(4), keras.layers.Dense(2)])
    X = np.random.default_rng(13).random((5, 3, 2), dtype=np.float32)
    with tempfile.TemporaryDirectory() as folder:
        rebuilt = function(model, Path(folder))
    return (isinstance(rebuilt, keras.Model) and rebuilt is not model
            and np.array_equal(rebuilt.predict(X, verbose=0), model.predict(X, verbose=0)))


def _forecasts_three_months(model):
    names = [type(layer).__name__ for layer in model.layers]
    return (tuple(model.input_shape) == (None, 12, 1) and tuple(model.output_shape) == (None, 3)
            and "LSTM" in names)


def _fake_model(input_shape, output_shape, *layer_names):
    layers = [type(name, (), {})() for name in layer_names]
    return SimpleNamespace(input_shape=input_shape, output_shape=output_shape, layers=layers)


CHECKS = {
    "13.1": Exercise(
        question="answer is a function to_classes(probabilities) returning the class of each row, "
                 "shape (samples,).",
        is_correct=_gives_classes,
        hint="the predicted class is the column with the largest probability.",
        wrong_answers=(lambda p: np.asarray(p).argmin(axis=1), lambda p: np.asarray(p).max(axis=1),
                       lambda p: np.round(np.asarray(p)[:, 0])),
    ),
    "13.2": Exercise(
        question="answer is a function reload(model, folder) that saves the model as JSON plus "
                 ".weights.h5 in folder and returns a new model built from those files.",
        is_correct=_reloads_the_same,
        hint="model.to_json() and model.save_weights(folder / 'x.weights.h5'); then "
             "keras.models.model_from_json(...) and load_weights(...).",
        wrong_answers=(lambda model, folder: model,
                       lambda model, folder: __import__("keras").models.clone_model(model)),
    ),
    "13.3": Exercise(
        question="answer is an untrained model with input (None, 12, 1), an LSTM layer, and output "
                 "(None, 3).",
        is_correct=_forecasts_three_months,
        hint="keep the input of the one-month forecaster and give the Dense output layer 3 units.",
        wrong_answers=(_fake_model((None, 12, 1), (None, 1), "LSTM", "Dense"),
                       _fake_model((None, 12, 1), (None, 3), "Dense"),
                       _fake_model((None, 3, 1), (None, 3), "LSTM", "Dense")),
    ),
}
