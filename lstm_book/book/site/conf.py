"""Sphinx settings of the HTML book, shared by every language and every run.

:func:`lstm_book.book.htmlbook.build_site` points Sphinx here (``confdir``) and generates the
source folder (the executed notebooks, ``index.md``, ``results.md``); what differs per build
(language, search language, the link to the twin edition) comes as overrides from there.
"""

project = "LSTM book"
author = "the lstm-book companion"
copyright = "the lstm-book authors"  # noqa: A001 (Sphinx's name for the setting)

extensions = ["myst_nb", "sphinx-mathjax-offline"]
# The runner executed the notebooks already; the book shows those outputs, never runs them again.
nb_execution_mode = "off"
nb_merge_streams = True  # one block per cell for what it printed, as Jupyter shows it
myst_enable_extensions = ["dollarmath", "amsmath", "attrs_inline"]
myst_heading_anchors = 3
# sphinx-mathjax-offline copies MathJax into _static/mathjax; say so here too, whatever the order
# in which Sphinx applies extension and file settings.
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_title = "LSTM book"
html_static_path = ["_static"]
html_css_files = ["book.css"]
templates_path = ["_templates"]
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": False,  # the book's title above the sidebar leads home
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "article_header_end": ["language-twin.html", "article-header-buttons.html"],
    "footer_content_items": [],
    # pydata-sphinx-theme 0.20 would add a second search field in a bar above the book's own.
    "navbar_persistent": [],
}
html_last_updated_fmt = None
html_show_sphinx = False
html_use_index = False  # the book has no index entries; an empty genindex page would only puzzle
html_show_sourcelink = False
html_copy_source = True  # _sources/NN_name.ipynb is what the download button links to
html_sourcelink_suffix = ""
# Search summaries fetch each page, which a browser refuses for pages opened from disk.
html_show_search_summary = False
html_permalinks = True
suppress_warnings = ["mystnb.unknown_mime_type"]


def setup(app):
    """Chinese search that runs in the browser.

    Sphinx 9.0 ends the Chinese ``language_data.js`` with ``window.Stemmer = ChineseStemmer``, but
    Chinese search ships the English stemmer, whose class is ``EnglishStemmer``: every Chinese page
    then logs a ReferenceError and search finds nothing. Sphinx 9.1 names the class after the
    stemmer's file (sphinx-doc/sphinx pull request 14416) but needs Python 3.12; until the book
    moves there, the Chinese search language gets the English stemmer's name.
    """
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        language_name = "English"

    app.add_search_language(ChineseSearch)
