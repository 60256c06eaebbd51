"""Cases (participants) and their attributes: reading a participants table, setting attributes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location, QualcodeError
from qualcode.core.models import Case
from qualcode.io.readers import read_participant_rows
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction


def import_cases(project, table: Path) -> list[Case]:
    """Read a participants table (CSV/XLSX) and store every row in one transaction.

    Refused, with nothing stored, when an id the project lacks is another spelling of a case it has
    (``s01``, ``Ｓ01`` or ``S1`` beside ``S01``): the row's attributes would go to a new case of that
    spelling and the interviewed participant would be left without them, unsaid.
    """
    numbered = read_participant_rows(table)
    known = [row[0] for row in project.conn.execute("SELECT id FROM cases ORDER BY id")]
    refuse_near_misses(table, numbered, known)
    rows = [case for _, case in numbered]
    with transaction(project.conn):
        for case in rows:
            repo.upsert_case(project.conn, case)
    return rows


def id_key(case_id: str) -> str:
    """A participant id as compared for near misses: width and case folded, leading zeros of numbers dropped."""
    text = unicodedata.normalize("NFKC", case_id).strip().casefold()
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


def refuse_near_misses(table: Path, numbered: Sequence[tuple[int, Case]], known: Iterable[str]) -> None:
    """Raise when a table's new id differs from a known case id only in case, width or leading zeros."""
    known = set(known)
    by_key: dict[str, str] = {}
    for case_id in sorted(known):
        by_key.setdefault(id_key(case_id), case_id)
    misses = [(number, case.id, by_key[id_key(case.id)]) for number, case in numbered
              if case.id not in known and id_key(case.id) in by_key]
    if not misses:
        return
    listed = "; ".join(f"row {number}: {new!r} for {old}" for number, new, old in misses)
    raise ImportFormatError(
        f"{len(misses)} participant id(s) are another spelling of a participant id already in use ({listed}): their "
        "attributes would go to new cases and the interviewed participants would have none; write the ids as "
        "the project does (`qualcode cases list`), then import again; nothing imported",
        Location(table, line=misses[0][0]))


def set_attributes(project, case_id: str, attributes: Mapping[str, str]) -> Case:
    """Set (merge) attributes of one case; creates the case when it is new."""
    if not attributes or any(not key for key in attributes):
        raise QualcodeError("attributes are written key=value, e.g. gender=女")
    case = Case(id=case_id, attributes=dict(attributes))
    with transaction(project.conn):
        repo.upsert_case(project.conn, case)
    return case
