"""The book's machinery: the chapter registry and targets, results, the runner and command line,
the HTML book, student handouts and the exercise checks.

Readers meet two of its modules in every notebook::

    from lstm_book.book import exercises, report

Nothing here is needed to use the library (``lstm_book.prepare``, ``problems``, ``models``, ...),
and no library module imports from here.
"""
