"""Where each history event was made: ``cli``, one TUI window (``tui:<session>:<pid>`` since stop 30, before it
``tui:<session>``), ``library`` (a Python program, since stop 30), or NULL.

The TUI's ``u`` undoes at once only what was done in its own window; an action made elsewhere
(a ``qualcode codes merge`` in a shell, another window, an earlier session) is named, with where and
when, and undone only after a yes (docs/tui.md, "Undo in a window"). Events recorded before this
column existed are NULL: "elsewhere" (and so were library callers' until stop 30; see
:mod:`qualcode.app.coding.origins`).
"""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(history)")}
    if "origin" not in columns:
        conn.execute("ALTER TABLE history ADD COLUMN origin TEXT")
