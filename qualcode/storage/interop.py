"""The interop tables (migration m0004): remembered GUIDs and known coders."""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import utc_now

ENTITIES = ("code", "user", "case", "document", "variable")


def guid_map(conn: sqlite3.Connection, entity: str) -> dict[str, str]:
    """key (code id, coder name ...) -> the GUID another tool gave it."""
    return {row[0]: row[1] for row in conn.execute("SELECT key, guid FROM interop_guids WHERE entity = ?",
                                                    (entity,))}


def remember_guid(conn: sqlite3.Connection, entity: str, key: str, guid: str) -> None:
    conn.execute("INSERT INTO interop_guids (entity, key, guid) VALUES (?, ?, ?) "
                 "ON CONFLICT (entity, key) DO UPDATE SET guid = excluded.guid", (entity, key, guid))


def add_coder(conn: sqlite3.Connection, name: str, origin: str) -> bool:
    """Record a coder; False when already known."""
    cursor = conn.execute("INSERT OR IGNORE INTO coders (name, origin, added_at) VALUES (?, ?, ?)",
                          (name, origin, utc_now()))
    return cursor.rowcount > 0


def list_coders(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM coders ORDER BY name")]
