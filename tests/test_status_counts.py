"""`status` counts (also the TUI home screen's) equal a brute-force count, and read indexes."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from qualcode.app import api, queries
from qualcode.storage import progress

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import write_corpus  # noqa: E402


def _brute_force(project):
    """Per document name: (participant turns, coded participant turns, pending suggestions), row by row.
    A pending suggestion whose turn has its code already (a coding on the turn or overlapping it, by
    anyone) is not pending."""
    conn = project.conn
    expected = {}
    for document in queries.list_documents(project):
        segments = queries.list_segments(project, document.id, with_text=False)
        participant = {s.id for s in segments if s.role == "participant"}
        codings = queries.list_codings(project, document_id=document.id)
        coded = {c.segment_id for c in codings if c.segment_id in participant}
        pending = 0
        for segment in segments:
            for status, code_id in conn.execute("SELECT status, code_id FROM suggestions WHERE segment_id = ?",
                                                (segment.id,)):
                has_code = any(c.code_id == code_id and (c.segment_id == segment.id or (
                    c.start < segment.end and segment.start < c.end)) for c in codings)
                pending += status == "pending" and not has_code
        expected[document.name] = (len(participant), len(coded), pending)
    return expected


def test_status_counts_equal_a_brute_force_count(project, tmp_path):
    write_corpus(tmp_path / "in", language="zh", total_characters=30_000, per_file=1_500, seed=3)
    report = api.import_paths(project, [tmp_path / "in"])
    assert not report.errors
    from qualcode.app.suggesting.batch import run_suggest
    run_suggest(project, jobs=1)
    rng = random.Random(5)
    conn = project.conn
    pending_ids = [row[0] for row in conn.execute("SELECT id FROM suggestions ORDER BY id")]
    assert len(pending_ids) > 50, "the generated corpus should get suggestions"
    # decide some suggestions and code some turns (several codes on one turn count once)
    with conn:
        for sid in rng.sample(pending_ids, len(pending_ids) // 3):
            conn.execute("UPDATE suggestions SET status = ? WHERE id = ?", (rng.choice(["accepted", "rejected"]), sid))
    codes = [row[0] for row in conn.execute("SELECT id FROM codes WHERE active = 1 ORDER BY id")]
    for document in queries.list_documents(project)[::2]:
        for segment in queries.list_segments(project, document.id, with_text=False)[:6]:
            for code_id in rng.sample(codes, 2):
                api.add_coding(project, document_id=document.id, segment_id=segment.id, start=segment.start,
                               end=segment.end, code_id=code_id, coder="tester")
    # pending suggestions coded by hand: some on the whole turn, some by a span inside it, some by a span
    # that starts in the turn before (no segment id, as an imported coding may have): none counts as pending
    covered = [row for row in conn.execute(
        "SELECT g.code_id, s.id, s.document_id, s.start, s.end FROM suggestions g JOIN segments s "
        "ON s.id = g.segment_id WHERE g.status = 'pending' AND s.end - s.start > 4 ORDER BY g.id")][::7]
    assert len(covered) > 10
    for number, (code_id, segment_id, document_id, start, end) in enumerate(covered):
        if number % 3 == 0:
            api.code_segment(project, segment_id, code_id, coder="hand")
        elif number % 3 == 1:
            api.add_coding(project, document_id=document_id, segment_id=segment_id, start=start + 1, end=start + 3,
                           code_id=code_id, coder="hand")
        elif start > 0:  # the API codes inside one turn; a REFI-QDA import may store such a span
            with conn:
                conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                             "created_at) VALUES (?, NULL, ?, ?, ?, 'hand', 'import', '')",
                             (document_id, start - 1, start + 1, code_id))
    before = sum(1 for _ in conn.execute("SELECT 1 FROM suggestions WHERE status = 'pending'"))
    status = api.project_status(project)
    assert status.pending_suggestions < before - 10
    got = {p.name: (p.participant_segments, p.coded_segments, p.pending_suggestions) for p in status.per_document}
    expected = _brute_force(project)
    assert got == expected
    assert status.pending_suggestions == sum(v[2] for v in expected.values())
    assert status.coded_segments == sum(v[1] for v in expected.values()) > 0


def test_count_queries_read_indexes_not_a_scan_per_document(project):
    plans = progress.query_plans(project.conn)
    for name, steps in plans.items():
        text = " | ".join(steps)
        assert "INDEX" in text, (name, text)
        assert "CORRELATED" not in text or name == "pending", (name, text)
    # a pending row whose turn has its code is left out: one seek per pending row into the codings'
    # (document, code) index (the only correlated step), never a pass over a document's codings
    assert any("suggestions_status" in step for step in plans["pending"]), plans["pending"]
    assert any("SEARCH c USING COVERING INDEX codings_document_code (document_id=? AND code_id=?)" in step
               for step in plans["pending"]), plans["pending"]


def test_the_codings_document_code_migration_upgrades_an_old_project_and_its_count_uses_it(tmp_path):
    """m0093: an old project (a pending suggestion on a turn coded by hand before the rule) upgrades; the
    index exists, the pending count reads it and leaves that suggestion out, and the codings are kept."""
    from _migration_helpers import database_before

    from qualcode.storage import db

    path = tmp_path / "project.db"
    old = database_before(path, "m0093_codings_document_code_index")
    old.execute("INSERT INTO codes (id, codebook, position, depth) VALUES ('PF_GOAL', 'b', 0, 0)")
    old.execute("INSERT INTO codes (id, codebook, position, depth) VALUES ('AD_EXAM', 'b', 0, 0)")
    old.execute("INSERT INTO segments (id, document_id, ordinal, start, end, role) VALUES (1, 1, 1, 0, 4, 'participant')")
    old.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                "VALUES (1, 1, 0, 4, 'AD_EXAM', 'A', 'manual', 'then')")
    old.executemany("INSERT INTO suggestions (segment_id, code_id, score, evidence, status, engine_version, created_at) "
                    "VALUES (1, ?, 0.9, '[]', 'pending', 'v', 'then')", [("AD_EXAM",), ("PF_GOAL",)])
    old.commit()
    old.close()
    conn = db.connect(path)
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'codings_document_code'").fetchone()
    assert dict(conn.execute(progress.COUNT_QUERIES["pending"]).fetchall()) == {1: 1}   # PF_GOAL only
    assert [row.pending_suggestions for row in progress.document_counts(conn)] == [1]
    assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 1
    conn.close()
