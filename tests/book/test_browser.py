"""The HTML book in a real browser: headless Chromium opens every page and checks what a reader sees.

Checks, page by page (the index, every page of the sidebar, the search page): the page loads with
no JavaScript error; the browser's network log shows no request that leaves the book's folder;
every image has loaded (``naturalWidth > 0``); every equation was typeset by MathJax (no raw TeX
left); no cell shows an error or stderr output; every chapter offers its notebook for download.
Then for the book: the results page lists every chapter, the index shows no failed chapter,
"next" leads from the index through every page and "previous" back, and a search finds the
chapter it should. Screenshots of every page and of the search go to build/screenshots/quick/
(the quick-mode book of ``make test``) and build/screenshots/full/ (the book of ``make book``,
which .ci/run opens with ``LSTM_BOOK_CHECK_FULL_BOOK=1``).

Chromium is Debian's (``make chromium`` installs it) and is driven by Selenium through Debian's
/usr/bin/chromedriver; Selenium never downloads a driver. ``make test`` runs these tests after the
notebook tests, which leave their quick-mode runs in build/quick/ for the book.
"""

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote_plus, unquote, urlparse

import pytest
from quickbook import QUICK_BOOK, entries_document, read_entries, save_entry
from test_htmlbook import make_fake_book

from lstm_book.book import chapters, htmlbook, runner

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--window-size=1280,1000"]
WINDOW = (1280, 1000)
BUILD = chapters.ROOT / "build"
SCREENSHOTS = BUILD / "screenshots"
FULL_BOOK_ENV = "LSTM_BOOK_CHECK_FULL_BOOK"
SCREENSHOT_MAX_HEIGHT = 12_000
SEARCH = ("forget gate", "01_what_are_lstms.html")  # a search and the page it must list
ERROR_OUTPUTS = "div.cell_output .output.traceback, div.cell_output .output.stderr"
# Wait until every image has been decoded (or has failed to), then report what each one holds.
IMAGES_JS = """
const done = arguments[arguments.length - 1];
const images = Array.from(document.images);
Promise.all(images.map(img => img.decode().catch(() => null))).then(() => done(images.map(
    img => ({src: img.src.slice(0, 80), complete: img.complete, width: img.naturalWidth}))));
"""
# Wait until MathJax has typeset the page (when the page loads it), then count raw equations:
# Sphinx marks each equation .math, and MathJax puts an mjx-container in each one it renders.
MATH_JS = """
const done = arguments[arguments.length - 1];
const count = () => done({
    equations: document.querySelectorAll('.math').length,
    raw: Array.from(document.querySelectorAll('.math')).filter(
        e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60)),
    rendered: document.querySelectorAll('mjx-container').length});
const startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
startup ? startup.then(count, count) : count();
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = (f"headless Chromium needs {CHROMIUM} and {CHROMEDRIVER}: run `make chromium` "
                   "(Debian's chromium and chromium-driver packages)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh profile for every session
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    # The console (JavaScript errors) and the network log (every request a page makes).
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


# --- what the browser checks --------------------------------------------------------------------

def book_problems(driver, index, chapter_numbers, screenshots, search=SEARCH):
    """Open a book's index, every page in its sidebar and a search; return what is wrong.

    Parameters
    ----------
    driver : selenium.webdriver.Chrome
        Started with the browser and performance logs on (see the ``browser`` fixture).
    index : pathlib.Path
        The book's index.html.
    chapter_numbers : list of int
        The chapters the results page must list.
    screenshots : pathlib.Path
        Where a PNG of every page (and of the search) is saved.
    search : (str, str)
        A search and the page (file name) its results must list.

    Returns
    -------
    list of str
        Empty when every check passes.
    """
    from selenium.webdriver.common.by import By

    book = index.parent
    problems = page_problems(driver, index.as_uri(), book, "index", screenshots)
    problems += [f"the index shows a failed chapter: {' '.join(row.text.split())}" for row in
                 driver.find_elements(By.XPATH, "//tbody/tr[.//*[contains(@class,'book-failed')]]")]
    pages = [a.get_attribute("href") for a in
             driver.find_elements(By.CSS_SELECTOR, "nav.bd-docs-nav a.reference")]
    for url in pages:
        problems += page_problems(driver, url, book, Path(urlparse(url).path).stem, screenshots)
        if url.endswith("/results.html"):
            problems += results_problems(driver, chapter_numbers)
    return (problems + navigation_problems(driver, index, pages)
            + search_problems(driver, book, *search, screenshots))


def page_problems(driver, url, book, name, screenshots):
    """Load one page; report a failed load, JavaScript errors, requests that leave the book,
    images that did not load, equations MathJax left raw, error outputs, a missing download."""
    from selenium.webdriver.common.by import By

    visit(driver, url)
    problems = [f"{name}: {problem}" for problem in browser_log_problems(driver, book)]
    if not driver.find_elements(By.CSS_SELECTOR, "article.bd-article"):
        return [*problems, f"{name}: the page did not load ({driver.title or 'no title'})"]
    for image in driver.execute_async_script(IMAGES_JS):
        if not image["complete"] or image["width"] == 0:
            problems.append(f"{name}: an image did not load ({image['src']}...)")
    math = driver.execute_async_script(MATH_JS)
    problems += [f"{name}: an equation is raw TeX: {tex}" for tex in math["raw"]]
    for output in driver.find_elements(By.CSS_SELECTOR, ERROR_OUTPUTS):
        problems.append(f"{name}: a cell shows an error: {output.text.strip()[:300]}")
    if Path(urlparse(url).path).name[:2].isdigit():  # a chapter page: NN_name.html
        problems += download_problems(driver, name)
    screenshot(driver, screenshots / f"{name}.png")
    return problems


def visit(driver, url):
    """Open a page with empty logs, so what they hold afterwards comes from this page."""
    driver.get_log("browser"), driver.get_log("performance")
    driver.get(url)


def browser_log_problems(driver, book):
    """JavaScript errors on the console, and requests for anything outside the book's folder.

    Only requests made by the book's pages count (the browser's own start page makes its own).
    """
    problems = [f"JavaScript error: {entry['message'][:300]}" for entry in driver.get_log("browser")
                if entry["level"] == "SEVERE"]
    inside = book.as_uri() + "/"
    for request in requests(driver):
        if request["document"].startswith(inside) and not (
                request["url"].startswith(inside) or request["url"].startswith("data:")):
            problems.append(f"loads {request['url'][:120]} from outside the book")
    return problems


def requests(driver):
    """The requests in the browser's network log since it was last read: url and document."""
    sent = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            sent.append({"url": params["request"]["url"], "document": params.get("documentURL", "")})
    return sent


def download_problems(driver, name):
    """A chapter page must offer its notebook, and the file must be in the book."""
    from selenium.webdriver.common.by import By

    links = [a.get_attribute("href") for a in
             driver.find_elements(By.CSS_SELECTOR, "a.btn-download-source-button")]
    notebooks = [link for link in links if link.endswith(f"/_sources/{name}.ipynb")]
    if not notebooks:
        return [f"{name}: no download link for its notebook (links: {links})"]
    if not Path(unquote(urlparse(notebooks[0]).path)).is_file():
        return [f"{name}: the download link leads nowhere: {notebooks[0]}"]
    return []


def results_problems(driver, chapter_numbers):
    """The results page's summary table must list every chapter ("Chapter N: title")."""
    from selenium.webdriver.common.by import By

    tables = driver.find_elements(By.CSS_SELECTOR, "article table")
    first_cells = [] if not tables else [
        cell.text for cell in tables[0].find_elements(By.CSS_SELECTOR, "tbody tr td:first-child")]
    listed = {int(re.search(r"\d+", text).group()) for text in first_cells
              if re.search(r"\d+", text)}
    return [f"the results page does not list chapter {n}" for n in chapter_numbers
            if n not in listed]


def navigation_problems(driver, index, pages):
    """Follow "next" from the index through every page of the sidebar, then "previous" once."""
    if not pages:
        return ["the sidebar lists no page"]
    visited = []
    driver.get(index.as_uri())
    while len(visited) <= len(pages) and _click(driver, "a.right-next"):
        visited.append(driver.current_url)
    if visited != pages:
        return [f"'next' links lead through {visited}, not {pages}"]
    if len(pages) > 1 and not (_click(driver, "a.left-prev") and driver.current_url == pages[-2]):
        return [f"'previous' on the last page does not lead to {pages[-2]}"]
    return []


def search_problems(driver, book, words, page, screenshots):
    """Search the book (its search page, opened from disk) and check that ``page`` is listed."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    visit(driver, f"{(book / 'search.html').as_uri()}?q={quote_plus(words)}")
    problems = [f"search: {problem}" for problem in browser_log_problems(driver, book)]
    try:  # Sphinx fills the summary when the search is over, whatever it found
        WebDriverWait(driver, 20).until(lambda d: d.find_element(
            By.CSS_SELECTOR, "#search-results p.search-summary").text.strip())
    except Exception:  # a timeout or no results box at all: the search never ran
        return [*problems, f"the search for {words!r} never finished"]
    screenshot(driver, screenshots / "search.png")
    found = [Path(urlparse(a.get_attribute("href")).path).name
             for a in driver.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a")]
    if page not in found:
        problems.append(f"the search for {words!r} does not list {page} (it lists {found})")
    return problems


def _click(driver, selector):
    """Click the first element matching a CSS selector; False when there is none."""
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, selector)
    if found:
        driver.execute_script("arguments[0].click();", found[0])  # even under a sticky header
    return bool(found)


def screenshot(driver, path):
    """Save a PNG of the whole page (up to SCREENSHOT_MAX_HEIGHT pixels tall).

    The window is made as tall as the page for the picture: the theme's sticky sidebars are laid
    out for the window, so a capture beyond it would show them misplaced.
    """
    height = driver.execute_script("return document.documentElement.scrollHeight;")
    driver.set_window_size(WINDOW[0], min(height + 140, SCREENSHOT_MAX_HEIGHT))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(*WINDOW)


# --- a tiny fake book -------------------------------------------------------------------------

FAKE_SEARCH = ("forget gate", "06_fake.html")


def test_a_good_book_passes_every_check_and_is_photographed(browser, tmp_path):
    index, _ = make_fake_book(tmp_path)
    assert book_problems(browser, index, [6, 7, 9], tmp_path / "shots", FAKE_SEARCH) == []
    shots = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert shots == ["06_fake.png", "07_fake.png", "09_fake.png", "index.png", "results.png",
                     "search.png"]
    header = (tmp_path / "shots" / "index.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(header[16:20], "big") >= 1000


def test_the_checks_catch_a_broken_image_an_error_a_missing_chapter_and_a_failed_one(browser,
                                                                                    tmp_path):
    _, document = make_fake_book(tmp_path, broken_image=True, error_in=9)
    document["chapters"][0]["status"] = "failed"
    index = htmlbook.build_site(tmp_path, document, tmp_path / "html")
    problems = book_problems(browser, index, [6, 7, 9, 10], tmp_path / "shots", FAKE_SEARCH)
    expected = ["07_fake: an image did not load (file://",
                "09_fake: a cell shows an error: ZeroDivisionError",
                "the results page does not list chapter 10",
                "the index shows a failed chapter: Chapter 6: Vanilla LSTM failed"]
    for problem in expected:
        assert any(p.startswith(problem) for p in problems), (problem, problems)
    assert len(problems) == len(expected), problems


def test_the_checks_catch_remote_requests_script_errors_and_raw_equations(browser, tmp_path):
    index, _ = make_fake_book(tmp_path)
    page = tmp_path / "html" / "07_fake.html"
    page.write_text(page.read_text().replace(
        "</head>", '<script src="https://example.invalid/tracker.js"></script>\n'
                   "<script>notDefinedAnywhere();</script></head>"))
    shutil.rmtree(tmp_path / "html" / "_static" / "mathjax")
    problems = book_problems(browser, index, [6, 7, 9], tmp_path / "shots", FAKE_SEARCH)
    for problem in ["07_fake: loads https://example.invalid/tracker.js from outside the book",
                    "07_fake: JavaScript error: ", "06_fake: JavaScript error: ",
                    "06_fake: an equation is raw TeX: \\(f_t = \\sigma(x_t W_f + b_f)\\)"]:
        assert any(p.startswith(problem) for p in problems), (problem, problems)


def test_the_checks_catch_a_missing_page_a_broken_navigation_and_a_failed_search(browser,
                                                                               tmp_path):
    index, _ = make_fake_book(tmp_path)
    (tmp_path / "html" / "09_fake.html").unlink()
    problems = book_problems(browser, index, [6, 7, 9], tmp_path / "shots",
                             ("zebra crossing", "06_fake.html"))
    assert any(p.startswith("09_fake: the page did not load") for p in problems), problems
    assert any(p.startswith("'next' links lead through") for p in problems), problems
    assert any(p.startswith("the search for 'zebra crossing' does not list 06_fake.html")
               for p in problems), problems


def test_the_chinese_edition_searches_chinese_and_links_to_its_english_twin(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from test_htmlbook import ZH_PROSE, fake_run

    english, chinese = tmp_path / "en", tmp_path / "zh"
    html = english / "html"
    htmlbook.build_site(english, fake_run(english, titles={6: "Vanilla LSTM"}), html,
                        twin_url="zh/")
    index = htmlbook.build_site(chinese, fake_run(chinese, titles={6: "基本 LSTM"}, prose=ZH_PROSE),
                                html / "zh", language="zh", twin_url="../")
    assert book_problems(browser, index, [6], tmp_path / "shots", ("遗忘", "06_fake.html")) == []
    visit(browser, (html / "zh" / "06_fake.html").as_uri())
    assert _click(browser, "a.book-twin") and browser.current_url == (html / "06_fake.html").as_uri()
    assert browser.find_element(By.CSS_SELECTOR, "a.book-twin").text == "中文"


# --- the real book, in quick mode ---------------------------------------------------------------

@pytest.fixture(scope="module")
def quick_book():
    """The quick-mode HTML book of every chapter, from the notebook tests' runs in build/quick/.

    A chapter the notebook tests did not run (or ran before its notebook last changed) is executed
    here, so this also works on its own: ``pytest -m browser``. The book goes to
    build/quick/html/, never to build/html/ (the book of ``make book``).
    """
    fresh = {entry["notebook"] for entry in read_entries(QUICK_BOOK) if _is_fresh(entry)}
    for chapter in chapters.available():
        if chapter.notebook not in fresh:
            save_entry(QUICK_BOOK, runner.execute(chapter, quick=True, out_dir=QUICK_BOOK))
    wanted = {chapter.notebook for chapter in chapters.available()}
    document = entries_document(QUICK_BOOK, mode="quick")
    document["chapters"] = [e for e in document["chapters"] if e["notebook"] in wanted]
    return htmlbook.build_site(QUICK_BOOK, document, QUICK_BOOK / "html")


def _is_fresh(entry):
    """Whether a saved entry is newer than its notebook (so it ran the notebook as it is now)."""
    source = chapters.ROOT / entry["notebook"]
    saved = QUICK_BOOK / "entries" / f"{Path(entry['notebook']).stem}.json"
    return source.exists() and saved.stat().st_mtime >= source.stat().st_mtime


def chapter_one_math_problems(driver, index):
    """Chapter 1 holds the LSTM equations: MathJax must have rendered them, no TeX left."""
    visit(driver, (index.parent / "01_what_are_lstms.html").as_uri())
    math = driver.execute_async_script(MATH_JS)
    text = driver.execute_script("return document.body.innerText;")
    problems = [] if math["rendered"] >= 10 else [
        f"chapter 1: only {math['rendered']} equations rendered by MathJax"]
    return problems + [f"chapter 1: raw TeX {command} in the text" for command in
                       ("\\sigma", "\\tanh", "\\odot", "$$") if command in text]


def test_the_quick_book_passes_every_browser_check(browser, quick_book):
    numbers = [chapter.number for chapter in chapters.available()]
    problems = book_problems(browser, quick_book, numbers, SCREENSHOTS / "quick")
    problems += chapter_one_math_problems(browser, quick_book)
    assert problems == [], "\n".join(problems)
    assert {"index.png", "01_what_are_lstms.png", "search.png"} <= {
        p.name for p in (SCREENSHOTS / "quick").iterdir()}


@pytest.mark.skipif(os.environ.get(FULL_BOOK_ENV) != "1",
                    reason=f"checks build/html after `make book`; .ci/run sets {FULL_BOOK_ENV}=1")
def test_the_full_book_passes_every_browser_check(browser):
    index = BUILD / "html" / "index.html"
    assert index.exists(), "no build/html/index.html: run `make book` first"
    numbers = [chapter.number for chapter in chapters.available()]
    problems = book_problems(browser, index, numbers, SCREENSHOTS / "full")
    problems += chapter_one_math_problems(browser, index)
    assert problems == [], "\n".join(problems)
