"""A small real project database for the agreement tests (SQLite file, m0001 schema).

Built with plain SQL so the pure agreement code can be tested before the
project API exists; the CLI tests use the real project API instead.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


from qualcode.storage.db import connect, transaction, utc_now

TRANSCRIPTS = {
    "S01_pre": [
        ("访谈者", "interviewer", "你平时有什么打算吗？"),
        ("受访者", "participant", "我想先把电工证考下来。然后去工厂实习。"),
        ("访谈者", "interviewer", "家里人怎么看？"),
        ("受访者", "participant", "我妈妈一直很支持我，她说慢慢来。"),
        ("受访者", "participant", "中考没考好，我有点自卑。"),
    ],
    "S02_pre": [
        ("访谈者", "interviewer", "在学校开心吗？"),
        ("受访者", "participant", "同学会帮我复习，老师也很关心我。"),
        ("受访者", "participant", "有时候压力很大，不知道以后做什么。"),
    ],
}

CODES = [("PF_SUPPORT", None, "支持力", "Supports"), ("PF_FAMILY", "PF_SUPPORT", "家庭支持", "Family support"),
         ("PF_PEER", "PF_SUPPORT", "人际协助", "Interpersonal help"),
         ("PF_SCHOOL", "PF_SUPPORT", "教师与学校支持", "Teacher and school support"),
         ("PF_PERSONAL", None, "个人力", "Personal strengths"), ("PF_GOAL", "PF_PERSONAL", "目标专注", "Goal focus"),
         ("AD_LOWSELF", None, "自卑", "Low self-esteem"), ("AD_CONFUSION", None, "迷茫", "Confusion")]


def build_database(path: Path):
    """Create the database; returns (conn, {(document name, ordinal): (segment id, document id, start, end)})."""
    conn = connect(path)  # the project database as qualcode makes it: every migration applied
    segments = {}
    with transaction(conn):
        for position, (code_id, parent, zh, en) in enumerate(CODES):
            conn.execute("INSERT INTO codes (id, parent_id, codebook, label_zh, label_en, position, depth) "
                         "VALUES (?, ?, 'test', ?, ?, ?, ?)", (code_id, parent, zh, en, position, int(bool(parent))))
        for name, turns in TRANSCRIPTS.items():
            text, spans = "", []
            for speaker, role, utterance in turns:
                prefix = f"{speaker}："
                start = len(text) + len(prefix)
                text += prefix + utterance + "\n"
                spans.append((speaker, role, start, start + len(utterance)))
            digest = hashlib.sha256(text.encode()).hexdigest()
            document_id = conn.execute(
                "INSERT INTO documents (name, path, sha256, language, encoding, text, imported_at) "
                "VALUES (?, ?, ?, 'zh', 'utf-8', ?, ?)", (name, f"transcripts/{name}.txt", digest, text, utc_now())
            ).lastrowid
            for ordinal, (speaker, role, start, end) in enumerate(spans, start=1):
                segment_id = conn.execute(
                    "INSERT INTO segments (document_id, ordinal, start, end, speaker, role) VALUES (?, ?, ?, ?, ?, ?)",
                    (document_id, ordinal, start, end, speaker, role)).lastrowid
                segments[(name, ordinal)] = (segment_id, document_id, start, end)
    return conn, segments


def code(conn, segments, coder, name, ordinal, code_id, *, start_shift=0, end_shift=0):
    """Code a whole segment (or a part of it, shifting its ends) for ``coder``."""
    segment_id, document_id, start, end = segments[(name, ordinal)]
    with transaction(conn):
        conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, 'manual', ?)",
                     (document_id, segment_id, start + start_shift, end + end_shift, code_id, coder, utc_now()))


def suggest(conn, segments, name, ordinal, code_id, score, status="pending"):
    segment_id = segments[(name, ordinal)][0]
    with transaction(conn):
        conn.execute("INSERT INTO suggestions (segment_id, code_id, score, evidence, status, engine_version, "
                     "created_at) VALUES (?, ?, ?, '[]', ?, 'test', ?)", (segment_id, code_id, score, status,
                                                                         utc_now()))


def two_coders(conn, segments):
    """A and B on both documents (participant turns: S01 #2 #4 #5, S02 #2 #3).

    PF_GOAL:   A S01#2, B S01#2                    -> both 1, neither 4
    PF_FAMILY: A S01#4, B S01#4 and S02#2          -> both 1, only B 1, neither 3
    PF_PEER:   A S02#2, B none                     -> only A 1, neither 4
    AD_LOWSELF: A S01#5 whole, B S01#5 from char 5 -> different passages (share 7/12 < 0.9)
    PF_SCHOOL, AD_CONFUSION: nobody (AD_CONFUSION coded by A on an interviewer turn only)
    """
    code(conn, segments, "A", "S01_pre", 2, "PF_GOAL")
    code(conn, segments, "B", "S01_pre", 2, "PF_GOAL")
    code(conn, segments, "A", "S01_pre", 4, "PF_FAMILY")
    code(conn, segments, "B", "S01_pre", 4, "PF_FAMILY")
    code(conn, segments, "B", "S02_pre", 2, "PF_FAMILY")
    code(conn, segments, "A", "S02_pre", 2, "PF_PEER")
    code(conn, segments, "A", "S01_pre", 5, "AD_LOWSELF")
    code(conn, segments, "B", "S01_pre", 5, "AD_LOWSELF", start_shift=5)
    code(conn, segments, "A", "S01_pre", 1, "AD_CONFUSION")
