"""lstm_book.plots: what each helper draws, and the errors it gives before drawing anything.

matplotlib's Agg backend and the ``close_figures`` fixture come from ``tests/conftest.py``.
"""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstm_book import plots, problems

pytestmark = pytest.mark.usefixtures("close_figures")

SERIES = pd.Series(np.arange(24.0), index=pd.date_range("2000-01", periods=24, freq="MS"), name="sales")

# --- chapters 1 and 15: coloured characters and gate heatmaps ---------------------------------------


def test_colored_characters_draws_every_character_on_its_value():
    values = [np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0, 9.0, 9.0])]  # row 2 has padding
    ax = plots.colored_characters(["abc", "xy"], values, labels=["one", "two"])
    assert [t.get_text() for t in ax.texts] == ["a", "b", "c", "x", "y"]
    grid = ax.images[0].get_array()
    np.testing.assert_allclose(grid[0], [0.5, -1.0, 2.0])
    np.testing.assert_allclose(grid[1, :2], [1.0, 0.0])
    assert grid.mask[1, 2]  # past the end of "xy": not drawn, whatever the value
    assert ax.images[0].get_clim() == (-2.0, 2.0)  # symmetric around 0 by default
    assert [label.get_text() for label in ax.get_yticklabels()] == ["one", "two"]


def test_colored_characters_uses_a_given_range_and_readable_text():
    ax = plots.colored_characters(["ab"], np.array([[0.0, 1.0]]), cmap="Greens", vmin=0, vmax=1)
    assert ax.images[0].get_clim() == (0, 1)
    light, dark = ax.texts
    assert light.get_color() == "black" and dark.get_color() == "white"


def test_colored_characters_rejects_a_single_string():
    with pytest.raises(ValueError, match=r"rows must be a sequence of strings, got one string"):
        plots.colored_characters("abc", [np.zeros(3)])


def test_colored_characters_rejects_mismatched_rows_and_values():
    with pytest.raises(ValueError, match=r"got 2 rows and 1 value rows"):
        plots.colored_characters(["ab", "cd"], [np.zeros(2)])


def test_colored_characters_rejects_too_few_values_for_a_row():
    with pytest.raises(ValueError, match=r"values\[0\] has 2 values for a row of 3 characters"):
        plots.colored_characters(["abc"], [np.zeros(2)])


def fake_activations(samples=2, timesteps=5, units=3):
    rng = np.random.default_rng(0)
    acts = {key: rng.uniform(size=(samples, timesteps, units))
            for key in ("input_gate", "forget_gate", "output_gate")}
    acts["cell_state"] = rng.normal(size=(samples, timesteps, units))
    return acts


def test_gate_heatmaps_draws_one_panel_per_key_units_by_steps():
    acts = fake_activations()
    figure = plots.gate_heatmaps(acts, sample=1, step_labels="abcde")
    panels = [ax for ax in figure.axes if ax.images]
    assert [ax.get_title() for ax in panels] == ["input gate", "forget gate", "output gate",
                                                  "cell state"]
    np.testing.assert_allclose(panels[0].images[0].get_array(), acts["input_gate"][1].T)
    assert panels[0].images[0].get_clim() == (0, 1)  # gates on their own range
    low, high = panels[3].images[0].get_clim()
    assert low == -high == -np.abs(acts["cell_state"][1]).max()
    assert [label.get_text() for label in panels[0].get_xticklabels()] == list("abcde")


def test_gate_heatmaps_names_a_missing_key():
    with pytest.raises(ValueError, match=r"activations has no \['candidate'\]"):
        plots.gate_heatmaps(fake_activations(), keys=("candidate",))


def test_gate_heatmaps_rejects_a_sample_out_of_range():
    with pytest.raises(ValueError, match=r"sample must be in \[0, 2\), got 2"):
        plots.gate_heatmaps(fake_activations(), sample=2)


# --- chapters 12-14: box plots and forecasts -------------------------------------------------------


def test_box_plot_draws_one_box_per_configuration_and_every_repeat():
    scores = pd.DataFrame({1: [0.3, 0.2, 0.25], 5: [0.1, 0.05, np.nan], 10: [0.01, 0.02, 0.03]})
    ax = plots.box_plot(scores, ylabel="validation MSE")
    assert [label.get_text() for label in ax.get_xticklabels()] == ["1", "5", "10"]
    dots = [line for line in ax.get_lines() if line.get_linestyle() == "None" and line.get_marker() == "."]
    assert [len(line.get_ydata()) for line in dots] == [3, 2, 3]  # the NaN is skipped
    assert sorted(dots[1].get_ydata()) == [0.05, 0.1]
    assert ax.get_ylabel() == "validation MSE"


def test_box_plot_draws_the_baseline_with_its_value():
    ax = plots.box_plot({"a": [1.0, 2.0], "b": [3.0]}, baseline=2.5, baseline_label="persistence")
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["persistence 2.5"]


def test_box_plot_needs_scores():
    with pytest.raises(ValueError, match="at least one configuration"):
        plots.box_plot({})
    with pytest.raises(ValueError, match="no finite values for b"):
        plots.box_plot({"a": [1.0], "b": [np.nan]})


def test_forecast_draws_a_line_per_forecast_and_a_band_for_repeats():
    one = SERIES.to_numpy()[-6:] + 1
    repeats = np.vstack([one - 2, one + 2, one])
    ax = plots.forecast(SERIES, {"model": one, "repeats": repeats})
    lines = ax.get_lines()
    assert len(lines) == 3 and len(ax.collections) == 1  # observed, two forecasts; one band
    np.testing.assert_array_equal(lines[2].get_ydata(), repeats.mean(axis=0))
    assert len(lines[1].get_xdata()) == 6 and ax.get_ylabel() == "sales"


@pytest.mark.parametrize("bad", [np.ones(24), np.ones((2, 3, 4)), np.ones(0)])
def test_forecast_rejects_a_bad_shape(bad):
    with pytest.raises(ValueError, match=r"shape \(horizon,\) or \(repeats, horizon\)"):
        plots.forecast(SERIES, {"bad": bad})


# --- learning curves (chapters 2, 4, 6-12, 15) -------------------------------------------------------


def test_learning_curves_draws_train_and_validation():
    ax = plots.learning_curves({"a": {"loss": [3, 2, 1], "val_loss": [3, 3, 2]},
                                "b": {"loss": [1, 0.5]}})
    assert len(ax.get_lines()) == 3
    assert list(ax.get_lines()[0].get_ydata()) == [3, 2, 1]


def test_learning_curves_names_a_missing_metric():
    with pytest.raises(ValueError, match="has no 'accuracy'"):
        plots.learning_curves({"a": {"loss": [1]}}, metric="accuracy")


# --- plots used by chapters 7 and 8 -------------------------------------------------------------------


def test_forecasts_vs_truth_draws_input_truth_and_forecast_per_sample():
    X, y = problems.damped_sine(5, timesteps=30, horizon=4, rng=0)
    figure = plots.forecasts_vs_truth(X, y, y + 0.1, n=3, history=10)
    assert len(figure.axes) == 3
    input_line, truth_line, forecast_line = figure.axes[1].get_lines()
    assert list(input_line.get_xdata()) == list(range(20, 30))
    assert np.allclose(truth_line.get_ydata(), y[1]) and np.allclose(forecast_line.get_ydata(), y[1] + 0.1)
    assert list(forecast_line.get_xdata()) == [30, 31, 32, 33]


def test_forecasts_vs_truth_names_mismatched_shapes():
    with pytest.raises(ValueError, match="expected X"):
        plots.forecasts_vs_truth(np.zeros((2, 5)), np.zeros((2, 3)), np.zeros((2, 4)))


def test_video_frames_draws_the_chosen_frames():
    X, _ = problems.moving_line(1, timesteps=10, rng=0)
    figure = plots.video_frames(X[0], frames=[0, 4, 9])
    assert [ax.get_title() for ax in figure.axes] == ["frame 0", "frame 4", "frame 9"]
    assert np.array_equal(figure.axes[2].get_images()[0].get_array(), X[0, 9, :, :, 0])
    assert len(plots.video_frames(X[0]).axes) == 8  # the default: eight frames spread evenly


@pytest.mark.parametrize(("video", "frames", "message"), [
    (np.zeros((2, 10, 10, 10, 1)), None, "expected one video"),
    (np.zeros((10, 10, 10)), [0, 10], r"frames must be 1 to 100 indices in \[0, 10\)"),
])
def test_video_frames_rejects_bad_input(video, frames, message):
    with pytest.raises(ValueError, match=message):
        plots.video_frames(video, frames=frames)


# --- chapter 11: shapes -------------------------------------------------------------------------------------


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
    with pytest.raises(ValueError, match="columns must be a positive integer"):
        plots.shape_grid(np.zeros((2, 4, 2)), columns=0)
    with pytest.raises(ValueError, match="one title per shape: 2, got 1"):
        plots.shape_grid(np.zeros((2, 4, 2)), titles=["a"])


# --- checks before drawing: numpy counts, NaN, messages that never crash -----------------------------


def test_plots_imports_nothing_from_lstm_book():
    tree = ast.parse(Path(plots.__file__).read_text())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names]
    imported += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name and name.startswith("lstm_book")]


def test_counts_may_be_numpy_integers():
    figure = plots.shape_grid(problems.rectangle_corners(4, rng=1), columns=np.int64(2))
    assert len(figure.axes) == 4
    X, y = problems.damped_sine(5, timesteps=30, horizon=4, rng=0)
    assert len(plots.forecasts_vs_truth(X, y, y, n=np.int32(2), history=np.int64(5)).axes) == 2
    assert plots.gate_heatmaps(fake_activations(), sample=np.int64(1)).axes


@pytest.mark.parametrize("bad", [2.0, True, "2"])
def test_counts_refuse_floats_bools_and_strings(bad):
    with pytest.raises(TypeError, match=f"columns must be a positive integer, got {bad!r}"):
        plots.shape_grid(problems.rectangle_corners(4, rng=1), columns=bad)


def test_more_panels_than_samples_is_an_error_not_a_quiet_clip():
    X, y = problems.damped_sine(3, timesteps=30, horizon=4, rng=0)
    with pytest.raises(ValueError, match="n must be a positive integer of at most 3"):
        plots.forecasts_vs_truth(X, y, y, n=10)


def test_a_history_whose_names_are_not_strings_gets_a_message_not_a_crash():
    with pytest.raises(ValueError, match=r"history 'a' has no 'accuracy'; it has 1, 2"):
        plots.learning_curves({"a": {1: [0.5], 2: [0.4]}}, metric="accuracy")


def test_a_diverged_run_is_drawn_with_its_gap():
    ax = plots.learning_curves({"diverged": {"loss": [1.0, 10.0, np.inf, np.nan]}})
    assert len(ax.get_lines()[0].get_ydata()) == 4


@pytest.mark.parametrize(("call", "message"), [
    (lambda: plots.forecast(SERIES, {"bad": [1.0, np.nan]}), r"forecasts\['bad'\] must hold finite"),
    (lambda: plots.forecast(SERIES.to_numpy(), {"a": [1.0]}), "series must be a pandas Series"),
    (lambda: plots.forecast(SERIES, {"ragged": [[1.0, 2.0], [3.0]]}), r"forecasts\['ragged'\] must be"),
    (lambda: plots.box_plot([0.1, 0.2]), "scores must be a dict"),
    (lambda: plots.box_plot({"a": [1.0]}, baseline=np.nan), "baseline must be a finite number"),
    (lambda: plots.colored_characters(["ab"], [[0.0, np.nan]]), r"values\[0\] must hold finite"),
    (lambda: plots.colored_characters(["ab"], None), "values must be one array"),
    (lambda: plots.colored_characters(["ab"], [[0.0, 1.0]], cmap="no-such-map"), "cmap must be"),
    (lambda: plots.colored_characters(["ab"], [[0.0, 1.0]], vmin=1, vmax=0), "vmin must be below vmax"),
    (lambda: plots.gate_heatmaps({"input_gate": np.full((1, 2, 3), np.nan)}, keys=("input_gate",)),
     r"activations\['input_gate'\] must hold finite numbers"),
    (lambda: plots.shape(np.zeros((4, 2)), color="not a colour"), "color must be a matplotlib colour"),
    (lambda: plots.video_frames(np.zeros((3, 4, 4)), frames=[0.5]), "frames must be a non-negative"),
])
def test_bad_input_is_refused_before_drawing(call, message):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    with pytest.raises((ValueError, TypeError), match=message):
        call()
    assert plt.get_fignums() == before  # nothing drawn


# --- pictures of the LSTM: chapters 1, 2 and 5 ------------------------------------------------------


def one_step(i=0.52, f=0.78, g=0.31, o=0.61, c_prev=0.12, h_prev=0.05, x=0.9):
    c = f * c_prev + i * g
    return {"x_t": x, "h_prev": h_prev, "c_prev": c_prev, "i_t": i, "f_t": f, "g_t": g, "o_t": o,
            "c_t": c, "h_t": o * np.tanh(c)}


def boxes_of(ax, color):
    from matplotlib.colors import to_rgba
    from matplotlib.patches import FancyBboxPatch

    return [patch for patch in ax.patches if isinstance(patch, FancyBboxPatch)
            and np.allclose(patch.get_facecolor()[:3], to_rgba(color)[:3])]


def test_lstm_cell_writes_every_value_and_the_products_it_draws():
    values = one_step()
    ax = plots.lstm_cell(values, title="step 3, unit 0")
    text = " | ".join(t.get_text() for t in ax.texts)
    for key, name in (("f_t", "forget\nf"), ("i_t", "input\ni"), ("g_t", "candidate\ng"),
                      ("o_t", "output\no")):
        assert f"{name} = {values[key]:.3f}" in text
    for label, key in (("$c_{t-1}$", "c_prev"), ("$c_t$", "c_t"), ("$h_{t-1}$", "h_prev"),
                       ("$x_t$", "x_t"), ("$h_t$", "h_t")):
        assert f"{label} = {values[key]:.3f}" in text
    assert f"f·c = {0.78 * 0.12:.3f}" in text and f"i·g = {0.52 * 0.31:.3f}" in text
    assert len(boxes_of(ax, "C3")) == len(boxes_of(ax, "C2")) == len(boxes_of(ax, "C1")) == 1
    assert ax.get_title() == "step 3, unit 0"


def test_lstm_cell_takes_one_element_arrays_as_the_notebook_slices_them():
    values = {key: np.array([value]) for key, value in one_step().items()}
    assert plots.lstm_cell(values).texts


def test_lstm_cell_refuses_values_that_are_not_one_step():
    swapped = one_step()
    swapped["i_t"], swapped["f_t"] = swapped["f_t"], swapped["i_t"]  # gates mixed up
    with pytest.raises(ValueError, match=r"values\['c_t'\] must follow from the gates: the "
                                         r"equations give 0.3042, got 0.2548"):
        plots.lstm_cell(swapped)
    with pytest.raises(ValueError, match=r"values has no \['h_prev'\]"):
        plots.lstm_cell({key: v for key, v in one_step().items() if key != "h_prev"})
    with pytest.raises(ValueError, match=r"values\['f_t'\] must lie in \[0, 1\]"):
        plots.lstm_cell(one_step(f=1.5))
    with pytest.raises(ValueError, match=r"values\['g_t'\] must lie in \[-1, 1\]"):
        plots.lstm_cell(one_step(g=-2.0))


def update_labels(ax):
    return [t.get_text() for t in ax.texts if t.get_text().startswith("update")]


def test_tbptt_marks_one_update_every_k1_steps_back_over_k2():
    assert update_labels(plots.tbptt(12, 12, 12)) == ["update 1: steps 0-11"]
    assert update_labels(plots.tbptt(12, 4, 4)) == ["update 1: steps 0-3", "update 2: steps 4-7",
                                                    "update 3: steps 8-11"]
    ax = plots.tbptt(12, 2, 4)
    assert update_labels(ax)[:3] == ["update 1: steps 0-1", "update 2: steps 0-3",
                                     "update 3: steps 2-5"]
    assert len(update_labels(ax)) == 6 and ax.get_title() == "TBPTT(2, 4)"


def test_tbptt_draws_pale_the_steps_no_update_reaches():
    ax = plots.tbptt(10, 4, 2)  # updates after steps 3 and 7, each back over 2 steps
    assert update_labels(ax) == ["update 1: steps 2-3", "update 2: steps 6-7"]
    cells = sorted(boxes_of(ax, "C0"), key=lambda patch: patch.get_x())
    pale = [t for t, patch in enumerate(cells) if patch.get_alpha() < 1]
    assert pale == [0, 1, 4, 5, 8, 9]


def test_sequence_kind_draws_inputs_steps_and_outputs():
    ax = plots.sequence_kind([0, 1, 2], [3, 4], title="many-to-many (delayed)")
    assert len(boxes_of(ax, "0.6")) == 3 and len(boxes_of(ax, "C2")) == 2
    assert len(boxes_of(ax, "C0")) == 5  # one LSTM step per time step, 0 to 4
    assert ax.get_title() == "many-to-many (delayed)"


@pytest.mark.parametrize(("call", "message"), [
    (lambda: plots.tbptt(12, 13, 4), r"k1 must be a positive integer of at most 12, got 13"),
    (lambda: plots.tbptt(41, 4, 4), r"timesteps must be a positive integer of at most 40"),
    (lambda: plots.sequence_kind([0, 0], [1]), r"inputs must list at least one time step, each once"),
    (lambda: plots.sequence_kind("012", [1]), r"inputs must be a list of time steps"),
    (lambda: plots.sequence_kind([0], [0.5]), r"outputs\[0\] must be a non-negative integer"),
    (lambda: plots.lstm_cell([0.1] * 9), r"values must be a dict"),
])
def test_picture_helpers_refuse_bad_input_before_drawing(call, message):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    with pytest.raises((ValueError, TypeError), match=message):
        call()
    assert plt.get_fignums() == before
