"""Repeated evaluation and forecast scoring (lstm_book.evaluate, chapters 12-14)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_book import evaluate
from lstm_book.book.exercises import ch12

# --- repeat ----------------------------------------------------------------------------------------


def test_repeat_collects_one_row_per_seed():
    scores = evaluate.repeat(lambda seed: {"a": seed * 2, "b": 1.5}, seeds=[3, 1, 2])
    assert list(scores.index) == [3, 1, 2] and scores.index.name == "seed"
    assert list(scores.columns) == ["a", "b"]
    assert scores["a"].tolist() == [6.0, 2.0, 4.0]


def test_repeat_names_a_plain_number():
    scores = evaluate.repeat(lambda seed: 0.5, seeds=range(2), name="val_mse")
    assert list(scores.columns) == ["val_mse"] and scores.shape == (2, 1)


def test_repeat_seeds_each_run_so_runs_repeat():
    def draw(seed):
        return float(np.random.random())  # noqa: NPY002 -- the global state set_seed seeds

    first, second = evaluate.repeat(draw, seeds=[5, 6]), evaluate.repeat(draw, seeds=[5, 6])
    pd.testing.assert_frame_equal(first, second)
    assert first.loc[5, "score"] != first.loc[6, "score"]


def test_repeat_rejects_no_seeds():
    with pytest.raises(ValueError, match="seeds must hold at least one seed"):
        evaluate.repeat(lambda seed: 1.0, seeds=[])


def test_repeat_rejects_a_score_that_is_not_a_number():
    with pytest.raises(ValueError, match="must return a number or a dict of numbers"):
        evaluate.repeat(lambda seed: "good", seeds=[1])


# --- split_last, persistence, rmse -----------------------------------------------------------------


def test_split_last_keeps_the_type_and_order():
    series = pd.Series(np.arange(10.0), index=pd.date_range("2000-01", periods=10, freq="MS"))
    train, test = evaluate.split_last(series, 3)
    assert isinstance(test, pd.Series) and list(test) == [7.0, 8.0, 9.0]
    assert list(train) == list(range(7)) and train.index[-1] < test.index[0]


def test_a_horizon_longer_than_the_data_allows_is_a_clear_error():
    with pytest.raises(ValueError, match=r"horizon=9 is longer than the data allows: .* at most 7"):
        evaluate.split_last(np.arange(10.0), 9, min_train=3)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "3"])
def test_split_last_rejects_a_bad_horizon(bad):
    with pytest.raises(ValueError, match="horizon must be an integer >= 1"):
        evaluate.split_last(np.arange(10.0), bad)


def test_persistence_forecasts_each_value_by_the_one_before():
    assert evaluate.persistence([1.0, 4.0, 2.0, 8.0], 2).tolist() == [4.0, 2.0]


def test_persistence_horizon_too_long_for_the_series():
    with pytest.raises(ValueError, match="longer than the data allows"):
        evaluate.persistence([1.0, 2.0, 3.0], 3)


def test_persistence_rejects_a_2d_series():
    with pytest.raises(ValueError, match=r"1-D series \(time steps,\)"):
        evaluate.persistence(np.ones((5, 2)), 2)


def test_rmse_of_one_forecast_and_of_repeats():
    assert evaluate.rmse([1.0, 2.0], [1.0, 4.0]) == pytest.approx(np.sqrt(2.0))
    per_repeat = evaluate.rmse([0.0, 0.0], [[3.0, 4.0], [1.0, 1.0]])
    assert per_repeat.shape == (2,) and per_repeat == pytest.approx([np.sqrt(12.5), 1.0])


def test_rmse_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="predicted must end with the shape of actual"):
        evaluate.rmse([1.0, 2.0, 3.0], [1.0, 2.0])


finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=20), finite)
def test_rmse_properties(pairs, shift):
    actual, predicted = map(np.array, zip(*pairs, strict=True))
    assert evaluate.rmse(actual, actual) == 0
    assert evaluate.rmse(actual, actual + shift) == pytest.approx(abs(shift), rel=1e-6, abs=1e-9)
    # the quadratic mean is never below the arithmetic mean of the absolute errors
    assert evaluate.rmse(actual, predicted) >= np.mean(np.abs(actual - predicted)) - 1e-9


# --- early stopping (chapter 12's exercise) agrees with Keras's callback ----------------------------


def _keras_stop_epoch(val_loss, patience):
    import keras

    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    model = keras.Sequential()
    model.stop_training = False
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(val_loss):
        callback.on_epoch_end(epoch, {"val_loss": float(value)})
        if model.stop_training:
            return epoch + 1
    return len(val_loss)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([0.1, 0.2, 0.3, 0.5, 1.0]), min_size=1, max_size=30),
       st.integers(1, 6))
def test_the_exercise_rule_is_kerass_early_stopping(curve, patience):
    assert ch12.early_stopping_epoch(curve, patience) == _keras_stop_epoch(curve, patience)
