"""Command line: ``python -m lstm_book list`` and ``python -m lstm_book run [N ...] [--quick]``."""

import argparse
import os
import sys

from lstm_book import runtime
from lstm_book.book import chapters


def _list(_args):
    for chapter in chapters.CHAPTERS:
        present = "" if chapter.path.exists() else "  (notebook not written yet)"
        print(f"{chapter.number:2d}  {chapter.title}  {chapter.notebook}{present}")
        for metric in chapter.metrics:
            print(f"      {metric.name} {metric.target or '(reported)'}  book: {metric.book}")
    return 0


def _run(args):
    from lstm_book.book import runner

    quick = args.quick or runtime.is_quick()
    try:
        document = runner.run(args.chapters, quick=quick, out_dir=args.out)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0 if all(e["status"] == "ok" for e in document["chapters"]) else 1


def _results(args):
    import json
    from pathlib import Path

    from lstm_book.book import runner

    path = Path(args.file)
    if not path.exists():
        print(f"error: {path} not found; run 'python -m lstm_book run' first", file=sys.stderr)
        return 2
    print(runner.format_table(json.loads(path.read_text(encoding="utf-8")), markdown=args.markdown))
    return 0


def _handout(args):
    from lstm_book.book import handout

    written = handout.write_handouts(args.outdir)
    print(f"wrote {len(written)} student notebooks to {args.outdir}")
    return 0


def _lab(args):
    """Start JupyterLab on chapters/ with the book's settings; as root too (containers, Colab)."""
    import subprocess

    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={chapters.CHAPTER_DIR}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses root unless told; in a container root is the only user there is.
        command.append("--allow-root")
    return subprocess.call(command + args.lab_args)


def main(argv=None):
    # The same quiet, repeatable TensorFlow set-up as `make` gives, before anything imports it.
    for key, value in runtime.TF_ENV.items():
        os.environ.setdefault(key, value)
    parser = argparse.ArgumentParser(prog="python -m lstm_book",
                                     description="Run the chapters of the LSTM book companion.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list chapters, notebooks and targets").set_defaults(func=_list)
    run = commands.add_parser("run", help="execute chapter notebooks, write build/results.json")
    run.add_argument("chapters", nargs="*", type=int, help="chapter numbers (default: all)")
    run.add_argument("--quick", action="store_true",
                     help="small data and few epochs; targets shown, not enforced")
    run.add_argument("--out", default=str(chapters.ROOT / "build"), help="output folder")
    run.set_defaults(func=_run)
    results = commands.add_parser("results", help="print the table of the last run's results.json")
    results.add_argument("--file", default=str(chapters.ROOT / "build" / "results.json"))
    results.add_argument("--markdown", action="store_true", help="a Markdown table, for the README")
    results.set_defaults(func=_results)
    handout = commands.add_parser("handout", help="write student copies without solutions")
    handout.add_argument("outdir")
    handout.set_defaults(func=_handout)
    lab = commands.add_parser("lab", help="start JupyterLab on chapters/ (extra options go to jupyter)")
    lab.set_defaults(func=_lab)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.lab_args = extra
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
