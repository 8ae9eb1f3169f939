"""Student handouts: every chapter notebook with its reference solutions taken out.

``python -m lstm_book handout OUTDIR`` writes one student copy per chapter. In a copy each cell
tagged ``solution`` becomes a ``# TODO`` cell that sets ``answer = None``, so the exercise's check
cell still runs and says "no answer yet" instead of crashing; outputs and execution counts are
cleared; every other cell is left exactly as it is.

An exercise in a notebook is a markdown heading ``### Exercise NN.k``, a code cell tagged
``solution`` that computes ``answer``, and a check cell ``exercises.check("NN.k", answer)``
(see CONTRIBUTING.md). A questionnaire question is laid out the same way under a heading
``### Question NN.qK`` (checked as ``"NN.qK"``); a handout keeps its question and drops its answer.
:func:`exercise_sections` finds both; the test suite uses it to check that every exercise and
question in ``lstm_book/book/exercises/chNN.py`` is present in its notebook.
"""

import copy
import re
from pathlib import Path

from lstm_book.book import chapters

SOLUTION_TAG = "solution"
TODO_SOURCE = "# TODO: your answer here\nanswer = None"
EXERCISE_HEADING = re.compile(r"^###\s+Exercise\s+(\d+\.\d+)\b", re.MULTILINE)
QUESTION_HEADING = re.compile(r"^###\s+Question\s+(\d+\.q\d+)\b", re.MULTILINE)
# Either heading: what exercise_sections and before_first_exercise look for.
CHECKED_HEADING = re.compile(r"^###\s+(?:Exercise\s+(\d+\.\d+)|Question\s+(\d+\.q\d+))\b",
                             re.MULTILINE)
_ANY_HEADING = re.compile(r"^#{1,3}\s", re.MULTILINE)
# A check cell's call, any id of the form NN.x (exercises "06.1", questions "06.q1").
CHECK_CALL = re.compile(r"""\bexercises\.check\(\s*(["'])(?P<id>\d+\.\w+)\1\s*,\s*"""
                        r"""(?P<variable>[A-Za-z_]\w*)\s*\)""")


def is_solution(cell):
    """Whether a notebook cell is tagged ``solution`` (``cell.metadata.tags``)."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def student_copy(notebook):
    """A copy of a notebook for students: solutions replaced by ``# TODO`` cells, no outputs.

    Used by :func:`write_handouts` for every chapter. The notebook passed in is not changed.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A version-4 notebook, e.g. from ``nbformat.read(path, as_version=4)``.

    Returns
    -------
    nbformat.NotebookNode
        The same cells in the same order, with the same ids. A cell tagged ``solution`` becomes a
        code cell whose source is :data:`TODO_SOURCE` and whose tags no longer include
        ``solution``; every code cell has no outputs and ``execution_count`` None.
    """
    if notebook.get("nbformat") != 4:
        raise ValueError(f"notebook must be nbformat version 4, got {notebook.get('nbformat')!r}; "
                         "read it with nbformat.read(path, as_version=4)")
    import nbformat

    handout = copy.deepcopy(notebook)
    for position, cell in enumerate(handout.cells):
        if is_solution(cell):
            handout.cells[position] = _todo_cell(cell, nbformat)
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return handout


def _todo_cell(solution, nbformat):
    metadata = copy.deepcopy(solution.get("metadata", {}))
    metadata["tags"] = [tag for tag in metadata.get("tags", []) if tag != SOLUTION_TAG]
    if not metadata["tags"]:
        del metadata["tags"]
    todo = nbformat.v4.new_code_cell(TODO_SOURCE, metadata=metadata)
    if "id" in solution:  # keep the id so a diff of handout and chapter shows only the answer
        todo.id = solution.id
    else:  # an nbformat 4.4 notebook has no cell ids; adding one would make it invalid
        del todo["id"]
    return todo


def exercise_sections(notebook):
    """The exercises and questions of a notebook, in order: each id with the cells of its section.

    A section starts at a markdown cell with a heading ``### Exercise NN.k`` (or ``### Question
    NN.qK``) and runs up to the next markdown cell with a heading of level 1 to 3 (the next
    exercise, or e.g. a summary).

    Parameters
    ----------
    notebook : nbformat.NotebookNode

    Returns
    -------
    dict
        ``{"06.q1": [cell, ...], "06.1": [cell, ...], ...}`` in notebook order; the heading cell is
        the first cell.
    """
    sections, current = {}, None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            found = CHECKED_HEADING.search(cell.source)
            if found:
                current = found.group(1) or found.group(2)
                if current in sections:
                    raise ValueError(f"exercise {current} appears twice in the notebook; "
                                     "give each exercise its own id")
                sections[current] = []
            elif _ANY_HEADING.search(cell.source):
                current = None
        if current is not None:
            sections[current].append(cell)
    return sections


def before_first_exercise(notebook):
    """A copy of a notebook cut just before its first ``### Exercise`` or ``### Question`` heading.

    It is everything a student runs before the first exercise or question, which must work
    without the solutions; the tests check that it is the chapter's own cells, unchanged.

    Parameters
    ----------
    notebook : nbformat.NotebookNode

    Returns
    -------
    nbformat.NotebookNode
        The cells before the first exercise or question heading (all cells if there is none).
    """
    head = copy.deepcopy(notebook)
    for position, cell in enumerate(head.cells):
        if cell.cell_type == "markdown" and CHECKED_HEADING.search(cell.source):
            head.cells = head.cells[:position]
            break
    return head


def write_handouts(outdir, notebooks=None):
    """Write a student copy of every chapter notebook into ``outdir``.

    Parameters
    ----------
    outdir : path-like
        The folder for the copies (created if needed). It must not be ``chapters/`` itself,
        since the copies would overwrite the solutions.
    notebooks : list of path-like, optional
        The notebooks to copy; by default every chapter notebook that exists.

    Returns
    -------
    list of pathlib.Path
        The files written, named like their chapters (``06_vanilla_lstm.ipynb``).
    """
    import nbformat

    outdir = Path(outdir)
    if outdir.resolve() == chapters.CHAPTER_DIR.resolve():
        raise ValueError(f"outdir must not be the chapters folder ({outdir}): the student copies "
                         "would overwrite the solutions; use e.g. build/handouts")
    sources = [c.path for c in chapters.available()] if notebooks is None else notebooks
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in map(Path, sources):
        notebook = nbformat.read(source, as_version=4)
        target = outdir / source.name
        nbformat.write(student_copy(notebook), target)
        written.append(target)
    return written


def solution_dependencies(notebook):
    """Cells that read a name which only an earlier solution cell defines: a handout breaks there.

    A student copy replaces every solution cell, so a later cell that needs, say, a function
    defined in exercise 1's solution fails in the copy, and in an nbgrader assignment one wrong
    answer would cost two exercises. The variable a solution's check reads (``answer``) is not
    counted: the student copy's stub sets it too. Static (no execution): names are found with
    ``ast``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode

    Returns
    -------
    list of str
        One line per offending cell, e.g. ``"cell 12 reads scale, defined only by the solution
        cell 9"``; empty when the solutions can be removed safely.
    """
    from_solution, after_solution = {}, False
    problems = []
    for position, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        bound, read = _names(cell.source)
        if after_solution:  # the check cell: the stub that replaces the solution sets its variable
            for call in CHECK_CALL.finditer(cell.source):
                from_solution.pop(call.group("variable"), None)
        needed = sorted(name for name in read - bound if name in from_solution)
        if needed:
            cells = ", ".join(str(cell) for cell in sorted({from_solution[name] for name in needed}))
            problems.append(f"cell {position} reads {', '.join(needed)}, defined only by the "
                            f"solution cell {cells}")
        after_solution = is_solution(cell)
        for name in bound:
            if after_solution:
                from_solution[name] = position
            else:
                from_solution.pop(name, None)
    return problems


def _names(source):
    # (names a cell binds, names it reads); IPython magics and shell lines are skipped.
    import ast

    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    bound, read = set(), set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, read
