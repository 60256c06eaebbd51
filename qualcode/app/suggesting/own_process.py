"""Model work for a window, in one helper process kept for the window's life.

Training, re-suggesting and ranking turns for `N` tokenize for seconds (jieba's dictionary load,
importing scikit-learn and spaCy, pure-Python tokenizing). Run in a thread of the window's own
process they held the interpreter lock, and each key press waited about 2 s
(bench/tui_retrain_bench.py). Here they run in one process of their own (forkserver or spawn, like
`suggest`'s workers), kept after its first task so the libraries load once: a second `N` answers in
a fraction of a second. Each task opens the project folder itself; it shares only the database file
with the window, through the storage layer's transactions.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Callable

from qualcode.core.errors import QualcodeError

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def run_in_own_process(task: Callable[..., Any], *args: Any) -> Any:
    """``task(*args)`` in the helper process (started on first use); blocks the calling thread only."""
    global _pool
    from qualcode.app.suggesting.batch import process_context

    with _lock, _stderr_with_a_descriptor():  # multiprocessing hands fd 2 to the processes it starts
        if _pool is None:
            _pool = ProcessPoolExecutor(1, mp_context=process_context(), initializer=_start_helper,
                                        initargs=(os.getpid(),))
        future = _pool.submit(task, *args)
    try:
        return future.result()
    except BrokenProcessPool:
        with _lock:
            _pool = None  # killed or out of memory: the next task starts a new one
        raise QualcodeError("the background process that trains the model stopped unexpectedly; "
                            "nothing it had not committed was kept; try again") from None


def stop_own_process() -> None:
    """End the helper now, even mid-task (a window quitting must not wait for a retraining). A task cut
    short loses only its uncommitted transaction; `suggest` resumes by document."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _start_helper(window_pid: int) -> None:
    from qualcode.app.suggesting.orphan_guard import exit_with

    exit_with(window_pid)  # a window killed mid-retraining must not leave its helper behind
    # The helper shares the window's terminal: a library's warning on stderr would scribble over the screen.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


@contextmanager
def _stderr_with_a_descriptor():
    """A window toolkit (Textual) replaces ``sys.stderr`` with an object whose ``fileno()`` is not a real
    descriptor, and starting multiprocessing's helper processes then fails ("bad value(s) in
    fds_to_keep"); the process's own stderr is put back while they start."""
    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    replaced, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = replaced
