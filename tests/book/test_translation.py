"""The Chinese edition: catalogs kept in step with the notebooks, and Chinese notebooks built from them.

``test_every_markdown_cell_has_a_current_translation`` is the "never stale" check: it fails when a
markdown cell of a chapter has no translation, or its English changed since it was translated.
The other tests drive refresh, status and build on tiny notebooks and catalogs in tmp folders.
"""

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import polib
import pytest

from lstm_book.book import chapters, cli, i18n, runner

INTRO = "# Chapter 99: Fake\n\nAn intro paragraph."
BODY = "Some prose about `fit()`."
EXERCISE = "### Exercise 99.1\nWrite a function."


def write_notebook(tmp_path, cells, stem="99_fake"):
    """A notebook of (cell type, id, source) triples, saved as ``tmp_path/chapters/<stem>.ipynb``."""
    notebook = nbformat.v4.new_notebook()
    makers = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    notebook.cells = [makers[kind](source, id=cell_id) for kind, cell_id, source in cells]
    path = tmp_path / "chapters" / f"{stem}.ipynb"
    path.parent.mkdir(exist_ok=True)
    nbformat.write(notebook, path)
    return path


def fake_chapter(path, number=99):
    return SimpleNamespace(number=number, stem=path.stem, title="Fake", notebook=f"chapters/{path.name}",
                           path=path, metrics=())


CELLS = [("markdown", "c0", INTRO), ("code", "c1", "x = 1"), ("markdown", "c2", BODY),
         ("markdown", "c3", EXERCISE), ("code", "c4", "answer = None")]


def translate_all(po_path, translations):
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
    catalog.save()


ZH = {"c0": "# 第 99 章：假的\n\n引言。", "c2": "关于 `fit()` 的一段话。",
      "c3": "### Exercise 99.1\n写一个函数。"}


@pytest.fixture
def book(tmp_path):
    notebook = write_notebook(tmp_path, CELLS)
    po_path = tmp_path / "locales" / "zh_CN" / "99_fake.po"
    return SimpleNamespace(tmp=tmp_path, notebook=notebook, po=po_path)


def test_refresh_creates_one_entry_per_markdown_cell_in_order(book):
    summary = i18n.refresh_catalog(book.notebook, book.po)
    assert summary.written and summary.added == ["c0", "c2", "c3"]
    catalog = polib.pofile(str(book.po))
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in catalog] == [
        ("c0", INTRO, ""), ("c2", BODY, ""), ("c3", EXERCISE, "")]
    assert [e.occurrences for e in catalog] == [[("chapters/99_fake.ipynb", "0")],
                                               [("chapters/99_fake.ipynb", "2")],
                                               [("chapters/99_fake.ipynb", "3")]]
    assert catalog.metadata["Project-Id-Version"] == "lstm-book"
    assert catalog.metadata["Language"] == "zh_CN"


def test_refresh_twice_changes_nothing(book):
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, ZH)
    before = book.po.read_bytes()
    summary = i18n.refresh_catalog(book.notebook, book.po)
    assert not summary.written and not (summary.added or summary.changed or summary.obsolete)
    assert book.po.read_bytes() == before


def test_refresh_marks_a_changed_translated_cell_fuzzy_and_keeps_the_rest(book):
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, {"c0": ZH["c0"], "c2": ZH["c2"]})  # c3 left untranslated
    changed = [("markdown", "c0", INTRO), ("code", "c1", "x = 1"),
               ("markdown", "c2", BODY + " Now longer."), ("markdown", "c3", EXERCISE + " Twice.")]
    write_notebook(book.tmp, changed)
    summary = i18n.refresh_catalog(book.notebook, book.po)
    assert summary.changed == ["c2"]
    entries = {e.msgctxt: e for e in polib.pofile(str(book.po))}
    assert "fuzzy" in entries["c2"].flags and entries["c2"].previous_msgid == BODY
    assert entries["c2"].msgid == BODY + " Now longer." and entries["c2"].msgstr == ZH["c2"]
    assert entries["c0"].flags == [] and entries["c0"].msgstr == ZH["c0"]  # untouched
    assert entries["c3"].flags == [] and entries["c3"].msgid == EXERCISE + " Twice."


def test_a_second_change_keeps_the_english_the_translation_was_made_from(book):
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, ZH)
    for suffix in (" One.", " Two."):
        write_notebook(book.tmp, [("markdown", "c2", BODY + suffix)])
        i18n.refresh_catalog(book.notebook, book.po)
    entry = polib.pofile(str(book.po)).find("c2", by="msgctxt")
    assert entry.previous_msgid == BODY and entry.msgid == BODY + " Two."


def test_reverting_the_english_clears_the_fuzzy_mark(book):
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, ZH)
    write_notebook(book.tmp, [("markdown", "c2", BODY + " Edited.")])
    i18n.refresh_catalog(book.notebook, book.po)
    write_notebook(book.tmp, [("markdown", "c2", BODY)])
    i18n.refresh_catalog(book.notebook, book.po)
    entry = polib.pofile(str(book.po)).find("c2", by="msgctxt")
    assert entry.flags == [] and entry.previous_msgid is None and entry.msgstr == ZH["c2"]


def test_removed_cells_become_obsolete_or_are_dropped_and_come_back(book):
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, {"c0": ZH["c0"]})
    write_notebook(book.tmp, [("markdown", "c2", BODY)])
    summary = i18n.refresh_catalog(book.notebook, book.po)
    assert summary.obsolete == ["c0"] and summary.dropped == ["c3"]
    catalog = polib.pofile(str(book.po))
    assert [e.msgctxt for e in catalog if not e.obsolete] == ["c2"]
    assert [e.msgctxt for e in catalog.obsolete_entries()] == ["c0"]
    assert "#~ msgctxt \"c0\"" in book.po.read_text(encoding="utf-8")
    assert not i18n.refresh_catalog(book.notebook, book.po).written  # stable with obsolete entries
    write_notebook(book.tmp, CELLS)
    i18n.refresh_catalog(book.notebook, book.po)
    entry = polib.pofile(str(book.po)).find("c0", by="msgctxt")
    assert not entry.obsolete and entry.msgstr == ZH["c0"]


def test_refresh_refuses_a_notebook_without_cell_ids(tmp_path):
    path = tmp_path / "no_ids.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": "hi", "metadata": {}}],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    with pytest.raises(ValueError, match="has no id"):
        i18n.refresh_catalog(path, tmp_path / "x.po")
    assert not (tmp_path / "x.po").exists()


def test_status_names_each_state(book):
    assert i18n.catalog_status(book.notebook, book.po).ids("untranslated") == ["c0", "c2", "c3"]
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, {**ZH, "c3": "### 练习 99.1\n写一个函数。"})  # the heading got translated
    status = i18n.catalog_status(book.notebook, book.po)
    assert status.cells == {"c0": "translated", "c2": "translated", "c3": "heading"}
    translate_all(book.po, ZH)
    assert not i18n.catalog_status(book.notebook, book.po).needs_work
    question = "### Question 99.q1\nWhy?"
    assert i18n.cell_state(polib.POEntry(msgid=question, msgstr="### 问题 99.q1\n为什么？"),
                           question) == "heading"
    # English edited but the catalog not refreshed: stale; refreshed: fuzzy.
    write_notebook(book.tmp, [("markdown", "c0", INTRO), ("markdown", "c2", BODY + " More."),
                              ("markdown", "c3", EXERCISE)])
    assert i18n.catalog_status(book.notebook, book.po).cells["c2"] == "stale"
    i18n.refresh_catalog(book.notebook, book.po)
    status = i18n.catalog_status(book.notebook, book.po)
    assert status.cells["c2"] == "fuzzy" and status.needs_work
    assert "fuzzy: c2" in i18n.format_status([status])


def test_translate_notebook_replaces_markdown_and_marks_what_is_left_in_english(book):
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, {"c0": ZH["c0"], "c3": ZH["c3"]})
    english = nbformat.read(book.notebook, as_version=4)
    translated, fallbacks = i18n.translate_notebook(english, i18n.load_catalog(book.po))
    assert fallbacks == [("c2", "untranslated")]
    sources = [cell.source for cell in translated.cells]
    assert sources[0] == ZH["c0"] and sources[3] == ZH["c3"]
    assert sources[1] == "x = 1" and sources[4] == "answer = None"  # code unchanged
    assert sources[2].startswith("> **[English]** " + i18n.MARKERS["untranslated"]) and BODY in sources[2]
    assert [cell.id for cell in translated.cells] == ["c0", "c1", "c2", "c3", "c4"]
    assert english.cells[0].source == INTRO  # the English notebook is not modified


def test_a_fuzzy_heading_cell_keeps_its_heading_first():
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgctxt="c0", msgid="# Old title\n\nOld.", msgstr="# 标题", flags=["fuzzy"]))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(INTRO, id="c0")])
    translated, fallbacks = i18n.translate_notebook(notebook, catalog)
    assert fallbacks == [("c0", "fuzzy")]
    first, _, rest = translated.cells[0].source.partition("\n")
    assert first == "# Chapter 99: Fake" and i18n.MARKERS["fuzzy"] in rest and "An intro paragraph." in rest


def test_translated_title_falls_back_when_the_heading_is_english():
    cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("# 第 3 章：准备数据\n\n正文")]
    assert i18n.translated_title(nbformat.v4.new_notebook(cells=cells), "Prepare") == "准备数据"
    english = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(INTRO)])
    assert i18n.translated_title(english, "Fake") == "Fake"


def test_cli_refresh_status_and_build(book, monkeypatch, capsys):
    chapter = fake_chapter(book.notebook)
    monkeypatch.setattr(chapters, "available", lambda: [chapter])
    locales = ["--locales", str(book.tmp / "locales")]
    assert cli.main(["translations", "refresh", *locales]) == 0
    assert "3 added" in capsys.readouterr().out
    assert cli.main(["translations", "status", *locales]) == 1
    assert "untranslated: c0, c2, c3" in capsys.readouterr().out
    translate_all(book.po, ZH)
    assert cli.main(["translations", "status", *locales]) == 0
    out = book.tmp / "zh"
    assert cli.main(["translations", "build", *locales, "--out", str(out)]) == 0
    built = nbformat.read(out / "99_fake.ipynb", as_version=4)
    assert built.cells[2].source == ZH["c2"] and built.metadata["lstm_book"]["language"] == "zh"


def test_language_is_checked_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="language must be one of en, zh"):
        runner.run([1], quick=True, out_dir=tmp_path / "out", language="fr")
    assert not (tmp_path / "out").exists()


def test_chinese_runs_default_to_their_own_folders():
    english = {runner.default_out_dir(quick, "en") for quick in (False, True)}
    chinese = [runner.default_out_dir(quick, "zh") for quick in (False, True)]
    assert chinese[0] == runner.BUILD / "zh" and chinese[1] != chinese[0]
    assert not english & set(chinese)


def test_runner_executes_the_chinese_notebook_and_reports_english_cells(book, monkeypatch, capsys):
    write_notebook(book.tmp, [("markdown", "c0", INTRO), ("code", "c1", "x = 1"),
                              ("markdown", "c2", BODY)])
    i18n.refresh_catalog(book.notebook, book.po)
    translate_all(book.po, {"c0": ZH["c0"]})
    monkeypatch.setattr(i18n, "LOCALES", book.tmp / "locales")
    monkeypatch.setattr(chapters, "get", lambda number: fake_chapter(book.notebook))
    document = runner.run([99], quick=True, out_dir=book.tmp / "build", language="zh")
    assert document["language"] == "zh" and document["chapters"][0]["status"] == "ok"
    assert document["chapters"][0]["untranslated_cells"] == ["c2"]
    assert document["chapters"][0]["title"] == "假的"  # the Chinese title, from the first heading
    saved = json.loads((book.tmp / "build" / "results.json").read_text(encoding="utf-8"))
    assert saved["language"] == "zh"
    executed = nbformat.read(book.tmp / "build" / "notebooks" / "99_fake.ipynb", as_version=4)
    assert executed.cells[0].source == ZH["c0"] and executed.cells[1].execution_count == 1
    assert "1 markdown cell(s) shown in English" in capsys.readouterr().out


def test_glossary_covers_the_terms_the_translators_need():
    glossary = (i18n.LOCALES / "zh_CN" / "glossary.md").read_text(encoding="utf-8")
    pairs = {"padding": "填充", "masking": "掩码", "one-hot": "独热编码", "stateful": "有状态",
             "encoder-decoder": "编码器-解码器", "teacher forcing": "教师强制", "early stopping": "早停",
             "overfitting": "过拟合", "walk-forward validation": "前向验证",
             "persistence forecast": "持续性预测"}
    rows = [line for line in glossary.splitlines() if line.startswith("| ")]
    for english, chinese in pairs.items():
        assert any(english in row and chinese in row for row in rows), english


@pytest.mark.parametrize("chapter", chapters.available(), ids=lambda c: c.stem)
def test_every_markdown_cell_has_a_current_translation(chapter):
    status = i18n.catalog_status(chapter.path, i18n.catalog_path(chapter.stem))
    assert not status.needs_work, (
        f"{chapter.stem}: the Chinese translation needs work (run 'python -m lstm_book translations "
        f"refresh' after editing English cells, then translate):\n" + i18n.format_status([status]))


def test_the_chinese_book_goes_inside_the_english_one_and_the_twins_link_both_ways(tmp_path, monkeypatch):
    from lstm_book.book import htmlbook

    calls = []

    def fake_build_site(run_dir, document, html_dir, language="en", twin_url=None):
        calls.append((Path(html_dir), language, twin_url))
        Path(html_dir).mkdir(parents=True, exist_ok=True)
        twin = {"en": "zh", "zh": "en"}[language]
        link = f'<a hreflang="{twin}" href="{twin_url}">' if twin_url else ""
        (Path(html_dir) / "index.html").write_text(f"<html>{link}</html>", encoding="utf-8")
        return Path(html_dir) / "index.html"

    monkeypatch.setattr(htmlbook, "build_site", fake_build_site)
    english, chinese = tmp_path / "build", tmp_path / "build" / "zh"
    for run_dir in (english, chinese):
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / "results.json").write_text("{}", encoding="utf-8")
    assert runner.html_dir_for(chinese, "zh") == english / "html" / "zh"
    assert runner.html_dir_for(tmp_path / "elsewhere", "zh") == tmp_path / "elsewhere" / "html"
    runner.build_html(english, {}, "en")  # no Chinese book yet: no twin link
    assert calls == [(english / "html", "en", None)]
    runner.build_html(chinese, {}, "zh")  # links to the English book, which is rebuilt to link back
    assert calls[1:] == [(english / "html" / "zh", "zh", "../"), (english / "html", "en", "zh/")]
    runner.build_html(chinese, {}, "zh")  # both link already: nothing else is rebuilt
    assert calls[3:] == [(english / "html" / "zh", "zh", "../")]
