"""A small hand-built project for the export tests, with every expected value worked out by hand.

Participant utterances have lengths chosen to make coverage easy to check (10 or 20
characters). Segment ordinals count every turn, interviewer turns included.

    S01_pre  (S01, pre)   1 I  你有什么目标吗？
                          2 P  我想考证，妈妈很支持            (10)
                          3 I  压力大吗？
                          4 P  学习压力很大，家里也缺钱，有时候很难过。 (20)
    S01_post (S01, post)  1 I  现在怎么样？
                          2 P  目标更清楚，同学帮我            (10)
    S02_pre  (S02, pre)   1 I  说说中考吧。
                          2 P  中考没考好，压力很大            (10)
                          3 I  谁帮你？
                          4 P  朋友陪我聊天，心情好            (10)
    S03_pre  (S03, pre)   1 I  你怎么看？
                          2 P  嗯，我也不知道怎么说            (10)
    cases: S01 女, S02 男, S03 女, S04 男 (S04 has no transcript)

Codings (coder A unless noted; "full" = the whole utterance):
    S01_pre  #1 PF_GOAL full (interviewer turn!)
    S01_pre  #2 PF_GOAL full; PF_FAMILY 妈妈很支持 (5 chars, A) and full (B)
    S01_pre  #4 AD_PRESSURE_STUDY full (A and B); AD_PRESSURE_LIFE 家里也缺钱 (5 chars)
    S01_post #2 PF_GOAL full; PF_PEER full
    S02_pre  #2 AD_EXAM full; AD_PRESSURE_STUDY 压力很大 (4 chars); AD_PRESSURE full (B, the sub-theme itself)
    S02_pre  #4 PF_PEER full; PF_EMOTION full (B)
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.models import Code, Codebook
from qualcode.storage.db import connect, transaction

INTERVIEWER, PARTICIPANT = "访谈者", "受访者"

TRANSCRIPTS = {
    "S01_pre": ("S01", "pre", ["你有什么目标吗？", "我想考证，妈妈很支持", "压力大吗？", "学习压力很大，家里也缺钱，有时候很难过。"]),
    "S01_post": ("S01", "post", ["现在怎么样？", "目标更清楚，同学帮我"]),
    "S02_pre": ("S02", "pre", ["说说中考吧。", "中考没考好，压力很大", "谁帮你？", "朋友陪我聊天，心情好"]),
    "S03_pre": ("S03", "pre", ["你怎么看？", "嗯，我也不知道怎么说"]),
}
CASES = {"S01": {"gender": "女", "grade": "1"}, "S02": {"gender": "男", "grade": "2"},
         "S03": {"gender": "女", "grade": "1"}, "S04": {"gender": "男", "grade": "2"}}

# (document, ordinal, code, coder, span inside the utterance or None for the whole of it)
CODINGS = [
    ("S01_pre", 1, "PF_GOAL", "A", None),
    ("S01_pre", 2, "PF_GOAL", "A", None),
    ("S01_pre", 2, "PF_FAMILY", "A", (5, 10)),
    ("S01_pre", 2, "PF_FAMILY", "B", None),
    ("S01_pre", 4, "AD_PRESSURE_STUDY", "A", None),
    ("S01_pre", 4, "AD_PRESSURE_STUDY", "B", None),
    ("S01_pre", 4, "AD_PRESSURE_LIFE", "A", (7, 12)),
    ("S01_post", 2, "PF_GOAL", "A", None),
    ("S01_post", 2, "PF_PEER", "A", None),
    ("S02_pre", 2, "AD_EXAM", "A", None),
    ("S02_pre", 2, "AD_PRESSURE_STUDY", "A", (6, 10)),
    ("S02_pre", 2, "AD_PRESSURE", "B", None),
    ("S02_pre", 4, "PF_PEER", "A", None),
    ("S02_pre", 4, "PF_EMOTION", "B", None),
]


def _code(id_, zh, en, parent=None, book="test-book", depth=0, position=0):
    return Code(id=id_, labels={"zh": zh, "en": en}, codebook=book, parent_id=parent, depth=depth,
                position=position)


def small_codebooks() -> list[Codebook]:
    protective = Codebook("protective", 1, ("zh", "en"), (
        _code("PF_PERSONAL", "个人力", "Personal strengths", book="protective"),
        _code("PF_GOAL", "目标专注", "Goal focus", "PF_PERSONAL", "protective", 1, 0),
        _code("PF_EMOTION", "情绪控制", "Emotion control", "PF_PERSONAL", "protective", 1, 1),
        _code("PF_SUPPORT", "支持力", "Supports", book="protective", position=1),
        _code("PF_FAMILY", "家庭支持", "Family support", "PF_SUPPORT", "protective", 1, 0),
        _code("PF_PEER", "人际协助", "Interpersonal help", "PF_SUPPORT", "protective", 1, 1),
    ))
    needs = Codebook("needs", 1, ("zh", "en"), (
        _code("AD_ADVERSITY", "逆境", "Adversities", book="needs"),
        _code("AD_EXAM", "中考失利", "Exam failure", "AD_ADVERSITY", "needs", 1, 0),
        _code("AD_PRESSURE", "压力", "Pressure", "AD_ADVERSITY", "needs", 1, 1),
        _code("AD_PRESSURE_STUDY", "学业压力", "Study pressure", "AD_PRESSURE", "needs", 2, 0),
        _code("AD_PRESSURE_LIFE", "生活压力", "Life pressure", "AD_PRESSURE", "needs", 2, 1),
    ))
    return [protective, needs]


@dataclass
class SmallProject:
    root: Path
    conn: sqlite3.Connection
    codebooks: list[Codebook]
    segment_ids: dict[tuple[str, int], int]


def insert_codes(conn: sqlite3.Connection, codebooks: list[Codebook]) -> None:
    for book in codebooks:
        for code in book.codes:
            conn.execute(
                "INSERT OR REPLACE INTO codes (id, parent_id, codebook, label_zh, label_en, position, depth) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code.id, code.parent_id, book.name, code.labels.get("zh"), code.labels.get("en"),
                 code.position, code.depth))


def insert_transcript(conn, name, case_id, wave, utterances, attributes=None) -> dict[int, tuple[int, int, int]]:
    """Store a transcript the way the importer does; returns ordinal -> (segment id, start, end)."""
    text, spans = "", []
    for ordinal, utterance in enumerate(utterances, start=1):
        label = INTERVIEWER if ordinal % 2 else PARTICIPANT
        text += f"{label}："
        spans.append((ordinal, len(text), len(text) + len(utterance), label))
        text += utterance + "\n"
    attrs = {"participant": case_id, "wave": wave, **(attributes or {})}
    cur = conn.execute(
        "INSERT INTO documents (name, path, sha256, language, encoding, case_id, attributes, text, imported_at) "
        "VALUES (?, ?, ?, 'zh', 'utf-8', ?, ?, ?, '2026-01-01T00:00:00Z')",
        (name, f"transcripts/{name}.txt", name, case_id, json.dumps(attrs, ensure_ascii=False), text))
    doc_id = cur.lastrowid
    result = {}
    for ordinal, start, end, label in spans:
        role = "interviewer" if label == INTERVIEWER else "participant"
        seg = conn.execute(
            "INSERT INTO segments (document_id, ordinal, start, end, speaker, role, case_id) VALUES (?,?,?,?,?,?,?)",
            (doc_id, ordinal, start, end, label, role, case_id if role == "participant" else None)).lastrowid
        result[ordinal] = (seg, start, end)
    return result


def build_small_project(root: Path) -> SmallProject:
    (root / ".qualcode").mkdir(parents=True, exist_ok=True)
    conn = connect(root / ".qualcode" / "project.db")
    codebooks = small_codebooks()
    segment_ids: dict[tuple[str, int], int] = {}
    with transaction(conn):
        insert_codes(conn, codebooks)
        for case_id, attrs in CASES.items():
            conn.execute("INSERT INTO cases (id, attributes) VALUES (?, ?)",
                         (case_id, json.dumps(attrs, ensure_ascii=False)))
        spans = {}
        for name, (case_id, wave, utterances) in TRANSCRIPTS.items():
            for ordinal, info in insert_transcript(conn, name, case_id, wave, utterances).items():
                spans[(name, ordinal)] = info
                segment_ids[(name, ordinal)] = info[0]
        doc_ids = {row[1]: row[0] for row in conn.execute("SELECT id, name FROM documents")}
        for n, (doc, ordinal, code, coder, span) in enumerate(CODINGS):
            seg, start, end = spans[(doc, ordinal)]
            if span is not None:
                start, end = start + span[0], start + span[1]
            conn.execute(
                "INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 'manual', ?)",
                (doc_ids[doc], seg, start, end, code, coder, f"2026-01-02T00:00:{n:02d}Z"))
    return SmallProject(root, conn, codebooks, segment_ids)
