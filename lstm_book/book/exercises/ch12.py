"""Checks for chapter 12's exercises (diagnosing and tuning LSTMs)."""

import numpy as np

from lstm_book.book.exercises import Exercise, quiz

# Validation curves with their patience: falling (never stops), U-shaped, flat, noisy.
_CURVES = (
    (np.linspace(1.0, 0.1, 30), 3),
    (np.array([5.0, 4.0, 3.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 2),
    (np.array([3.0, 3.0, 3.0, 3.0, 3.0]), 2),
    (np.array([1.0, 0.9, 0.95, 0.9, 0.85, 0.86, 0.87, 0.84, 0.9, 0.91, 0.92, 0.93]), 3),
    (np.abs(np.random.default_rng(12).normal(1.0, 0.3, 60)), 5),
    (np.abs(np.random.default_rng(13).normal(1.0, 0.3, 60)), 1),
)


def early_stopping_epoch(val_loss, patience):
    """Where ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=...)`` stops (1-based).

    The same rule as the Keras callback with its defaults (``min_delta=0``, no baseline): each
    epoch that does not beat the best value so far adds one to a counter that an improvement
    resets; training stops at the epoch where the counter reaches ``patience``.
    tests/test_evaluate_repeat.py checks this against the callback itself.
    """
    best, wait = None, 0
    for epoch, value in enumerate(val_loss):
        wait += 1
        if best is None or value < best:
            best, wait = value, 0
            continue
        if wait >= patience and epoch > 0:
            return epoch + 1
    return len(val_loss)


def _stops_like_keras(function):
    return all(int(function(curve, patience)) == early_stopping_epoch(curve, patience)
               for curve, patience in _CURVES)


def _stops_one_late(curve, patience):
    return min(len(curve), early_stopping_epoch(curve, patience) + 1)


def _counts_ties_as_improvement(curve, patience):
    best, wait = np.inf, 0
    for epoch, value in enumerate(curve, start=1):
        if value <= best:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(curve)


def _updates_per_repeat(samples=5, epochs=500, batch_sizes=(1, 2, 3)):
    return {size: epochs * -(-samples // size) for size in batch_sizes}  # ceil: a short last batch


def _validation_runs(seed, n_runs, epochs):
    """Noisy U-shaped validation curves of one configuration, each with its minimum elsewhere."""
    rng = np.random.default_rng(seed)
    t = np.arange(1, epochs + 1)
    lowest = rng.integers(epochs // 6, 5 * epochs // 6, n_runs)
    steepness = rng.uniform(0.3, 3.0, n_runs)
    curves = [0.1 + s * ((t - b) / epochs) ** 2 for b, s in zip(lowest, steepness, strict=True)]
    return np.stack(curves) + rng.normal(0.0, 0.002, (n_runs, epochs))


# Sets of runs (n_runs, epochs): the best epoch of their mean is not the mean of their best epochs.
_RUN_SETS = (
    np.array([[0.1, 0.3, 0.4, 0.6, 0.9], [0.2, 0.3, 0.35, 0.7, 0.9], [0.9, 0.8, 0.4, 0.35, 0.3]]),
    _validation_runs(121, 5, 60),
    _validation_runs(122, 3, 40),
    _validation_runs(123, 8, 100),
)


def _best_epoch_of_mean(val_losses):
    return int(np.argmin(np.mean(val_losses, axis=0))) + 1


def _finds_the_best_epoch_of_the_mean(function):
    return all(int(function(list(runs))) == _best_epoch_of_mean(runs)
               and int(function(runs)) == _best_epoch_of_mean(runs) for runs in _RUN_SETS)


def _mean_of_best_epochs(val_losses):
    return int(round(np.mean([np.argmin(curve) + 1 for curve in val_losses])))


def _lowest_single_value(val_losses):
    return int(np.argmin(np.min(val_losses, axis=0))) + 1


# Label sets for the constant-prediction bar: balanced, skewed, a class absent, one class only.
_LABEL_SETS = (
    (np.array([0, 1, 0, 1, 1, 0]), 2),
    (np.array([0, 0, 0, 1, 2, 0, 0, 1]), 3),
    (np.array([3, 3, 1, 1, 1, 3, 1]), 5),
    (np.zeros(10, dtype=int), 4),
    (np.random.default_rng(124).integers(0, 10, 500), 10),
)


def _entropy_of_shares(labels, n_classes):
    shares = np.bincount(labels, minlength=n_classes) / len(labels)
    shares = shares[shares > 0]
    return float(-(shares * np.log(shares)).sum())


def _is_best_constant_loss(function):
    return all(np.isclose(float(function(labels, n_classes)), _entropy_of_shares(labels, n_classes),
                          atol=1e-9) for labels, n_classes in _LABEL_SETS)


def _entropy_in_bits(labels, n_classes):
    return _entropy_of_shares(labels, n_classes) / np.log(2)


def _entropy_with_smoothed_shares(labels, n_classes):
    shares = (np.bincount(labels, minlength=n_classes) + 1) / (len(labels) + n_classes)
    return float(-(shares * np.log(shares)).sum())


CHECKS = {
    "12.1": Exercise(
        question="answer is a function stop_epoch(val_loss, patience) giving the 1-based epoch at "
                 "which Keras's EarlyStopping stops, or len(val_loss) if it never stops.",
        is_correct=_stops_like_keras,
        hint="keep the best value so far and count the epochs since it was beaten; an equal value "
             "is no improvement, and the epoch where the count reaches patience is the last one.",
        wrong_answers=(_stops_one_late, _counts_ties_as_improvement,
                       lambda curve, patience: int(np.argmin(curve)) + 1),
    ),
    "12.2": Exercise(
        question="answer is a dict {batch size: gradient updates} for batch sizes 1, 2, 3 with 5 "
                 "samples and 500 epochs.",
        is_correct=lambda answer: {int(k): int(v) for k, v in dict(answer).items()} == _updates_per_repeat(),
        hint="an epoch makes one update per batch, and a short last batch is still a batch.",
        wrong_answers=({1: 2500, 2: 1250, 3: 833}, {1: 500, 2: 500, 3: 500}),
    ),
    "12.3": Exercise(
        question="answer is a function best_epoch_of_runs(val_losses): the epoch (from 1) at which "
                 "the mean of several runs' validation-loss curves is lowest.",
        is_correct=_finds_the_best_epoch_of_the_mean,
        hint="average the curves epoch by epoch first (one mean per epoch), then find the lowest "
             "mean; epochs count from 1.",
        wrong_answers=(_mean_of_best_epochs, _lowest_single_value,
                       lambda val_losses: int(np.argmin(val_losses[0])) + 1,
                       lambda val_losses: int(np.argmin(np.mean(val_losses, axis=0)))),
    ),
    "12.4": Exercise(
        question="answer is a function best_constant_loss(labels, n_classes): the mean cross-entropy "
                 "(natural log) of always predicting the class shares of labels.",
        is_correct=_is_best_constant_loss,
        hint="the cross-entropy of predicting the shares p_c is -sum_c p_c ln p_c, and a class with "
             "share 0 adds nothing.",
        wrong_answers=(lambda labels, n_classes: float(np.log(n_classes)), _entropy_in_bits,
                       _entropy_with_smoothed_shares),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "12.q1": quiz.choice(
        question="The diagnosis when both losses are still falling at the end. A letter.",
        right="b", hint="Would more epochs still help?"),
    "12.q2": quiz.choice(
        question="The diagnosis when the validation loss turned up while the training loss kept "
                 "falling. A letter.",
        right="c", hint="The model keeps getting better on the data it trains on and worse on the "
                        "rest."),
    "12.q3": quiz.number(
        question="The epoch at which EarlyStopping(patience=50) stops when the best epoch is 300.",
        right=350, hint="patience counts the epochs without improvement after the best one.",
        wrong=(300, 349, 351, 50)),
    "12.q4": quiz.number(
        question="The epoch whose weights restore_best_weights=True keeps.",
        right=300, hint="It restores the weights of the best epoch seen, not the last.",
        wrong=(350, 349, 250)),
    "12.q5": quiz.choice(
        question="The diagnosis when the training loss flattens early at a high level. A letter.",
        right="d", hint="More epochs do not move a loss that has stopped changing."),
    "12.q6": quiz.choice(
        question="Why a configuration is judged by several runs. A letter.",
        right="a", hint="What differs from one run of the same configuration to the next?"),
})
