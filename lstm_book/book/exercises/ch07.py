"""Checks for chapter 7's exercises (the Stacked LSTM on damped sine waves).

None of them depends on how well a model trained: they check a model's configuration, shapes,
a data set's invariants, or a function's output on fixed input.
"""

import numpy as np

from lstm_book.book.exercises import Exercise, quiz


def _is_three_layer_stack(model):
    import keras

    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    return (model.input_shape == (None, 50, 1) and model.output_shape == (None, 5)
            and [layer.units for layer in lstms] == [20, 20, 20]
            and [layer.return_sequences for layer in lstms] == [True, True, False]
            and model.optimizer is not None)


def _book_output_shapes():
    from lstm_book import models

    return [tuple(layer.output.shape) for layer in models.stacked_lstm().layers]


def _are_book_output_shapes(answer):
    return [tuple(shape) for shape in answer] == _book_output_shapes()


def _is_long_forecast_data(answer):
    X, y = (np.asarray(part) for part in answer)
    return (X.ndim == 3 and X.shape[1:] == (100, 1) and y.shape == (len(X), 10) and len(X) >= 1
            and X.min() >= 0 and X.max() <= 1 and y.min() >= 0 and y.max() <= 1
            and np.allclose(X[:, 0, 0], 0.5)  # every damped sine starts at 0.5
            and not np.allclose(y[:, 0], X[:, -1, 0]))  # y continues X, it does not repeat it


def _slope(X):
    return X[:, -1, :] - X[:, -2, :]


def _steps(horizon, first):
    return np.arange(first, first + horizon)


def _is_linear_extrapolation(function):
    X = np.random.default_rng(0).random((3, 8, 1))
    last, previous = X[:, -1, :], X[:, -2, :]
    for horizon in (1, 5):
        forecast = np.asarray(function(X, horizon))
        expected = last + np.arange(1, horizon + 1) * (last - previous)
        if forecast.shape != (3, horizon) or not np.allclose(forecast, expected):
            return False
    return True


CHECKS = {
    "07.1": Exercise(
        question="answer is a compiled stack of three LSTM layers of 20 memory cells for the damped "
                 "sine problem (50 steps in, 5 out).",
        is_correct=_is_three_layer_stack,
        hint="models.stacked_lstm takes the memory cells of each layer as a tuple, one entry per "
             "layer; then compile it.",
        wrong_answers=(None, "three layers"),
    ),
    "07.2": Exercise(
        question="answer is the list of output shapes (tuples, None for the batch) of the layers of "
                 "models.stacked_lstm(), first to last.",
        is_correct=_are_book_output_shapes,
        hint="the first LSTM returns its whole sequence, the second only its last step.",
        wrong_answers=([(None, 20), (None, 20), (None, 5)],
                       [(None, 50, 20), (None, 50, 20), (None, 5)],
                       [(None, 50, 1), (None, 20), (None, 5)]),
    ),
    "07.3": Exercise(
        question="answer is (X, y): damped sine waves of 100 input steps and 10 steps to forecast.",
        is_correct=_is_long_forecast_data,
        hint="problems.damped_sine takes the input steps (timesteps) and the forecast steps (horizon).",
        wrong_answers=((np.full((4, 50, 1), 0.5), np.zeros((4, 5))),
                       (np.full((4, 100, 1), 0.5), np.full((4, 10), 0.5)),
                       (np.zeros((4, 100, 1)), np.zeros((4, 10)))),
    ),
    "07.4": Exercise(
        question="answer is a function linear_extrapolation(X, horizon) that continues the line "
                 "through the last two inputs: step k ahead is last + k * (last - previous), "
                 "shape (samples, horizon).",
        is_correct=_is_linear_extrapolation,
        hint="X[:, -1, :] and X[:, -2, :] have shape (samples, 1); the steps ahead, 1 to horizon, "
             "as an array broadcast against them give shape (samples, horizon).",
        wrong_answers=(lambda X, horizon: np.repeat(X[:, -1, :], horizon, axis=1),  # persistence
                       lambda X, horizon: X[:, -1, :] - _steps(horizon, 1) * _slope(X),  # wrong sign
                       lambda X, horizon: X[:, -1, :] + _steps(horizon, 0) * _slope(X),  # from k = 0
                       lambda X, horizon: X[:, -horizon:, 0]),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "07.q1": quiz.choice(
        question="What the second LSTM of the stack receives at each time step. A letter.",
        right="b", hint="return_sequences=True on the first LSTM: what does it hand on?"),
    "07.q2": quiz.choice(
        question="How Dense(5) produces the 5 forecast steps. A letter.",
        right="c", hint="Chapter 5 compares a wider output layer with a decoder."),
    "07.q3": quiz.number(
        question="Gradient updates for 30,000 waves, batches of 128, 4 epochs.",
        right=940, hint="One update per batch; a short last batch is one more batch.",
        wrong=(936, 234, 235, 120_000)),
    "07.q4": quiz.choice(
        question="What one run of a stack against a single layer shows. A letter.",
        right="d", hint="Would the margin survive a different seed?"),
    "07.q5": quiz.choice(
        question="What a decaying learning rate buys at the end of training. A letter.",
        right="a", hint="The learning rate scales the size of each update."),
})
