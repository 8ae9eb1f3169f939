import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from lstm_book import evaluate, plots  # noqa: E402


def test_seconds_per_call_counts_only_timed_calls():
    calls = []
    seconds = evaluate.seconds_per_call(lambda: calls.append(1), calls=5, warmup=2)
    assert len(calls) == 7 and 0 <= seconds < 0.1


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_seconds_per_call_rejects_bad_counts(bad):
    with pytest.raises(ValueError, match="calls must be an integer >= 1"):
        evaluate.seconds_per_call(lambda: None, calls=bad)


def test_learning_curves_draws_train_and_validation():
    ax = plots.learning_curves({"a": {"loss": [3, 2, 1], "val_loss": [3, 3, 2]},
                                "b": {"loss": [1, 0.5]}})
    assert len(ax.get_lines()) == 3
    assert list(ax.get_lines()[0].get_ydata()) == [3, 2, 1]


def test_learning_curves_names_a_missing_metric():
    with pytest.raises(ValueError, match="has no 'accuracy'"):
        plots.learning_curves({"a": {"loss": [1]}}, metric="accuracy")
