"""A chapter's kernel start, as a new Python process and forked from the runner's zygote.

Starts ``--kernels`` kernels one after the other, each running a chapter's first code cell (its
imports, seed and switches), first as new processes (``python -m ipykernel_launcher``, what
``run --no-fork`` does), then forked from one zygote (:mod:`lstm_book.book.zygote`, the runner's
default), and prints the wall time and the CPU time of each way, per kernel, with their ratio. The
zygote's own imports are counted in the forked total: it pays them once for all its kernels.

Run from the repository root:
    .venv/bin/python benchmarks/kernels.py [--backend jax] [--kernels 6] [--chapter 9]
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout too

from lstm_book.book import chapters, runner, zygote  # noqa: E402


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def first_cell_notebook(chapter):
    """The chapter's notebook cut to its first code cell (imports, seed, switches)."""
    import nbformat

    notebook = nbformat.read(chapter.path, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "code"][:1]
    return notebook


def start_kernels(notebook, n, env, manager_class=None):
    """Run ``notebook`` in ``n`` kernels one after the other; return (wall seconds, CPU seconds)."""
    from nbclient import NotebookClient

    options = {} if manager_class is None else {"kernel_manager_class": manager_class}
    cpu, start = _children_cpu(), time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(n):
            with open(Path(folder) / "kernel.log", "w", encoding="utf-8") as log:
                NotebookClient(notebook.copy(), kernel_name="python3",
                               extra_arguments=runner.KERNEL_ARGUMENTS,
                               resources={"metadata": {"path": str(chapters.CHAPTER_DIR)}},
                               **options).execute(env=env, stdout=log, stderr=log)
    return time.perf_counter() - start, _children_cpu() - cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=zygote.BACKENDS, default="tensorflow")
    parser.add_argument("--kernels", type=int, default=6)
    parser.add_argument("--chapter", type=int, default=9)
    args = parser.parse_args(argv)
    notebook = first_cell_notebook(chapters.get(args.chapter))
    env = {**runner.kernel_env(args.backend, runner._thread_env(1)), "LSTM_BOOK_QUICK": "1"}
    new_wall, new_cpu = start_kernels(notebook, args.kernels, env)
    with tempfile.TemporaryDirectory() as folder:
        cpu, start = _children_cpu(), time.perf_counter()
        with zygote.Zygote(env, Path(folder) / "zygote.log") as forking:
            start_kernels(notebook, args.kernels, env, zygote.kernel_manager_class(forking))
        forked_wall, forked_cpu = time.perf_counter() - start, _children_cpu() - cpu
    n = args.kernels
    print(f"{n} kernels on {args.backend}, each running chapter {args.chapter}'s first cell:")
    print(f"  new processes:      {new_wall / n:5.2f} s wall, {new_cpu / n:5.2f} s CPU per kernel")
    print(f"  forked from zygote: {forked_wall / n:5.2f} s wall, {forked_cpu / n:5.2f} s CPU per kernel"
          " (the zygote's imports included)")
    print(f"  ratio forked / new: {forked_wall / new_wall:.2f} wall, {forked_cpu / new_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
