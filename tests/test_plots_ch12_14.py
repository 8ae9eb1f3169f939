"""Box plots and forecast plots (lstm_book.plots, chapters 12-14)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from lstm_book import plots  # noqa: E402

SERIES = pd.Series(np.arange(24.0), index=pd.date_range("2000-01", periods=24, freq="MS"), name="sales")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
    with pytest.raises(ValueError, match="must have shape \\(horizon,\\) or \\(repeats, horizon\\)"):
        plots.forecast(SERIES, {"bad": bad})
