"""Checks for chapter 11's exercises: the fourth corner, the loss floor, generation, triangles."""

import numpy as np

from lstm_book.book.exercises import Exercise


def _fourth_corner_is_right(answer):
    return np.allclose(np.asarray(answer, dtype=float), [0.0, 0.3])


def _rotate_quarter_turn(corners):
    """A known step: (shapes, 1, 2) -> (shapes, 2), the point turned 90 degrees about (0.5, 0.5)."""
    point = np.asarray(corners)[:, 0] - 0.5
    return np.stack([-point[:, 1], point[:, 0]], axis=1) + 0.5


def _generation_is_right(generate_with):
    first = np.array([[[0.0, 0.0]], [[0.2, 0.9]]])
    drawn = np.asarray(generate_with(_rotate_quarter_turn, first, 4))
    expected = [first[:, 0]]
    for _ in range(3):
        expected.append(_rotate_quarter_turn(expected[-1][:, None]))
    two_given = np.asarray(generate_with(_rotate_quarter_turn, np.stack(expected[:2], axis=1), 3))
    return (drawn.shape == (2, 4, 2) and np.allclose(drawn, np.stack(expected, axis=1))
            and two_given.shape == (2, 3, 2) and np.allclose(two_given, np.stack(expected[:3], axis=1)))


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


def _generate_without_feedback(step, first_corners, n_corners):
    first = np.asarray(first_corners, dtype=float)
    following = [np.asarray(step(first[:, -1:]))] * (n_corners - first.shape[1])
    return np.concatenate([first, np.stack(following, axis=1)], axis=1)


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
        question="A function generate_with(step, first_corners, n_corners) -> (shapes, n_corners, 2).",
        is_correct=_generation_is_right,
        hint="Keep a list of corners of shape (shapes, 2); call step on the last one reshaped to "
             "(shapes, 1, 2) and append the result until there are n_corners; np.stack on axis 1.",
        wrong_answers=(_generate_without_feedback,
                       lambda step, first_corners, n_corners: np.zeros((2, n_corners, 2))),
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
