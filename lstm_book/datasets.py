"""Load the real data shipped inside the package (``lstm_book/data/``), verified by SHA-256.

Time series: chapter 3 (airline passengers), 13 (airline passengers) and 14 (shampoo sales).
Text: chapter 11 (Python's documentation topics, for a character-level LSTM).
The files are package data, read with :mod:`importlib.resources`, so they load the same from a
clone, an installed wheel or a zip. Their sources and licences: ``lstm_book/data/README.md``.

To copy this module into your own project, copy it with the data files and point ``data_dir`` at
their folder; it needs only pandas, nothing else from ``lstm_book``.
"""

import hashlib
import io
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

# Inside the package: its resources. Copied alone into a project: the data/ folder beside this file.
DATA_DIR = (resources.files(__package__) if __package__ else Path(__file__).resolve().parent) / "data"
_FIX = ("reinstall the package ('pip install --force-reinstall lstm-book'), or in a clone restore "
        "it with 'git checkout -- lstm_book/data/{filename}'")

# name -> (file, date column, value column, SHA-256 of the published file)
DATASETS = {
    "airline-passengers": ("airline-passengers.csv", "Month", "Passengers",
                           "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621"),
    "shampoo": ("shampoo.csv", "Month", "Sales",
                "f709eaa344b2d07039a49e2193cbff5e56206354f3a8203c0e02471beb39a451"),
    "daily-min-temperatures": ("daily-min-temperatures.csv", "Date", "Temp",
                               "8b9de63ed6789492bf497625e7f9beb96a63d367b4b0a21754006f749fa5e5da"),
    "monthly-sunspots": ("monthly-sunspots.csv", "Month", "Sunspots",
                         "c4ec8cc57d9f6fb6ecdb3e1f37f25b6f4badd5124c55931052b0cd2fc3bc71f3"),
    "daily-total-female-births": ("daily-total-female-births.csv", "Date", "Births",
                                  "7a0c1bdb32d68f7fa359e561a4f7e1fe8fb2fc26a1ea624a434a97a63735dd72"),
}

# name -> (file, SHA-256 of the file): plain ASCII text, LF line endings
TEXTS = {
    "pydoc-topics": ("pydoc_topics.txt",
                     "c0c6aec738f1d4537d0b68d7f2a7e83e71c6e4b253059c3ec43b4370f3820b49"),
}


def load(name, data_dir=DATA_DIR):
    """Load a data set as a pandas Series indexed by real dates.

    Parameters
    ----------
    name : str
        One of ``DATASETS``: ``"airline-passengers"``, ``"shampoo"``, ...
    data_dir : path-like
        Folder holding the CSV files (default: the package's own ``lstm_book/data/``).

    Returns
    -------
    pandas.Series
        Shape ``(rows,)``, float values, a ``DatetimeIndex`` named after the date column.
        Shampoo's months ``1-01 .. 3-12`` (years 1-3, not real dates) become 1901-01 .. 1903-12.

    Raises
    ------
    ValueError
        For an unknown name.
    FileNotFoundError
        When the file is missing (the message says where it belongs).
    OSError
        When the file's SHA-256 differs from the published one (altered or corrupt).
    """
    if not isinstance(name, str) or name not in DATASETS:
        hint = "; for a text, use load_text" if isinstance(name, str) and name in TEXTS else ""
        raise ValueError(f"unknown data set {name!r}; name must be one of {', '.join(DATASETS)}"
                         f"{hint}")
    filename, date_column, value_column, expected = DATASETS[name]
    content = _verified_bytes(filename, expected, data_dir)
    frame = pd.read_csv(io.BytesIO(content))
    dates = frame[date_column].astype(str)
    if name == "shampoo":
        dates = "190" + dates  # '1-01' -> '1901-01': the series has no real years
    index = pd.DatetimeIndex(pd.to_datetime(dates), name=date_column)
    return pd.Series(frame[value_column].to_numpy(dtype=float), index=index, name=value_column)


def load_text(name, data_dir=DATA_DIR):
    """Load a text shipped with the package, after checking its SHA-256 (chapter 11).

    ``"pydoc-topics"`` is the text of Python's own documentation topics (``pydoc_data.topics``,
    the pages ``help("assert")`` shows), copied once from Python 3.11.7 so that every Python
    version reads the same text; PSF license. 465,111 characters, 94 distinct ones.

    Parameters
    ----------
    name : str
        One of ``TEXTS``: ``"pydoc-topics"``.
    data_dir : path-like
        Folder holding the text file (default: the package's own ``lstm_book/data/``).

    Returns
    -------
    str
        The whole text: printable ASCII and ``"\\n"`` only.

    Raises
    ------
    ValueError
        For an unknown name.
    FileNotFoundError
        When the file is missing (the message says where it belongs).
    OSError
        When the file's SHA-256 differs from the published one (altered or corrupt).
    """
    if not isinstance(name, str) or name not in TEXTS:
        hint = "; for a time series, use load" if isinstance(name, str) and name in DATASETS \
            else ""
        raise ValueError(f"unknown text {name!r}; name must be one of {', '.join(TEXTS)}{hint}")
    filename, expected = TEXTS[name]
    return _verified_bytes(filename, expected, data_dir).decode("ascii")


def _verified_bytes(filename, expected, data_dir):
    """The bytes of ``data_dir / filename`` once their SHA-256 matches ``expected``."""
    if isinstance(data_dir, bool) or not isinstance(data_dir, str | os.PathLike | Traversable) \
            or not str(data_dir):
        raise TypeError(f"data_dir must be the folder of the data files (str or pathlib.Path), "
                        f"got {data_dir!r:.60}")
    path = (data_dir if isinstance(data_dir, Traversable) else Path(data_dir)) / filename
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; {_FIX.format(filename=filename)} "
                                "(the data ship inside the package, see lstm_book/data/README.md)")
    content = path.read_bytes()
    actual = hashlib.sha256(content).hexdigest()
    if actual != expected:
        raise OSError(f"{path} has SHA-256 {actual}, expected {expected}: the file is altered or "
                      f"corrupt; {_FIX.format(filename=filename)}")
    return content
