"""Reviewed uncoded turns ("no code applies") train the learned model as negatives: `qualcode review done`
marks a fully coded document's uncoded participant turns, `suggest` learns from them, `undo` takes the
marking back (real SQLite, real jieba, the CLI through CliRunner)."""

from __future__ import annotations

from test_suggest_learned import coded_project, transcript  # noqa: F401  (the fixture)
from qualcode.app import api
from qualcode.app.coding.reviews import reviewed_uncoded_segment_ids
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store

# Small talk the researcher went through and found no code for, though it names family and school.
NOTHING = ["妈妈说今天下雨，让我带伞，路上有点堵车。", "我妈妈刚才打电话问我带没带伞，外面下雨了。",
           "爸爸送我过来的，路上下雨堵车，来晚了一点。", "下雨天路上堵车，妈妈让我早点出门。",
           "今天下大雨，爸爸开车送我，路上很堵。", "妈妈提醒我下雨要带伞，我就带了一把。"]
PROBE = "今天下雨，妈妈让我带伞，路上堵车了。"


def add_document(project, name: str, answers: list[str]) -> int:
    path = project.root / "transcripts" / f"{name}.txt"
    path.write_text(transcript(name.split("_")[0], answers), encoding="utf-8")
    api.import_paths(project, [path])
    return repo.get_document(project.conn, name, with_text=False).id


def pending_on(project, name: str) -> list:
    return [r for r in store.list_suggestions(project.conn) if r.document_name == name]


def test_review_done_turns_become_negatives_and_undo_takes_them_back(coded_project, run_cli):
    root = str(coded_project.root)
    # S01 gets the small talk too, coded by nobody; S07 holds a new turn like it.
    s06 = add_document(coded_project, "S06_pre", NOTHING)
    add_document(coded_project, "S07_pre", [PROBE])
    before = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert before.exit_code == 0, before.err
    assert "12 coded turn(s), 0 reviewed uncoded" in before.out
    assert pending_on(coded_project, "S07_pre"), "without negatives the small talk gets a code"

    done = run_cli("--project", root, "review", "done", "S06_pre", "--coder", "human")
    assert done.exit_code == 0, done.err
    assert 'S06_pre: 6 turn(s) marked "no code applies"' in done.out
    assert len(reviewed_uncoded_segment_ids(coded_project.conn, coder="human")) == 6
    after = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert after.exit_code == 0, after.err
    assert "built, 12 coded turn(s), 6 reviewed uncoded" in after.out   # the fingerprint changed: retrained
    assert pending_on(coded_project, "S07_pre") == []
    status = run_cli("--project", root, "review", "status", "--coder", "human")
    assert status.exit_code == 0 and "S06_pre" in status.out

    undone = run_cli("--project", root, "--coder", "human", "undo")
    assert undone.exit_code == 0, undone.err
    assert reviewed_uncoded_segment_ids(coded_project.conn, coder="human") == set()
    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert "12 coded turn(s), 0 reviewed uncoded" in again.out
    assert pending_on(coded_project, "S07_pre")
    assert s06   # the document is still there; only the marks went
