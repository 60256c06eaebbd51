"""Rows of ``speaker_overrides`` (migration m0020): roles the researcher set per document."""

from __future__ import annotations

import sqlite3


def stored_overrides(conn: sqlite3.Connection, document_name: str) -> list[tuple[str, str]]:
    """(speaker as written, value) set for ``document_name``, in the order they were set."""
    return [(row[0], row[1]) for row in conn.execute(
        "SELECT name, value FROM speaker_overrides WHERE document_name = ? ORDER BY rowid", (document_name,))]


def store_overrides(conn: sqlite3.Connection, document_name: str, overrides: list[tuple[str, str, str]]) -> None:
    """Remember (key, name as written, value) for the document; a later value for a speaker replaces the earlier."""
    conn.executemany(
        "INSERT INTO speaker_overrides (document_name, speaker, value, name) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (document_name, speaker) DO UPDATE SET value = excluded.value, name = excluded.name",
        [(document_name, key, value, name) for key, name, value in overrides])
