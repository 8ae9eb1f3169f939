"""The HTML book: the executed notebooks as a Sphinx site (MyST-NB, sphinx-book-theme), offline.

``python -m lstm_book run`` (and so ``make book``) ends by calling :func:`build_site`, which
writes ``build/html/``: a page per chapter named after its notebook (``01_what_are_lstms.html``,
...) with the outputs the runner saved (MyST-NB never executes them again), a sidebar of chapters,
previous/next links, full-text search, a download button for each notebook, and two pages Sphinx
cannot make by itself, generated here from the results document (the schema of results.json):

- ``index.html``: what the book is, the run it shows, and each chapter with its status;
- ``results.html``: each chapter's status, metrics, targets, the book's figures, seconds and
  exercise checks.

The Sphinx settings shared by every build are in ``lstm_book/book/site/conf.py``; what this module
adds per build is the language and the link to the twin edition. Every script, style sheet, font
and MathJax file is copied into the site, so it reads the same opened from disk with no network.
"""

import io
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from lstm_book.book import report

SITE = Path(__file__).with_name("site")  # conf.py, templates and style sheet of the book
_ANSI_COLOURS = re.compile(r"\x1b\[[0-9;]*m")  # tracebacks arrive coloured for a terminal
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # CommonMark lets any of these be escaped

# The words of the generated pages, per edition; Sphinx translates its own (search, contents).
LABELS = {
    "en": {"sphinx_language": "en", "title": "LSTM book",
           "heading": "Long Short-Term Memory Networks with Python",
           "intro": "The runnable companion to the book, rebuilt for Keras 3: its executed "
                    "notebooks, one per chapter. Each chapter shows its code with the output and "
                    "plots of this run; the download button at the top of a chapter gives its "
                    "notebook.",
           "chapters": "Chapters", "results": "Results", "chapter": "Chapter", "status": "Status",
           "seconds": "Seconds", "exercises": "Exercises", "metric": "Metric", "value": "Value",
           "target": "Target", "book": "Book", "verdict": "Verdict", "met": "Targets met",
           "quick": "quick mode (small data and few epochs: targets are shown, not enforced)",
           "full": "full mode", "run": "This run: {mode}; Keras {keras} on {backend}, "
                                      "Python {python}; {seconds:.0f} s in all.",
           "see_results": "The metrics of every chapter against the book's are on the "
                          "[results page](results.md).",
           "checked": "{checked} checked, {passed} pass", "none": "none",
           "error": "Error", "not_enforced": "not enforced in quick mode",
           "reported": "reported", "of": "{met} of {total}",
           "status_line": "Status {status} in {seconds:.1f} s; [read the chapter]({page}).",
           "label": "Chapter {number}: {title}"},
    "zh": {"sphinx_language": "zh_CN", "title": "LSTM 书",
           "heading": "《Python 长短期记忆网络》",
           "intro": "本书可运行的配套代码，基于 Keras 3：每章一个执行过的笔记本。每章给出代码以及本次运行的"
                    "输出和图；章节顶部的下载按钮提供该章的笔记本。",
           "chapters": "章节", "results": "结果", "chapter": "章", "status": "状态",
           "seconds": "秒", "exercises": "练习", "metric": "指标", "value": "数值",
           "target": "目标", "book": "原书", "verdict": "判定", "met": "达到目标",
           "quick": "快速模式（数据少、轮数少：只显示目标，不强制）", "full": "完整模式",
           "run": "本次运行：{mode}；Keras {keras}，后端 {backend}，Python {python}；共 {seconds:.0f} 秒。",
           "see_results": "各章指标与原书的对照见[结果页](results.md)。",
           "checked": "检查 {checked} 项，通过 {passed} 项", "none": "无",
           "error": "错误", "not_enforced": "快速模式下不强制", "reported": "仅报告",
           "of": "{met} / {total}",
           "status_line": "状态 {status}，用时 {seconds:.1f} 秒；[阅读本章]({page})。",
           "label": "第 {number} 章：{title}"},
}
TWIN_LABELS = {"en": "English", "zh": "中文"}


def build_site(run_dir, document, html_dir, language="en", twin_url=None, warnings=None):
    """Render a run's executed notebooks as the HTML book (a Sphinx site) in ``html_dir``.

    Used by ``python -m lstm_book run`` (English book in ``build/html/``), by the Chinese edition
    (``build/html/zh/``, ``language="zh"``) and by the tests' quick-mode book
    (``build/quick/html/``). The site is built in a scratch folder beside ``html_dir`` and then
    replaces its contents, keeping any site nested in it (the ``zh/`` twin of the English book).

    Parameters
    ----------
    run_dir : path-like
        The runner's output folder: ``run_dir/notebooks/NN_name.ipynb`` are the executed notebooks.
    document : dict
        The run's results document (the schema of results.json): ``mode`` and ``chapters`` (each
        with ``chapter``, ``notebook``, ``title``, ``status``, ``seconds``, ``metrics``,
        ``exercises``), and optionally ``keras``, ``backend``, ``python``, ``total_seconds``.
    html_dir : path-like
        Where the site goes: empty, absent, or holding an earlier book (which is replaced).
    language : {"en", "zh"}
        The edition: the words of the generated pages, the page language (``<html lang>``) and
        the search language (``html_search_language``; Chinese words are split by jieba).
    twin_url : str, optional
        The other edition's site, relative to ``html_dir`` (``"zh/"`` from the English book,
        ``"../"`` from the Chinese one). Every page then links to its twin: the page of the same
        name there. The two editions must therefore name their pages alike.
    warnings : text stream, optional
        Where Sphinx's warnings go; ``sys.stderr`` by default.

    Returns
    -------
    pathlib.Path
        The site's ``index.html``.
    """
    if language not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, got {language!r}")
    if twin_url is not None and (not isinstance(twin_url, str) or "://" in twin_url
                                 or not twin_url.endswith("/")):
        raise ValueError(f"twin_url must be a relative folder URL ending in '/' such as 'zh/' or "
                         f"'../', got {twin_url!r}")
    _check_document(document)
    run_dir, html_dir = Path(run_dir), Path(html_dir)
    notebooks = [_executed_notebook(run_dir, entry) for entry in document["chapters"]]
    _check_replaceable(html_dir)
    html_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sphinx-", dir=html_dir.parent) as scratch:
        source, out = Path(scratch) / "source", Path(scratch) / "out" / "html"
        write_sources(source, document, notebooks, language)
        _run_sphinx(source, out, language, twin_url, warnings or sys.stderr)
        _replace_contents(html_dir, out)
    return html_dir / "index.html"


def write_sources(source, document, notebooks, language="en"):
    """Write the Sphinx source folder: the notebooks, ``index.md`` and ``results.md``.

    Parameters
    ----------
    source : pathlib.Path
        The folder to fill (created).
    document : dict
        The results document (see :func:`build_site`).
    notebooks : list of pathlib.Path
        The executed notebooks, one per entry of ``document["chapters"]``, in that order.
    language : {"en", "zh"}

    Returns
    -------
    list of str
        The page names, in reading order.
    """
    source.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        shutil.copyfile(notebook, source / notebook.name)
    (source / "index.md").write_text(index_markdown(document, language), encoding="utf-8")
    (source / "results.md").write_text(results_markdown(document, language), encoding="utf-8")
    return ["index", *(notebook.stem for notebook in notebooks), "results"]


def index_markdown(document, language="en"):
    """The book's first page (MyST Markdown): what it is, the run, the chapters and their status.

    Parameters
    ----------
    document : dict
        The results document (see :func:`build_site`).
    language : {"en", "zh"}

    Returns
    -------
    str
    """
    _check_document(document)
    words = LABELS[language]
    lines = [f"# {words['heading']}", "", words["intro"], "", _run_line(document, words), "",
             words["see_results"], "",
             _table([words["chapter"], words["status"], words["exercises"]],
                    [[_chapter_link(entry, words), _status(entry),
                      _escape(_exercise_summary(entry.get("exercises", []), words))]
                     for entry in document["chapters"]]), ""]
    stems = [_stem(entry) for entry in document["chapters"]]
    lines += _toctree(stems, caption=words["chapters"]) + _toctree(["results"])
    return "\n".join(lines)


def results_markdown(document, language="en"):
    """The results page (MyST Markdown) from a results document.

    A summary table (chapter, status, targets met, exercises, seconds), then a section per
    chapter: its metrics with value, target, the book's figure and verdict, its exercise checks
    and its error, if any.

    Parameters
    ----------
    document : dict
        The results document (see :func:`build_site`).
    language : {"en", "zh"}

    Returns
    -------
    str
    """
    _check_document(document)
    words = LABELS[language]
    summary = [[_chapter_link(entry, words), _status(entry), _escape(_targets_met(entry, words)),
                _escape(_exercise_summary(entry.get("exercises", []), words)),
                f"{float(entry.get('seconds', 0.0)):.1f}"] for entry in document["chapters"]]
    lines = [f"# {words['results']}", "", _run_line(document, words), "",
             _table([words["chapter"], words["status"], words["met"], words["exercises"],
                     words["seconds"]], summary), ""]
    for entry in document["chapters"]:
        lines += _chapter_section(entry, document["mode"] == "quick", words)
    return "\n".join(lines)


def _chapter_section(entry, quick, words):
    lines = [f"## {_escape(_label(entry, words))}", "",
             words["status_line"].format(status=_status(entry), page=f"{_stem(entry)}.ipynb",
                                         seconds=float(entry.get("seconds", 0.0))), ""]
    metrics = entry.get("metrics", [])
    if metrics:
        rows = [[_escape(metric["name"]), _escape(value), _escape(target), _escape(book),
                 _verdict(metric, quick, words)]
                for metric, (_, value, target, book) in zip(metrics, report.metric_rows(metrics),
                                                            strict=True)]
        lines += [_table([words["metric"], words["value"], words["target"], words["book"],
                          words["verdict"]], rows), ""]
    exercises = entry.get("exercises", [])
    if exercises:
        checks = ", ".join(f"{_escape(e['id'])} {_mark('pass' if e.get('passed') else 'miss')}"
                           for e in exercises)
        lines += [f"{words['exercises']}: {checks}", ""]
    if entry.get("error"):
        lines += [f"{words['error']}: {_escape(_ANSI_COLOURS.sub('', entry['error']))}", ""]
    return lines


def _verdict(metric, quick, words):
    if metric.get("target") is None:
        return _mark("reported", words["reported"])
    if metric.get("passed"):
        return _mark("pass")
    return _mark("miss") + (f" ({_escape(words['not_enforced'])})" if quick else "")


def _targets_met(entry, words):
    targeted = [m for m in entry.get("metrics", []) if m.get("target") is not None]
    if not targeted:
        return words["none"]
    return words["of"].format(met=sum(bool(m.get("passed")) for m in targeted),
                              total=len(targeted))


def _exercise_summary(exercises, words):
    if not exercises:
        return words["none"]
    return words["checked"].format(checked=len(exercises),
                                   passed=sum(bool(e.get("passed")) for e in exercises))


def _run_line(document, words):
    mode = words["quick"] if document["mode"] == "quick" else words["full"]
    return _escape(words["run"].format(
        mode=mode, keras=document.get("keras", "?"), backend=document.get("backend", "?"),
        python=document.get("python", "?"), seconds=float(document.get("total_seconds", 0.0))))


def _status(entry):
    status = entry.get("status", "?")
    return _mark("ok" if status == "ok" else "failed", status)


def _mark(kind, text=None):
    """A word styled by the book's style sheet (``.book-ok``, ``.book-failed``, ...)."""
    return f"[{_escape(text or kind)}]{{.book-{kind}}}"


def _label(entry, words):
    return words["label"].format(number=int(entry["chapter"]),
                                 title=entry.get("title") or _stem(entry))


def _chapter_link(entry, words):
    # A link to the notebook's source file: Sphinx turns it into the page's URL.
    return f"[{_escape(_label(entry, words))}]({_stem(entry)}.ipynb)"


def _stem(entry):
    return Path(entry["notebook"]).stem


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _toctree(pages, caption=None):
    options = [":hidden:"] + ([f":caption: {caption}"] if caption else [])
    return ["```{toctree}", *options, "", *pages, "```", ""]


def _escape(text):
    """Text shown as it is in MyST Markdown (titles and errors may hold *, |, < or $)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _check_document(document):
    if not isinstance(document, dict) or {"mode", "chapters"} - set(document):
        keys = sorted(document) if isinstance(document, dict) else type(document).__name__
        raise ValueError("document must be a results document with keys mode and chapters "
                         f"(see results.json), got {keys}")
    for entry in document["chapters"]:
        missing = {"chapter", "notebook"} - set(entry)
        if missing:
            raise ValueError(f"every chapter entry needs 'chapter' and 'notebook' like "
                             f"results.json's; missing {sorted(missing)} in {entry}")


def _executed_notebook(run_dir, entry):
    path = run_dir / "notebooks" / f"{_stem(entry)}.ipynb"
    if not path.exists():
        raise ValueError(f"no executed notebook {path} for chapter {entry['chapter']}; the book "
                         "is built from the notebooks the runner saved there (python -m "
                         "lstm_book run --out ...)")
    return path


def _check_replaceable(html_dir):
    """Refuse to empty a folder that holds something other than a book."""
    if html_dir.is_file() or (html_dir.is_dir() and any(html_dir.iterdir())
                              and not (html_dir / "index.html").exists()):
        raise ValueError(f"html_dir {html_dir} holds files but no book (no index.html); give an "
                         "empty or new folder, or one with an earlier book to replace")


def _replace_contents(html_dir, built):
    """Swap the new site into html_dir, keeping sites nested in it (another edition)."""
    html_dir.mkdir(parents=True, exist_ok=True)
    for old in html_dir.iterdir():
        if old.is_dir() and (old / ".buildinfo").exists():
            continue
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    for new in built.iterdir():
        os.replace(new, html_dir / new.name)


def _run_sphinx(source, out, language, twin_url, warnings):
    from sphinx import locale
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    words = LABELS[language]
    if language == "zh":
        _quiet_jieba()
    # Light unless the reader picks dark: without a default the theme logs an error on first visit.
    context = {"default_mode": "light"}
    if twin_url:
        twin = "en" if language == "zh" else "zh"
        context.update(twin_url=twin_url, twin_language=twin, twin_label=TWIN_LABELS[twin])
    overrides = {"language": words["sphinx_language"], "html_search_language": language,
                 "html_title": words["title"], "html_context": context}
    # A namespace of its own per build: roles, directives and translated words of one build never
    # leak into the next (Sphinx keeps the last language's catalogs; the tests build English and
    # Chinese books in one process).
    locale.translators.clear()
    with patch_docutils(SITE), docutils_namespace():
        app = Sphinx(source, SITE, out, out.parent / "doctrees", "html", confoverrides=overrides,
                     status=io.StringIO(), warning=warnings, freshenv=True)
        app.build()
    if app.statuscode:
        raise RuntimeError(f"Sphinx could not build the book (status {app.statuscode}); "
                           "its messages are above")


def _quiet_jieba():
    """Sphinx splits Chinese into words with jieba; without it Chinese text is not searchable."""
    try:
        import jieba
    except ImportError as missing:
        raise RuntimeError("the Chinese book's search needs jieba to split Chinese into words: "
                           "pip install 'lstm-book[book]' (or pip install jieba)") from missing
    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading messages are not the reader's
