"""lstm_book.gradients: every backend's branch against central finite differences.

Keras fixes its backend when it is first imported, so each backend's branch runs in a child
pytest process of its own (``KERAS_BACKEND=<backend>``), mostly in float64 so the finite
differences are exact to about 1e-9; an LSTM is checked in float32. The checks that need no
backend run here, in this process.
"""

import os

import numpy as np
import pytest
from child_backend import run_child

from lstm_book import gradients

CHILD_ENV = "LSTM_BOOK_GRADIENT_BACKEND"  # set in the child: the backend it must run on
CHILD = os.environ.get(CHILD_ENV)
in_child_only = pytest.mark.skipif(CHILD is None, reason="runs in a child process per backend "
                                   "(test_backend_branch_matches_finite_differences)")


@pytest.mark.parametrize("backend", gradients.BACKENDS)
def test_backend_branch_matches_finite_differences(backend):
    if CHILD is not None:
        pytest.skip("already in a child process")
    # JAX computes in float32 unless told; the checks need float64.
    summary = run_child(__file__, backend, CHILD_ENV, {"JAX_ENABLE_X64": "1"})
    if backend != "torch":  # torch skips its float64 checks (see the float64 fixture)
        assert "skipped" not in summary, summary


# --- in the child: the branch of the backend Keras runs on ---------------------------------------


@pytest.fixture
def float64():
    import keras

    # Keras caches its global dtype policy: set and restore it along with floatx.
    if keras.backend.backend() == "torch":
        # Measured: a float64 Dense on Keras's PyTorch backend moves in float32-sized steps, so
        # finite differences at 1e-6 are noise. The float32 LSTM tests check the torch branch.
        pytest.skip("Keras's PyTorch backend computes at float32 precision; checked in float32")
    saved = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield
    keras.config.set_floatx(saved[0])
    keras.config.set_dtype_policy(saved[1])


def _small_model(seed=3, recurrent=False):
    """A smooth model on (4 steps, 2 features) with a few dozen weights, cheap to perturb.

    Dense(3) per step, squared -> Flatten -> Dense(1) by default (41 weights; squaring, not tanh,
    because Keras's JAX tanh and RNNs are float32-accurate even under float64); LSTM(2) ->
    Dense(1) with ``recurrent=True`` (43 weights), checked in float32 with a tolerance to match.
    """
    import keras

    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(4, 2))
    if recurrent:
        features = keras.layers.LSTM(2)(inputs)
    else:
        hidden = keras.layers.Dense(3)(inputs)
        features = keras.layers.Flatten()(keras.layers.Multiply()([hidden, hidden]))
    return keras.Model(inputs, keras.layers.Dense(1)(features))


def _mse(y_true, y_pred):
    import keras

    return keras.ops.mean((y_pred[:, 0] - y_true) ** 2)


def _outputs(model, x):
    import keras

    if keras.backend.backend() == "torch":
        # Eager PyTorch is quick, and its predict_on_batch would round float64 inputs to float32.
        return keras.ops.convert_to_numpy(model(keras.ops.convert_to_tensor(x)))
    # predict_on_batch compiles the forward pass once and reads the current weights at each call:
    # hundreds of perturbed passes take seconds, where eager calls on JAX take minutes.
    return np.asarray(model.predict_on_batch(x))


def _central_difference(f, values, eps=1e-6):
    """d f / d values, entry by entry: (f(v + eps) - f(v - eps)) / 2 eps."""
    grad = np.zeros_like(values)
    for index in np.ndindex(values.shape):
        saved = values[index]
        values[index] = saved + eps
        above = f()
        values[index] = saved - eps
        below = f()
        values[index] = saved
        grad[index] = (above - below) / (2 * eps)
    return grad


@in_child_only
def test_child_runs_on_the_backend_it_was_asked_for():
    import keras

    assert keras.backend.backend() == CHILD


@in_child_only
@pytest.mark.parametrize("compiled", [False, True])
def test_child_input_gradients_match_finite_differences(float64, compiled):
    model = _small_model()
    x = np.random.default_rng(0).normal(size=(3, 4, 2))
    expected = _central_difference(lambda: _outputs(model, x).sum(), x)
    got = gradients.gradient_function(model, wrt="inputs", compiled=compiled)(x)
    assert got.shape == x.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gradients.input_gradients(model, x), expected, rtol=1e-6, atol=1e-9)


@in_child_only
@pytest.mark.parametrize("compiled", [False, True])
def test_child_weight_gradients_match_finite_differences(float64, compiled):
    rng = np.random.default_rng(1)
    model = _small_model()
    x, y = rng.normal(size=(5, 4, 2)), rng.normal(size=5)
    weights = model.get_weights()

    def loss_at():
        model.set_weights(weights)  # one entry of weights was changed in place by the caller
        return np.mean((_outputs(model, x)[:, 0] - y) ** 2)

    expected = [_central_difference(loss_at, w) for w in weights]
    model.set_weights(weights)
    got = gradients.gradient_function(model, wrt="weights", loss=_mse, compiled=compiled)(x, y)
    assert [g.shape for g in got] == [w.shape for w in weights]
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-9)
    plain = gradients.weight_gradients(model, x, y, _mse)
    for g, e in zip(plain, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-9)


@in_child_only
@pytest.mark.parametrize("compiled", [False, True])
def test_child_lstm_gradients_match_finite_differences_in_float32(compiled):
    # Chapter 2's case: gradients through an LSTM, in float32 (eps 1e-2: float32 rounding
    # would swamp a smaller step), with respect to the inputs and to the weights.
    rng = np.random.default_rng(4)
    model = _small_model(recurrent=True)
    x, y = rng.normal(size=(3, 4, 2)).astype("float32"), rng.normal(size=3).astype("float32")
    expected = _central_difference(lambda: _outputs(model, x).astype(float).sum(), x, eps=1e-2)
    got = gradients.gradient_function(model, wrt="inputs", compiled=compiled)(x)
    np.testing.assert_allclose(got, expected, rtol=1e-2, atol=1e-4)
    weights = model.get_weights()

    def loss_at():
        model.set_weights(weights)
        return np.mean((_outputs(model, x)[:, 0].astype(float) - y) ** 2)

    expected = [_central_difference(loss_at, w, eps=1e-2) for w in weights]
    model.set_weights(weights)
    got = gradients.gradient_function(model, wrt="weights", loss=_mse, compiled=compiled)(x, y)
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-2, atol=1e-4)


@in_child_only
def test_child_compiled_gradient_follows_new_weights(float64):
    # A compiled gradient must read the weights at call time, not the ones it was traced with.
    model = _small_model()
    x = np.random.default_rng(2).normal(size=(2, 4, 2))
    gradient = gradients.gradient_function(model, wrt="inputs", compiled=True)
    before = gradient(x)
    model.set_weights([w * 0.5 for w in model.get_weights()])
    after = gradient(x)
    expected = _central_difference(lambda: _outputs(model, x).sum(), x)
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, expected, rtol=1e-6, atol=1e-9)


@in_child_only
def test_child_unused_weight_gets_a_zero_gradient(float64):
    import keras

    class Partial(keras.Model):
        """Holds two Dense layers, calls one: the other's weights get no gradient at all."""

        def __init__(self):
            super().__init__()
            self.used, self.unused = keras.layers.Dense(1), keras.layers.Dense(1)

        def build(self, input_shape):
            self.used.build(input_shape)
            self.unused.build(input_shape)

        def call(self, x):
            return self.used(x)

    model = Partial()
    model.build((None, 3))
    got = gradients.weight_gradients(model, np.ones((2, 3)), np.zeros(2), _mse)
    assert [g.shape for g in got] == [(3, 1), (1,), (3, 1), (1,)]
    assert np.any(got[0] != 0) and not np.any(got[2]) and not np.any(got[3])


# --- checks that need no particular backend -----------------------------------------------------


def test_rejects_what_is_not_a_model():
    with pytest.raises(TypeError, match="model must be a keras.Model"):
        gradients.gradient_function(lambda x: x)


def test_rejects_an_unknown_wrt():
    with pytest.raises(ValueError, match="wrt must be 'inputs' or 'weights'"):
        gradients.gradient_function(_small_model(), wrt="bias")


def test_rejects_a_loss_that_is_not_callable():
    with pytest.raises(TypeError, match="loss must be a function"):
        gradients.gradient_function(_small_model(), wrt="weights", loss="mse")


def test_rejects_a_model_without_weights_yet():
    import keras

    with pytest.raises(ValueError, match="no trainable weights yet"):
        gradients.gradient_function(keras.Sequential([keras.layers.Dense(1)]))


def test_rejects_integer_inputs_for_an_input_gradient():
    with pytest.raises(TypeError, match="floating-point"):
        gradients.input_gradients(_small_model(), np.ones((1, 4, 2), dtype=int))


def test_rejects_an_empty_batch():
    with pytest.raises(ValueError, match="non-empty batch"):
        gradients.input_gradients(_small_model(), np.ones((0, 4, 2), dtype="float32"))


def test_a_loss_needs_targets():
    gradient = gradients.gradient_function(_small_model(), wrt="weights", loss=_mse)
    with pytest.raises(ValueError, match="y must be given"):
        gradient(np.ones((1, 4, 2), dtype="float32"))


def test_weight_gradients_needs_a_loss():
    with pytest.raises(TypeError, match="loss must be a function"):
        gradients.weight_gradients(_small_model(), np.ones((1, 4, 2)), np.ones(1), None)
