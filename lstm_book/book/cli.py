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
    # KERAS_BACKEND picks the backend, as it does for Keras itself; --backend wins over it.
    backend = args.backend or os.environ.get("KERAS_BACKEND") or runner.DEFAULT_BACKEND
    try:
        out = args.out or runner.default_out_dir(quick, args.lang, runner.check_backend(backend))
        document = runner.run(args.chapters, quick=quick, out_dir=out, language=args.lang,
                              backend=backend, jobs=args.jobs, fork=not args.no_fork)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0 if all(e["status"] == "ok" for e in document["chapters"]) else 1


def _results(args):
    import json
    from pathlib import Path

    from lstm_book.book import runner

    paths = [Path(file) for file in args.file or [chapters.ROOT / "build" / "results.json"]]
    for path in paths:
        if not path.exists():
            print(f"error: {path} not found; run 'python -m lstm_book run' first", file=sys.stderr)
            return 2
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    if len(documents) == 1:
        print(runner.format_table(documents[0], markdown=args.markdown))
    else:
        print(runner.format_comparison(documents, markdown=args.markdown))
    return 0


def _handout(args):
    from lstm_book.book import handout, nbgrader_export

    try:
        if args.format == "nbgrader":
            written = nbgrader_export.write_course(args.outdir)
        else:
            written = handout.write_handouts(args.outdir)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.format == "nbgrader":
        print(f"wrote {len(written) - 1} nbgrader assignments (source/chNN/) and "
              f"{nbgrader_export.CONFIG_NAME} to {args.outdir}; next: cd {args.outdir} && "
              "nbgrader generate_assignment ch01")
    else:
        print(f"wrote {len(written)} student notebooks to {args.outdir}")
    return 0


def _lab(args):
    """Start JupyterLab on chapters/ with the book's settings; as root too (containers, Colab)."""
    import subprocess

    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={chapters.CHAPTER_DIR}"]
    # Jupyter's kernels show what TensorFlow's C++ code prints at import, and with oneDNN on that
    # is a notice in every notebook's first cell; the book's runner sends it to a log instead
    # (runner.KERNEL_ARGUMENTS). Here oneDNN is off unless you set it: TensorFlow's own CPU
    # kernels, a little slower, and a clean first cell.
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses root unless told; in a container root is the only user there is.
        command.append("--allow-root")
    return subprocess.call(command + args.lab_args)


def _translations(args):
    from lstm_book.book import i18n

    try:
        selected = chapters.available() if not args.chapters else [chapters.get(n) for n in args.chapters]
        if args.action == "refresh":
            for summary in i18n.refresh_all(selected, locales=args.locales):
                print(f"{summary.path.name}: {'written' if summary.written else 'unchanged'}; "
                      f"{len(summary.added)} added, {len(summary.changed)} now fuzzy, "
                      f"{len(summary.obsolete)} obsolete, {len(summary.dropped)} dropped")
            return 0
        if args.action == "status":
            statuses = i18n.status_all(selected, locales=args.locales)
            print(i18n.format_status(statuses))
            return 1 if any(status.needs_work for status in statuses) else 0
        written = i18n.write_notebooks(selected, args.out, locales=args.locales)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    left = sum(len(cells) for cells in written.values())
    print(f"wrote {len(written)} Chinese notebooks to {args.out}; {left} markdown cells left in English")
    return 0


def _add_translations(commands):
    parser = commands.add_parser("translations", help="the Chinese catalogs: refresh, status, build")
    actions = parser.add_subparsers(dest="action", required=True)
    helps = {"refresh": "update locales/zh_CN/*.po from the notebooks (changed cells become fuzzy)",
             "status": "list untranslated and fuzzy cells per chapter; exit 1 if any",
             "build": "write the Chinese notebooks, unexecuted"}
    for action, text in helps.items():
        sub = actions.add_parser(action, help=text)
        sub.add_argument("chapters", nargs="*", type=int, help="chapter numbers (default: all)")
        sub.add_argument("--locales", default=str(chapters.ROOT / "locales"),
                         help="folder holding zh_CN/ (default: locales/)")
        if action == "build":
            sub.add_argument("--out", default=str(chapters.ROOT / "build" / "zh" / "chapters"),
                             help="output folder (default: build/zh/chapters/)")
        sub.set_defaults(func=_translations)


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
    run.add_argument("--out", help="output folder (default: build/; quick: build/quick/; "
                     "--lang zh: build/zh/; another backend: build/<backend>/, e.g. "
                     "build/jax/quick/)")
    run.add_argument("--lang", choices=["en", "zh"], default="en",
                     help="zh: the Chinese edition, built from locales/zh_CN/*.po")
    run.add_argument("--backend", choices=["tensorflow", "jax", "torch"],
                     help="Keras's backend for the notebooks (default: $KERAS_BACKEND, else "
                     "tensorflow); another backend than tensorflow writes to build/<backend>/")
    run.add_argument("--jobs", type=int, default=None,
                     help="chapters run at once, each in its own kernel (default: one more than "
                     "the cores, at most 4; 1 on a single core)")
    run.add_argument("--no-fork", action="store_true",
                     help="start every kernel as a new Python process, instead of forking it from "
                     "a process that has imported the notebooks' libraries once for the run")
    run.set_defaults(func=_run)
    _add_translations(commands)
    results = commands.add_parser("results", help="print the table of the last run's results.json")
    results.add_argument("--file", action="append",
                         help="a results.json (default: build/results.json); give it twice, e.g. "
                         "build/results.json and build/jax/results.json, for the runs side by side")
    results.add_argument("--markdown", action="store_true", help="a Markdown table, for the README")
    results.set_defaults(func=_results)
    handout = commands.add_parser("handout", help="write student copies without solutions")
    handout.add_argument("outdir")
    handout.add_argument("--format", choices=["plain", "nbgrader"], default="plain",
                         help="plain: one student notebook per chapter (default); nbgrader: an "
                              "nbgrader course folder, one assignment per chapter")
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
