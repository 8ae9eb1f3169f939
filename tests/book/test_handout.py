"""Student handouts: solutions out, a # TODO in their place, nothing else changed; they still run."""

import copy
from types import SimpleNamespace

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbclient import NotebookClient

from lstm_book.book import chapters, cli, handout

# A fake chapter 99 whose first cell registers its checks inside the kernel, as if
# lstm_book/book/exercises/ch99.py existed.
SETUP = """\
import sys, types
from lstm_book.book import exercises
ch99 = types.ModuleType("lstm_book.book.exercises.ch99")
ch99.CHECKS = {f"99.{k}": exercises.Exercise(question="How many gates does an LSTM cell have?",
                                            is_correct=lambda answer: answer == 3,
                                            hint="Count them in the cell diagram.",
                                            wrong_answers=(4,)) for k in (1, 2)}
sys.modules["lstm_book.book.exercises.ch99"] = ch99
steps = 10"""


def fake_notebook():
    new = nbformat.v4
    notebook = new.new_notebook()
    notebook.cells = [
        new.new_markdown_cell("# Chapter 99: Fake\nA short story."),
        new.new_code_cell(SETUP),
        new.new_code_cell("print(steps * 2)", outputs=[new.new_output("stream", text="20\n")],
                          execution_count=2),
        new.new_markdown_cell("### Exercise 99.1\nHow many gates does an LSTM cell have?"),
        new.new_code_cell("answer = 3", metadata={"tags": ["solution"]}),
        new.new_code_cell('exercises.check("99.1", answer)'),
        new.new_markdown_cell("### Exercise 99.2\nAnd again."),
        new.new_code_cell("gates = ['forget', 'input', 'output']\nanswer = len(gates)",
                          metadata={"tags": ["solution", "keep-me"]}),
        new.new_code_cell('exercises.check("99.2", answer)'),
        new.new_markdown_cell("## Summary\nGates."),
    ]
    return notebook


def execute(notebook, folder, timeout=120):
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def text_of(cell):
    return "".join(output.get("text", "") for output in cell.outputs)


# --- student_copy -------------------------------------------------------------------------------

def test_solution_cells_become_todo_cells_that_leave_answer_none():
    original = fake_notebook()
    copy_ = handout.student_copy(original)
    todo = [copy_.cells[4], copy_.cells[7]]
    assert [cell.source for cell in todo] == [handout.TODO_SOURCE] * 2
    assert all(cell.cell_type == "code" and not handout.is_solution(cell) for cell in todo)
    assert copy_.cells[7].metadata["tags"] == ["keep-me"]
    assert "answer = None" in handout.TODO_SOURCE and handout.TODO_SOURCE.startswith("# TODO")
    assert [cell.id for cell in copy_.cells] == [cell.id for cell in original.cells]


def test_every_other_cell_is_unchanged_except_for_outputs():
    original = fake_notebook()
    copy_ = handout.student_copy(original)
    assert len(copy_.cells) == len(original.cells)
    for before, after in zip(original.cells, copy_.cells, strict=True):
        if not handout.is_solution(before):
            assert (after.cell_type, after.source, after.metadata) == \
                (before.cell_type, before.source, before.metadata)
    code = [cell for cell in copy_.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert copy_.metadata == original.metadata


def test_the_original_notebook_is_not_changed():
    original = fake_notebook()
    before = copy.deepcopy(original)
    handout.student_copy(original)
    assert original == before


def test_a_copy_is_a_valid_notebook_and_copying_it_again_changes_nothing():
    once = handout.student_copy(fake_notebook())
    nbformat.validate(once)
    assert handout.student_copy(once) == once


def test_a_notebook_without_cell_ids_stays_valid():
    notebook = fake_notebook()
    notebook.nbformat_minor = 4
    for cell in notebook.cells:
        del cell["id"]
    copy_ = handout.student_copy(notebook)
    nbformat.validate(copy_)
    assert all("id" not in cell for cell in copy_.cells)


def test_an_old_notebook_format_is_a_clear_error():
    with pytest.raises(ValueError, match=r"notebook must be nbformat version 4, got 3"):
        handout.student_copy(nbformat.from_dict({"nbformat": 3, "cells": []}))


CELLS = st.lists(st.tuples(st.sampled_from(["code", "markdown"]), st.text(max_size=30),
                           st.booleans(), st.booleans()), max_size=12)


@settings(max_examples=60, deadline=None)
@given(CELLS)
def test_only_solutions_and_outputs_change_whatever_the_cells(cells):
    notebook = nbformat.v4.new_notebook()
    for kind, source, tagged, has_output in cells:
        metadata = {"tags": ["solution"]} if tagged else {}
        if kind == "code":
            outputs = [nbformat.v4.new_output("stream", text="x")] if has_output else []
            notebook.cells.append(nbformat.v4.new_code_cell(source, metadata=metadata,
                                                            outputs=outputs, execution_count=1))
        else:
            notebook.cells.append(nbformat.v4.new_markdown_cell(source, metadata=metadata))
    copy_ = handout.student_copy(notebook)
    assert len(copy_.cells) == len(notebook.cells)
    for before, after in zip(notebook.cells, copy_.cells, strict=True):
        expected = handout.TODO_SOURCE if handout.is_solution(before) else before.source
        assert after.source == expected and after.id == before.id
        assert not handout.is_solution(after)
        if after.cell_type == "code":
            assert after.outputs == [] and after.execution_count is None


# --- exercise sections ------------------------------------------------------------------------

def test_exercise_sections_run_from_their_heading_to_the_next_heading():
    notebook = fake_notebook()
    sections = handout.exercise_sections(notebook)
    assert list(sections) == ["99.1", "99.2"]
    assert sections["99.1"] == notebook.cells[3:6]
    assert sections["99.2"] == notebook.cells[6:9]  # the summary heading ends the last one


def test_a_repeated_exercise_id_is_a_clear_error():
    notebook = fake_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("### Exercise 99.1\nAgain?"))
    with pytest.raises(ValueError, match=r"exercise 99.1 appears twice"):
        handout.exercise_sections(notebook)


def test_before_first_exercise_keeps_the_cells_above_its_heading():
    notebook = fake_notebook()
    head = handout.before_first_exercise(notebook)
    assert head.cells == notebook.cells[:3]
    assert len(notebook.cells) == 10
    empty = nbformat.v4.new_notebook()
    empty.cells = notebook.cells[:3]
    assert handout.before_first_exercise(empty).cells == notebook.cells[:3]


# --- write_handouts and the command line ----------------------------------------------------------

def fake_chapter(folder):
    path = folder / "99_fake.ipynb"
    nbformat.write(fake_notebook(), path)
    return SimpleNamespace(number=99, stem="99_fake", title="Fake", notebook=str(path), path=path)


def test_write_handouts_writes_one_student_copy_per_notebook(tmp_path):
    chapter = fake_chapter(tmp_path)
    written = handout.write_handouts(tmp_path / "out", [chapter.path])
    assert written == [tmp_path / "out" / "99_fake.ipynb"]
    copy_ = nbformat.read(written[0], as_version=4)
    assert copy_ == handout.student_copy(nbformat.read(chapter.path, as_version=4))
    assert "answer = 3" not in written[0].read_text()


def test_write_handouts_refuses_to_overwrite_the_chapters():
    with pytest.raises(ValueError, match="outdir must not be the chapters folder"):
        handout.write_handouts(chapters.CHAPTER_DIR)


def test_cli_handout_copies_every_available_chapter(tmp_path, monkeypatch, capsys):
    chapter = fake_chapter(tmp_path)
    monkeypatch.setattr(chapters, "available", lambda: [chapter])
    assert cli.main(["handout", str(tmp_path / "handouts")]) == 0
    assert (tmp_path / "handouts" / "99_fake.ipynb").exists()
    assert "wrote 1 student notebooks" in capsys.readouterr().out


# --- handouts run ------------------------------------------------------------------------------

def test_a_handout_runs_and_its_checks_say_no_answer_yet(tmp_path):
    (tmp_path / "chapters").mkdir()
    [path] = handout.write_handouts(tmp_path / "handouts", [fake_chapter(tmp_path / "chapters").path])
    executed = execute(nbformat.read(path, as_version=4), path.parent)
    assert text_of(executed.cells[2]) == "20\n"
    for check_cell in (executed.cells[5], executed.cells[8]):
        printed = text_of(check_cell)
        assert "no answer yet" in printed and "Hint: Count them" in printed
        assert all(output.output_type != "error" for output in check_cell.outputs)


def test_the_reference_notebook_passes_where_the_handout_does_not(tmp_path):
    executed = execute(fake_notebook(), tmp_path)
    assert "99.1 PASS" in text_of(executed.cells[5]) and "99.2 PASS" in text_of(executed.cells[8])


# --- every chapter's handout, checked statically ------------------------------------------------
# tests/book/test_notebooks.py executes every chapter once; a handout differs from its chapter only
# in its solution cells, so these static checks prove the handout runs as far as the chapter does
# (issue 10: `make test` executes no notebook twice). The fake handout above shows that a stub and
# its check run.

def test_solution_dependencies_finds_a_cell_that_needs_what_a_solution_defined():
    notebook = fake_notebook()
    assert handout.solution_dependencies(notebook) == []  # the check cells read `answer` by design
    notebook.cells.append(nbformat.v4.new_code_cell("%matplotlib inline\nprint(len(gates), answer)"))
    assert handout.solution_dependencies(notebook) == [
        "cell 10 reads gates, defined only by the solution cell 7"]  # the stub sets answer too
    notebook.cells.insert(10, nbformat.v4.new_code_cell("gates = []\nanswer = 0"))
    assert handout.solution_dependencies(notebook) == []


def test_solution_dependencies_finds_a_solution_that_needs_an_earlier_solution():
    notebook = fake_notebook()
    notebook.cells[7].source = "def count(items):\n    return len(items)\n\nanswer = count(gates)"
    notebook.cells[4].source = "gates = ['forget', 'input', 'output']\nanswer = 3"
    assert handout.solution_dependencies(notebook) == [
        "cell 7 reads gates, defined only by the solution cell 4"]


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_chapter_handout_needs_nothing_that_only_a_solution_defines(chapter):
    assert handout.solution_dependencies(nbformat.read(chapter.path, as_version=4)) == []


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_chapter_handout_is_its_chapter_up_to_the_first_exercise(chapter):
    notebook = nbformat.read(chapter.path, as_version=4)
    head = handout.before_first_exercise(handout.student_copy(notebook))
    assert len(head.cells) < len(notebook.cells), "no exercise found"
    chapter_head = notebook.cells[:len(head.cells)]
    assert not any(handout.is_solution(cell) for cell in chapter_head)
    assert [cell.source for cell in head.cells] == [cell.source for cell in chapter_head]


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_chapter_handout_follows_every_stub_with_its_check_and_every_check_with_a_stub(chapter):
    code = [cell for cell in handout.student_copy(nbformat.read(chapter.path, as_version=4)).cells
            if cell.cell_type == "code"]
    stubs = [i for i, cell in enumerate(code) if cell.source == handout.TODO_SOURCE]
    checks = [i for i, cell in enumerate(code) if handout.CHECK_CALL.search(cell.source)]
    assert stubs and [i + 1 for i in stubs] == checks
    assert {handout.CHECK_CALL.search(code[i].source).group("variable") for i in checks} == {"answer"}
