"""The reference solutions of chapters 1, 2 and 15 pass their checks, without running a kernel.

Each solution cell needs only NumPy and the package, so it is executed here on its own; the
notebook run (tests/test_notebooks.py) checks the same in context. The checks' rejection of
wrong answers is tested for every chapter in tests/test_exercises.py.
"""

import numpy as np
import pytest

from lstm_book import cell, prepare
from lstm_book.book import chapters, exercises, handout

CHAPTERS = (1, 2, 15)


def solutions(number):
    import nbformat

    notebook = nbformat.read(chapters.get(number).path, as_version=4)
    for exercise_id, cells in handout.exercise_sections(notebook).items():
        yield exercise_id, next(c.source for c in cells if handout.is_solution(c))


CASES = [case for number in CHAPTERS for case in solutions(number)]


@pytest.mark.parametrize(("exercise_id", "source"), CASES, ids=[c[0] for c in CASES])
def test_reference_solution_passes_its_check(exercise_id, source):
    namespace = {"np": np, "cell": cell, "prepare": prepare}
    exec(source, namespace)  # our own notebook's solution cell
    assert exercises.get(exercise_id).is_correct(namespace["answer"])


@pytest.mark.parametrize("number", CHAPTERS)
def test_every_exercise_of_the_chapter_has_a_check(number):
    ids = [exercise_id for exercise_id, _ in solutions(number)]
    assert len(ids) >= 3
    assert all(exercises.get(exercise_id) for exercise_id in ids)
