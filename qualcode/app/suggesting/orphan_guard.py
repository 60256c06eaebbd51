"""Worker processes end when the process that started them is gone.

`suggest --jobs N` and the window's model helper run in processes started by multiprocessing. A worker
waits for its next task on a queue whose writing end it holds itself, so when its parent is killed
(SIGKILL, a closed SSH session, out of memory) it would wait for ever, holding memory and a read
connection to the project's database. Each worker watches its parent instead and leaves with it.
"""

from __future__ import annotations

import os
import threading
import time

CHECK_EVERY_S = 1.0


def exit_with(parent_pid: int, every_s: float = CHECK_EVERY_S) -> None:
    """In a worker: end this process within ``every_s`` seconds of ``parent_pid`` ending."""

    def watch() -> None:
        while True:
            time.sleep(every_s)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(0)  # nothing of ours to flush: a worker's writes are the parent's transactions
            except PermissionError:  # alive, under another user (never ours, but not gone either)
                continue

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
