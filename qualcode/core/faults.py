"""Named points where the fault bench can kill qualcode, and a log of the points reached.

``bench/fault_bench.py`` runs real ``qualcode`` processes and needs to know two
things a random SIGKILL cannot tell it: whether the process was writing when it
died, and what happens when it dies at one exact moment (between a file write
and a commit, say). Both come from the environment, so normal runs pay one
dictionary lookup per point:

* ``QUALCODE_FAULT_LOG=FILE`` appends each point's name to FILE as it is reached
  (the last line is the phase a random kill landed in);
* ``QUALCODE_KILL_AT=POINT[:N]`` sends SIGKILL to this process the N-th time
  (default 1) POINT is reached, as ``strace -e inject`` would at a system call.

The points are named where they are reached: ``commit`` (every transaction,
just before COMMIT), ``committed`` (just after), ``codebook-part-written`` and
``codebook-committed`` (see :mod:`qualcode.app.codebook_staging`), ``backup-part-written``,
``export-part-written``, ``begin`` (a transaction has started), and the
file points of pseudonymisation.
"""

from __future__ import annotations

import os
import signal

LOG_ENV = "QUALCODE_FAULT_LOG"
KILL_ENV = "QUALCODE_KILL_AT"

_hits: dict[str, int] = {}


def reached(point: str) -> None:
    """Record that ``point`` was reached; die here if the fault bench asked for it."""
    log, kill = os.environ.get(LOG_ENV), os.environ.get(KILL_ENV)
    if not log and not kill:
        return
    _hits[point] = _hits.get(point, 0) + 1
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{point}\n")
    if kill:
        wanted, _, nth = kill.partition(":")
        if wanted == point and _hits[point] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)
