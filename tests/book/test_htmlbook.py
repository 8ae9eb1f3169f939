"""The HTML book: a Sphinx site of the executed notebooks, a results page, offline assets."""

import io
import json
import re
from types import SimpleNamespace

import nbformat
import pytest
from bs4 import BeautifulSoup
from quickbook import entries_document, save_entry

from lstm_book.book import chapters, htmlbook, runner

# A 2 x 1 PNG (one red and one blue pixel), as matplotlib's inline backend would embed a plot.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg=="
PROSE = ("Some prose about the forget gate $f_t = \\sigma(x_t W_f + b_f)$, and the cell state:\n\n"
         "$$\nc_t = f_t \\odot c_{t-1} + i_t \\odot g_t\n$$\n")
ZH_PROSE = "遗忘门决定细胞状态保留多少：$f_t = \\sigma(x_t W_f + b_f)$。"
TITLES = {6: "Vanilla LSTM", 7: "Stacked LSTM", 9: "Encoder-decoder LSTM"}
MISSED = [{"name": "mae", "value": 0.5, "target": "<= 0.02", "book": "~0.026", "passed": False},
          {"name": "per_char", "value": 0.9, "target": None, "book": "n/a", "passed": True}]


def executed_notebook(title, image=PNG, error=False, prose=PROSE):
    """A notebook as the runner saves it: a title, prose with math, a printed line, a plot."""
    new = nbformat.v4
    notebook = new.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    plot = new.new_output("display_data", data={"image/png": image, "text/plain": "<Figure>"})
    printed = new.new_output("stream", name="stdout", text="accuracy 0.995\n")
    notebook.cells = [new.new_markdown_cell(f"# {title}\n\n{prose}"),
                      new.new_code_cell("print('accuracy 0.995')\nplot()", execution_count=1,
                                        outputs=[printed, plot])]
    if error:
        notebook.cells.append(new.new_code_cell("1 / 0", execution_count=2, outputs=[
            new.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                           traceback=["ZeroDivisionError: division by zero"])]))
    return notebook


def entry(number, stem, title, status="ok", metrics=None, seconds=1.5, **extra):
    metrics = [{"name": "accuracy", "value": 0.995, "target": ">= 0.99", "book": "~0.99",
                "passed": True}] if metrics is None else metrics
    return {"chapter": number, "title": title, "notebook": f"chapters/{stem}.ipynb",
            "status": status, "seconds": seconds, "metrics": metrics,
            "exercises": [{"id": f"{number:02d}.1", "passed": True}], **extra}


def fake_run(run_dir, mode="quick", broken_image=False, error_in=None, titles=None, prose=PROSE):
    """Save executed notebooks as the runner does; return the run's results document."""
    entries = []
    for number, title in (titles or TITLES).items():
        stem = f"{number:02d}_fake"
        image = "bm90IGEgcGljdHVyZQ==" if broken_image and number == 7 else PNG
        notebook = executed_notebook(title, image=image, error=error_in == number, prose=prose)
        (run_dir / "notebooks").mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, run_dir / "notebooks" / f"{stem}.ipynb")
        entries.append(entry(number, stem, title))
    return {"mode": mode, "backend": "tensorflow", "python": "3.11", "keras": "3.15.1",
            "total_seconds": 4.5, "chapters": entries}


def make_fake_book(run_dir, **options):
    """Build a three-chapter book under run_dir/html; return (index path, results document)."""
    document = fake_run(run_dir, **options)
    return htmlbook.build_site(run_dir, document, run_dir / "html"), document


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cells(table_row):
    return [td.get_text(" ", strip=True) for td in table_row.find_all("td")]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("book")
    document = fake_run(run_dir)
    document["chapters"][1]["metrics"] = MISSED
    warnings = io.StringIO()
    index = htmlbook.build_site(run_dir, document, run_dir / "html", warnings=warnings)
    return SimpleNamespace(run_dir=run_dir, html=run_dir / "html", index=index,
                           document=document, warnings=warnings.getvalue())


def test_sphinx_builds_the_book_without_a_warning(book):
    assert book.warnings == ""
    assert book.index == book.html / "index.html"


def test_pages_are_named_after_the_notebooks(book):
    names = {path.name for path in book.html.glob("*.html")}
    assert {"index.html", "06_fake.html", "07_fake.html", "09_fake.html", "results.html",
            "search.html"} <= names
    assert soup(book.html / "07_fake.html").title.get_text().startswith("Stacked LSTM")


def test_the_sidebar_lists_the_chapters_then_the_results(book):
    sidebar = soup(book.index).select("nav.bd-docs-nav a.reference")
    assert [a["href"] for a in sidebar] == ["06_fake.html", "07_fake.html", "09_fake.html",
                                            "results.html"]
    assert [a.get_text(strip=True) for a in sidebar][:3] == list(TITLES.values())


def test_previous_and_next_lead_through_the_book(book):
    def neighbours(page):
        found = soup(book.html / page)
        return [(a["href"] if a else None)
                for a in (found.select_one("a.left-prev"), found.select_one("a.right-next"))]

    assert neighbours("index.html") == [None, "06_fake.html"]
    assert neighbours("06_fake.html") == ["index.html", "07_fake.html"]
    assert neighbours("09_fake.html") == ["07_fake.html", "results.html"]


def test_each_chapter_has_a_download_link_to_its_executed_notebook(book):
    link = soup(book.html / "06_fake.html").select_one("a.btn-download-source-button")
    assert link["href"] == "_sources/06_fake.ipynb"
    downloaded = nbformat.read(book.html / link["href"], as_version=4)
    assert downloaded.cells[1].outputs[0].text == "accuracy 0.995\n"


def test_outputs_and_plots_come_from_the_executed_notebook(book):
    page = soup(book.html / "06_fake.html")
    assert "accuracy 0.995" in page.select_one("div.cell_output").get_text()
    images = [img["src"] for img in page.select("div.cell_output img")]
    assert len(images) == 1 and images[0].startswith("_images/")
    assert (book.html / images[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_asset_is_local_and_mathjax_ships_with_the_book(book):
    remote = re.compile(r"^(https?:)?//")
    for page in book.html.glob("*.html"):
        tags = soup(page).select("script[src], link[href], img[src], iframe[src], source[src]")
        assert not [t for t in tags if remote.match(t.get("src") or t["href"])], page.name
    scripts = [s["src"] for s in soup(book.html / "06_fake.html").find_all("script", src=True)]
    mathjax = [src for src in scripts if "mathjax" in src]
    assert mathjax == ["_static/mathjax/tex-chtml.js"]
    assert (book.html / mathjax[0]).stat().st_size > 100_000
    assert list((book.html / "_static/mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))


def test_search_is_configured_for_pages_opened_from_disk(book):
    options = (book.html / "_static" / "documentation_options.js").read_text()
    assert "SHOW_SEARCH_SUMMARY: false" in options
    assert "forget" in (book.html / "searchindex.js").read_text()


def test_the_index_lists_every_chapter_with_its_status(book):
    rows = soup(book.index).select("table tbody tr")
    assert [cells(row) for row in rows] == [
        [f"Chapter {n}: {title}", "ok", "1 checked, 1 pass"] for n, title in TITLES.items()]
    assert [row.find("a")["href"] for row in rows] == ["06_fake.html", "07_fake.html",
                                                       "09_fake.html"]
    assert "quick mode" in soup(book.index).select_one("article").get_text()


def test_the_results_page_shows_status_metrics_targets_the_books_figures_and_seconds(book):
    page = soup(book.html / "results.html")
    tables = page.select("article table")
    assert [th.get_text(strip=True) for th in tables[0].select("th")] == [
        "Chapter", "Status", "Targets met", "Exercises", "Seconds"]
    assert cells(tables[0].select("tbody tr")[0]) == [
        "Chapter 6: Vanilla LSTM", "ok", "1 of 1", "1 checked, 1 pass", "1.5"]
    assert [th.get_text(strip=True) for th in tables[1].select("th")] == [
        "Metric", "Value", "Target", "Book", "Verdict"]
    assert cells(tables[1].select("tbody tr")[0]) == ["accuracy", "0.995", ">= 0.99", "~0.99",
                                                      "pass"]
    sections = [h2.get_text(strip=True).rstrip("#") for h2 in page.select("article h2")]
    assert sections == [f"Chapter {n}: {title}" for n, title in TITLES.items()]
    assert "Exercises: 06.1 pass" in page.get_text(" ", strip=True)


def test_quick_mode_marks_a_missed_target_as_not_enforced(book):
    page = soup(book.html / "results.html")
    assert cells(page.select("article table")[0].select("tbody tr")[1])[2] == "0 of 1"
    rows = [cells(row) for row in page.select("article table")[2].select("tbody tr")]
    assert rows == [["mae", "0.5", "<= 0.02", "~0.026", "miss (not enforced in quick mode)"],
                    ["per_char", "0.9", "(reported)", "n/a", "reported"]]
    assert page.select_one("article table .book-miss").get_text() == "miss"


def test_full_mode_marks_a_missed_target_as_missed():
    document = {"mode": "full", "chapters": [entry(7, "07_fake", "Stacked", metrics=MISSED)]}
    rows = [line for line in htmlbook.results_markdown(document).splitlines()
            if line.startswith("| mae")]
    assert rows == [r"| mae | 0\.5 | \<\= 0\.02 | \~0\.026 | [miss]{.book-miss} |"]


ODD_TITLE = "<b>Bold</b> & co | *not emphasis* $x$ {.red}"


@pytest.fixture(scope="module")
def odd_book(tmp_path_factory):
    """A book whose first chapter failed with a coloured error, the second with a title full of
    characters that mean something in HTML and Markdown."""
    run_dir = tmp_path_factory.mktemp("odd")
    document = fake_run(run_dir, titles={6: "Vanilla", 7: "Plain"})
    document["chapters"][0].update(status="failed", metrics=[],
                                   error="\x1b[31mValueError\x1b[39m: broken `cell` <script>")
    document["chapters"][1]["title"] = ODD_TITLE
    htmlbook.build_site(run_dir, document, run_dir / "html")
    return run_dir / "html"


def test_a_failed_chapter_shows_its_status_and_error(odd_book):
    index = soup(odd_book / "index.html")
    assert index.select_one("tbody .book-failed").get_text() == "failed"
    results = soup(odd_book / "results.html")
    assert "Error: ValueError: broken `cell` <script>" in results.get_text(" ", strip=True)
    assert cells(results.select_one("tbody tr"))[2:4] == ["none", "1 checked, 1 pass"]


def test_titles_and_errors_are_shown_as_written_never_as_markup(odd_book):
    for page in ("index.html", "results.html"):
        found = soup(odd_book / page)
        assert ODD_TITLE in found.select_one("article table").get_text(), page
        markup = "td b, td em, td script, td .math, h2 b, h2 em, h2 .math, p script"
        assert not found.select_one("article").select(markup), page


def test_a_rebuild_replaces_the_old_book_but_keeps_the_twin_edition_inside(tmp_path):
    _, document = make_fake_book(tmp_path)
    (tmp_path / "html" / "stale.html").write_text("old page")
    zh_dir = tmp_path / "html" / "zh"
    htmlbook.build_site(tmp_path, document, zh_dir, language="zh", twin_url="../")
    document["chapters"] = document["chapters"][:1]
    htmlbook.build_site(tmp_path, document, tmp_path / "html", twin_url="zh/")
    assert not (tmp_path / "html" / "stale.html").exists()
    assert not (tmp_path / "html" / "07_fake.html").exists()
    assert (zh_dir / "07_fake.html").exists() and (zh_dir / "index.html").exists()
    assert not list(tmp_path.glob(".sphinx-*")), "the scratch folder is removed"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """An English book in html/ and its Chinese twin in html/zh/, linked to each other."""
    english, chinese = tmp_path_factory.mktemp("en"), tmp_path_factory.mktemp("zh")
    titles = {6: "Vanilla LSTM"}
    html = english / "html"
    htmlbook.build_site(english, fake_run(english, titles=titles), html, twin_url="zh/")
    zh_document = fake_run(chinese, titles={6: "基本 LSTM"}, prose=ZH_PROSE)
    htmlbook.build_site(chinese, zh_document, html / "zh", language="zh", twin_url="../")
    return html


def test_the_chinese_edition_has_chinese_page_language_search_and_words(editions):
    page = soup(editions / "zh" / "06_fake.html")
    assert page.html["lang"].startswith("zh")
    options = (editions / "zh" / "_static" / "documentation_options.js").read_text()
    assert "LANGUAGE: 'zh" in options
    index = (editions / "zh" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    assert "遗忘" in terms, "jieba splits the Chinese prose into searchable words"
    table = soup(editions / "zh" / "index.html").select_one("article table")
    assert table.select_one("th").get_text() == "章"
    assert cells(table.select_one("tbody tr"))[0] == "第 6 章：基本 LSTM"
    assert soup(editions / "06_fake.html").html["lang"] == "en"


def test_each_page_links_to_its_twin_in_the_other_language(editions):
    english = soup(editions / "06_fake.html").select_one("a.book-twin")
    assert (english["href"], english.get_text(strip=True), english["hreflang"]) == (
        "zh/06_fake.html", "中文", "zh")
    chinese = soup(editions / "zh" / "results.html").select_one("a.book-twin")
    assert (chinese["href"], chinese.get_text(strip=True)) == ("../results.html", "English")
    assert (editions / english["href"]).exists()


def test_a_chinese_build_leaves_the_next_english_build_in_english(editions, tmp_path):
    index, _ = make_fake_book(tmp_path)
    page = soup(index.parent / "06_fake.html")
    assert page.select_one(".search-button__default-text").get_text(strip=True) == "Search"
    assert page.select_one("a.right-next .prev-next-subtitle").get_text(strip=True) == "next"


def test_without_a_twin_there_is_no_language_link(book):
    assert soup(book.html / "06_fake.html").select_one("a.book-twin") is None


def test_build_site_with_a_missing_executed_notebook_is_a_clear_error(tmp_path):
    document = {"mode": "quick", "chapters": [entry(6, "06_gone", "Gone")]}
    with pytest.raises(ValueError, match=r"no executed notebook .*06_gone.ipynb for chapter 6"):
        htmlbook.build_site(tmp_path, document, tmp_path / "html")
    assert not (tmp_path / "html").exists(), "nothing is written before the checks pass"


@pytest.mark.parametrize("document, message", [
    ({"chapters": []}, r"document must be a results document .*got \['chapters'\]"),
    ([], r"document must be a results document .*got list"),
    ({"mode": "quick", "chapters": [{"chapter": 6}]}, r"missing \['notebook'\]"),
])
def test_something_other_than_a_results_document_is_a_clear_error(tmp_path, document, message):
    with pytest.raises(ValueError, match=message):
        htmlbook.build_site(tmp_path, document, tmp_path / "html")


@pytest.mark.parametrize("options, message", [
    ({"language": "fr"}, r"language must be one of \['en', 'zh'\], got 'fr'"),
    ({"twin_url": "https://example.org/zh/"}, r"twin_url must be a relative folder URL"),
    ({"twin_url": "zh"}, r"twin_url must be .* ending in '/'"),
])
def test_bad_options_are_clear_errors(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        htmlbook.build_site(tmp_path, {"mode": "quick", "chapters": []}, tmp_path / "h", **options)


def test_a_folder_holding_something_else_is_never_emptied(tmp_path):
    document = fake_run(tmp_path, titles={6: "Vanilla"})
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match=r"holds files but no book"):
        htmlbook.build_site(tmp_path, document, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_saved_entries_make_a_results_document_in_chapter_order(tmp_path):
    for number in (10, 6, 9):
        save_entry(tmp_path, entry(number, f"{number:02d}_fake", "T", seconds=number))
    document = entries_document(tmp_path, mode="quick")
    assert [e["chapter"] for e in document["chapters"]] == [6, 9, 10]
    assert document["total_seconds"] == 25 and document["mode"] == "quick"
    assert {"backend", "python", "keras"} <= set(document)
    with pytest.raises(ValueError, match=r"mode must be 'quick' or 'full', got 'fast'"):
        entries_document(tmp_path, mode="fast")


def test_run_ends_by_building_the_book(tmp_path, monkeypatch, capsys):
    path = tmp_path / "06_fake.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Fake chapter"), nbformat.v4.new_code_cell(
        "from lstm_book.book import report\nreport.record(6, 'accuracy', 0.995)")]
    nbformat.write(notebook, path)
    chapter = SimpleNamespace(number=6, stem="06_fake", title="Fake", notebook=str(path), path=path,
                              metrics=chapters.get(6).metrics)
    monkeypatch.setattr(chapters, "get", lambda number: chapter)
    runner.run([6], quick=True, out_dir=tmp_path / "build")
    html = tmp_path / "build" / "html"
    assert [a["href"] for a in soup(html / "index.html").select("tbody a")] == ["06_fake.html"]
    assert "accuracy" in soup(html / "results.html").select("article table")[1].get_text()
    assert "ch06 accuracy 0.995" in soup(html / "06_fake.html").select_one("article").get_text()
    assert re.search(r"HTML book: .*index.html \(built in \d+ s\)", capsys.readouterr().out)
    saved = json.loads((tmp_path / "build" / "results.json").read_text())
    assert saved["chapters"][0]["notebook"] == str(path)
