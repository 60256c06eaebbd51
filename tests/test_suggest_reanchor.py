"""Suggestion decisions follow the text when a transcript is revised and re-imported (issue 11, item 4)."""

from __future__ import annotations

import pytest

from _nlp_fixtures import INTERVIEW_S01, make_project, resilience_codebook
from qualcode.app import api
from qualcode.app.suggesting.batch import run_suggest
from qualcode.app.suggesting.review import decide, select_suggestions
from qualcode.storage import suggestions as store


@pytest.fixture
def project(tmp_path):
    proj = make_project(tmp_path, {"S01_pre.txt": INTERVIEW_S01})
    yield proj
    proj.close()


def _by_turn_text(project) -> dict[tuple[str, str], str]:
    """(turn text, code) -> status, over the current documents."""
    text = project.conn.execute("SELECT text FROM documents WHERE is_current = 1").fetchone()[0]
    return {(text[r.segment_start:r.segment_end], r.suggestion.code_id): r.suggestion.status
            for r in store.list_suggestions(project.conn)}


def test_rejected_and_accepted_suggestions_survive_a_revised_transcript(project):
    book = resilience_codebook()
    run_suggest(project, codebooks=[book], jobs=1)
    before = _by_turn_text(project)
    rejected = select_suggestions(project, codes=["PF_GOAL"], documents=["S01_pre"])
    accepted = select_suggestions(project, codes=["PF_FAMILY"], documents=["S01_pre"])
    assert rejected and accepted
    decide(project, rejected, "reject")
    decide(project, accepted, "accept")
    rejected_key = (project.conn.execute("SELECT text FROM documents").fetchone()[0][
        rejected[0].segment_start:rejected[0].segment_end], "PF_GOAL")
    accepted_turn = accepted[0].segment_end - accepted[0].segment_start
    pending_before = {k for k, s in before.items() if k[1] not in ("PF_GOAL", "PF_FAMILY")}

    # the researcher fixes the interviewer's first question and re-imports
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text(INTERVIEW_S01.replace("你能说说中考以后的感受吗？", "你能先说说中考以后的感受吗？"), encoding="utf-8")
    assert not api.import_paths(project, [path]).errors
    run_suggest(project, codebooks=[book], jobs=1)

    after = _by_turn_text(project)
    assert after[rejected_key] == "rejected"
    assert all(status == "accepted" for (turn, code), status in after.items() if code == "PF_FAMILY")
    assert [k for k in after if k[1] == "PF_FAMILY"], "the accepted decision moved with the text"
    # nothing decided came back as pending; pending ones on unchanged turns are still there
    assert {k for k, s in after.items() if s == "pending"} == pending_before
    family = project.conn.execute(
        """SELECT c.end - c.start FROM codings c JOIN documents d ON d.id = c.document_id
           WHERE d.is_current = 1 AND c.code_id = 'PF_FAMILY'""").fetchall()
    assert [r[0] for r in family] == [accepted_turn]


def test_a_decision_on_a_turn_whose_words_changed_is_counted_not_carried(project):
    book = resilience_codebook()
    run_suggest(project, codebooks=[book], jobs=1)
    decide(project, select_suggestions(project, codes=["PF_GOAL"], documents=["S01_pre"]), "reject")
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text(INTERVIEW_S01.replace("想先考证。", "想先考一个会计证。"), encoding="utf-8")
    report = api.import_paths(project, [path])
    assert not report.errors
    assert any("1 suggestion decision(s) were on turns whose words changed" in w
               for entry in report.files for w in entry.warnings), report
    # the rejected suggestion stays with the old version, where it was made
    old = project.conn.execute(
        """SELECT g.status FROM suggestions g JOIN segments s ON s.id = g.segment_id
           JOIN documents d ON d.id = s.document_id WHERE d.is_current = 0 AND g.code_id = 'PF_GOAL'""").fetchall()
    assert [r[0] for r in old] == ["rejected"]


def test_the_decision_left_on_the_old_version_is_said_in_chinese_by_the_import(project, run_cli):
    """The same warning through the real CLI under --lang zh: it stayed English in the import's warnings column."""
    book = resilience_codebook()
    run_suggest(project, codebooks=[book], jobs=1)
    decide(project, select_suggestions(project, codes=["PF_GOAL"], documents=["S01_pre"]), "reject")
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text(INTERVIEW_S01.replace("想先考证。", "想先考一个会计证。"), encoding="utf-8")
    result = run_cli("--lang", "zh", "import", path, cwd=project.root)
    assert result.exit_code == 0, result.err
    assert ("1 个对建议的处理所在段落的文字已改动；这些段落会得到新的建议（旧的处理留在旧版本上）"
            in result.out), result.out
    assert "suggestion decision(s)" not in result.out
