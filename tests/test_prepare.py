"""lstm_book.prepare: framing, windows, scaling, one-hot, padding, reshaping and their errors."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from lstm_book import prepare

FINITE = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def framing_cases(draw):
    """A random 1-D or 2-D series with timesteps, horizon that fit into it."""
    timesteps = draw(st.integers(1, 6))
    horizon = draw(st.integers(1, 4))
    steps = draw(st.integers(timesteps + horizon, timesteps + horizon + 25))
    shape = (steps,) if draw(st.booleans()) else (steps, draw(st.integers(1, 4)))
    return draw(hnp.arrays(np.float64, shape, elements=FINITE)), timesteps, horizon


# --- as_series -----------------------------------------------------------------------------------


def test_as_series_gives_a_2d_view_of_one_or_many_variables():
    data = np.arange(6.0)
    series = prepare.as_series(data)
    assert series.shape == (6, 1) and np.shares_memory(series, data)
    assert prepare.as_series(pd.DataFrame({"a": [1, 2], "b": [3, 4]})).shape == (2, 2)


# --- series_to_supervised ------------------------------------------------------------------------


def test_series_to_supervised_names_lag_and_lead_columns():
    table = prepare.series_to_supervised(np.arange(10.0), timesteps=2, horizon=2)
    assert list(table.columns) == ["var1(t-2)", "var1(t-1)", "var1(t)", "var1(t+1)"]
    assert table.shape == (7, 4)
    assert table.iloc[0].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert table.index.tolist() == list(range(2, 9))


def test_series_to_supervised_interleaves_several_variables_per_step():
    data = np.arange(20.0).reshape(10, 2)
    table = prepare.series_to_supervised(data, timesteps=1, horizon=1)
    assert list(table.columns) == ["var1(t-1)", "var2(t-1)", "var1(t)", "var2(t)"]
    assert table.iloc[0].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_series_to_supervised_keeps_nan_rows_when_asked_and_keeps_a_series_index():
    series = pd.Series([1.0, 2.0, 3.0, 4.0], index=pd.date_range("2000-01-01", periods=4, freq="MS"))
    table = prepare.series_to_supervised(series, timesteps=1, horizon=2, dropnan=False)
    assert table.shape == (4, 3)
    assert table.isna().to_numpy().sum() == 2  # the first lag and the last lead
    assert table.index.equals(series.index)


# --- sliding_windows -----------------------------------------------------------------------------


def test_sliding_windows_shapes_and_values_for_one_variable():
    X, y = prepare.sliding_windows(np.arange(10.0), timesteps=3, horizon=2)
    assert X.shape == (6, 3, 1) and y.shape == (6, 2)
    assert X[0, :, 0].tolist() == [0.0, 1.0, 2.0] and y[0].tolist() == [3.0, 4.0]
    assert X[-1, :, 0].tolist() == [5.0, 6.0, 7.0] and y[-1].tolist() == [8.0, 9.0]


@pytest.mark.parametrize(("shape", "horizon", "y_shape"), [
    ((10,), 1, (9,)),            # 1 step, 1 feature
    ((10, 1), 3, (7, 3)),        # horizon steps, 1 feature
    ((10, 2), 1, (9, 2)),        # 1 step, several features
    ((10, 2), 3, (7, 3, 2)),     # nothing to drop
])
def test_sliding_windows_squeeze_rule(shape, horizon, y_shape):
    data = np.arange(np.prod(shape), dtype=float).reshape(shape)
    X, y = prepare.sliding_windows(data, timesteps=1, horizon=horizon)
    assert y.shape == y_shape
    assert X.ndim == 3
    _, y_full = prepare.sliding_windows(data, timesteps=1, horizon=horizon, squeeze=False)
    assert y_full.shape == (y_shape[0], horizon, 1 if len(shape) == 1 else shape[1])


def test_sliding_windows_are_read_only_views_of_the_data():
    data = np.arange(1000.0).reshape(500, 2)
    X, y = prepare.sliding_windows(data, timesteps=10, horizon=2)
    assert np.shares_memory(X, data) and np.shares_memory(y, data)
    assert not X.flags.writeable
    data[10, 0] = -1.0  # a view sees the change: step 10 is y[0]'s first step and X[1]'s last
    assert y[0, 0, 0] == -1.0 and X[1, 9, 0] == -1.0


@settings(max_examples=150, deadline=None)
@given(framing_cases())
def test_sliding_windows_equal_series_to_supervised(case):
    data, timesteps, horizon = case
    features = 1 if data.ndim == 1 else data.shape[1]
    table = prepare.series_to_supervised(data, timesteps, horizon).to_numpy()
    X, y = prepare.sliding_windows(data, timesteps, horizon, squeeze=False)
    assert X.shape == (len(table), timesteps, features)
    np.testing.assert_array_equal(X.reshape(len(X), -1), table[:, :timesteps * features])
    np.testing.assert_array_equal(y.reshape(len(y), -1), table[:, timesteps * features:])


# --- scaling -------------------------------------------------------------------------------------


def test_scale_minmax_matches_scikit_learn_and_inverts():
    data = np.linspace(10.0, 100.0, 10)
    scaled, scaler = prepare.scale(data)
    assert isinstance(scaler, MinMaxScaler) and scaled.shape == (10,)
    assert scaled.min() == 0.0 and scaled.max() == 1.0
    np.testing.assert_allclose(prepare.inverse_scale(scaled, scaler), data)


def test_scale_standard_gives_zero_mean_unit_std_per_feature():
    data = np.random.default_rng(0).normal(5.0, 3.0, size=(200, 3))
    scaled, scaler = prepare.scale(data, "standard")
    assert isinstance(scaler, StandardScaler) and scaled.shape == (200, 3)
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(scaled.std(axis=0), 1.0)


def test_scale_accepts_a_pandas_series_and_returns_its_shape():
    series = pd.Series([1.0, 3.0, 5.0], index=pd.date_range("2000-01-01", periods=3, freq="MS"))
    scaled, _ = prepare.scale(series)
    assert isinstance(scaled, np.ndarray) and scaled.tolist() == [0.0, 0.5, 1.0]


def test_scale_with_a_fitted_scaler_does_not_refit():
    _, scaler = prepare.scale(np.array([0.0, 10.0]))
    test_scaled, same = prepare.scale(np.array([20.0]), scaler)
    assert same is scaler and test_scaled.tolist() == [2.0]


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(2, 30), st.integers(1, 3)), elements=FINITE),
       st.sampled_from(["minmax", "standard"]))
def test_scale_round_trips(data, kind):
    scaled, scaler = prepare.scale(data, kind)
    span = np.abs(data).max() + 1.0
    np.testing.assert_allclose(prepare.inverse_scale(scaled, scaler), data, atol=1e-9 * span)


# --- one-hot -------------------------------------------------------------------------------------


def test_one_hot_labels_and_sequences():
    assert prepare.one_hot([0, 2, 1]).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    encoded = prepare.one_hot(np.array([[0, 1], [3, 3]]), n_classes=5)
    assert encoded.shape == (2, 2, 5) and encoded.sum() == 4
    assert encoded[1, 0, 3] == 1.0


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12).flatmap(lambda k: st.tuples(
    st.just(k), hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=8),
                           elements=st.integers(0, k - 1)))))
def test_one_hot_round_trips(case):
    n_classes, labels = case
    encoded = prepare.one_hot(labels, n_classes)
    assert encoded.shape == labels.shape + (n_classes,)
    np.testing.assert_array_equal(prepare.one_hot_decode(encoded), labels)


# --- padding -------------------------------------------------------------------------------------


SEQUENCES = [[1, 2, 3, 4], [1, 2, 3], [1]]


@pytest.mark.parametrize(("options", "expected"), [
    ({}, [[1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 1]]),
    ({"padding": "post"}, [[1, 2, 3, 4], [1, 2, 3, 0], [1, 0, 0, 0]]),
    ({"maxlen": 2}, [[3, 4], [2, 3], [0, 1]]),
    ({"maxlen": 2, "truncating": "post"}, [[1, 2], [1, 2], [0, 1]]),
])
def test_pad_and_truncate_pre_and_post(options, expected):
    padded = prepare.pad(SEQUENCES, **options)
    assert padded.tolist() == expected and padded.dtype == np.int32


def test_pad_keeps_floats_as_floats():
    assert prepare.pad([[0.5], [0.25, 0.75]]).dtype == np.float32


# --- to_3d and split_long_sequence ---------------------------------------------------------------


@pytest.mark.parametrize(("shape", "timesteps", "features", "expected"), [
    ((10,), 10, 1, (1, 10, 1)),
    ((10, 2), 10, 2, (1, 10, 2)),
    ((5, 20), 10, 2, (5, 10, 2)),
    ((5, 10, 2), 10, 2, (5, 10, 2)),
])
def test_to_3d_accepted_shapes(shape, timesteps, features, expected):
    X = np.arange(np.prod(shape), dtype=float).reshape(shape)
    reshaped = prepare.to_3d(X, timesteps, features)
    assert reshaped.shape == expected
    np.testing.assert_array_equal(reshaped.ravel(), X.ravel())


def test_split_long_sequence_without_overlap_drops_the_tail():
    pieces = prepare.split_long_sequence(np.arange(10), 3)
    assert pieces.tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_split_long_sequence_with_overlap_and_features():
    seq = np.arange(20).reshape(10, 2)
    pieces = prepare.split_long_sequence(seq, 4, step=2)
    assert pieces.shape == (4, 4, 2)
    np.testing.assert_array_equal(pieces[1], seq[2:6])
    assert np.shares_memory(pieces, seq)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.integers(1, 10), st.integers(1, 10))
def test_split_long_sequence_counts_and_contents(steps, length, step):
    seq = np.arange(steps)
    if steps < length:
        with pytest.raises(ValueError):
            prepare.split_long_sequence(seq, length, step)
        return
    pieces = prepare.split_long_sequence(seq, length, step)
    assert pieces.shape == ((steps - length) // step + 1, length)
    np.testing.assert_array_equal(pieces[:, 0], np.arange(len(pieces)) * step)


# --- bad input: one test per case ----------------------------------------------------------------

FRAMERS = [prepare.series_to_supervised, prepare.sliding_windows]


@pytest.mark.parametrize("frame", FRAMERS)
def test_framing_rejects_wrong_ndim(frame):
    with pytest.raises(ValueError, match=r"data must be 1-D .* got shape \(2, 3, 4\)"):
        frame(np.zeros((2, 3, 4)), 1, 1)


@pytest.mark.parametrize("frame", FRAMERS)
@pytest.mark.parametrize(("bad", "error"), [(0, ValueError), (-1, ValueError), (1.5, TypeError),
                                             (True, TypeError)])
def test_framing_rejects_timesteps_below_one(frame, bad, error):
    with pytest.raises(error, match=r"timesteps must be a positive integer"):
        frame(np.arange(10.0), bad, 1)


@pytest.mark.parametrize("frame", FRAMERS)
def test_framing_rejects_horizon_below_one(frame):
    with pytest.raises(ValueError, match=r"horizon must be a positive integer"):
        frame(np.arange(10.0), 1, 0)


@pytest.mark.parametrize("frame", FRAMERS)
def test_framing_rejects_a_series_shorter_than_timesteps_plus_n_out(frame):
    with pytest.raises(ValueError, match=r"data has 5 time steps, but timesteps \+ horizon = 6"):
        frame(np.arange(5.0), 4, 2)


@pytest.mark.parametrize("frame", FRAMERS)
def test_framing_rejects_nan(frame):
    with pytest.raises(ValueError, match=r"NaN or infinite values \(first at time step 2\)"):
        frame(np.array([1.0, 2.0, np.nan, 4.0, 5.0]), 1, 1)


@pytest.mark.parametrize("frame", FRAMERS)
def test_framing_rejects_non_numeric(frame):
    with pytest.raises(ValueError, match=r"data must hold numbers, got dtype <U"):
        frame(np.array(["a", "b", "c"]), 1, 1)


@pytest.mark.parametrize("frame", FRAMERS)
def test_framing_rejects_empty(frame):
    with pytest.raises(ValueError, match=r"data must not be empty"):
        frame([], 1, 1)


def test_framing_rejects_ragged_rows():
    with pytest.raises(ValueError, match=r"rectangular array.*prepare.pad"):
        prepare.sliding_windows([[1.0, 2.0], [3.0]], 1, 1)


def test_scale_rejects_nan():
    with pytest.raises(ValueError, match=r"NaN or infinite"):
        prepare.scale([1.0, np.inf])


def test_scale_rejects_an_unknown_scaler():
    with pytest.raises(ValueError, match=r"scaler must be 'minmax', 'standard'"):
        prepare.scale([1.0, 2.0], "robust")


def test_inverse_scale_rejects_an_unfitted_scaler():
    with pytest.raises(ValueError, match=r"fit one first"):
        prepare.inverse_scale([0.5], MinMaxScaler())


def test_scale_rejects_a_scaler_fitted_on_other_features():
    _, scaler = prepare.scale(np.zeros((4, 2)) + np.arange(4.0)[:, None])
    with pytest.raises(ValueError, match=r"fitted on 2 feature\(s\) but the data has 1"):
        prepare.scale(np.arange(3.0), scaler)


def test_one_hot_rejects_non_integers():
    with pytest.raises(ValueError, match=r"labels must be integers, got dtype float64"):
        prepare.one_hot([0.0, 1.0])


def test_one_hot_rejects_labels_out_of_range():
    with pytest.raises(ValueError, match=r"labels must lie in \[0, n_classes\) = \[0, 2\)"):
        prepare.one_hot([0, 2], n_classes=2)


def test_one_hot_rejects_empty():
    with pytest.raises(ValueError, match=r"labels must not be empty"):
        prepare.one_hot([])


def test_one_hot_decode_rejects_scalars():
    with pytest.raises(ValueError, match=r"encoded must have a last axis"):
        prepare.one_hot_decode(3)


def test_pad_rejects_empty():
    with pytest.raises(ValueError, match=r"sequences must not be empty"):
        prepare.pad([])


def test_pad_rejects_an_unknown_padding():
    with pytest.raises(ValueError, match=r"padding must be 'pre' or 'post', got 'middle'"):
        prepare.pad(SEQUENCES, padding="middle")


def test_pad_rejects_nested_sequences():
    with pytest.raises(ValueError, match=r"sequences\[1\] must be 1-D"):
        prepare.pad([[1, 2], [[1], [2]]])


def test_pad_rejects_non_numeric():
    with pytest.raises(ValueError, match=r"sequences\[0\] must hold numbers"):
        prepare.pad([["a", "b"]])


def test_to_3d_rejects_a_size_that_does_not_fit():
    with pytest.raises(ValueError, match=r"cannot reshape X of shape \(7, 3\) into \(samples, "
                                         r"timesteps=10, n_features=2\)"):
        prepare.to_3d(np.zeros((7, 3)), 10, 2)


def test_to_3d_points_a_long_series_to_the_window_helpers():
    with pytest.raises(ValueError, match=r"sliding_windows .*split_long_sequence"):
        prepare.to_3d(np.zeros(100), 10, 1)


def test_to_3d_suggests_features_one_for_rows_of_single_values():
    with pytest.raises(ValueError, match=r"use n_features=1"):
        prepare.to_3d(np.zeros((4, 10)), 10, 2)


def test_to_3d_rejects_empty():
    with pytest.raises(ValueError, match=r"X must not be empty"):
        prepare.to_3d(np.zeros((0, 10)), 10, 1)


def test_to_3d_rejects_bad_timesteps():
    with pytest.raises(ValueError, match=r"timesteps must be a positive integer, got 0"):
        prepare.to_3d(np.zeros(10), 0, 1)


def test_split_long_sequence_rejects_a_sequence_shorter_than_timesteps():
    with pytest.raises(ValueError, match=r"seq has 3 time steps, fewer than timesteps=5"):
        prepare.split_long_sequence(np.arange(3), 5)


def test_split_long_sequence_rejects_a_bad_step():
    with pytest.raises(ValueError, match=r"step must be a positive integer, got 0"):
        prepare.split_long_sequence(np.arange(10), 2, step=0)


def test_split_long_sequence_rejects_empty():
    with pytest.raises(ValueError, match=r"seq must be a non-empty sequence"):
        prepare.split_long_sequence([], 1)
