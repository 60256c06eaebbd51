"""A codebook YAML and the database rows that use its codes, written together or not at all.

An import that brings new codes must change two things: a YAML file in
``codebooks/`` (the source of truth) and the database (the codes, and the
codings that point at them). A file write and a transaction cannot be one
atomic act, so the file is staged:

1. the YAML is written and fsynced under ``codebooks/.NAME.yaml.PID.XXXX.part``
   (no command reads ``.part`` files as codebooks);
2. in the caller's one transaction the codes are upserted from that text and
   a row in ``pending_codebooks`` names the part file and its hash;
3. after the commit the part is renamed over ``NAME.yaml`` and the row is
   deleted.

A kill before 2 commits leaves only a part file with a dead writer, removed by
the next command: nothing happened. A kill after it leaves the row, and the next
command (every one calls ``sync_codes``) finishes the rename: everything
happened. Either way a rerun neither fails on a missing code nor writes the
codebook a second time.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

from qualcode.core.codebook import check_together, validate_codebook_text
from qualcode.core.codebook_writer import codebook_yaml_text
from qualcode.core.codebook_yaml import read_text
from qualcode.core.errors import CodebookError, Location
from qualcode.core.faults import reached
from qualcode.core.models import Codebook, Code
from qualcode.io.tables import remove_stale_parts
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction, utc_now


class StagedCodebook:
    """A codebook file written under a temporary name, waiting for its transaction to commit."""

    def __init__(self, project, codebook: Codebook, path: Path, *, header: str) -> None:
        self.project, self.path = project, Path(path)
        text = codebook_yaml_text(codebook, self.path, header=header)
        others = [validate_codebook_text(read_text(p), p) for p in project.codebook_paths() if p != self.path]
        mine = validate_codebook_text(text, self.path)
        # every code the project will have once the file is in place, checked across files as sync_codes would
        self.codes: list[Code] = check_together([*others, mine]).codes()
        self.part = _write_part(self.path, text)
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        reached("codebook-part-written")

    def record(self, conn: sqlite3.Connection) -> None:
        """Inside the caller's transaction: the codes, and the journal row that finishes the rename."""
        repo.upsert_codes(conn, self.codes)
        conn.execute("INSERT OR REPLACE INTO pending_codebooks (path, part, sha256, created_at) VALUES (?,?,?,?)",
                     (self._relative(self.path), self._relative(self.part), self.sha256, utc_now()))

    def publish(self) -> None:
        """After the commit: put the file in place (or let the next command do it if this one dies here)."""
        reached("codebook-committed")
        finish_pending_codebooks(self.project)

    def discard(self) -> None:
        """The transaction failed: the part goes, nothing refers to it."""
        self.part.unlink(missing_ok=True)

    def _relative(self, path: Path) -> str:
        return str(path.relative_to(self.project.root))


def _write_part(path: Path, text: str) -> Path:
    try:
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent, delete=False,
                                             prefix=f".{path.name}.{os.getpid()}.", suffix=".part")
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise CodebookError(f"cannot write codebook: {error.strerror or error}", Location(path)) from None
    return Path(handle.name)


def finish_pending_codebooks(project) -> list[str]:
    """Rename every committed part file into place and forget it; remove parts of writers that died.

    Returns the codebook files put in place (relative paths), for messages.
    """
    conn, root = project.conn, project.root
    rows = conn.execute("SELECT path, part, sha256 FROM pending_codebooks").fetchall()
    finished = []
    for path, part, sha in rows:
        target, staged = root / path, root / part
        if staged.is_file() and hashlib.sha256(staged.read_bytes()).hexdigest() == sha:
            os.replace(staged, target)
            finished.append(path)
        with transaction(conn):
            conn.execute("DELETE FROM pending_codebooks WHERE path = ? AND part = ?", (path, part))
    if (root / "codebooks").is_dir():
        remove_stale_parts(root / "codebooks")
    return finished


def write_with_codebook(project, staged: StagedCodebook | None, write):
    """Run ``write(conn)`` in one transaction that also records ``staged``; publish it after the commit."""
    try:
        with transaction(project.conn):
            if staged is not None:
                staged.record(project.conn)
            result = write(project.conn)
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    if staged is not None:
        staged.publish()
    return result
