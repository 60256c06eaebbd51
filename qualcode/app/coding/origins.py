"""Where a history event was made, and whether the window that made it is open now.

``history.origin`` says where each action was made:

- ``cli``: a ``qualcode`` command;
- ``library``: a program calling qualcode's Python library (every connection's default);
- ``tui:<session>:<pid>``: one TUI window (one run of it), in process ``pid``. While the window runs it
  holds a lock on ``.qualcode/windows/<session>.lock``; the lock goes when the window closes, or when its
  process ends in any way (a crash, a closed terminal), so a lock that is held means a window open now;
- ``tui:<session>`` (windows before December 2026, stop 30): a window, open now or not is not known;
- NULL: an action recorded before origins were kept.

So the TUI's undo can say which of "another window that is open now", "an earlier session, closed now",
"the command line" and "a Python program" made the action it asks about (docs/tui.md, "Undo in a window").
Liveness is the lock, not the process id (ids are reused, and one process may run several windows in turn);
the id is kept so a person can find the window (``ps``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: whether a window is open cannot be told, and is not claimed
    fcntl = None  # type: ignore[assignment]

CLI = "cli"
LIBRARY = "library"
WINDOW_PREFIX = "tui:"

# Where an event was made, as the undo question names it.
THIS_WINDOW = "this_window"
OPEN_WINDOW = "open_window"        # another window, open now
CLOSED_WINDOW = "closed_window"    # an earlier session (this terminal's or another's), closed now
SOME_WINDOW = "some_window"        # a window from before the lock was kept: open now or not, unknown
COMMAND_LINE = "command_line"
PROGRAM = "program"                # qualcode's Python library
UNKNOWN = "unknown"                # recorded before origins were kept


@dataclass(frozen=True)
class Place:
    kind: str
    pid: int | None = None


def windows_folder(db_path: Path) -> Path:
    return db_path.parent / "windows"


def where_made(origin: str | None, db_path: Path, *, here: str | None = None) -> Place:
    """Where the event with this ``origin`` was made, seen from the window whose origin is ``here``."""
    if origin is None:
        return Place(UNKNOWN)
    if here is not None and origin == here:
        return Place(THIS_WINDOW)
    if origin == CLI:
        return Place(COMMAND_LINE)
    if origin == LIBRARY:
        return Place(PROGRAM)
    if not origin.startswith(WINDOW_PREFIX):
        return Place(UNKNOWN)
    session, _, pid = origin[len(WINDOW_PREFIX):].partition(":")
    if not pid.isdigit():
        return Place(SOME_WINDOW)
    is_open = window_is_open(db_path, session)
    if is_open is None:
        return Place(SOME_WINDOW, int(pid))
    return Place(OPEN_WINDOW if is_open else CLOSED_WINDOW, int(pid))


def window_is_open(db_path: Path, session: str) -> bool | None:
    """True while the window of ``session`` runs, False once it ended, None when that cannot be told."""
    if not session.isalnum():
        return None
    return _lock_held(windows_folder(db_path) / f"{session}.lock")


def _lock_held(path: Path, *, when_free: Callable[[], None] | None = None) -> bool | None:
    """Whether a running window holds the lock file ``path``: True; False when nobody does (the file is gone, as a
    window removes it as it ends, or its process ended without removing it -- killed -- and the lock went with
    it; ``when_free`` then runs while this probe holds the lock, so no window takes it in between); None when
    that cannot be told."""
    try:
        descriptor = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return None
    try:
        if fcntl is None:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return None
        if when_free is not None:
            when_free()
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


class WindowSession:
    """One run of a TUI window: its origin, and the lock that says it is open while it runs."""

    def __init__(self) -> None:
        self.session = uuid.uuid4().hex[:12]
        self.origin = f"{WINDOW_PREFIX}{self.session}:{os.getpid()}"
        self._descriptor: int | None = None
        self._path: Path | None = None

    def open(self, db_path: Path) -> None:
        """Take the lock (quietly nothing where the folder cannot be written: then open or not is unknown)."""
        if fcntl is None or self._descriptor is not None:
            return
        folder = windows_folder(db_path)
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            _remove_ended(folder)
            path = folder / f"{self.session}.lock"
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        except OSError:
            os.close(descriptor)
            return
        self._descriptor, self._path = descriptor, path

    def close(self) -> None:
        if self._descriptor is None:
            return
        try:
            if self._path is not None:
                self._path.unlink(missing_ok=True)   # removed while still locked: no checker sees it unlocked
        except OSError:
            pass
        finally:
            os.close(self._descriptor)   # releases the lock
            self._descriptor = self._path = None


def _remove_ended(folder: Path) -> None:
    """Lock files of windows whose process ended without removing them (killed): nobody holds their lock."""
    for path in folder.glob("*.lock"):
        _lock_held(path, when_free=lambda path=path: path.unlink(missing_ok=True))
