"""Checks for chapter 15's exercises (counts that reset, finding a unit, what a cell forgets, a generator)
and its questionnaire."""

import numpy as np

from lstm_book import cell
from lstm_book.book.exercises import Exercise, quiz


def _segment_count_is_right(segment_count):
    cases = {"aab|ab": [1, 2, 1, 0, 1, 0], "axab": [1, 1, 2, 1], "|b": [0, -1], "a": [1],
             "aa|x|aabbxb": [1, 2, 0, 0, 0, 1, 2, 1, 0, 0, -1], "ab||a": [1, 0, 0, 0, 1]}
    return all(np.array_equal(np.asarray(segment_count(text)), expected)
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


def _forgotten_is_right(forgotten):
    rng = np.random.default_rng(152)
    acts = cell.lstm_steps(rng.normal(size=(3, 5, 2)), rng.normal(size=(2, 16)),
                           rng.normal(size=(4, 16)), rng.normal(size=16))
    lost = np.asarray(forgotten(acts))
    change = np.diff(acts["cell_state"], axis=1, prepend=0.0)  # c_t - c_(t-1), with c_(-1) = 0
    return lost.shape == (3, 5, 4) and np.allclose(
        lost + acts["input_gate"] * acts["candidate"], change)


def _forgotten_with_this_step(acts):  # uses c_t where c_(t-1) belongs
    return (acts["forget_gate"] - 1) * acts["cell_state"]


def _kept_not_forgotten(acts):  # f * c_(t-1): what is kept, not what is lost
    previous = np.concatenate([np.zeros_like(acts["cell_state"][:, :1]), acts["cell_state"][:, :-1]],
                              axis=1)
    return acts["forget_gate"] * previous


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


def _count_without_reset(text):  # ignores the separators
    chars = np.array(list(text))
    return np.cumsum((chars == "a").astype(int) - (chars == "b"))


def _wrong_segment_count(text):  # counts the x's as a's
    counts, count = [], 0
    for char in text:
        count = 0 if char == "|" else count + (char in "ax") - (char == "b")
        counts.append(count)
    return np.array(counts)


def _wrong_best_unit(values, target):  # forgets the absolute value
    return int(np.argmax(cell.unit_correlations(values, target)))


def _wrong_copying_k(n, k, rng):  # one separator blank too many
    words = ["".join(word) for word in rng.choice(list("abcd"), (n, k))]
    return [word + "|" + "-" * k for word in words], [" " * k + word for word in words]


CHECKS = {
    "15.1": Exercise(
        question="A function segment_count(text): #a - #b read since the last '|' at each character, "
                 "0 on the '|'.",
        is_correct=_segment_count_is_right,
        hint="A plain cumulative sum never forgets; keep a running count and set it back to zero "
             "where a separator comes.",
        wrong_answers=(_count_without_reset, _wrong_segment_count,
                       lambda text: np.zeros(len(text), dtype=int)),
    ),
    "15.2": Exercise(
        question="A function best_unit(values, target): the unit with the largest |correlation|.",
        is_correct=_best_unit_is_right,
        hint="cell.unit_correlations gives one correlation per unit; compare their sizes.",
        wrong_answers=(_wrong_best_unit, lambda values, target: 0),
    ),
    "15.3": Exercise(
        question="A function forgotten(acts): (f_t - 1) * c_(t-1) per unit and step, with c_(-1) = 0.",
        is_correct=_forgotten_is_right,
        hint="The cell state of the step before is the cell_state array shifted one step later in "
             "time, with zeros in front.",
        wrong_answers=(_forgotten_with_this_step, _kept_not_forgotten,
                       lambda acts: acts["input_gate"] * acts["candidate"]),
    ),
    "15.4": Exercise(
        question="A function copying_k(n, k, rng) -> (inputs, targets), two lists of n strings.",
        is_correct=_copying_k_is_right,
        hint='For k letters: the word, "|", k - 1 blanks "-"; the target is k spaces, the word.',
        wrong_answers=(_wrong_copying_k,),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "15.q1": quiz.choice(
        question="How the chapter finds the counting unit. A letter.",
        right="c", hint="The chapter lets a number, not our eyes, pick the unit."),
    "15.q2": quiz.choice(
        question="Whether a unit correlating at -0.99 with the count counts. A letter.",
        right="a", hint="The chapter records the absolute correlation; why?"),
    "15.q3": quiz.number(
        question="The change of the cell state for f = 0.9, c(t-1) = 2, i = 0.5, g = 0.4.",
        right=0.0, tolerance=1e-9,
        hint="Delta c = (f - 1) * c(t-1) + i * g: what is forgotten, plus what is written.",
        wrong=(0.2, -0.2, 2.0, 1.8)),
    "15.q4": quiz.choice(
        question="The gate that must stay near 1 to hold one bit across fillers. A letter.",
        right="c", hint="Which gate decides how much of the old cell state is kept?"),
    "15.q5": quiz.choice(
        question="What it suggests when no single unit tracks a letter the model still copies. "
                 "A letter.",
        right="d", hint="A correlation looks at one unit at a time."),
})
