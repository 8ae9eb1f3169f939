"""Checks for chapter 14's exercises (updating models)."""

import numpy as np

from lstm_book.book.exercises import Exercise, quiz

# Series of changes (with their n_in and horizon): short, the chapter's length, a random one.
_SERIES = (
    (np.arange(10.0), (1, 2, 4), 3),
    (np.linspace(-1.0, 1.0, 35), (1, 3, 6), 12),
    (np.random.default_rng(14).normal(size=50), (1, 5, 12), 7),
)


def _all_windows(values, n_in):
    from lstm_book import prepare

    return prepare.sliding_windows(values, n_in)  # (samples, n_in, 1), (samples,)


def _windows_of(values, n_in, horizon):
    windows, targets = _all_windows(values, n_in)
    return windows[:-horizon], targets[:-horizon], windows[-horizon:], targets[-horizon:]


def _builds_the_history_windows(function):
    for values, lengths, horizon in _SERIES:
        for n_in in lengths:
            expected = _windows_of(values, n_in, horizon)
            given = [np.asarray(part, dtype=float) for part in function(values.copy(), n_in, horizon)]
            if len(given) != 4 or not all(part.shape == want.shape and np.allclose(part, want)
                                          for part, want in zip(given, expected, strict=True)):
                return False
    return True


def _target_inside_the_window(changes, n_in, horizon):  # the target is the window's own last value
    windows, _ = _all_windows(np.asarray(changes, dtype=float), n_in)
    targets = windows[:, -1, 0]
    return windows[:-horizon], targets[:-horizon], windows[-horizon:], targets[-horizon:]


def _split_before_windowing(changes, n_in, horizon):  # the test windows lose n_in test months
    values = np.asarray(changes, dtype=float)
    return (*_all_windows(values[:-horizon], n_in), *_all_windows(values[-horizon:], n_in))


def _without_the_feature_axis(changes, n_in, horizon):
    X_train, y_train, X_test, y_test = _windows_of(np.asarray(changes, dtype=float), n_in, horizon)
    return X_train[:, :, 0], y_train, X_test[:, :, 0], y_test


# (n_samples, horizon, window) for the walk-forward splits.
_SPLITS = ((35, 12, None), (35, 12, 10), (6, 2, 3), (8, 5, 4), (20, 3, 50), (5, 5, 2))


def _expected_splits(n_samples, horizon, window):
    return [(np.arange(0 if window is None else max(0, row - window), row), row)
            for row in range(n_samples - horizon, n_samples)]


def _splits_like_walk_forward(function):
    for n_samples, horizon, window in _SPLITS:
        expected = _expected_splits(n_samples, horizon, window)
        given = list(function(n_samples, horizon) if window is None
                     else function(n_samples, horizon, window=window))
        if len(given) != len(expected):
            return False
        for (rows, row), (want_rows, want_row) in zip(given, expected, strict=True):
            if int(row) != want_row or not np.array_equal(np.asarray(rows, dtype=int), want_rows):
                return False
    return True


def _trains_on_the_test_row(n_samples, horizon, window=None):
    return [(np.arange(0 if window is None else max(0, row - window), row + 1), row)
            for row in range(n_samples - horizon, n_samples)]


def _window_one_too_long(n_samples, horizon, window=None):
    return [(np.arange(0 if window is None else max(0, row - window - 1), row), row)
            for row in range(n_samples - horizon, n_samples)]


def _fixed_training_set(n_samples, horizon, window=None):  # "no update": never learns the new months
    first_test = n_samples - horizon
    start = 0 if window is None else max(0, first_test - window)
    return [(np.arange(start, first_test), row) for row in range(first_test, n_samples)]


def _drift_rmse(horizon=12):
    from lstm_book import datasets

    values = datasets.load("shampoo").to_numpy()
    months = np.arange(len(values) - horizon, len(values))
    drift = values[months - 1] + (values[months - 1] - values[0]) / (months - 1)
    return float(np.sqrt(np.mean((values[months] - drift) ** 2)))


CHECKS = {
    "14.1": Exercise(
        question="answer is a function history_windows(changes, n_in, horizon) returning (X_train, "
                 "y_train, X_test, y_test): windows of n_in changes, shape (samples, n_in, 1), each "
                 "with the change after it as target, the last horizon samples held out.",
        is_correct=_builds_the_history_windows,
        hint="window the whole series first, then split: a window starting at s holds values "
             "s .. s + n_in - 1 and its target is value s + n_in; the last horizon windows are the test.",
        wrong_answers=(_target_inside_the_window, _split_before_windowing, _without_the_feature_axis),
    ),
    "14.2": Exercise(
        question="answer is the RMSE of the drift forecast on the last 12 months of the shampoo series.",
        is_correct=lambda answer: bool(np.isclose(float(answer), _drift_rmse(), rtol=1e-9)),
        hint="for test month t (counting from 0), the forecast is values[t-1] + (values[t-1] - "
             "values[0]) / (t - 1); compare with values[t] and take the root of the mean square.",
        wrong_answers=(136.76131884905664, 0.0),
    ),
    "14.3": Exercise(
        question="answer is a function walk_forward_splits(n_samples, horizon, window=None) returning, "
                 "for each of the last horizon samples, (indices of the earlier samples to train on, "
                 "the sample's index); only the window most recent ones when window is given.",
        is_correct=_splits_like_walk_forward,
        hint="the model that forecasts sample t may learn only from samples before t: all of them, "
             "or only the last `window` of them (from index 0 at the earliest).",
        wrong_answers=(_trains_on_the_test_row, _window_one_too_long, _fixed_training_set),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "14.q1": quiz.choice(
        question="What walk-forward validation does month by month. A letter.",
        right="b", hint="Test the model the way it will be used: the future arrives one month at a time."),
    "14.q2": quiz.choice(
        question="The risk of 50 epochs on one new sample. A letter.",
        right="c", hint="What does the loss of those 50 epochs measure, and what does it ignore?"),
    "14.q3": quiz.choice(
        question="Why each update is written as a new version. A letter.",
        right="a", hint="Think of an update that turns out worse, or a save that fails."),
    "14.q4": quiz.number(
        question="New version files after a save that dies halfway.",
        right=0, hint="The file gets its final name only when it is complete.",
        wrong=(1, 2)),
    "14.q5": quiz.choice(
        question="What the one-step LSTM(1) carries between monthly forecasts. A letter.",
        right="d", hint="How many time steps does one input have, and where does each call start?"),
    "14.q6": quiz.number(
        question="The persistence forecast after sales of 300 and then 320.",
        right=320, hint="Persistence: next month equals this month.",
        wrong=(340, 310, 300)),
})
