import random

import numpy as np
import pytest

import lstm_book


def test_set_seed_makes_python_numpy_and_keras_repeat():
    import keras

    def draw():
        lstm_book.set_seed(7)
        return (random.random(), np.random.rand(),  # noqa: NPY002
                float(keras.random.uniform(()).numpy()))

    assert draw() == draw()


@pytest.mark.parametrize("bad", [-1, 1.5, "1", True, None, 2**32, 2**64])
def test_set_seed_rejects_non_integers(bad):
    with pytest.raises((ValueError, TypeError), match="seed must be a non-negative integer"):
        lstm_book.set_seed(bad)


def test_set_seed_accepts_numpy_integers_and_numpy_s_largest_seed():
    assert lstm_book.set_seed(np.int64(3)) == 3
    assert lstm_book.set_seed(2**32 - 1) == 2**32 - 1


def test_a_refused_seed_changes_no_state():
    lstm_book.set_seed(5)
    python_state, numpy_state = random.getstate(), np.random.get_state()  # noqa: NPY002
    with pytest.raises(ValueError, match="at most 2\\*\\*32 - 1"):
        lstm_book.set_seed(2**32)
    assert random.getstate() == python_state
    assert np.array_equal(np.random.get_state()[1], numpy_state[1])  # noqa: NPY002


def test_set_seed_makes_generators_without_rng_repeat():
    from lstm_book import problems

    draws = []
    for _ in range(2):
        lstm_book.set_seed(1)
        draws.append((problems.echo(4)[0], problems.damped_sine(3)[0], problems.rectangles(2)[0]))
    for first, second in zip(*draws, strict=True):
        assert np.array_equal(np.asarray(first), np.asarray(second))
    lstm_book.set_seed(1)
    first_call, second_call = problems.echo(4)[0], problems.echo(4)[0]
    assert not np.array_equal(first_call, second_call)  # the global generator moves on


@pytest.mark.parametrize(("value", "quick"), [("1", True), ("true", True), ("0", False), ("", False)])
def test_is_quick_reads_the_environment(monkeypatch, value, quick):
    monkeypatch.setenv("LSTM_BOOK_QUICK", value)
    assert lstm_book.is_quick() is quick


def test_a_missing_backend_names_the_extra_that_installs_it(monkeypatch):
    import importlib.util

    from lstm_book import runtime

    monkeypatch.setenv("KERAS_BACKEND", "jax")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"lstm-book\[jax\]"):
        runtime.check_backend()


def test_an_unknown_backend_is_refused(monkeypatch):
    from lstm_book import runtime

    monkeypatch.setenv("KERAS_BACKEND", "theano")
    with pytest.raises(ValueError, match="KERAS_BACKEND"):
        runtime.check_backend()


def test_set_seed_on_jax_seeds_keras_alike_without_importing_tensorflow():
    # In a fresh JAX process: the same weights as keras.utils.set_random_seed, no TensorFlow import.
    import os
    import subprocess
    import sys

    code = """import sys, keras, numpy as np, lstm_book
from keras.src.utils import module_utils
def draw():
    layer = keras.layers.Dense(3)
    layer.build((4,))
    return np.concatenate([keras.ops.convert_to_numpy(layer.kernel).ravel(),
                           keras.ops.convert_to_numpy(keras.random.uniform((3,)))])
lstm_book.set_seed(7); ours = draw(); again = (lstm_book.set_seed(7), draw())[1]
print("tf", "tensorflow" in sys.modules, module_utils.tensorflow._available)
keras.utils.set_random_seed(7); theirs = draw()
print("same", np.array_equal(ours, again), np.array_equal(ours, theirs))
"""
    env = {**os.environ, "KERAS_BACKEND": "jax"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "tf False None" in result.stdout and "same True True" in result.stdout, result.stdout


def test_steps_per_execution_is_one_on_pytorch_only(monkeypatch):
    import keras

    from lstm_book import runtime

    assert runtime.steps_per_execution(50) == (1 if keras.backend.backend() == "torch" else 50)
    monkeypatch.setattr(keras.backend, "backend", lambda: "torch")
    assert runtime.steps_per_execution(50) == 1
    monkeypatch.setattr(keras.backend, "backend", lambda: "jax")
    assert runtime.steps_per_execution(np.int64(7)) == 7


SMALL_GRAPHS_CHILD = """import sys, numpy as np, keras, lstm_book, tensorflow as tf
lstm_book.set_seed(1)
if sys.argv[1] == "skip":
    print("set", lstm_book.skip_small_graph_rewrites())
    print("options", tf.config.optimizer.get_experimental_options()["min_graph_nodes"])
X = np.arange(0.0, 1.0, 0.1, dtype="float32").reshape(10, 1, 1)
model = keras.Sequential([keras.Input(shape=(1, 1)), keras.layers.LSTM(4), keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="adam")
print("losses", model.fit(X, X[:, 0, 0] + 0.1, epochs=20, batch_size=10, verbose=0).history["loss"])
print("predictions", model.predict(X, verbose=0).ravel().tolist())
if sys.argv[1] == "skip":
    print("again", lstm_book.skip_small_graph_rewrites())
    try:
        lstm_book.skip_small_graph_rewrites(60)
    except RuntimeError as error:
        print("late", "restart the kernel" in str(error))
"""


def _small_graphs_child(mode):
    import os
    import subprocess
    import sys

    env = {**os.environ, "KERAS_BACKEND": "tensorflow"}
    result = subprocess.run([sys.executable, "-c", SMALL_GRAPHS_CHILD, mode], capture_output=True,
                            text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_skipping_small_graph_rewrites_sets_tensorflow_and_keeps_every_number():
    # Fresh TensorFlow processes: the setting is read when TensorFlow's runtime starts.
    default, skipped = _small_graphs_child("default"), _small_graphs_child("skip")
    assert skipped["set"] == skipped["again"] == "{'min_graph_nodes': 50}"
    assert skipped["options"] == "50"
    assert skipped["losses"] == default["losses"] and skipped["predictions"] == default["predictions"]
    assert skipped["late"] == "True"  # another value once TensorFlow runs: a clear error


def test_skipping_small_graph_rewrites_does_nothing_on_jax_and_pytorch(monkeypatch):
    import keras

    from lstm_book import runtime

    for backend in ("jax", "torch"):
        monkeypatch.setattr(keras.backend, "backend", lambda backend=backend: backend)
        assert runtime.skip_small_graph_rewrites() == {}
