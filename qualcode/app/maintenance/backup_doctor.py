"""Backups and `qualcode doctor`: checking a project and explaining what is wrong."""

from __future__ import annotations

import json
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.errors import QualcodeError
from qualcode.app.project import Project
from qualcode.storage.db import backup_to


def backup(project: Project, out: Path | None = None) -> Path:
    """A consistent copy of the database (SQLite online backup API), by default into exports/."""
    if out is None:
        out = project.exports_dir / f"backup-{time.strftime('%Y%m%d-%H%M%S')}.db"
    elif out.is_dir():
        out = out / f"backup-{time.strftime('%Y%m%d-%H%M%S')}.db"
    if out.exists():
        raise QualcodeError(f"{out} exists already; choose another --out")
    return backup_to(project.conn, out)


def backup_before(project: Project, action: str) -> Path:
    """The automatic copy taken before a destructive command (merge codes, delete a document)."""
    folder = project.db_path.parent / "backups"
    return backup_to(project.conn, folder / f"before-{action}-{time.strftime('%Y%m%d-%H%M%S')}.db")


@dataclass(frozen=True)
class Finding:
    check: str
    problem: str
    explanation: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.problem}\n    {self.explanation}"


def doctor(project: Project) -> list[Finding]:
    """Every problem found; an empty list means the project is healthy."""
    from qualcode.app.codebook_staging import finish_pending_codebooks

    # A codebook an import committed but was killed before renaming into place is finished first, as every
    # command does: it is committed work, not damage (reporting its codes as undefined would mislead).
    finish_pending_codebooks(project)
    conn = project.conn
    findings: list[Finding] = []
    result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        findings.append(Finding("integrity", "; ".join(result[:5]),
                                "SQLite found damage in the database file. Restore the latest backup "
                                "(exports/backup-*.db or .qualcode/backups/) after saving a copy of this one."))
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        findings.append(Finding("orphans", f"{table} row {rowid} points to a missing {parent} row",
                                "A row refers to something that no longer exists; it was probably written "
                                "by an older or interrupted program. Remove it or restore a backup."))
    for row in conn.execute(
            """SELECT c.id, c.start, c.end, d.name, length(d.text) AS n FROM codings c
               JOIN documents d ON d.id = c.document_id WHERE c.end > length(d.text) OR c.start < 0"""):
        findings.append(Finding("offsets", f"coding {row['id']} ({row['start']}-{row['end']}) lies outside "
                                f"document {row['name']} (0-{row['n']})",
                                "Its text cannot be shown or exported. Re-import the transcript so codings "
                                "are re-anchored, or remove the coding."))
    findings.extend(_span_findings(conn))
    findings.extend(_codebook_findings(project))
    findings.extend(_permission_findings(project))
    findings.extend(_copy_findings(project))
    for row in conn.execute("SELECT id, evidence FROM suggestions"):
        try:
            json.loads(row["evidence"])
        except (TypeError, ValueError):
            findings.append(Finding("suggestions", f"suggestion {row['id']} has unreadable evidence",
                                    "Re-run `qualcode suggest`; the engine replaces pending suggestions."))
    return findings


def _span_findings(conn: sqlite3.Connection) -> list[Finding]:
    from qualcode.app.maintenance.span_repair import examples, find_span_problems

    problems = find_span_problems(conn)
    repair = ("Run `qualcode doctor --repair`: it takes a backup, then {action} and flags each changed "
              "coding for `qualcode review`.")
    findings = []
    if problems.outside_turn:
        findings.append(Finding(
            "spans", f"{len(problems.outside_turn)} coding(s) run outside their turn: "
            f"{examples(problems.outside_turn)}",
            "An older qualcode stored the span as typed, so the quote takes in text of the next turns "
            "(often the interviewer's). " + repair.format(action="clips each one to its turn")))
    if problems.without_turn:
        findings.append(Finding(
            "no-turn", f"{len(problems.without_turn)} coding(s) are attached to no turn: "
            f"{examples(problems.without_turn)}",
            "They were imported from a line-based selection and are missing from status, matrices and quotes. "
            + repair.format(action="attaches each to the turn that holds it, or cuts it into one coding per "
                                   "turn it overlaps")))
    return findings


def _private_files(project: Project) -> list[Path]:
    """Files with interview text or real names: the database, backups, the pseudonym key, report, originals."""
    private = project.db_path.parent
    return sorted({project.db_path, *private.glob("project.db-*"), *private.glob("backups/*.db"),
                   *private.glob("pseudonym*.csv"), *private.glob("originals/*"),
                   *project.exports_dir.glob("backup-*.db")})


def _copy_findings(project: Project) -> list[Finding]:
    from qualcode.app.api import copy_warning
    from qualcode.app.project import copies_beside_the_project_files

    findings = []
    for path in copies_beside_the_project_files(project.root):
        problem, _, advice = copy_warning(project.root, path).partition(": ")
        findings.append(Finding("copies", problem, advice[:1].upper() + advice[1:] + "."))
    return findings


def _permission_findings(project: Project) -> list[Finding]:
    shared = [path for path in _private_files(project)
              if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077]
    if not shared:
        return []
    names = ", ".join(str(path.relative_to(project.root)) for path in shared[:5])
    more = f" and {len(shared) - 5} more" if len(shared) > 5 else ""
    return [Finding("privacy", f"{len(shared)} file(s) with interview text or real names can be read by other "
                    f"users of this computer: {names}{more}",
                    "qualcode creates them for you alone; a copy or a restore may have widened that. "
                    "Run: chmod 600 on each (chmod 700 on their folders).")]


def _codebook_findings(project: Project) -> list[Finding]:
    findings: list[Finding] = []
    try:
        defined = set(project.code_index())
    except QualcodeError as exc:
        return [Finding("codebook", str(exc), "Fix the codebook file; `qualcode codebook validate` shows "
                        "every problem with its line and column.")]
    used = {r[0]: r[1] for r in project.conn.execute(
        "SELECT code_id, count(*) FROM codings GROUP BY code_id")}
    for code_id, count in sorted(used.items()):
        if code_id not in defined:
            findings.append(Finding("codebook", f"{count} coding(s) use {code_id}, which no codebook defines",
                                    "The code was removed or renamed in codebooks/*.yaml. Put it back, or "
                                    "merge it into another code in the codebook editor."))
    stored = {r[0] for r in project.conn.execute("SELECT id FROM codes WHERE active = 1")}
    missing = sorted(defined - stored)
    if missing:
        findings.append(Finding("codebook", f"{len(missing)} code(s) in the codebooks are not yet in the "
                                f"database: {', '.join(missing[:5])}",
                                "Harmless: any command that codes (or `qualcode status`) brings them in."))
    return findings
