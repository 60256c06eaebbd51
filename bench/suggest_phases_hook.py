"""Imported by bench/suggest_phases.py's runs: timestamps of `qualcode suggest`'s phases, written as lines
``seconds<TAB>pid<TAB>event<TAB>cpu`` to the file named by QUALCODE_PHASES_LOG (seconds on the system's
monotonic clock since QUALCODE_PHASES_T0, the moment the bench started the command; cpu: the CPU seconds
the process had used by then, a forked worker counting from its fork).

In the command's own process :func:`install` wraps the phase functions as their modules are imported (so
the import order stays the command's own). In `suggest`'s fork server this module is imported last of its
preloads (the bench adds it to the list): it records that the server is ready and wraps the worker
functions, which every worker forked from the server inherits."""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import os
import sys
import time

LOG = os.environ.get("QUALCODE_PHASES_LOG", "")
T0 = float(os.environ.get("QUALCODE_PHASES_T0", "0") or 0)


def mark(event: str) -> None:
    if LOG:
        line = (f"{time.clock_gettime(time.CLOCK_MONOTONIC) - T0:.4f}\t{os.getpid()}\t{event}\t"
                f"{time.process_time():.4f}\n")
        fd = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode())  # one small O_APPEND write: lines of several processes never mix
        finally:
            os.close(fd)


def _timed(function, event: str):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        mark(f"{event} start")
        try:
            return function(*args, **kwargs)
        finally:
            mark(f"{event} end")
    return wrapper


def _first_call_timed(module, function, event: str):
    """Times the first call (the load) and then puts the function back: it runs once per turn cut."""
    timed = _timed(function, event)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        module.jieba_tokenizer = function
        return timed(*args, **kwargs)
    return wrapper


def _results_timed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        mark("results start")
        count = 0
        for item in function(*args, **kwargs):
            count += 1
            if count == 1:
                mark("first result")
            yield item
        mark(f"last result ({count})")
    return wrapper


def _preload_with_hook(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return ["suggest_phases_start", *function(*args, **kwargs), "suggest_phases_hook"]
    return wrapper


def _patch(name: str, module) -> None:
    if name == "qualcode.app.suggesting.warm_start":
        module.start_fork_server = _timed(module.start_fork_server, "start fork server")
        module.preload_modules = _preload_with_hook(module.preload_modules)
    elif name == "qualcode.app.suggesting.batch":
        module.build_suggest_engine = _timed(module.build_suggest_engine, "build engine")
        module._results = _results_timed(module._results)
        module.run_suggest = _timed(module.run_suggest, "run_suggest")
    elif name == "qualcode.storage.suggestions":
        module.finished_documents = _timed(module.finished_documents, "finished documents")
    elif name == "qualcode.nlp.tokenizers":
        module.jieba_tokenizer = _first_call_timed(module, module.jieba_tokenizer, "jieba load")


class _Finder(importlib.abc.MetaPathFinder):
    NAMES = {"qualcode.app.suggesting.warm_start", "qualcode.app.suggesting.batch", "qualcode.storage.suggestions",
             "qualcode.nlp.tokenizers"}

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.NAMES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            _patch(fullname, module)

        spec.loader.exec_module = exec_module
        return spec


def install() -> None:
    """In the command's process, before qualcode is imported."""
    import atexit

    sys.meta_path.insert(0, _Finder())
    mark("python started")
    atexit.register(mark, "main process exiting")


def _worker_timed(batch) -> None:
    start, suggest = batch._start_worker, batch._suggest_document

    def start_worker(*args, **kwargs):
        mark("worker init start")
        start(*args, **kwargs)
        mark("worker init end")

    def suggest_document(document_id):
        result = suggest(document_id)
        mark("document done")
        return result

    batch._start_worker, batch._suggest_document = start_worker, suggest_document


if __name__ != "__main__" and "qualcode.app.suggesting.batch" in sys.modules and not getattr(sys, "_phases", False):
    # Imported as a preload of the fork server: batch and the tokenizers are loaded by now.
    sys._phases = True  # type: ignore[attr-defined]
    if "qualcode.nlp.tokenizers" in sys.modules and sys.modules["qualcode.nlp.tokenizers"]._jieba is not None:
        mark("fork server: jieba loaded")
    _worker_timed(sys.modules["qualcode.app.suggesting.batch"])
    mark("fork server ready")
    import atexit

    # Forked workers leave with os._exit (no atexit); the server runs this when the command has gone.
    atexit.register(mark, "fork server exiting")
