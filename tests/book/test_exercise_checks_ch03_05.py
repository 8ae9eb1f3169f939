"""The checks of chapters 3-5 accept correct answers and reject near misses.

tests/test_exercises.py already makes every check reject its listed wrong answers; here each check
also meets a correct answer written independently of the notebook, and a realistic mistake built
with real Keras models where the listed wrong answers are stand-ins.
"""

import keras
import numpy as np
import pytest

from lstm_book import datasets, prepare
from lstm_book.book.exercises import get


def passes(exercise_id, answer):
    return bool(get(exercise_id).is_correct(answer))


# --- chapter 3 -------------------------------------------------------------------------------


def test_03_1_accepts_a_hand_written_min_max_and_rejects_a_fixed_range():
    assert passes("03.1", lambda v: (np.asarray(v) - np.min(v)) / np.ptp(v))
    assert not passes("03.1", lambda v: (np.asarray(v) - 10.0) / 90.0)  # right for one input only


def test_03_2_accepts_the_encoding_from_prepare():
    codes = ["ACGT".index(letter) for letter in "GATTACA"]
    assert passes("03.2", prepare.one_hot(codes, n_classes=4))
    assert not passes("03.2", prepare.one_hot(codes[::-1], n_classes=4))  # letters reversed
    assert not passes("03.2", prepare.one_hot(codes, n_classes=5))


def test_03_3_accepts_the_two_feature_windows_and_rejects_two_targets():
    passengers = datasets.load("airline-passengers")
    both = np.column_stack([passengers.to_numpy(), passengers.index.month])
    X, y = prepare.sliding_windows(both, 12, 1)
    assert passes("03.3", (X, y[:, 0]))
    assert not passes("03.3", (X, y))                    # y keeps the month column too
    assert not passes("03.3", (X[:, :, ::-1], y[:, 0]))  # features in the wrong order


def test_03_4_accepts_post_padding_with_minus_one():
    assert passes("03.4", prepare.pad([[5, 1], [7], [2, 9, 4]], padding="post", value=-1))
    assert not passes("03.4", prepare.pad([[5, 1], [7], [2, 9, 4]], value=-1))


# --- chapter 4 -------------------------------------------------------------------------------


def stateful_model(stateful=True, batch_shape=(4, 3, 2)):
    return keras.Sequential([keras.Input(batch_shape=batch_shape),
                             keras.layers.LSTM(6, stateful=stateful), keras.layers.Dense(1)])


def test_04_1_accepts_a_stateful_model_and_rejects_near_misses():
    assert passes("04.1", stateful_model())
    assert not passes("04.1", stateful_model(stateful=False))
    assert not passes("04.1", stateful_model(batch_shape=(8, 3, 2)))


def test_04_2_accepts_a_classes_function():
    def classes(p):
        p = np.asarray(p)
        return (p[:, 0] > 0.5).astype(int) if p.shape[1] == 1 else p.argmax(axis=1)

    assert passes("04.2", classes)


def test_04_3_accepts_a_reset_of_the_matching_stateful_layers_only():
    def reset_matching(model, prefix):
        for layer in model.layers:
            if layer.name.startswith(prefix) and getattr(layer, "stateful", False):
                layer.reset_state()

    def reset_all(model, prefix):  # the near miss: the decoder loses its state too
        for layer in model.layers:
            if getattr(layer, "stateful", False):
                layer.reset_state()

    def reset_by_prefix_only(model, prefix):  # calls reset_state on a stateless layer: raises
        for layer in model.layers:
            if layer.name.startswith(prefix):
                layer.reset_state()

    assert passes("04.3", reset_matching)
    assert not passes("04.3", reset_all)
    assert not _passes_or_raises("04.3", reset_by_prefix_only)


def _passes_or_raises(exercise_id, answer):
    try:
        return passes(exercise_id, answer)
    except Exception:  # a malformed answer counts as a fail in exercises.check
        return False


def test_04_4_accepts_one_sample_of_eight_steps():
    assert passes("04.4", np.arange(24.0).reshape(1, 8, 3))


# --- chapter 5 -------------------------------------------------------------------------------


def test_05_1_accepts_a_many_to_many_model_and_rejects_a_vector_output():
    good = keras.Sequential([keras.Input(shape=(7, 3)), keras.layers.LSTM(4, return_sequences=True),
                             keras.layers.Dense(2)])
    vector = keras.Sequential([keras.Input(shape=(7, 3)), keras.layers.LSTM(4), keras.layers.Dense(14)])
    assert passes("05.1", good)
    assert not passes("05.1", vector)


def test_05_2_rejects_a_wider_dense_layer_reshaped_into_steps():
    decoder = keras.Sequential([keras.Input(shape=(1, 4)), keras.layers.LSTM(4),
                                keras.layers.RepeatVector(6), keras.layers.LSTM(4, return_sequences=True),
                                keras.layers.TimeDistributed(keras.layers.Dense(1))])
    reshaped = keras.Sequential([keras.Input(shape=(1, 4)), keras.layers.LSTM(4), keras.layers.Dense(6),
                                 keras.layers.Reshape((6, 1))])
    assert passes("05.2", decoder)
    assert not passes("05.2", reshaped)


def test_05_3_accepts_the_shapes_keras_reports():
    model = keras.Sequential([keras.Input(shape=(6, 2)), keras.layers.LSTM(4, return_sequences=True),
                              keras.layers.LSTM(3), keras.layers.RepeatVector(5),
                              keras.layers.LSTM(2, return_sequences=True),
                              keras.layers.TimeDistributed(keras.layers.Dense(1))])
    shapes = [layer.output.shape for layer in model.layers]
    assert passes("05.3", shapes)
    assert not passes("05.3", shapes[::-1])


@pytest.mark.parametrize("swap", ["translation", "tagging"])
def test_05_4_needs_every_kind_right(swap):
    right = {"sentiment": "many-to-one", "captioning": "one-to-many", "translation": "many-to-many",
             "tagging": "many-to-many"}
    assert passes("05.4", right)
    assert not passes("05.4", {**right, swap: "one-to-one"})
