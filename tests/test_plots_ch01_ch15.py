"""The 'inside the cell' plots of chapters 1 and 15: coloured characters and gate heatmaps."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_book import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
