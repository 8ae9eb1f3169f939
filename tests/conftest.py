import os

import matplotlib
import pytest

from lstm_book.runtime import TF_ENV

matplotlib.use("Agg")  # before any test imports pyplot: no window, the same pixels everywhere

# Keep TensorFlow's start-up noise out of test logs; quick mode unless a test says otherwise.
for _key, _value in TF_ENV.items():
    os.environ.setdefault(_key, _value)


@pytest.fixture
def close_figures():
    """Close every matplotlib figure a test opened (use with pytest.mark.usefixtures)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def pytest_terminal_summary(terminalreporter):
    """The bad-input suites' totals (calls, clear errors), when any of them ran (issue 11)."""
    import sys

    harness = sys.modules.get("bad_input")
    if harness is None or not harness.tally.calls:
        return
    terminalreporter.write_sep("-", "bad input")
    terminalreporter.write_line(harness.tally.summary())
    for line in harness.tally.by_suite():
        terminalreporter.write_line(f"  {line}")
