"""The book's synthetic sequence problems: vectorized generators and their decoders.

Every generator takes ``n`` (how many examples) and ``rng`` (a ``numpy.random.Generator``, an
int seed, or ``None``), and returns ``(X, y)`` NumPy arrays whose shapes its docstring states.
"""

import numpy as np


def as_rng(rng):
    """A ``numpy.random.Generator`` from a Generator, an int seed or ``None`` (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.default_rng(rng)
    raise ValueError(f"rng must be a numpy Generator, an int seed or None, got {type(rng).__name__}")


def check_positive(name, value):
    """Raise a ValueError naming ``name`` unless ``value`` is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


# --- chapters 6-8: echo, damped sine, moving line ------------------------------------------------


# --- chapters 9-11: addition, cumulative sum, rectangles -----------------------------------------
