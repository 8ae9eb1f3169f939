"""Metrics, timing, repeated evaluation and forecast scoring (lstm_book.evaluate)."""

import ast
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_book import evaluate, problems
from lstm_book.book.exercises import ch12

# --- seconds_per_call --------------------------------------------------------------------------------


def test_seconds_per_call_counts_only_timed_calls():
    calls = []
    seconds = evaluate.seconds_per_call(lambda: calls.append(1), calls=5, warmup=2)
    assert len(calls) == 7 and seconds >= 0


def test_seconds_per_call_accepts_numpy_integers():
    calls = []
    evaluate.seconds_per_call(lambda: calls.append(1), calls=np.int64(3), warmup=np.int32(0))
    assert len(calls) == 3


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, 10**12])
def test_seconds_per_call_rejects_bad_counts(bad):
    with pytest.raises((ValueError, TypeError), match="calls must be a positive integer"):
        evaluate.seconds_per_call(lambda: None, calls=bad)


# --- metrics refuse what would give a plausible wrong score -----------------------------------------


def test_accuracy_counts_equal_labels_given_as_y_true_then_y_pred():
    assert evaluate.accuracy(y_true=[1, 2, 3, 4], y_pred=[1, 2, 0, 4]) == 0.75
    assert evaluate.accuracy([0, 1, 1], np.array([False, True, False])) == pytest.approx(2 / 3)


@pytest.mark.parametrize(("y_true", "y_pred", "message"), [
    (None, None, "y_true must be an array of numbers"),
    ([], [], "y_true must not be empty"),
    (np.eye(3)[[0, 1]], np.eye(4)[[0, 1]], r"y_true must be class labels of shape \(samples,\)"),
    ([0, 1, 1], [0.2, 0.9, 0.6], "threshold or argmax first"),
    ([0, 1], [0, np.nan], "y_pred must hold finite numbers"),
    (np.zeros(4), np.zeros((4, 1)), r"y_pred\[:, 0\]"),
    ([0, 1, 2], [0, 1], r"same shape \(samples,\), got \(3,\) and \(2,\)"),
    (["a", "b"], ["a", "b"], "y_true must hold numbers"),
])
def test_accuracy_refuses_what_would_give_a_wrong_score(y_true, y_pred, message):
    with pytest.raises((ValueError, TypeError), match=message):
        evaluate.accuracy(y_true, y_pred)


def test_mean_absolute_error_against_a_loop():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.random((6, 5)), rng.random((6, 5))
    by_hand = sum(abs(a - p) for row_a, row_p in zip(y_true, y_pred, strict=True)
                  for a, p in zip(row_a, row_p, strict=True)) / 30
    assert evaluate.mean_absolute_error(y_true, y_pred) == pytest.approx(by_hand)


@pytest.mark.parametrize(("y_true", "y_pred", "message"), [
    (np.zeros((2, 5)), np.zeros((2, 4)), "y_true and y_pred must have the same shape"),
    ([], [], "y_true must not be empty"),
    ([1.0, np.inf], [1.0, 2.0], "y_true must hold finite numbers"),
])
def test_mean_absolute_error_refuses_bad_arrays(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        evaluate.mean_absolute_error(y_true, y_pred)


def test_sequence_accuracies_refuse_a_different_number_of_classes():
    truth = np.eye(3)[[[0, 1, 2]]]                    # 1 sequence, 3 steps, 3 classes
    four = np.eye(4)[[[0, 1, 2]]]                     # the same labels with 4 classes
    for score in (evaluate.per_step_accuracy, evaluate.exact_match_accuracy):
        with pytest.raises(ValueError, match=r"same non-empty \(samples, steps\) and classes"):
            score(truth, four)


def test_a_nan_probability_row_is_refused_not_read_as_class_0():
    truth = np.eye(3)[[[0, 1]]]
    probabilities = truth.copy()
    probabilities[0, 0] = np.nan                     # argmax of NaN would say class 0: "right"
    for score in (evaluate.per_step_accuracy, evaluate.exact_match_accuracy):
        with pytest.raises(ValueError, match="y_pred must hold finite numbers"):
            score(truth, probabilities)


def test_evaluate_imports_nothing_from_lstm_book():
    tree = ast.parse(Path(evaluate.__file__).read_text())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names]
    imported += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name and name.startswith("lstm_book")]


# --- scoring: per-step and exact-match accuracy ---------------------------------------------------


def test_exact_match_is_stricter_than_per_step_for_one_hot_sequences():
    truth = np.eye(3)[[[0, 1], [2, 2], [1, 0]]]              # 3 sequences of 2 steps, 3 classes
    predicted = np.eye(3)[[[0, 1], [2, 0], [0, 1]]] * 0.9 + 0.03
    assert evaluate.per_step_accuracy(truth, predicted) == pytest.approx(3 / 6)
    assert evaluate.exact_match_accuracy(truth, predicted) == pytest.approx(1 / 3)


def test_one_sigmoid_output_per_step_is_thresholded_at_a_half():
    truth = np.array([[0, 0, 1, 1], [0, 1, 1, 1]], dtype=float)[..., None]
    probabilities = np.array([[0.1, 0.4, 0.6, 0.9], [0.2, 0.45, 0.7, 0.8]])[..., None]
    assert evaluate.per_step_accuracy(truth, probabilities) == pytest.approx(7 / 8)
    assert evaluate.exact_match_accuracy(truth, probabilities) == pytest.approx(1 / 2)


def test_accuracies_agree_with_a_trained_free_reference_on_random_data():
    rng = np.random.default_rng(7)
    truth, predicted = rng.random((50, 4, 5)), rng.random((50, 4, 5))
    hits = truth.argmax(-1) == predicted.argmax(-1)
    assert evaluate.per_step_accuracy(truth, predicted) == pytest.approx(hits.mean())
    assert evaluate.exact_match_accuracy(truth, predicted) == pytest.approx(
        np.mean([all(row) for row in hits]))


def test_accuracies_reject_mismatched_or_flat_arrays():
    with pytest.raises(ValueError, match=r"same non-empty \(samples, steps\)"):
        evaluate.exact_match_accuracy(np.zeros((4, 2, 12)), np.zeros((4, 3, 12)))
    with pytest.raises(ValueError, match=r"y_pred must have shape \(samples, (time)?steps, classes\)"):
        evaluate.per_step_accuracy(np.zeros((4, 2, 1)), np.zeros((4, 2)))


# --- scoring: how rectangular a shape is -------------------------------------------------------


def test_true_rectangles_have_no_angle_or_closure_error():
    corners = problems.rectangle_corners(100, rng=8)
    assert np.allclose(evaluate.corner_angle_errors(corners), 0, atol=1e-3)
    assert np.allclose(evaluate.closure_errors(corners), 0, atol=1e-6)


def test_a_parallelogram_closes_but_is_not_right_angled():
    slanted = np.array([[[0, 0], [1, 0], [1.5, 1], [0.5, 1]]], dtype=float)
    expected = 90 - np.degrees(np.arctan2(1, 0.5))
    assert evaluate.corner_angle_errors(slanted) == pytest.approx([expected])
    assert evaluate.closure_errors(slanted) == pytest.approx([0.0])


def test_closure_error_is_the_distance_of_the_last_corner_from_the_rectangle_s():
    corners = problems.rectangle_corners(3, rng=9)
    corners[:, 3] += [0.3, 0.4]
    assert evaluate.closure_errors(corners) == pytest.approx([0.5, 0.5, 0.5], abs=1e-6)


def test_a_collapsed_side_gives_nan_not_a_warning():
    corners = np.array([[[0, 0], [0, 0], [0, 1], [0, 1]]], dtype=float)
    assert np.isnan(evaluate.corner_angle_errors(corners)[0])


@pytest.mark.parametrize("bad_shape", [(4, 2), (1, 3, 2), (1, 4, 3)])
def test_shape_scores_reject_other_shapes(bad_shape):
    for score in (evaluate.corner_angle_errors, evaluate.closure_errors):
        with pytest.raises(ValueError, match=r"corners must have shape \(shapes, 4, 2\)"):
            score(np.zeros(bad_shape))


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


@pytest.mark.parametrize(("seeds", "message"), [
    ([1, 1], "seeds must be distinct"), ([-1], r"seeds must hold integers in \[0, 2\*\*32\)"),
    ([2**32], "seeds must hold integers"), ([1.5], "seeds must hold integers"),
    (5, "seeds must be an iterable"), ("12", "seeds must be an iterable"),
])
def test_repeat_rejects_bad_seeds_before_any_run(seeds, message):
    runs = []
    with pytest.raises((ValueError, TypeError), match=message):
        evaluate.repeat(runs.append, seeds=seeds)
    assert runs == []


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
    with pytest.raises((ValueError, TypeError), match="horizon must be a positive integer"):
        evaluate.split_last(np.arange(10.0), bad)


def test_split_last_accepts_a_numpy_integer():
    assert len(evaluate.split_last(np.arange(10.0), np.int64(3))[1]) == 3


def test_persistence_forecasts_each_value_by_the_one_before():
    assert evaluate.persistence([1.0, 4.0, 2.0, 8.0], 2).tolist() == [4.0, 2.0]


def test_persistence_horizon_too_long_for_the_series():
    with pytest.raises(ValueError, match="longer than the data allows"):
        evaluate.persistence([1.0, 2.0, 3.0], 3)


def test_persistence_rejects_a_2d_series():
    with pytest.raises(ValueError, match=r"1-D series \(timesteps,\)"):
        evaluate.persistence(np.ones((5, 2)), 2)


def test_rmse_of_one_forecast_and_of_repeats():
    assert evaluate.rmse([1.0, 2.0], [1.0, 4.0]) == pytest.approx(np.sqrt(2.0))
    per_repeat = evaluate.rmse([0.0, 0.0], [[3.0, 4.0], [1.0, 1.0]])
    assert per_repeat.shape == (2,) and per_repeat == pytest.approx([np.sqrt(12.5), 1.0])


def test_rmse_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"y_pred must have shape \(horizon,\) or \(repeats, horizon\)"):
        evaluate.rmse([1.0, 2.0, 3.0], [1.0, 2.0])


def test_rmse_of_empty_arrays_is_an_error_not_nan():
    with pytest.raises(ValueError, match="y_true must not be empty"):
        evaluate.rmse([], [])


finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=20), finite)
def test_rmse_properties(pairs, shift):
    y_true, y_pred = map(np.array, zip(*pairs, strict=True))
    assert evaluate.rmse(y_true, y_true) == 0
    assert evaluate.rmse(y_true, y_true + shift) == pytest.approx(abs(shift), rel=1e-6, abs=1e-9)
    # the quadratic mean is never below the arithmetic mean of the absolute errors
    assert evaluate.rmse(y_true, y_pred) >= np.mean(np.abs(y_true - y_pred)) - 1e-9


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


# --- bits per character (chapter 11) ----------------------------------------------------------------


def _ngram_bits_by_counting(train, text, n, k, n_symbols):
    """The add-k n-gram's bits per character, counted one character at a time in plain Python."""
    total = 0.0
    for t, char in enumerate(text):
        order = min(n, t + 1)
        context = tuple(text[t - order + 1:t])
        windows = [tuple(train[p - order + 1:p + 1]) for p in range(order - 1, len(train))]
        pairs = sum(window == (*context, char) for window in windows)
        contexts = sum(window[:-1] == context for window in windows)
        total -= math.log2((pairs + k) / (contexts + k * n_symbols))
    return total / len(text)


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_ngram_bits_match_counting_by_hand(n):
    rng = np.random.default_rng(n)
    train, text = rng.integers(0, 4, 300), rng.integers(0, 4, 40)
    expected = _ngram_bits_by_counting(train.tolist(), text.tolist(), n, 0.1, 5)
    assert evaluate.ngram_bits_per_character(train, text, n, 0.1, 5) == pytest.approx(expected)


def test_ngram_bits_score_several_k_at_once_and_a_text_shorter_than_n():
    rng = np.random.default_rng(0)
    train, text = rng.integers(0, 3, 200), rng.integers(0, 3, 2)
    both = evaluate.ngram_bits_per_character(train, text, 4, [0.5, 2.0], 3)
    assert both.shape == (2,)
    for k, bits in zip([0.5, 2.0], both, strict=True):
        assert bits == pytest.approx(_ngram_bits_by_counting(train.tolist(), text.tolist(), 4, k, 3))


def test_ngram_bits_learn_a_repeating_text_and_forget_it_under_a_large_k():
    train = np.tile([0, 1, 2, 3], 50)
    text = np.tile([0, 1, 2, 3], 5)
    # every character is certain but the first, which only the unigram (2 bits of 4 symbols) scores
    assert evaluate.ngram_bits_per_character(train, text, 2, 1e-3, 4) == pytest.approx(2 / 20, abs=0.01)
    assert evaluate.ngram_bits_per_character(train, text, 2, 1e6, 4) == pytest.approx(2.0, abs=1e-3)


def test_bits_per_character_of_a_uniform_and_a_sure_model():
    y_true = np.array([[0, 3, 1], [2, 2, 0]])
    assert evaluate.bits_per_character(y_true, np.full((2, 3, 8), 1 / 8)) == pytest.approx(3.0)
    sure = np.eye(4)[y_true]
    assert evaluate.bits_per_character(y_true, sure) == 0.0
    half = 0.5 * sure + 0.5 * np.eye(4)[(y_true + 1) % 4]
    assert evaluate.bits_per_character(y_true, half) == pytest.approx(1.0)


def test_bits_per_character_refuses_logits():
    with pytest.raises(ValueError, match="softmax"):
        evaluate.bits_per_character(np.array([0, 1]), np.array([[2.0, -1.0], [0.5, 0.3]]))
