"""The nbgrader export: every chapter is an nbgrader assignment, and nbgrader itself grades it.

The first part checks the exported notebooks statically. The second runs the real nbgrader
commands in a temporary course: ``nbgrader generate_assignment``, then ``nbgrader autograde`` on
the reference solutions (full marks), the untouched student copy (zero) and a copy with exactly
one wrong answer (full marks minus that exercise's points), for chapters 3 and 5 (the quickest to
execute) and for a small fake chapter 99. Scores are read from nbgrader's gradebook.
"""

import importlib
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator
from traitlets.config.loader import PyFileConfigLoader

from lstm_book.book import chapters, cli, exercises, handout
from lstm_book.book import nbgrader_export as export

NOTEBOOKS = chapters.available()

# A fake chapter 99 whose first cell registers its checks inside the kernel, as if
# lstm_book/book/exercises/ch99.py existed. Both questions have the same answer, 3, so a stale
# answer left over from 99.1 would pass 99.2: only the stub's reset stops that.
SETUP = """\
import sys, types
import lstm_book
from lstm_book.book import exercises
ch99 = types.ModuleType("lstm_book.book.exercises.ch99")
ch99.CHECKS = {key: exercises.Exercise(question="How many gates does an LSTM cell have?",
                                       is_correct=lambda answer: answer == 3,
                                       hint="Count them in the cell diagram.",
                                       wrong_answers=(4,)) for key in ("99.1", "99.q1")}
sys.modules["lstm_book.book.exercises.ch99"] = ch99
print("quick mode:", lstm_book.is_quick())"""


def fake_notebook():
    new = nbformat.v4
    notebook = new.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.cells = [
        new.new_markdown_cell("# Chapter 99: Fake"),
        new.new_code_cell(SETUP),
        new.new_markdown_cell("### Exercise 99.1\nHow many gates?"),
        new.new_code_cell("answer = 3", metadata={"tags": ["solution"]}),
        new.new_code_cell('exercises.check("99.1", answer)', execution_count=3,
                          outputs=[new.new_output("stream", text="99.1 PASS\n")]),
        new.new_markdown_cell("## Questionnaire\n### Question 99.q1\nAnd again?"),
        new.new_code_cell("gates = ['forget', 'input', 'output']\nanswer = len(gates)",
                          metadata={"tags": ["solution", "keep-me"]}),
        new.new_code_cell('exercises.check("99.q1", answer)'),
        new.new_markdown_cell("## Summary"),
    ]
    for position, cell in enumerate(notebook.cells):
        cell.id = f"fake-{position}"  # fixed ids, so two fake notebooks compare equal
    return notebook


def nbgrader_of(cell):
    return cell.metadata.get("nbgrader", {})


# --- the source notebook ------------------------------------------------------------------------

def test_solutions_become_answer_cells_that_reset_the_answer_first():
    source = export.source_notebook(fake_notebook())
    for position, grade_id in [(3, "ex99_1"), (6, "ex99_q1")]:
        cell = source.cells[position]
        assert nbgrader_of(cell) == {"grade": False, "grade_id": grade_id, "locked": False,
                                     "schema_version": 3, "solution": True, "task": False}
        first, begin, *_, end = cell.source.split("\n")
        assert first.startswith("answer = None") and (begin, end) == ("### BEGIN SOLUTION",
                                                                      "### END SOLUTION")
        assert not handout.is_solution(cell)
    assert source.cells[6].metadata["tags"] == ["keep-me"]
    assert "answer = len(gates)" in source.cells[6].source


def test_checks_become_locked_test_cells_worth_points_that_raise():
    source = export.source_notebook(fake_notebook(), points=2)
    for position, exercise_id in [(4, "99.1"), (7, "99.q1")]:
        cell = source.cells[position]
        assert nbgrader_of(cell) == {"grade": True, "grade_id": f"check{exercise_id.replace('.', '_')}",
                                     "locked": True, "points": 2, "schema_version": 3,
                                     "solution": False, "task": False}
        assert cell.source == f'exercises.assert_correct("{exercise_id}", answer)'
        assert cell.outputs == [] and cell.execution_count is None


def test_every_other_cell_is_locked_and_unchanged():
    original = fake_notebook()
    source = export.source_notebook(original)
    assert [cell.id for cell in source.cells] == [cell.id for cell in original.cells]
    for position in (0, 1, 2, 5, 8):
        cell = source.cells[position]
        assert cell.source == original.cells[position].source
        assert nbgrader_of(cell) == {"grade": False, "grade_id": f"cell-{cell.id}", "locked": True,
                                     "schema_version": 3, "solution": False, "task": False}
    assert original == fake_notebook(), "the notebook passed in must not change"
    MetadataValidator().validate_nb(source)
    nbformat.validate(source)


def test_assert_correct_prints_like_check_and_raises_with_the_hint(monkeypatch, capsys):
    module = types.ModuleType("lstm_book.book.exercises.ch99")
    module.CHECKS = {"99.1": exercises.Exercise(question="How many gates?", hint="Count them.",
                                                is_correct=lambda answer: answer == 3)}
    monkeypatch.setitem(sys.modules, "lstm_book.book.exercises.ch99", module)
    assert exercises.assert_correct("99.1", 3)
    assert capsys.readouterr().out.strip() == "99.1 PASS"
    for answer, state in [(4, "not yet"), (None, "no answer yet"), ("three", "not yet")]:
        with pytest.raises(AssertionError, match=f"99.1 {state}. How many gates. Hint: Count them."):
            exercises.assert_correct("99.1", answer)
        assert "Hint: Count them." in capsys.readouterr().out
    with pytest.raises(ValueError, match="no exercise '99.7'"):
        exercises.assert_correct("99.7", 3)


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.stem)
def test_every_chapter_exports_each_checked_exercise_as_a_graded_pair(chapter):
    notebook = nbformat.read(chapter.path, as_version=4)
    source = export.source_notebook(notebook)
    MetadataValidator().validate_nb(source)
    checks = importlib.import_module(f"lstm_book.book.exercises.ch{chapter.number:02d}").CHECKS
    tests = [nbgrader_of(c)["grade_id"] for c in source.cells if nbgrader_of(c)["grade"]]
    answers = [nbgrader_of(c)["grade_id"] for c in source.cells if nbgrader_of(c)["solution"]]
    assert sorted(tests) == sorted(export.grade_ids(key)[1] for key in checks)
    assert sorted(answers) == sorted(export.grade_ids(key)[0] for key in checks)
    unlocked = [c for c in source.cells if not nbgrader_of(c)["locked"]]
    assert all(nbgrader_of(c)["solution"] for c in unlocked)
    assert export.assignment_name(chapter.path) == f"ch{chapter.number:02d}"


# --- clear errors -------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    (lambda cells: cells.pop(4), r"solution cell 3 must be followed by its check cell"),
    (lambda cells: cells.pop(7), r"solution cell 6 has no check cell after it"),
    (lambda cells: cells.pop(3), r"check cell 3 .* has no solution cell before it"),
    (lambda cells: cells.__setitem__(7, nbformat.v4.new_code_cell('exercises.check("99.1", answer)')),
     r"exercise 99.1 is checked twice"),
    (lambda cells: cells.__setitem__(3, nbformat.v4.new_markdown_cell("3", metadata={"tags": ["solution"]})),
     r"cell 3 is tagged 'solution' but is a markdown cell"),
])
def test_a_badly_laid_out_exercise_is_a_clear_error(change, message):
    notebook = fake_notebook()
    change(notebook.cells)
    with pytest.raises(ValueError, match=message):
        export.source_notebook(notebook)


@pytest.mark.parametrize("points", [0, -1, True, "1"])
def test_points_must_be_a_positive_number(points):
    with pytest.raises(ValueError, match="points must be a positive number"):
        export.source_notebook(fake_notebook(), points=points)


def test_an_old_notebook_format_is_a_clear_error():
    with pytest.raises(ValueError, match=r"notebook must be nbformat version 4, got 3"):
        export.source_notebook(nbformat.from_dict({"nbformat": 3, "cells": []}))


def test_a_notebook_not_named_like_a_chapter_is_a_clear_error(tmp_path):
    path = tmp_path / "fake.ipynb"
    nbformat.write(fake_notebook(), path)
    with pytest.raises(ValueError, match="named like 06_vanilla_lstm.ipynb, got 'fake.ipynb'"):
        export.write_course(tmp_path / "course", [path])
    assert not (tmp_path / "course").exists()


def test_the_course_never_overwrites_a_teacher_s_config_or_the_chapters(tmp_path):
    (tmp_path / export.CONFIG_NAME).write_text("c = get_config()\nc.Execute.timeout = 5\n")
    with pytest.raises(ValueError, match="exists and was not written by this export"):
        export.write_course(tmp_path, [])
    assert "timeout = 5" in (tmp_path / export.CONFIG_NAME).read_text()
    with pytest.raises(ValueError, match="outdir must not be the chapters folder"):
        export.write_course(chapters.CHAPTER_DIR)


# --- the course folder and its configuration ----------------------------------------------------

def write_fake_chapter(folder):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "99_fake.ipynb"
    nbformat.write(fake_notebook(), path)
    return path


def test_write_course_writes_the_config_and_one_assignment_per_chapter(tmp_path):
    path = write_fake_chapter(tmp_path / "chapters")
    written = export.write_course(tmp_path / "course", [path])
    assert written == [tmp_path / "course" / "nbgrader_config.py",
                       tmp_path / "course" / "source" / "ch99" / "99_fake.ipynb"]
    assert nbformat.read(written[1], as_version=4) == export.source_notebook(fake_notebook())
    assert export.write_course(tmp_path / "course", [path]) == written  # a re-export overwrites


def test_the_config_turns_quick_mode_on_and_raises_the_cell_timeout(tmp_path):
    export.write_course(tmp_path, [])
    config = PyFileConfigLoader(export.CONFIG_NAME, path=str(tmp_path)).load_config()
    assert config.Execute.timeout == export.CELL_TIMEOUT > 30
    assert config.CourseDirectory.course_id == "lstm-book"
    assert config.ClearSolutions.code_stub == {"python": "# YOUR CODE HERE"}
    [argument] = config.Execute.extra_arguments
    assert argument.startswith("--IPKernelApp.exec_lines=")
    environment = {}
    exec(argument.partition("=")[2].replace("__import__('os').environ", "environment"))
    assert environment == {"LSTM_BOOK_QUICK": "1"}


def test_cli_handout_format_nbgrader_writes_a_course(tmp_path, monkeypatch, capsys):
    path = write_fake_chapter(tmp_path / "chapters")
    chapter = chapters.Chapter(99, "99_fake", "Fake")
    monkeypatch.setattr(chapters.Chapter, "path", property(lambda self: path))
    monkeypatch.setattr(chapters, "available", lambda: [chapter])
    assert cli.main(["handout", "--format", "nbgrader", str(tmp_path / "course")]) == 0
    assert (tmp_path / "course" / "source" / "ch99" / "99_fake.ipynb").exists()
    assert "wrote 1 nbgrader assignments" in capsys.readouterr().out
    assert cli.main(["handout", "--format", "nbgrader", str(chapters.CHAPTER_DIR)]) == 2
    assert "outdir must not be the chapters folder" in capsys.readouterr().err


# --- graded by nbgrader itself ------------------------------------------------------------------

# One well-formed wrong answer per graded chapter (each would pass no check of that chapter).
WRONG = {
    "ch03": ("03.4", "answer = np.array([[-1, 5, 1], [-1, -1, 7], [2, 9, 4]])  # filler before"),
    "ch05": ("05.4", 'answer = {"sentiment": "many-to-one", "captioning": "many-to-one", '
                     '"translation": "many-to-many", "tagging": "many-to-many"}'),
}
GRADED = [chapters.get(3), chapters.get(5)]
STUB = "# YOUR CODE HERE"


def nbgrader(course, *arguments):
    """Run an nbgrader command in the course folder, as a teacher would; return its wall time."""
    env = {key: value for key, value in os.environ.items() if key != "LSTM_BOOK_QUICK"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    # No configuration but the course's own, and no user kernel named python3 that could run
    # another Python: jupyter_client then starts this environment's interpreter.
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter")
    env["JUPYTER_DATA_DIR"] = str(course / ".jupyter-data")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nbgrader", *arguments], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return time.perf_counter() - started


def submit(course, assignment, notebook_name, student, answers, edits=None):
    """A student's copy of the released notebook with the stubs filled in by ``answers``.

    ``edits`` maps a grade id to a new source for that cell (a student editing a locked cell).
    """
    released = nbformat.read(course / "release" / assignment / notebook_name, as_version=4)
    for cell in released.cells:
        cell.source = (edits or {}).get(nbgrader_of(cell).get("grade_id"), cell.source)
    stubs = [cell for cell in released.cells if nbgrader_of(cell).get("solution")]
    assert len(stubs) == len(answers)
    for cell, answer in zip(stubs, answers, strict=True):
        if answer is not None:
            assert STUB in cell.source
            cell.source = cell.source.replace(STUB, answer)
    target = course / "submitted" / student / assignment / notebook_name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(released, target)


def reference_answers(notebook_path):
    return [cell.source for cell in nbformat.read(notebook_path, as_version=4).cells
            if handout.is_solution(cell)]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course with chapters 3, 5 and 99 generated, submitted by several students and autograded."""
    course = tmp_path_factory.mktemp("course")
    fake = write_fake_chapter(course.parent / f"{course.name}-chapters")
    export.write_course(course, [chapter.path for chapter in GRADED] + [fake])
    seconds = {"generate_assignment": nbgrader(course, "generate_assignment", "ch*")}  # all three
    for chapter in GRADED:
        assignment, name = export.assignment_name(chapter.path), chapter.path.name
        references = reference_answers(chapter.path)
        wrong_id, wrong_answer = WRONG[assignment]
        ids = [call.group("id") for cell in nbformat.read(chapter.path, as_version=4).cells
               for call in handout.CHECK_CALL.finditer(cell.source)]
        one_wrong = [wrong_answer if key == wrong_id else reference
                     for key, reference in zip(ids, references, strict=True)]
        submit(course, assignment, name, "reference", references)
        submit(course, assignment, name, "untouched", [None] * len(references))
        submit(course, assignment, name, "one_wrong", one_wrong)
        seconds[assignment] = nbgrader(course, "autograde", assignment)
    submit(course, "ch99", "99_fake.ipynb", "reference", reference_answers(fake))
    # 99.q1's solution raises before it sets answer; 99.1's answer (3) would pass 99.q1's check.
    submit(course, "ch99", "99_fake.ipynb", "raises", ["answer = 3", "answer = len(undefined)"])
    # A wrong answer to 99.1 whose locked test cell was edited to pass.
    submit(course, "ch99", "99_fake.ipynb", "tampers", ["answer = 4", "answer = 3"],
           edits={"check99_1": "pass"})
    seconds["ch99"] = nbgrader(course, "autograde", "ch99")
    print(f"\nnbgrader wall time (s); autograde: all of an assignment's submissions: {seconds}")
    for submitted in sorted((course / "submitted").glob("*/*")):
        total, max_total, _ = scores(course, submitted.name, submitted.parent.name)
        print(f"{submitted.name} {submitted.parent.name}: {total:g} / {max_total:g}")
    return course, seconds


def scores(course, assignment, student):
    """``(total, max_total, {grade_id: score})`` from nbgrader's gradebook."""
    notebook = next((course / "source" / assignment).glob("*.ipynb")).stem
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        grades = gradebook.find_submission_notebook(notebook, assignment, student).grades
        return submission.score, submission.max_score, {g.name: g.score for g in grades}


ASSIGNMENTS = [export.assignment_name(chapter.path) for chapter in GRADED]


@pytest.mark.nbgrader
@pytest.mark.xdist_group("nbgrader")
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_gives_the_reference_solutions_full_marks(graded, assignment):
    total, max_total, by_cell = scores(graded[0], assignment, "reference")
    assert max_total >= 3 and total == max_total, by_cell


@pytest.mark.nbgrader
@pytest.mark.xdist_group("nbgrader")
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_gives_the_untouched_student_copy_zero(graded, assignment):
    total, max_total, by_cell = scores(graded[0], assignment, "untouched")
    assert total == 0 and max_total >= 3, by_cell


@pytest.mark.nbgrader
@pytest.mark.xdist_group("nbgrader")
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_one_wrong_answer_costs_exactly_that_exercise_s_points(graded, assignment):
    total, max_total, by_cell = scores(graded[0], assignment, "one_wrong")
    wrong = export.grade_ids(WRONG[assignment][0])[1]
    assert by_cell[wrong] == 0
    assert all(score == export.POINTS for grade_id, score in by_cell.items() if grade_id != wrong)
    assert total == max_total - export.POINTS, by_cell


@pytest.mark.nbgrader
@pytest.mark.xdist_group("nbgrader")
def test_a_solution_that_raises_costs_only_its_own_exercise_and_questions_grade_alike(graded):
    course = graded[0]
    assert scores(course, "ch99", "reference")[:2] == (2, 2)
    total, max_total, by_cell = scores(course, "ch99", "raises")
    assert by_cell == {"check99_1": 1, "check99_q1": 0} and (total, max_total) == (1, 2)


@pytest.mark.nbgrader
@pytest.mark.xdist_group("nbgrader")
def test_a_student_who_edits_a_locked_test_cell_is_graded_by_the_original(graded):
    assert scores(graded[0], "ch99", "tampers")[2] == {"check99_1": 0, "check99_q1": 1}


@pytest.mark.nbgrader
@pytest.mark.xdist_group("nbgrader")
def test_the_release_has_stubs_where_solutions_were_and_grading_runs_in_quick_mode(graded):
    course = graded[0]
    for chapter in GRADED:
        assignment = export.assignment_name(chapter.path)
        released = nbformat.read(course / "release" / assignment / chapter.path.name, as_version=4)
        text = nbformat.writes(released)
        assert "BEGIN SOLUTION" not in text
        assert not any(reference.strip() in text for reference in reference_answers(chapter.path))
        stubs = [c.source for c in released.cells if nbgrader_of(c).get("solution")]
        assert stubs == [f"answer = None  # set your answer below\n{STUB}"] * len(stubs)
    autograded = nbformat.read(course / "autograded" / "raises" / "ch99" / "99_fake.ipynb",
                               as_version=4)
    printed = "".join(output.get("text", "") for output in autograded.cells[1].outputs)
    assert "quick mode: True" in printed  # nbgrader() unsets LSTM_BOOK_QUICK: the config sets it
