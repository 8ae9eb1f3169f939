"""Every complete-example script runs from the command line in quick mode, as a reader would run it."""

import os
import pkgutil
import subprocess
import sys

import pytest

from lstm_book import runtime
from lstm_book.book import scripts

# What each script prints in quick mode: its result line.
PRINTS = {"cnn_lstm_moving_line": "accuracy on 50 fresh videos: "}


def test_every_script_has_its_expected_line():
    assert sorted(module.name for module in pkgutil.iter_modules(scripts.__path__)) == sorted(PRINTS)


@pytest.mark.parametrize("name", sorted(PRINTS))
def test_script_runs_in_quick_mode_and_prints_its_result(name):
    env = {**os.environ, **runtime.TF_ENV, "LSTM_BOOK_QUICK": "1"}
    done = subprocess.run([sys.executable, "-m", f"lstm_book.book.scripts.{name}"], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert PRINTS[name] in done.stdout, done.stdout[-2000:]
