"""Saving and loading models safely (lstm_book.persist, chapters 13 and 14)."""

import os
import re
import zipfile

import keras
import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

import lstm_book
from lstm_book import persist, side_by_side

INPUTS = np.random.default_rng(0).random((4, 3, 1), dtype=np.float32)


def tiny_model(units=2):
    return keras.Sequential([keras.Input(shape=(3, 1)), keras.layers.LSTM(units), keras.layers.Dense(1)])


def named(path):
    """A regex that matches the path's text literally (error messages must name the file)."""
    return re.escape(str(path))


def test_save_and_load_give_the_same_predictions(tmp_path):
    lstm_book.set_seed(1)
    model = tiny_model()
    model.compile(loss="mse", optimizer="adam")
    model.fit(INPUTS, np.ones((4, 1)), epochs=2, verbose=0)  # so the optimizer has state to save
    path = persist.save(model, tmp_path / "sub" / "model.keras")
    assert path == tmp_path / "sub" / "model.keras" and sorted(os.listdir(path.parent)) == ["model.keras"]
    np.testing.assert_array_equal(persist.load(path).predict(INPUTS, verbose=0),
                                  model.predict(INPUTS, verbose=0))


@pytest.mark.parametrize("scaler", [MinMaxScaler(feature_range=(-1, 1)), StandardScaler()])
def test_the_scaler_travels_inside_the_model_file(tmp_path, scaler):
    scaler.fit(np.array([[3.0], [7.0], [-2.0], [11.0]]))
    path = persist.save(tiny_model(), tmp_path / "model.keras", scaler=scaler)
    restored = persist.load_scaler(path)
    assert type(restored) is type(scaler) and restored.get_params() == scaler.get_params()
    values = np.array([[0.5], [12.0]])
    np.testing.assert_array_equal(restored.transform(values), scaler.transform(values))
    np.testing.assert_array_equal(restored.inverse_transform(values), scaler.inverse_transform(values))
    assert isinstance(keras.saving.load_model(path), keras.Model)  # plain Keras still opens the file


def test_a_side_by_side_model_saves_and_loads(tmp_path):
    wide = side_by_side.stack([tiny_model()] * 3)
    path = persist.save(wide, tmp_path / "wide.keras")
    np.testing.assert_array_equal(persist.load(path).predict(INPUTS, verbose=0),
                                  wide.predict(INPUTS, verbose=0))


def test_save_replaces_an_existing_file_only_when_complete(tmp_path):
    first, second = tiny_model(), tiny_model(3)
    path = persist.save(first, tmp_path / "model.keras")
    persist.save(second, path)
    assert persist.load(path).layers[0].units == 3


# --- an interrupted save leaves the previous model loadable ------------------------------------


def test_an_interrupted_save_leaves_the_previous_model_loadable(tmp_path, monkeypatch):
    model = tiny_model()
    path = persist.save(model, tmp_path / "model.keras")
    expected = model.predict(INPUTS, verbose=0)

    def dies_midway(self, filepath, *args, **kwargs):
        with open(filepath, "wb") as handle:
            handle.write(b"PK\x03\x04 half of a zip archive")
        raise OSError("disk full")

    monkeypatch.setattr(keras.Model, "save", dies_midway)
    with pytest.raises(OSError, match="disk full"):
        persist.save(tiny_model(3), path)
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ["model.keras"]  # no partial file left behind
    np.testing.assert_array_equal(persist.load(path).predict(INPUTS, verbose=0), expected)


def test_a_failed_rename_leaves_the_previous_model_and_no_scratch_file(tmp_path, monkeypatch):
    path = persist.save(tiny_model(), tmp_path / "model.keras")

    def refuses(*args):
        raise PermissionError("rename refused")

    monkeypatch.setattr(os, "replace", refuses)
    with pytest.raises(PermissionError):
        persist.save(tiny_model(3), path)
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ["model.keras"]
    assert persist.load(path).layers[0].units == 2


def test_an_interrupted_version_never_becomes_the_latest(tmp_path, monkeypatch):
    model = tiny_model()
    persist.save_version(model, tmp_path)
    monkeypatch.setattr(keras.Model, "save", lambda self, filepath: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError, match="killed"):
        persist.save_version(model, tmp_path)
    monkeypatch.undo()
    assert [p.name for p in persist.versions(tmp_path)] == ["model-v0001.keras"]
    assert sorted(os.listdir(tmp_path)) == ["model-v0001.keras"]


# --- clear errors ------------------------------------------------------------------------------


def test_loading_a_missing_file_names_it(tmp_path):
    path = tmp_path / "nowhere.keras"
    with pytest.raises(FileNotFoundError, match=f"no model file at {named(path)}"):
        persist.load(path)


def test_loading_garbage_names_the_file(tmp_path):
    path = tmp_path / "garbage.keras"
    path.write_bytes(b"this is not a model")
    with pytest.raises(OSError, match=f"{named(path)} is not a Keras model file"):
        persist.load(path)


def test_loading_a_truncated_file_names_it(tmp_path):
    path = persist.save(tiny_model(), tmp_path / "model.keras")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(OSError, match=named(path)):
        persist.load(path)


def test_loading_a_zip_that_is_no_model_names_the_file(tmp_path):
    path = tmp_path / "other.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(OSError, match=f"{named(path)} could not be loaded as a Keras model"):
        persist.load(path)


def test_load_scaler_of_a_file_without_one(tmp_path):
    path = persist.save(tiny_model(), tmp_path / "model.keras")
    with pytest.raises(ValueError, match=f"{named(path)} holds no scaler"):
        persist.load_scaler(path)


def test_load_scaler_of_a_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=named(tmp_path / "gone.keras")):
        persist.load_scaler(tmp_path / "gone.keras")


def test_save_needs_the_keras_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"path must end with '\.keras'"):
        persist.save(tiny_model(), tmp_path / "model.h5")


def test_save_needs_a_fitted_scikit_learn_scaler(tmp_path):
    with pytest.raises(ValueError, match="scaler must be a fitted scikit-learn scaler"):
        persist.save(tiny_model(), tmp_path / "model.keras", scaler={"min": 0, "max": 1})
    with pytest.raises(ValueError, match="scaler must be fitted before it is saved"):
        persist.save(tiny_model(), tmp_path / "model.keras", scaler=MinMaxScaler())
    assert not list(tmp_path.iterdir())  # nothing written


# --- versions ----------------------------------------------------------------------------------


def test_versions_count_up_and_never_overwrite(tmp_path):
    small, large = tiny_model(2), tiny_model(4)
    first = persist.save_version(small, tmp_path / "v", "fc")
    second = persist.save_version(large, tmp_path / "v", "fc")
    persist.save_version(small, tmp_path / "v", "other")
    assert [p.name for p in persist.versions(tmp_path / "v", "fc")] == ["fc-v0001.keras", "fc-v0002.keras"]
    assert persist.load(first).layers[0].units == 2 and persist.load(second).layers[0].units == 4


def test_versions_sort_by_number_not_by_text(tmp_path):
    for number in (2, 10, 1):
        (tmp_path / f"model-v{number:04d}.keras").write_bytes(b"")
    (tmp_path / "model-v12345.keras").write_bytes(b"")
    (tmp_path / "model-latest.keras").write_bytes(b"")
    assert [p.name for p in persist.versions(tmp_path)] == [
        "model-v0001.keras", "model-v0002.keras", "model-v0010.keras", "model-v12345.keras"]


def test_a_missing_folder_has_no_versions(tmp_path):
    assert persist.versions(tmp_path / "none") == []


def test_save_version_refuses_to_overwrite_a_version(tmp_path, monkeypatch):
    persist.save_version(tiny_model(), tmp_path)
    monkeypatch.setattr(persist, "versions", lambda folder, name="model": [])  # a stale listing
    with pytest.raises(FileExistsError, match="is never overwritten"):
        persist.save_version(tiny_model(), tmp_path)


@pytest.mark.parametrize("bad", ["", "a/b", "my model", "../up"])
def test_save_version_rejects_a_bad_name(tmp_path, bad):
    with pytest.raises(ValueError, match="name must use only letters, digits"):
        persist.save_version(tiny_model(), tmp_path, bad)
