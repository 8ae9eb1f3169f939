"""lstm_book.stateful: a stateful LSTM carries its state between batches on every backend.

Keras fixes its backend when it is first imported, so the checks run in a child pytest process
per backend (``KERAS_BACKEND=<backend>``). The reference everywhere is the model called directly,
one batch after another, which carries the state on every backend.
"""

import os

import numpy as np
import pytest
from child_backend import run_child

CHILD_ENV = "LSTM_BOOK_STATEFUL_BACKEND"
CHILD = os.environ.get(CHILD_ENV)
in_child_only = pytest.mark.skipif(CHILD is None, reason="runs in a child process per backend")
BACKENDS = ("tensorflow", "jax", "torch")
BATCH, TIMESTEPS = 3, 4


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_carries_the_state(backend):
    if CHILD is not None:
        pytest.skip("already in a child process")
    summary = run_child(__file__, backend, CHILD_ENV)
    assert "skipped" not in summary, summary


# --- in the child ----------------------------------------------------------------------------------

def _model(stateful=True, batch=BATCH):
    import keras

    keras.utils.set_random_seed(3)
    inputs = keras.Input(batch_shape=(batch, TIMESTEPS, 2))
    hidden = keras.layers.LSTM(5, return_sequences=True, stateful=stateful, name="lstm")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer="sgd", loss="mse")
    return model


def _chunks(n=3):
    return np.random.default_rng(0).normal(size=(n, BATCH, TIMESTEPS, 2)).astype("float32")


def _direct(model, chunks):
    import keras

    model.get_layer("lstm").reset_state()
    return np.concatenate([keras.ops.convert_to_numpy(model(chunk)) for chunk in chunks], axis=1)


@in_child_only
def test_child_runs_on_the_backend_it_was_asked_for():
    import keras

    assert keras.backend.backend() == CHILD


@in_child_only
def test_child_predict_on_batch_and_predict_match_direct_calls():
    from lstm_book import stateful

    model, chunks = _model(), _chunks()
    expected = _direct(model, chunks)
    with stateful.carry_state(model):
        model.get_layer("lstm").reset_state()
        on_batch = np.concatenate([model.predict_on_batch(chunk) for chunk in chunks], axis=1)
        model.get_layer("lstm").reset_state()
        predicted = model.predict(chunks.reshape(-1, TIMESTEPS, 2), batch_size=BATCH, verbose=0)
    np.testing.assert_allclose(on_batch, expected, atol=1e-5)
    # predict() stacks the batches; batch j holds chunk j of every row.
    stacked = predicted.reshape(len(chunks), BATCH, TIMESTEPS, 1).transpose(1, 0, 2, 3)
    np.testing.assert_allclose(stacked.reshape(BATCH, -1, 1), expected, atol=1e-5)
    # The carried state matters: chunk 2 after chunk 1 differs from chunk 2 from a zero state.
    assert not np.allclose(expected[:, TIMESTEPS:2 * TIMESTEPS], _direct(_model(), chunks[1:2]))


@in_child_only
def test_child_fit_carries_the_state_and_the_weights_stay_the_weights():
    from lstm_book import stateful

    model, chunks = _model(), _chunks()
    weights_before = len(model.get_weights())
    model.get_layer("lstm").reset_state()
    with stateful.carry_state(model):
        model.fit(chunks.reshape(-1, TIMESTEPS, 2), np.zeros((len(chunks) * BATCH, TIMESTEPS, 1)),
                  batch_size=BATCH, shuffle=False, epochs=1, verbose=0)
    state = [np.asarray(v) for v in model.get_layer("lstm").states]
    assert all(np.abs(value).max() > 0 for value in state)  # the last batch's state was kept
    assert len(model.get_weights()) == weights_before
    # The weights move to a model of another batch size, as outside the block.
    _model(batch=1).set_weights(model.get_weights())


@in_child_only
def test_child_without_it_jax_forgets_and_the_others_carry():
    """What the helper is for: on JAX alone, predict_on_batch restarts from the held state."""
    import keras

    model, chunks = _model(), _chunks(2)
    model.get_layer("lstm").reset_state()
    first, second = (model.predict_on_batch(chunk) for chunk in (chunks[0], chunks[0]))
    assert np.allclose(first, second) == (keras.backend.backend() == "jax")


# --- bad input (any backend) -----------------------------------------------------------------------

def test_refuses_what_is_not_a_model():
    from lstm_book import stateful

    with pytest.raises(TypeError, match="model must be a Keras model"):
        stateful.carry_state("model")


def test_refuses_a_model_without_a_stateful_layer():
    from lstm_book import stateful

    with pytest.raises(ValueError, match="must have a stateful layer"):
        stateful.carry_state(_model(stateful=False))


def test_refuses_a_stateful_layer_not_built_yet():
    import keras

    from lstm_book import stateful

    with pytest.raises(ValueError, match="not built yet"):
        stateful.carry_state(keras.Sequential([keras.layers.LSTM(3, stateful=True)]))
