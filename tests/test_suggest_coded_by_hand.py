"""A suggestion whose turn is coded by hand with its code is no longer pending (coded_pairs's rule, which
keeps `qualcode suggest` from storing one), everywhere, and is pending again once that coding is removed
or undone. Real project on disk, real keyword suggest, the real CLI in-process."""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.app.project import open_project
from tests.tui_fixtures import import_transcripts

store = pytest.importorskip("qualcode.storage.suggestions", reason="the suggestion engine (NLP area) is not installed")
suggest = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine (NLP area) is not installed")
review = pytest.importorskip("qualcode.app.suggesting.review", reason="the suggestion engine (NLP area) is not installed")


@pytest.fixture
def suggested(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    suggest.run_suggest(project, jobs=1)
    return project


def _family(project):
    """The engine's pending PF_FAMILY on S01_pre #4 (我妈妈一直鼓励我，家里人都支持我)."""
    rows = [row for row in store.list_suggestions(project.conn, status="pending", code_ids=["PF_FAMILY"])
            if row.document_name == "S01_pre" and row.ordinal == 4]
    assert len(rows) == 1, rows
    return rows[0]


def _pending_ids(project) -> set[int]:
    with open_project(project.root) as other:  # what another process reads from the file
        return {row.suggestion.id for row in store.list_suggestions(other.conn, status="pending")}


def test_coding_the_suggested_code_by_hand_ends_pending_and_undo_brings_it_back(suggested):
    row = _family(suggested)
    sid, segment_id = row.suggestion.id, row.suggestion.segment_id
    pending_before = api.project_status(suggested).pending_suggestions

    coding = api.toggle_code(suggested, segment_id, "PF_FAMILY")   # the TUI's code key
    assert coding is not None
    assert sid not in _pending_ids(suggested)
    assert api.project_status(suggested).pending_suggestions == pending_before - 1
    assert [r.suggestion.status for r in store.turn_suggestions(suggested.conn, segment_id)
            if r.suggestion.id == sid] == ["coded"]
    assert [r.suggestion.id for r in store.list_suggestions(suggested.conn, status="coded")] == [sid]
    # bulk accept takes it no more (it said "1 suggestion(s) accepted, 0 coding(s) created")
    assert sid not in {r.suggestion.id for r in review.select_suggestions(suggested, min_score=0)}
    # the stored row is untouched: nothing to put back
    assert suggested.conn.execute("SELECT status FROM suggestions WHERE id = ?", (sid,)).fetchone()[0] == "pending"

    api.undo(suggested)
    assert sid in _pending_ids(suggested)
    assert api.project_status(suggested).pending_suggestions == pending_before
    api.redo(suggested)
    assert sid not in _pending_ids(suggested)

    api.toggle_code(suggested, segment_id, "PF_FAMILY")          # the same key again removes the coding
    assert sid in _pending_ids(suggested)
    assert api.project_status(suggested).pending_suggestions == pending_before


def test_another_coders_coding_or_a_span_inside_the_turn_also_ends_pending(suggested):
    row = _family(suggested)
    coding = api.add_coding(suggested, document_id=row.document_id, start=row.segment_start + 2,
                            end=row.segment_start + 6, code_id="PF_FAMILY", segment_id=row.suggestion.segment_id,
                            coder="other")
    assert row.suggestion.id not in _pending_ids(suggested)
    api.remove_coding(suggested, coding.id, actor="other")
    assert row.suggestion.id in _pending_ids(suggested)
    # another code on the turn leaves it pending
    api.code_segment(suggested, row.suggestion.segment_id, "PF_GOAL")
    assert row.suggestion.id in _pending_ids(suggested)


def test_command_line_lists_and_bulk_accepts_it_no_more(suggested, run_cli):
    root = str(suggested.root)
    row = _family(suggested)
    api.code_segment(suggested, row.suggestion.segment_id, "PF_FAMILY")

    listed = run_cli("--project", root, "suggestions", "list")
    assert listed.exit_code == 0, listed.err
    assert not any(line.split()[:1] == [str(row.suggestion.id)] for line in listed.out.splitlines()), listed.out
    coded = run_cli("--project", root, "suggestions", "list", "--status", "coded")
    assert coded.exit_code == 0 and "1 suggestion(s)" in coded.out
    assert any(line.split()[:1] == [str(row.suggestion.id)] and "coded" in line for line in coded.out.splitlines())

    pending = len(_pending_ids(suggested))
    accepted = run_cli("--project", root, "suggestions", "accept", "--min-score", "0")
    assert accepted.exit_code == 0, accepted.err
    assert f"{pending} suggestion(s) accepted, {pending} coding(s) created" in accepted.out
    status = suggested.conn.execute("SELECT status FROM suggestions WHERE id = ?", (row.suggestion.id,)).fetchone()[0]
    assert status == "pending"      # left as it was: removing the hand coding shows it pending again
    again = run_cli("--project", root, "suggestions", "accept", "--min-score", "0")
    assert again.exit_code == 2 and "1 coded by hand already" in again.err, again.err

    shown = run_cli("--project", root, "status")
    assert shown.exit_code == 0 and "0 suggestions pending" in shown.out, shown.out


def test_a_window_deciding_a_suggestion_coded_meanwhile_leaves_it(suggested):
    row = _family(suggested)
    api.code_segment(suggested, row.suggestion.segment_id, "PF_FAMILY", coder="other")
    report = review.decide_ids(suggested, [row.suggestion.id], "accept", undecided_only=True)
    assert report.decided == 0 and report.skipped == (f"#{row.suggestion.id} is already coded",)


def test_blind_coding_counts_only_the_coders_own_codings(suggested):
    from qualcode.analysis.agreement import blind

    row = _family(suggested)
    api.code_segment(suggested, row.suggestion.segment_id, "PF_FAMILY", coder="B")

    def seen_by(coder: str) -> str:
        return next(r.suggestion.status for r in blind.suggestions_for_coder(suggested.conn, coder)
                    if r.suggestion.id == row.suggestion.id)

    assert seen_by("A") == "pending"   # B's work is not shown to A
    assert seen_by("B") == "coded"


def test_the_skip_is_said_in_chinese_in_the_chinese_interface(suggested):
    from qualcode.tui.error_words import message_in

    row = _family(suggested)
    api.code_segment(suggested, row.suggestion.segment_id, "PF_FAMILY")
    report = review.decide_ids(suggested, [row.suggestion.id], "reject", undecided_only=True)
    assert report.decided == 0
    assert message_in("zh", report.skipped[0]) == f"#{row.suggestion.id} 的段落已有这个编码（已编码）"


def test_blind_coding_another_coders_decision_on_a_turn_you_coded_reads_coded_without_the_decider(suggested):
    from qualcode.analysis.agreement import blind

    row = _family(suggested)
    review.decide_ids(suggested, [row.suggestion.id], "reject", coder="B")
    api.code_segment(suggested, row.suggestion.segment_id, "PF_FAMILY", coder="A")
    seen = next(r.suggestion for r in blind.suggestions_for_coder(suggested.conn, "A")
                if r.suggestion.id == row.suggestion.id)
    assert (seen.status, seen.decided_by, seen.decided_at) == ("coded", None, None)
    turn = next(r.suggestion for r in blind.turn_suggestions_for_coder(suggested.conn, "A", row.suggestion.segment_id)
                if r.suggestion.id == row.suggestion.id)
    assert turn == seen
    assert next(r.suggestion.status for r in blind.suggestions_for_coder(suggested.conn, "B")
                if r.suggestion.id == row.suggestion.id) == "rejected"     # B sees their own decision


def test_a_suggestion_coded_by_hand_survives_suggest_redoing_its_document(suggested):
    """Seen in the lead's check (stop 30): `qualcode suggest --force` (or any re-run that redoes the document,
    as a retraining does) deleted the coded suggestion's row, so removing the coding afterwards brought no
    suggestion back, where it came back before the re-run."""
    row = _family(suggested)
    sid, segment_id = row.suggestion.id, row.suggestion.segment_id
    api.toggle_code(suggested, segment_id, "PF_FAMILY")
    suggest.run_suggest(suggested, jobs=1, force=True)
    assert [(r.suggestion.id, r.suggestion.status) for r in store.turn_suggestions(suggested.conn, segment_id)
            if r.suggestion.code_id == "PF_FAMILY"] == [(sid, "coded")]
    api.toggle_code(suggested, segment_id, "PF_FAMILY")          # the coding removed: pending again
    assert sid in _pending_ids(suggested)
