"""The HTML book in a real browser: headless Chromium opens every page and checks what a reader sees.

Checks: every page loads, every image has loaded (``naturalWidth > 0``), no cell shows an error or
stderr output, the index's results table lists every chapter, and the navigation bar leads from
the first chapter to the last and back to the contents. Screenshots of every page go to
build/screenshots/quick/ (the quick-mode book of ``make test``) and build/screenshots/full/ (the
book of ``make book``, which .ci/run opens with ``LSTM_BOOK_CHECK_FULL_BOOK=1``).

Chromium is Debian's (``make chromium`` installs it) and is driven by Selenium through Debian's
/usr/bin/chromedriver; Selenium never downloads a driver. ``make test`` runs these tests after the
notebook tests, which leave their quick-mode runs in build/quick/ for the book.
"""

import base64
import os
from pathlib import Path

import pytest
from test_htmlbook import make_fake_book

from lstm_book.book import chapters, htmlbook, runner

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000"]
BUILD = chapters.ROOT / "build"
QUICK_BOOK = BUILD / "quick"
SCREENSHOTS = BUILD / "screenshots"
FULL_BOOK_ENV = "LSTM_BOOK_CHECK_FULL_BOOK"
SCREENSHOT_MAX_HEIGHT = 12_000
ERROR_OUTPUTS = ('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"], '
                 '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
# Wait until every image has been decoded (or has failed to), then report what each one holds.
IMAGES_JS = """
const done = arguments[arguments.length - 1];
const images = Array.from(document.images);
Promise.all(images.map(img => img.decode().catch(() => null))).then(() => done(images.map(
    img => ({src: img.src.slice(0, 50), complete: img.complete, width: img.naturalWidth}))));
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
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


# --- what the browser checks --------------------------------------------------------------------

def book_problems(driver, index, chapter_numbers, screenshots):
    """Open a book's index and every chapter page; return what a reader would find wrong.

    Parameters
    ----------
    driver : selenium.webdriver.Chrome
    index : pathlib.Path
        The book's index.html.
    chapter_numbers : list of int
        The chapters the results table must list.
    screenshots : pathlib.Path
        Where a full-page PNG of every page is saved.

    Returns
    -------
    list of str
        Empty when every check passes.
    """
    from selenium.webdriver.common.by import By

    problems = page_problems(driver, index.as_uri(), "index", screenshots)
    listed = {int(row.get_attribute("data-chapter"))
              for row in driver.find_elements(By.CSS_SELECTOR, "table.results tbody tr")}
    problems += [f"the results table does not list chapter {n}" for n in chapter_numbers
                 if n not in listed]
    problems += [f"the index shows a failed chapter: {failed.find_element(By.XPATH, '..').text}"
                 for failed in driver.find_elements(By.CSS_SELECTOR, "ol.chapters .failed")]
    pages = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ol.chapters a")]
    for url in pages:
        problems += page_problems(driver, url, Path(url).stem, screenshots, chapter_page=True)
    return problems + navigation_problems(driver, index, pages)


def page_problems(driver, url, name, screenshots, chapter_page=False):
    """Load one page; report a failed load, images that did not load and error outputs."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    problems = []
    if driver.execute_script("return document.readyState") != "complete":
        problems.append(f"{name}: the page did not finish loading")
    expected = "body.jp-Notebook .jp-Cell" if chapter_page else "table.results"
    if not driver.find_elements(By.CSS_SELECTOR, expected):
        return [f"{name}: the page did not load ({driver.title or 'no title'})"]
    for image in driver.execute_async_script(IMAGES_JS):
        if not image["complete"] or image["width"] == 0:
            problems.append(f"{name}: an image did not load ({image['src']}...)")
    for output in driver.find_elements(By.CSS_SELECTOR, ERROR_OUTPUTS):
        problems.append(f"{name}: a cell shows an error: {output.text.strip()[:300]}")
    screenshot(driver, screenshots / f"{name}.png")
    return problems


def navigation_problems(driver, index, pages):
    """Follow the chapter links: first chapter, next, next, ..., previous, then the contents."""
    if not pages:
        return []
    driver.get(index.as_uri())
    visited = [driver.current_url] if _click(driver, "ol.chapters a") else []
    while 0 < len(visited) <= len(pages) and _click(driver, "nav.book-nav a[rel=next]"):
        visited.append(driver.current_url)
    if visited != pages:
        return [f"'next' links lead through {visited}, not {pages}"]
    problems = []
    if len(pages) > 1:
        if not _click(driver, "nav.book-nav a[rel=prev]"):
            problems.append(f"no 'previous' link on {pages[-1]}")
        elif driver.current_url != pages[-2]:
            problems.append(f"'previous' on the last chapter leads to {driver.current_url}")
    if not _click(driver, "nav.book-nav a.book-contents") or driver.current_url != index.as_uri():
        problems.append(f"no 'Contents' link back to the index from {driver.current_url}")
    return problems


def _click(driver, selector):
    """Click the first element matching a CSS selector; False when there is none."""
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, selector)
    if found:
        found[0].click()
    return bool(found)


def screenshot(driver, path):
    """Save a PNG of the whole page (up to SCREENSHOT_MAX_HEIGHT pixels tall)."""
    width, height = driver.execute_script(
        "const e = document.documentElement; return [e.scrollWidth, e.scrollHeight];")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_MAX_HEIGHT), "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True, "clip": clip})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


# --- a tiny fake book -------------------------------------------------------------------------

def test_a_good_book_passes_every_check_and_is_photographed(browser, tmp_path):
    index, _ = make_fake_book(tmp_path)
    assert book_problems(browser, index, [6, 7, 9], tmp_path / "shots") == []
    shots = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert shots == ["06_fake.png", "07_fake.png", "09_fake.png", "index.png"]
    header = (tmp_path / "shots" / "index.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(header[16:20], "big") >= 1000


def test_the_checks_catch_a_broken_image_an_error_a_missing_chapter_and_a_failed_one(browser,
                                                                                    tmp_path):
    index, document = make_fake_book(tmp_path, broken_image=True, error_in=9)
    document["chapters"][0]["status"] = "failed"
    index.write_text(htmlbook.render_index(document), encoding="utf-8")
    problems = book_problems(browser, index, [6, 7, 9, 10], tmp_path / "shots")
    expected = ["07_fake: an image did not load (data:image/png;base64,bm90IGEgcGljdHVyZQ==",
                "09_fake: a cell shows an error: ZeroDivisionError",
                "the results table does not list chapter 10",
                "the index shows a failed chapter: Vanilla LSTM failed"]
    for problem in expected:
        assert any(p.startswith(problem) for p in problems), (problem, problems)
    assert len(problems) == len(expected), problems


def test_the_checks_catch_a_missing_page_and_a_broken_navigation_bar(browser, tmp_path):
    index, _ = make_fake_book(tmp_path)
    (tmp_path / "html" / "09_fake.html").unlink()
    problems = book_problems(browser, index, [6, 7, 9], tmp_path / "shots")
    assert any(p.startswith("09_fake: the page did not load") for p in problems), problems
    assert any(p.startswith("no 'previous' link on") for p in problems), problems


# --- the real book, in quick mode ---------------------------------------------------------------

@pytest.fixture(scope="module")
def quick_book():
    """The quick-mode HTML book of every chapter, from the notebook tests' runs in build/quick/.

    A chapter the notebook tests did not run (or ran before its notebook last changed) is executed
    here, so this also works on its own: ``pytest -m browser``.
    """
    fresh = {entry["notebook"] for entry in htmlbook.read_entries(QUICK_BOOK) if _is_fresh(entry)}
    for chapter in chapters.available():
        if chapter.notebook not in fresh:
            htmlbook.save_entry(QUICK_BOOK, runner.execute(chapter, quick=True, out_dir=QUICK_BOOK))
    wanted = {chapter.notebook for chapter in chapters.available()}
    document = htmlbook.entries_document(QUICK_BOOK, mode="quick")
    document["chapters"] = [e for e in document["chapters"] if e["notebook"] in wanted]
    return htmlbook.build_book(QUICK_BOOK, document)


def _is_fresh(entry):
    """Whether a saved entry is newer than its notebook (so it ran the notebook as it is now)."""
    source = chapters.ROOT / entry["notebook"]
    saved = QUICK_BOOK / "entries" / f"{Path(entry['notebook']).stem}.json"
    return source.exists() and saved.stat().st_mtime >= source.stat().st_mtime


def test_the_quick_book_passes_every_browser_check(browser, quick_book):
    numbers = [chapter.number for chapter in chapters.available()]
    problems = book_problems(browser, quick_book, numbers, SCREENSHOTS / "quick")
    assert problems == [], "\n".join(problems)
    assert (SCREENSHOTS / "quick" / "index.png").exists()


@pytest.mark.skipif(os.environ.get(FULL_BOOK_ENV) != "1",
                    reason=f"checks build/html after `make book`; .ci/run sets {FULL_BOOK_ENV}=1")
def test_the_full_book_passes_every_browser_check(browser):
    index = BUILD / "html" / "index.html"
    assert index.exists(), "no build/html/index.html: run `make book` first"
    numbers = [chapter.number for chapter in chapters.available()]
    problems = book_problems(browser, index, numbers, SCREENSHOTS / "full")
    assert problems == [], "\n".join(problems)
