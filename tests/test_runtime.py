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


@pytest.mark.parametrize("bad", [-1, 1.5, "1", True, None])
def test_set_seed_rejects_non_integers(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        lstm_book.set_seed(bad)


@pytest.mark.parametrize(("value", "quick"), [("1", True), ("true", True), ("0", False), ("", False)])
def test_is_quick_reads_the_environment(monkeypatch, value, quick):
    monkeypatch.setenv("LSTM_BOOK_QUICK", value)
    assert lstm_book.is_quick() is quick
