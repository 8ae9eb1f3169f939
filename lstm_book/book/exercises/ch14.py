"""Checks for chapter 14's exercises (updating models)."""

import tempfile
from pathlib import Path

import numpy as np

from lstm_book.book.exercises import Exercise, quiz

_BATCHES = ((34, 23), (34, 34), (10, 1), (12, 7))


def _weights_give_the_seen_mean(function):
    rng = np.random.default_rng(14)
    for n_rows, n_seen in _BATCHES:
        weights = np.asarray(function(n_rows, n_seen), dtype=float)
        errors = rng.random(n_rows)
        if weights.shape != (n_rows,) or not np.isclose((weights * errors).sum() / n_rows,
                                                        errors[:n_seen].mean()):
            return False
    return True


def _drift_rmse(horizon=12):
    from lstm_book import datasets

    values = datasets.load("shampoo").to_numpy()
    months = np.arange(len(values) - horizon, len(values))
    drift = values[months - 1] + (values[months - 1] - values[0]) / (months - 1)
    return float(np.sqrt(np.mean((values[months] - drift) ** 2)))


def _keeps_the_newest(function):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for number in range(1, 6):
            (folder / f"model-v{number:04d}.keras").write_bytes(b"")
        (folder / "other-v0001.keras").write_bytes(b"")
        kept = [Path(path).name for path in function(folder, "model", 2)]
        left = sorted(path.name for path in folder.iterdir())
        all_kept = [Path(path).name for path in function(folder, "other", 3)]
    return (kept == ["model-v0004.keras", "model-v0005.keras"]
            and left == ["model-v0004.keras", "model-v0005.keras", "other-v0001.keras"]
            and all_kept == ["other-v0001.keras"])


def _keeps_the_oldest(folder, name, n):
    from lstm_book import persist

    saved = persist.versions(folder, name)
    for path in saved[n:]:
        path.unlink()
    return persist.versions(folder, name)


def _deletes_nothing(folder, name, n):
    from lstm_book import persist

    return persist.versions(folder, name)[-n:]


CHECKS = {
    "14.1": Exercise(
        question="answer is a function seen_weights(n_rows, n_seen) returning (n_rows,) weights that "
                 "make sum(weights * errors) / n_rows the mean error of the first n_seen rows.",
        is_correct=_weights_give_the_seen_mean,
        hint="rows not yet seen get weight 0; the seen rows share the total weight n_rows equally.",
        wrong_answers=(lambda n, k: np.where(np.arange(n) < k, 1.0, 0.0), lambda n, k: np.ones(n),
                       lambda n, k: np.where(np.arange(n) < k, 1 / k, 0.0)),
    ),
    "14.2": Exercise(
        question="answer is the RMSE of the drift forecast on the last 12 months of the shampoo series.",
        is_correct=lambda answer: bool(np.isclose(float(answer), _drift_rmse(), rtol=1e-9)),
        hint="for test month t (counting from 0), the forecast is values[t-1] + (values[t-1] - "
             "values[0]) / (t - 1); compare with values[t] and take the root of the mean square.",
        wrong_answers=(136.76131884905664, 0.0),
    ),
    "14.3": Exercise(
        question="answer is a function keep_last(folder, name, n) that deletes all but the n newest "
                 "versions of name and returns the kept paths, oldest first.",
        is_correct=_keeps_the_newest,
        hint="persist.versions lists the versions oldest first: delete all but the last n of them.",
        wrong_answers=(_keeps_the_oldest, _deletes_nothing),
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
