"""The blind-mode filters on a real SQLite project."""

from __future__ import annotations

from agreement_helpers import build_database, suggest, two_coders

from qualcode.analysis.agreement.blind import codings_of_coder, suggestions_for_coder


def test_a_coder_sees_only_their_own_codings(tmp_path):
    conn, segments = build_database(tmp_path / "p.db")
    two_coders(conn, segments)
    mine = codings_of_coder(conn, "B")
    assert {c.coder for c in mine} == {"B"} and len(mine) == 4
    s02 = segments[("S02_pre", 2)][1]
    assert [c.code_id for c in codings_of_coder(conn, "A", document_id=s02)] == ["PF_PEER"]


def test_other_coders_decisions_show_as_pending(tmp_path):
    conn, segments = build_database(tmp_path / "p.db")
    suggest(conn, segments, "S01_pre", 2, "PF_GOAL", 0.8)
    suggest(conn, segments, "S01_pre", 4, "PF_FAMILY", 0.6, status="accepted")
    suggest(conn, segments, "S01_pre", 5, "AD_LOWSELF", 0.5, status="rejected")
    conn.execute("UPDATE suggestions SET decided_by = 'A', decided_at = '2026-01-01' WHERE code_id = 'PF_FAMILY'")
    conn.execute("UPDATE suggestions SET decided_by = 'B', decided_at = '2026-01-01' WHERE code_id = 'AD_LOWSELF'")
    conn.execute("UPDATE suggestions SET evidence = '[{\"keyword\": \"打算\", \"matched\": \"打算\", \"start\": 0, "
                 "\"end\": 2, \"kind\": \"exact\"}]' WHERE code_id = 'PF_GOAL'")
    seen_by_a = {r.suggestion.code_id: (r.suggestion.status, r.suggestion.decided_by)
                 for r in suggestions_for_coder(conn, "A")}
    assert seen_by_a == {"PF_GOAL": ("pending", None), "PF_FAMILY": ("accepted", "A"),
                         "AD_LOWSELF": ("pending", None)}
    seen_by_b = {r.suggestion.code_id: r.suggestion.status for r in suggestions_for_coder(conn, "B")}
    assert seen_by_b == {"PF_GOAL": "pending", "PF_FAMILY": "pending", "AD_LOWSELF": "rejected"}
    goal = next(r for r in suggestions_for_coder(conn, "B") if r.suggestion.code_id == "PF_GOAL")
    assert goal.suggestion.evidence[0].matched == "打算"
    segment_id = segments[("S01_pre", 4)][0]
    assert [r.suggestion.code_id for r in suggestions_for_coder(conn, "B", segment_id=segment_id)] == ["PF_FAMILY"]
