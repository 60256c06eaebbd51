"""Fewer garbage-collector passes while suggestions are computed or an export reads its rows.

Shared by `suggest` (``app/suggesting/batch.py``), the table exports (``app/exporting/coded_tables.py``) and
the `export` commands from their start (``cli/export.py``, with a higher threshold).
A suggest run allocates millions of short-lived objects (tokens, hits, evidence, rows) that reference counting
frees at once; almost none form cycles. With CPython's default young-generation threshold (700 new
objects) the collector still ran about 600 times over the 5M-character bench and re-scanned the
long-lived engine, codebooks and spaCy vocabulary at each full pass: about 0.15 s of a 3.3 s run.
Here the objects alive before the run are frozen (never scanned again) and the young generation is
collected every YOUNG_THRESHOLD allocations instead; cycles are still collected, only in larger
batches. `qualcode export matrix` on the export bench's project (200,000 codings) ran 171 young, 15 middle
and 1 full collection with the defaults, 80-95 ms of CPU (most while importing pandas, the full one over
every module loaded); with the pause from the command's start, 6-7 ms. Nothing computed depends on when
the collector runs.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

YOUNG_THRESHOLD = 50_000
# For a command that ends soon after (`qualcode export …`): from its start the collector waits for a million
# new objects, so importing pandas and reading the codings set off almost none of the ~190 passes they did.
COMMAND_YOUNG_THRESHOLD = 1_000_000

# Runs that overlap in one process (the window's retraining thread beside a suggest it started) share one
# pause: the first to enter keeps the thresholds, the last to leave puts them back and unfreezes.
_lock = threading.Lock()
_paused = {"runs": 0, "thresholds": None, "frozen_before": False}


def collect_less(young: int = YOUNG_THRESHOLD) -> None:
    """For a process that only suggests (a worker): freeze what it holds now, collect young objects rarely
    (every ``young`` new objects)."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, old)


@contextmanager
def fewer_collections(young: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Within the block, collect as :func:`collect_less`; after it, the thresholds and the objects frozen
    go back as they were (a library caller's process is not left changed). Within an enclosing pause
    the enclosing one's ``young`` holds."""
    with _lock:
        _paused["runs"] += 1
        if _paused["runs"] == 1:
            _paused["thresholds"] = gc.get_threshold()
            # gc.unfreeze() cannot tell our frozen objects from the caller's: a process that froze its own
            # (a server after start-up) keeps everything frozen rather than losing its freeze to ours.
            _paused["frozen_before"] = gc.get_freeze_count() > 0
            collect_less(young)
    try:
        yield
    finally:
        with _lock:
            _paused["runs"] -= 1
            if _paused["runs"] == 0:
                # What the block allocated joins the old generation with what was frozen, as if it had
                # survived a collection: left young, all of it (up to a million objects after an export)
                # would be scanned at the next allocation, 30 ms in a process that is about to end.
                if not _paused["frozen_before"]:
                    gc.freeze()
                    gc.unfreeze()
                gc.set_threshold(*_paused["thresholds"])
