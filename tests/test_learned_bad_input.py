"""Bad input for the learned engine, through the real CLI on a real project (issue 13, bad input):
a code with one example, a coder with no codings, every turn coded with the same code, a codebook
change that removes a code the cached model learned, and a corrupt model cache."""

from __future__ import annotations

from test_suggest_learned import CODEBOOK, coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 not)
from qualcode.app import api
from qualcode.storage import repository as repo


def _statuses_of(project, code: str) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT status FROM suggestions WHERE code_id = ?", (code,))]


def test_a_code_with_one_example_is_named_and_the_others_still_learn(coded_project, run_cli):
    book = coded_project.root / "codebooks" / "plain.yaml"
    book.write_text(CODEBOOK + "  - id: HOBBY\n    label: {zh: 爱好}\n", encoding="utf-8")
    api.sync_codes(coded_project)
    document = repo.get_document(coded_project.conn, "S04_pre", with_text=False)
    turn = next(s for s in repo.list_segments(coded_project.conn, document.id) if s.role == "participant")
    api.code_segment(coded_project, turn.id, "HOBBY", coder="human")

    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert "code HOBBY: only 1 human example(s), needs 3 to learn (2 with codebook text); not learned" in result.err
    assert _statuses_of(coded_project, "FAMILY") and not _statuses_of(coded_project, "HOBBY")


def _hobby_labelled(project, label: str) -> None:
    book = project.root / "codebooks" / "plain.yaml"
    book.write_text(CODEBOOK + f"  - id: HOBBY\n    label: {{zh: {label}}}\n", encoding="utf-8")
    api.sync_codes(project)


def _hobby_on_two_turns(project, label: str) -> None:
    """A new code HOBBY (its label ``label``) coded on the first participant turns of S01 and S02."""
    _hobby_labelled(project, label)
    for name in ("S01_pre", "S02_pre"):
        document = repo.get_document(project.conn, name, with_text=False)
        turn = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
        api.code_segment(project, turn.id, "HOBBY", coder="human")


def test_a_code_with_two_examples_and_a_name_is_learned_but_one_named_only_by_its_id_is_not(coded_project, run_cli):
    _hobby_on_two_turns(coded_project, "HOBBY")   # a label that repeats the id is no text about the code
    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert "code HOBBY: only 2 human example(s), needs 3 to learn (2 with codebook text); not learned" in result.err

    _hobby_labelled(coded_project, "业余爱好和兴趣")
    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert "code HOBBY" not in result.err and "learned model: built" in result.out
    assert _statuses_of(coded_project, "HOBBY"), "a learned code is ranked on the uncoded turns"


def test_evaluating_against_a_coder_with_no_codings_says_who_has_some(coded_project, run_cli):
    result = run_cli("--project", str(coded_project.root), "eval", "suggestions", "--coder", "nobody",
                     "--engine", "learned", "--train-fraction", "0.5")
    assert result.exit_code == 2
    assert "nobody has no codings in this project" in result.err and "Traceback" not in result.err


def test_every_turn_coded_with_the_same_code_learns_nothing_and_says_why(coded_project, run_cli):
    for coding in repo.list_codings(coded_project.conn, coder="human"):
        if coding.code_id != "FAMILY":
            api.remove_coding(coded_project, coding.id, actor="human")
            api.code_segment(coded_project, coding.segment_id, "FAMILY", coder="human")
    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 2
    assert "code FAMILY: every coded turn has it, nothing to contrast with; not learned" in result.err
    assert coded_project.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0
    assert len(repo.list_codings(coded_project.conn, coder="human")) == 12      # nothing lost


def test_removing_a_learned_code_from_the_codebook_retrains_and_withdraws_its_suggestions(coded_project, run_cli):
    root = str(coded_project.root)
    first = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert first.exit_code == 0 and "learned model: built" in first.out
    assert set(_statuses_of(coded_project, "FRIENDS")) <= {"pending", "candidate"} and _statuses_of(
        coded_project, "FRIENDS")

    book = coded_project.root / "codebooks" / "plain.yaml"
    book.write_text(CODEBOOK.split("  - id: FRIENDS")[0], encoding="utf-8")
    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert again.exit_code == 0, again.err
    assert "learned model: built" in again.out            # a new fingerprint: the old model is not reused
    assert "code FRIENDS: coded in the project but not in any codebook; not learned" in again.err
    assert "withdrawn" in again.out and _statuses_of(coded_project, "FRIENDS") == []
    assert len([c for c in repo.list_codings(coded_project.conn, coder="human") if c.code_id == "FRIENDS"]) == 4


def test_a_corrupt_model_cache_is_rebuilt_and_the_run_says_so(coded_project, run_cli):
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    cache = next((coded_project.root / ".qualcode").glob("learned-*.pkl"))
    cache.write_bytes(b"qualcode-learned-1\n" + b"0" * 64 + b"\nnot a pickle")
    result = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--force")
    assert result.exit_code == 0, result.err
    assert "learned model: rebuilt (corrupt cache)" in result.out


def test_several_codes_too_thin_to_learn_are_one_warning_line_in_english_and_chinese(coded_project, run_cli):
    book = coded_project.root / "codebooks" / "plain.yaml"
    book.write_text(CODEBOOK + "".join(f"  - id: {code}\n    label: {{zh: {code}}}\n"
                                       for code in ("HOBBY", "SPORT", "MUSIC")), encoding="utf-8")
    api.sync_codes(coded_project)
    turns = [next(s for s in repo.list_segments(coded_project.conn, repo.get_document(
        coded_project.conn, name, with_text=False).id) if s.role == "participant") for name in ("S04_pre", "S01_pre")]
    for code, turn in (("HOBBY", turns[0]), ("SPORT", turns[0]), ("SPORT", turns[1]), ("MUSIC", turns[1])):
        api.code_segment(coded_project, turn.id, code, coder="human")
    root = str(coded_project.root)

    result = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "human example" in line]
    assert warnings == ["qualcode: warning: 3 codes with too few human examples, needs 3 to learn (2 with codebook "
                        "text), not learned: HOBBY (1), MUSIC (1), SPORT (2)"], result.err
    result = run_cli("--project", root, "--lang", "zh", "next")
    assert result.exit_code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "人工例子" in line]
    assert warnings == ["qualcode：警告：3 个编码的人工例子太少，至少要 3 个才能学习（编码本有文字说明的编码要 2 个），"
                        "未学习：HOBBY（1 个）、MUSIC（1 个）、SPORT（2 个）"], result.err
