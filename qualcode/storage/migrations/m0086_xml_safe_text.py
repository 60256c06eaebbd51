"""Characters XML forbids, taken out of stored transcripts and memos, one for one.

Text copied out of Word carries a manual line break as \\v (and a page break as \\f); a transcript with
one imported fine, but every Word and Excel export of the project (annotated transcripts, quotes, the
memo report, any .xlsx with text) then ended in an internal error, since XML cannot hold the character.
Import now writes a line break for \\v and \\f and a space for the other control characters
(:func:`qualcode.core.decoding.xml_safe`); this does the same to what is already stored. Each character
is replaced by one character, so every coding's and turn's offsets stay on the same words; the files'
hashes are of their bytes, which are unchanged, so an unchanged file is still skipped by import.
"""

from __future__ import annotations

import sqlite3

from qualcode.core.decoding import xml_safe

# (table, text column): documents' text, and the memo text a researcher may paste from Word.
COLUMNS = (("documents", "text"), ("memos", "text"), ("codings", "memo"))
# SQL's view of the same characters, so only rows holding one are read into Python.
_HAS_ONE = " OR ".join(f"instr({{column}}, char({code})) > 0"
                       for code in (*range(0x00 + 1, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))


def apply(conn: sqlite3.Connection) -> None:
    for table, column in COLUMNS:
        rows = conn.execute(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL AND "
                            f"({_HAS_ONE.format(column=column)})").fetchall()
        for row_id, text in rows:
            cleaned = xml_safe(text)
            if cleaned != text:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (cleaned, row_id))
