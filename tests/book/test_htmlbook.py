"""The HTML book: chapter pages rendered by nbconvert with navigation, an index with the results."""

import json
from types import SimpleNamespace

import nbformat
import pytest
from bs4 import BeautifulSoup

from lstm_book.book import chapters, htmlbook, runner

# A 2 x 1 PNG (one red and one blue pixel), as matplotlib's inline backend would embed a plot.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg=="


def executed_notebook(title, image=PNG, error=False):
    """A notebook as the runner saves it: a title, a printed line, a plot, maybe an error."""
    new = nbformat.v4
    notebook = new.new_notebook()
    plot = new.new_output("display_data", data={"image/png": image, "text/plain": "<Figure>"})
    printed = new.new_output("stream", name="stdout", text="accuracy 0.995\n")
    notebook.cells = [new.new_markdown_cell(f"# {title}\nSome prose."),
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


def make_fake_book(out_dir, mode="quick", broken_image=False, error_in=None, titles=None):
    """Build a three-chapter book under out_dir/html; return (index path, results document)."""
    titles = titles or {6: "Vanilla LSTM", 7: "Stacked LSTM", 9: "Encoder-decoder LSTM"}
    entries = []
    for number, title in titles.items():
        stem = f"{number:02d}_fake"
        image = "bm90IGEgcGljdHVyZQ==" if broken_image and number == 7 else PNG
        notebook = executed_notebook(title, image=image, error=error_in == number)
        (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, out_dir / "notebooks" / f"{stem}.ipynb")
        entries.append(entry(number, stem, title))
    document = {"mode": mode, "backend": "tensorflow", "python": "3.11", "keras": "3.15.1",
                "total_seconds": 4.5, "chapters": entries}
    return htmlbook.build_book(out_dir, document), document


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("book")
    index, document = make_fake_book(out_dir)
    return SimpleNamespace(out_dir=out_dir, index=index, document=document)


def test_the_index_lists_every_chapter_with_a_link(book):
    links = [(a["href"], a.get_text()) for a in soup(book.index).select("ol.chapters a")]
    assert links == [("06_fake.html", "Vanilla LSTM"), ("07_fake.html", "Stacked LSTM"),
                     ("09_fake.html", "Encoder-decoder LSTM")]


def test_the_results_table_shows_metric_value_target_book_status_and_seconds(book):
    rows = soup(book.index).select("table.results tbody tr")
    assert [row["data-chapter"] for row in rows] == ["6", "7", "9"]
    cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert cells == ["Chapter 6: Vanilla LSTM (ok)", "accuracy", "0.995", ">= 0.99", "~0.99", "pass",
                     "1.5"]
    header = [th.get_text() for th in soup(book.index).select("table.results th")]
    assert header == ["Chapter", "Metric", "Value", "Target", "Book", "Status", "Seconds"]


def test_every_chapter_page_exists_with_its_title(book):
    for chapter in book.document["chapters"]:
        page = book.out_dir / "html" / f"{chapter['notebook'][9:-6]}.html"
        assert soup(page).title.get_text() == f"Chapter {chapter['chapter']}: {chapter['title']}"


def test_navigation_links_previous_contents_and_next(book):
    def nav(stem):
        bars = soup(book.out_dir / "html" / f"{stem}.html").select("nav.book-nav")
        assert len(bars) == 2, "a navigation bar at the top and at the bottom"
        return [(a.get("rel", [""])[0], a["href"]) for a in bars[0].find_all("a")]

    assert nav("06_fake") == [("", "index.html"), ("next", "07_fake.html")]
    assert nav("07_fake") == [("prev", "06_fake.html"), ("", "index.html"), ("next", "09_fake.html")]
    assert nav("09_fake") == [("prev", "07_fake.html"), ("", "index.html")]


def test_plots_are_embedded_and_the_page_loads_nothing_it_does_not_need(book):
    page = soup(book.out_dir / "html" / "06_fake.html")
    assert [img["src"] for img in page.find_all("img")] == [f"data:image/png;base64,{PNG}"]
    scripts = [s["src"] for s in page.find_all("script") if s.get("src")]
    assert not any("require" in src for src in scripts), scripts


def test_quick_mode_marks_a_missed_target_as_not_enforced(tmp_path):
    missed = [{"name": "mae", "value": 0.5, "target": "<= 0.02", "book": "~0.026", "passed": False},
              {"name": "per_char", "value": 0.9, "target": None, "book": "n/a", "passed": True}]
    document = {"mode": "quick", "chapters": [entry(7, "07_fake", "Stacked", metrics=missed)]}
    cells = [td.get_text(strip=True) for td in
             BeautifulSoup(htmlbook.render_index(document), "html.parser").select("tbody td")]
    assert "miss (quick mode: not enforced)" in cells and "reported" in cells
    document["mode"] = "full"
    assert "miss" in [td.get_text(strip=True) for td in
                      BeautifulSoup(htmlbook.render_index(document), "html.parser").select("tbody td")]


def test_a_failed_chapter_shows_its_status_and_error(tmp_path):
    failed = entry(6, "06_fake", "Vanilla", status="failed", metrics=[],
                   error="\x1b[31mValueError\x1b[39m: broken cell")
    page = BeautifulSoup(htmlbook.render_index({"mode": "full", "chapters": [failed]}),
                         "html.parser")
    assert page.select_one("ol.chapters .failed").get_text() == "failed"
    assert page.select_one("td.error").get_text() == "ValueError: broken cell"
    assert page.select("tbody tr")[0]["data-chapter"] == "6"


def test_titles_are_escaped(tmp_path):
    index, _ = make_fake_book(tmp_path, titles={6: "<b>Bold</b> & co", 7: "Plain"})
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in index.read_text()
    assert "<b>Bold</b>" not in (tmp_path / "html" / "07_fake.html").read_text()


def test_build_book_reads_results_json_by_default(tmp_path):
    _, document = make_fake_book(tmp_path)
    (tmp_path / "html" / "index.html").unlink()
    (tmp_path / "results.json").write_text(json.dumps(document))
    assert htmlbook.build_book(tmp_path) == tmp_path / "html" / "index.html"
    assert "Encoder-decoder LSTM" in (tmp_path / "html" / "index.html").read_text()


def test_build_book_without_results_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"no .*results.json: run the chapters first"):
        htmlbook.build_book(tmp_path)


def test_build_book_with_a_missing_executed_notebook_is_a_clear_error(tmp_path):
    document = {"mode": "quick", "chapters": [entry(6, "06_gone", "Gone")]}
    with pytest.raises(ValueError, match=r"no executed notebook .*06_gone.ipynb for chapter 6"):
        htmlbook.build_book(tmp_path, document)


def test_render_index_of_something_else_is_a_clear_error():
    with pytest.raises(ValueError, match=r"document must be a results document .*missing \['mode'\]"):
        htmlbook.render_index({"chapters": []})


def test_render_chapter_needs_an_entry_like_results_json(tmp_path):
    with pytest.raises(ValueError, match=r"entry must have a 'notebook' key"):
        htmlbook.render_chapter(executed_notebook("x"), {"chapter": 6}, tmp_path)


def test_saved_entries_make_a_results_document_in_chapter_order(tmp_path):
    for number in (10, 6, 9):
        htmlbook.save_entry(tmp_path, entry(number, f"{number:02d}_fake", "T", seconds=number))
    document = htmlbook.entries_document(tmp_path, mode="quick")
    assert [e["chapter"] for e in document["chapters"]] == [6, 9, 10]
    assert document["total_seconds"] == 25 and document["mode"] == "quick"
    assert {"backend", "python", "keras"} <= set(document)
    with pytest.raises(ValueError, match=r"mode must be 'quick' or 'full', got 'fast'"):
        htmlbook.entries_document(tmp_path, mode="fast")


def test_run_ends_by_building_the_book(tmp_path, monkeypatch, capsys):
    path = tmp_path / "06_fake.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "from lstm_book.book import report\nreport.record(6, 'accuracy', 0.995)")]
    nbformat.write(notebook, path)
    chapter = SimpleNamespace(number=6, stem="06_fake", title="Fake", notebook=str(path), path=path,
                              metrics=chapters.get(6).metrics)
    monkeypatch.setattr(chapters, "get", lambda number: chapter)
    runner.run([6], quick=True, out_dir=tmp_path / "build")
    index = soup(tmp_path / "build" / "html" / "index.html")
    assert [a["href"] for a in index.select("ol.chapters a")] == ["06_fake.html"]
    assert "accuracy" in index.select_one("table.results").get_text()
    page = soup(tmp_path / "build" / "html" / "06_fake.html")
    assert "ch06 accuracy 0.995" in page.get_text()
    assert "HTML book:" in capsys.readouterr().out
