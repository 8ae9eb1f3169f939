"""Seeding, quick mode and small-graph rewrites: the switches every notebook sets in its first cell.

Copy this file; it needs only NumPy and Keras (and TensorFlow where it is Keras's backend).
"""

import os
import random
import sys

import numpy as np

QUICK_ENV = "LSTM_BOOK_QUICK"
# The one source of the TensorFlow settings that the command line, the runner's kernels and the
# tests apply: a quiet start-up. oneDNN stays at TensorFlow's default (on): measured here, it cut
# the whole book's CPU time by 4 % (chapter 8's convolutions by a third), and its results repeat
# from run to run (checked on chapter 11's text model: identical losses in two runs at one thread
# and in two at two threads).
TF_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3"}
# Keras's backend name -> the module it imports and the extra of lstm-book that installs it.
BACKEND_EXTRAS = {"tensorflow": ("tensorflow", "tensorflow"), "jax": ("jax", "jax"),
                  "torch": ("torch", "torch"), "numpy": ("numpy", "numpy")}


def check_backend():
    """Raise a clear ImportError when Keras's backend is not installed; return its name otherwise.

    The backend comes from ``KERAS_BACKEND`` (or Keras's own default, TensorFlow). It is an extra
    of this package, as it is of Keras: ``pip install "lstm-book[jax]"``.

    Returns
    -------
    str
        The backend's name, e.g. ``"tensorflow"``.
    """
    import importlib.util

    backend = os.environ.get("KERAS_BACKEND", "tensorflow").strip().lower() or "tensorflow"
    if backend not in BACKEND_EXTRAS:
        raise ValueError(f"KERAS_BACKEND must be one of {', '.join(BACKEND_EXTRAS)}, got {backend!r}")
    module, extra = BACKEND_EXTRAS[backend]
    if importlib.util.find_spec(module) is None:
        raise ImportError(f"Keras's backend {backend!r} is not installed: install it with "
                          f"pip install \"lstm-book[{extra}]\" (or set KERAS_BACKEND to a backend "
                          "you have: tensorflow, jax or torch)")
    return backend


def set_seed(seed=1):
    """Seed Python's ``random``, NumPy and Keras (and through it the backend) with one call.

    Used at the top of every chapter. The same seed gives the same numbers on the same machine;
    multi-threaded CPU kernels may still differ in the last bits across machines. It also governs
    the problem generators called without ``rng`` (``problems.echo(10)``): with ``rng=None`` they
    draw from NumPy's global generator, which this seeds.

    Parameters
    ----------
    seed : int
        An integer in ``[0, 2**32 - 1]``, the range NumPy's global generator takes. Checked
        before any generator is touched, so a refused seed changes nothing.

    Returns
    -------
    int
        The seed, so a notebook can print what it used.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}; e.g. set_seed(1)")
    if not 0 <= seed <= 2**32 - 1:
        raise ValueError(f"seed must be a non-negative integer of at most 2**32 - 1 = {2**32 - 1:,} "
                         f"(NumPy's limit), got {seed!r}")
    check_backend()  # a missing backend: say which extra installs it, not a raw import error
    import keras

    random.seed(int(seed))
    np.random.seed(int(seed))  # noqa: NPY002 -- seeds legacy global-state code a reader may run
    if keras.backend.backend() == "tensorflow" or "tensorflow" in sys.modules:
        keras.utils.set_random_seed(int(seed))
    else:
        _set_keras_seed_without_tensorflow(int(seed))
    return int(seed)


def _set_keras_seed_without_tensorflow(seed):
    # keras.utils.set_random_seed also seeds TensorFlow whenever it is installed, and so imports
    # it: about 400 MB and seconds of start-up in a JAX or PyTorch process that never uses it.
    # Hide TensorFlow for this one call (an import of it then fails), then let Keras look again.
    import keras
    from keras.src.utils import module_utils  # the lazy TensorFlow module set_random_seed checks

    sys.modules["tensorflow"] = None
    try:
        keras.utils.set_random_seed(seed)
    finally:
        del sys.modules["tensorflow"]
        module_utils.tensorflow._available = None  # noqa: SLF001 -- so later checks import it


# Graphs with fewer nodes than this are left as they are by TensorFlow's graph optimizer, Grappler.
# Keras builds a small tf.data pipeline (a few dozen nodes) for every pass over NumPy data, and
# Grappler rewrites it each time; a model's training step has hundreds of nodes and is still
# optimized. Measured here: 100 epochs of chapter 13's LSTM(10) on ten samples took 2.27 s of CPU
# time by default and 1.04 s with this setting, with the same losses to the last bit.
SMALL_GRAPH_NODES = 50


def skip_small_graph_rewrites(min_nodes=SMALL_GRAPH_NODES):
    """On TensorFlow, let Grappler skip graphs of fewer than ``min_nodes`` nodes; elsewhere nothing.

    Every ``fit``, ``evaluate`` and ``predict`` on NumPy arrays makes TensorFlow build a small
    data pipeline, and every epoch makes a new one; by default Grappler optimizes each of them
    before use, which costs more than a whole epoch of a small model on a few samples. This
    leaves such graphs alone; the model's own graphs are larger and still optimized, and the
    numbers stay the same. Chapters 12 to 14 train thousands of such short epochs; every chapter
    calls this in its first cell, right after :func:`set_seed`.

    TensorFlow reads this setting when it starts its runtime, at its first operation, so it must
    come before any model is built or run; calling it again later with the same value is harmless.

    Parameters
    ----------
    min_nodes : int
        The smallest graph Grappler still optimizes, from 1 to 10,000 (TensorFlow's own
        default is 4).

    Returns
    -------
    dict
        The TensorFlow optimizer setting now in force, ``{"min_graph_nodes": min_nodes}``;
        ``{}`` on JAX and PyTorch, which have no such pass.

    Raises
    ------
    RuntimeError
        TensorFlow has already run an operation with another setting (restart the kernel and call
        this first).
    """
    if isinstance(min_nodes, bool) or not isinstance(min_nodes, int | np.integer):
        raise TypeError(f"min_nodes must be a positive integer, got {min_nodes!r:.60}; "
                        "e.g. skip_small_graph_rewrites(50)")
    if not 1 <= min_nodes <= 10_000:
        raise ValueError(f"min_nodes must be an integer from 1 to 10,000, got {min_nodes!r}")
    check_backend()
    import keras

    if keras.backend.backend() != "tensorflow":
        return {}
    import tensorflow as tf
    from tensorflow.python.eager import context

    wanted = {"min_graph_nodes": int(min_nodes)}
    current = tf.config.optimizer.get_experimental_options().get("min_graph_nodes")
    if current != wanted["min_graph_nodes"] and context.context()._initialized:  # noqa: SLF001
        raise RuntimeError("TensorFlow has already started its runtime, which reads this setting "
                           "only at its first operation: restart the kernel and call "
                           "skip_small_graph_rewrites() first, right after set_seed()")
    tf.config.optimizer.set_experimental_options(wanted)
    return wanted


def steps_per_execution(steps):
    """How many training steps one compiled call may run on this backend: ``steps``, or 1 on PyTorch.

    ``model.compile(steps_per_execution=...)`` lets TensorFlow and JAX run several batches per call
    from Python, which saves the per-call overhead of small models; Keras's PyTorch trainer accepts
    only 1. Chapter 11 compiles its text model with it, chapter 15 its four task models.

    Parameters
    ----------
    steps : int
        The steps per call wanted, from 1 to 100,000.

    Returns
    -------
    int
        ``steps`` on TensorFlow and JAX, 1 on PyTorch.
    """
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
        raise TypeError(f"steps must be a positive integer, got {steps!r:.60}; e.g. steps_per_execution(50)")
    if not 1 <= steps <= 100_000:
        raise ValueError(f"steps must be an integer from 1 to 100,000, got {steps!r}")
    import keras

    return 1 if keras.backend.backend() == "torch" else int(steps)


def is_quick():
    """Whether the book runs in quick mode (``LSTM_BOOK_QUICK=1``, set by ``run --quick``).

    Quick mode shrinks data and epochs so a notebook only proves it runs end to end; targets are
    shown but not enforced. Every notebook reads it once, in its first cell.

    Returns
    -------
    bool
    """
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
