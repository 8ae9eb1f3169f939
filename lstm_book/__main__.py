"""``python -m lstm_book``: the book's command line, which lives in :mod:`lstm_book.book.cli`."""

import sys

from lstm_book.book.cli import main

if __name__ == "__main__":
    sys.exit(main())
