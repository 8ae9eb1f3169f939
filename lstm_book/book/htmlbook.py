"""The HTML book: executed chapter notebooks as web pages, with an index of the results.

``python -m lstm_book run`` (and so ``make book``) ends by calling :func:`build_book`, which
writes ``build/html/``:

- ``index.html``: the chapter list and the results table (metric, value, target, the book's
  figure, status, seconds), rendered with Jinja2 from ``results.json``;
- ``NN_name.html``: one page per chapter, the executed notebook rendered by nbconvert's
  ``HTMLExporter`` (plots embedded as PNG data URIs), with a navigation bar (previous chapter,
  contents, next chapter) at the top and the bottom.

The test suite builds a quick-mode book under ``build/quick/`` from the notebook tests:
each test saves its results entry with :func:`save_entry`, and :func:`entries_document`
gathers them into a results document for :func:`build_book`.
"""

import json
import os
import platform
import re
from pathlib import Path

import jinja2

from lstm_book.book import report

# The chapter page: nbconvert's JupyterLab template with our navigation bar. The pages are static,
# so require.js (only needed by interactive widgets) is left out; MathJax stays for the equations.
PAGE_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block extra_css %}<style type="text/css">{{ resources.book_css }}</style>{% endblock extra_css %}
{%- block body_header -%}{{ super() }}{{ resources.book_nav }}{%- endblock body_header -%}
{% block body_footer %}{{ resources.book_nav }}{{ super() }}{% endblock body_footer %}
"""

NAV_TEMPLATE = """\
<nav class="book-nav" aria-label="chapters">
  <span>{% if previous %}
    <a rel="prev" href="{{ previous.href }}">&larr; {{ previous.label }}</a>
  {% endif %}</span>
  <a class="book-contents" href="index.html">Contents</a>
  <span>{% if next %}
    <a rel="next" href="{{ next.href }}">{{ next.label }} &rarr;</a>
  {% endif %}</span>
</nav>
"""

NAV_CSS = """\
.book-nav { display: flex; justify-content: space-between; gap: 1em; max-width: 1100px;
  margin: 0.5em auto; padding: 0.6em 1em; font: 14px system-ui, sans-serif;
  background: #f4f6f8; border-radius: 6px; }
.book-nav a { text-decoration: none; color: #1a5fb4; }
.book-nav span { flex: 1; }
.book-nav span:last-child { text-align: right; }
"""

INDEX_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{ title }}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
  color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left;
  vertical-align: top; }
th { background: #f4f6f8; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.ok, .pass { color: #26a269; } .failed, .miss { color: #c01c28; font-weight: bold; }
.reported, .note { color: #666; }
.error { color: #c01c28; font-size: 13px; }
a { color: #1a5fb4; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p>The executed notebooks of the companion to <em>Long Short-Term Memory Networks with Python</em>,
rebuilt for Keras 3. Each chapter page shows the code, its output and its plots as they came out of
this run.</p>
<p class="note">{{ mode }} mode{% if mode == "quick" %} (small data and few epochs: targets are shown
but not enforced){% endif %}; Keras {{ keras }} on {{ backend }}, Python {{ python }};
{{ "%.0f"|format(total_seconds) }} s in all.</p>

<h2>Chapters</h2>
<ol class="chapters">
{% for page in pages %}
  <li value="{{ page.number }}"><a href="{{ page.href }}">{{ page.title }}</a>
    <span class="{{ page.status }}">{{ page.status }}</span>
    {%- if page.exercises %}<span class="note">; exercises: {{ page.exercises }}</span>{% endif %}</li>
{% endfor %}
</ol>

<h2>Results</h2>
<table class="results">
<thead><tr><th>Chapter</th><th>Metric</th><th>Value</th><th>Target</th><th>Book</th><th>Status</th>
<th>Seconds</th></tr></thead>
<tbody>
{% for page in pages %}
{% for row in page.rows %}
<tr data-chapter="{{ page.number }}">
  {% if loop.first %}<td rowspan="{{ page.rows|length }}"><a href="{{ page.href }}">{{ page.label }}</a>
    <span class="{{ page.status }}">({{ page.status }})</span></td>{% endif %}
  <td>{{ row.name }}</td>
  <td class="number">{{ row.value }}</td>
  <td>{{ row.target }}</td>
  <td>{{ row.book }}</td>
  <td class="{{ row.verdict }}">{{ row.verdict }}{{ row.note }}</td>
  {% if loop.first %}
  <td class="number" rowspan="{{ page.rows|length }}">{{ "%.1f"|format(page.seconds) }}</td>
  {% endif %}
</tr>
{% endfor %}
{% if page.error %}
<tr data-chapter="{{ page.number }}"><td></td><td colspan="6" class="error">{{ page.error }}</td></tr>
{% endif %}
{% endfor %}
</tbody>
</table>
</body>
</html>
"""

_ANSI_COLOURS = re.compile(r"\x1b\[[0-9;]*m")  # tracebacks arrive coloured for a terminal
_TEMPLATES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True)
_EXPORTER = None


def _exporter():
    # One exporter for the whole book: building its template environment is the slow part.
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(extra_loaders=[jinja2.DictLoader({"book.html.j2": PAGE_TEMPLATE})],
                                 template_file="book.html.j2")
    return _EXPORTER


def _page(entry):
    """What the book needs to know about one chapter, from its results.json entry."""
    stem = Path(entry["notebook"]).stem
    number = int(entry["chapter"])
    title = entry.get("title") or stem
    return {"number": number, "stem": stem, "href": f"{stem}.html", "title": title,
            "label": f"Chapter {number}: {title}"}


def render_chapter(notebook, entry, html_dir, previous=None, following=None):
    """Render one executed notebook as a chapter page of the book.

    Used by the runner for each chapter it executes, and by :func:`build_book`.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The executed notebook (its outputs are shown; PNG plots are embedded as data URIs).
    entry : dict
        The chapter's results.json entry, or any dict with ``chapter`` (number), ``notebook``
        (path of the notebook; its stem names the page) and ``title``.
    html_dir : path-like
        The book's folder; the page is written there as ``NN_name.html``.
    previous, following : dict, optional
        The entries of the chapters before and after this one, linked from the navigation bar.

    Returns
    -------
    pathlib.Path
        The page written.
    """
    for key in ("chapter", "notebook"):
        if key not in entry:
            raise ValueError(f"entry must have a {key!r} key like a results.json chapter entry, "
                             f"got keys {sorted(entry)}")
    page = _page(entry)
    nav = _TEMPLATES.from_string(NAV_TEMPLATE).render(
        previous=_page(previous) if previous else None,
        next=_page(following) if following else None)
    resources = {"metadata": {"name": page["label"]}, "book_nav": nav, "book_css": NAV_CSS}
    html, _ = _exporter().from_notebook_node(notebook, resources=resources)
    html_dir = Path(html_dir)
    html_dir.mkdir(parents=True, exist_ok=True)
    path = html_dir / page["href"]
    path.write_text(html, encoding="utf-8")
    return path


def build_book(out_dir, document=None):
    """Write the HTML book: a page per executed chapter and ``index.html`` with the results.

    Parameters
    ----------
    out_dir : path-like
        The runner's output folder: it holds ``notebooks/NN_name.ipynb`` (the executed notebooks)
        and, unless ``document`` is given, ``results.json``. The book goes to ``out_dir/html/``.
    document : dict, optional
        A results document (the schema of results.json); by default ``out_dir/results.json``.

    Returns
    -------
    pathlib.Path
        The book's ``index.html``.
    """
    import nbformat

    out_dir = Path(out_dir)
    if document is None:
        results = out_dir / "results.json"
        if not results.exists():
            raise ValueError(f"no {results}: run the chapters first (python -m lstm_book run "
                             "--out ...) or pass the results document")
        document = json.loads(results.read_text(encoding="utf-8"))
    entries = document.get("chapters", [])
    html_dir = out_dir / "html"
    for position, entry in enumerate(entries):
        executed = out_dir / "notebooks" / f"{_page(entry)['stem']}.ipynb"
        if not executed.exists():
            raise ValueError(f"no executed notebook {executed} for chapter {entry['chapter']}; "
                             "the book is built from the notebooks the runner saved there")
        render_chapter(nbformat.read(executed, as_version=4), entry, html_dir,
                       previous=entries[position - 1] if position > 0 else None,
                       following=entries[position + 1] if position + 1 < len(entries) else None)
    index = html_dir / "index.html"
    html_dir.mkdir(parents=True, exist_ok=True)
    index.write_text(render_index(document), encoding="utf-8")
    return index


def render_index(document):
    """The index page of the book (HTML text): chapter list and results table.

    Parameters
    ----------
    document : dict
        A results document (the schema of results.json).

    Returns
    -------
    str
    """
    missing = {"mode", "chapters"} - set(document)
    if missing:
        raise ValueError(f"document must be a results document with keys mode and chapters "
                         f"(see results.json); missing {sorted(missing)}")
    quick = document["mode"] == "quick"
    pages = [{**_page(entry), "status": entry.get("status", "?"),
              "seconds": float(entry.get("seconds", 0.0)),
              "error": _ANSI_COLOURS.sub("", entry.get("error") or ""),
              "exercises": _exercise_summary(entry.get("exercises", [])),
              "rows": _metric_rows(entry.get("metrics", []), quick)}
             for entry in document["chapters"]]
    return _TEMPLATES.from_string(INDEX_TEMPLATE).render(
        title="LSTM book: the executed chapters", pages=pages, mode=document["mode"],
        keras=document.get("keras", "?"), backend=document.get("backend", "?"),
        python=document.get("python", "?"), total_seconds=float(document.get("total_seconds", 0)))


def _metric_rows(metrics, quick):
    if not metrics:
        return [{"name": "-", "value": "-", "target": "", "book": "", "verdict": "", "note": ""}]
    rows = []
    for metric in metrics:
        if metric.get("target") is None:
            verdict = "reported"
        else:
            verdict = "pass" if metric.get("passed") else "miss"
        value = metric.get("value")
        rows.append({"name": metric["name"], "value": "-" if value is None else report.format_value(value),
                     "target": metric.get("target") or "(reported)", "book": metric.get("book", ""),
                     "verdict": verdict,
                     "note": " (quick mode: not enforced)" if quick and verdict == "miss" else ""})
    return rows


def _exercise_summary(exercises):
    if not exercises:
        return ""
    passed = sum(bool(e.get("passed")) for e in exercises)
    return f"{len(exercises)} checked, {passed} reference solutions pass"


def save_entry(out_dir, entry):
    """Save one chapter's results entry as ``out_dir/entries/NN_name.json``.

    The notebook tests call it after ``runner.execute(chapter, quick=True, out_dir=...)``, so the
    quick-mode book can be built from their runs instead of executing every notebook again.

    Parameters
    ----------
    out_dir : path-like
    entry : dict
        What ``runner.execute`` returned.

    Returns
    -------
    pathlib.Path
    """
    path = Path(out_dir) / "entries" / f"{_page(entry)['stem']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")
    return path


def read_entries(out_dir):
    """The entries saved by :func:`save_entry`, in chapter order (a list of dicts)."""
    folder = Path(out_dir) / "entries"
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    return sorted(entries, key=lambda entry: int(entry["chapter"]))


def entries_document(out_dir, mode="quick"):
    """A results document (the schema of results.json) from the entries saved in ``out_dir``.

    Parameters
    ----------
    out_dir : path-like
    mode : {"quick", "full"}

    Returns
    -------
    dict
    """
    if mode not in ("quick", "full"):
        raise ValueError(f"mode must be 'quick' or 'full', got {mode!r}")
    from importlib import metadata

    entries = read_entries(out_dir)
    return {"mode": mode, "backend": os.environ.get("KERAS_BACKEND", "tensorflow"),
            "python": platform.python_version(), "keras": metadata.version("keras"),
            "total_seconds": round(sum(e.get("seconds", 0.0) for e in entries), 1),
            "chapters": entries}
