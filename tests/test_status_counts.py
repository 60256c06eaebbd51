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
    """Per document name: (participant turns, coded participant turns, pending suggestions), row by row."""
    conn = project.conn
    expected = {}
    for document in queries.list_documents(project):
        segments = queries.list_segments(project, document.id, with_text=False)
        participant = {s.id for s in segments if s.role == "participant"}
        coded = {c.segment_id for c in queries.list_codings(project, document_id=document.id)
                 if c.segment_id in participant}
        pending = 0
        for segment in segments:
            for (status,) in conn.execute("SELECT status FROM suggestions WHERE segment_id = ?", (segment.id,)):
                pending += status == "pending"
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
    status = api.project_status(project)
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
        assert "CORRELATED" not in text, (name, text)
    assert any("suggestions_status_segment" in step for step in plans["pending"]), plans["pending"]
