"""lstm_book.models: the book's parameter counts, shapes, wiring, arguments, and uncompiled builders."""

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


def test_vanilla_lstm_arguments_change_the_model():
    model = models.vanilla_lstm(timesteps=7, n_features=4, units=3)
    assert model.input_shape == (None, 7, 4) and model.output_shape == (None, 4)
    assert model.count_params() == lstm_parameters(3, 4) + 3 * 4 + 4


def test_vanilla_lstm_predicts_probabilities_for_echo_data():
    X, _ = problems.echo(4, timesteps=5, n_features=10, rng=0)
    probabilities = models.vanilla_lstm().predict(X, verbose=0)
    assert probabilities.shape == (4, 10)
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)


BUILDERS = [models.vanilla_lstm, models.stacked_lstm, models.cnn_lstm, models.encoder_decoder,
            models.bidirectional_lstm, models.generative_lstm, models.char_lstm]


@pytest.mark.parametrize("builder", BUILDERS)
def test_builders_return_uncompiled_models(builder):
    model = builder()
    assert not model.compiled and getattr(model, "optimizer", None) is None


@pytest.mark.parametrize("option", ["learning_rate", "clipnorm", "jit_compile", "steps_per_execution"])
@pytest.mark.parametrize("builder", BUILDERS)
def test_builders_take_no_compile_options(builder, option):
    with pytest.raises(TypeError, match=option):
        builder(**{option: 1})


def test_stacked_lstm_returns_sequences_except_the_last_layer():
    model = models.stacked_lstm(units=(4, 3, 2))
    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    assert [layer.return_sequences for layer in lstms] == [True, True, False]
    assert [layer.output.shape for layer in lstms] == [(None, 50, 4), (None, 50, 3), (None, 2)]
    assert model.output_shape == (None, 5)


def test_stacked_lstm_with_one_layer_is_a_vanilla_lstm_regressor():
    model = models.stacked_lstm(units=(34,))
    assert model.count_params() == lstm_parameters(34, 1) + 34 * 5 + 5


def test_stacked_lstm_fits_one_step_on_damped_sines():
    X, y = problems.damped_sine(8, timesteps=10, horizon=3, rng=0)
    model = models.stacked_lstm(timesteps=10, horizon=3, units=(2, 2))
    model.compile(optimizer="adam", loss="mae")  # notebooks compile; builders define
    history = model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_stacked_lstm_needs_a_layer():
    with pytest.raises(ValueError, match="units must list at least one LSTM layer"):
        models.stacked_lstm(units=())


def test_cnn_lstm_layers_and_shapes():
    model = models.cnn_lstm()
    assert model.input_shape == (None, 50, 50, 50, 1) and model.output_shape == (None, 1)
    names = [layer.__class__.__name__ for layer in model.layers[:5]]
    assert names == ["FramesToImages", "Conv2D", "MaxPooling2D", "Flatten", "ImagesToFrames"]
    assert model.layers[1].kernel.shape == (2, 2, 1, 2)  # the book's 2-D filters
    assert model.layers[4].output.shape == (None, 50, 24 * 24 * 2)  # what the LSTM reads per frame


def test_cnn_lstm_reads_each_frame_as_the_book_s_time_distributed_conv2d():
    model = models.cnn_lstm(timesteps=9, filters=3, units=4)
    rng = np.random.default_rng(0)
    model.layers[1].set_weights([rng.normal(size=(2, 2, 1, 3)), rng.normal(size=3)])
    book = keras.Sequential([
        keras.Input(shape=(9, 9, 9, 1)),
        keras.layers.TimeDistributed(keras.layers.Conv2D(3, 2, activation="relu")),
        keras.layers.TimeDistributed(keras.layers.MaxPooling2D(2)),
        keras.layers.TimeDistributed(keras.layers.Flatten()),
    ])
    book.layers[0].set_weights(model.layers[1].get_weights())  # the same filters
    X = rng.normal(size=(2, 9, 9, 9, 1)).astype("float32")
    ours = keras.ops.convert_to_numpy(keras.Model(model.inputs[0], model.layers[4].output)(X))
    theirs = keras.ops.convert_to_numpy(book(X))
    assert ours.shape == theirs.shape == (2, 9, 4 * 4 * 3)
    assert np.max(np.abs(ours - theirs)) < 1e-5 and np.max(np.abs(theirs)) > 0.1
    X[:, 3] = 0  # a frame changed alone changes only its own features: frames are never mixed
    changed = keras.ops.convert_to_numpy(keras.Model(model.inputs[0], model.layers[4].output)(X))
    assert np.allclose(np.delete(changed, 3, axis=1), np.delete(ours, 3, axis=1), atol=1e-6)
    assert not np.allclose(changed[:, 3], ours[:, 3])


def test_cnn_lstm_small_videos_predict_probabilities():
    X, _ = problems.moving_line(3, timesteps=8, rng=0)
    model = models.cnn_lstm(timesteps=8, units=4)
    assert model.count_params() == (2 * 4 + 2) + lstm_parameters(4, 3 * 3 * 2) + 5
    probabilities = model.predict(X, verbose=0)  # uint8 pixels are cast by the model
    assert probabilities.shape == (3, 1) and np.all((probabilities > 0) & (probabilities < 1))


# --- chapters 9-11 -------------------------------------------------------------------------------


def test_encoder_decoder_has_the_book_s_parameters_and_shapes():
    model = models.encoder_decoder()
    assert model.count_params() == 52_212
    probabilities = keras.ops.convert_to_numpy(model(problems.addition(4, rng=1)[0]))
    assert probabilities.shape == (4, 2, 12)
    assert np.allclose(probabilities.sum(axis=-1), 1, atol=1e-5)


def test_encoder_decoder_size_does_not_depend_on_the_sequence_lengths():
    assert models.encoder_decoder(11, 3).count_params() == 52_212
    assert models.encoder_decoder(encoder_units=10, decoder_units=5).count_params() == (
        4 * 10 * (12 + 10 + 1) + 4 * 5 * (10 + 5 + 1) + 5 * 12 + 12)


@pytest.mark.parametrize(("merge_mode", "direction", "parameters"), [
    ("concat", "both", 20_901), ("sum", "both", 20_851), ("mul", "both", 20_851),
    ("ave", "both", 20_851), ("concat", "forward", 10_451), ("concat", "backward", 10_451),
])
def test_bidirectional_lstm_parameters(merge_mode, direction, parameters):
    model = models.bidirectional_lstm(merge_mode=merge_mode, direction=direction)
    assert model.count_params() == parameters
    outputs = keras.ops.convert_to_numpy(model(problems.cumulative_sum(3, rng=2)[0]))
    assert outputs.shape == (3, 10, 1) and np.all((outputs > 0) & (outputs < 1))


def _steps_changed_by_the_first_and_last_input(model):
    """Which output steps move when only the first, or only the last, input step changes."""
    X = np.random.default_rng(3).random((1, 10, 1)).astype("float32")
    base = keras.ops.convert_to_numpy(model(X))[0, :, 0]
    moved = []
    for step in (0, -1):
        changed = X.copy()
        changed[0, step, 0] += 5.0
        moved.append(np.flatnonzero(~np.isclose(keras.ops.convert_to_numpy(model(changed))[0, :, 0],
                                                base, rtol=0, atol=1e-7)))
    return moved


def test_forward_lstm_output_at_a_step_sees_only_the_past():
    by_first, by_last = _steps_changed_by_the_first_and_last_input(
        models.bidirectional_lstm(direction="forward"))
    assert by_first.tolist() == list(range(10)) and by_last.tolist() == [9]


def test_backward_lstm_outputs_are_back_in_time_order():
    # go_backwards alone would return the output of the last step first; ReverseTime undoes that,
    # so output t has read the steps from t to the end: the first input moves only output 0
    by_first, by_last = _steps_changed_by_the_first_and_last_input(
        models.bidirectional_lstm(direction="backward"))
    assert by_first.tolist() == [0] and by_last.tolist() == list(range(10))


@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")  # never trained
def test_a_backward_model_saves_and_loads(tmp_path):
    model = models.bidirectional_lstm(direction="backward")
    X = problems.cumulative_sum(2, rng=4)[0]
    model.save(tmp_path / "backward.keras")
    loaded = keras.saving.load_model(tmp_path / "backward.keras")
    assert np.allclose(keras.ops.convert_to_numpy(loaded(X)), keras.ops.convert_to_numpy(model(X)))


@pytest.mark.parametrize(("argument", "bad"), [("merge_mode", None), ("merge_mode", "max"),
                                               ("direction", "both_ways"), ("direction", "left")])
def test_bidirectional_lstm_rejects_unknown_options(argument, bad):
    with pytest.raises(ValueError, match=f"{argument} must be"):
        models.bidirectional_lstm(**{argument: bad})


def test_generative_lstm_maps_a_corner_to_the_next():
    model = models.generative_lstm()
    assert model.count_params() == 4 * 10 * (2 + 10 + 1) + 10 * 2 + 2 == 542
    assert keras.ops.convert_to_numpy(model(problems.rectangles(2, rng=5)[0])).shape == (6, 2)


def test_char_lstm_twin_carries_its_state_from_call_to_call():
    model = models.char_lstm(10, units=8, embedding_dim=4)
    assert model.count_params() == 10 * 4 + 4 * 8 * (4 + 8 + 1) + 9 * 10
    twin = models.char_lstm(10, units=8, embedding_dim=4, stateful=True)
    twin.set_weights(model.get_weights())
    ids = np.array([[1, 2, 3, 4, 5, 0, 9]])
    whole = keras.ops.convert_to_numpy(model(ids))
    assert whole.shape == (1, 7, 10)
    one_at_a_time = [keras.ops.convert_to_numpy(twin(ids[:, t:t + 1]))[0, 0] for t in range(7)]
    assert np.allclose(np.stack(one_at_a_time), whole[0], atol=1e-5)
    carried = keras.ops.convert_to_numpy(twin(ids[:, :1]))[0, 0]  # the eighth step, not the first
    assert not np.allclose(carried, whole[0, 0], atol=1e-6)
    twin.layers[1].reset_state()  # a fresh state: the first step again
    assert np.allclose(keras.ops.convert_to_numpy(twin(ids[:, :1]))[0, 0], whole[0, 0], atol=1e-5)


def test_a_built_model_trains_with_the_chapter_s_compile_recipe():
    X, y = problems.rectangles(40, rng=6)
    schedule = keras.optimizers.schedules.CosineDecay(0.01, 10)
    model = models.generative_lstm()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="mae",
                  steps_per_execution=5)
    history = model.fit(X, y, batch_size=12, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


def test_teacher_forcing_models_share_their_layers_and_step_like_the_trainer():
    trainer, encoder, decoder_step = models.teacher_forcing_encoder_decoder(8, 2, 12, units=16)
    assert trainer.count_params() == 2 * 4 * 16 * (12 + 16 + 1) + 17 * 12
    assert encoder.count_params() + decoder_step.count_params() == trainer.count_params()
    X, y = problems.addition(5, rng=4)
    shifted = np.concatenate([np.zeros_like(y[:, :1]), y[:, :-1]], axis=1)
    whole = keras.ops.convert_to_numpy(trainer([X, shifted]))
    h, c = encoder(X)
    for step in range(2):  # feeding the true previous character, the step model must agree
        probabilities, h, c = decoder_step([keras.ops.convert_to_tensor(shifted[:, step:step + 1]),
                                            h, c])
        assert np.allclose(keras.ops.convert_to_numpy(probabilities)[:, 0], whole[:, step],
                           atol=1e-5)


def test_teacher_forcing_encoder_reads_backwards_only_when_asked():
    X = problems.addition(3, rng=5)[0]
    states = {}
    for backwards in (True, False):
        keras.utils.set_random_seed(0)
        _, encoder, _ = models.teacher_forcing_encoder_decoder(8, 2, 12, units=8,
                                                               go_backwards=backwards)
        states[backwards] = keras.ops.convert_to_numpy(encoder(X)[0])
        reversed_input = keras.ops.convert_to_numpy(encoder(X[:, ::-1].copy())[0])
        states[(backwards, "flipped")] = reversed_input
    assert np.allclose(states[True], states[(False, "flipped")], atol=1e-5)
    assert not np.allclose(states[True], states[False], atol=1e-3)
