"""Run a test file's ``child`` tests in a fresh pytest process on one Keras backend.

Keras fixes its backend when it is first imported, so a test that must see every backend starts a
child pytest per backend (``KERAS_BACKEND=<backend>``) and checks that its tests passed. Test
modules import it as ``from child_backend import run_child`` (pytest puts ``tests/`` on ``sys.path``).
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_child(test_file, backend, child_env, extra_env=None):
    """Run ``-k child`` of ``test_file`` with ``KERAS_BACKEND=backend`` and ``child_env=backend``.

    TensorFlow and JAX must be installed (a failure says how); PyTorch is optional (a skip).

    Returns
    -------
    str
        The child's summary line, e.g. ``"4 passed, 6 deselected in 30.1s"``.
    """
    if importlib.util.find_spec(backend) is None:
        if backend in ("tensorflow", "jax"):
            pytest.fail(f"{backend} must be installed: pip install -r requirements.txt")
        pytest.skip(f"{backend} is not installed (make test-torch installs it)")
    env = {**os.environ, "KERAS_BACKEND": backend, child_env: backend, **(extra_env or {})}
    child = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "-k", "child", str(test_file)], env=env, capture_output=True, text=True,
                           timeout=600, cwd=Path(__file__).parent.parent)
    summary = child.stdout.strip().splitlines()[-1:] or [child.stderr[-500:]]
    assert child.returncode == 0, f"{backend}:\n{child.stdout[-3000:]}\n{child.stderr[-2000:]}"
    assert " passed" in summary[0], summary
    return summary[0]
