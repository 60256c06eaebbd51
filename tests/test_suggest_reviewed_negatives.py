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
    assert "12 coded turn(s) by human, 0 reviewed uncoded" in before.out
    assert pending_on(coded_project, "S07_pre"), "without negatives the small talk gets a code"

    done = run_cli("--project", root, "review", "done", "S06_pre", "--coder", "human")
    assert done.exit_code == 0, done.err
    assert 'S06_pre: 6 turn(s) marked "no code applies"' in done.out
    assert len(reviewed_uncoded_segment_ids(coded_project.conn, coder="human")) == 6
    after = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert after.exit_code == 0, after.err
    assert "built, 12 coded turn(s) by human, 6 reviewed uncoded" in after.out   # the fingerprint changed: retrained
    assert pending_on(coded_project, "S07_pre") == []
    status = run_cli("--project", root, "review", "status", "--coder", "human")
    assert status.exit_code == 0 and "S06_pre" in status.out

    undone = run_cli("--project", root, "--coder", "human", "undo")
    assert undone.exit_code == 0, undone.err
    assert 'Undone: 6 turn(s) marked "no code applies" (review done)' in undone.out
    assert reviewed_uncoded_segment_ids(coded_project.conn, coder="human") == set()
    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert "12 coded turn(s) by human, 0 reviewed uncoded" in again.out
    assert pending_on(coded_project, "S07_pre")
    assert s06   # the document is still there; only the marks went


def test_eval_trains_on_the_uncoded_turns_of_its_training_documents(coded_project, run_cli):
    # Every document holds coded answers and small talk no one coded; by the protocol a training
    # document is complete, so its small talk trains as "no code applies" and the held-out small talk
    # is not given FAMILY (which it would be, from 妈妈 and 爸爸, learning from coded turns alone).
    from test_suggest_learned import ANSWERS

    for number, talk in ((3, NOTHING[:3]), (5, NOTHING[3:])):
        answers = [ANSWERS[c][i] for i in (0, 2) for c in ANSWERS]
        document = add_document(coded_project, f"S0{number}_pre", answers + talk)
        for segment in repo.list_segments(coded_project.conn, document):
            code = next((c for c, texts in ANSWERS.items() if segment.text.endswith(tuple(texts))), None)
            if segment.role == "participant" and code:
                api.code_segment(coded_project, segment.id, code, coder="human")
    result = run_cli("--project", str(coded_project.root), "--coder", "human", "eval", "suggestions",
                     "--engine", "learned", "--train-fraction", "0.5", "--folds", "3")
    assert result.exit_code == 0, result.err
    micro = next(line.split() for line in result.out.splitlines() if line.startswith("micro "))
    assert micro[3] == "0"   # no false positive in the first split (learning from coded turns alone: 4)
    assert float(result.out.split("micro-F1 over 3 repeated splits: mean ")[1].split()[0]) >= 0.95   # (was 0.87)


def test_marking_turns_no_code_applies_counts_towards_the_tui_retrain(coded_project, run_cli):
    from qualcode.app.suggesting.retrain import codings_since_model, retrain_if_due

    add_document(coded_project, "S06_pre", NOTHING)
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    assert codings_since_model(coded_project, after=5).changed == 0
    assert run_cli("--project", root, "review", "done", "S06_pre").exit_code == 0   # the project's coder
    age = codings_since_model(coded_project, after=5)
    assert age.changed == 6 and age.due
    result = retrain_if_due(coded_project, after=5, refresh=False)
    assert result.retrained and result.how == "built"
    assert codings_since_model(coded_project, after=5).changed == 0


def test_review_done_names_a_missing_document_and_changes_nothing(coded_project, run_cli):
    add_document(coded_project, "S06_pre", NOTHING)
    result = run_cli("--project", str(coded_project.root), "review", "done", "S06_pre", "S99_pre")
    assert result.exit_code != 0 and "S99_pre" in result.err
    assert reviewed_uncoded_segment_ids(coded_project.conn) == set()


def test_next_skips_turns_marked_no_code_applies_and_counts_them(coded_project, run_cli):
    add_document(coded_project, "S06_pre", NOTHING)
    root = str(coded_project.root)
    before = run_cli("--project", root, "next", "--limit", "20")
    assert before.exit_code == 0, before.err
    assert "7 of 7 uncoded participant turn(s) shown" in before.out   # S04's one and S06's six
    assert run_cli("--project", root, "review", "done", "S06_pre").exit_code == 0
    after = run_cli("--project", root, "next", "--limit", "20")
    assert "1 of 1 uncoded participant turn(s) shown" in after.out
    assert "12 coded turn(s) by human, 6 reviewed uncoded" in after.out
    assert "S06_pre" not in after.out.split("shown")[0]
