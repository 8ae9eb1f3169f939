"""Checks for chapter 15's exercises: running counts, finding a unit, cell writes, a generator."""

import numpy as np

from lstm_book import cell
from lstm_book.book.exercises import Exercise


def _running_count_is_right(running_count):
    cases = {"aaabbb": [1, 2, 3, 2, 1, 0], "axab": [1, 1, 2, 1], "xxb": [0, 0, -1], "a": [1],
             "xaxxaabbxb": [0, 1, 1, 1, 2, 3, 2, 1, 1, 0]}
    return all(np.array_equal(np.asarray(running_count(text)), expected)
               for text, expected in cases.items())


def _planted_units(rng):
    """Activations (30, 12, 6) in which unit 4 tracks the target negatively and unit 1 weakly."""
    target = rng.normal(size=(30, 12)).cumsum(axis=1)
    values = rng.normal(size=(30, 12, 6))
    values[..., 4] = -2.0 * target + 0.1 * rng.normal(size=target.shape)
    values[..., 1] = 0.5 * target + 3.0 * rng.normal(size=target.shape)
    return values, target


def _best_unit_is_right(best_unit):
    values, target = _planted_units(np.random.default_rng(15))
    return int(best_unit(values, target)) == 4 and int(best_unit(-values, target)) == 4


def _cell_writes_are_right(cell_writes):
    rng = np.random.default_rng(152)
    acts = cell.lstm_steps(rng.normal(size=(3, 5, 2)), rng.normal(size=(2, 16)),
                           rng.normal(size=(4, 16)), rng.normal(size=16))
    writes = np.asarray(cell_writes(acts))
    previous = np.concatenate([np.zeros((3, 1, 4)), acts["cell_state"][:, :-1]], axis=1)
    return writes.shape == (3, 5, 4) and np.allclose(
        acts["forget_gate"] * previous + writes, acts["cell_state"])


def _copying_k_is_right(copying_k):
    for n, k in ((50, 5), (7, 1), (20, 3)):
        inputs, targets = copying_k(n, k, np.random.default_rng(k))
        if len(inputs) != n or len(targets) != n:
            return False
        for text, target in zip(inputs, targets, strict=True):
            word = text[:k]
            if (text != word + "|" + "-" * (k - 1) or target != " " * k + word
                    or not set(word) <= set("abcd")):
                return False
    inputs, _ = copying_k(200, 4, np.random.default_rng(0))
    return len({text[:4] for text in inputs}) > 50  # random words, not one repeated


def _wrong_running_count(text):  # counts the x's as a's
    chars = np.array(list(text))
    return np.cumsum((chars != "b").astype(int) - (chars == "b"))


def _wrong_best_unit(values, target):  # forgets the absolute value
    return int(np.argmax(cell.unit_correlations(values, target)))


def _wrong_copying_k(n, k, rng):  # one separator blank too many
    words = ["".join(word) for word in rng.choice(list("abcd"), (n, k))]
    return [word + "|" + "-" * k for word in words], [" " * k + word for word in words]


CHECKS = {
    "15.1": Exercise(
        question="A function running_count(text): #a - #b read so far at each character.",
        is_correct=_running_count_is_right,
        hint="Turn the characters into +1 (a), -1 (b), 0 (anything else) and take np.cumsum.",
        wrong_answers=(_wrong_running_count, lambda text: np.zeros(len(text), dtype=int)),
    ),
    "15.2": Exercise(
        question="A function best_unit(values, target): the unit with the largest |correlation|.",
        is_correct=_best_unit_is_right,
        hint="cell.unit_correlations gives one correlation per unit; compare their sizes.",
        wrong_answers=(_wrong_best_unit, lambda values, target: 0),
    ),
    "15.3": Exercise(
        question="A function cell_writes(acts): input gate times candidate, per unit and step.",
        is_correct=_cell_writes_are_right,
        hint="Multiply two of the arrays in the dict elementwise; the forget gate is not one.",
        wrong_answers=(lambda acts: acts["input_gate"],
                       lambda acts: acts["forget_gate"] * acts["candidate"]),
    ),
    "15.4": Exercise(
        question="A function copying_k(n, k, rng) -> (inputs, targets), two lists of n strings.",
        is_correct=_copying_k_is_right,
        hint='For k letters: the word, "|", k - 1 blanks "-"; the target is k spaces, the word.',
        wrong_answers=(_wrong_copying_k,),
    ),
}
