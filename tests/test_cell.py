"""The NumPy LSTM and GRU reproduce Keras's layers; gate_activations and unit_correlations."""

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_book import cell

TOLERANCE = 1e-5


def random_layer(kind, units, features, timesteps, rng, **options):
    """A built Keras LSTM or GRU layer with random weights (biases too, so every term matters).

    Weights are scaled by 1/sqrt(fan-in): much larger recurrent weights make the layer chaotic,
    and float32 rounding in Keras then grows from step to step past any tolerance.
    """
    layer = getattr(keras.layers, kind)(units, return_sequences=True, return_state=True, **options)
    layer.build((None, timesteps, features))
    layer.set_weights([rng.normal(0, 1 / np.sqrt(w.shape[0]), w.shape).astype("float32")
                       for w in layer.get_weights()])
    return layer


def keras_outputs(layer, X):
    return [np.asarray(out) for out in layer(X.astype("float32"))]


# (samples, timesteps, features, units)
SIZES = [(1, 1, 1, 1), (4, 7, 3, 5), (8, 20, 5, 16), (3, 40, 2, 32), (4, 100, 4, 64)]


@pytest.mark.parametrize(("samples", "timesteps", "features", "units"), SIZES)
def test_numpy_lstm_equals_keras(samples, timesteps, features, units):
    rng = np.random.default_rng(units)
    layer = random_layer("LSTM", units, features, timesteps, rng)
    X = rng.normal(size=(samples, timesteps, features))
    outputs, h, c = cell.lstm_forward(X, *cell.layer_weights(layer))
    keras_seq, keras_h, keras_c = keras_outputs(layer, X)
    assert outputs.shape == (samples, timesteps, units)
    assert np.abs(outputs - keras_seq).max() <= TOLERANCE
    assert np.abs(h - keras_h).max() <= TOLERANCE
    assert np.abs(c - keras_c).max() <= TOLERANCE


@pytest.mark.parametrize(("samples", "timesteps", "features", "units"), SIZES)
@pytest.mark.parametrize("reset_after", [True, False])
def test_numpy_gru_equals_keras(samples, timesteps, features, units, reset_after):
    rng = np.random.default_rng(units + 1)
    layer = random_layer("GRU", units, features, timesteps, rng, reset_after=reset_after)
    X = rng.normal(size=(samples, timesteps, features))
    outputs, h = cell.gru_forward(X, *cell.layer_weights(layer), reset_after=reset_after)
    keras_seq, keras_h = keras_outputs(layer, X)
    assert np.abs(outputs - keras_seq).max() <= TOLERANCE
    assert np.abs(h - keras_h).max() <= TOLERANCE


def test_initial_states_are_used_like_keras():
    rng = np.random.default_rng(3)
    layer = random_layer("LSTM", 4, 2, 6, rng)
    X, h0, c0 = rng.normal(size=(5, 6, 2)), rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    outputs, _, _ = cell.lstm_forward(X, *cell.layer_weights(layer), h0=h0, c0=c0)
    keras_seq = np.asarray(layer(X.astype("float32"),
                                 initial_state=[h0.astype("float32"), c0.astype("float32")])[0])
    assert np.abs(outputs - keras_seq).max() <= TOLERANCE


def test_the_gate_order_matters():
    # Swapping the forget and input blocks must change the output: the order i, f, c, o is real.
    rng = np.random.default_rng(4)
    layer = random_layer("LSTM", 3, 2, 5, rng)
    kernel, recurrent, bias = cell.layer_weights(layer)
    swap = np.r_[3:6, 0:3, 6:12]
    X = rng.normal(size=(2, 5, 2))
    swapped, _, _ = cell.lstm_forward(X, kernel[:, swap], recurrent[:, swap], bias[swap])
    assert np.abs(swapped - keras_outputs(layer, X)[0]).max() > 1e-3


def test_layer_without_bias_and_other_activations():
    rng = np.random.default_rng(5)
    layer = random_layer("LSTM", 3, 2, 4, rng, use_bias=False, activation="relu",
                         recurrent_activation="hard_sigmoid")
    kernel, recurrent, bias = cell.layer_weights(layer)
    assert bias.shape == (12,) and not bias.any()
    X = rng.normal(size=(2, 4, 2))
    hidden = cell.gate_activations(layer, X)["hidden_state"]
    assert np.abs(hidden - keras_outputs(layer, X)[0]).max() <= TOLERANCE


@pytest.mark.parametrize("units", [1, 6])
def test_gate_activations_hidden_state_equals_the_layer_output(units):
    rng = np.random.default_rng(6)
    inputs = keras.Input(shape=(9, 3))
    layer = keras.layers.LSTM(units, return_sequences=True)
    model = keras.Model(inputs, layer(inputs))
    X = rng.normal(size=(7, 9, 3)).astype("float32")
    acts = cell.gate_activations(layer, X)
    assert set(acts) == {*cell.LSTM_GATES, "cell_state", "hidden_state"}
    assert all(value.shape == (7, 9, units) for value in acts.values())
    assert np.abs(acts["hidden_state"] - model.predict(X, verbose=0)).max() <= TOLERANCE


def test_gate_activations_obey_the_equations():
    rng = np.random.default_rng(7)
    acts = cell.gate_activations(random_layer("LSTM", 4, 2, 6, rng), rng.normal(size=(3, 6, 2)))
    for gate in ("input_gate", "forget_gate", "output_gate"):
        assert ((acts[gate] > 0) & (acts[gate] < 1)).all()
    previous = np.concatenate([np.zeros((3, 1, 4)), acts["cell_state"][:, :-1]], axis=1)
    expected = acts["forget_gate"] * previous + acts["input_gate"] * acts["candidate"]
    np.testing.assert_allclose(acts["cell_state"], expected)
    np.testing.assert_allclose(acts["hidden_state"], acts["output_gate"] * np.tanh(expected))


def test_gate_activations_of_a_gru():
    rng = np.random.default_rng(8)
    layer = random_layer("GRU", 3, 2, 5, rng)
    X = rng.normal(size=(2, 5, 2))
    acts = cell.gate_activations(layer, X)
    assert set(acts) == {*cell.GRU_GATES, "hidden_state"}
    assert np.abs(acts["hidden_state"] - keras_outputs(layer, X)[0]).max() <= TOLERANCE


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-30, 30), min_size=1, max_size=20))
def test_sigmoid_is_the_logistic_function(values):
    x = np.array(values)
    s = cell.sigmoid(x)
    assert ((s >= 0) & (s <= 1)).all()
    np.testing.assert_allclose(s + cell.sigmoid(-x), 1.0, atol=1e-12)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-x)), rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 6), st.integers(1, 3), st.integers(1, 5),
       st.integers(0, 2**16))
def test_lstm_state_stays_bounded_and_steps_are_causal(samples, timesteps, features, units, seed):
    rng = np.random.default_rng(seed)
    weights = (rng.normal(size=(features, 4 * units)), rng.normal(size=(units, 4 * units)),
               rng.normal(size=4 * units))
    X = rng.normal(size=(samples, timesteps + 1, features))
    acts = cell.lstm_steps(X, *weights)
    assert (np.abs(acts["hidden_state"]) < 1).all()
    # |c_t| grows by at most 1 per step, since |f| < 1, |i| < 1 and |g| <= 1.
    assert (np.abs(acts["cell_state"]) <= np.arange(1, timesteps + 2)[None, :, None]).all()
    shorter = cell.lstm_steps(X[:, :timesteps], *weights)["hidden_state"]
    np.testing.assert_allclose(shorter, acts["hidden_state"][:, :timesteps])


def test_unit_correlations_finds_the_tracking_unit():
    rng = np.random.default_rng(9)
    count = np.tile(np.arange(10.0), (20, 1))  # (samples, timesteps)
    values = rng.normal(size=(20, 10, 5))
    values[..., 3] = -0.5 * count + 0.01 * rng.normal(size=count.shape)
    values[..., 1] = 7.0  # a unit that never changes
    correlations = cell.unit_correlations(values, count)
    assert correlations.shape == (5,)
    assert np.nanargmax(np.abs(correlations)) == 3 and correlations[3] < -0.99
    assert np.isnan(correlations[1])  # undefined, not "no correlation"
    assert (np.abs(np.delete(correlations, 1)) <= 1 + 1e-12).all()


def test_unit_correlations_uses_only_the_masked_steps():
    count = np.tile(np.arange(6.0), (4, 1))
    values = np.stack([count, -count], axis=-1)
    values[:, 3:, 0] = 0  # unit 0 tracks the count only in the first half
    mask = np.zeros(count.shape, dtype=bool)
    mask[:, :3] = True
    masked = cell.unit_correlations(values, count, mask=mask)
    np.testing.assert_allclose(masked, [1.0, -1.0])
    assert cell.unit_correlations(values, count)[0] < 0.9


# --- bad input ---------------------------------------------------------------------------------

LSTM_WEIGHTS = (np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12))


def test_rejects_a_1d_sequence_with_a_reshape_hint():
    with pytest.raises(ValueError, match=r"X must be 3-D .*X.reshape\(1, 10, 1\)"):
        cell.lstm_forward(np.arange(10.0), *LSTM_WEIGHTS)


def test_rejects_a_2d_input():
    with pytest.raises(ValueError, match=r"X must be 3-D \(samples, timesteps, features\)"):
        cell.lstm_forward(np.zeros((4, 2)), *LSTM_WEIGHTS)


def test_rejects_zero_time_steps():
    with pytest.raises(ValueError, match="X must have at least 1 sample, time step and feature"):
        cell.lstm_forward(np.zeros((4, 0, 2)), *LSTM_WEIGHTS)


def test_rejects_input_with_the_wrong_number_of_features():
    with pytest.raises(ValueError, match=r"kernel must have shape .* for X with 5 features"):
        cell.lstm_forward(np.zeros((1, 3, 5)), *LSTM_WEIGHTS)


def test_rejects_gru_weights_in_the_lstm():
    with pytest.raises(ValueError, match=r"recurrent_kernel must have shape \(units, 4 \* units\)"):
        cell.lstm_forward(np.zeros((1, 3, 2)), np.zeros((2, 9)), np.zeros((3, 9)), np.zeros(9))


def test_rejects_a_bias_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"bias must have shape \(12,\)"):
        cell.lstm_forward(np.zeros((1, 3, 2)), *LSTM_WEIGHTS[:2], np.zeros(8))


def test_rejects_an_initial_state_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"h0 must have shape \(samples, units\) = \(1, 3\)"):
        cell.lstm_forward(np.zeros((1, 3, 2)), *LSTM_WEIGHTS, h0=np.zeros((3,)))


def test_rejects_a_single_bias_row_with_reset_after():
    with pytest.raises(ValueError, match=r"bias must have shape \(2, 3 \* units\)"):
        cell.gru_forward(np.zeros((1, 3, 2)), np.zeros((2, 9)), np.zeros((3, 9)), np.zeros(9))


def test_rejects_an_unknown_activation():
    with pytest.raises(ValueError, match="activation_name must be one of"):
        cell.lstm_steps(np.zeros((1, 3, 2)), *LSTM_WEIGHTS, activation_name="swish")


def test_rejects_a_layer_that_is_not_recurrent():
    with pytest.raises(ValueError, match="layer must be a keras.layers.LSTM or keras.layers.GRU"):
        cell.gate_activations(keras.layers.Dense(3), np.zeros((1, 3, 2)))


def test_rejects_a_simple_rnn():
    layer = keras.layers.SimpleRNN(3)
    layer.build((None, 4, 2))
    with pytest.raises(ValueError, match="got a layer with a SimpleRNNCell"):
        cell.layer_weights(layer)


def test_rejects_a_layer_that_is_not_built():
    with pytest.raises(ValueError, match="layer is not built yet"):
        cell.layer_weights(keras.layers.LSTM(3))


def test_rejects_a_backwards_layer():
    layer = keras.layers.LSTM(3, go_backwards=True)
    layer.build((None, 4, 2))
    with pytest.raises(ValueError, match="go_backwards=True"):
        cell.gate_activations(layer, np.zeros((1, 4, 2)))


def test_unit_correlations_rejects_2d_values():
    with pytest.raises(ValueError, match=r"values must be 3-D \(samples, timesteps, units\)"):
        cell.unit_correlations(np.zeros((4, 3)), np.zeros((4, 3)))


def test_unit_correlations_rejects_a_target_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"target must have shape \(samples, timesteps\)"):
        cell.unit_correlations(np.zeros((4, 3, 2)), np.zeros((4, 2)))


def test_unit_correlations_rejects_a_non_boolean_mask():
    with pytest.raises(ValueError, match="mask must be a boolean array"):
        cell.unit_correlations(np.zeros((4, 3, 2)), np.zeros((4, 3)), mask=np.ones((4, 3)))


def test_unit_correlations_rejects_a_mask_with_one_step():
    mask = np.zeros((4, 3), dtype=bool)
    mask[0, 0] = True
    with pytest.raises(ValueError, match="at least 2 steps"):
        cell.unit_correlations(np.zeros((4, 3, 2)), np.zeros((4, 3)), mask=mask)


# --- NaN and inf are refused, an undefined correlation is never reported as 0 -------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("where", ["X", "kernel", "recurrent_kernel", "bias", "h0"])
def test_the_cell_refuses_nan_and_inf(where, bad):
    arrays = {"X": np.zeros((1, 3, 2)), "kernel": np.zeros((2, 12)),
              "recurrent_kernel": np.zeros((3, 12)), "bias": np.zeros(12), "h0": np.zeros((1, 3))}
    arrays[where] = arrays[where].copy()
    arrays[where].flat[0] = bad
    with pytest.raises(ValueError, match=f"{where} must hold finite numbers"):
        cell.lstm_steps(**arrays)


def test_sigmoid_refuses_nan():
    with pytest.raises(ValueError, match="x must hold finite numbers"):
        cell.sigmoid([0.0, np.nan])


def test_unit_correlations_refuses_nan_instead_of_reporting_no_correlation():
    values = np.random.default_rng(0).normal(size=(2, 5, 3))
    values[0, 0, 1] = np.nan
    with pytest.raises(ValueError, match="values must hold finite numbers"):
        cell.unit_correlations(values, np.arange(10.0).reshape(2, 5))


def test_a_constant_unit_has_an_undefined_correlation_not_zero():
    target = np.arange(10.0).reshape(2, 5)
    values = np.stack([target, np.full((2, 5), 0.3)], axis=-1)  # unit 1 never changes
    correlations = cell.unit_correlations(values, target)
    assert correlations[0] == pytest.approx(1.0) and np.isnan(correlations[1])
    assert np.nanargmax(np.abs(correlations)) == 0


def test_a_constant_target_is_refused():
    with pytest.raises(ValueError, match="target must vary over the chosen steps"):
        cell.unit_correlations(np.random.default_rng(0).normal(size=(2, 5, 3)), np.ones((2, 5)))


@pytest.mark.parametrize("bad", ["yes", None, 2])
def test_gru_reset_after_must_be_a_bool(bad):
    with pytest.raises(TypeError, match="reset_after must be True or False"):
        cell.gru_steps(np.zeros((1, 3, 2)), np.zeros((2, 9)), np.zeros((3, 9)), np.zeros((2, 9)),
                       reset_after=bad)
