"""Builders, metrics and plots of chapters 9-11: the models' sizes and wiring, scoring, drawing."""

import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_book import evaluate, models, plots, problems  # noqa: E402

# --- the builders --------------------------------------------------------------------------------


def test_encoder_decoder_has_the_book_s_parameters_and_shapes():
    model = models.encoder_decoder()
    assert model.count_params() == 52_212
    probabilities = keras.ops.convert_to_numpy(model(problems.addition(4, rng=1)[0]))
    assert probabilities.shape == (4, 2, 12)
    assert np.allclose(probabilities.sum(axis=-1), 1, atol=1e-5)
    assert model.loss == "categorical_crossentropy"


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
    assert model.loss == "mae"


def test_builders_train_with_a_schedule_and_several_steps_per_execution():
    X, y = problems.rectangles(40, rng=6)
    schedule = keras.optimizers.schedules.CosineDecay(0.01, 10)
    model = models.generative_lstm(learning_rate=schedule, steps_per_execution=5)
    history = model.fit(X, y, batch_size=12, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


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
    with pytest.raises(ValueError, match=r"y_pred must have shape \(samples, steps, classes\)"):
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


# --- drawing -------------------------------------------------------------------------------------


def test_shape_draws_one_closed_path_through_the_corners():
    corners = problems.rectangle_corners(1, rng=10)[0]
    ax = plots.shape(corners, title="one")
    path = ax.patches[0].get_path()
    assert len(ax.patches) == 1 and np.allclose(path.vertices[:4], corners)
    assert path.codes[-1] == path.CLOSEPOLY and ax.get_xlim() == (-0.1, 1.1)


def test_shape_grid_has_one_panel_per_shape_and_hides_the_rest():
    figure = plots.shape_grid(problems.rectangle_corners(7, rng=11), columns=4,
                              titles=[str(k) for k in range(7)])
    visible = [ax for ax in figure.axes if ax.axison]
    assert len(figure.axes) == 8 and len(visible) == 7
    assert [ax.get_title() for ax in visible] == [str(k) for k in range(7)]


def test_shape_plots_reject_bad_input():
    with pytest.raises(ValueError, match=r"corners must have shape \(corners, 2\)"):
        plots.shape(np.zeros((4, 2, 1)))
    with pytest.raises(ValueError, match="for one shape use plots.shape"):
        plots.shape_grid(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="columns must be an integer >= 1"):
        plots.shape_grid(np.zeros((2, 4, 2)), columns=0)
    with pytest.raises(ValueError, match="one title per shape: 2, got 1"):
        plots.shape_grid(np.zeros((2, 4, 2)), titles=["a"])
