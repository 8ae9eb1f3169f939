"""Kernels forked from one process that has already imported what every chapter imports.

Every chapter runs in a fresh kernel, and every kernel starts by importing Keras and its backend,
NumPy, pandas, matplotlib, scikit-learn and this package: 4.9 s of CPU time on TensorFlow (measured
by ``benchmarks/kernels.py``), paid 15 times in a run of the book, on a machine whose two cores are
busy for the whole run. The runner therefore starts one **zygote** per run: a Python process that
imports all of that once (Keras's backend without starting its runtime), then forks a child for
every kernel. Each child is a process
of its own, with its own copy of the memory (shared until written), its own environment, working
folder and log, and runs ipykernel as ``python -m ipykernel_launcher`` would; the notebook's
imports then find their modules loaded. TensorFlow and JAX start their runtimes (thread pools,
devices, compilers) at their first operation, which comes after the fork, in the kernel.

The zygote reads one request per line on its standard input (JSON: the kernel's arguments,
environment, folder and log) and answers each with the child's process id on its standard output.
Run it as ``python -m lstm_book.book.zygote``; :class:`Zygote` does that and speaks for it, and
:func:`kernel_manager_class` gives ``nbclient`` a kernel manager that starts its kernels through it.
"""

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

# What the zygote imports before its first fork: the kernel itself and the notebooks' libraries.
# Not matplotlib's inline backend: it hooks itself into the IPython shell it finds when imported,
# so the kernel imports it, as a new kernel would.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "numpy", "pandas", "matplotlib.pyplot",
           "sklearn.preprocessing", "keras",
           "lstm_book", "lstm_book.cell", "lstm_book.datasets", "lstm_book.evaluate",
           "lstm_book.gradients", "lstm_book.models", "lstm_book.persist", "lstm_book.plots",
           "lstm_book.prepare", "lstm_book.problems", "lstm_book.runtime", "lstm_book.side_by_side",
           "lstm_book.stateful", "lstm_book.book.exercises", "lstm_book.book.report")
# Backends whose forked kernels were checked against new processes: every metric of the book the
# same on both. PyTorch kernels start as new processes.
BACKENDS = ("tensorflow", "jax")
# Seconds to wait for the zygote's imports, and then for each fork; past them the zygote is
# stopped and kernels start as new processes.
READY_TIMEOUT_S = 180
FORK_TIMEOUT_S = 60


def supported(backend, platform=None):
    """Whether the runner forks ``backend``'s kernels on this platform.

    Only on Linux: macOS makes forking a process that has loaded its system frameworks unsafe
    (Python's own multiprocessing no longer forks there), and Windows has no fork. Elsewhere, and
    on PyTorch, every kernel starts as a new process.
    """
    return backend in BACKENDS and (platform or sys.platform).startswith("linux")


class ZygoteError(RuntimeError):
    """The zygote could not start or could not fork a kernel."""


class Zygote:
    """A running zygote (``python -m lstm_book.book.zygote``) and the pipe to it.

    Parameters
    ----------
    env : dict
        The zygote's environment: what every kernel of the run shares (``KERAS_BACKEND``,
        TensorFlow's and JAX's settings, ``MPLBACKEND``), since libraries read some of it when
        imported. Each kernel's own environment replaces it in the child.
    log : str or pathlib.Path
        Where the zygote's own output goes (its import warnings).
    """

    def __init__(self, env, log):
        with open(log, "w", encoding="utf-8") as log_file:
            self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=log_file, env=env,
                                            text=True)
        self.log = str(log)
        self._lock = threading.Lock()
        self._ready = None  # the zygote's first line, read when the first kernel needs it

    def fork(self, arguments, env, cwd, log):
        """Start a kernel: ipykernel with ``arguments``, in ``cwd``, output to ``log``; its pid.

        Blocks until the zygote has finished its imports (the first call) and has forked.
        """
        request = {"arguments": list(arguments), "env": dict(env), "cwd": str(cwd), "log": str(log)}
        with self._lock:
            if self._ready is None:
                self._ready = self._answer(READY_TIMEOUT_S)
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            return int(self._answer(FORK_TIMEOUT_S)["pid"])

    def _answer(self, timeout):
        # One answer per request, so nothing is left buffered between them: the pipe itself says
        # whether the next line has come.
        if not select.select([self.process.stdout], [], [], timeout)[0]:
            self.process.kill()  # a late answer would be taken for the next one's
            raise ZygoteError(f"the zygote gave no answer within {timeout} s; its output: {self.log}")
        line = self.process.stdout.readline()
        if not line:
            raise ZygoteError(f"the zygote has stopped (exit code {self.process.poll()}); "
                              f"its output: {self.log}")
        return json.loads(line)

    def close(self):
        """End the zygote; a kernel still running then ends too, as a kernel ends with its starter."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class ForkedProcess:
    """What jupyter_client needs of a kernel's ``Popen``, for a kernel forked by the zygote.

    The zygote, not this process, is the kernel's parent and collects its exit status, so a
    finished kernel reads as exit code -1.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid):
        self.pid = pid
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
            except PermissionError:  # the pid was reused by another user's process: ours is gone
                self.returncode = -1
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum):
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)


def kernel_manager_class(zygote):
    """An ``AsyncKernelManager`` class whose kernels ``zygote`` forks (pass it to NotebookClient).

    A command other than ``python -m ipykernel_launcher ...``, or a zygote that has failed, starts
    the kernel as usual.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd, **kwargs):
            if list(cmd[1:3]) != ["-m", "ipykernel_launcher"]:
                return await super().launch_kernel(cmd, **kwargs)
            log = getattr(kwargs.get("stdout"), "name", os.devnull)
            cwd = kwargs.get("cwd") or Path.cwd()
            try:
                pid = zygote.fork(cmd[3:], kwargs.get("env") or os.environ, cwd, log)
            except (ZygoteError, OSError, ValueError):
                return await super().launch_kernel(cmd, **kwargs)
            self.process = ForkedProcess(pid)
            self.pid = self.pgid = pid  # the child leads its own session and process group
            self.cwd = cwd
            return self.connection_info

    class ForkingKernelManager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            if self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = ForkProvisioner(kernel_id=self.kernel_id,
                                                   kernel_spec=self.kernel_spec, parent=self)
            return await super()._async_pre_start_kernel(**kw)

    return ForkingKernelManager


def _preload():
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)


def _reap(*_):
    # The zygote is every kernel's parent: collect each one as it ends, so none stays a zombie.
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _become_kernel(request, launch_path, answers_fd):
    """In the forked child: become the kernel the request describes; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel waits for its own children
        os.close(answers_fd)  # the zygote's answers are not the kernel's to write
        os.setsid()
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if launch_path in sys.path:  # as ipykernel_launcher does: not the folder it started in
            sys.path.remove(launch_path)
        from ipykernel import kernelapp

        # Exit when the zygote does (it ends when the runner closes its input, or dies), as a kernel
        # started by jupyter_client exits when its starter does.
        sys.argv = [kernelapp.__file__, *request["arguments"],
                    f"--IPKernelApp.parent_handle={os.getppid()}"]
        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 -- whatever ends the kernel, report it in its log
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 -- exiting anyway
                pass
        os._exit(code)


def serve():
    """The zygote's loop: import, say so, then fork a kernel for every request until end of input."""
    launch_path = sys.path[0]
    # Answers go to the runner through the original standard output; whatever a library prints
    # while being imported goes to the zygote's log with its errors, never into an answer.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    started = time.perf_counter()
    _preload()
    signal.signal(signal.SIGCHLD, _reap)
    answers.write(json.dumps({"ready": True, "seconds": round(time.perf_counter() - started, 2)}) + "\n")
    answers.flush()
    for line in iter(sys.stdin.readline, ""):
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, launch_path, answers.fileno())
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve()
