"""Checks for chapter 13's exercises (making predictions)."""

import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from lstm_book.book.exercises import Exercise, quiz


def _change_scaler():
    from sklearn.preprocessing import MinMaxScaler

    changes = np.random.default_rng(13).normal(0, 20, size=(60, 1))
    return MinMaxScaler(feature_range=(-1, 1)).fit(changes)


def _gives_passengers(function):
    scaler = _change_scaler()
    scaled = np.random.default_rng(14).uniform(-1, 1, size=(4, 3))
    last = np.array([100.0, 250.0, 400.0, 0.0])
    changes = scaler.inverse_transform(scaled.reshape(-1, 1)).reshape(4, 3)
    expected = last[:, None] + np.cumsum(changes, axis=1)  # each month adds its change to the one before
    return np.allclose(np.asarray(function(scaled, scaler, last), dtype=float), expected)


def _adds_each_change_to_the_last_month(scaled_changes, scaler, last_value):
    changes = scaler.inverse_transform(np.reshape(scaled_changes, (-1, 1))).reshape(np.shape(scaled_changes))
    return np.asarray(last_value)[:, None] + changes


def _forgets_to_unscale(scaled_changes, scaler, last_value):
    return np.asarray(last_value)[:, None] + np.cumsum(scaled_changes, axis=1)


def _one_step_model_and_stepper():
    """An LSTM(4) -> Dense(2) on 6 steps of 3 features, and the same layers stateful, one step."""
    import keras

    model = keras.Sequential([keras.Input(shape=(6, 3)), keras.layers.LSTM(4), keras.layers.Dense(2)])
    stepper = keras.Sequential([keras.Input(batch_shape=(1, 1, 3)), keras.layers.LSTM(4, stateful=True),
                                keras.layers.Dense(2)])
    return model, stepper


def _transplants_through_a_file(function):
    model, stepper = _one_step_model_and_stepper()
    X = np.random.default_rng(13).random((1, 6, 3), dtype=np.float32)
    with tempfile.TemporaryDirectory() as folder:
        returned = function(model, stepper, Path(folder))
        wrote_weights = any(Path(folder).rglob("*.weights.h5"))
    if returned is not stepper or not wrote_weights:
        return False
    import keras

    # A direct call carries the stateful layer's state on every backend (JAX's predict() does not).
    for step in range(X.shape[1]):
        last = keras.ops.convert_to_numpy(stepper(X[:, step:step + 1]))
    return np.allclose(last, keras.ops.convert_to_numpy(model(X)), atol=1e-5)


def _transplant_in_memory(model, stepper, folder):  # the same weights, but no file
    stepper.set_weights(model.get_weights())
    return stepper


def _forecasts_three_months(model):
    names = [type(layer).__name__ for layer in model.layers]
    return (tuple(model.input_shape) == (None, 12, 1) and tuple(model.output_shape) == (None, 3)
            and "LSTM" in names)


def _fake_model(input_shape, output_shape, *layer_names):
    layers = [type(name, (), {})() for name in layer_names]
    return SimpleNamespace(input_shape=input_shape, output_shape=output_shape, layers=layers)


CHECKS = {
    "13.1": Exercise(
        question="answer is a function to_passengers(scaled_changes, scaler, last_value) -> "
                 "(samples, 3) forecast passengers.",
        is_correct=_gives_passengers,
        hint="undo the scaling first (the scaler wants one column), then undo the differencing: "
             "month 2 starts from month 1's forecast, not from the last observed month.",
        wrong_answers=(_adds_each_change_to_the_last_month, _forgets_to_unscale),
    ),
    "13.2": Exercise(
        question="answer is a function transplant(model, stepper, folder) that moves the weights of "
                 "model into stepper through a .weights.h5 file in folder and returns stepper.",
        is_correct=_transplants_through_a_file,
        hint="model.save_weights(path) with a name ending in .weights.h5, then "
             "stepper.load_weights(path); weights carry no batch size or sequence length.",
        wrong_answers=(lambda model, stepper, folder: model, _transplant_in_memory,
                       lambda model, stepper, folder: stepper),
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

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "13.q1": quiz.choice(
        question="What a .keras file holds for a compiled model. A letter.",
        right="c", hint="A .keras file lets training resume where it stopped."),
    "13.q2": quiz.name(
        question="The suffix a weights-only file name must end with in Keras 3.",
        accepted=(".weights.h5", "weights.h5"),
        hint="Chapter 4's table of Keras 2 and Keras 3 spellings has it.",
        wrong=(".h5", ".keras", ".hdf5", ".json")),
    "13.q3": quiz.choice(
        question="What a model finalized on all the data no longer lets you measure. A letter.",
        right="a", hint="Which data would you measure it on?"),
    "13.q4": Exercise(
        question="The shape predict returns for 8 samples through Dense(1, activation='sigmoid').",
        is_correct=lambda answer: tuple(int(size) for size in answer) == (8, 1),
        hint="One row per sample; one column per unit of the output layer.",
        wrong_answers=((8,), (8, 2), (1, 8))),
    "13.q5": quiz.choice(
        question="Why the airline forecaster learns month-to-month changes. A letter.",
        right="b", hint="Chapter 3 saw the test years scale to values above 1."),
})
