"""How much faster is ``prepare.sliding_windows`` than the pandas-shift ``series_to_supervised``?

Both frame the same 1,000,000-point series into the arrays a model is fitted on: inputs X of
shape (samples, n_in, 1) and targets y of shape (samples,). ``series_to_supervised`` builds a
DataFrame with pandas ``shift`` and ``concat`` (the classic recipe), from which X and y are taken;
``sliding_windows`` returns NumPy views of the series. Each is timed as the best of a few runs
(the least disturbed by other work on the machine), and its peak memory is measured with
``tracemalloc``. X and y are views in both cases (of the series, or of the table), so a second
ratio adds the copy into fresh contiguous arrays that converting them to a tensor makes anyway:
the honest figure when the arrays are materialized.

Run from the repository root:  .venv/bin/python benchmarks/windows.py
"""

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout too

from lstm_book import prepare  # noqa: E402

POINTS = 1_000_000
N_IN, N_OUT = 10, 1
REPEATS = 5


def with_shift(series):
    """X, y from the pandas-shift table, as a model would take them."""
    table = prepare.series_to_supervised(series, N_IN, N_OUT).to_numpy()
    return table[:, :N_IN].reshape(-1, N_IN, 1), table[:, N_IN]


def with_windows(series):
    """X, y as zero-copy views of the series."""
    return prepare.sliding_windows(series, N_IN, N_OUT)


def copied(function):
    """``function`` followed by a copy of X and y into fresh contiguous arrays."""
    def materialized(series):
        X, y = function(series)
        return np.ascontiguousarray(X), np.ascontiguousarray(y)
    return materialized


def best_seconds(function, series):
    """The fastest of ``REPEATS`` timed calls."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function(series)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(function, series):
    """Peak memory allocated during one call, in MiB (tracemalloc sees NumPy and pandas buffers)."""
    tracemalloc.start()
    function(series)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main():
    series = np.random.default_rng(1).random(POINTS)
    X_shift, y_shift = with_shift(series)
    X_win, y_win = with_windows(series)
    assert np.array_equal(X_shift, X_win) and np.array_equal(y_shift, y_win), "results differ"
    print(f"series of {POINTS:,} points, n_in={N_IN}, n_out={N_OUT}: X {X_win.shape}, "
          f"y {y_win.shape}, identical from both functions")
    timings = {}
    for name, function in (("series_to_supervised", with_shift),
                           ("sliding_windows", with_windows),
                           ("series_to_supervised + copy", copied(with_shift)),
                           ("sliding_windows + copy", copied(with_windows))):
        timings[name] = best_seconds(function, series)
        print(f"{name:28s} {timings[name] * 1e3:9.2f} ms   peak memory "
              f"{peak_mib(function, series):7.1f} MiB")
    materialized = timings["series_to_supervised + copy"] / timings["sliding_windows + copy"]
    print(f"with both results copied into contiguous arrays: {materialized:.1f}x faster")
    print(f"sliding_windows: {timings['series_to_supervised'] / timings['sliding_windows']:.1f}x faster")


if __name__ == "__main__":
    main()
