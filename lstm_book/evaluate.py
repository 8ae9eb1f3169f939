"""Metrics, repeated evaluation and timing shared by several chapters."""

import time

# --- timing (chapters 6, 11: the book's one-sample-per-fit() loop) ------------------------------


def seconds_per_call(function, calls, warmup=2):
    """Mean wall-clock seconds of one call of ``function()``, after ``warmup`` untimed calls.

    Chapters 6 and 11 time a few hundred calls of the book's one-sample ``fit()`` loop with it and
    extrapolate to the book's 10,000 or 25,000 calls, instead of running the slow loop in full.

    Parameters
    ----------
    function : callable
        Called with no arguments.
    calls : int
        How many timed calls (>= 1).
    warmup : int
        Untimed calls first, so one-off tracing and compilation are not counted.

    Returns
    -------
    float
        Seconds per call.
    """
    if isinstance(calls, bool) or not isinstance(calls, int) or calls < 1:
        raise ValueError(f"calls must be an integer >= 1, got {calls!r}")
    for _ in range(warmup):
        function()
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


# --- metrics (chapters 6-11) ----------------------------------------------------------------------


# --- repeated evaluation (chapters 12-14) ---------------------------------------------------------
