"""Repeats trained side by side in one wide model (lstm_book.side_by_side, chapters 12 and 14)."""

import importlib.util
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lstm_book
from lstm_book import side_by_side

X = np.arange(0.0, 0.5, 0.1, dtype="float32").reshape(5, 1, 1)
y = X[:, 0, 0] + 0.1


def small(units, timesteps=1, outputs=1):
    return keras.Sequential([keras.Input(shape=(timesteps, 1)), keras.layers.LSTM(units),
                             keras.layers.Dense(outputs)])


@pytest.mark.parametrize(("loss", "optimizer", "batch_size"),
                         [("mse", "adam", 2), ("mae", "sgd", 5)])
def test_towers_make_the_updates_of_separate_fits(loss, optimizer, batch_size):
    lstm_book.set_seed(3)
    models = [small(1), small(3)]
    separate = []
    for model in models:
        alone = small(model.layers[0].units)
        alone.set_weights(model.get_weights())
        alone.compile(loss=loss, optimizer=optimizer)
        alone.fit(X, y, epochs=4, batch_size=batch_size, shuffle=False, verbose=0)
        separate.append(alone.get_weights())
    wide = side_by_side.stack(models, fresh=False, loss=loss, optimizer=optimizer, steps_per_execution=3)
    Xs, ys, ws = side_by_side.epochs_as_steps(X, side_by_side.targets(y, 2), 4, batch_size)
    wide.fit(Xs, ys, sample_weight=ws, batch_size=batch_size, shuffle=False, verbose=0)
    for tower, expected in zip(side_by_side.tower_weights(wide), separate, strict=True):
        for got, want in zip(tower, expected, strict=True):
            np.testing.assert_allclose(got, want, atol=1e-6)


def test_the_blocks_between_towers_stay_zero_after_training():
    wide = side_by_side.stack([small(2)] * 3)
    wide.fit(X, side_by_side.targets(y, 3), epochs=2, verbose=0)
    recurrent = wide.get_layer("towers_lstm").weights[1].numpy()
    mask = wide.get_layer("towers_lstm").recurrent_constraint.mask
    assert np.all(recurrent[mask == 0] == 0) and np.any(recurrent[mask == 1] != 0)
    dense = wide.get_layer("towers_dense").weights[0].numpy()
    assert np.count_nonzero(dense) <= 6  # one column of 2 units per tower


def test_fresh_towers_get_their_own_start_like_a_new_model():
    wide = side_by_side.stack([small(2)] * 3)
    towers = side_by_side.tower_weights(wide)
    assert not np.allclose(towers[0][0], towers[1][0])
    np.testing.assert_array_equal(towers[2][2], [0, 0, 1, 1, 0, 0, 0, 0])  # the forget gate starts open
    assert side_by_side.n_towers(wide) == 3


def test_tower_weights_round_trip_and_turn_back_into_a_model():
    lstm_book.set_seed(1)
    models = [small(2, timesteps=3, outputs=2), small(4, timesteps=3, outputs=2)]
    wide = side_by_side.stack(models, fresh=False)
    towers = side_by_side.tower_weights(wide)
    for tower, model in zip(towers, models, strict=True):
        for got, want in zip(tower, model.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want)
    inputs = np.random.default_rng(0).random((4, 3, 1), dtype=np.float32)
    together = wide.predict(inputs, verbose=0)
    for j, model in enumerate(models):
        np.testing.assert_allclose(together[:, 2 * j : 2 * j + 2], model.predict(inputs, verbose=0),
                                   atol=1e-6)


def test_per_tower_sample_weights_hide_rows_from_one_tower_only():
    lstm_book.set_seed(2)
    models = [small(2), small(2)]
    alone = small(2)
    alone.set_weights(models[1].get_weights())
    alone.compile(loss="mse", optimizer="adam")
    alone.fit(X[:3], y[:3], epochs=3, batch_size=3, shuffle=False, verbose=0)
    wide = side_by_side.stack(models, fresh=False)
    weights = np.ones((5, 2), "float32")
    weights[:, 1] = [5 / 3] * 3 + [0, 0]  # tower 1 sees the first three rows only
    Xs, ys, ws = side_by_side.epochs_as_steps(X, side_by_side.targets(y, 2), 3, 5, sample_weight=weights)
    wide.fit(Xs, ys, sample_weight=ws, batch_size=5, shuffle=False, verbose=0)
    for got, want in zip(side_by_side.tower_weights(wide)[1], alone.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, atol=1e-6)


def test_snapshot_and_restore_bring_back_weights_and_optimizer():
    wide = side_by_side.stack([small(2)] * 2)
    state = side_by_side.snapshot(wide)
    wide.fit(X, side_by_side.targets(y, 2), epochs=3, verbose=0)
    assert int(wide.optimizer.iterations.numpy()) == 3
    side_by_side.restore(wide, state)
    assert int(wide.optimizer.iterations.numpy()) == 0
    for got, want in zip(wide.get_weights(), state[0], strict=True):
        np.testing.assert_array_equal(got, want)


def test_targets_repeat_y_once_per_tower():
    assert side_by_side.targets(y, 3).shape == (5, 3)
    assert side_by_side.targets(np.ones((5, 2)), 4).shape == (5, 8)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(1, 6), st.integers(1, 4))
def test_epochs_as_steps_gives_every_batch_the_mean_of_its_real_rows(samples, batch_size, epochs):
    data = np.arange(samples, dtype="float32").reshape(samples, 1, 1)
    Xs, ys, ws = side_by_side.epochs_as_steps(data, data[:, 0, 0], epochs, batch_size)
    batches = epochs * -(-samples // batch_size)
    assert len(Xs) == len(ys) == len(ws) == batches * batch_size
    # every batch's weights add up to batch_size, so its loss is the mean over its real rows
    np.testing.assert_allclose(ws.reshape(batches, batch_size).sum(axis=1), batch_size, rtol=1e-6)
    real = ws > 0
    np.testing.assert_array_equal(Xs[real][:, 0, 0], np.tile(np.arange(samples), epochs))


# --- bad input ---------------------------------------------------------------------------------------


def test_stack_needs_a_list_of_models():
    with pytest.raises(ValueError, match="models must be a non-empty list"):
        side_by_side.stack([])


def test_stack_needs_lstm_then_dense():
    model = keras.Sequential([keras.Input(shape=(1, 1)), keras.layers.GRU(2), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="must each be Input -> LSTM -> Dense"):
        side_by_side.stack([model])


def test_stack_needs_a_stateless_lstm_returning_its_last_output():
    model = keras.Sequential([keras.Input(shape=(3, 1)), keras.layers.LSTM(2, return_sequences=True),
                              keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="plain stateless LSTM"):
        side_by_side.stack([model])


def test_stack_needs_towers_of_one_shape():
    with pytest.raises(ValueError, match="must share the input shape"):
        side_by_side.stack([small(2), small(2, timesteps=3)])


def test_stack_names_the_losses_it_knows():
    with pytest.raises(ValueError, match="loss must be one of"):
        side_by_side.stack([small(2)], loss="huber")


def test_tower_weights_needs_a_wide_model():
    with pytest.raises(ValueError, match="made by side_by_side.stack"):
        side_by_side.tower_weights(small(2))


def test_set_tower_weights_checks_count_and_shapes():
    wide = side_by_side.stack([small(2)] * 2)
    with pytest.raises(ValueError, match="one list per tower"):
        side_by_side.set_tower_weights(wide, side_by_side.tower_weights(wide)[:1])
    with pytest.raises(ValueError, match=r"weights\[0\] must have the shapes"):
        side_by_side.set_tower_weights(wide, [small(3).get_weights(), small(2).get_weights()])


@pytest.mark.parametrize(("epochs", "batch_size", "message"),
                         [(0, 2, "epochs must be"), (2, 0, "batch_size must be"),
                          (1.5, 2, "epochs must be a positive integer")])
def test_epochs_as_steps_rejects_bad_counts(epochs, batch_size, message):
    with pytest.raises((ValueError, TypeError), match=message):
        side_by_side.epochs_as_steps(X, y, epochs, batch_size)


def test_epochs_as_steps_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same number of samples"):
        side_by_side.epochs_as_steps(X, y[:3], 2, 2)
    with pytest.raises(ValueError, match="sample_weight must have one row per sample"):
        side_by_side.epochs_as_steps(X, y, 2, 2, sample_weight=np.ones(4))


def test_restore_needs_a_snapshot_of_the_same_model():
    with pytest.raises(ValueError, match="state must be a snapshot of this model"):
        side_by_side.restore(side_by_side.stack([small(2)] * 2),
                             side_by_side.snapshot(side_by_side.stack([small(2)])))


def test_snapshot_needs_a_built_optimizer():
    with pytest.raises(ValueError, match="must be compiled"):
        side_by_side.snapshot(small(2))


# --- NaN, inf, learning rates and loss kinds ------------------------------------------------------


@pytest.mark.parametrize("where", ["X", "y", "sample_weight"])
def test_epochs_as_steps_refuses_nan(where):
    arrays = {"X": X.copy(), "y": y.copy(), "sample_weight": np.ones(5)}
    arrays[where].flat[0] = np.nan
    with pytest.raises(ValueError, match=f"{where} must hold finite numbers"):
        side_by_side.epochs_as_steps(arrays["X"], arrays["y"], 2, 2,
                                     sample_weight=arrays["sample_weight"])


def test_epochs_as_steps_refuses_arrays_too_large_for_memory():
    with pytest.raises(ValueError, match="epochs=1000000 and batch_size=5 would build"):
        side_by_side.epochs_as_steps(np.zeros((5, 1000, 1)), y, 1_000_000, 5)


@pytest.mark.parametrize("rate", [float("nan"), float("inf"), -0.1, 0.0])
def test_stack_refuses_a_learning_rate_that_is_not_finite_and_positive(rate):
    with pytest.raises(ValueError, match="optimizer learning_rate must be a finite number > 0"):
        side_by_side.stack([small(2)], optimizer=keras.optimizers.Adam(learning_rate=rate))


@pytest.mark.parametrize("norm", [float("nan"), float("inf"), -1.0])
def test_stack_refuses_a_clip_norm_that_is_not_finite_and_positive(norm):
    with pytest.raises(ValueError, match="optimizer clipnorm must be a finite number > 0"):
        side_by_side.stack([small(2)], optimizer=keras.optimizers.Adam(clipnorm=norm))


def test_tower_loss_refuses_an_unknown_kind_instead_of_falling_back_to_mae():
    with pytest.raises(ValueError, match="kind must be one of"):
        side_by_side.TowerLoss("huber")


def test_set_tower_weights_refuses_nan():
    wide = side_by_side.stack([small(2)])
    weights = side_by_side.tower_weights(wide)
    weights[0][1][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"weights\[0\]\[1\] must hold finite numbers"):
        side_by_side.set_tower_weights(wide, weights)


# Keras fixes its backend on first import, so each backend's check runs in a child Python.
STEPS_CHECK = """
import keras, numpy as np
from lstm_book import side_by_side
model = keras.Sequential([keras.Input(shape=(1, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)])
wide = side_by_side.stack([model] * 2, steps_per_execution=4)
X = np.arange(0.0, 0.5, 0.1, dtype="float32").reshape(5, 1, 1)
Xs, ys, ws = side_by_side.epochs_as_steps(X, side_by_side.targets(X[:, 0, 0] + 0.1, 2), 8, 5)
wide.fit(Xs, ys, sample_weight=ws, batch_size=5, shuffle=False, verbose=0)
print(keras.backend.backend(), wide.steps_per_execution, int(wide.optimizer.iterations))
"""


@pytest.mark.parametrize(("backend", "steps"), [("tensorflow", 4), ("jax", 4), ("torch", 1)])
def test_stack_trains_on_every_backend_with_the_steps_per_call_it_allows(backend, steps):
    if importlib.util.find_spec(backend) is None:
        pytest.skip(f"{backend} is not installed")
    child = subprocess.run([sys.executable, "-c", STEPS_CHECK], capture_output=True, text=True,
                           env={**os.environ, "KERAS_BACKEND": backend}, timeout=300, check=False)
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout.split() == [backend, str(steps), "8"]  # the 8 updates, on every backend
