"""The copy unit (issue 10 item 7): each reader module is one file a reader can copy on its own.

Two proofs per module at the top of ``lstm_book/``: its source imports nothing from ``lstm_book``
(anywhere, function-local imports included), and the file copied alone into an empty folder
imports in a fresh interpreter where ``lstm_book`` cannot be imported at all.
"""

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lstm_book"
MODULES = sorted(path for path in PACKAGE.glob("*.py") if path.stem not in ("__init__", "__main__"))


def lstm_book_imports(path):
    """``(line, statement)`` of every import of ``lstm_book`` in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = ["." * node.level + (node.module or "")]
        else:
            continue
        if any(name == "lstm_book" or name.startswith(("lstm_book.", ".")) for name in names):
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_check_finds_imports_at_any_depth(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("import numpy\n\n\ndef f():\n    from lstm_book.runtime import set_seed\n"
                      "    from . import prepare\n    import lstm_book\n")
    assert [line for line, _ in lstm_book_imports(module)] == [5, 6, 7]


def test_every_reader_module_is_listed():
    assert {"prepare", "problems", "models", "runtime"} <= {path.stem for path in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_module_imports_nothing_from_lstm_book(path):
    assert lstm_book_imports(path) == [], f"{path.name} is not a copy unit"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_module_copied_alone_imports(path, tmp_path):
    shutil.copy(path, tmp_path / path.name)
    program = textwrap.dedent(f"""
        import sys
        repo = {str(PACKAGE.parent)!r}
        # the checkout off the path (the virtual environment inside it stays: numpy, keras, ...)
        sys.path = [p for p in sys.path if p and (not p.startswith(repo) or p.startswith(sys.prefix))]
        sys.modules["lstm_book"] = None  # any import of the package now fails
        sys.path.insert(0, {str(tmp_path)!r})
        import {path.stem}
    """)
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120,
                            env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, f"{path.name} alone does not import:\n{result.stderr[-2000:]}"
