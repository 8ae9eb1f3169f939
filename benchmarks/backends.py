"""Seconds per chapter on each Keras backend, against the TensorFlow run.

Reads the ``results.json`` of a TensorFlow run and of a JAX run (and of a PyTorch run where one
exists), from the folders ``python -m lstm_book run [--backend B] [--quick]`` writes to, and
prints each chapter's seconds on each backend with its ratio to TensorFlow's (below 1: faster).

With ``--split`` it also measures, in a fresh process per backend, the fixed costs before a
chapter's own work: ``import keras`` (the backend's start-up, paid by every kernel started as a new
process; with the runner's forked kernels, once per run by its zygote and once by chapter 8's own
kernel) and the first ``fit`` step of a small LSTM (which compiles the train step) against a later
step of the same shape. The run's seconds then split into start-up (the imports), and compile plus
training (the rest); the compile share of one model is printed beside it, since a chapter compiles
once per model, shape and call.

Run from the repository root, after the runs:
    .venv/bin/python benchmarks/backends.py [--quick] [--split]
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout too

from lstm_book import runtime  # noqa: E402
from lstm_book.book import runner  # noqa: E402

# One fresh process per backend: import keras, then time a first and a later train step.
PROBE = """
import time
start = time.perf_counter()
import keras
import numpy as np
imported = time.perf_counter() - start
inputs = keras.Input(shape=(20, 4))
model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM(16)(inputs)))
model.compile(optimizer="adam", loss="mse")
X, y = np.zeros((32, 20, 4), "float32"), np.zeros((32, 1), "float32")
start = time.perf_counter()
model.train_on_batch(X, y)
first = time.perf_counter() - start
start = time.perf_counter()
for _ in range(5):
    model.train_on_batch(X, y)
step = (time.perf_counter() - start) / 5
print(imported, first - step, step)
"""


def load(path):
    """The results document at ``path``, or None when that run has not been made."""
    path = Path(path)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def probe(backend):
    """(import keras, one compile, one steady step) in seconds, measured in a fresh process."""
    env = {**os.environ, "KERAS_BACKEND": backend, **runtime.TF_ENV}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                          timeout=600, check=True)
    return tuple(float(v) for v in done.stdout.split()[-3:])


def _imports(document):
    """How many processes of a run imported Keras: every kernel, or the zygote and the kernels it
    did not fork (``forked_kernels`` in results.json)."""
    numbers = [entry["chapter"] for entry in document["chapters"]]
    if not document.get("forked_kernels"):
        return len(numbers) or 1
    return 1 + sum(number in runner.OWN_PROCESS for number in numbers)


def table(runs, baseline="tensorflow"):
    """Rows of text: chapter, then seconds (and ratio to the baseline) per backend."""
    backends = list(runs)
    chapters = sorted({e["chapter"] for doc in runs.values() for e in doc["chapters"]})
    seconds = {b: {e["chapter"]: e for e in runs[b]["chapters"]} for b in backends}
    header = ["ch"] + [f"{b} s" + ("" if b == baseline else " (ratio)") for b in backends]
    rows = [header]
    for number in chapters:
        row = [f"{number:02d}"]
        base = seconds.get(baseline, {}).get(number)
        for b in backends:
            entry = seconds[b].get(number)
            if entry is None:
                row.append("-")
                continue
            cell = f"{entry['seconds']:.1f}" + ("" if entry["status"] == "ok" else " FAILED")
            if b != baseline and base and base["seconds"]:
                cell += f" ({entry['seconds'] / base['seconds']:.2f})"
            row.append(cell)
        rows.append(row)
    total = ["all"]
    for b in backends:
        cell = f"{runs[b]['total_seconds']:.1f}"
        if b != baseline and baseline in runs:
            cell += f" ({runs[b]['total_seconds'] / runs[baseline]['total_seconds']:.2f})"
        total.append(cell)
    rows.append(total)
    return rows


def render(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="compare the quick runs")
    parser.add_argument("--split", action="store_true",
                        help="also measure start-up and one compile per backend (fresh processes)")
    for backend in runner.BACKENDS:
        parser.add_argument(f"--{backend}", metavar="RESULTS_JSON",
                            help=f"{backend}'s results.json (default: where its run writes)")
    args = parser.parse_args(argv)
    runs = {}
    for backend in runner.BACKENDS:
        path = getattr(args, backend) or runner.default_out_dir(args.quick, "en", backend) / "results.json"
        document = load(path)
        if document is not None:
            if document.get("backend", backend) != backend:
                print(f"warning: {path} records backend {document.get('backend')!r}, not {backend!r}")
            runs[backend] = document
        else:
            print(f"{backend}: no run at {path} (python -m lstm_book run --backend {backend}"
                  f"{' --quick' if args.quick else ''})")
    if "tensorflow" not in runs:
        print("no TensorFlow run to compare against")
        return 2
    mode = "quick" if args.quick else "full"
    print(f"\nseconds per chapter, {mode} mode (ratio to TensorFlow; below 1 is faster)\n")
    print(render(table(runs)))
    if args.split:
        print("\nstart-up (import keras) is paid once per kernel started as a new process (with forked "
              "kernels: once by the run's zygote, and by chapter 8's own kernel); a compile, once per "
              "model and input shape in every chapter\n")
        rows = [["backend", "import keras s", "one compile s", "one step s", "start-up share"]]
        for backend, document in runs.items():
            imported, compile_s, step = probe(backend)
            imports = _imports(document)
            share = imported * imports / document["total_seconds"]
            rows.append([backend, f"{imported:.2f}", f"{compile_s:.2f}", f"{step:.4f}",
                         f"{share:.0%} of the run ({imports} imports)"])
        print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
