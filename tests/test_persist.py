"""Saving and loading models safely (lstm_book.persist, chapters 13 and 14)."""

import ast
import os
import re
import subprocess
import sys
import textwrap
import time
import warnings
import zipfile
from pathlib import Path

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


def test_a_stale_listing_never_overwrites_a_version(tmp_path, monkeypatch):
    first = persist.save_version(tiny_model(2), tmp_path)
    monkeypatch.setattr(persist, "versions", lambda folder, name="model": [])  # a stale listing
    second = persist.save_version(tiny_model(3), tmp_path)
    monkeypatch.undo()
    assert (first.name, second.name) == ("model-v0001.keras", "model-v0002.keras")
    assert persist.load(first).layers[0].units == 2 and persist.load(second).layers[0].units == 3


@pytest.mark.parametrize("bad", ["", "a/b", "my model", "../up"])
def test_save_version_rejects_a_bad_name(tmp_path, bad):
    with pytest.raises(ValueError, match="name must use only letters, digits"):
        persist.save_version(tiny_model(), tmp_path, bad)


# --- two processes at once, a model that cannot load back, a killed save ----------------------------

SAVER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import keras
    from lstm_book import persist

    folder, go, units = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    model = keras.Sequential([keras.Input(shape=(3, 1)), keras.layers.LSTM(units),
                              keras.layers.Dense(1)])
    model.save(folder.parent / f"warm-{units}.keras")  # the first save's one-off costs, elsewhere
    (folder.parent / f"ready-{units}").touch()
    while not go.exists():
        time.sleep(0.001)
    print(persist.save_version(model, folder, "racer").name)
""")


def test_processes_saving_at_once_get_different_versions_and_lose_no_model(tmp_path):
    folder, go = tmp_path / "versions", tmp_path / "go"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": keras.backend.backend()}
    units = [2, 3, 4]
    racers = [subprocess.Popen([sys.executable, "-c", SAVER, str(folder), str(go), str(u)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
              for u in units]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{u}").exists() for u in units):
        assert time.monotonic() < deadline and all(r.poll() is None for r in racers), \
            [r.communicate() for r in racers if r.poll() is not None]
        time.sleep(0.05)
    go.touch()  # all three save now
    outputs = [racer.communicate(timeout=120) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), outputs
    names = [out.strip() for out, _ in outputs]
    assert sorted(names) == ["racer-v0001.keras", "racer-v0002.keras", "racer-v0003.keras"]
    saved = {persist.load(folder / name).layers[0].units for name in names}
    assert saved == set(units)  # every process's model is there: none was overwritten
    assert sorted(os.listdir(folder)) == sorted(names)  # and no scratch file is left


@keras.saving.register_keras_serializable(package="test_persist")
class Forgetful(keras.layers.Layer):
    """Saves fine, but its constructor needs an argument its config never records."""

    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, x):
        return x * self.scale

    def get_config(self):
        config = super().get_config()
        config.pop("scale", None)  # the bug: the config forgets what the constructor needs
        return config


def test_a_model_that_cannot_load_back_never_replaces_a_good_file(tmp_path):
    path = persist.save(tiny_model(), tmp_path / "model.keras")
    broken = keras.Sequential([keras.Input(shape=(3, 1)), Forgetful(2.0), keras.layers.LSTM(2)])
    with pytest.raises(ValueError, match="model was saved but could not be loaded back"):
        persist.save(broken, path)
    with pytest.raises(ValueError, match="could not be loaded back"):
        persist.save_version(broken, tmp_path / "v")
    assert sorted(os.listdir(tmp_path)) == ["model.keras", "v"] and not os.listdir(tmp_path / "v")
    assert persist.load(path).layers[0].units == 2


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_saves_scratch_file_is_removed_by_the_next_save_with_a_warning(tmp_path):
    persist.save_version(tiny_model(), tmp_path)
    left = tmp_path / f".model~scratch~{dead_pid()}~k1ll3d.keras"  # as a killed save leaves it
    left.write_bytes(b"PK\x03\x04 half a model")
    mine = tmp_path / f".model~scratch~{os.getpid()}~running.keras"  # a save still running
    mine.write_bytes(b"")
    with pytest.warns(UserWarning, match=re.escape(f"removed {left}, left by a save that was killed")):
        persist.save_version(tiny_model(), tmp_path)
    assert not left.exists() and mine.exists()
    assert [p.name for p in persist.versions(tmp_path)] == ["model-v0001.keras", "model-v0002.keras"]


def test_a_clean_save_warns_about_nothing(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        persist.save_version(tiny_model(), tmp_path)
    assert not [w for w in caught if "removed" in str(w.message)]


def test_a_wide_model_needs_its_layers_registered_or_custom_objects(tmp_path):
    path = persist.save(side_by_side.stack([tiny_model()] * 2), tmp_path / "wide.keras")
    loaded = persist.load(path, custom_objects={"TowerMask": side_by_side.TowerMask,
                                                "TowerLoss": side_by_side.TowerLoss})
    assert loaded.get_layer("towers_lstm").units == 4


def test_persist_imports_nothing_from_lstm_book():
    tree = ast.parse(Path(persist.__file__).read_text())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names]
    imported += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name and name.startswith("lstm_book")]
