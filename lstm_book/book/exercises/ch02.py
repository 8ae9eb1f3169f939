"""Checks for chapter 2's exercises: TBPTT pieces, gradient clipping, vanishing, stateful batches."""

import numpy as np

from lstm_book.book.exercises import Exercise


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
    for w, threshold in ((0.9, 1e-3), (0.99, 1e-3), (-0.5, 0.01), (0.5, 0.3), (0.7, 0.9)):
        k = int(steps_until_below(w, threshold))
        if not (abs(w) ** k < threshold <= abs(w) ** (k - 1)):
            return False
    return True


def _stream_batches_is_right(stream_batches):
    series = np.arange(60)
    rows = np.asarray(stream_batches(series, 3, 5))  # streams of 20 steps, 4 pieces each
    expected = np.array([series[s * 20 + b * 5: s * 20 + b * 5 + 5]
                         for b in range(4) for s in range(3)])
    other = np.asarray(stream_batches(np.arange(24), 2, 4))
    return (rows.shape == (12, 5) and np.array_equal(rows, expected)
            and np.array_equal(other[1], np.arange(12, 16)) and np.array_equal(other[2], [4, 5, 6, 7]))


def _wrong_clip(gradient, max_norm):  # clips each element instead of the norm
    return np.clip(gradient, -max_norm, max_norm)


def _wrong_streams(series, streams, length):  # pieces in series order, not interleaved by stream
    return np.asarray(series).reshape(-1, length)


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
                       lambda w, threshold: 1),
    ),
    "02.4": Exercise(
        question="A function stream_batches(series, streams, length) -> (pieces * streams, length).",
        is_correct=_stream_batches_is_right,
        hint="reshape to (streams, pieces, length), swap the first two axes, reshape back to 2-D.",
        wrong_answers=(_wrong_streams,),
    ),
}
