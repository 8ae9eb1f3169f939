"""Save and load models safely: atomic writes, numbered versions, a model together with its scaler.

Chapter 13 saves a finished forecaster together with the scaler its inputs need; chapter 14 writes
a new version of a model after every update and keeps the old ones. Three rules make that safe:

- **Atomic**: :func:`save` writes to a temporary file in the target folder and then renames it
  over the target (``os.replace``, atomic on one file system). A crash or an exception midway
  leaves the previous file untouched and no half-written file under the target name.
- **Versions are never overwritten**: :func:`save_version` writes ``name-v0001.keras``,
  ``name-v0002.keras``, ... and refuses to replace one that exists.
- **Clear errors**: loading a missing or damaged file names the file and says what to do.

A scaler is stored *inside* the ``.keras`` file (an extra JSON entry, which Keras ignores), so
the model and the numbers that scale its inputs cannot drift apart, and ``keras.saving.load_model``
still opens the file.
"""

import importlib
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np

SCALER_ENTRY = "lstm_book/scaler.json"
_VERSION_NAME = re.compile(r"^(?P<name>.+)-v(?P<number>\d{4,})\.keras$")


def save(model, path, scaler=None):
    """Save a Keras model to a ``.keras`` file atomically, optionally with its fitted scaler.

    Used in chapter 13 (the forecaster and its scaler) and, through :func:`save_version`,
    chapter 14.

    Parameters
    ----------
    model : keras.Model
    path : str or pathlib.Path
        The target file; it must end with ``.keras``. Its folder is created if missing. An
        existing file is replaced only once the new one is complete.
    scaler : fitted scikit-learn scaler, optional
        E.g. the ``MinMaxScaler`` from ``prepare.scale``; read it back with :func:`load_scaler`.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    if path.suffix != ".keras":
        raise ValueError(f"path must end with '.keras' (the Keras 3 file format), got {str(path)!r}; "
                         f"use e.g. {str(path.with_suffix('.keras'))!r}")
    scaler_json = None if scaler is None else json.dumps(_scaler_to_dict(scaler))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".keras")
    os.close(handle)
    try:
        model.save(scratch)
        if scaler_json is not None:
            with zipfile.ZipFile(scratch, "a") as archive:
                archive.writestr(SCALER_ENTRY, scaler_json)
        with open(scratch, "ab") as written:  # on disk before the rename, not only in a cache
            os.fsync(written.fileno())
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return path


def load(path, compile=True):
    """Load a model saved by :func:`save` (or any ``.keras`` file), with clear errors.

    Used in chapters 13 and 14.

    Parameters
    ----------
    path : str or pathlib.Path
    compile : bool
        Restore the training configuration (optimizer, loss) too, as Keras does by default.

    Returns
    -------
    keras.Model

    Raises
    ------
    FileNotFoundError
        When there is no file at ``path``.
    OSError
        When the file is not a readable Keras model (corrupt, truncated, or another format).
    """
    import keras

    import lstm_book.side_by_side  # noqa: F401 -- registers the layers of side-by-side models

    path = _existing(path)
    try:
        return keras.saving.load_model(path, compile=compile)
    except Exception as error:
        raise OSError(f"{path} could not be loaded as a Keras model ({type(error).__name__}: "
                      f"{error}); the file is damaged or was not written by model.save. Load an "
                      "earlier version (persist.versions lists them) or save the model again") from error


def load_scaler(path):
    """The scaler saved inside a model file by ``save(model, path, scaler=...)``.

    Used in chapter 13.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    fitted scikit-learn scaler
        Of the class that was saved, ready for ``transform`` and ``inverse_transform``.
    """
    path = _existing(path)
    with zipfile.ZipFile(path) as archive:
        if SCALER_ENTRY not in archive.namelist():
            raise ValueError(f"{path} holds no scaler; save it with persist.save(model, path, "
                             "scaler=scaler)")
        stored = json.loads(archive.read(SCALER_ENTRY))
    return _scaler_from_dict(stored, path)


def _existing(path):
    """``path`` as a Path, after checking that it is a readable zip archive (a ``.keras`` file)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {path}; check the name, or list the saved "
                                "versions with persist.versions(folder)")
    if not zipfile.is_zipfile(path):
        raise OSError(f"{path} is not a Keras model file: a .keras file is a zip archive, this one "
                      "is corrupt or truncated (e.g. by an interrupted copy). Load an earlier "
                      "version (persist.versions lists them) or save the model again")
    return path


# --- versions (chapter 14) ----------------------------------------------------------------------


def versions(folder, name="model"):
    """The saved versions of a model, oldest first: ``folder/name-v0001.keras``, ...

    Parameters
    ----------
    folder : str or pathlib.Path
        A missing folder has no versions.
    name : str

    Returns
    -------
    list of pathlib.Path
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [(int(match["number"]), path) for path in folder.iterdir()
             if (match := _VERSION_NAME.match(path.name)) and match["name"] == name]
    return [path for _, path in sorted(found)]


def save_version(model, folder, name="model", scaler=None):
    """Save a model as the next numbered version; earlier versions stay as they are.

    Used in chapter 14 after every update of a model. Each version is written atomically by
    :func:`save`, so an update that fails midway leaves the latest good version in place.

    Parameters
    ----------
    model : keras.Model
    folder : str or pathlib.Path
        Created if missing.
    name : str
        The model's name: letters, digits, ``-`` and ``_``.
    scaler : fitted scikit-learn scaler, optional

    Returns
    -------
    pathlib.Path
        The new version's file, ``folder/name-vNNNN.keras``.
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", str(name)):
        raise ValueError(f"name must use only letters, digits, '-' and '_', got {name!r}")
    existing = versions(folder, name)
    number = int(_VERSION_NAME.match(existing[-1].name)["number"]) + 1 if existing else 1
    path = Path(folder) / f"{name}-v{number:04d}.keras"
    if path.exists():
        raise FileExistsError(f"{path} exists already; a version is never overwritten")
    return save(model, path, scaler=scaler)


# --- scalers as JSON ------------------------------------------------------------------------------


def _scaler_to_dict(scaler):
    """A fitted scikit-learn scaler as plain JSON data: class, parameters, fitted attributes."""
    cls = type(scaler)
    if not cls.__module__.startswith("sklearn.preprocessing") or not hasattr(scaler, "get_params"):
        raise ValueError("scaler must be a fitted scikit-learn scaler from sklearn.preprocessing "
                         f"(e.g. the one prepare.scale returns), got {cls.__name__}")
    fitted = {key: value for key, value in vars(scaler).items()
              if key.endswith("_") and not key.startswith("_")}
    if not fitted:
        raise ValueError(f"scaler must be fitted before it is saved; call {cls.__name__}.fit first")
    return {"class": f"{cls.__module__}.{cls.__qualname__}",
            "params": _encode(scaler.get_params()), "fitted": _encode(fitted)}


def _scaler_from_dict(stored, path):
    module_name, _, class_name = stored["class"].rpartition(".")
    if not module_name.startswith("sklearn.preprocessing"):
        raise OSError(f"{path} names the scaler class {stored['class']!r}, which is not a "
                      "scikit-learn scaler; the file was not written by persist.save")
    cls = getattr(importlib.import_module(module_name), class_name)
    scaler = cls(**_decode(stored["params"]))
    for key, value in _decode(stored["fitted"]).items():
        setattr(scaler, key, value)
    return scaler


def _encode(value):
    if isinstance(value, np.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(item) for item in value]}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decode(value):
    if isinstance(value, dict) and "__ndarray__" in value:
        return np.asarray(value["__ndarray__"], dtype=value["dtype"])
    if isinstance(value, dict) and "__tuple__" in value:
        return tuple(_decode(item) for item in value["__tuple__"])
    if isinstance(value, dict):
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value
