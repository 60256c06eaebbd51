"""`qualcode pseudonymize`: replace real names in transcripts with stable placeholders.

The source files (.txt/.md) are rewritten with placeholders and re-imported,
so each becomes a new document version and its codings move onto the same
words (see :mod:`qualcode.app.importing.reanchor`). The key (real name -> placeholder) and
the report of every replacement contain real names, so both are written to
``.qualcode/`` (owner-only), never to ``exports/``. The original files are
kept there too unless the researcher asks to discard them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.core.decoding import decode_bytes
from qualcode.core.errors import QualcodeError
from qualcode.core.names import NameEntry, NameHit, find_names, load_names_list, replace_names
from qualcode.app.privacy.exports_check import exports_with_names
from qualcode.app.privacy.scrub_rows import rows_with_names, scrub_database
from qualcode.app.project import Project
from qualcode.core.faults import reached
from qualcode.storage import repository as repo

REWRITABLE = (".txt", ".md")


@dataclass
class Replacement:
    document: str
    file: str
    line: int
    column: int
    found: str
    placeholder: str
    kind: str


@dataclass
class PseudonymizeReport:
    replacements: list[Replacement] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # documents whose source cannot be rewritten
    key_path: Path | None = None
    report_path: Path | None = None
    other_replacements: dict[str, int] = field(default_factory=dict)  # "memos.text" -> count (scrub_rows)
    exports_with_names: list[str] = field(default_factory=list)  # "exports/quotes.md: 王芳" written before this


def private_dir(project: Project) -> Path:
    folder = project.db_path.parent
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def key_path(project: Project) -> Path:
    return private_dir(project) / "pseudonym-key.csv"


def read_key(project: Project) -> dict[str, str]:
    path = key_path(project)
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["placeholder"] for row in csv.DictReader(handle)}


def pseudonymize(project: Project, names_list: Path, *, dry_run: bool = False,
                 keep_originals: bool = True) -> PseudonymizeReport:
    from qualcode.app.importing.transcripts import import_paths
    from qualcode.app.maintenance.backup_doctor import backup_before

    entries = load_names_list(names_list, existing_key=read_key(project))
    report = PseudonymizeReport()
    rewrites: list[tuple[Path, str]] = []
    for document in repo.list_documents(project.conn):
        source = (project.root / document.path) if not Path(document.path).is_absolute() else Path(document.path)
        stored = repo.document_text(project.conn, document.id)
        rewritable = source.suffix.lower() in REWRITABLE and source.exists()
        if rewritable:
            text, _ = decode_bytes(source.read_bytes(), source)
            if not find_names(text, entries) and not find_names(stored, entries):
                continue
        elif not find_names(stored, entries):
            continue
        if not rewritable:
            report.skipped.append(f"{document.name}: source {document.path} is not a .txt/.md file here; "
                                  "save it as .txt, re-import, and run again")
            continue
        hits = find_names(text, entries)
        report.replacements += [_replacement(document.name, str(document.path), text, hit) for hit in hits]
        report.documents_changed.append(document.name)
        rewrites.append((source, rewrite_text(text, hits)))
    if report.skipped and not dry_run:
        raise QualcodeError("cannot pseudonymize: " + "; ".join(report.skipped))
    if dry_run:
        return report
    if rewrites or rows_with_names(project.conn, entries):
        backup_before(project, "pseudonymize")
    originals = private_dir(project) / "originals"
    for source, new_text in rewrites:
        if keep_originals:
            keep_original(project, source, originals)
        _write_atomic(source, new_text)
        reached("pseudonymize-file-rewritten")
    # Codings on a name move onto its placeholder as on unchanged words: the change is ours, not the author's.
    imported = import_paths(project, [source for source, _ in rewrites], undoable=False,
                            intended_edit=lambda words: replace_names(words, find_names(words, entries))) \
        if rewrites else None
    report.other_replacements = dict(scrub_database(project.conn, entries))
    report.key_path = _write_key(project, entries)
    if report.replacements:  # a run with nothing to replace keeps the last run's report
        report.report_path = _write_report(project, report.replacements)
    report.exports_with_names = exports_with_names(project.root / "exports", entries)
    _check_complete(project, entries, imported, originals if keep_originals else None)
    return report


def _check_complete(project: Project, entries: list[NameEntry], imported, originals: Path | None) -> None:
    problems = [f"{entry.path}: {entry.error}" for entry in (imported.files if imported else [])
                if entry.status == "error"]
    for document in repo.list_documents(project.conn):
        left = sorted({hit.found for hit in find_names(repo.document_text(project.conn, document.id), entries)})
        if left:
            problems.append(f"{document.name} still contains {', '.join(left)}")
    problems += rows_with_names(project.conn, entries)
    if problems:
        raise QualcodeError("pseudonymization is not complete, real names remain in the database: "
                            + "; ".join(problems)
                            + (f" (the original files are in {originals})" if originals else ""))


def keep_original(project: Project, source: Path, originals: Path) -> Path:
    """Copy the source into ``originals/`` under its path in the project, once: never over a kept original.

    A second run, or a rerun after a crash, finds the source already (partly) pseudonymised; the copy kept
    the first time is the only real original, so it is never replaced. The copy is written under a
    temporary name and renamed, so a crash never leaves a truncated "original" that would then count as kept.
    """
    try:
        relative = source.resolve().relative_to(project.root)
    except ValueError:
        relative = Path(source.name)
    kept = originals / relative
    if kept.exists() or (originals / source.name).exists() and relative.parent == Path("transcripts"):
        return kept  # the flat name is where versions before 2026-12 kept top-level transcripts
    levels = [originals]
    for part in kept.parent.relative_to(originals).parts:
        levels.append(levels[-1] / part)
    for folder in levels:
        folder.mkdir(mode=0o700, exist_ok=True)  # each level owner-only (parents=True would follow the umask)
    partial = kept.with_name(f".{kept.name}.{os.getpid()}.part")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(source.read_bytes())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, kept)
    reached("pseudonymize-original-kept")
    return kept


_FRONT_OPENING = re.compile(r"---[ \t]*\n")
_FRONT_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FRONT_FIELD = re.compile(r"^([ \t]*[^\s#:][^:\n]*:[ \t]*)(.*?)([ \t]*)$")


def rewrite_text(text: str, hits: list[NameHit]) -> str:
    """The text with every hit replaced; values in YAML front matter are quoted so they stay valid YAML."""
    opening = _FRONT_OPENING.match(text.lstrip("\ufeff"))
    if opening is None:
        return replace_names(text, hits)
    offset = len(text) - len(text.lstrip("\ufeff"))
    closing = _FRONT_CLOSING.search(text, offset + opening.end())
    if closing is None:
        return replace_names(text, hits)
    block_start, block_end = offset + opening.end(), closing.start()
    inside = [h for h in hits if h.start < block_end]
    lines, position, out = text[block_start:block_end].splitlines(keepends=True), block_start, []
    for line in lines:
        line_hits = [NameHit(h.start - position, h.end - position, h.found, h.entry, h.kind)
                     for h in inside if position <= h.start < position + len(line)]
        out.append(_rewrite_front_line(line, line_hits) if line_hits else line)
        position += len(line)
    return (text[:block_start] + "".join(out)
            + replace_names(text[block_end:], [_shift(h, -block_end) for h in hits if h.start >= block_end]))


def _shift(hit: NameHit, by: int) -> NameHit:
    return NameHit(hit.start + by, hit.end + by, hit.found, hit.entry, hit.kind, hit.similarity)


def _rewrite_front_line(line: str, hits: list[NameHit]) -> str:
    ending = line[len(line.rstrip("\r\n")):]
    body = line[:len(line) - len(ending)]
    field = _FRONT_FIELD.match(body)
    if field is None or any(h.start < field.end(1) for h in hits):
        return replace_names(body, hits) + ending  # a name in a key or a list item: replaced as it stands
    value = field.group(2)
    if value[:1] in ("[", "{"):  # a flow list: stored as its items joined by ", " (as the import reads it)
        from qualcode.core.frontmatter import _as_text
        from ruamel.yaml import YAML

        try:
            items = YAML(typ="safe", pure=True).load(value)
        except Exception:  # noqa: BLE001 - not YAML we can read: replace as it stands
            return replace_names(body, hits) + ending
        joined = _as_text(list(items.values()) if isinstance(items, dict) else items)
        entries = list({id(h.entry): h.entry for h in hits}.values())
        return field.group(1) + json.dumps(replace_names(joined, find_names(joined, entries)),
                                           ensure_ascii=False) + ending
    if value[:1] in ("'", '"'):
        value = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
        shift = field.end(1) + 1
    else:
        shift = field.end(1)
    new_value = replace_names(value, [_shift(h, -shift) for h in hits])
    return field.group(1) + json.dumps(new_value, ensure_ascii=False) + ending


def _replacement(document: str, file: str, text: str, hit: NameHit) -> Replacement:
    line = text.count("\n", 0, hit.start) + 1
    column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
    return Replacement(document, file, line, column, hit.found, hit.entry.placeholder, hit.kind)


def _write_atomic(path: Path, text: str) -> None:
    """Rewrite a transcript in place, readable by its owner only (whatever the original allowed others).

    A transcript is interview data: even pseudonymised it is not for everyone on a shared machine, and a
    group- or world-readable original is how the issue found it leaking. Share it deliberately (chmod).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    mode = (stat.S_IMODE(path.stat().st_mode) & 0o700) | 0o600
    fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _write_key(project: Project, entries: list[NameEntry]) -> Path:
    path = key_path(project)
    known = read_key(project)
    known.update({e.name: e.placeholder for e in entries})
    with _private_writer(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "placeholder"])
        writer.writerows(sorted(known.items(), key=lambda item: item[1]))
    return path


def _write_report(project: Project, replacements: list[Replacement]) -> Path:
    path = private_dir(project) / "pseudonymize-report.csv"
    with _private_writer(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "line", "column", "found", "placeholder", "kind"])
        writer.writerows([r.document, r.line, r.column, r.found, r.placeholder, r.kind] for r in replacements)
    return path


def _private_writer(path: Path):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # O_CREAT's mode only applies to a new file; an old key may have been shared
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def names_remaining(text: str, names_list: Path | None, project: Project | None = None) -> list[str]:
    """Real names from the list (or from the project's key) that still occur in ``text``."""
    entries: list[NameEntry]
    if names_list is not None:
        entries = load_names_list(names_list)
    elif project is not None:
        entries = [NameEntry(name=n, kind="person", placeholder=p) for n, p in read_key(project).items()]
    else:
        return []
    return sorted({hit.entry.name for hit in find_names(text, entries)})
