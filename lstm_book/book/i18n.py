"""The Chinese edition: one gettext catalog per chapter, and Chinese notebooks built from it.

Each chapter has a catalog ``locales/zh_CN/NN_name.po`` with one entry per markdown cell of its
notebook, in notebook order: ``msgctxt`` is the cell's nbformat ``id``, ``msgid`` the English
source, ``msgstr`` the Chinese. Code cells are not translated. Sphinx's own gettext builder is not
used: it cannot read MyST-NB notebooks and would cut cells into paragraphs.

- :func:`refresh_catalog` brings a catalog in step with its notebook: a new cell gets an empty
  entry, a changed cell's translation is marked ``fuzzy`` (the English it was made from kept as
  ``previous_msgid``), a removed cell's translation becomes obsolete. An unchanged catalog is not
  rewritten, so running it twice changes nothing.
- :func:`catalog_status` lists what needs work: untranslated cells, fuzzy ones, and translations
  whose English changed since the catalog was last refreshed ("stale").
- :func:`translate_notebook` puts the translations into a copy of the notebook; a cell without a
  current translation keeps its English under a visible marker.

``python -m lstm_book translations refresh|status|build`` and ``python -m lstm_book run --lang zh``
call these; ``tests/book/test_translation.py`` fails while any cell needs work.
"""

import copy
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lstm_book.book import chapters

# The --lang code -> the gettext locale that names the catalog folder; English needs no catalog.
LANGUAGES = {"en": None, "zh": "zh_CN"}
LOCALES = chapters.ROOT / "locales"
FUZZY = "fuzzy"
HEADER = {"Project-Id-Version": "lstm-book", "Language": "zh_CN", "MIME-Version": "1.0",
          "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
# The exercise checks and handouts find exercises and questions by these headings
# ("### Exercise 06.1", "### Question 02.q3"), so translations keep them verbatim.
EXERCISE_HEADING = re.compile(r"^###\s+(?:Exercise\s+\d+\.\d+|Question\s+\d+\.q\d+)\b.*$",
                              re.MULTILINE)
# What a reader of the Chinese edition sees above a cell that is shown in English, by the reason.
MARKERS = {
    "untranslated": "本段尚未翻译，下面是英文原文。",
    "fuzzy": "英文原文已修改，译文有待更新，下面是英文原文。",
    "stale": "英文原文已修改，译文有待更新，下面是英文原文。",
    "heading": "译文缺少练习或问题的英文标题，下面是英文原文。",
}
# A translated chapter's first line, "# 第 1 章：什么是 LSTM"; an English one does not match.
CHAPTER_HEADING = re.compile(r"#\s+第\s*\d+\s*章\s*[：:]\s*(\S.*)")
STATES = ("translated", "untranslated", "fuzzy", "stale", "heading")


@dataclass
class RefreshSummary:
    """What :func:`refresh_catalog` changed in one catalog (lists of cell ids)."""

    path: Path
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    obsolete: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    written: bool = False


@dataclass
class CatalogStatus:
    """The state of one chapter's translation: the cell ids in each state of :data:`STATES`."""

    stem: str
    cells: dict = field(default_factory=dict)  # cell id -> state

    def ids(self, state):
        """The ids of the cells in ``state`` (one of :data:`STATES`), in notebook order."""
        return [cell_id for cell_id, value in self.cells.items() if value == state]

    @property
    def needs_work(self):
        return any(value != "translated" for value in self.cells.values())


def check_language(language):
    """Return ``language`` if it is one of :data:`LANGUAGES`, else raise a ValueError saying which are."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(sorted(LANGUAGES))}, got {language!r}; "
                         "use 'zh' for the Chinese edition")
    return language


def catalog_path(stem, language="zh", locales=None):
    """The catalog of notebook ``stem`` (e.g. ``"01_what_are_lstms"``): ``locales/zh_CN/<stem>.po``."""
    locale = LANGUAGES[check_language(language)]
    if locale is None:
        raise ValueError("English is the source language and has no catalog; use language='zh'")
    return Path(LOCALES if locales is None else locales) / locale / f"{stem}.po"


def markdown_cells(notebook_path):
    """The markdown cells of a notebook that carry text, in order.

    Parameters
    ----------
    notebook_path : str or pathlib.Path
        An ``.ipynb`` file whose cells have nbformat ``id`` fields (nbformat 4.5).

    Returns
    -------
    list of (int, str, str)
        ``(cell index, cell id, source)`` per markdown cell; empty cells have nothing to translate
        and are left out.
    """
    path = Path(notebook_path)
    if not path.exists():
        raise ValueError(f"notebook_path {path} does not exist")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells, seen = [], set()
    for index, cell in enumerate(notebook.get("cells", [])):
        cell_id = cell.get("id")
        if not cell_id:
            raise ValueError(f"cell {index} of {path.name} has no id: the catalogs key cells by their "
                             "nbformat id; add ids with nbformat.validator.normalize and save")
        if cell_id in seen:
            raise ValueError(f"cell id {cell_id!r} appears twice in {path.name}; cell ids must be unique")
        seen.add(cell_id)
        source = _source(cell)
        if cell.get("cell_type") == "markdown" and source.strip():
            cells.append((index, cell_id, source))
    return cells


def _source(cell):
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def load_catalog(path):
    """Read a catalog (polib ``POFile``); a missing file gives an empty catalog with our header."""
    import polib

    path = Path(path)
    if not path.exists():
        catalog = polib.POFile(wrapwidth=0)
        catalog.metadata = dict(HEADER)
        return catalog
    catalog = polib.pofile(str(path), wrapwidth=0)
    seen = set()
    for entry in catalog:
        if entry.msgctxt in seen:
            raise ValueError(f"{path} has two entries with msgctxt {entry.msgctxt!r}; keep one per cell")
        seen.add(entry.msgctxt)
    return catalog


def refresh_catalog(notebook_path, po_path):
    """Bring one catalog in step with its notebook; write it only if something changed.

    New markdown cells get an empty entry; a cell whose English changed keeps its translation,
    marked ``fuzzy``, with the English it was made from as ``previous_msgid`` (an English change
    reverted clears the mark again); a removed cell's translated entry becomes obsolete (``#~``)
    and an untranslated one is dropped. Entries follow the notebook's order, obsolete ones last.

    Parameters
    ----------
    notebook_path : str or pathlib.Path
        The English notebook, ``chapters/NN_name.ipynb``.
    po_path : str or pathlib.Path
        Its catalog; created (with its folder) if missing.

    Returns
    -------
    RefreshSummary
        The ids added, changed (now fuzzy), made obsolete and dropped, and whether the file was written.
    """
    import polib

    notebook_path, po_path = Path(notebook_path), Path(po_path)
    cells = markdown_cells(notebook_path)
    catalog = load_catalog(po_path)
    before = _signature(catalog) if po_path.exists() else None
    summary = RefreshSummary(path=po_path)
    by_id = {entry.msgctxt: entry for entry in catalog}
    entries = []
    for index, cell_id, source in cells:
        entry = by_id.pop(cell_id, None)
        if entry is None:
            entry = polib.POEntry(msgctxt=cell_id, msgid=source, msgstr="")
            summary.added.append(cell_id)
        else:
            entry.obsolete = False
            if _update_source(entry, source):
                summary.changed.append(cell_id)
        entry.occurrences = [(f"chapters/{notebook_path.name}", str(index))]
        entries.append(entry)
    for cell_id, entry in by_id.items():
        if entry.msgstr:
            if not entry.obsolete:
                summary.obsolete.append(cell_id)
            entry.obsolete = True
            entries.append(entry)
        else:
            summary.dropped.append(cell_id)
    catalog[:] = entries
    if _signature(catalog) != before:
        _write(catalog, po_path)
        summary.written = True
    return summary


def _update_source(entry, source):
    """Set the entry's English to ``source``; return True when a translation became fuzzy."""
    if entry.msgid == source:
        return False
    if not entry.msgstr:  # nothing translated yet, so nothing goes out of date
        entry.msgid = source
        return False
    if FUZZY in entry.flags and entry.previous_msgid == source:
        # The English went back to what was translated: the translation is current again.
        entry.flags.remove(FUZZY)
        entry.previous_msgid = None
        entry.msgid = source
        return False
    if FUZZY not in entry.flags:
        entry.flags.append(FUZZY)
        entry.previous_msgid = entry.msgid
    elif not entry.previous_msgid:
        entry.previous_msgid = entry.msgid
    entry.msgid = source
    return True


def _signature(catalog):
    # What a catalog says, independent of how its lines were wrapped when it was last written.
    return (tuple(sorted(catalog.metadata.items())),
            tuple((e.msgctxt, e.msgid, e.msgstr, tuple(e.flags), e.previous_msgid, e.obsolete,
                   tuple(e.occurrences), e.comment, e.tcomment) for e in catalog))


def _write(catalog, path):
    # Write then rename: a translator's catalog is never left half-written.
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_text(catalog.__unicode__(), encoding="utf-8")
    os.replace(scratch, path)


def cell_state(entry, source):
    """The state of one cell's translation, one of :data:`STATES`.

    ``entry`` is the cell's catalog entry (or None) and ``source`` the cell's current English.
    """
    if entry is None or entry.obsolete or not entry.msgstr:
        return "untranslated"
    if FUZZY in entry.flags:
        return "fuzzy"
    if entry.msgid != source:
        return "stale"
    headings = EXERCISE_HEADING.findall(source)
    if any(heading not in entry.msgstr for heading in headings):
        return "heading"
    return "translated"


def catalog_status(notebook_path, po_path):
    """The state of every markdown cell's translation in one chapter.

    Parameters
    ----------
    notebook_path, po_path : str or pathlib.Path
        The English notebook and its catalog (a missing catalog: every cell is untranslated).

    Returns
    -------
    CatalogStatus
        Cell id -> state (see :func:`cell_state`), in notebook order.
    """
    catalog = load_catalog(po_path)
    by_id = {entry.msgctxt: entry for entry in catalog if not entry.obsolete}
    status = CatalogStatus(stem=Path(notebook_path).stem)
    for _index, cell_id, source in markdown_cells(notebook_path):
        status.cells[cell_id] = cell_state(by_id.get(cell_id), source)
    return status


def format_status(statuses):
    """A per-chapter table of the translation's state, with the ids of the cells that need work."""
    lines = [f"{'chapter':<28} {'cells':>5} {'done':>5} {'untransl.':>9} {'fuzzy':>5} {'stale':>5}"]
    for status in statuses:
        fuzzy = len(status.ids("fuzzy")) + len(status.ids("heading"))
        lines.append(f"{status.stem:<28} {len(status.cells):>5} {len(status.ids('translated')):>5} "
                     f"{len(status.ids('untranslated')):>9} {fuzzy:>5} {len(status.ids('stale')):>5}")
        for state in STATES[1:]:
            if status.ids(state):
                lines.append(f"    {state}: {', '.join(status.ids(state))}")
    total = sum(len(s.cells) for s in statuses)
    done = sum(len(s.ids("translated")) for s in statuses)
    lines.append(f"{done} of {total} markdown cells translated and current")
    return "\n".join(lines)


def translate_notebook(notebook, catalog):
    """A copy of ``notebook`` with every markdown cell replaced by its translation.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The English notebook (as read by ``nbformat.read``); it is not modified.
    catalog : polib.POFile
        Its catalog (see :func:`load_catalog`).

    Returns
    -------
    (nbformat.NotebookNode, list of (str, str))
        The translated copy, and ``(cell id, state)`` for each markdown cell shown in English
        because it has no current translation; such a cell starts with a visible marker
        (:data:`MARKERS`). Code cells are unchanged.
    """
    by_id = {entry.msgctxt: entry for entry in catalog if not entry.obsolete}
    translated = copy.deepcopy(notebook)
    fallbacks = []
    for cell in translated.cells:
        source = _source(cell)
        if cell.cell_type != "markdown" or not source.strip():
            continue
        entry = by_id.get(cell.get("id"))
        state = cell_state(entry, source)
        if state == "translated":
            cell.source = entry.msgstr
        else:
            cell.source = _with_marker(source, MARKERS[state])
            fallbacks.append((cell.get("id"), state))
    return translated, fallbacks


def _with_marker(source, text):
    # After a leading heading, so that the page and section titles stay the cell's first line.
    marker = f"> **[English]** {text}\n\n"
    first, _newline, rest = source.partition("\n")
    if first.startswith("#"):
        return first + "\n\n" + marker + rest.lstrip("\n")
    return marker + source


def notebook_for(chapter, language="en", locales=None):
    """The notebook of ``chapter`` in ``language``, ready to execute.

    Parameters
    ----------
    chapter : chapters.Chapter
    language : str
        ``"en"`` (the notebook as committed) or ``"zh"`` (built from its catalog).
    locales : str or pathlib.Path
        The folder holding ``zh_CN/``.

    Returns
    -------
    (nbformat.NotebookNode, list of (str, str))
        The notebook and the markdown cells shown in English for want of a current translation
        (always empty for English).
    """
    import nbformat

    check_language(language)
    notebook = nbformat.read(chapter.path, as_version=4)
    if language == "en":
        return notebook, []
    catalog = load_catalog(catalog_path(chapter.stem, language, locales))
    translated, fallbacks = translate_notebook(notebook, catalog)
    translated.metadata["lstm_book"] = {"language": language, "source": chapter.notebook}
    return translated, fallbacks


def translated_title(notebook, default):
    """The chapter's title in its translated notebook: the first heading without "第 N 章：".

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A notebook from :func:`notebook_for`.
    default : str
        Returned when the first markdown cell has no translated level-1 heading (e.g. it fell
        back to English).

    Returns
    -------
    str
        E.g. ``"什么是 LSTM"`` for ``# 第 1 章：什么是 LSTM``.
    """
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and _source(cell).strip():
            match = CHAPTER_HEADING.match(_source(cell).strip())
            return match.group(1).strip() if match else default
    return default


def refresh_all(selected, language="zh", locales=None):
    """:func:`refresh_catalog` for each chapter in ``selected``; a list of :class:`RefreshSummary`."""
    return [refresh_catalog(c.path, catalog_path(c.stem, language, locales)) for c in selected]


def status_all(selected, language="zh", locales=None):
    """:func:`catalog_status` for each chapter in ``selected``; a list of :class:`CatalogStatus`."""
    return [catalog_status(c.path, catalog_path(c.stem, language, locales)) for c in selected]


def write_notebooks(selected, out_dir, language="zh", locales=None):
    """Write the (unexecuted) translated notebooks to ``out_dir/NN_name.ipynb``.

    Returns
    -------
    dict
        Notebook path -> the ``(cell id, state)`` of its cells left in English.
    """
    import nbformat

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for chapter in selected:
        notebook, fallbacks = notebook_for(chapter, language, locales)
        path = out_dir / f"{chapter.stem}.ipynb"
        nbformat.write(notebook, path)
        written[path] = fallbacks
    return written
