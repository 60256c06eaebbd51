"""Imported last by `suggest`'s fork server (see warm_start): once the command has gone, the server leaves
at once (``os._exit``) instead of tearing its interpreter down object by object, which with jieba's
half-million-entry dictionary or spaCy loaded takes 0.05–0.15 s. All that time the server still holds the
command's output open (it inherits stdout and stderr), so ``qualcode suggest | tee log`` or a script
reading the output waits for it.

Only in the fork server itself: imported anywhere else (a test importing every module), this does nothing.
The server has nothing to clean up (it never opens the database; its socket belongs to the command), and
workers forked from it already leave with ``os._exit``, so the handler never runs in them."""

from __future__ import annotations

import atexit
import os
import sys


def in_fork_server() -> bool:
    """Whether this import runs inside multiprocessing's fork server, loading its preloads."""
    forkserver = sys.modules.get("multiprocessing.forkserver")
    if forkserver is None:
        return False
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code is forkserver.main.__code__:
            return True
        frame = frame.f_back
    return False


def _leave_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed or missing streams: nothing to flush
            pass
    os._exit(0)  # the server ends on the command's exit (a normal, zero exit): skip only the teardown


LEAVES_WITHOUT_TEARDOWN = in_fork_server()
if LEAVES_WITHOUT_TEARDOWN:
    atexit.register(_leave_now)
