"""The initial schema (DESIGN §3)."""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE cases (
    id         TEXT PRIMARY KEY,            -- as the researcher writes it, e.g. S01
    attributes TEXT NOT NULL DEFAULT '{}'   -- JSON object: gender, grade, major ...
);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,              -- stable name, e.g. the file stem S01_pre
    path        TEXT NOT NULL,              -- source path, relative to the project root when inside it
    sha256      TEXT NOT NULL,              -- of the source bytes
    version     INTEGER NOT NULL DEFAULT 1,
    is_current  INTEGER NOT NULL DEFAULT 1, -- 0 for superseded versions (kept for audit and re-anchoring)
    previous_id INTEGER REFERENCES documents(id),
    language    TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    case_id     TEXT REFERENCES cases(id) ON UPDATE CASCADE,
    attributes  TEXT NOT NULL DEFAULT '{}', -- JSON: front matter (wave, date, interviewer ...)
    text        TEXT NOT NULL,              -- normalised text, immutable once imported
    imported_at TEXT NOT NULL,
    UNIQUE (name, version)
);
CREATE INDEX documents_sha ON documents(sha256);
CREATE INDEX documents_current ON documents(is_current, name);

CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    speaker     TEXT,
    role        TEXT NOT NULL CHECK (role IN ('interviewer', 'participant', 'other')),
    case_id     TEXT REFERENCES cases(id) ON UPDATE CASCADE,
    UNIQUE (document_id, ordinal),
    CHECK (start >= 0 AND end >= start)
);
CREATE INDEX segments_case ON segments(case_id);

CREATE TABLE codes (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES codes(id) ON UPDATE CASCADE,
    codebook    TEXT NOT NULL,
    label_zh    TEXT,
    label_en    TEXT,
    description TEXT NOT NULL DEFAULT '',
    color       TEXT,
    key         TEXT,
    position    INTEGER NOT NULL DEFAULT 0,
    depth       INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1  -- 0 once removed from every codebook, codings keep it
);

CREATE TABLE codings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    segment_id  INTEGER REFERENCES segments(id) ON DELETE SET NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    code_id     TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
    coder       TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('manual', 'suggestion', 'import')),
    created_at  TEXT NOT NULL,
    memo        TEXT,
    UNIQUE (document_id, start, end, code_id, coder),
    CHECK (start >= 0 AND end > start)
);
CREATE INDEX codings_segment ON codings(segment_id);
CREATE INDEX codings_code ON codings(code_id);

CREATE TABLE suggestions (
    id             INTEGER PRIMARY KEY,
    segment_id     INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    code_id        TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
    score          REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    evidence       TEXT NOT NULL,          -- JSON list of Evidence
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    engine_version TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    decided_at     TEXT,
    decided_by     TEXT,
    UNIQUE (segment_id, code_id)           -- re-running suggest never duplicates
);
CREATE INDEX suggestions_status ON suggestions(status);

CREATE TABLE memos (
    id          INTEGER PRIMARY KEY,
    target_type TEXT NOT NULL CHECK (target_type IN ('project', 'document', 'case', 'code', 'coding', 'segment')),
    target_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (target_type, target_id, author)
);

CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,                 -- coding.add, coding.remove, memo.set, suggestion.decide ...
    payload TEXT NOT NULL,                 -- JSON, enough to undo and redo the action
    undone  INTEGER NOT NULL DEFAULT 0
);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)

