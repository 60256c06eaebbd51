"""A project folder (DESIGN §2): finding it, creating it, opening it."""

from __future__ import annotations

import getpass
import os
import shutil
import stat
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.core.config import CONFIG_NAME, check_project_languages, default_config_text, read_config, setting
from qualcode.core.errors import Location, ProjectError
from qualcode.core.models import Code, Codebook
from qualcode.storage import db

DB_RELATIVE = Path(".qualcode") / "project.db"
PROJECT_FOLDERS = ("codebooks", "transcripts", "scores", "exports")
FOLDER_MOVED = ("the project folder was moved, renamed or removed while this window had it open; what you did "
                "is saved in the folder where it is now: quit (ctrl+q) and open the project from its new place")


def find_project_root(start: Path | str | None = None) -> Path:
    """Walk up from ``start`` (default: the working directory) to a folder with qualcode.toml."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectError(
        f"no qualcode project in {here} or any folder above it; "
        "run `qualcode init DIR` or pass --project DIR"
    )


@dataclass
class Project:
    """An open project: its folder, settings, and this thread's database connection."""

    root: Path
    config: dict[str, Any]
    conn: sqlite3.Connection
    coder: str
    _codebook_cache: tuple[tuple[tuple[str, int], ...], list[Codebook]] | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        return self.root / DB_RELATIVE

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    def codebook_paths(self) -> list[Path]:
        folder = self.root / "codebooks"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())

    def codebook_stamp(self) -> tuple[tuple[str, int], ...]:
        """Each codebook file with its modification time: a file edited, added or removed changes it."""
        return _stamp(self.codebook_paths())

    def loaded_codebook_stamp(self) -> tuple[tuple[str, int], ...] | None:
        """The stamp of the codebooks :meth:`codebooks` last read (None before the first read)."""
        return self._codebook_cache[0] if self._codebook_cache is not None else None

    def codebooks(self) -> list[Codebook]:
        """The project's codebooks, validated; re-read only when a file changed."""
        from qualcode.core.codebook import load_valid_codebooks_quickly

        paths = self.codebook_paths()
        stamp = _stamp(paths)
        if self._codebook_cache is None or self._codebook_cache[0] != stamp:
            self._codebook_cache = (stamp, load_valid_codebooks_quickly(paths))
        return self._codebook_cache[1]

    def code_index(self) -> dict[str, Code]:
        return {code.id: code for book in self.codebooks() for code in book.codes}

    def setting(self, dotted: str, default: Any = None) -> Any:
        return setting(self.config, dotted, default)

    def reopen(self) -> "Project":
        """A new Project on the same folder with its own connection (for another thread), recording its
        history events as made where this one's are (the same window, or the command line)."""
        if not (self.root / CONFIG_NAME).is_file():
            # Moved or renamed while a window had it open: walking up from the old place would find no
            # project, or another one in a folder above; this connection still writes to the moved file.
            raise ProjectError(FOLDER_MOVED, Location(self.root))
        other = open_project(self.root, coder=self.coder)
        other.conn.origin = getattr(self.conn, "origin", None)  # type: ignore[attr-defined]
        return other

    def check_database_file(self) -> None:
        """ProjectError when the file at the database's path is no longer the one this connection opened (a sync
        service or a restore replaced it); the connection's state is kept in backups/ the first time."""
        db.check_still_the_opened_file(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _stamp(paths) -> tuple[tuple[str, int], ...]:  # type: ignore[no-untyped-def]
    """Each codebook file with its modification time: one changed, added or removed changes the stamp."""
    return tuple((str(p), p.stat().st_mtime_ns) for p in paths)


def _default_coder(config: dict[str, Any]) -> str:
    configured = setting(config, "project.coder", "") or ""
    if configured.strip():
        return configured.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def open_project(directory: Path | str | None = None, *, coder: str | None = None) -> Project:
    """Open the project at ``directory`` or the one the working directory is in."""
    root = find_project_root(directory)
    config = read_config(root / CONFIG_NAME)
    check_project_languages(config, root / CONFIG_NAME)
    db_path = root / DB_RELATIVE
    if not db_path.exists():
        _refuse_a_lost_database(db_path)
        _make_private_dir(db_path.parent)
    for path in (db_path.parent, db_path):
        if path.exists() and not _is_writable(path):
            if _on_read_only_disk(path):   # chmod cannot help there
                raise ProjectError("is on a read-only disk (a CD or DVD, a write-protected USB stick, a read-only "
                                   "mount); qualcode saves every action to the project database, so copy the "
                                   "project folder to a writable disk and open it there", Location(path))
            raise ProjectError("is read-only; qualcode saves every action to the project database and needs "
                               "write access (chmod u+w)", Location(path))
    if coder is not None and not coder.strip():
        raise ProjectError("the coder name is empty; pass --coder NAME (or leave it out to use "
                           "qualcode.toml [project] coder, else your user name)", Location(root / CONFIG_NAME))
    conn = db.connect(db_path, busy_timeout_s=setting(config, "project.busy_timeout_s"))
    return Project(root=root, config=config, conn=conn, coder=(coder or _default_coder(config)).strip())


def _traces_of_a_database(db_path: Path) -> list[Path]:
    """What a database that was here leaves: its -wal/-shm/-journal, backups, a sync service's copy of it."""
    folder = db_path.parent
    if not folder.is_dir():
        return []
    companions = [folder / f"{db_path.name}{suffix}" for suffix in ("-wal", "-shm", "-journal")]
    return ([p for p in companions if p.exists()] + _copies_beside(db_path)
            + sorted((folder / "backups").glob("*.db")))


def _copies_beside(path: Path) -> list[Path]:
    """Files named like ``path`` with something added to the stem: ``project (conflicted copy 2026-12-01).db``
    (Dropbox), ``project-LAPTOP.db`` (OneDrive), ``project 2.db`` (iCloud), ``project-broken.db`` (a restore)."""
    return sorted(p for p in path.parent.glob(f"{path.stem}*{path.suffix}")
                  if p.name != path.name and p.is_file())


def copies_beside_the_project_files(root: Path) -> list[Path]:
    """Other copies of the database and of qualcode.toml, which qualcode never reads: a sync service keeps one
    when the project was changed in two places (or on two computers) at once, and what was done there is not in
    this project."""
    return _copies_beside(root / DB_RELATIVE) + _copies_beside(root / CONFIG_NAME)


def _refuse_a_lost_database(db_path: Path) -> None:
    """Refuse to start an empty database where one was: moved away, deleted, or not yet synced back.

    SQLite would create the empty file and, on its first checkpoint, throw away a -wal left beside it,
    and with it the last actions of the real database; the project would then open as if new.
    """
    traces = _traces_of_a_database(db_path)
    if not traces:
        return
    names = ", ".join(str(p.relative_to(db_path.parent.parent)) for p in traces[:3])
    more = f" and {len(traces) - 3} more" if len(traces) > 3 else ""
    raise ProjectError(
        f"the project database is missing, but {names}{more} is there: this project had a database "
        "(moved, deleted, or not yet back from a sync or a copy); nothing was created or changed. Put "
        "project.db back beside its -wal file (or restore a backup, docs/safety.md \"Backups\"); to start "
        "an empty database here instead, move the .qualcode folder aside",
        Location(db_path),
    )


def _on_read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):   # no statvfs (Windows): the chmod advice stands
        return False


def _make_private_dir(path: Path) -> None:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"cannot create {path.name}/: {exc.strerror}", Location(path)) from exc


def init_project(directory: Path | str, *, name: str | None = None, language: str = "zh",
                 interface_language: str = "en") -> Project:
    """Create a project folder with the shipped codebooks and an empty database.

    ``language``: the project's (``[project] language``); ``interface_language``: ``[tui] language``.

    Refuses a folder that already is a project, and cleans up after itself if
    anything fails half-way, so the folder is left as it was.
    """
    from qualcode.core.codebook import shipped_codebook_paths

    root = Path(directory).resolve()
    if (root / CONFIG_NAME).exists():
        raise ProjectError("is already a qualcode project; nothing changed", Location(root / CONFIG_NAME))
    created: list[Path] = []
    try:
        if not root.exists():
            root.mkdir(parents=True)
            created.append(root)
        if not _is_writable(root):
            raise ProjectError("the folder is not writable; nothing changed", Location(root))
        for folder in PROJECT_FOLDERS:
            target = root / folder
            if not target.exists():
                target.mkdir()
                created.append(target)
        for source in shipped_codebook_paths():
            target = root / "codebooks" / source.name
            if not target.exists():
                shutil.copyfile(source, target)
                created.append(target)
        config_path = root / CONFIG_NAME
        config_path.write_text(default_config_text(name or root.name, language, interface_language),
                               encoding="utf-8")
        created.append(config_path)
        _make_private_dir(root / ".qualcode")
        created.append(root / ".qualcode")
        project = open_project(root)
    except PermissionError as exc:
        _remove_created(created)
        raise ProjectError(f"permission denied: {exc.filename}; nothing changed", Location(root)) from exc
    except BaseException:
        _remove_created(created)
        raise
    return project


def _is_writable(folder: Path) -> bool:
    # os.access alone says yes to root even on a folder marked read-only; honour the mark.
    return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & stat.S_IWUSR)


def _remove_created(created: list[Path]) -> None:
    for path in reversed(created):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
