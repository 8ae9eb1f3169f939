"""Checks for chapter 9's exercises: padded lengths, parameter counts, a varying number of terms,
where step-by-step answers first go wrong."""

import numpy as np

from lstm_book import problems
from lstm_book.book.exercises import Exercise, quiz


def _sums_are_right(questions, answers, largest):
    """The number of terms of each question, or None if a question is malformed or its sum wrong."""
    counts = []
    for question, answer in zip(questions, answers, strict=True):
        terms = [int(term) for term in question.split("+")]
        if min(terms) < 1 or max(terms) > largest or str(sum(terms)) != answer:
            return None
        counts.append(len(terms))
    return counts


def _varied_addition_is_right(varied_addition):
    for max_terms, largest in ((3, 10), (4, 100)):
        X, y = varied_addition(300, max_terms, largest, np.random.default_rng(5))
        X, y = np.asarray(X), np.asarray(y)
        question_length, answer_length = problems.addition_lengths(max_terms, largest)
        if X.shape != (300, question_length, 12) or y.shape != (300, answer_length, 12):
            return False
        if not (np.all(X.sum(axis=-1) == 1) and np.all(y.sum(axis=-1) == 1)):
            return False  # every character one-hot, padding included
        counts = _sums_are_right(problems.decode_addition(X), problems.decode_addition(y), largest)
        if counts is None or set(counts) != set(range(1, max_terms + 1)):
            return False
    return True


def _always_max_terms(n, max_terms, largest, rng=None):
    return problems.addition(n, max_terms, largest, rng)


def _answers_off_by_one(n, max_terms, largest, rng=None):
    rng = np.random.default_rng(rng)
    question_length, answer_length = problems.addition_lengths(max_terms, largest)
    counts = rng.integers(1, max_terms + 1, size=n)
    questions = ["+".join(["1"] * count) for count in counts]
    sums = [str(count + 1) for count in counts]
    return _one_hot(questions, question_length), _one_hot(sums, answer_length)


def _one_hot(texts, length):
    index = {symbol: k for k, symbol in enumerate(problems.ADDITION_ALPHABET)}
    return np.eye(12, dtype=np.float32)[[[index[c] for c in text.rjust(length)] for text in texts]]


CHECKS = {
    "09.1": Exercise(
        question="The pair (question_length, answer_length) for 4 terms up to 100.",
        is_correct=lambda answer: tuple(int(v) for v in answer) == (15, 3),
        hint="Four 3-digit numbers and the plus signs between them; the largest sum is 400.",
        wrong_answers=((11, 3), (15, 4), (14, 3)),
    ),
    "09.2": Exercise(
        question="The number of parameters of encoder_decoder for 4 terms up to 100, book sizes.",
        is_correct=lambda answer: int(answer) == 52_212,
        hint="Build it with models.encoder_decoder(*problems.addition_lengths(4, 100)) and call "
             ".count_params(). Does an LSTM have weights per time step?",
        wrong_answers=(60_000, 52_212 * 15 // 8, 0),
    ),
    "09.3": Exercise(
        question="A function varied_addition(n, max_terms, largest, rng) -> one-hot (X, y) whose "
                 "questions have 1 to max_terms terms.",
        is_correct=_varied_addition_is_right,
        hint="Draw the number of terms per question, join that many terms with '+', left-pad to "
             "problems.addition_lengths(max_terms, largest) and one-hot over ADDITION_ALPHABET.",
        wrong_answers=(_always_max_terms, _answers_off_by_one),
    ),
    "09.4": Exercise(
        question="The set of encoder_decoder arguments, among timesteps, horizon, n_features and "
                 "encoder_units, that change its number of parameters.",
        is_correct=lambda answer: set(answer) == {"n_features", "encoder_units"},
        hint="Build one model per changed argument and compare count_params() with the book's.",
        wrong_answers=({"timesteps", "horizon", "n_features", "encoder_units"},
                       {"encoder_units"}, {"timesteps", "encoder_units"}),
    ),
}

CHECKS["09.5"] = Exercise(
    question="answer is your prediction of the shape of model.predict(X_test[:7]) for the book's "
             "configuration.",
    is_correct=lambda answer: tuple(int(size) for size in answer) == (7, 2, 12),
    hint="the decoder writes one probability per symbol for each answer character, for each "
         "question.",
    wrong_answers=((7, 12), (7, 8, 12), (7, 12, 2), (2, 12)),
)

def _first_wrong_step_is_right(first_wrong_step):
    rng = np.random.default_rng(9)
    for answers, steps in ((50, 3), (40, 1), (30, 5)):
        truth = rng.integers(0, 12, size=(answers, steps))
        guess = np.where(rng.random((answers, steps)) < 0.3, rng.integers(0, 12, truth.shape), truth)
        wrong = guess != truth
        expected = np.array([row.tolist().index(True) if row.any() else -1 for row in wrong])
        probabilities = np.eye(12)[guess] * 0.9 + 0.1 / 12
        result = np.asarray(first_wrong_step(np.eye(12)[truth], probabilities))
        if result.shape != (answers,) or not np.array_equal(result, expected):
            return False
    return True


def _last_wrong_step(y_true, y_pred):
    wrong = np.asarray(y_true).argmax(-1) != np.asarray(y_pred).argmax(-1)
    last = wrong.shape[1] - 1 - wrong[:, ::-1].argmax(axis=1)
    return np.where(wrong.any(axis=1), last, -1)


def _first_wrong_without_minus_one(y_true, y_pred):
    return (np.asarray(y_true).argmax(-1) != np.asarray(y_pred).argmax(-1)).argmax(axis=1)


CHECKS["09.6"] = Exercise(
    question="A function first_wrong_step(y_true, y_pred) -> for each answer the index of its "
             "first wrong character, -1 if the answer is right.",
    is_correct=_first_wrong_step_is_right,
    hint="Compare argmax over the symbols step by step, then find the first True per row; "
         "rows without a True need -1 (argmax alone gives 0 there).",
    wrong_answers=(_last_wrong_step, _first_wrong_without_minus_one),
)

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "09.q1": quiz.number(
        question="The number of different questions with 3 terms from 1 to 10, order counted.",
        right=1000, hint="Each term is chosen independently of the others.",
        wrong=(30, 120, 220, 28)),
    "09.q2": quiz.choice(
        question="What this chapter's decoder receives at each step. A letter.",
        right="c", hint="Look at the layer between the encoder and the decoder."),
    "09.q3": quiz.number(
        question="The per-character accuracy of the answer 18 for 19.",
        right=0.5, tolerance=1e-6, hint="Compare the answer character by character.",
        wrong=(0.0, 1.0, 0.95)),
    "09.q4": quiz.number(
        question="The characters of the longest question with 2 terms up to 100.",
        right=7, hint="Write the longest question out, with its plus sign.",
        wrong=(6, 5, 3, 11)),
    "09.q5": quiz.choice(
        question="Why exact-match accuracy can be near 1.0 without the model having learned to add. "
                 "A letter.",
        right="a", hint="Count the different questions, and compare with the number of training "
                        "questions."),
})
