"""Checks for chapter 6's exercises (the Vanilla LSTM on echo sequences).

None of them depends on how well a model trained: they check a model's configuration, a
function's output on data generated here, or a count.
"""

import math

import numpy as np

from lstm_book import problems
from lstm_book.book.exercises import Exercise


def _is_echo_model(model, timesteps=25, n_features=100, units=25):
    import keras

    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    return (model.input_shape == (None, timesteps, n_features)
            and model.output_shape == (None, n_features)
            and len(lstms) == 1 and lstms[0].units == units
            and model.layers[-1].activation.__name__ == "softmax"
            and model.optimizer is not None)


def _finds_out_index(function):
    rng = np.random.default_rng(6)
    for out_index in (0, 3, 6):
        X, y = problems.echo(200, timesteps=7, n_features=10, out_index=out_index, rng=rng)
        if int(function(X, y)) != out_index:
            return False
    return True


def _counts_lstm_weights(function):
    import keras

    for units, n_features in ((25, 10), (1, 1), (7, 3), (20, 50)):
        layer = keras.layers.LSTM(units)
        layer.build((None, 5, n_features))
        if int(function(units, n_features)) != layer.count_params():
            return False
    return True


def _counts_updates(function):
    cases = ((10_000, 32, 3), (10_000, 1, 1), (100, 30, 2), (5, 8, 4), (1_000, 1_000, 7))
    return all(int(function(n, batch, epochs)) == math.ceil(n / batch) * epochs
               for n, batch, epochs in cases)


def _is_accuracy_by_position(answer):
    return (set(answer) == {0, 19}
            and all(0.0 <= float(value) <= 1.0 for value in answer.values()))


CHECKS = {
    "06.1": Exercise(
        question="answer is a compiled Vanilla LSTM (25 memory cells) for echo sequences of 25 time "
                 "steps and 100 features, as in the book's demo.",
        is_correct=_is_echo_model,
        hint="models.vanilla_lstm takes timesteps and n_features as arguments; then compile it.",
        wrong_answers=(None, "model"),
    ),
    "06.2": Exercise(
        question="answer is a function find_out_index(X, y) that returns the time step that y echoes.",
        is_correct=_finds_out_index,
        hint="compare y with every time step of X at once (broadcast y[:, None, :]) and keep the "
             "step where every sequence matches.",
        wrong_answers=(lambda X, y: 0, lambda X, y: X.shape[1] - 1, lambda X, y: 2),
    ),
    "06.3": Exercise(
        question="answer is a function lstm_parameters(units, n_features) giving the number of "
                 "weights of keras.layers.LSTM(units) reading n_features inputs per time step.",
        is_correct=_counts_lstm_weights,
        hint="there are four gates; each has weights from the inputs, weights from the previous "
             "hidden state, and a bias per memory cell.",
        wrong_answers=(lambda units, n: 4 * units * (n + units),
                       lambda units, n: units * (n + units) + units,
                       lambda units, n: 4 * (units * (n + 1) + units)),
    ),
    "06.4": Exercise(
        question="answer is a function updates(n_samples, batch_size, epochs) giving the number of "
                 "gradient updates one fit() call makes.",
        is_correct=_counts_updates,
        hint="one update per batch; the last batch of an epoch may be smaller than batch_size.",
        wrong_answers=(lambda n, b, e: n * e // b, lambda n, b, e: n * e, lambda n, b, e: n // b),
    ),
    "06.5": Exercise(
        question="answer is a dict {0: accuracy, 19: accuracy}: the test accuracy of a model "
                 "trained to echo the first and one trained to echo the last of 20 time steps.",
        is_correct=_is_accuracy_by_position,
        hint="train one model per out_index with the same recipe, then score each on fresh data "
             "generated with its own out_index.",
        wrong_answers=({2: 1.0}, {0: 1.0, 19: 1.5}, {0: 1.0, 4: 1.0}, [0.9, 1.0]),
    ),
}
