"""Segments keep the start time their source gave the turn (captions, Teams/Otter .docx, timestamp columns)."""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    # As written in the source (00:01:02.345, 0:03, 00:00:03,000): formats differ and nothing computes with it yet.
    conn.execute("ALTER TABLE segments ADD COLUMN start_time TEXT")
