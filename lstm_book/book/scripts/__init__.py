"""Complete examples that run as scripts: ``python -m lstm_book.book.scripts.<name>``.

A chapter prints the source of its script where training again would only repeat its cells;
the tests run every script with small sizes (``LSTM_BOOK_QUICK=1``), so none can rot.
"""
