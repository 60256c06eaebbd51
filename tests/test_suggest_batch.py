"""Batch suggest over a real project database: resume, no duplicates, rejections stick, accept -> coding."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _nlp_fixtures import INTERVIEW_S01, make_project, resilience_codebook
from qualcode.app import api
from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store
from qualcode.app.suggesting.batch import run_suggest
from qualcode.app.suggesting.review import decide, select_suggestions

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(autouse=True)
def workers_even_for_small_projects(monkeypatch):
    """These projects are tiny; let jobs=2 start real workers anyway, so the pool itself is tested."""
    from qualcode.app.suggesting import batch

    monkeypatch.setattr(batch, "CHARACTERS_PER_WORKER", 1)


def pairs(project) -> list[tuple[str, int, str, str]]:
    return sorted((r.document_name, r.ordinal, r.suggestion.code_id, r.suggestion.status)
                  for r in store.list_suggestions(project.conn))


@pytest.fixture
def project(tmp_path):
    proj = make_project(tmp_path)
    yield proj
    proj.close()


def test_suggest_writes_participant_suggestions_with_evidence(project):
    report = run_suggest(project, codebooks=[resilience_codebook()], jobs=1)
    assert (report.documents, report.skipped, report.segments) == (2, 0, 10)
    found = pairs(project)
    assert ("S01_pre", 4, "PF_GOAL", "pending") in found
    assert ("S01_pre", 2, "ND_CONFIDENCE", "pending") in found
    assert ("E01_pre", 2, "PF_CONFIDENCE", "pending") not in found  # "not confident"
    assert ("E01_pre", 4, "PF_FAMILY", "pending") in found
    assert not any(ordinal % 2 == 1 for _, ordinal, _, _ in found)  # interviewer turns (odd) get nothing
    row = select_suggestions(project, codes=["PF_GOAL"], documents=["S01_pre"])[0]
    segment = repo.get_segment(project.conn, row.suggestion.segment_id)
    assert {e.matched for e in row.suggestion.evidence} == {"目标", "计划", "考证"}
    for evidence in row.suggestion.evidence:
        assert segment.text[evidence.start:evidence.end] == evidence.matched
    assert report.new == len(found)


def test_second_run_skips_finished_documents_and_jobs_give_the_same_result(project, tmp_path):
    run_suggest(project, codebooks=[resilience_codebook()], jobs=2)
    first = pairs(project)
    again = run_suggest(project, codebooks=[resilience_codebook()], jobs=2)
    assert (again.documents, again.skipped, again.new) == (0, 2, 0)
    forced = run_suggest(project, codebooks=[resilience_codebook()], jobs=1, force=True)
    assert (forced.documents, forced.new, forced.updated) == (2, 0, len(first))
    assert pairs(project) == first


def test_a_rerun_rewrites_what_the_engine_says_and_keeps_each_row_its_id_date_and_status(project):
    """A re-run updates a row that keeps its status in place (no status index touched) and moves the
    others: every row ends as a first run would write it, with the id and date it had."""
    book = resilience_codebook()
    run_suggest(project, codebooks=[book], jobs=1)
    columns = "id, segment_id, code_id, score, evidence, status, engine_version, created_at"
    first = {row[:3]: row for row in project.conn.execute(f"SELECT {columns} FROM suggestions")}
    goal = select_suggestions(project, codes=["PF_GOAL"], documents=["S01_pre"])[0].suggestion
    with project.conn:  # as an older engine left them: other evidence, score and version; one a candidate
        project.conn.execute("UPDATE suggestions SET score = 0.01, evidence = '[]', engine_version = 'old'")
        project.conn.execute("UPDATE suggestions SET status = 'candidate' WHERE id = ?", (goal.id,))
    report = run_suggest(project, codebooks=[book], jobs=1, force=True)
    again = {row[:3]: row for row in project.conn.execute(f"SELECT {columns} FROM suggestions")}
    assert again == first
    assert report.updated == len(first) and report.new == 0


def test_rejections_stick_and_coded_segments_get_no_new_suggestion(project):
    book = resilience_codebook()
    run_suggest(project, codebooks=[book], jobs=1)
    goal = select_suggestions(project, codes=["PF_GOAL"], documents=["S01_pre"])
    decide(project, goal, "reject")
    family = select_suggestions(project, codes=["PF_FAMILY"], documents=["S01_pre"])[0]
    api.code_segment(project, family.suggestion.segment_id, "PF_SCHOOL")  # coded by hand meanwhile
    project.conn.execute("DELETE FROM suggestions WHERE code_id = 'PF_SCHOOL'")  # as if coded before any suggest
    report = run_suggest(project, codebooks=[book], jobs=1, force=True)
    assert report.decided == 1 and report.already_coded == 1 and report.stale_removed == 0
    statuses = {(d, o, c): s for d, o, c, s in pairs(project)}
    assert statuses[("S01_pre", 4, "PF_GOAL")] == "rejected"
    assert ("S01_pre", 6, "PF_SCHOOL") not in statuses   # no row is made for a pair coded by hand


def test_changed_keywords_redo_documents_and_withdraw_pending_suggestions(project):
    from _nlp_fixtures import code
    from qualcode.core.models import Codebook

    run_suggest(project, codebooks=[resilience_codebook()], jobs=1)
    smaller = Codebook("test", 1, ("zh", "en"), (code("PF_GOAL", zh=["目标"], en=["goal"]),))
    report = run_suggest(project, codebooks=[smaller], jobs=1)
    assert report.documents == 2 and report.skipped == 0
    assert {c for _, _, c, _ in pairs(project)} == {"PF_GOAL"}


def test_accept_creates_a_coding_by_the_accepting_coder_and_undo_reverses_it(project):
    run_suggest(project, codebooks=[resilience_codebook()], jobs=1)
    high = select_suggestions(project, min_score=0.8)
    assert high and all(r.suggestion.score >= 0.8 for r in high)
    report = decide(project, high, "accept", coder="B")
    assert report.decided == report.codings_created == len(high)
    codings = repo.list_codings(project.conn, coder="B")
    assert {(c.segment_id, c.code_id, c.origin) for c in codings} == {
        (r.suggestion.segment_id, r.suggestion.code_id, "suggestion") for r in high}
    assert all(r.suggestion.status == "accepted" and r.suggestion.decided_by == "B"
               for r in select_suggestions(project, status="accepted"))
    assert api.undo(project, actor="B").action == "suggestion.decide"
    assert repo.list_codings(project.conn, coder="B") == []
    assert len(select_suggestions(project, min_score=0.8)) == len(high)  # pending again
    api.redo(project, actor="B")
    assert len(repo.list_codings(project.conn, coder="B")) == len(high)


def test_damaged_evidence_is_reported_not_a_crash(project):
    run_suggest(project, codebooks=[resilience_codebook()], jobs=1)
    victim = select_suggestions(project)[0].suggestion.id
    project.conn.execute("UPDATE suggestions SET evidence = '{not json' WHERE id = ?", (victim,))
    rows = {r.suggestion.id: r for r in select_suggestions(project)}
    assert rows[victim].problem.startswith("unreadable evidence") and rows[victim].suggestion.evidence == ()
    assert decide(project, [rows[victim]], "accept").codings_created == 1


def test_no_documents_no_codebook_no_keywords_and_unknown_document(tmp_path):
    from qualcode.core.models import Codebook

    empty = make_project(tmp_path, transcripts={})
    with pytest.raises(NotFoundError, match="no documents"):
        run_suggest(empty, codebooks=[resilience_codebook()])
    with pytest.raises(QualcodeError, match="no codebook"):
        run_suggest(empty, codebooks=[])
    with pytest.raises(QualcodeError, match="no keywords"):
        run_suggest(empty, codebooks=[Codebook("t", 1, ("zh",), ())])
    empty.close()


def test_unknown_document_is_named(project):
    with pytest.raises(NotFoundError, match="S99"):
        run_suggest(project, codebooks=[resilience_codebook()], documents=["S99"])


KILLABLE = """
import sys, time
sys.path[:0] = [{tests!r}, {repo!r}]
from _nlp_fixtures import resilience_codebook
from qualcode.app.project import open_project
from qualcode.app.suggesting.batch import run_suggest
project = open_project({root!r})
# A slow consumer of progress gives the test time to kill us between documents or inside one.
# Ten documents per commit: a kill loses at most the batch in flight, never part of one.
run_suggest(project, codebooks=[resilience_codebook()], jobs=1, commit_documents=10,
            progress=lambda done, total, name: time.sleep(0.05))
"""


def test_resume_after_sigkill_has_no_duplicates(tmp_path):
    transcripts = {f"S{n:02d}_pre.txt": INTERVIEW_S01.replace("S01", f"S{n:02d}") for n in range(1, 41)}
    project = make_project(tmp_path / "a", transcripts)
    root = str(project.root)
    script = KILLABLE.format(tests=str(TESTS), repo=str(REPO), root=root)
    child = subprocess.Popen([sys.executable, "-c", script], env=dict(os.environ, PYTHONPATH=str(REPO)))
    reader = sqlite3.connect(project.db_path)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            done = reader.execute("SELECT count(*) FROM suggest_progress").fetchone()[0]
            if done >= 10:
                break
            time.sleep(0.01)
        assert child.poll() is None, "suggest finished before it could be interrupted"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        reader.close()
    partial = project.conn.execute("SELECT count(*) FROM suggest_progress").fetchone()[0]
    assert 10 <= partial < 40 and partial % 10 == 0  # whole batches only
    report = run_suggest(project, codebooks=[resilience_codebook()], jobs=2)
    assert report.skipped == partial and report.documents == 40 - partial
    duplicates = project.conn.execute(
        "SELECT count(*) FROM (SELECT segment_id, code_id FROM suggestions GROUP BY 1, 2 HAVING count(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0
    per_document = {r[0] for r in project.conn.execute(
        "SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id GROUP BY s.document_id")}
    assert per_document == {5}  # every copy of the interview has the same five suggestions
    project.close()


def test_workers_started_from_another_thread_give_the_same_suggestions(project):
    """The TUI runs suggest in a worker thread: then the pool spawns instead of forking."""
    import threading

    run_suggest(project, codebooks=[resilience_codebook()], jobs=1)
    expected = pairs(project)
    outcome: dict[str, object] = {}

    def work() -> None:
        from qualcode.app.project import open_project

        own = open_project(project.root)  # a connection belongs to one thread
        try:
            outcome["report"] = run_suggest(own, codebooks=[resilience_codebook()], jobs=2, force=True)
        finally:
            own.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=300)
    assert outcome["report"].documents == 2
    assert pairs(project) == expected


def test_eval_against_a_coder_in_the_project(project):
    from qualcode.app.suggesting.evaluate import evaluate_suggestions

    run_suggest(project, codebooks=[resilience_codebook()], jobs=1)  # also mirrors the codes into the database
    segment = {s.ordinal: s.id for s in repo.list_segments(project.conn, repo.get_document(project.conn, "S01_pre").id)}
    api.code_segment(project, segment[4], "PF_GOAL", coder="H")
    api.code_segment(project, segment[6], "PF_FAMILY", coder="H")
    api.code_segment(project, segment[2], "AD_LOWSELF", coder="H", origin="suggestion")  # not a human judgement
    report = evaluate_suggestions(project, coder="H", codebooks=[resilience_codebook()])
    m = report.result.micro
    # Only S01_pre (the document H coded): participant turns 2, 4, 6; turn 2, where H accepted a suggestion, is
    # left out (grading the suggestion against the coding it made is circular; it counted as a false positive).
    # Engine: 4 -> PF_GOAL; 6 -> PF_FAMILY, PF_SCHOOL. Human: 4 PF_GOAL, 6 PF_FAMILY.
    assert report.result.segments == 2
    assert (report.accepted_turns_left_out, report.accepted_codings_left_out) == (1, 1)
    assert (m.tp, m.fp, m.fn) == (2, 1, 0)
    assert m.f1 == pytest.approx(2 * (2 / 3) / (1 + 2 / 3))
    with pytest.raises(QualcodeError, match="nobody has no codings"):
        evaluate_suggestions(project, coder="nobody", codebooks=[resilience_codebook()])


def test_suggesting_with_other_codebooks_leaves_the_project_codes_alone(project):
    from _nlp_fixtures import code
    from qualcode.core.models import Codebook

    run_suggest(project, codebooks=[resilience_codebook()], jobs=1)
    active = {r[0] for r in project.conn.execute("SELECT id FROM codes WHERE active = 1")}
    extra = Codebook("extra", 1, ("zh",), (code("X_GOAL", zh=["目标"]),))
    run_suggest(project, codebooks=[extra], jobs=1)
    assert {r[0] for r in project.conn.execute("SELECT id FROM codes WHERE active = 1")} == active | {"X_GOAL"}
