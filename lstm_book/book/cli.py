"""Command line: ``python -m lstm_book list`` and ``python -m lstm_book run [N ...] [--quick]``."""

import argparse
import os
import sys

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

    quick = args.quick or os.environ.get("LSTM_BOOK_QUICK", "") == "1"
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


def main(argv=None):
    # The same quiet, repeatable TensorFlow set-up as `make` gives, before anything imports it.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
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
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
