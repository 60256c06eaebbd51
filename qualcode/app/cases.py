"""Cases (participants) and their attributes: reading a participants table, setting attributes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from qualcode.core.errors import QualcodeError
from qualcode.core.models import Case
from qualcode.io.readers import read_participants_table
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction


def import_cases(project, table: Path) -> list[Case]:
    """Read a participants table (CSV/XLSX) and store every row in one transaction."""
    rows = read_participants_table(table)
    with transaction(project.conn):
        for case in rows:
            repo.upsert_case(project.conn, case)
    return rows


def set_attributes(project, case_id: str, attributes: Mapping[str, str]) -> Case:
    """Set (merge) attributes of one case; creates the case when it is new."""
    if not attributes or any(not key for key in attributes):
        raise QualcodeError("attributes are written key=value, e.g. gender=女")
    case = Case(id=case_id, attributes=dict(attributes))
    with transaction(project.conn):
        repo.upsert_case(project.conn, case)
    return case
