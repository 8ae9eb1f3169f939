"""Checked exercises: the check framework, every chapter's checks, and their place in the notebooks.

A reference solution passing its check is enforced where the notebooks execute: the runner fails
a chapter whose solution fails (tests/test_notebooks.py, tests/test_runner.py). Here every check
must reject its wrong answers, and every exercise must be present in its notebook as a heading, a
solution cell and a check cell.
"""

import ast
import importlib
import pkgutil
import re
import sys
import types

import nbformat
import pytest

from lstm_book.book import chapters, exercises, handout, report
from lstm_book.book.exercises import Exercise

MODULES = sorted(info.name for info in pkgutil.iter_modules(exercises.__path__)
                 if re.fullmatch(r"ch\d\d", info.name))
CASES = [(name, exercise_id) for name in MODULES
         for exercise_id in importlib.import_module(f"lstm_book.book.exercises.{name}").CHECKS]
MIN_EXERCISES = 3
MIN_QUESTIONS = 5


def _checks(module_name):
    return importlib.import_module(f"lstm_book.book.exercises.{module_name}").CHECKS


def _chapter_of(module_name):
    return chapters.get(int(module_name[2:]))


def _sections(chapter):
    return handout.exercise_sections(nbformat.read(chapter.path, as_version=4))


# --- the framework ------------------------------------------------------------------------------

@pytest.fixture
def fake_chapter_checks(monkeypatch):
    """Chapter 99's checks, as if lstm_book/book/exercises/ch99.py existed."""
    module = types.ModuleType("lstm_book.book.exercises.ch99")
    module.CHECKS = {
        "99.1": Exercise(question="How many gates does an LSTM cell have?",
                         is_correct=lambda answer: int(answer) == 3,
                         hint="Count the forget, input and output gates.", wrong_answers=(4,)),
        "99.2": Exercise(question="The shape of one sequence of 10 steps of one feature.",
                         is_correct=lambda answer: tuple(answer) == (1, 10, 1),
                         hint="samples, timesteps, features", wrong_answers=((10,),)),
    }
    monkeypatch.setitem(sys.modules, "lstm_book.book.exercises.ch99", module)
    return module.CHECKS


def test_check_passes_a_right_answer_and_records_it(fake_chapter_checks, tmp_path, monkeypatch,
                                                   capsys):
    monkeypatch.setenv(report.RESULTS_ENV, str(tmp_path / "results.jsonl"))
    verdict = exercises.check("99.1", 3)
    assert verdict and repr(verdict) == "True"
    assert capsys.readouterr().out.strip() == "99.1 PASS"
    assert report.read(tmp_path / "results.jsonl") == [
        {"kind": "exercise", "id": "99.1", "passed": True}]


def test_check_fails_a_wrong_answer_with_the_question_and_hint(fake_chapter_checks, tmp_path,
                                                              monkeypatch, capsys):
    monkeypatch.setenv(report.RESULTS_ENV, str(tmp_path / "results.jsonl"))
    verdict = exercises.check("99.1", 4)
    assert not verdict and repr(verdict) == "False"
    printed = capsys.readouterr().out
    assert "99.1 not yet" in printed and "How many gates" in printed
    assert "Hint: Count the forget" in printed and "PASS" not in printed
    assert report.read(tmp_path / "results.jsonl")[0]["passed"] is False


def test_check_of_a_malformed_answer_fails_with_the_reason_instead_of_raising(fake_chapter_checks,
                                                                              capsys):
    assert not exercises.check("99.1", "three")
    printed = capsys.readouterr().out
    assert "could not use this answer (ValueError" in printed and "Hint:" in printed


def test_check_of_no_answer_yet_says_so_politely(fake_chapter_checks, capsys):
    assert not exercises.check("99.2", None)
    printed = capsys.readouterr().out
    assert "no answer yet" in printed and "Hint: samples, timesteps, features" in printed
    assert "Error" not in printed


def test_a_verdict_shows_no_output_under_a_notebook_cell():
    assert exercises.Verdict(True)._ipython_display_() is None
    assert str(exercises.Verdict(False)) == "False" and exercises.Verdict(True) == 1


def test_get_returns_the_exercise(fake_chapter_checks):
    assert exercises.get("99.2") is fake_chapter_checks["99.2"]


def test_get_of_an_unknown_exercise_lists_the_chapter_s_exercises(fake_chapter_checks):
    with pytest.raises(ValueError, match=r"no exercise '99.7'; chapter 99 has 99.1, 99.2"):
        exercises.get("99.7")


def test_get_of_a_chapter_without_exercises_names_the_missing_module():
    with pytest.raises(ValueError, match=r"chapter 98 has no exercises \(no lstm_book/book/exercises/ch98"):
        exercises.get("98.1")


@pytest.mark.parametrize("bad_id", ["six.1", "", ".1", "ch06.1"])
def test_get_of_a_malformed_id_shows_the_expected_form(bad_id):
    with pytest.raises(ValueError, match=r"exercise ids look like '06.1'"):
        exercises.get(bad_id)


def test_check_of_an_unknown_id_raises_rather_than_passing_silently(fake_chapter_checks):
    with pytest.raises(ValueError, match="no exercise"):
        exercises.check("99.9", 3)


def test_a_broken_import_inside_a_check_module_is_not_reported_as_missing_exercises(monkeypatch,
                                                                                   tmp_path):
    (tmp_path / "ch97.py").write_text("import a_module_that_does_not_exist\n")
    monkeypatch.setattr(exercises, "__path__", [*exercises.__path__, str(tmp_path)])
    with pytest.raises(ModuleNotFoundError, match="a_module_that_does_not_exist"):
        exercises.get("97.1")


# --- every chapter's checks -------------------------------------------------------------------

@pytest.mark.parametrize(("module_name", "exercise_id"), CASES, ids=[c[1] for c in CASES])
def test_exercise_is_well_formed(module_name, exercise_id):
    exercise = _checks(module_name)[exercise_id]
    assert isinstance(exercise, Exercise)
    assert re.fullmatch(rf"{module_name[2:]}\.q?\d+", exercise_id), \
        f"ids in {module_name}.py must look like '{module_name[2:]}.1' or '{module_name[2:]}.q1'"
    assert exercise.question.strip() and exercise.hint.strip()
    assert len(exercise.wrong_answers) >= 1, "give at least one wrong answer the check must reject"


@pytest.mark.parametrize(("module_name", "exercise_id"), CASES, ids=[c[1] for c in CASES])
def test_every_wrong_answer_fails_its_check(module_name, exercise_id):
    exercise = _checks(module_name)[exercise_id]
    for wrong in exercise.wrong_answers:
        try:
            accepted = bool(exercise.is_correct(wrong))
        except Exception:  # raising on a malformed answer counts as rejecting it
            accepted = False
        assert not accepted, f"{exercise_id} accepts the wrong answer {wrong!r}"


@pytest.mark.parametrize(("module_name", "exercise_id"), CASES, ids=[c[1] for c in CASES])
def test_exercise_is_in_its_notebook_with_a_solution_and_a_check_cell(module_name, exercise_id):
    chapter = _chapter_of(module_name)
    assert chapter.path.exists(), f"{exercise_id} is checked but {chapter.notebook} does not exist"
    assert exercise_layout_problems(_sections(chapter), exercise_id) == []


def exercise_layout_problems(sections, exercise_id):
    """What is wrong with how an exercise sits in its notebook (an empty list when nothing is).

    It needs a heading ``### Exercise NN.k`` (``### Question NN.qK`` for a questionnaire
    question), then one code cell tagged ``solution`` that sets ``answer``, then an untagged cell
    ``exercises.check("NN.k", answer)``.
    """
    if exercise_id not in sections:
        kind = "Question" if _is_question(exercise_id) else "Exercise"
        return [f"no '### {kind} {exercise_id}' heading"]
    cells = sections[exercise_id]
    solutions = [c for c in cells if handout.is_solution(c)]
    if len(solutions) != 1 or solutions[0].cell_type != "code":
        return [f"{exercise_id} needs exactly one code cell tagged 'solution', found {len(solutions)}"]
    problems = []
    if "answer" not in _names_bound(solutions[0].source):
        problems.append(f"the solution cell of {exercise_id} must set `answer`")
    call = re.compile(rf"""exercises\.check\(\s*["']{re.escape(exercise_id)}["']\s*,\s*answer\s*\)""")
    checks = [c for c in cells if c.cell_type == "code" and call.search(c.source)
              and not handout.is_solution(c)]
    if not checks:
        problems.append(f'{exercise_id} needs a cell exercises.check("{exercise_id}", answer) '
                        "after its solution cell")
    elif cells.index(checks[0]) < cells.index(solutions[0]):
        problems.append(f"the check cell of {exercise_id} comes before its solution cell")
    return problems


def _fake_exercise(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Chapter 99: Fake"), *cells]
    return handout.exercise_sections(notebook)


HEADING = nbformat.v4.new_markdown_cell("### Exercise 99.1\nHow many gates?")
SOLUTION = nbformat.v4.new_code_cell("answer = 3", metadata={"tags": ["solution"]})
CHECK = nbformat.v4.new_code_cell('exercises.check("99.1", answer)')


def test_a_well_laid_out_exercise_has_no_problems():
    assert exercise_layout_problems(_fake_exercise(HEADING, SOLUTION, CHECK), "99.1") == []


@pytest.mark.parametrize(("cells", "problem"), [
    ((SOLUTION, CHECK), "no '### Exercise 99.1' heading"),
    ((HEADING, CHECK), "exactly one code cell tagged 'solution', found 0"),
    ((HEADING, SOLUTION, SOLUTION, CHECK), "exactly one code cell tagged 'solution', found 2"),
    ((HEADING, nbformat.v4.new_code_cell("result = 3", metadata={"tags": ["solution"]}), CHECK),
     "must set `answer`"),
    ((HEADING, SOLUTION), 'needs a cell exercises.check("99.1", answer)'),
    ((HEADING, SOLUTION, nbformat.v4.new_code_cell('exercises.check("99.2", answer)')),
     'needs a cell exercises.check("99.1", answer)'),
    ((HEADING, CHECK, SOLUTION), "comes before its solution cell"),
    ((HEADING, SOLUTION, nbformat.v4.new_markdown_cell("## Summary"), CHECK),
     'needs a cell exercises.check("99.1", answer)'),
], ids=["no-heading", "no-solution", "two-solutions", "no-answer", "no-check", "other-id",
        "check-first", "check-after-next-heading"])
def test_a_badly_laid_out_exercise_is_reported(cells, problem):
    problems = exercise_layout_problems(_fake_exercise(*cells), "99.1")
    assert any(problem in p for p in problems), problems


def _names_bound(source):
    """Top-level names a cell binds (assignments, definitions, imports)."""
    names = set()
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _is_question(exercise_id):
    return ".q" in exercise_id


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_every_chapter_notebook_has_at_least_three_checked_exercises(chapter):
    all_ids = list(_sections(chapter))
    ids = [i for i in all_ids if not _is_question(i)]
    assert len(ids) >= MIN_EXERCISES, \
        f"{chapter.notebook} has {len(ids)} exercises ('### Exercise NN.k'), at least 3 expected"
    assert all(i.startswith(f"{chapter.number:02d}.") for i in all_ids), \
        f"exercise ids in {chapter.notebook} must start with {chapter.number:02d}."
    ids = all_ids
    try:
        checks = _checks(f"ch{chapter.number:02d}")
    except ModuleNotFoundError:
        pytest.fail(f"{chapter.notebook} has exercises but no "
                    f"lstm_book/book/exercises/ch{chapter.number:02d}.py")
    unchecked = [i for i in ids if i not in checks]
    assert not unchecked, f"no check in lstm_book/book/exercises/ch{chapter.number:02d}.py for {unchecked}"


def test_names_bound_finds_assignments_and_definitions():
    source = "x = 1\nanswer, y = 2, 3\ndef f():\n    z = 4\nclass C: pass\nw: int = 5"
    assert _names_bound(source) == {"x", "answer", "y", "f", "C", "w"}


# --- the questionnaires ---------------------------------------------------------------------------

def _headings(notebook):
    return [line for cell in notebook.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_every_chapter_has_a_questionnaire_of_at_least_five_questions_before_its_exercises(chapter):
    notebook = nbformat.read(chapter.path, as_version=4)
    headings = _headings(notebook)
    assert "## Questionnaire" in headings and "## Exercises" in headings, headings
    assert headings.index("## Questionnaire") < headings.index("## Exercises")
    questions = [i for i in handout.exercise_sections(notebook) if _is_question(i)]
    assert len(questions) >= MIN_QUESTIONS, f"{chapter.notebook} has {len(questions)} questions"
    assert questions == [f"{chapter.number:02d}.q{k}" for k in range(1, len(questions) + 1)]


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_a_handout_keeps_every_question_and_none_of_their_answers(chapter):
    notebook = nbformat.read(chapter.path, as_version=4)
    copy_ = handout.student_copy(notebook)
    for exercise_id, cells in handout.exercise_sections(copy_).items():
        if _is_question(exercise_id):
            original = handout.exercise_sections(notebook)[exercise_id]
            assert cells[0].source == original[0].source  # the question, word for word
            assert [c.source for c in cells if c.cell_type == "code"][0] == handout.TODO_SOURCE
