"""`doctor` finds codings that left their turn; `doctor --repair` backs up, clips, attaches, splits and flags them.

The damage is written with sqlite3 straight into the project file, as an older qualcode left it:
a span typed past the turn's end, and line-based selections imported attached to no turn.
"""

from __future__ import annotations

import sqlite3

import pytest

from qualcode.app import api
from qualcode.app.maintenance.backup_doctor import doctor
from qualcode.app.maintenance.span_repair import find_span_problems, repair_spans
from qualcode.storage import repository as repo


@pytest.fixture
def coded(project, chinese_transcript):
    assert not api.import_paths(project, [chinese_transcript]).errors
    document = repo.get_document(project.conn, "S01_pre")
    turns = {s.ordinal: s for s in repo.list_segments(project.conn, document.id)}
    coding = api.toggle_code(project, turns[2].id, "AD_EXAM")
    return project, document, turns, coding


def _damage(project, sql: str, params: tuple = ()) -> int:
    """Write the way an old version did: a separate sqlite3 connection on the project file."""
    conn = sqlite3.connect(project.db_path)
    try:
        with conn:
            return conn.execute(sql, params).lastrowid or 0
    finally:
        conn.close()


def _turnless(project, document, start: int, end: int, code_id: str, coder: str = "A") -> int:
    return _damage(project, "INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                   "created_at) VALUES (?, NULL, ?, ?, ?, ?, 'import', '2024-01-01')",
                   (document.id, start, end, code_id, coder))


def _coding(project, coding_id: int):
    return project.conn.execute("SELECT segment_id, start, end FROM codings WHERE id = ?", (coding_id,)).fetchone()


def test_doctor_names_codings_outside_their_turn_and_without_a_turn(coded, run_cli):
    project, document, turns, coding = coded
    _damage(project, "UPDATE codings SET end = ? WHERE id = ?", (turns[3].end, coding.id))  # into the next turn
    inside_four = _turnless(project, document, turns[4].start, turns[4].start + 4, "PF_GOAL")
    result = run_cli("--project", project.root, "doctor")
    assert result.exit_code == 2
    length = turns[2].end - turns[2].start
    assert (f"[spans] 1 coding(s) run outside their turn: S01_pre:2 (coding {coding.id}, characters "
            f"{turns[2].start}\u2013{turns[3].end}; the turn is {turns[2].start}\u2013{turns[2].end}, "
            f"{length} characters)") in result.out
    assert (f"[no-turn] 1 coding(s) are attached to no turn: S01_pre:4 (coding {inside_four}, characters "
            f"{turns[4].start}\u2013{turns[4].start + 4})") in result.out
    assert "qualcode doctor --repair" in result.out


def test_doctor_shows_five_examples_and_counts_the_rest(coded):
    project, document, turns, _ = coded
    codes = [r[0] for r in project.conn.execute("SELECT id FROM codes WHERE active = 1 ORDER BY id LIMIT 7")]
    for code_id in codes:
        _turnless(project, document, turns[4].start, turns[4].end, code_id)
    [finding] = [f for f in doctor(project) if f.check == "no-turn"]
    assert finding.problem.startswith("7 coding(s) are attached to no turn: ")
    assert finding.problem.count("S01_pre:4 (coding") == 5 and finding.problem.endswith(" and 2 more")


def test_repair_backs_up_clips_attaches_splits_flags_and_leaves_doctor_clean(coded, run_cli):
    project, document, turns, coding = coded
    _damage(project, "UPDATE codings SET end = ? WHERE id = ?", (turns[3].end, coding.id))
    inside_four = _turnless(project, document, turns[4].start, turns[4].start + 4, "PF_GOAL")
    # A line-based selection: the speaker label of turn 4 through the end of turn 5.
    _turnless(project, document, turns[4].start - 4, turns[5].end + 1, "ND_FAMILY")

    result = run_cli("--project", project.root, "doctor", "--repair")
    assert result.exit_code == 0, result.out + result.err
    backups = list((project.db_path.parent / "backups").glob("before-doctor-repair-*.db"))
    assert len(backups) == 1 and f"Backup written to {backups[0]}" in result.out
    saved = sqlite3.connect(backups[0])
    assert saved.execute("SELECT end FROM codings WHERE id = ?", (coding.id,)).fetchone()[0] == turns[3].end
    assert saved.execute("SELECT count(*) FROM codings WHERE segment_id IS NULL").fetchone()[0] == 2
    saved.close()

    assert tuple(_coding(project, coding.id)) == (turns[2].id, turns[2].start, turns[2].end)
    assert tuple(_coding(project, inside_four)) == (turns[4].id, turns[4].start, turns[4].start + 4)
    pieces = project.conn.execute("SELECT segment_id, start, end FROM codings WHERE code_id = 'ND_FAMILY' "
                                  "ORDER BY start").fetchall()
    assert [tuple(p) for p in pieces] == [(turns[4].id, turns[4].start, turns[4].end),
                                          (turns[5].id, turns[5].start, turns[5].end)]
    assert "1 coding(s) clipped to their turn" in result.out
    assert "1 coding(s) attached to the turn that holds them (words unchanged)" in result.out
    assert "1 coding(s) over several turns split into 2 coding(s), one per turn" in result.out
    assert "3 coding(s) flagged for review" in result.out
    assert "No problems found." in result.out
    assert find_span_problems(project.conn).outside_turn == []

    listed = run_cli("--project", project.root, "review")
    assert listed.exit_code == 0
    rows = [line for line in listed.out.splitlines() if "S01_pre" in line]
    assert len(rows) == 3
    assert sum("clipped" in line for line in rows) == 1 and sum("split" in line for line in rows) == 2
    assert any("AD_EXAM" in line for line in rows) and sum("ND_FAMILY" in line for line in rows) == 2
    assert run_cli("--project", project.root, "doctor").exit_code == 0


def test_repair_reports_a_coding_it_cannot_place_and_leaves_it(coded, run_cli):
    project, document, turns, _ = coded
    label = _turnless(project, document, turns[2].start - 4, turns[2].start, "PF_GOAL")  # only "受访者："
    result = run_cli("--project", project.root, "doctor", "--repair")
    assert result.exit_code == 2
    assert (f"not placed (left as it was): S01_pre (characters {turns[2].start - 4}\u2013{turns[2].start}, "
            f"in no turn) (coding {label}, PF_GOAL): covers no turn text, only '受访者：'") in result.out
    assert tuple(_coding(project, label)) == (None, turns[2].start - 4, turns[2].start)
    assert "[no-turn] 1 coding(s) are attached to no turn" in result.out


def test_repair_merges_a_clipped_coding_into_the_same_coding_and_says_so(coded):
    project, document, turns, coding = coded
    _turnless(project, document, turns[2].start, turns[2].end + 2, "AD_EXAM", coding.coder)  # clipped, it equals `coding`
    report = repair_spans(project)
    assert report.backup is not None and report.backup.exists()
    assert report.merged_duplicates == 1 and report.trimmed == 0
    rows = project.conn.execute("SELECT id FROM codings WHERE code_id = 'AD_EXAM'").fetchall()
    assert [r[0] for r in rows] == [coding.id]


def test_repair_on_a_healthy_project_takes_no_backup(coded, run_cli):
    project, *_ = coded
    result = run_cli("--project", project.root, "doctor", "--repair")
    assert result.exit_code == 0 and "Spans: nothing to repair." in result.out
    assert not list((project.db_path.parent / "backups").glob("before-doctor-repair-*.db"))


def test_the_review_reasons_migration_keeps_every_existing_review(tmp_path):
    from _migration_helpers import database_before
    from qualcode.storage import db

    path = tmp_path / "project.db"
    old = database_before(path, "m0016_review_reasons")
    review = ("INSERT INTO coding_reviews (document_id, old_document_id, code_id, coder, old_text, reason, "
              "similarity, created_at) VALUES (1, 1, 'PF_GOAL', 'A', '中考', ?, 0.5, 'then')")
    old.execute(review, ("changed",))
    old.commit()
    with pytest.raises(sqlite3.IntegrityError):
        old.execute(review, ("clipped",))  # the old table knew only 'changed' and 'deleted'
    old.close()

    conn = db.connect(path)
    assert [tuple(r) for r in conn.execute("SELECT id, reason, old_text, status FROM coding_reviews")] == [
        (1, "changed", "中考", "open")]
    conn.execute(review, ("clipped",))
    conn.execute(review, ("split",))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(review, ("guessed",))
    conn.close()


def test_undo_after_a_repair_stops_there_and_names_the_backup(coded, run_cli):
    project, document, turns, coding = coded
    _damage(project, "UPDATE codings SET end = ? WHERE id = ?", (turns[3].end, coding.id))
    assert run_cli("--project", project.root, "doctor", "--repair").exit_code == 0
    result = run_cli("--project", project.root, "undo")
    assert result.exit_code == 2
    assert "doctor.repair" in result.err and ".qualcode/backups/" in result.err
    # The older action (coding the turn) was not undone behind the repair's back.
    assert tuple(_coding(project, coding.id)) == (turns[2].id, turns[2].start, turns[2].end)
