"""Checked exercises: ``exercises.check("06.1", answer)`` says pass or fail, with a hint.

Each chapter's checks live in ``lstm_book/book/exercises/chNN.py`` as a dict ``CHECKS`` mapping an
exercise id (``"NN.k"``) to an :class:`Exercise`. A check tests a property of the answer (a
shape, a count, a function's behaviour) and never prints the solution. Reference solutions
live in notebook cells tagged ``solution``; ``python -m lstm_book handout`` removes them.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from lstm_book.book import report


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise.

    Parameters
    ----------
    question : str
        One line saying what the answer is (shown on a failed check).
    is_correct : callable
        ``is_correct(answer) -> bool``; it may raise on a malformed answer (counted as a fail).
    hint : str
        Shown when the check fails; it must not give the solution away.
    wrong_answers : tuple
        Answers the check must reject; the test suite tries each one.
    """

    question: str
    is_correct: Callable[[object], bool]
    hint: str
    wrong_answers: tuple = field(default_factory=tuple)


class Verdict(int):
    """What :func:`check` returns: true when the answer passed, false otherwise.

    It behaves like ``True``/``False`` (``if``, ``assert``, ``==``, ``repr``), but a notebook shows
    no ``Out: True`` under a check cell: the check has already printed its verdict.
    """

    def __repr__(self):
        return repr(bool(self))

    def _ipython_display_(self):
        pass


def get(exercise_id):
    """The :class:`Exercise` for an id such as ``"06.1"``, with a clear error for an unknown one."""
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string such as '06.1', got {exercise_id!r:.60}")
    chapter, _, _ = exercise_id.partition(".")
    if not (chapter.isascii() and chapter.isdigit()) or len(chapter) > 3:
        raise ValueError(f"exercise ids look like '06.1': exercise_id must be a chapter number, "
                         f"a dot and a number, got {exercise_id!r:.60}")
    name = f"lstm_book.book.exercises.ch{int(chapter):02d}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:  # the module exists but one of its own imports is missing
            raise
        raise ValueError(f"exercise_id {exercise_id!r}: chapter {chapter} has no exercises "
                         f"(no lstm_book/book/exercises/ch{int(chapter):02d}.py); exercise_id must "
                         "name a chapter with exercises") from None
    if exercise_id not in module.CHECKS:
        known = ", ".join(sorted(module.CHECKS))
        raise ValueError(f"no exercise {exercise_id!r}; chapter {chapter} has {known} "
                         "(exercise_id must be one of them)")
    return module.CHECKS[exercise_id]


def check(exercise_id, answer):
    """Check a student's answer; print PASS, or a hint, and return whether it passed.

    Parameters
    ----------
    exercise_id : str
        For example ``"06.1"``: chapter 6, exercise 1.
    answer : object
        Whatever the exercise asks for (a number, an array, a model, a function).

    Returns
    -------
    Verdict
        True when the answer passed (an ``int`` subclass that prints like a bool).
    """
    exercise = get(exercise_id)
    if answer is None:  # a handout's untouched `answer = None`: not wrong, just not done yet
        report.append_record({"kind": "exercise", "id": exercise_id, "passed": False})
        print(f"{exercise_id} no answer yet (replace `answer = None` in the cell above).\n"
              f"{exercise.question}\nHint: {exercise.hint}")
        return Verdict(False)
    try:
        passed = bool(exercise.is_correct(answer))
    except Exception as error:  # a malformed answer is a fail with a reason, not a crash
        passed = False
        print(f"{exercise_id}: the check could not use this answer ({type(error).__name__}: "
              f"{error})")
    report.append_record({"kind": "exercise", "id": exercise_id, "passed": passed})
    if passed:
        print(f"{exercise_id} PASS")
    else:
        print(f"{exercise_id} not yet. {exercise.question}\nHint: {exercise.hint}")
    return Verdict(passed)


def assert_correct(exercise_id, answer):
    """Check an answer like :func:`check`, but raise when it does not pass (for graders).

    nbgrader marks a test cell right when it runs without raising, so the test cells of the
    nbgrader export (``python -m lstm_book handout --format nbgrader``) call this instead of
    :func:`check`. The student sees the same printed verdict and hint.

    Parameters
    ----------
    exercise_id : str
        For example ``"06.1"`` or, for a questionnaire, ``"06.q1"``.
    answer : object
        Whatever the exercise asks for; None (the stub left untouched) fails.

    Returns
    -------
    Verdict
        True (a failed check raises instead).

    Raises
    ------
    AssertionError
        When the answer is missing, wrong or malformed; the message has the exercise's hint.
    """
    if check(exercise_id, answer):
        return Verdict(True)
    exercise = get(exercise_id)
    state = "no answer yet" if answer is None else "not yet"
    raise AssertionError(f"{exercise_id} {state}. {exercise.question} Hint: {exercise.hint}")
