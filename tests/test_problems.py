"""lstm_book.problems: every chapter's generator checked against slow references, and its errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_book import prepare, problems

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
@given(n=st.integers(1, 20), timesteps=st.integers(1, 12), n_features=st.integers(1, 15), data=st.data())
def test_echo_target_is_the_value_at_out_index(n, timesteps, n_features, data):
    out_index = data.draw(st.integers(0, timesteps - 1))
    X, y = problems.echo(n, timesteps, n_features, out_index, rng=data.draw(st.integers(0, 1000)))
    assert X.shape == (n, timesteps, n_features)
    for i in range(n):  # the reference: read the integer at out_index by hand, compare to the target
        value_at_index = [f for f in range(n_features) if X[i, out_index, f] == 1]
        target = [f for f in range(n_features) if y[i, f] == 1]
        assert value_at_index == target and len(target) == 1


def test_echo_uses_every_value_and_position():
    X, _ = problems.echo(2000, rng=1)
    counts = np.bincount(prepare.one_hot_decode(X).ravel(), minlength=10)
    assert counts.min() > 800  # 10,000 draws over 10 values: each about 1,000 times


def test_echo_same_seed_same_data_other_seed_other_data():
    first, second, other = problems.echo(50, rng=7), problems.echo(50, rng=7), problems.echo(50, rng=8)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be a positive integer"),
    ({"n": 5, "timesteps": 0}, "timesteps must be a positive integer"),
    ({"n": 5, "n_features": 0}, "n_features must be a positive integer"),
    ({"n": 5, "timesteps": 5, "out_index": 5}, r"out_index must be a time step in \[0, timesteps\)"),
    ({"n": 5, "out_index": -1}, r"out_index must be a non-negative integer, got -1"),
    ({"n": 5, "out_index": 1.5}, r"out_index must be a non-negative integer, got 1.5"),
])
def test_echo_rejects_bad_arguments(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        problems.echo(**kwargs)


def test_echo_decodes_with_the_one_hot_helper_of_chapter_3():
    X, y = problems.echo(20, rng=3)
    assert not hasattr(problems, "one_hot_decode")  # one home per helper: prepare
    assert np.array_equal(prepare.one_hot(prepare.one_hot_decode(X), 10), X)
    assert np.array_equal(prepare.one_hot_decode(y), prepare.one_hot_decode(X)[:, 2])


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
    ({"timesteps": 0, "period": 10, "decay": 0.1}, "timesteps must be a positive integer"),
    ({"timesteps": 5, "period": 0, "decay": 0.1}, "period must be > 0"),
    ({"timesteps": 5, "period": 10, "decay": -0.1}, "decay must be >= 0"),
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
    X, y = problems.damped_sine(25, timesteps=20, horizon=7, rng=3)
    for wave in np.concatenate([X[:, :, 0], y], axis=1).astype(float):
        found = recover_period_and_decay(wave)
        assert found is not None, "not a damped sine with an integer period in [10, 20]"
        assert 0.01 <= found[1] <= 0.1 + 1e-6


def test_damped_sine_draws_every_period():
    X, y = problems.damped_sine(300, timesteps=3, horizon=1, rng=4)
    periods = {recover_period_and_decay(np.append(x[:, 0], t))[0] for x, t in zip(X, y, strict=True)}
    assert periods == set(range(10, 21))


def test_damped_sine_same_seed_same_data():
    first, second = problems.damped_sine(10, rng=5), problems.damped_sine(10, rng=5)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    assert not np.array_equal(first[0], problems.damped_sine(10, rng=6)[0])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be a positive integer"),
    ({"n": 3, "timesteps": 0}, "timesteps must be a positive integer"),
    ({"n": 3, "horizon": 0}, "horizon must be a positive integer"),
])
def test_damped_sine_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        problems.damped_sine(**kwargs)


# --- moving line (chapter 8) -----------------------------------------------------------------------


def test_moving_line_shapes_and_values():
    X, y = problems.moving_line(6, timesteps=12, rng=0)
    assert X.shape == (6, 12, 12, 12, 1) and X.dtype == np.uint8 and y.shape == (6,)
    assert set(np.unique(X)) <= {0, 1} and set(np.unique(y)) <= {0, 1}
    lit_per_frame = X.sum(axis=(2, 3, 4))
    assert np.array_equal(lit_per_frame, np.tile(np.arange(1, 13), (6, 1)))  # one more pixel a frame


def test_moving_line_matches_the_book_construction_and_labels():
    rows, right = problems.moving_line_paths(20, timesteps=9, rng=1)
    videos = problems.render_moving_line(rows, right)
    for i in range(20):
        assert np.array_equal(videos[i], reference_video(rows[i], right[i]))
        assert reference_direction(videos[i]) == right[i]


def test_moving_line_labels_agree_with_the_videos():
    X, y = problems.moving_line(40, timesteps=10, rng=2)
    assert [reference_direction(video) for video in X] == y.tolist()
    assert 0 < y.sum() < 40  # both directions occur


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 10), timesteps=st.integers(2, 30), seed=st.integers(0, 10_000))
def test_moving_line_paths_are_walks_inside_the_frame(n, timesteps, seed):
    rows, right = problems.moving_line_paths(n, timesteps, rng=seed)
    assert rows.shape == (n, timesteps) and right.shape == (n,)
    assert rows.min() >= 0 and rows.max() < timesteps
    assert np.abs(np.diff(rows.astype(int), axis=1)).max(initial=0) <= 1


def test_moving_line_paths_move_up_down_and_stay():
    rows, _ = problems.moving_line_paths(200, rng=3)
    steps = np.diff(rows.astype(int), axis=1)
    assert {-1, 0, 1} == set(np.unique(steps))
    assert rows.min() == 0 and rows.max() == 49  # the walks reach both edges


def test_moving_line_float32_equals_uint8():
    as_uint8, labels = problems.moving_line(3, timesteps=8, rng=4)
    as_float, same_labels = problems.moving_line(3, timesteps=8, rng=4, dtype=np.float32)
    assert as_float.dtype == np.float32 and np.array_equal(as_float, as_uint8)
    assert np.array_equal(labels, same_labels)


def test_moving_line_same_seed_same_data():
    first, second = problems.moving_line(4, timesteps=10, rng=9), problems.moving_line(4, timesteps=10, rng=9)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be a positive integer"),
    ({"n": 2, "timesteps": 1}, "timesteps must be an integer >= 2"),
    ({"n": 2, "timesteps": 2.5}, "timesteps must be a positive integer, got 2.5"),
])
def test_moving_line_rejects_bad_arguments(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        problems.moving_line(**kwargs)


def test_moving_dot_one_pixel_per_frame_moving_one_column_in_its_direction():
    X, y = problems.moving_dot(30, timesteps=7, rng=5)
    assert X.shape == (30, 7, 7, 7, 1) and X.dtype == np.uint8 and set(np.unique(y)) == {0, 1}
    assert np.array_equal(X.sum(axis=(2, 3, 4)), np.ones((30, 7)))  # no trail: one lit pixel
    rows = X[..., 0].max(axis=3).argmax(axis=2)
    columns = X[..., 0].max(axis=2).argmax(axis=2)
    step = np.where(y == 1, 1, -1)[:, None]
    assert np.array_equal(np.diff(columns, axis=1) % 7, np.broadcast_to(step % 7, (30, 6)))
    assert np.abs(np.diff(rows, axis=1)).max() <= 1  # the row walks as the line's does


def test_moving_dot_first_frame_does_not_tell_the_direction():
    X, y = problems.moving_dot(4_000, timesteps=10, rng=6)
    first_column = X[:, 0, :, :, 0].max(axis=1).argmax(axis=1)
    for label in (0, 1):  # every start column about equally likely in both directions
        counts = np.bincount(first_column[y == label], minlength=10) / np.sum(y == label)
        assert np.abs(counts - 0.1).max() < 0.03
    line, line_y = problems.moving_line(200, timesteps=10, rng=6)
    assert np.array_equal((line[:, 0, :, 0, 0].sum(axis=1) > 0), line_y == 1)  # the line's does


def test_moving_dot_same_seed_same_videos_and_float32_equals_uint8():
    first, labels = problems.moving_dot(5, timesteps=6, rng=3)
    second, same = problems.moving_dot(5, timesteps=6, rng=3, dtype=np.float32)
    assert second.dtype == np.float32 and np.array_equal(first, second)
    assert np.array_equal(labels, same)


def test_render_moving_line_rejects_mismatched_paths():
    with pytest.raises(ValueError, match=r"right must be a 1-D array of 0/1 of shape \(n,\) = \(3,\)"):
        problems.render_moving_line(np.zeros((3, 5), dtype=int), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match=r"rows must lie in \[0, timesteps\)"):
        problems.render_moving_line(np.full((1, 5), 5), np.ones(1, dtype=int))


# --- chapter 9: addition ---------------------------------------------------------------------------


@pytest.mark.parametrize(("n_terms", "largest", "lengths"), [
    (3, 10, (8, 2)), (3, 100, (11, 3)), (4, 10, (11, 2)), (1, 1, (1, 1)), (2, 99, (5, 3)),
])
def test_addition_lengths_fit_the_longest_question_and_sum(n_terms, largest, lengths):
    assert problems.addition_lengths(n_terms, largest) == lengths
    longest = "+".join([str(largest)] * n_terms)
    assert len(longest) == lengths[0] and len(str(n_terms * largest)) == lengths[1]


@pytest.mark.parametrize(("n_terms", "largest"), [(3, 10), (3, 100), (1, 5), (5, 7)])
def test_addition_is_one_hot_and_every_answer_is_the_sum(n_terms, largest):
    X, y = problems.addition(300, n_terms, largest, rng=1)
    question_length, answer_length = problems.addition_lengths(n_terms, largest)
    assert X.shape == (300, question_length, 12) and y.shape == (300, answer_length, 12)
    assert X.dtype == np.float32 and np.all(X.sum(axis=-1) == 1) and np.all(y.sum(axis=-1) == 1)
    for question, answer in zip(problems.decode_addition(X), problems.decode_addition(y), strict=True):
        terms = [int(term) for term in question.split("+")]
        assert len(terms) == n_terms and all(1 <= term <= largest for term in terms)
        assert int(answer) == sum(terms)


def test_addition_pads_on_the_left_with_spaces():
    X, y = problems.addition(200, rng=2)
    space = problems.ADDITION_ALPHABET.index(" ")
    symbols = X.argmax(axis=-1)
    # once a question's text starts, no space follows
    for row in symbols:
        text_started = np.cumsum(row != space) > 0
        assert not np.any(text_started & (row == space))
    assert np.all(y.argmax(axis=-1)[:, -1] != space)  # the last answer character is a digit


def test_addition_draws_every_term_value_and_repeats_with_a_seed():
    X, _ = problems.addition(2_000, 3, 10, rng=3)
    terms = {int(t) for q in problems.decode_addition(X) for t in q.split("+")}
    assert terms == set(range(1, 11))
    assert np.array_equal(problems.addition(50, rng=4)[0], problems.addition(50, rng=4)[0])
    assert not np.array_equal(problems.addition(50, rng=4)[0], problems.addition(50, rng=5)[0])


@st.composite
def questions(draw):
    """A question for a configuration, with the configuration: (question, n_terms, largest)."""
    n_terms = draw(st.integers(1, 5))
    largest = draw(st.integers(1, 1_000))
    terms = draw(st.lists(st.integers(1, largest), min_size=n_terms, max_size=n_terms))
    return "+".join(map(str, terms)), n_terms, largest


@settings(max_examples=200, deadline=None)
@given(questions())
def test_decode_addition_inverts_encode_addition(case):
    question, n_terms, largest = case
    encoded = problems.encode_addition(question, n_terms, largest)
    assert encoded.shape == (1, problems.addition_lengths(n_terms, largest)[0], 12)
    assert problems.decode_addition(encoded) == [question]


def test_encode_addition_takes_a_list_and_matches_the_generator():
    X, _ = problems.addition(20, rng=6)
    texts = problems.decode_addition(X)
    assert np.array_equal(problems.encode_addition(texts), X)
    assert np.array_equal(problems.encode_addition(tuple(texts)), X)


def test_decode_addition_reads_probabilities_and_single_sequences():
    probabilities = np.full((2, 12), 0.02)
    probabilities[0, 1], probabilities[1, 9] = 0.78, 0.78  # '1', '9'; each row sums to 1
    assert problems.decode_addition(probabilities) == ["19"]
    assert problems.decode_addition(probabilities[None]) == ["19"]


def test_decode_addition_keeps_a_space_inside_or_after_the_text():
    # only the left padding is removed, so a malformed prediction never looks right
    encoded = problems.encode_addition("9+9+9")
    encoded[0, -1] = np.eye(12)[problems.ADDITION_ALPHABET.index(" ")]
    assert problems.decode_addition(encoded) == ["9+9+ "]


@pytest.mark.parametrize("bad_shape", [(12,), (2, 3, 11), (1, 2, 3, 12)])
def test_decode_addition_rejects_other_shapes(bad_shape):
    with pytest.raises(ValueError, match=r"y_or_probs must have shape \(n, length, 12\)"):
        problems.decode_addition(np.zeros(bad_shape))


@pytest.mark.parametrize("argument", ["n_terms", "largest"])
@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_addition_rejects_bad_sizes(argument, bad):
    with pytest.raises((ValueError, TypeError), match=f"{argument} must be a positive integer, got {bad!r}"):
        problems.addition(10, **{argument: bad})


def test_addition_rejects_a_bad_count():
    with pytest.raises(ValueError, match="n must be a positive integer, got 0"):
        problems.addition(0)


@pytest.mark.parametrize("malformed", ["10+x+7", "", "1++2", "+1+2", "1+2+", " 1+2+3", "1+2+3 ",
                                       "1 + 2 + 3", "01+2+3", "0+2+3", "1-2+3", "1.5+2+3"])
def test_encode_addition_rejects_a_malformed_question(malformed):
    with pytest.raises(ValueError, match=r"is malformed: expected 3 whole number\(s\) from 1 to "
                                         r"largest=10 joined by '\+'"):
        problems.encode_addition(malformed)


def test_encode_addition_rejects_a_wrong_number_of_terms_and_says_how_to_fix_it():
    with pytest.raises(ValueError, match=r"'10\+2' has 2 term\(s\).*or pass n_terms=2"):
        problems.encode_addition("10+2")


def test_encode_addition_rejects_a_term_above_largest():
    with pytest.raises(ValueError, match=r"'10\+2\+11' has a term outside \[1, 10\]"):
        problems.encode_addition("10+2+11")


@pytest.mark.parametrize("bad", [5, None, [], ["1+2+3", 7]])
def test_encode_addition_rejects_what_is_not_questions(bad):
    with pytest.raises((ValueError, TypeError), match="questions"):
        problems.encode_addition(bad)


def test_encode_addition_rejects_bad_configurations():
    with pytest.raises(ValueError, match="largest must be a positive integer"):
        problems.encode_addition("1+1+1", largest=0)


# --- chapter 10: cumulative sum -----------------------------------------------------------------


def slow_running_sum_labels(values, limit):
    """The book's definition, one value at a time: 1 once the running sum is above the limit."""
    labels, running = [], 0.0
    for value in values:
        running += float(value)
        labels.append(1.0 if running > limit else 0.0)
    return labels


@pytest.mark.parametrize(("timesteps", "limit"), [(10, None), (1, None), (25, 3.0), (7, 0)])
def test_cumulative_sum_labels_match_a_slow_loop(timesteps, limit):
    X, y = problems.cumulative_sum(200, timesteps, rng=7, limit=limit)
    assert X.shape == y.shape == (200, timesteps, 1)
    assert X.dtype == y.dtype == np.float32
    expected_limit = timesteps / 4 if limit is None else limit
    expected = [slow_running_sum_labels(values, expected_limit) for values in X[..., 0]]
    assert np.array_equal(y[..., 0], np.array(expected, dtype=np.float32))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_cumulative_sum_labels_are_zeros_then_ones(timesteps, seed):
    X, y = problems.cumulative_sum(20, timesteps, rng=seed)
    assert np.all((X >= 0) & (X < 1))
    assert np.all(np.diff(y[..., 0], axis=1) >= 0)  # once passed, the limit stays passed


def test_cumulative_sum_uses_both_labels_with_the_book_limit():
    _, y = problems.cumulative_sum(1_000, rng=8)
    assert 0.3 < y.mean() < 0.8


@pytest.mark.parametrize("bad", [0, -2, 1.5])
def test_cumulative_sum_rejects_bad_timesteps(bad):
    with pytest.raises((ValueError, TypeError), match=f"timesteps must be a positive integer, got {bad!r}"):
        problems.cumulative_sum(10, timesteps=bad)


@pytest.mark.parametrize("bad", ["2.5", [2.5], True, float("nan"), float("inf")])
def test_cumulative_sum_rejects_a_limit_that_is_not_a_number(bad):
    with pytest.raises((ValueError, TypeError), match="limit must be a finite number"):
        problems.cumulative_sum(10, limit=bad)


# --- chapter 11: rectangles ------------------------------------------------------------------------


def test_rectangle_corners_go_round_from_the_origin():
    corners = problems.rectangle_corners(500, rng=9)
    assert corners.shape == (500, 4, 2) and corners.dtype == np.float32
    w, h = corners[:, 2, 0], corners[:, 2, 1]
    assert np.all((w >= 0) & (w < 1) & (h >= 0) & (h < 1))
    expected = np.stack([np.zeros_like(w), np.zeros_like(w), w, np.zeros_like(w), w, h,
                         np.zeros_like(w), h], axis=1).reshape(-1, 4, 2)
    assert np.array_equal(corners, expected)


def test_rectangles_pair_each_corner_with_the_next():
    X, y = problems.rectangles(50, rng=10)
    corners = problems.rectangle_corners(50, rng=10)
    assert X.shape == (150, 1, 2) and y.shape == (150, 2)
    for k in range(3):
        assert np.array_equal(X[k::3, 0], corners[:, k])
        assert np.array_equal(y[k::3], corners[:, k + 1])


def test_rectangles_reject_a_bad_count():
    with pytest.raises(ValueError, match="n must be a positive integer, got 0"):
        problems.rectangles(0)


def test_addition_table_holds_every_question_once_with_its_sum():
    X, y = problems.addition_table(3, 10)
    questions, answers = problems.decode_addition(X), problems.decode_addition(y)
    assert X.shape == (1000, 8, 12) and y.shape == (1000, 2, 12)
    assert len(set(questions)) == 1000 and {"1+2+3", "3+2+1", "10+10+10"} <= set(questions)
    assert all(str(sum(int(t) for t in q.split("+"))) == a for q, a in zip(questions, answers,
                                                                           strict=True))


def test_addition_table_refuses_a_table_too_large_to_hold():
    with pytest.raises(ValueError, match="largest=100: 10,000,000,000 questions"):
        problems.addition_table(n_terms=4 + 1, largest=100)
