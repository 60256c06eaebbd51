"""Opening the project database: WAL, foreign keys, busy timeout, migrations.

Connections are never shared across threads; each thread or process opens its
own. Every user action runs in one ``transaction()``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pkgutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from qualcode.core.faults import reached
from qualcode.core.errors import BusyError, DiskFullError, ProjectError, is_disk_full, is_sqlite_io_error
from qualcode.storage import migrations as migrations_package

DEFAULT_BUSY_TIMEOUT_S = 15.0
BUSY_TIMEOUT_ENV = "QUALCODE_BUSY_TIMEOUT"


class Connection(sqlite3.Connection):
    """A project connection that knows where its writes come from.

    ``origin`` goes into every history event recorded through it: ``"cli"`` for a command,
    ``"tui:<session>:<pid>"`` for one TUI window, ``"library"`` for a program calling qualcode's Python
    library (the default: the CLI and the TUI set theirs; see qualcode.app.coding.origins).
    """

    origin: str | None = "library"
    # the file this connection opened (device, inode), to notice it replaced under the connection
    opened_file: tuple[int, int] | None = None
    kept_when_replaced: Path | None = None   # the copy of this connection's state taken when the file was replaced


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def available_migrations() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(migrations_package.__path__)]
    return sorted(n for n in names if n.startswith("m") and n[1:5].isdigit())


RESTORE_HINT = ("restore the newest backup (.qualcode/backups/ or exports/backup-*.db) after keeping a copy "
                "of this file")


def _check_is_folder(path: Path) -> None:
    if path.is_dir():
        raise ProjectError(f"is a folder, not the project database; move it away, or {RESTORE_HINT}",
                           location=_loc(path))


def _check_is_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a SQLite database, asking SQLite itself (it only reads the header).

    Never with a plain ``open()``: closing any descriptor on the file drops every POSIX lock this
    process holds on it, through all its connections (docs/safety.md, "One way into the database").
    """
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB or "not a database" in str(exc):
            conn.close()
            raise ProjectError(
                "is not a SQLite database; restore it from a backup in exports/ or move it away",
                location=_loc(path),
            ) from exc
        raise  # busy or damaged: connect() explains it


def io_error(exc: BaseException, path: Path) -> ProjectError:
    """SQLite's "disk I/O error" said as what it is: the disk, not a damaged file (opening the project, or a write
    in a transaction: the TUI showed "OperationalError: disk I/O error", the CLI an internal error)."""
    return ProjectError(f"cannot read or write the project database ({exc}): the disk may be failing, "
                        "disconnected or out of space; the file itself is probably intact -- check the "
                        "disk and run the command again (`qualcode doctor` checks the file)", location=_loc(path))


def _loc(path: Path):
    from qualcode.core.errors import Location

    return Location(path=path)


def busy_timeout_seconds(configured: object = None) -> float:
    """How long a write waits for another window or command to finish before giving up.

    ``QUALCODE_BUSY_TIMEOUT`` (seconds) wins over ``[project] busy_timeout_s`` in
    qualcode.toml, which wins over the default of 15 s.
    """
    raw = os.environ.get(BUSY_TIMEOUT_ENV)
    source = f"the environment variable {BUSY_TIMEOUT_ENV}"
    if raw is None or not raw.strip():
        raw, source = configured, "[project] busy_timeout_s in qualcode.toml"
    if raw is None:
        return DEFAULT_BUSY_TIMEOUT_S
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 < value <= 3600:  # also refuses NaN
        raise ProjectError(f"{source} is {raw!r}; it must be a number of seconds between 0 and 3600")
    return value


def busy_message(waited: float) -> str:
    """The one line a user sees when another writer held the project longer than we wait."""
    return (f"the project is busy: another window or command kept it locked for over {waited:g} s; "
            f"nothing was changed, try again when it finishes (or wait longer with {BUSY_TIMEOUT_ENV}=SECONDS)")


def _busy_timeout_of(conn: sqlite3.Connection) -> float:
    try:
        return conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    except sqlite3.Error:
        return DEFAULT_BUSY_TIMEOUT_S


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def connect(path: Path, *, migrate: bool = True, readonly: bool = False,
            busy_timeout_s: float | None = None) -> sqlite3.Connection:
    """Open (and create or migrate) the project database at ``path``."""
    path = Path(path)
    wait_s = busy_timeout_seconds(busy_timeout_s)
    _check_is_folder(path)
    creating = not path.exists()
    if creating and readonly:
        raise ProjectError("no project database", location=_loc(path))
    try:
        if creating:
            # Interview data is sensitive: the database is the owner's alone.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        conn = sqlite3.connect(uri, uri=True, timeout=wait_s, isolation_level=None,
                               check_same_thread=True, factory=Connection)
    except (sqlite3.OperationalError, PermissionError, OSError) as exc:
        raise ProjectError(f"cannot open the project database: {exc}", location=_loc(path)) from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
        _check_is_sqlite(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        if migrate and not readonly:
            run_migrations(conn, path)
        if isinstance(conn, Connection):
            conn.opened_file = _file_identity(path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_busy(exc):  # another process is converting or migrating the file right now
            raise BusyError(busy_message(wait_s)) from exc
        if is_disk_full(exc, path.parent):  # a migration, the WAL or its -shm could not grow: the file is fine
            raise DiskFullError(path.parent) from exc
        if is_sqlite_io_error(exc):  # not damage: restoring a backup would throw away work for nothing
            raise io_error(exc, path) from exc
        raise ProjectError(f"the project database is damaged ({exc}); {RESTORE_HINT}", location=_loc(path)) from exc
    return conn


def applied_migrations(conn: sqlite3.Connection) -> set[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}


def run_migrations(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Apply pending migrations in order, after a backup if the database holds data."""
    done = applied_migrations(conn)
    known = available_migrations()
    unknown = sorted(done - set(known))
    if unknown:  # an older qualcode must not write into a schema it does not know
        raise ProjectError(f"this project was changed by a newer qualcode (schema {unknown[-1]}); "
                           "update qualcode to open it", location=_loc(path))
    pending = [name for name in known if name not in done]
    if not pending:
        return []
    if done:  # an existing project: keep a copy of what we are about to change
        backup_to(conn, path.parent / "backups" / f"before-{pending[0]}-{int(time.time())}.db")
    for name in pending:
        module = importlib.import_module(f"{migrations_package.__name__}.{name}")
        with transaction(conn):
            module.apply(conn)
            conn.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, utc_now()))
    return pending


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, readable by the owner only."""
    target = Path(target)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder for copies is private too
    # Written under a temporary name and renamed when complete: a copy killed half-way must never sit
    # under the final name looking like a good backup.
    partial = target.with_name(f".{target.name}.{os.getpid()}.backup.part")  # the pid: see remove_stale_parts
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # also when an existing file is overwritten
    os.close(fd)
    try:
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        reached("backup-part-written")
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return target


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute SQL statements one by one inside the caller's transaction.

    (``executescript`` would COMMIT first, breaking a migration's atomicity.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


READ_CACHE_KIB = 32 * 1024
READ_MMAP_BYTES = 256 * 2**20


@contextlib.contextmanager
def reading_much(conn: sqlite3.Connection, *, cache_kib: int = READ_CACHE_KIB,
                 mmap_bytes: int = READ_MMAP_BYTES) -> Iterator[sqlite3.Connection]:
    """Within the block, SQLite reads the file through a memory map of up to ``mmap_bytes`` and keeps up
    to ``cache_kib`` KiB of pages (defaults: no map, 2 MiB); after it, the connection's settings again.

    For reads that visit most of the file (an export joins every coding to its turn and document).
    With the defaults every page is copied from the operating system's cache by a read() call, and
    pages still needed are dropped and read again: at 200,000 codings about a quarter of the query's
    CPU, most of it system time. Mapped pages are read in place. Writes are unchanged (SQLite writes
    through its usual calls; WAL readers see the same snapshot), and the map is given up at the end.
    """
    cache, mmap = (conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "mmap_size"))
    conn.execute(f"PRAGMA cache_size = {-int(cache_kib)}")
    conn.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
    try:
        yield conn
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        conn.execute(f"PRAGMA mmap_size = {int(mmap)}")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error.

    IMMEDIATE takes the write lock up front, so two writers queue on the busy
    timeout instead of failing half-way with "database is locked".
    """
    check_still_the_opened_file(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise BusyError(busy_message(_busy_timeout_of(conn))) from exc
        if is_sqlite_io_error(exc):
            raise io_error(exc, _database_file(conn)) from exc
        raise
    reached("begin")  # the fault bench: a kill from here to "committed" lands inside a transaction
    try:
        yield conn
        reached("commit")  # the fault bench: rows written, not yet committed
        conn.execute("COMMIT")
        reached("committed")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:   # the disk that failed the write can fail the rollback: say the first error
                if not is_sqlite_io_error(exc):
                    raise
        if isinstance(exc, Exception) and is_disk_full(exc, _database_folder(conn)):
            raise DiskFullError(_database_folder(conn)) from exc
        if isinstance(exc, sqlite3.DatabaseError) and is_sqlite_io_error(exc):
            raise io_error(exc, _database_file(conn)) from exc
        raise


def _database_file(conn: sqlite3.Connection) -> Path:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else Path.cwd()


def _database_folder(conn: sqlite3.Connection) -> Path:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else Path.cwd()


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)   # stat only: opening the file would drop this process's locks on it
    except OSError:
        return None
    return found.st_dev, found.st_ino


def check_still_the_opened_file(conn: sqlite3.Connection) -> None:
    """Refuse a write when the file at the database's path is no longer the one this connection opened.

    A sync service bringing another computer's copy (Dropbox, OneDrive, 坚果云 replace the file by renaming a new
    one over it) or a backup put in place while a window is open: this connection would go on writing into
    the old, unlinked file, and its -wal file, found by path, would be read as part of the new one -- the
    other copy's work hidden page by page, nothing said. So the window's whole state is copied into
    backups/ (nothing of its work lost), its -wal is emptied into the old file (the new one is read as it
    came), and the write is refused with what to do.
    """
    opened = getattr(conn, "opened_file", None)
    if opened is None:
        return
    path = _database_file(conn)
    now = _file_identity(path)
    if now is None or now == opened:   # nothing there: the folder was moved or renamed, the file went with it
        return
    kept = getattr(conn, "kept_when_replaced", None)
    if kept is None:   # the window's copy is taken once; every later write is refused the same way
        kept = backup_to(conn, path.parent / "backups" / f"this-window-when-replaced-{time.strftime('%Y%m%d-%H%M%S')}.db")
        conn.kept_when_replaced = kept
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raise ProjectError(
        "the project database was replaced by another program while this window or command had it open (a sync "
        "service such as Dropbox, OneDrive or 坚果云 bringing another computer's copy, or a backup put in place); "
        f"nothing was saved. Everything this window had is kept in {kept.parent.name}/{kept.name}: quit, open the "
        "project again, and bring its codings in with `qualcode merge` (docs/safety.md, \"Conflicted copies\")",
        location=_loc(path))
