"""Save and load models safely: atomic writes, numbered versions, a model together with its scaler.

Chapter 13 saves a finished forecaster together with the scaler its inputs need; chapter 14 writes
a new version of a model after every update and keeps the old ones. Four rules make that safe:

- **Atomic**: :func:`save` writes to a scratch file in the target folder and then renames it
  over the target (``os.replace``, atomic on one file system). A crash or an exception midway
  leaves the previous file untouched and no half-written file under the target name.
- **Verified**: the scratch file is loaded back before it replaces anything, so a model that Keras
  can save but not load (e.g. a custom layer that is not registered) never replaces a good file.
- **Versions are never overwritten, even by two processes at once**: :func:`save_version` writes
  ``name-v0001.keras``, ``name-v0002.keras``, ... and claims each number atomically: the finished
  file is hard-linked under the version's name, which fails if that name exists, and the next
  number is tried.
- **Nothing is left behind**: the scratch file of a save that was killed midway (it carries the
  process id) is removed, with a warning, by the next save into that folder.

Loading a missing or damaged file names the file and says what to do. A scaler is stored *inside*
the ``.keras`` file (an extra JSON entry, which Keras ignores), so the model and the numbers that
scale its inputs cannot drift apart, and ``keras.saving.load_model`` still opens the file.

Copy this file into your own project as it is: it needs only numpy, keras and (for scalers)
scikit-learn, nothing else from ``lstm_book``. A model with custom layers loads once the module
that registers them is imported (``from lstm_book import side_by_side`` for the wide models of
chapters 12-14), or with ``custom_objects``.
"""

import importlib
import json
import os
import re
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np

SCALER_ENTRY = "lstm_book/scaler.json"
_VERSION_NAME = re.compile(r"^(?P<name>.+)-v(?P<number>\d{4,})\.keras$")
_SCRATCH_NAME = re.compile(r"^\..+~scratch~(?P<pid>\d+)~\w+\.keras$")
_MODEL_NAME = re.compile(r"[A-Za-z0-9_-]+")
_STALE_S = 3600  # where process ids cannot be checked, a scratch file this old is a dead save's


# --- checks (each module keeps its own few lines, so it can be copied alone) -----------------------


def _path(name, value):
    if isinstance(value, bool) or not isinstance(value, str | os.PathLike) or not str(value):
        raise TypeError(f"{name} must be a file or folder path (str or pathlib.Path), got "
                        f"{value!r:.60}")
    return Path(value)


def _check_model(model):
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__} {model!r:.60}")


def _check_name(name):
    if not isinstance(name, str) or not _MODEL_NAME.fullmatch(name):
        raise ValueError(f"name must use only letters, digits, '-' and '_', got {name!r}")


def _check_flag(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")


def _check_custom_objects(custom_objects):
    if custom_objects is not None and not isinstance(custom_objects, dict):
        raise TypeError(f"custom_objects must be a dict of name -> class (or None), got "
                        f"{custom_objects!r:.60}")


# --- saving and loading (chapters 13 and 14) -------------------------------------------------------


def save(model, path, scaler=None, custom_objects=None):
    """Save a Keras model to a ``.keras`` file atomically, optionally with its fitted scaler.

    Used in chapter 13 (the forecaster and its scaler) and, through :func:`save_version`,
    chapter 14. The new file is loaded back before it replaces anything.

    Parameters
    ----------
    model : keras.Model
    path : str or pathlib.Path
        The target file; it must end with ``.keras``. Its folder is created if missing. An
        existing file is replaced only once the new one is complete and loads.
    scaler : fitted scikit-learn scaler, optional
        E.g. the ``MinMaxScaler`` from ``prepare.scale``; read it back with :func:`load_scaler`.
    custom_objects : dict, optional
        Classes Keras needs to load the model back (for layers that are not registered).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = _check_save(model, path, scaler, custom_objects)
    scratch = _write_scratch(model, path, scaler, custom_objects)
    try:
        os.replace(scratch, path)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return path


def _check_save(model, path, scaler, custom_objects):
    _check_model(model)
    path = _path("path", path)
    if path.suffix != ".keras":
        raise ValueError(f"path must end with '.keras' (the Keras 3 file format), got {str(path)!r}; "
                         f"use e.g. {str(path.with_suffix('.keras'))!r}")
    if path.is_dir():
        raise ValueError(f"path must name a file, got the folder {str(path)!r}; use e.g. "
                         f"{str(path / 'model.keras')!r}")
    if scaler is not None:
        _scaler_to_dict(scaler)  # refuses an unfitted or foreign scaler before any file is made
    _check_custom_objects(custom_objects)
    return path


def _write_scratch(model, path, scaler, custom_objects):
    """A complete, verified copy of the model in a scratch file next to ``path``."""
    scaler_json = None if scaler is None else json.dumps(_scaler_to_dict(scaler))
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_scratch(path.parent)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}~scratch~{os.getpid()}~",
                                    suffix=".keras")
    os.close(handle)
    scratch = Path(name)
    try:
        model.save(scratch)
        if scaler_json is not None:
            with zipfile.ZipFile(scratch, "a") as archive:
                archive.writestr(SCALER_ENTRY, scaler_json)
        with open(scratch, "ab") as written:  # on disk before the rename, not only in a cache
            os.fsync(written.fileno())
        _verify_loads(scratch, path, custom_objects)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return scratch


def _verify_loads(scratch, path, custom_objects):
    import keras

    try:
        keras.saving.load_model(scratch, custom_objects=custom_objects)
    except Exception as error:
        raise ValueError(f"model was saved but could not be loaded back ({type(error).__name__}: "
                         f"{str(error)[:300]}); {path} was left as it was. Register custom "
                         "layers with @keras.saving.register_keras_serializable (or pass "
                         "custom_objects), and give them a get_config") from error


def _remove_dead_scratch(folder):
    """Remove scratch files of saves that were killed midway; warn about each one."""
    for scratch in folder.iterdir():
        match = _SCRATCH_NAME.match(scratch.name)
        if match and _is_dead(int(match["pid"]), scratch):
            scratch.unlink(missing_ok=True)
            warnings.warn(f"removed {scratch}, left by a save that was killed midway (the saved "
                          "files themselves were never touched)", stacklevel=4)


def _is_dead(pid, scratch):
    if pid == os.getpid():
        return False  # our own save in another thread, or one still running
    if os.name != "posix":
        return time.time() - scratch.stat().st_mtime > _STALE_S
    try:
        os.kill(pid, 0)  # signal 0 sends nothing: it only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def load(path, compile=True, custom_objects=None):
    """Load a model saved by :func:`save` (or any ``.keras`` file), with clear errors.

    Used in chapters 13 and 14. A wide model of chapters 12-14 loads once
    ``lstm_book.side_by_side`` is imported (it registers its layers with Keras).

    Parameters
    ----------
    path : str or pathlib.Path
    compile : bool
        Restore the training configuration (optimizer, loss) too, as Keras does by default.
    custom_objects : dict, optional
        Classes Keras needs for layers that are not registered, e.g. ``{"MyLayer": MyLayer}``.

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

    _check_flag("compile", compile)
    _check_custom_objects(custom_objects)
    path = _existing(path)
    try:
        return keras.saving.load_model(path, compile=compile, custom_objects=custom_objects)
    except Exception as error:
        raise OSError(f"{path} could not be loaded as a Keras model ({type(error).__name__}: "
                      f"{str(error)[:300]}); the file is damaged, was not written by model.save, "
                      "or uses custom layers: import the module that registers them (e.g. "
                      "lstm_book.side_by_side) or pass custom_objects. Otherwise load an earlier "
                      "version (persist.versions lists them) or save the model again") from error


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
    try:
        with zipfile.ZipFile(path) as archive:
            if SCALER_ENTRY not in archive.namelist():
                raise ValueError(f"{path} holds no scaler; save it with persist.save(model, path, "
                                 "scaler=scaler)")
            stored = json.loads(archive.read(SCALER_ENTRY))
        return _scaler_from_dict(stored, path)
    except (zipfile.BadZipFile, json.JSONDecodeError, KeyError, TypeError, AttributeError,
            ImportError, UnicodeDecodeError) as error:
        raise OSError(f"{path} holds a damaged scaler entry ({type(error).__name__}: {error}); "
                      "save the model and its scaler again") from error


def _existing(path):
    """``path`` as a Path, after checking that it is a readable zip archive (a ``.keras`` file)."""
    path = _path("path", path)
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
        The model's name: letters, digits, ``-`` and ``_``.

    Returns
    -------
    list of pathlib.Path
    """
    folder = _path("folder", folder)
    _check_name(name)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"folder must be a folder of saved versions, got the file {folder}")
    if not folder.is_dir():
        return []
    found = [(int(match["number"]), path) for path in folder.iterdir()
             if (match := _VERSION_NAME.match(path.name)) and match["name"] == name]
    return [path for _, path in sorted(found)]


def save_version(model, folder, name="model", scaler=None, custom_objects=None):
    """Save a model as the next numbered version; earlier versions stay as they are.

    Used in chapter 14 after every update of a model. The file is written and verified first,
    then claimed under the next free number atomically, so an update that fails midway leaves the
    latest good version in place, and two processes saving at once get different numbers.

    Parameters
    ----------
    model : keras.Model
    folder : str or pathlib.Path
        Created if missing.
    name : str
        The model's name: letters, digits, ``-`` and ``_``.
    scaler : fitted scikit-learn scaler, optional
    custom_objects : dict, optional
        As for :func:`save`.

    Returns
    -------
    pathlib.Path
        The new version's file, ``folder/name-vNNNN.keras``.
    """
    folder = _path("folder", folder)
    _check_name(name)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"folder must be a folder of saved versions, got the file {folder}")
    _check_save(model, folder / f"{name}.keras", scaler, custom_objects)
    scratch = _write_scratch(model, folder / f"{name}.keras", scaler, custom_objects)
    try:
        return _claim_next_version(scratch, folder, name)
    finally:
        scratch.unlink(missing_ok=True)


def _claim_next_version(scratch, folder, name):
    """Give the finished ``scratch`` file the next free version name; never replace one."""
    existing = versions(folder, name)
    number = int(_VERSION_NAME.match(existing[-1].name)["number"]) + 1 if existing else 1
    while True:
        path = folder / f"{name}-v{number:04d}.keras"
        try:
            os.link(scratch, path)  # fails if the name exists: the claim and the write in one step
            return path
        except FileExistsError:
            number += 1  # another save took this number first
        except OSError as error:
            if not _links_unsupported(error):
                raise
            return _claim_without_links(scratch, path, folder, name, number)


def _links_unsupported(error):
    import errno

    return error.errno in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                           errno.EMLINK} or isinstance(error, NotImplementedError)


def _claim_without_links(scratch, path, folder, name, number):
    # A file system without hard links: claim the name by creating it exclusively (an empty
    # placeholder for a moment), then move the finished file over it.
    while True:
        path = folder / f"{name}-v{number:04d}.keras"
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            number += 1
            continue
        os.replace(scratch, path)
        return path


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
    for key, value in fitted.items():
        numeric = np.asarray(value)
        if numeric.dtype.kind in "fc" and not np.isfinite(numeric).all():
            raise ValueError(f"scaler must hold finite numbers, got NaN or inf in {key}: it was "
                             "fitted on data with missing values; drop or fill them, then fit again")
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
