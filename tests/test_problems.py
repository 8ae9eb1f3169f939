"""Generators of chapters 6-8 (echo, damped sine, moving line), checked against slow references."""

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lstm_book import evaluate, plots, prepare, problems  # noqa: E402

# --- slow, obviously-correct references (plain loops) ----------------------------------------------


def reference_damped_sine(steps, period, decay):
    return [0.5 + 0.5 * math.sin(2 * math.pi * t / period) * math.exp(-decay * t) for t in range(steps)]


def recover_period_and_decay(wave):
    """Find the integer period in [10, 20] and the decay that reproduce ``wave``, or None."""
    for period in range(10, 21):
        sine = 0.5 * math.sin(2 * math.pi / period)  # the wave at t = 1 is 0.5 + sine * exp(-decay)
        decay = -math.log((wave[1] - 0.5) / sine)
        if np.allclose(wave, reference_damped_sine(len(wave), period, decay), atol=1e-6):
            return period, decay
    return None


def reference_video(rows, right):
    """The book's construction: one pixel per frame, every frame a copy of the last plus one pixel."""
    size = len(rows)
    frame = np.zeros((size, size))
    video = []
    for t in range(size):
        column = t if right else size - 1 - t
        frame = frame.copy()
        frame[rows[t], column] = 1
        video.append(frame)
    return np.array(video)[..., None]


def reference_direction(video):
    """1 if the first frame's only pixel sits in the leftmost column (the line moves right)."""
    first = video[0, :, :, 0]
    lit = [(r, c) for r in range(first.shape[0]) for c in range(first.shape[1]) if first[r, c]]
    assert len(lit) == 1
    return 1 if lit[0][1] == 0 else 0


# --- echo (chapter 6) ------------------------------------------------------------------------------


def test_echo_shapes_and_one_hot_rows():
    X, y = problems.echo(20, rng=0)
    assert X.shape == (20, 5, 10) and y.shape == (20, 10)
    assert X.dtype == np.float32 and set(np.unique(X)) <= {0.0, 1.0}
    assert np.all(X.sum(axis=-1) == 1) and np.all(y.sum(axis=-1) == 1)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 20), length=st.integers(1, 12), n_features=st.integers(1, 15), data=st.data())
def test_echo_target_is_the_value_at_out_index(n, length, n_features, data):
    out_index = data.draw(st.integers(0, length - 1))
    X, y = problems.echo(n, length, n_features, out_index, rng=data.draw(st.integers(0, 1000)))
    assert X.shape == (n, length, n_features)
    for i in range(n):  # the reference: read the integer at out_index by hand, compare to the target
        value_at_index = [f for f in range(n_features) if X[i, out_index, f] == 1]
        target = [f for f in range(n_features) if y[i, f] == 1]
        assert value_at_index == target and len(target) == 1


def test_echo_uses_every_value_and_position():
    X, _ = problems.echo(2000, rng=1)
    counts = np.bincount(problems.one_hot_decode(X).ravel(), minlength=10)
    assert counts.min() > 800  # 10,000 draws over 10 values: each about 1,000 times


def test_echo_same_seed_same_data_other_seed_other_data():
    first, second, other = problems.echo(50, rng=7), problems.echo(50, rng=7), problems.echo(50, rng=8)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be an integer >= 1"),
    ({"n": 5, "length": 0}, "length must be an integer >= 1"),
    ({"n": 5, "n_features": 0}, "n_features must be an integer >= 1"),
    ({"n": 5, "length": 5, "out_index": 5}, r"out_index must be an integer in \[0, length\)"),
    ({"n": 5, "out_index": -1}, r"out_index must be an integer in \[0, length\)"),
    ({"n": 5, "out_index": 1.5}, r"out_index must be an integer in \[0, length\)"),
])
def test_echo_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        problems.echo(**kwargs)


def test_echo_decodes_with_the_one_hot_helper_of_chapter_3():
    X, y = problems.echo(20, rng=3)
    assert problems.one_hot_decode is prepare.one_hot_decode
    assert np.array_equal(prepare.one_hot(problems.one_hot_decode(X), 10), X)
    assert np.array_equal(problems.one_hot_decode(y), problems.one_hot_decode(X)[:, 2])


# --- damped sine (chapter 7) -----------------------------------------------------------------------


@pytest.mark.parametrize(("period", "decay"), [(10, 0.01), (17, 0.05), (20, 0.1), (3.5, 0.0)])
def test_damped_sine_wave_matches_the_formula(period, decay):
    assert np.allclose(problems.damped_sine_wave(60, period, decay),
                       reference_damped_sine(60, period, decay))


def test_damped_sine_wave_vectorizes_over_waves():
    waves = problems.damped_sine_wave(30, [10, 15], [0.02, 0.08])
    assert waves.shape == (2, 30)
    assert np.allclose(waves[1], reference_damped_sine(30, 15, 0.08))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"steps": 0, "period": 10, "decay": 0.1}, "steps must be an integer >= 1"),
    ({"steps": 5, "period": 0, "decay": 0.1}, "period must be > 0"),
    ({"steps": 5, "period": 10, "decay": -0.1}, "decay must be >= 0"),
])
def test_damped_sine_wave_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        problems.damped_sine_wave(**kwargs)


def test_damped_sine_shapes_and_range():
    X, y = problems.damped_sine(30, rng=0)
    assert X.shape == (30, 50, 1) and y.shape == (30, 5)
    assert X.dtype == np.float32 and y.dtype == np.float32
    assert X.min() >= 0 and X.max() <= 1 and y.min() >= 0 and y.max() <= 1


def test_damped_sine_waves_follow_the_book_definition():
    X, y = problems.damped_sine(25, length=20, output=7, rng=3)
    for wave in np.concatenate([X[:, :, 0], y], axis=1).astype(float):
        found = recover_period_and_decay(wave)
        assert found is not None, "not a damped sine with an integer period in [10, 20]"
        assert 0.01 <= found[1] <= 0.1 + 1e-6


def test_damped_sine_draws_every_period():
    X, y = problems.damped_sine(300, length=3, output=1, rng=4)
    periods = {recover_period_and_decay(np.append(x[:, 0], t))[0] for x, t in zip(X, y, strict=True)}
    assert periods == set(range(10, 21))


def test_damped_sine_same_seed_same_data():
    first, second = problems.damped_sine(10, rng=5), problems.damped_sine(10, rng=5)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    assert not np.array_equal(first[0], problems.damped_sine(10, rng=6)[0])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be an integer >= 1"),
    ({"n": 3, "length": 0}, "length must be an integer >= 1"),
    ({"n": 3, "output": 0}, "output must be an integer >= 1"),
])
def test_damped_sine_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        problems.damped_sine(**kwargs)


# --- moving line (chapter 8) -----------------------------------------------------------------------


def test_moving_line_shapes_and_values():
    X, y = problems.moving_line(6, size=12, rng=0)
    assert X.shape == (6, 12, 12, 12, 1) and X.dtype == np.uint8 and y.shape == (6,)
    assert set(np.unique(X)) <= {0, 1} and set(np.unique(y)) <= {0, 1}
    lit_per_frame = X.sum(axis=(2, 3, 4))
    assert np.array_equal(lit_per_frame, np.tile(np.arange(1, 13), (6, 1)))  # one more pixel a frame


def test_moving_line_matches_the_book_construction_and_labels():
    rows, right = problems.moving_line_paths(20, size=9, rng=1)
    videos = problems.render_moving_line(rows, right)
    for i in range(20):
        assert np.array_equal(videos[i], reference_video(rows[i], right[i]))
        assert reference_direction(videos[i]) == right[i]


def test_moving_line_labels_agree_with_the_videos():
    X, y = problems.moving_line(40, size=10, rng=2)
    assert [reference_direction(video) for video in X] == y.tolist()
    assert 0 < y.sum() < 40  # both directions occur


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 10), size=st.integers(2, 30), seed=st.integers(0, 10_000))
def test_moving_line_paths_are_walks_inside_the_frame(n, size, seed):
    rows, right = problems.moving_line_paths(n, size, rng=seed)
    assert rows.shape == (n, size) and right.shape == (n,)
    assert rows.min() >= 0 and rows.max() < size
    assert np.abs(np.diff(rows.astype(int), axis=1)).max(initial=0) <= 1


def test_moving_line_paths_move_up_down_and_stay():
    rows, _ = problems.moving_line_paths(200, rng=3)
    steps = np.diff(rows.astype(int), axis=1)
    assert {-1, 0, 1} == set(np.unique(steps))
    assert rows.min() == 0 and rows.max() == 49  # the walks reach both edges


def test_moving_line_float32_equals_uint8():
    as_uint8, labels = problems.moving_line(3, size=8, rng=4)
    as_float, same_labels = problems.moving_line(3, size=8, rng=4, dtype=np.float32)
    assert as_float.dtype == np.float32 and np.array_equal(as_float, as_uint8)
    assert np.array_equal(labels, same_labels)


def test_moving_line_same_seed_same_data():
    first, second = problems.moving_line(4, size=10, rng=9), problems.moving_line(4, size=10, rng=9)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be an integer >= 1"),
    ({"n": 2, "size": 1}, "size must be an integer >= 2"),
    ({"n": 2, "size": 2.5}, "size must be an integer >= 2"),
])
def test_moving_line_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        problems.moving_line(**kwargs)


def test_render_moving_line_rejects_mismatched_paths():
    with pytest.raises(ValueError, match="expected rows of shape"):
        problems.render_moving_line(np.zeros((3, 5), dtype=int), np.zeros(4))
    with pytest.raises(ValueError, match=r"rows must lie in \[0, size\)"):
        problems.render_moving_line(np.full((1, 5), 5), np.ones(1))


# --- metrics used by chapters 6-8 --------------------------------------------------------------------


def test_accuracy_counts_equal_labels():
    assert evaluate.accuracy([1, 2, 3, 4], [1, 2, 0, 4]) == 0.75


def test_accuracy_names_a_shape_mismatch():
    with pytest.raises(ValueError, match="labels and predicted must have the same non-empty shape"):
        evaluate.accuracy(np.zeros(4), np.zeros((4, 1)))


def test_mean_absolute_error_against_a_loop():
    rng = np.random.default_rng(0)
    actual, predicted = rng.random((6, 5)), rng.random((6, 5))
    by_hand = sum(abs(a - p) for row_a, row_p in zip(actual, predicted, strict=True)
                  for a, p in zip(row_a, row_p, strict=True)) / 30
    assert evaluate.mean_absolute_error(actual, predicted) == pytest.approx(by_hand)


def test_mean_absolute_error_names_a_shape_mismatch():
    with pytest.raises(ValueError, match="actual and predicted must have the same non-empty shape"):
        evaluate.mean_absolute_error(np.zeros((2, 5)), np.zeros((2, 4)))


# --- plots used by chapters 7 and 8 -------------------------------------------------------------------


def test_forecasts_vs_truth_draws_input_truth_and_forecast_per_sample():
    X, y = problems.damped_sine(5, length=30, output=4, rng=0)
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
    X, _ = problems.moving_line(1, size=10, rng=0)
    figure = plots.video_frames(X[0], frames=[0, 4, 9])
    assert [ax.get_title() for ax in figure.axes] == ["frame 0", "frame 4", "frame 9"]
    assert np.array_equal(figure.axes[2].get_images()[0].get_array(), X[0, 9, :, :, 0])
    assert len(plots.video_frames(X[0]).axes) == 8  # the default: eight frames spread evenly


@pytest.mark.parametrize(("video", "frames", "message"), [
    (np.zeros((2, 10, 10, 10, 1)), None, "expected one video"),
    (np.zeros((10, 10, 10)), [0, 10], r"frames must be indices in \[0, 10\)"),
])
def test_video_frames_rejects_bad_input(video, frames, message):
    with pytest.raises(ValueError, match=message):
        plots.video_frames(video, frames=frames)
