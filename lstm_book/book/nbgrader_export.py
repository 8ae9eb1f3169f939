"""The nbgrader export: every chapter as an nbgrader assignment that nbgrader grades by itself.

``python -m lstm_book handout --format nbgrader DIR`` (or ``make nbgrader``) writes an nbgrader
course folder::

    DIR/nbgrader_config.py          quick mode and a longer cell timeout while grading
    DIR/source/ch06/06_vanilla_lstm.ipynb   one assignment per chapter, named chNN

In each source notebook an exercise (a code cell tagged ``solution`` that sets ``answer``, then a
check cell ``exercises.check("NN.x", answer)``) becomes two nbgrader cells:

- the solution cell, an *autograded answer*: a first line ``answer = None`` that nbgrader keeps,
  then the reference solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, which
  ``nbgrader generate_assignment`` replaces by a stub. The first line resets the answer, so a
  solution that raises, or an untouched stub, fails this exercise and no other;
- the check cell, an *autograder test* worth points, calling :func:`exercises.assert_correct
  <lstm_book.book.exercises.assert_correct>`, which raises on a missing or wrong answer.

Every other cell is locked (read-only). Any check id of the form ``NN.x`` is exported the same way,
so questionnaire questions (``"06.q1"``) are graded like exercises. The checks themselves ship in
the ``lstm_book`` package that students install: they are not hidden tests.
"""

import copy
import re
from pathlib import Path

from lstm_book.book import chapters, handout

POINTS = 1
CELL_TIMEOUT = 300
COURSE_ID = "lstm-book"
CONFIG_NAME = "nbgrader_config.py"
_CONFIG_MARKER = "written by python -m lstm_book handout --format nbgrader"
CHECK_CALL = handout.CHECK_CALL
_ASSIGNMENT = re.compile(r"^(\d+)_")

CONFIG = f'''\
# nbgrader configuration of the {COURSE_ID} course ({_CONFIG_MARKER}).
# A new export overwrites this file while its first line is kept; delete that line to keep edits.
c = get_config()  # noqa: F821 (nbgrader defines get_config when it reads this file)

c.CourseDirectory.course_id = "{COURSE_ID}"

# The line above each stub resets the answer to None, so the stub needs no NotImplementedError.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE"}}

# nbgrader's default is 30 s a cell. In quick mode a chapter's cells take seconds; in full mode the
# slowest notebook takes about 40 s on a 2-core CPU. {CELL_TIMEOUT} s leaves room for a slow grader.
c.Execute.timeout = {CELL_TIMEOUT}

# Grade in quick mode (small data, few epochs): every kernel nbgrader starts (validate,
# autograde) sets LSTM_BOOK_QUICK=1 at start-up, before the notebook's first cell reads it.
# Kernels you start yourself in Jupyter are not affected. Delete this to grade in full mode.
c.Execute.extra_arguments = [
    "--IPKernelApp.exec_lines=__import__('os').environ['LSTM_BOOK_QUICK'] = '1'",
]
'''


def assignment_name(notebook_path):
    """The nbgrader assignment of a chapter notebook: ``chapters/06_vanilla_lstm.ipynb`` -> ``ch06``."""
    found = _ASSIGNMENT.match(Path(notebook_path).name)
    if not found:
        raise ValueError(f"notebook_path must be a chapter notebook named like 06_vanilla_lstm.ipynb, "
                         f"got {Path(notebook_path).name!r}")
    return f"ch{int(found.group(1)):02d}"


def grade_ids(exercise_id):
    """The nbgrader ``grade_id`` of an exercise's solution cell and of its test cell.

    ``"06.1"`` -> ``("ex06_1", "check06_1")``; ``"06.q2"`` -> ``("ex06_q2", "check06_q2")``.
    """
    suffix = str(exercise_id).replace(".", "_")
    return f"ex{suffix}", f"check{suffix}"


def source_notebook(notebook, points=POINTS):
    """The nbgrader source version of a chapter notebook (see the module docstring).

    Used by :func:`write_course` for every chapter; the notebook passed in is not changed.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A version-4 chapter notebook, e.g. from ``nbformat.read(path, as_version=4)``.
    points : int or float, optional
        What each exercise's test cell is worth (default 1).

    Returns
    -------
    nbformat.NotebookNode
        The same cells in the same order with the same ids, outputs cleared, each with
        ``metadata.nbgrader``: solution cells as autograded answers, check cells as autograder
        tests worth ``points``, every other cell locked.
    """
    if notebook.get("nbformat") != 4:
        raise ValueError(f"notebook must be nbformat version 4, got {notebook.get('nbformat')!r}; "
                         "read it with nbformat.read(path, as_version=4)")
    if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
        raise ValueError(f"points must be a positive number, got {points!r}")
    pairs = exercise_pairs(notebook)
    source = copy.deepcopy(notebook)
    solutions = {solution: (exercise_id, variable) for exercise_id, solution, _, variable in pairs}
    checks = {check: exercise_id for exercise_id, _, check, _ in pairs}
    for position, cell in enumerate(source.cells):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if position in solutions:
            _make_solution(cell, *solutions[position])
        elif position in checks:
            _make_test(cell, checks[position], points)
        else:
            cell.metadata["nbgrader"] = _nbgrader(f"cell-{cell.get('id', position)}", locked=True)
    return source


def exercise_pairs(notebook):
    """Each exercise of a notebook: its id, solution cell, check cell and answer variable.

    A solution is a code cell tagged ``solution``; its check is the next code cell, which must
    call ``exercises.check("NN.x", variable)``. Every check call must follow a solution.

    Parameters
    ----------
    notebook : nbformat.NotebookNode

    Returns
    -------
    list of tuple
        ``(exercise_id, solution_position, check_position, variable)`` in notebook order.
    """
    pairs, pending, seen = [], None, set()
    for position, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            if handout.is_solution(cell):  # it would stay visible, locked, in the student copy
                raise ValueError(f"cell {position} is tagged 'solution' but is a {cell.cell_type} "
                                 "cell; only code cells can be solutions")
            continue
        call = CHECK_CALL.search(cell.source)
        if pending is not None:
            if call is None or handout.is_solution(cell):
                raise ValueError(f"the solution cell {pending} must be followed by its check cell "
                                 f'exercises.check("NN.k", answer); cell {position} is not one')
            if call.group("id") in seen:
                raise ValueError(f"exercise {call.group('id')} is checked twice (cell {position}); "
                                 "give each exercise its own id")
            seen.add(call.group("id"))
            pairs.append((call.group("id"), pending, position, call.group("variable")))
            pending = None
        elif handout.is_solution(cell):
            pending = position
        elif call is not None:
            raise ValueError(f"the check cell {position} ({call.group(0)}) has no solution cell "
                             "before it; tag the cell that computes the answer 'solution'")
    if pending is not None:
        raise ValueError(f"the solution cell {pending} has no check cell after it")
    return pairs


def _nbgrader(grade_id, locked=False, solution=False, points=None):
    metadata = {"grade": points is not None, "grade_id": grade_id, "locked": locked,
                "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        metadata["points"] = points
    return metadata


def _make_solution(cell, exercise_id, variable):
    cell.source = (f"{variable} = None  # set your answer below\n### BEGIN SOLUTION\n"
                   f"{cell.source.strip()}\n### END SOLUTION")
    tags = [tag for tag in cell.metadata.get("tags", []) if tag != handout.SOLUTION_TAG]
    if tags:
        cell.metadata["tags"] = tags
    else:
        cell.metadata.pop("tags", None)
    cell.metadata["nbgrader"] = _nbgrader(grade_ids(exercise_id)[0], solution=True)


def _make_test(cell, exercise_id, points):
    cell.source = CHECK_CALL.sub(lambda call: call.group(0).replace(
        "exercises.check(", "exercises.assert_correct(", 1), cell.source)
    cell.metadata["nbgrader"] = _nbgrader(grade_ids(exercise_id)[1], locked=True, points=points)


def write_course(outdir, notebooks=None, points=POINTS):
    """Write an nbgrader course folder: ``nbgrader_config.py`` and ``source/chNN/`` per chapter.

    Parameters
    ----------
    outdir : path-like
        The course folder (created if needed); run the ``nbgrader`` commands inside it. It must
        not be ``chapters/``, and an ``nbgrader_config.py`` already there must be one this
        function wrote (its first line says so), so a teacher's own configuration is never lost.
    notebooks : list of path-like, optional
        The chapter notebooks to export; by default every chapter notebook that exists.
    points : int or float, optional
        What each exercise is worth (default 1).

    Returns
    -------
    list of pathlib.Path
        The configuration file, then the source notebooks, e.g.
        ``DIR/source/ch06/06_vanilla_lstm.ipynb``.
    """
    import nbformat

    outdir = Path(outdir)
    if outdir.resolve() == chapters.CHAPTER_DIR.resolve():
        raise ValueError(f"outdir must not be the chapters folder ({outdir}); use e.g. build/nbgrader")
    config = outdir / CONFIG_NAME
    if config.exists() and _CONFIG_MARKER not in config.read_text(encoding="utf-8").split("\n")[0]:
        raise ValueError(f"{config} exists and was not written by this export; move it away or "
                         "choose another outdir (your own settings can go in after the export)")
    sources = [c.path for c in chapters.available()] if notebooks is None else list(map(Path, notebooks))
    converted = [(outdir / "source" / assignment_name(source) / source.name,
                  source_notebook(nbformat.read(source, as_version=4), points))
                 for source in sources]  # every notebook converts before any file is written
    outdir.mkdir(parents=True, exist_ok=True)
    config.write_text(CONFIG, encoding="utf-8")
    written = [config]
    for target, notebook in converted:
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        written.append(target)
    return written
