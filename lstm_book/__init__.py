"""Helpers for the runnable companion to *Long Short-Term Memory Networks with Python*.

Import modules, not names, so a reader sees where each helper lives::

    from lstm_book import problems, models
    from lstm_book.book import report
    lstm_book.set_seed(1)

Importing the package is cheap and has no side effects: Keras is imported only when a helper
that needs it is called.
"""

from lstm_book.runtime import is_quick, set_seed, skip_small_graph_rewrites

__all__ = ["is_quick", "set_seed", "skip_small_graph_rewrites"]
__version__ = "0.1.0"
