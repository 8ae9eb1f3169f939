"""Checks for chapter 11's exercises (the fourth corner, the loss floor, generation with a carried
state, triangles, deterministic generation) and its questionnaire."""

import numpy as np

from lstm_book.book.exercises import Exercise, quiz


def _fourth_corner_is_right(answer):
    return np.allclose(np.asarray(answer, dtype=float), [0.0, 0.3])


# A step with a memory: its state counts the calls, and the count picks the side to draw next
# (right, up, left), each a little longer than the last, so a lost state draws the wrong shape.
_MOVES = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])


def _counting_step(corners, state):
    count = 0 if state is None else int(state)
    return np.asarray(corners, dtype=float) + _MOVES[count % 4] * (0.1 + 0.01 * count), count + 1


def _expected_walk(first, n_corners):
    corners = [first]
    for count in range(n_corners - 1):
        corners.append(corners[-1] + _MOVES[count % 4] * (0.1 + 0.01 * count))
    return np.stack(corners, axis=1)


def _generation_is_right(generate_carrying):
    first = np.array([[0.0, 0.0], [0.2, 0.9], [0.5, 0.5]])
    for n_corners in (4, 6, 1):
        drawn = np.asarray(generate_carrying(_counting_step, first, n_corners))
        if drawn.shape != (3, n_corners, 2) or not np.allclose(drawn, _expected_walk(first, n_corners)):
            return False
    return True


def _generate_forgetting_state(step, first_corners, n_corners):  # starts every call from None
    corners = [np.asarray(first_corners, dtype=float)]
    while len(corners) < n_corners:
        corners.append(np.asarray(step(corners[-1], None)[0]))
    return np.stack(corners, axis=1)


def _generate_without_feedback_carrying(step, first_corners, n_corners):  # always the first corner
    first, state, corners = np.asarray(first_corners, dtype=float), None, []
    corners.append(first)
    while len(corners) < n_corners:
        following, state = step(first, state)
        corners.append(np.asarray(following))
    return np.stack(corners, axis=1)


def _triangles_are_right(right_triangles):
    for n, seed in ((1, 0), (200, 1)):
        X, y = (np.asarray(a, dtype=float) for a in right_triangles(n, np.random.default_rng(seed)))
        if X.shape != (2 * n, 1, 2) or y.shape != (2 * n, 2):
            return False
        starts, seconds = X[0::2, 0], X[1::2, 0]
        w, h = seconds[:, 0], y[1::2, 1]
        if not (np.allclose(starts, 0) and np.allclose(y[0::2], seconds)  # (0,0) -> (w,0)
                and np.allclose(seconds[:, 1], 0) and np.allclose(y[1::2, 0], 0)):  # (w,0) -> (0,h)
            return False
        if not (np.all((w >= 0) & (w < 1)) and np.all((h >= 0) & (h < 1))):
            return False
    return len(np.unique(w)) > 100 and len(np.unique(h)) > 100  # random sides, not fixed ones


def _square_triangles(n, rng=None):
    corners = np.zeros((n, 3, 2))
    corners[:, 1, 0] = 0.5
    corners[:, 2, 1] = 0.5
    return corners[:, :2].reshape(-1, 1, 2), corners[:, 1:].reshape(-1, 2)


CHECKS = {
    "11.1": Exercise(
        question="The fourth corner (x, y) of the rectangle (0, 0), (0.6, 0), (0.6, 0.3).",
        is_correct=_fourth_corner_is_right,
        hint="In a rectangle p0, p1, p2, p3 the side p3 - p0 equals the side p2 - p1.",
        wrong_answers=((0.6, 0.3), (0.3, 0.0), (0.0, 0.6)),
    ),
    "11.2": Exercise(
        question="The mean absolute error of the best predictions a one-corner model can make.",
        is_correct=lambda answer: abs(float(answer) - 1 / 12) < 0.003,
        hint="Only the first side's w (from (0,0)) and the second side's h (from (w,0)) are "
             "unknown; the median of a uniform [0, 1) draw is 0.5, and the loss averages over all "
             "six numbers of a rectangle's three targets.",
        wrong_answers=(0.0, 0.25, 0.125, 0.5),
    ),
    "11.3": Exercise(
        question="A function generate_carrying(step, first_corners, n_corners) -> (shapes, "
                 "n_corners, 2), where step(corners, state) -> (next_corners, new_state).",
        is_correct=_generation_is_right,
        hint="Two things go round the loop: the last corner drawn and the last state returned. "
             "Only the very first call gets state None.",
        wrong_answers=(_generate_forgetting_state, _generate_without_feedback_carrying,
                       lambda step, first_corners, n_corners: np.zeros((3, n_corners, 2))),
    ),
    "11.4": Exercise(
        question="A function right_triangles(n, rng) -> X (2n, 1, 2), y (2n, 2): the pairs "
                 "(0,0) -> (w,0) and (w,0) -> (0,h) of random right triangles.",
        is_correct=_triangles_are_right,
        hint="Like problems.rectangles, with three corners instead of four: corners[:, :2] are "
             "the inputs and corners[:, 1:] the targets, each reshaped.",
        wrong_answers=(_square_triangles,),
    ),
}

CHECKS["11.5"] = Exercise(
    question="answer is your prediction: how many of 100 shapes generated again from the same seeds "
             "differ from the first time.",
    is_correct=lambda answer: not isinstance(answer, bool | str) and float(answer) == 0,
    hint="the model holds no randomness and, as used here, no state between calls.",
    wrong_answers=(100, 50, 1, "0"),
)

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "11.q1": quiz.number(
        question="The training pairs one rectangle gives.",
        right=3, hint="Four corners, each pair is a corner and the one after it.",
        wrong=(4, 2, 6, 8)),
    "11.q2": quiz.number(
        question="The prediction with the smallest mean absolute error for a uniform [0, 1) value.",
        right=0.5, tolerance=1e-6, hint="Absolute error is minimized by the median, not the mean "
                                        "(here they coincide; what is the median of [0, 1)?).",
        wrong=(0.0, 0.25, 1.0, 1 / 12)),
    "11.q3": quiz.choice(
        question="Why the model draws the same rectangle from (0, 0) every time. A letter.",
        right="a", hint="What could make two calls on the same input differ?"),
    "11.q4": quiz.choice(
        question="Which inputs use the LSTM's memory in this chapter's model. A letter.",
        right="c", hint="Look at X's shape: how many time steps does one input have?"),
    "11.q5": quiz.choice(
        question="What makes generated shapes or texts differ from one another. A letter.",
        right="d", hint="A deterministic map gives the same output for the same input."),
})

# --- the character LSTM (exercises 11.6-11.8) -----------------------------------------------------


def _softmax(values):
    weights = np.exp(values - values.max())
    return weights / weights.sum()


def _temperature_is_right(apply_temperature):
    logits = np.array([2.0, 1.0, -0.5, 0.0])
    for temperature in (1.0, 0.5, 2.0):
        got = np.asarray(apply_temperature(logits, temperature), dtype=float)
        if got.shape != (4,) or not np.allclose(got, _softmax(logits / temperature)):
            return False
    cold = np.asarray(apply_temperature(logits, 0.01), dtype=float)
    hot = np.asarray(apply_temperature(logits, 100.0), dtype=float)
    large = np.asarray(apply_temperature(np.array([1000.0, 999.0]), 1.0), dtype=float)
    return (np.allclose(cold, [1, 0, 0, 0], atol=1e-6) and np.allclose(hot, 0.25, atol=0.01)
            and np.allclose(large, _softmax(np.array([1.0, 0.0]))))


def _bigram_bits_by_counting(train, text, k, n_symbols):
    bits = []
    for before, char in zip(text[:-1], text[1:], strict=True):
        pairs = sum(1 for a, b in zip(train[:-1], train[1:], strict=True) if (a, b) == (before, char))
        starts = sum(1 for a in train[:-1] if a == before)
        bits.append(-np.log2((pairs + k) / (starts + k * n_symbols)))
    return float(np.mean(bits))


def _bigram_is_right(bigram_bits):
    rng = np.random.default_rng(11)
    for n_symbols, k in ((3, 0.5), (5, 0.01)):
        train, text = rng.integers(0, n_symbols, 200), rng.integers(0, n_symbols, 30)
        text[:3] = n_symbols - 1  # a repeated pair at the start
        got = float(bigram_bits(train, text, k, n_symbols))
        if not np.isclose(got, _bigram_bits_by_counting(train.tolist(), text.tolist(), k, n_symbols)):
            return False
    return True


def _bigram_counting_every_character(train, text, k, n_symbols):  # the last character counted too
    pairs = np.zeros((n_symbols, n_symbols))
    np.add.at(pairs, (train[:-1], train[1:]), 1)
    p = (pairs[text[:-1], text[1:]] + k) / (np.bincount(train, minlength=n_symbols)[text[:-1]]
                                            + k * n_symbols)
    return float(-np.log2(p).mean())


def _bigram_without_smoothing_in_the_denominator(train, text, k, n_symbols):
    pairs = np.zeros((n_symbols, n_symbols))
    np.add.at(pairs, (train[:-1], train[1:]), 1)
    p = (pairs[text[:-1], text[1:]] + k) / (pairs.sum(axis=1)[text[:-1]] + k)
    return float(-np.log2(p).mean())


CHECKS.update({
    "11.6": Exercise(
        question="A function apply_temperature(logits, temperature) -> probabilities (n_symbols,): "
                 "the softmax of logits / temperature, safe for large logits.",
        is_correct=_temperature_is_right,
        hint="Divide first, then subtract the largest scaled logit, exponentiate and normalize.",
        wrong_answers=(lambda logits, t: _softmax(np.asarray(logits) * t),
                       lambda logits, t: np.exp(np.asarray(logits) / t)
                       / np.exp(np.asarray(logits) / t).sum(),
                       lambda logits, t: _softmax(np.asarray(logits)))),
    "11.7": Exercise(
        question="answer is your prediction: the bits per character of a model that gives each of "
                 "the chapter's 94 characters the same probability.",
        is_correct=lambda answer: not isinstance(answer, bool | str)
        and abs(float(answer) - np.log2(94)) < 0.01,
        hint="Every character costs -log2(1/94) bits, whatever it is.",
        wrong_answers=(94, 1 / 94, np.log(94), 8, "6.55")),
    "11.8": Exercise(
        question="A function bigram_bits(train, text, k, n_symbols) -> bits per character of "
                 "text[1:] under the add-k bigram model counted on train.",
        is_correct=_bigram_is_right,
        hint="count(b) is the number of pairs that start with b: the row sums of the (V, V) pair "
             "counts, not how often b occurs in train (the last character starts no pair).",
        wrong_answers=(_bigram_counting_every_character,
                       _bigram_without_smoothing_in_the_denominator)),
})
