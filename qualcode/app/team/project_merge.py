"""Bring another project's codings into this one, documents matched by content hash.

Two coders who coded the same transcripts in two separate projects end with
documents of the same ``sha256`` (of the source bytes).  For every current
document of the other project whose hash matches a current document here,
its codings are copied with their coder, origin, time and memo.  Offsets are
only meaningful on identical stored text, so a matching hash with different
stored text (imported by another qualcode version, say) is reported and
skipped.  Codings already present (same document, span, code and coder) are
skipped, and so are codings of codes this project's codebooks lack.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.core.text_forms import name_key
from qualcode.app.maintenance.code_merge import merged_away
from qualcode.core.errors import Location, ProjectError
from qualcode.core.span_placement import Turn, place_span

PROJECT_DB = Path(".qualcode") / "project.db"


@dataclass(frozen=True)
class DocumentMatch:
    here: str  # document name in this project
    other: str  # its name in the other project
    codings: int  # codings brought in


@dataclass
class MergeReport:
    source: Path
    matched: list[DocumentMatch] = field(default_factory=list)
    unmatched_other: list[str] = field(default_factory=list)  # no document here with that hash
    unmatched_here: list[str] = field(default_factory=list)  # no document there with that hash
    text_differs: list[str] = field(default_factory=list)  # same hash, different stored text: skipped
    ambiguous: list[str] = field(default_factory=list)  # hash shared by several documents, names differ
    already_present: int = 0
    unknown_codes: Counter = field(default_factory=Counter)  # code id -> codings skipped
    # code id -> (labels here, labels there): one id, two meanings (each of you made the code, or renamed it)
    labels_differ: dict[str, tuple[str, str]] = field(default_factory=dict)
    labels_differ_skipped: Counter = field(default_factory=Counter)  # code id -> codings skipped
    followed_merges: Counter = field(default_factory=Counter)  # (code merged into another here, that code) -> codings
    # code id -> (labels here, labels there): one label renamed, another the same: one code, merged
    labels_renamed: dict[str, tuple[str, str]] = field(default_factory=dict)
    coders: Counter = field(default_factory=Counter)  # coder (as stored here) -> codings added
    added_rows: list[dict] = field(default_factory=list)  # the inserted rows, with their new ids
    split_over_turns: int = 0  # codings there that fit no single turn: clipped to each turn they cover
    outside_turns_skipped: int = 0  # ... and those covering no turn words at all (labels, blank lines)
    # same name, different text (one project imported a revised transcript): (name, codings left there, which)
    versions_differ: list[tuple[str, int, str]] = field(default_factory=list)
    # a coder there written with a title ("coder A", "编码员A") beside a coder A here: merged as written, said
    coder_notes: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.added_rows)

    def summary(self) -> str:
        lines = [f"Merged from {self.source}: {self.added} codings added"
                 + (f" ({', '.join(f'{c}: {n}' for c, n in sorted(self.coders.items()))})" if self.coders else "")
                 + f", {self.already_present} already here."]
        lines += [f"  matched  {m.here}" + (f" (there: {m.other})" if m.other != m.here else "")
                  + f": {m.codings} codings" for m in self.matched]
        if self.split_over_turns:
            lines.append(f"  {self.split_over_turns} codings there fit no single turn: clipped to each turn they cover")
        if self.outside_turns_skipped:
            lines.append(f"  {self.outside_turns_skipped} codings there cover no turn text (a label or blank line): "
                         "skipped")
        lines += [f"  {name}: {which}; {n} codings there not merged -- import the same file into both projects "
                  "(a re-import moves the codings with their words), then merge again"
                  for name, n, which in self.versions_differ]
        lines += [f"  only in the other project (not merged): {name}" for name in self.unmatched_other]
        lines += [f"  only in this project: {name}" for name in self.unmatched_here]
        lines += [f"  same source file, different stored text (skipped): {name}" for name in self.text_differs]
        lines += [f"  several documents share this content, names differ (skipped): {name}"
                  for name in self.ambiguous]
        lines += [f"  code {code} is not in this project's codebooks: {n} codings skipped"
                  for code, n in sorted(self.unknown_codes.items())]
        lines += [f"  code {code} was merged into {target} here (`qualcode codes merge`): its {n} codings there are "
                  f"merged as {target}" for (code, target), n in sorted(self.followed_merges.items())]
        lines += [f"  code {code} is {self.labels_differ[code][1]} there but {self.labels_differ[code][0]} here: "
                  f"{n} codings not merged -- if it is one code, give it the same labels in both codebooks; if two, "
                  "give one of them another id in its codebook; then merge again"
                  for code, n in sorted(self.labels_differ_skipped.items())]
        lines += [f"  code {code} is {there} there but {here} here (one label renamed, the other the same): merged "
                  "as one code" for code, (here, there) in sorted(self.labels_renamed.items())]
        lines += [f"  {note}" for note in self.coder_notes]
        return "\n".join(lines)


def other_database(path: Path) -> Path:
    """The database of a project folder (or the database file itself)."""
    path = Path(path)
    candidate = path / PROJECT_DB if path.is_dir() else path
    if not candidate.is_file():
        raise ProjectError("is not a qualcode project (no .qualcode/project.db)", Location(path=path))
    return candidate


def open_other(path: Path) -> sqlite3.Connection:
    """Read-only connection: merging never changes the other project."""
    database = other_database(path)
    try:
        conn = sqlite3.connect(f"file:{database.resolve()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT id, sha256, text FROM documents LIMIT 1").fetchall()
        conn.execute("SELECT id, document_id, start, end, code_id, coder FROM codings LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"cannot read this project's database: {exc}", Location(path=database)) from exc
    return conn


def _current_documents(conn: sqlite3.Connection) -> dict[str, list[sqlite3.Row]]:
    by_hash: dict[str, list[sqlite3.Row]] = {}
    for row in conn.execute("SELECT id, name, sha256, text FROM documents WHERE is_current = 1 ORDER BY name"):
        by_hash.setdefault(row["sha256"], []).append(row)
    return by_hash


def _pairs(here: dict[str, list[sqlite3.Row]], other: dict[str, list[sqlite3.Row]], report: MergeReport):
    """(here row, other row) for documents of equal hash; one-to-one, else matched by name."""
    for digest, theirs in other.items():
        ours = here.get(digest)
        if not ours:
            report.unmatched_other += [r["name"] for r in theirs]
            continue
        if len(ours) == 1 and len(theirs) == 1:
            yield ours[0], theirs[0]
            continue
        ours_by_name = {r["name"]: r for r in ours}
        for row in theirs:
            if row["name"] in ours_by_name:
                yield ours_by_name[row["name"]], row
            else:
                report.ambiguous.append(row["name"])
    report.unmatched_here = sorted(r["name"] for digest, rows in here.items() if digest not in other for r in rows)


def _segment_for(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> int | None:
    """The segment holding the coded span here (the smallest one containing it), if any."""
    row = conn.execute("SELECT id FROM segments WHERE document_id = ? AND start <= ? AND end >= ? "
                       "ORDER BY end - start LIMIT 1", (document_id, start, end)).fetchone()
    return row[0] if row else None


def _on_turns(conn: sqlite3.Connection, document_id: int, row: dict, report: MergeReport) -> list[dict]:
    """A coding that fits no single turn here, as one coding per turn it covers (none: skipped and counted)."""
    text = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    turns = [Turn(r[2], r[0], r[1]) for r in conn.execute(
        "SELECT start, end, id FROM segments WHERE document_id = ? ORDER BY ordinal", (document_id,))]
    placement = place_span(text, turns, row["start"], row["end"])
    if placement.kind == "skipped":
        report.outside_turns_skipped += 1
        return []
    report.split_over_turns += 1
    return [row | {"segment_id": p.segment_id, "start": p.start, "end": p.end} for p in placement.pieces]


def merge_codings(conn: sqlite3.Connection, other_path: Path, *, coders: Sequence[str] = (),
                  rename: Mapping[str, str] | None = None) -> MergeReport:
    """Copy the other project's codings into ``conn`` (the caller holds the transaction).

    ``coders`` limits which coders are brought in; ``rename`` maps a coder's name there
    to the name to store here (so two coders both called "me" stay apart).
    """
    rename = dict(rename or {})
    report = MergeReport(source=Path(other_path))
    other = open_other(other_path)
    try:
        known_codes = {r[0] for r in conn.execute("SELECT id FROM codes WHERE active = 1")}
        merged_here = {old: new for old, new in merged_away(conn).items() if new in known_codes}
        report.labels_differ, report.labels_renamed = _labels_that_differ(conn, other)
        here_documents, other_documents = _current_documents(conn), _current_documents(other)
        for ours, theirs in _pairs(here_documents, other_documents, report):
            if ours["text"] != theirs["text"]:
                report.text_differs.append(ours["name"])
                continue
            added = 0
            for coding in other.execute("SELECT start, end, code_id, coder, origin, created_at, memo FROM codings "
                                        "WHERE document_id = ? ORDER BY start, id", (theirs["id"],)):
                if coders and coding["coder"] not in coders:
                    continue
                if coding["code_id"] in merged_here and coding["code_id"] not in known_codes:
                    report.followed_merges[(coding["code_id"], merged_here[coding["code_id"]])] += 1
                    coding = dict(coding) | {"code_id": merged_here[coding["code_id"]]}
                if coding["code_id"] not in known_codes:
                    report.unknown_codes[coding["code_id"]] += 1
                    continue
                if coding["code_id"] in report.labels_differ:
                    report.labels_differ_skipped[coding["code_id"]] += 1
                    continue
                row = dict(coding) | {"document_id": ours["id"], "coder": rename.get(coding["coder"], coding["coder"]),
                                      "segment_id": _segment_for(conn, ours["id"], coding["start"], coding["end"])}
                pieces = [row]
                if row["segment_id"] is None:  # over several turns (made before spans were kept inside one)
                    pieces = _on_turns(conn, ours["id"], row, report)
                for piece in pieces:
                    cursor = conn.execute(
                        "INSERT OR IGNORE INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                        "created_at, memo) VALUES (:document_id, :segment_id, :start, :end, :code_id, :coder, "
                        ":origin, :created_at, :memo)", piece)
                    if cursor.rowcount == 0:
                        report.already_present += 1
                        continue
                    report.added_rows.append(piece | {"id": cursor.lastrowid})
                    report.coders[piece["coder"]] += 1
                added += 1
            report.matched.append(DocumentMatch(ours["name"], theirs["name"], added))
        _versions_that_differ(conn, other, report, coders, _by_name(here_documents), _by_name(other_documents))
    finally:
        other.close()
    return report


def _labels(label_zh: str | None, label_en: str | None) -> str:
    return " / ".join(label for label in (label_zh, label_en) if label)


def _labels_that_differ(conn: sqlite3.Connection,
                        other: sqlite3.Connection) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Codes of one id whose labels differ between the projects, as (here, there): those differing in every
    language both give, and those with one label renamed and another the same. Two coders who each added a code
    `PF_DORM` (宿舍生活 / Dorm life here, 宿舍矛盾 / Dorm conflict there) mean two things by it; pooling their
    codings under one would count them as agreeing. A label renamed in one language is the same code."""
    try:
        theirs = {r[0]: (r[1], r[2]) for r in other.execute("SELECT id, label_zh, label_en FROM codes")}
    except sqlite3.DatabaseError:  # a database too old to hold labels: nothing to compare
        return {}, {}
    differ, renamed = {}, {}
    for code_id, zh, en in conn.execute("SELECT id, label_zh, label_en FROM codes"):
        if code_id not in theirs:
            continue
        same = [name_key(ours) == name_key(there)
                for ours, there in zip((zh, en), theirs[code_id]) if ours and there]
        if same and not any(same):
            differ[code_id] = (_labels(zh, en), _labels(*theirs[code_id]))
        elif not all(same):
            renamed[code_id] = (_labels(zh, en), _labels(*theirs[code_id]))
    return differ, renamed



def _by_name(documents: dict[str, list[sqlite3.Row]]) -> dict[str, sqlite3.Row]:
    """The current documents (as :func:`_current_documents` read them) by name."""
    named: dict[str, sqlite3.Row] = {}
    for rows in documents.values():
        for row in rows:
            named.setdefault(row["name"], row)
    return named


def _versions_that_differ(conn: sqlite3.Connection, other: sqlite3.Connection, report: MergeReport,
                          coders: Sequence[str], here_named: dict[str, sqlite3.Row],
                          other_named: dict[str, sqlite3.Row]) -> None:
    """Documents of the same name in both projects whose texts differ: a transcript imported again in one of
    them. Their codings cannot be placed by offsets; say so, with how many are left behind and which is newer,
    instead of listing the name twice as "only in" each project. ``here_named`` and ``other_named`` are the
    current documents already read, by name (not selected again)."""
    for name in [n for n in report.unmatched_other if n in report.unmatched_here]:
        theirs = other_named[name]
        where = " AND coder IN (%s)" % ",".join("?" * len(coders)) if coders else ""
        left = other.execute(f"SELECT count(*) FROM codings WHERE document_id = ?{where}",
                             (theirs["id"], *coders)).fetchone()[0]
        ours = here_named[name]["sha256"]
        if conn.execute("SELECT 1 FROM documents WHERE name = ? AND is_current = 0 AND sha256 = ?",
                        (name, theirs["sha256"])).fetchone():
            which = "this project has a newer version of the transcript (imported again since)"
        elif other.execute("SELECT 1 FROM documents WHERE name = ? AND is_current = 0 AND sha256 = ?",
                           (name, ours)).fetchone():
            which = "the other project has a newer version of the transcript"
        else:
            which = "the two projects hold different texts of the transcript"
        report.versions_differ.append((name, left, which))
        report.unmatched_other.remove(name)
        report.unmatched_here.remove(name)
