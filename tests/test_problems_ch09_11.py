"""Generators and decoders of chapters 9-11: addition, cumulative sum, rectangles."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_book import problems

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
    probabilities = np.full((2, 12), 0.01)
    probabilities[0, 1], probabilities[1, 9] = 0.8, 0.7  # '1', '9'
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
    with pytest.raises(ValueError, match=f"{argument} must be an integer >= 1, got {bad!r}"):
        problems.addition(10, **{argument: bad})


def test_addition_rejects_a_bad_count():
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
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
    with pytest.raises(ValueError, match="question"):
        problems.encode_addition(bad)


def test_encode_addition_rejects_bad_configurations():
    with pytest.raises(ValueError, match="largest must be an integer >= 1"):
        problems.encode_addition("1+1+1", largest=0)


# --- chapter 10: cumulative sum -----------------------------------------------------------------


def slow_running_sum_labels(values, limit):
    """The book's definition, one value at a time: 1 once the running sum is above the limit."""
    labels, running = [], 0.0
    for value in values:
        running += float(value)
        labels.append(1.0 if running > limit else 0.0)
    return labels


@pytest.mark.parametrize(("n_timesteps", "limit"), [(10, None), (1, None), (25, 3.0), (7, 0)])
def test_cumulative_sum_labels_match_a_slow_loop(n_timesteps, limit):
    X, y = problems.cumulative_sum(200, n_timesteps, rng=7, limit=limit)
    assert X.shape == y.shape == (200, n_timesteps, 1)
    assert X.dtype == y.dtype == np.float32
    expected_limit = n_timesteps / 4 if limit is None else limit
    expected = [slow_running_sum_labels(values, expected_limit) for values in X[..., 0]]
    assert np.array_equal(y[..., 0], np.array(expected, dtype=np.float32))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_cumulative_sum_labels_are_zeros_then_ones(n_timesteps, seed):
    X, y = problems.cumulative_sum(20, n_timesteps, rng=seed)
    assert np.all((X >= 0) & (X < 1))
    assert np.all(np.diff(y[..., 0], axis=1) >= 0)  # once passed, the limit stays passed


def test_cumulative_sum_uses_both_labels_with_the_book_limit():
    _, y = problems.cumulative_sum(1_000, rng=8)
    assert 0.3 < y.mean() < 0.8


@pytest.mark.parametrize("bad", [0, -2, 1.5])
def test_cumulative_sum_rejects_bad_timesteps(bad):
    with pytest.raises(ValueError, match=f"n_timesteps must be an integer >= 1, got {bad!r}"):
        problems.cumulative_sum(10, n_timesteps=bad)


@pytest.mark.parametrize("bad", ["2.5", [2.5], True])
def test_cumulative_sum_rejects_a_limit_that_is_not_a_number(bad):
    with pytest.raises(ValueError, match="limit must be a number"):
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
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        problems.rectangles(0)
