"""Seeding and quick mode: the two switches every notebook sets in its first cell."""

import os
import random

import numpy as np

QUICK_ENV = "LSTM_BOOK_QUICK"


def set_seed(seed=1):
    """Seed Python's ``random``, NumPy and Keras (and through it the backend) with one call.

    Used at the top of every chapter. The same seed gives the same numbers on the same machine;
    multi-threaded CPU kernels may still differ in the last bits across machines.

    Parameters
    ----------
    seed : int
        A non-negative integer.

    Returns
    -------
    int
        The seed, so a notebook can print what it used.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    import keras

    random.seed(int(seed))
    np.random.seed(int(seed))  # noqa: NPY002 -- seeds legacy global-state code a reader may run
    keras.utils.set_random_seed(int(seed))
    return int(seed)


def is_quick():
    """Whether the book runs in quick mode (``LSTM_BOOK_QUICK=1``, set by ``run --quick``).

    Quick mode shrinks data and epochs so a notebook only proves it runs end to end; targets are
    shown but not enforced. Every notebook reads it once, in its first cell.

    Returns
    -------
    bool
    """
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
