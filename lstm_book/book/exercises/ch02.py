"""Checks for chapter 2's exercises (TBPTT pieces, clipping, vanishing, stateful batches undone)
and its questionnaire."""

import numpy as np

from lstm_book.book.exercises import Exercise, quiz


def _pieces_are_right(answer):
    non_overlapping, overlapping = answer
    return (int(non_overlapping), int(overlapping)) == (10_000 // 50, (10_000 - 50) // 25 + 1)


def _clip_by_norm_is_right(clip_by_norm):
    big = np.array([3.0, -4.0])  # norm 5
    small = np.array([[0.3, 0.4], [0.0, 0.0]])  # norm 0.5
    clipped = np.asarray(clip_by_norm(big, 1.0), dtype=float)
    kept = np.asarray(clip_by_norm(small, 1.0), dtype=float)
    matrix = np.asarray(clip_by_norm(np.full((3, 4), 2.0), 2.0), dtype=float)  # norm 4*sqrt(3)
    return (np.allclose(clipped, [0.6, -0.8]) and np.allclose(kept, small)
            and matrix.shape == (3, 4) and np.isclose(np.linalg.norm(matrix), 2.0)
            and np.allclose(matrix, matrix[0, 0]))


def _steps_until_below_is_right(steps_until_below):
    # Exact powers (0.5**2 == 0.25, 0.25**3 == 0.5**6) are the boundary: |w|**k equal to the
    # threshold is not below it, which is where a plain ceil() of the logarithm goes wrong.
    cases = ((0.9, 1e-3), (0.99, 1e-3), (-0.5, 0.01), (0.5, 0.3), (0.7, 0.9), (0.5, 0.25),
             (0.25, 0.5**6), (-0.5, 0.125))
    for w, threshold in cases:
        k = int(steps_until_below(w, threshold))
        if not (abs(w) ** k < threshold <= abs(w) ** (k - 1)):
            return False
    return True


def _streamed(series, streams, length):
    """Rows b * streams + s = piece b of stream s, built by indexing (not as in the notebook)."""
    series = np.asarray(series)
    stream_length = len(series) // streams
    return np.array([series[s * stream_length + b * length: s * stream_length + (b + 1) * length]
                     for b in range(stream_length // length) for s in range(streams)])


def _join_streams_is_right(join_streams):
    for size, streams, length in ((60, 3, 5), (24, 2, 4), (40, 4, 10), (12, 1, 3)):
        series = np.random.default_rng(size).normal(size=size)
        joined = np.asarray(join_streams(_streamed(series, streams, length), streams))
        if joined.shape != series.shape or not np.allclose(joined, series):
            return False
    return True


def _join_in_row_order(rows, streams):  # reads rows in batch order: streams interleaved
    return np.asarray(rows).reshape(-1)


def _join_by_pieces(rows, streams):  # swaps the roles of pieces and streams
    rows = np.asarray(rows)
    return rows.reshape(streams, -1, rows.shape[-1]).transpose(1, 0, 2).reshape(-1)


def _wrong_clip(gradient, max_norm):  # clips each element instead of the norm
    return np.clip(gradient, -max_norm, max_norm)


# Forget gates (timesteps, units) and dL/dc_T (units,) for the carry: near 1, mixed, one unit.
_CARRY_CASES = (
    (np.full((4, 2), 0.9), np.array([1.0, -2.0])),
    (np.random.default_rng(25).uniform(0.05, 0.99, (7, 3)), np.array([0.5, 1.0, -1.5])),
    (np.array([[0.2], [1.0], [0.5]]), np.array([3.0])),
)


def _carry_of(forget_gates, dc_last):
    # Row t: dc_last times f_{t+1} ... f_T, built step by step backwards.
    rows, running = [], np.asarray(dc_last, dtype=float)
    for gate in forget_gates[::-1]:
        running = running * gate
        rows.append(running)
    return np.array(rows[::-1])


def _carry_is_right(carry):
    for forget_gates, dc_last in _CARRY_CASES:
        result = np.asarray(carry(forget_gates, dc_last), dtype=float)
        if result.shape != forget_gates.shape or not np.allclose(result, _carry_of(forget_gates, dc_last)):
            return False
    return True


def _carry_one_short(forget_gates, dc_last):  # leaves out the gate of the first step back
    return np.vstack([_carry_of(forget_gates[1:], dc_last), dc_last[None]])


def _carry_from_the_start(forget_gates, dc_last):  # multiplies the gates in forward order
    return np.cumprod(forget_gates, axis=0) * dc_last


CHECKS = {
    "02.1": Exercise(
        question="(pieces without overlap, pieces with step=25) for 10,000 steps cut into 50.",
        is_correct=_pieces_are_right,
        hint="Call prepare.split_long_sequence twice and take len() of each result.",
        wrong_answers=((200, 400), (200, 200), (199, 399)),
    ),
    "02.2": Exercise(
        question="A function clip_by_norm(gradient, max_norm) that rescales a too-large gradient.",
        is_correct=_clip_by_norm_is_right,
        hint="Compare np.linalg.norm(gradient) with max_norm; scale by max_norm / norm if larger.",
        wrong_answers=(_wrong_clip, lambda gradient, max_norm: gradient / np.linalg.norm(gradient)),
    ),
    "02.3": Exercise(
        question="A function steps_until_below(w, threshold): the smallest k with |w|**k < threshold.",
        is_correct=_steps_until_below_is_right,
        hint="Solve |w|**k < threshold for k with logarithms, or count steps in a loop.",
        wrong_answers=(lambda w, threshold: int(np.log(threshold) / np.log(abs(w))),
                       lambda w, threshold: int(np.ceil(np.log(threshold) / np.log(abs(w)))),
                       lambda w, threshold: 1),
    ),
    "02.4": Exercise(
        question="A function join_streams(rows, streams) -> the 1-D series in time order, the "
                 "inverse of stream_batches.",
        is_correct=_join_streams_is_right,
        hint="Rows 0, streams, 2 * streams, ... are the pieces of stream 0, in order. Undo the "
             "steps of stream_batches in reverse order.",
        wrong_answers=(_join_in_row_order, _join_by_pieces),
    ),
    "02.5": Exercise(
        question="A function carry(forget_gates, dc_last) -> (timesteps, units), row t = dL/dc_t "
                 "along the cell-state path alone.",
        is_correct=_carry_is_right,
        hint="c_t = f_t * c_{t-1} + ..., so dL/dc_{t-1} = dL/dc_t * f_t; start from dc_last at the "
             "last step and walk back, one forget gate per step.",
        wrong_answers=(_carry_one_short, _carry_from_the_start,
                       lambda forget_gates, dc_last: np.tile(dc_last, (len(forget_gates), 1))),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "02.q1": quiz.number(
        question="The most time steps one gradient flows back over, for pieces of 50 steps.",
        right=50, hint="Keras backpropagates over the time steps of the input array it is given.",
        wrong=(10_000, 200, 1)),
    "02.q2": quiz.choice(
        question="How TBPTT(k1, k2) is chosen in Keras. A letter.",
        right="c", hint="Keras has no TBPTT setting; what decides the number of time steps of its input?"),
    "02.q3": quiz.number(
        question="The first number of steps after which 1.1**k exceeds 1,000.",
        right=73, hint="Solve 1.1**k > 1000 with logarithms, then check the integers on either side.",
        wrong=(72, 100, 1000, 69)),
    "02.q4": quiz.number(
        question="The norm of the first gradient (norm 3, the other 4) after global_clipnorm=1.0.",
        right=0.6, tolerance=1e-6,
        hint="global_clipnorm scales all gradients by one factor, chosen so that their combined "
             "norm (the square root of the sum of squared norms) equals the limit.",
        wrong=(1.0, 0.75, 3.0, 0.2, 3 / 7)),
    "02.q5": quiz.choice(
        question="Which row of the next batch continues row 3 of a stateful model's batch. A letter.",
        right="b", hint="A stateful layer keeps one state per batch row and hands it to the same "
                        "row of the next batch."),
})
