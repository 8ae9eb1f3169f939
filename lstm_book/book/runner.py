"""Execute chapter notebooks in fresh kernels and collect their results into build/results.json."""

import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from lstm_book import runtime
from lstm_book.book import chapters, report
from lstm_book.book import zygote as zygote_module
from lstm_book.runtime import QUICK_ENV

BUILD = chapters.ROOT / "build"
NOTEBOOK_TIMEOUT_S = 900
# JAX's persistent compilation cache, shared by every JAX kernel of every run (quick or full):
# a function compiled once, by any chapter, is read back instead of compiled again.
JAX_CACHE = BUILD / "jax" / "compilation-cache"
# Keras's backends the book runs on; the first is the default, whose runs go to build/ itself.
BACKENDS = ("tensorflow", "jax", "torch")
DEFAULT_BACKEND = BACKENDS[0]
# Each kernel's start-up warnings stay out of the display (log level). What compiled libraries
# write straight to the process's output (TensorFlow's and XLA's C++ logs, such as TensorFlow's
# notice that oneDNN is on) goes to the kernel's log file (kernel_log), not into the notebook;
# Python's own prints and warnings still show in their cells.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--IPKernelApp.capture_fd_output=False"]


def execute(chapter, quick, out_dir, language="en", backend=DEFAULT_BACKEND, threads=None,
            zygote=None):
    """Run one chapter's notebook in a fresh kernel; save the executed copy.

    Parameters
    ----------
    chapter : chapters.Chapter
    quick : bool
        Quick mode: small data, targets shown but not enforced.
    out_dir : pathlib.Path
        Where the executed notebook ``notebooks/NN_*.ipynb`` is written, and the kernel's log
        (:func:`kernel_log`).
    language : str
        ``"en"``, or ``"zh"`` for the Chinese notebook built from its catalog (see
        :mod:`lstm_book.book.i18n`); the entry then lists the cells left in English.
    backend : str
        Keras's backend for the kernel (``KERAS_BACKEND``): tensorflow, jax or torch.
    threads : int or None
        The size of TensorFlow's two thread pools in the kernel (see :func:`kernel_threads`);
        None leaves TensorFlow's default, one thread per core.
    zygote : lstm_book.book.zygote.Zygote or None
        A zygote started with :func:`kernel_env` of the same backend and threads, to fork the
        kernel from (see :mod:`lstm_book.book.zygote`); None starts a new Python process.

    Returns
    -------
    dict
        One entry of results.json's ``chapters`` list.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from lstm_book.book import i18n

    thread_env = _thread_env(threads)  # a bad count is refused before any kernel starts
    notebook, untranslated = i18n.notebook_for(chapter, language)
    with tempfile.TemporaryDirectory() as scratch:
        results_file = Path(scratch) / "results.jsonl"
        env = {**kernel_env(backend, thread_env), QUICK_ENV: "1" if quick else "0",
               report.RESULTS_ENV: str(results_file)}
        error = None
        log_path = kernel_log(out_dir, chapter)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        # The kernel gets its settings as its own environment, never through os.environ, so that
        # chapters running at once (run(jobs=2)) each keep theirs.
        forking = {} if zygote is None else {
            "kernel_manager_class": zygote_module.kernel_manager_class(zygote)}
        client = NotebookClient(notebook, timeout=NOTEBOOK_TIMEOUT_S, kernel_name="python3",
                                extra_arguments=KERNEL_ARGUMENTS,
                                resources={"metadata": {"path": str(chapters.CHAPTER_DIR)}}, **forking)
        try:
            with open(log_path, "w", encoding="utf-8") as log:
                client.execute(env=env, stdout=log, stderr=log)
        except CellExecutionError as failure:
            error = _first_line_of_error(failure)
        except Exception as failure:  # a dead kernel or a timeout fails this chapter only
            error = f"{type(failure).__name__}: {failure} (the kernel's own output: {log_path})"
        seconds = time.perf_counter() - start
        # A damaged line (a kernel killed mid-write) fails this chapter with the reason; the good
        # records still count and the other chapters run on.
        records, damage = report.read_checked(results_file)
        if damage:
            error = "; ".join(filter(None, [error, *damage]))
    _save(notebook, chapter, out_dir)
    entry = _summarize(chapter, records, seconds, error, quick)
    if language != "en":
        entry["title"] = i18n.translated_title(notebook, chapter.title)
        entry["untranslated_cells"] = [cell_id for cell_id, _state in untranslated]
    return entry


def kernel_env(backend, thread_env):
    """The environment every kernel of a run shares: ``os.environ`` and the book's settings (each
    chapter adds its own quick-mode switch and results file).

    Parameters
    ----------
    backend : str
        Keras's backend.
    thread_env : dict
        TensorFlow's thread-pool sizes (:func:`_thread_env`).

    Returns
    -------
    dict
        Variable name -> value: the backend, TensorFlow's quiet start and its CPU allocator,
        matplotlib's inline backend, the thread pools, and JAX's cache and XLA flags on JAX.
    """
    return {**os.environ, **runtime.TF_ENV, "KERAS_BACKEND": check_backend(backend),
            # Reuse CPU buffers between steps: without it, system time doubles chapter 8's run.
            "TF_CPU_ALLOCATOR_USE_BFC": "true",
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            **thread_env, **_jax_cache_env(backend), **_xla_env(backend)}


# Chapters whose kernel starts as a new process even when a zygote could fork it: chapter 8
# records its process's peak memory (ru_maxrss), and a forked kernel shares the libraries' memory
# with the zygote, so that only the pages it touches count (878 MB against 1,223 MB measured here).
OWN_PROCESS = frozenset({8})


def _zygote_for(chapter, zygote):
    return None if chapter.number in OWN_PROCESS else zygote


class _NoZygote:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _start_zygote(backend, threads, out_dir, fork):
    """A zygote for a run's kernels (a context manager), or one that gives None: without ``fork``,
    on PyTorch, off Linux, or where the zygote cannot start; its output goes to ``logs/zygote.log``."""
    if not fork or not zygote_module.supported(backend):
        return _NoZygote()
    log = Path(out_dir) / "logs" / "zygote.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        return zygote_module.Zygote(kernel_env(backend, _thread_env(threads)), log)
    except OSError:
        return _NoZygote()


def kernel_log(out_dir, chapter):
    """Where :func:`execute` keeps what a chapter's kernel process wrote outside the notebook:
    ``out_dir/logs/NN_name.log`` (the C++ libraries' messages; a crashed kernel's last words)."""
    return Path(out_dir) / "logs" / f"{chapter.stem}.log"


def _summarize(chapter, records, seconds, error, quick):
    metrics = [{"name": r["name"], "value": r["value"], "target": r["target"],
                "book": r["book"], "passed": r["passed"]}
               for r in records if r.get("kind") == "metric"]
    exercises = [{"id": r["id"], "passed": r["passed"]} for r in records
                 if r.get("kind") == "exercise"]
    problems = [] if error is None else [error]
    recorded = {m["name"] for m in metrics}
    if error is None:
        missing = [m.name for m in chapter.metrics if m.name not in recorded]
        if missing:
            problems.append(f"metrics not recorded: {', '.join(missing)}")
        failed_checks = [e["id"] for e in exercises if not e["passed"]]
        if failed_checks:
            problems.append(f"reference solutions fail their checks: {', '.join(failed_checks)}")
    if not quick:
        missed = [m["name"] for m in metrics if not m["passed"]]
        if missed:
            problems.append(f"missed target: {', '.join(missed)}")
    entry = {"chapter": chapter.number, "title": chapter.title, "notebook": chapter.notebook,
             "status": "failed" if problems else "ok", "seconds": round(seconds, 1),
             "metrics": metrics, "exercises": exercises}
    if problems:
        entry["error"] = "; ".join(problems)
    return entry


def _save(notebook, chapter, out_dir):
    import nbformat

    # The HTML book is rendered from these copies once all chapters ran (see run).
    (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out_dir / "notebooks" / f"{chapter.stem}.ipynb")


def _first_line_of_error(failure):
    lines = [line for line in str(failure).splitlines() if line.strip()]
    tail = [line for line in lines if "Error" in line or "error" in line]
    return (tail[-1] if tail else lines[-1] if lines else "cell failed")[:500]


def run(numbers=None, quick=False, out_dir=None, stream=None, language="en",
        backend=DEFAULT_BACKEND, jobs=None, fork=True):
    """Execute chapters (all with a notebook by default) and write ``out_dir/results.json``.

    It ends by rendering the HTML book of this run: ``out_dir/html/index.html`` and a page per
    chapter (see :mod:`lstm_book.book.htmlbook`). With ``language="zh"`` it runs the Chinese
    notebooks built from the catalogs (:mod:`lstm_book.book.i18n`) and says which cells are
    still in English. Each notebook runs on Keras's ``backend`` (tensorflow, jax or torch);
    ``out_dir`` defaults to :func:`default_out_dir`, so backends never overwrite each other.

    ``jobs`` chapters run at once, each in its own kernel (default :func:`default_jobs`: one more
    than the cores, three on two cores), each with :func:`kernel_threads` threads. The small
    models of the book leave a core idle much of the time (Python, compiles, kernel start), so
    several at once shorten the wall time; every chapter seeds itself, so its numbers do not
    depend on what runs beside it (the thread count may change their last bits). Chapters start
    longest first, by the seconds of this folder's last run (or :data:`LONGEST_FIRST`), and
    results stay in chapter order.

    With ``fork`` (the default), TensorFlow and JAX kernels on Linux are forked from a zygote that
    has imported the notebooks' libraries once for the whole run (:mod:`lstm_book.book.zygote`);
    ``fork=False`` starts each kernel as a new Python process.

    Returns
    -------
    dict
        The results document; ``ok`` is true when every chapter has status ``"ok"``.
    """
    from lstm_book.book import i18n

    i18n.check_language(language)
    check_backend(backend)
    jobs = default_jobs() if jobs is None else _check_jobs(jobs)
    out_dir = default_out_dir(quick, language, backend) if out_dir is None else out_dir
    stream = stream or sys.stdout
    selected = chapters.available() if not numbers else [chapters.get(n) for n in numbers]
    missing = [c.notebook for c in selected if not c.path.exists()]
    if missing:
        raise ValueError(f"notebook not found: {', '.join(missing)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    mode = "quick" if quick else "full"
    print(f"Running {len(selected)} chapter(s) in {mode} mode; executed notebooks go to "
          f"{out_dir}/, the HTML book to {html_dir_for(out_dir, language)}/", file=stream)
    start = time.perf_counter()
    with _start_zygote(backend, kernel_threads(jobs), out_dir, fork) as zygote:
        entries = _execute_all(selected, quick, out_dir, language, backend, jobs, stream, start,
                               zygote)
    document = _document(mode, entries, time.perf_counter() - start, language, backend, jobs,
                         kernel_threads(jobs), zygote is not None)
    _write_json(out_dir / "results.json", document)
    print(format_table(document), file=stream)
    started = time.perf_counter()
    index = build_html(out_dir, document, language, stream)
    print(f"HTML book: {index} (built in {time.perf_counter() - started:.0f} s)", file=stream)
    return document


def kernel_threads(jobs):
    """The thread-pool size for each of ``jobs`` kernels sharing this machine's cores.

    TensorFlow sizes its pools to every core by default, so two kernels at once on two cores
    run four busy threads on two cores; their threads wait for each other, and idle threads spin
    on the core the other kernel needs. Measured here (2 cores, two chapters at once), one
    thread per kernel took the whole book from 262 s to 226 s, with the same results except the
    last bits of chapter 11's text model.

    Parameters
    ----------
    jobs : int
        Chapters running at once.

    Returns
    -------
    int
        ``max(1, cores // jobs)``.
    """
    return max(1, (os.cpu_count() or 1) // _check_jobs(jobs))


def _thread_env(threads):
    if threads is None:
        return {}
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive integer or None, got {threads!r}")
    return {"TF_NUM_INTRAOP_THREADS": str(threads), "TF_NUM_INTEROP_THREADS": str(threads)}


def _jax_cache_env(backend):
    """JAX's persistent compilation cache for a JAX kernel, unless the environment names its own.

    Every new Keras model is a new function to JAX, compiled again even when an identical one was
    compiled a cell earlier; the cache, keyed by the compiled program itself, answers those
    repeats, and every compile of a second run. Every compile is kept, however short (the default
    keeps only those over one second, which leaves out most of the book's small models). The
    compiled code is the same, so are the results. Measured here (chapters 4 and 5 on JAX):
    36 s without the cache, 32 s with an empty one, 14 s with the first run's.
    """
    if backend != "jax" or "JAX_COMPILATION_CACHE_DIR" in os.environ:
        return {}
    return {"JAX_COMPILATION_CACHE_DIR": str(JAX_CACHE),
            "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0"}


# XLA's older code generator for fused operations: measured here on JAX, a model's training step
# compiled in about 20 % less time (a bidirectional LSTM: 1.35 s against 1.77 s) and seven small
# models were built in 6.2 s against 7.5 s (every new weight shape is a compile on JAX), with the
# same time per training step. The book's JAX runs spend about half their time compiling.
XLA_FLAGS = "--xla_cpu_use_fusion_emitters=false"


def _xla_env(backend):
    """XLA's flags (:data:`XLA_FLAGS`) for a JAX kernel, unless the environment sets its own."""
    if backend != "jax" or "XLA_FLAGS" in os.environ:
        return {}
    return {"XLA_FLAGS": XLA_FLAGS}


def default_jobs():
    """How many chapters :func:`run` executes at once unless told: one more than the cores, at
    most 4 (each kernel holds 1 to 1.5 GB), and 1 on a single core.

    With one thread per kernel, a third kernel on two cores fills the time the other two spend
    waiting (kernel start, imports, Python between steps): measured here, the whole book took
    226 s two at once and 210 s three at once.
    """
    cores = os.cpu_count() or 1
    return 1 if cores < 2 else min(cores + 1, 4)


def _check_jobs(jobs):
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer (chapters run at once), got {jobs!r}")
    return jobs


def _execute_all(selected, quick, out_dir, language, backend, jobs, stream, start, zygote=None):
    """Execute ``selected`` chapters, ``jobs`` at a time, each kernel with its share of the cores;
    their entries in chapter order."""
    from concurrent.futures import ThreadPoolExecutor

    threads = kernel_threads(jobs)
    total = len(selected)
    labels = {c.number: f"[{i}/{total}] ch{c.number:02d} {c.title}" for i, c in enumerate(selected, 1)}
    printing = threading.Lock()

    def one(chapter):
        label = labels[chapter.number]
        if jobs == 1:
            with _Ticker(label, stream):
                entry = execute(chapter, quick, out_dir, language, backend, threads,
                                _zygote_for(chapter, zygote))
        else:
            with printing:
                print(f"{label}: running", file=stream, flush=True)
            entry = execute(chapter, quick, out_dir, language, backend, threads,
                            _zygote_for(chapter, zygote))
        with printing:
            _print_entry(label, entry, time.perf_counter() - start, stream)
        return entry

    if jobs == 1:
        return [one(chapter) for chapter in selected]
    order = _longest_first(selected, out_dir / "results.json")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {chapter.number: pool.submit(one, chapter) for chapter in order}
        return [futures[chapter.number].result() for chapter in selected]


# The chapters by their seconds in a full run, longest first (TensorFlow's and JAX's together, from
# the runs of 2026-11-30, before kernels were forked; the README's runs started in this order): the
# order a run folder without a run of its own yet (a fresh clone) starts them in, so that no long
# chapter is left to run alone at the end.
LONGEST_FIRST = (9, 11, 10, 8, 12, 7, 14, 6, 2, 15, 13, 1, 4, 5, 3)


def _longest_first(selected, last_results):
    """``selected`` ordered by the seconds each took in the last run here (unknown ones first), or
    by :data:`LONGEST_FIRST` when this folder has no readable last run."""
    try:
        last = json.loads(last_results.read_text(encoding="utf-8"))
        seconds = {e["chapter"]: float(e["seconds"]) for e in last["chapters"]}
    except (OSError, ValueError, KeyError, TypeError):
        rank = {number: place for place, number in enumerate(LONGEST_FIRST)}
        return sorted(selected, key=lambda c: rank.get(c.number, -1))
    return sorted(selected, key=lambda c: -seconds.get(c.number, float("inf")))


def _print_entry(label, entry, elapsed, stream):
    print(f"{label}: {entry['status']} in {entry['seconds']:.1f} s (elapsed {elapsed:.0f} s)"
          + (f"\n    {entry['error']}" if "error" in entry else ""), file=stream, flush=True)
    if entry.get("untranslated_cells"):
        print(f"    {len(entry['untranslated_cells'])} markdown cell(s) shown in English, not yet "
              f"translated or out of date: {', '.join(entry['untranslated_cells'])}",
              file=stream, flush=True)


def html_dir_for(out_dir, language="en"):
    """The folder of a run's HTML book: ``out_dir/html``, except that a Chinese run in the
    default layout (``<run>/zh``) puts its book inside the English one's, as its twin:
    ``build/zh`` -> ``build/html/zh``, ``build/quick/zh`` -> ``build/quick/html/zh``."""
    out_dir = Path(out_dir)
    if language != "en" and out_dir.name == language:
        return out_dir.parent / "html" / language
    return out_dir / "html"


def _twin(out_dir, language):
    """The other edition of a run in the default layout: (language, run folder, HTML folder,
    URL from this book to it, URL back), or None when it has not been run and built."""
    out_dir = Path(out_dir)
    if language == "en":
        twin = ("zh", out_dir / "zh", html_dir_for(out_dir) / "zh", "zh/", "../")
    elif out_dir.name == language:
        twin = ("en", out_dir.parent, out_dir.parent / "html", "../", f"{language}/")
    else:
        return None
    run_dir, html_dir = twin[1], twin[2]
    built = (run_dir / "results.json").exists() and (html_dir / "index.html").exists()
    return twin if built else None


def build_html(out_dir, document, language="en", stream=None):
    """Render a run's HTML book (:func:`lstm_book.book.htmlbook.build_site`) where
    :func:`html_dir_for` says; return its ``index.html``.

    When the other edition has been built in the default layout (English ``build/html/``,
    Chinese ``build/html/zh/``), every page links to its twin, and the other edition is rebuilt
    from its saved run (no execution) if its pages do not yet link back.
    """
    from lstm_book.book import htmlbook

    stream = stream or sys.stdout
    twin = _twin(out_dir, language)
    index = htmlbook.build_site(out_dir, document, html_dir_for(out_dir, language), language=language,
                                twin_url=twin[3] if twin else None)
    if twin:
        twin_language, run_dir, html_dir, _url, back = twin
        if f'hreflang="{language}"' not in (html_dir / "index.html").read_text(encoding="utf-8"):
            print(f"Linking the {twin_language} book in {html_dir} to this one: rebuilding it",
                  file=stream, flush=True)
            twin_document = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
            htmlbook.build_site(run_dir, twin_document, html_dir, language=twin_language,
                                twin_url=back)
    return index


def default_out_dir(quick=False, language="en", backend=DEFAULT_BACKEND):
    """Where a run writes unless told, so that no run overwrites another's.

    ``build/`` for the default backend (TensorFlow), ``build/<backend>/`` for another; then
    ``quick/`` below that for a quick run, and ``<language>/`` for the Chinese edition:
    ``build/``, ``build/quick/``, ``build/zh/``, ``build/jax/``, ``build/jax/quick/``, ...
    """
    folder = BUILD if backend == DEFAULT_BACKEND else BUILD / backend
    if quick:
        folder = folder / "quick"
    return folder if language == "en" else folder / language


def check_backend(backend):
    """``backend`` if it is one the book runs on and is installed; a ValueError saying how otherwise.

    Parameters
    ----------
    backend : str
        ``"tensorflow"``, ``"jax"`` or ``"torch"``.

    Returns
    -------
    str
    """
    import importlib.util

    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if importlib.util.find_spec(backend) is None:
        how = {"tensorflow": "pip install tensorflow-cpu", "jax": 'pip install "jax[cpu]"',
               "torch": "make test-torch (or pip install torch==2.13.0)"}[backend]
        raise ValueError(f"backend {backend!r} is not installed in this Python: {how}, "
                         f"or choose another with --backend")
    return backend


def _document(mode, entries, seconds, language="en", backend=DEFAULT_BACKEND, jobs=1,
              threads=None, forked=False):
    # The backend the kernels ran on, not the one this process happens to have imported; and how
    # many chapters ran at once with how many threads each, which each chapter's seconds depend
    # on (total_seconds is the wall time).
    return {**report.document_header(mode, seconds), "backend": backend, "language": language,
            "jobs": jobs, "threads_per_kernel": threads, "forked_kernels": forked,
            "chapters": entries}


def _write_json(path, document):
    # Write then rename, so a crash never leaves a half-written results file behind.
    scratch = path.with_suffix(".json.tmp")
    scratch.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(scratch, path)


def _rows(document):
    rows = [("ch", "status", "seconds", "metric", "value", "target", "book")]
    for entry in document["chapters"]:
        metrics = entry["metrics"] or [{"name": "-", "value": None, "target": None, "book": ""}]
        for position, row in enumerate(report.metric_rows(metrics)):
            first = position == 0
            rows.append((f"{entry['chapter']:02d}" if first else "",
                         entry["status"] if first else "",
                         f"{entry['seconds']:.1f}" if first else "", *row))
    return rows


def format_table(document, markdown=False):
    """The results as a table: chapter, status, seconds, metric, value, target, book.

    Plain text for the terminal, or a Markdown table (``markdown=True``) for the README.
    """
    rows = _rows(document)
    ok = all(e["status"] == "ok" for e in document["chapters"])
    summary = (f"{document['mode']} mode, {document['total_seconds']:.0f} s in all: "
               + ("all chapters ok" if ok else "SOME CHAPTERS FAILED"))
    if markdown:
        return _render(rows, markdown) + f"\n\n{summary} (Keras {document['keras']}, " \
            f"{document['backend']} backend, Python {document['python']})."
    return _render(rows, markdown) + "\n\n" + summary


def _render(rows, markdown):
    """Rows of strings (the first one the header) as a Markdown or a plain-text table."""
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return "\n".join(lines)
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _comparison_rows(documents):
    runs = [{entry["chapter"]: entry for entry in document["chapters"]} for document in documents]
    rows = [("ch", "metric", "target", *(document["backend"] for document in documents), "book")]
    for chapter in sorted(set().union(*runs)):
        entries = [run.get(chapter) for run in runs]
        rows.append((f"{chapter:02d}", "seconds (status)", "",
                     *("-" if entry is None else f"{entry['seconds']:.1f} ({entry['status']})"
                       for entry in entries), ""))
        names = dict.fromkeys(metric["name"] for entry in entries if entry for metric in entry["metrics"])
        for name in names:
            found = [None if entry is None else
                     next((metric for metric in entry["metrics"] if metric["name"] == name), None)
                     for entry in entries]
            known = next(metric for metric in found if metric)
            rows.append(("", name, known.get("target") or "(reported)",
                         *("-" if metric is None or metric.get("value") is None
                           else report.format_value(metric["value"]) for metric in found),
                         known.get("book", "")))
    rows.append(("", "whole book: seconds", "",
                 *(f"{document['total_seconds']:.0f}" for document in documents), ""))
    return rows


def format_comparison(documents, markdown=False):
    """Several full runs side by side, one value column per run (e.g. TensorFlow and JAX).

    Used for the README's results table: ``python -m lstm_book results --file build/results.json
    --file build/jax/results.json --markdown``.

    Parameters
    ----------
    documents : list of dict
        Two or more ``results.json`` documents, each with its ``backend``.

    Returns
    -------
    str
        A table of chapters and metrics with each run's seconds (and status) and values, and a
        line per run naming its mode, Keras, backend and Python.
    """
    if len(documents) < 2:
        raise ValueError(f"format_comparison needs two runs or more, got {len(documents)}")
    notes = [f"{document['backend']}: {document['mode']} mode, {document['total_seconds']:.0f} s, "
             + ("all chapters ok" if all(e["status"] == "ok" for e in document["chapters"])
                else "SOME CHAPTERS FAILED")
             + f" (Keras {document['keras']}, Python {document['python']}, "
             f"{document.get('jobs', 1)} chapters at once)" for document in documents]
    return _render(_comparison_rows(documents), markdown) + "\n\n" + "\n".join(
        ("- " if markdown else "") + note for note in notes)


class _Ticker:
    """Show the running chapter's elapsed seconds on a terminal (silent in CI logs)."""

    def __init__(self, label, stream):
        self.label, self.stream = label, stream
        self.done = threading.Event()
        self.thread = None

    def __enter__(self):
        if getattr(self.stream, "isatty", lambda: False)():
            self.thread = threading.Thread(target=self._tick, daemon=True)
            self.thread.start()
        else:
            print(f"{self.label}: running", file=self.stream, flush=True)

    def _tick(self):
        start = time.perf_counter()
        while not self.done.wait(1.0):
            print(f"\r{self.label}: {time.perf_counter() - start:.0f} s", end="",
                  file=self.stream, flush=True)

    def __exit__(self, *exc):
        self.done.set()
        if self.thread:
            self.thread.join()
            print("\r", end="", file=self.stream)
