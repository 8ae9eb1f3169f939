"""Builders of chapters 6-8: the book's parameter counts, shapes, and their arguments."""

import keras
import numpy as np
import pytest

from lstm_book import models, problems


def lstm_parameters(units, inputs):
    """Four gates, each with input weights, recurrent weights and a bias."""
    return 4 * (units * (inputs + units) + units)


@pytest.mark.parametrize(("builder", "book_count"), [
    (models.vanilla_lstm, 3_860), (models.stacked_lstm, 5_145), (models.cnn_lstm, 240_661),
])
def test_default_builders_have_the_books_parameter_counts(builder, book_count):
    assert builder().count_params() == book_count


def test_vanilla_lstm_layers_and_shapes():
    model = models.vanilla_lstm()
    assert model.input_shape == (None, 5, 10) and model.output_shape == (None, 10)
    assert model.layers[0].units == 25 and model.layers[-1].activation.__name__ == "softmax"
    assert model.loss == "categorical_crossentropy"


def test_vanilla_lstm_arguments_change_the_model():
    model = models.vanilla_lstm(length=7, n_features=4, units=3)
    assert model.input_shape == (None, 7, 4) and model.output_shape == (None, 4)
    assert model.count_params() == lstm_parameters(3, 4) + 3 * 4 + 4


def test_vanilla_lstm_predicts_probabilities_for_echo_data():
    X, _ = problems.echo(4, length=5, n_features=10, rng=0)
    probabilities = models.vanilla_lstm().predict(X, verbose=0)
    assert probabilities.shape == (4, 10)
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)


def test_vanilla_lstm_learning_rate_and_jit_are_passed_to_compile():
    model = models.vanilla_lstm(learning_rate=0.02, jit_compile=False)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.02)
    assert model.jit_compile is False and model.optimizer.clipnorm is None


@pytest.mark.parametrize("builder", [models.vanilla_lstm, models.stacked_lstm, models.cnn_lstm])
def test_builders_pass_clipnorm_and_a_schedule_to_adam(builder):
    schedule = keras.optimizers.schedules.CosineDecay(0.01, decay_steps=10)
    model = builder(learning_rate=schedule, clipnorm=1.0)
    assert model.optimizer.clipnorm == 1.0
    assert model.optimizer.get_config()["learning_rate"]["class_name"] == "CosineDecay"


def test_stacked_lstm_returns_sequences_except_the_last_layer():
    model = models.stacked_lstm(units=(4, 3, 2))
    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    assert [layer.return_sequences for layer in lstms] == [True, True, False]
    assert [layer.output.shape for layer in lstms] == [(None, 50, 4), (None, 50, 3), (None, 2)]
    assert model.output_shape == (None, 5) and model.loss == "mae"


def test_stacked_lstm_with_one_layer_is_a_vanilla_lstm_regressor():
    model = models.stacked_lstm(units=(34,))
    assert model.count_params() == lstm_parameters(34, 1) + 34 * 5 + 5


def test_stacked_lstm_fits_one_step_on_damped_sines():
    X, y = problems.damped_sine(8, length=10, output=3, rng=0)
    model = models.stacked_lstm(length=10, output=3, units=(2, 2))
    history = model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_stacked_lstm_needs_a_layer():
    with pytest.raises(ValueError, match="units must list at least one LSTM layer"):
        models.stacked_lstm(units=())


def test_cnn_lstm_layers_and_shapes():
    model = models.cnn_lstm()
    assert model.input_shape == (None, 50, 50, 50, 1) and model.output_shape == (None, 1)
    wrapped = [layer.layer.__class__.__name__ for layer in model.layers[:3]]
    assert wrapped == ["Conv2D", "MaxPooling2D", "Flatten"]
    assert model.layers[2].output.shape == (None, 50, 24 * 24 * 2)  # what the LSTM reads per frame
    assert model.loss == "binary_crossentropy"


def test_cnn_lstm_small_videos_predict_probabilities():
    X, _ = problems.moving_line(3, size=8, rng=0)
    model = models.cnn_lstm(size=8, units=4)
    assert model.count_params() == (2 * 4 + 2) + lstm_parameters(4, 3 * 3 * 2) + 5
    probabilities = model.predict(X, verbose=0)  # uint8 pixels are cast by the model
    assert probabilities.shape == (3, 1) and np.all((probabilities > 0) & (probabilities < 1))
