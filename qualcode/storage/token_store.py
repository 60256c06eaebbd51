"""A cache of remembered tokens in its own SQLite file (``.qualcode/tokens.db``), apart from the project.

It holds nothing a researcher made: every row can be computed again (see qualcode.nlp.remembered_tokens),
so it is not in the project database (whose backups and history it would only make larger) and it is
never a reason for a command to fail. A file that SQLite cannot read, or that has another layout, is
removed and started afresh; a busy or read-only one is simply not used (the tokens are computed, as
without a cache). Rows are (key, packed lengths, generation); ``generation`` counts the saves, and when
there are more than ``max_rows`` rows the oldest generations go first.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Iterable, Mapping

LAYOUT = "1"
MAX_ROWS = 1_000_000   # about 60 MB: every turn (and question) of 6,000 interviews of 80 answers
_CHUNK = 500         # keys per query (SQLite allows 999 parameters in older builds)
_BUSY_MS = 200       # a cache waits briefly for another writer, then does without


class TokenStore:
    def __init__(self, conn: sqlite3.Connection, path: Path, max_rows: int = MAX_ROWS):
        self.conn = conn
        self.path = path
        self.max_rows = max_rows

    @classmethod
    def open(cls, path: Path, *, max_rows: int = MAX_ROWS) -> "TokenStore | None":
        """The store at ``path``, created if missing and made afresh if unreadable; None when it cannot be
        used at all (a read-only folder, a busy file, a folder in its place)."""
        for attempt in (1, 2):
            try:
                if not path.exists():
                    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))   # private, like the project file
                conn = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None)
            except (OSError, sqlite3.Error):
                return None
            try:
                _prepare(conn)
                return cls(conn, path, max_rows)
            except sqlite3.OperationalError as exc:
                conn.close()
                if "locked" in str(exc) or "busy" in str(exc) or attempt == 2:
                    return None
                _remove(path)   # e.g. "no such column": another layout
            except sqlite3.DatabaseError:   # not a database, damaged pages: it is only a cache
                conn.close()
                if attempt == 2:
                    return None
                _remove(path)
        return None

    def lookup(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """{key: packed lengths} for the keys that are stored; {} when the file cannot be read now."""
        keys = list(keys)
        found: dict[bytes, bytes] = {}
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start:start + _CHUNK]
                found.update(self.conn.execute(
                    f"SELECT key, lengths FROM tokens WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        except sqlite3.OperationalError:   # busy, or the disk: this time without
            return {}
        except sqlite3.DatabaseError:      # damaged pages: made afresh next time
            self.discard()
            return {}
        return {key: value for key, value in found.items() if isinstance(value, bytes)}

    def save(self, rows: Mapping[bytes, bytes]) -> bool:
        """Keep ``rows`` ({key: packed lengths}) as the newest generation, dropping the oldest rows beyond
        ``max_rows``; False when the file is busy, read-only or full (nothing is kept then)."""
        if not rows:
            return True
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                generation = (self.conn.execute("SELECT max(generation) FROM tokens").fetchone()[0] or 0) + 1
                self.conn.executemany("INSERT OR REPLACE INTO tokens (key, lengths, generation) VALUES (?, ?, ?)",
                                      ((key, value, generation) for key, value in rows.items()))
                excess = self.conn.execute("SELECT count(*) FROM tokens").fetchone()[0] - self.max_rows
                if excess > 0:
                    self.conn.execute("DELETE FROM tokens WHERE key IN "
                                      "(SELECT key FROM tokens ORDER BY generation LIMIT ?)", (excess,))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        self.conn.close()

    def discard(self) -> None:
        """Close and remove the file (a damaged one): the next run starts an empty one."""
        self.conn.close()
        _remove(self.path)
        self.conn = sqlite3.connect(":memory:", isolation_level=None)   # saves to nowhere from now on
        _prepare(self.conn)


def _prepare(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")   # no flush per save: a cache lost to a power cut is rebuilt
    conn.execute("""CREATE TABLE IF NOT EXISTS tokens (key BLOB PRIMARY KEY, lengths BLOB NOT NULL,
                                                       generation INTEGER NOT NULL) WITHOUT ROWID""")
    conn.execute("CREATE INDEX IF NOT EXISTS tokens_generation ON tokens (generation)")
    conn.execute("CREATE TABLE IF NOT EXISTS layout (version TEXT NOT NULL)")
    found = conn.execute("SELECT version FROM layout").fetchall()
    if not found:
        conn.execute("INSERT INTO layout (version) VALUES (?)", (LAYOUT,))
    elif found != [(LAYOUT,)]:
        raise sqlite3.OperationalError(f"token cache layout {found!r}, not {LAYOUT}")
    conn.execute("SELECT key, lengths, generation FROM tokens LIMIT 1").fetchall()


def _remove(path: Path) -> None:
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if name.is_file() and not name.is_symlink():
                name.unlink()
        except OSError:
            pass
