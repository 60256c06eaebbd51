"""Whose codings train the learned model (issue 13 item 1): ``[suggest] train_coders`` in qualcode.toml and
``--train-coder`` on suggest and next. Real project, real jieba, the real fingerprint cache on disk."""

from __future__ import annotations

import pytest

from test_suggest_learned import ANSWERS, coded_project, s04_suggestions  # noqa: F401  (S01, S02 coded by "human")
from qualcode.app import api
from qualcode.app.suggesting.learning import train_for_project
from qualcode.app.suggesting.retrain import codings_since_model, retrain_if_due
from qualcode.core.errors import QualcodeError
from qualcode.storage import repository as repo

# The second coder reads every turn as the next code: a family answer is STUDY to them.
OTHER = {"FAMILY": "STUDY", "STUDY": "FRIENDS", "FRIENDS": "FAMILY"}


@pytest.fixture
def two_coders(coded_project):
    """The same turns coded by "human" and, differently, by "other"."""
    for coding in repo.list_codings(coded_project.conn, coder="human"):
        api.code_segment(coded_project, coding.segment_id, OTHER[coding.code_id], coder="other")
    return coded_project


def _best_s04_code(project) -> str:
    found = s04_suggestions(project)
    assert found, "the uncoded S04 turn got no learned suggestion"
    return max(found, key=lambda row: row.suggestion.score).suggestion.code_id


def _set_train_coders(project, text: str) -> None:
    """Write the setting into qualcode.toml, as a person would."""
    path = project.root / "qualcode.toml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("train_coders")]
    settings = "\n".join(lines).replace("[suggest]\n", f"[suggest]\ntrain_coders = {text}\n", 1)
    path.write_text(settings, encoding="utf-8")


def test_suggestions_follow_the_chosen_coder(two_coders, run_cli):
    root = str(two_coders.root)
    human = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--train-coder", "human")
    assert human.exit_code == 0, human.err
    assert "12 coded turn(s) by human" in human.out
    assert _best_s04_code(two_coders) == "FAMILY"      # the family answer, as "human" codes family answers

    other = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--train-coder", "other")
    assert other.exit_code == 0, other.err
    assert "by other" in other.out
    assert _best_s04_code(two_coders) == "STUDY"       # as "other" codes them

    both = run_cli("--project", root, "next", "--train-coder", "human,other")
    assert both.exit_code == 0, both.err
    assert "12 coded turn(s) by human, other" in both.out    # the same 12 turns, each with both codes


def test_the_setting_chooses_and_changing_it_rebuilds_the_cached_model(two_coders, run_cli):
    root = str(two_coders.root)
    _set_train_coders(two_coders, '["other"]')
    first = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert first.exit_code == 0, first.err
    assert "built, 12 coded turn(s) by other" in first.out
    assert _best_s04_code(two_coders) == "STUDY"
    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert "reused, 12 coded turn(s) by other" in again.out

    _set_train_coders(two_coders, '["human"]')
    changed = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert changed.exit_code == 0, changed.err
    assert "built, 12 coded turn(s) by human" in changed.out
    assert _best_s04_code(two_coders) == "FAMILY"
    # The option wins over the setting for one run.
    once = run_cli("--project", root, "next", "--train-coder", "other")
    assert "by other" in once.out


def test_the_fingerprint_names_the_chosen_coders_even_when_their_codings_agree(coded_project):
    for coding in repo.list_codings(coded_project.conn, coder="human"):
        api.code_segment(coded_project, coding.segment_id, coding.code_id, coder="twin")
    books = coded_project.codebooks()
    everyone = train_for_project(coded_project, books, use_cache=False)
    assert everyone.coders == ("human", "twin")
    keys = {train_for_project(coded_project, books, coders=chosen, use_cache=False).key
            for chosen in (["human"], ["twin"], ["human", "twin"])}
    assert len(keys) == 3 and everyone.key not in keys


def test_retraining_counts_only_the_chosen_coders_codings(two_coders):
    two_coders.config.setdefault("suggest", {})["train_coders"] = ["human"]   # as read from qualcode.toml
    assert codings_since_model(two_coders, after=5).changed == 12          # not 24: "other" is not counted
    first = retrain_if_due(two_coders, after=5, refresh=False)
    assert first.retrained and first.turns == 12
    # "other" codes the uncoded S04 turn: nothing changed for a model trained on "human".
    document = repo.get_document(two_coders.conn, "S04_pre", with_text=False)
    turn = next(s for s in repo.list_segments(two_coders.conn, document.id) if s.role == "participant")
    api.code_segment(two_coders, turn.id, "FAMILY", coder="other")
    assert codings_since_model(two_coders, after=1).changed == 0
    assert not retrain_if_due(two_coders, after=1, refresh=False).retrained
    api.code_segment(two_coders, turn.id, "FAMILY", coder="human")
    assert codings_since_model(two_coders, after=1).changed == 1

    # A named coder without codings: said with who has codings, not a window waiting for codings that never count.
    two_coders.config["suggest"]["train_coders"] = ["carol"]
    with pytest.raises(QualcodeError, match=r"no codings by carol .*codings by: human 13, other 13"):
        retrain_if_due(two_coders, after=1)


def test_the_windows_retraining_reads_the_setting_from_qualcode_toml(two_coders):
    """What a coding window runs (its helper process opens the project afresh): trained on "other" alone."""
    from qualcode.app.suggesting.retrain import retrain_in_own_process

    _set_train_coders(two_coders, '["other"]')
    result = retrain_in_own_process(two_coders, after=1)
    assert result.retrained and result.turns == 12
    best = max((row for row in s04_suggestions(two_coders)), key=lambda row: row.suggestion.score)
    assert best.suggestion.code_id == "STUDY"      # as "other" codes family answers


def test_a_coder_without_codings_is_named_with_who_has_codings(two_coders, run_cli):
    root = str(two_coders.root)
    before = len(s04_suggestions(two_coders))
    learned = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--train-coder", "carol")
    assert learned.exit_code == 2
    assert "no codings by carol" in learned.err and "codings by: human 12, other 12" in learned.err
    assert "Traceback" not in learned.err
    assert len(s04_suggestions(two_coders)) == before
    assert not list((two_coders.root / ".qualcode").glob("learned-*.pkl"))   # no model trained on nobody

    nxt = run_cli("--project", root, "next", "--train-coder", "carol")
    assert nxt.exit_code == 2 and "no codings by carol" in nxt.err

    keywords = run_cli("--project", root, "suggest", "--engine", "keywords", "--train-coder", "human")
    assert keywords.exit_code == 2 and "--engine keywords trains none" in keywords.err


def _with_family_keywords(project) -> None:
    book = project.root / "codebooks" / "plain.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace(
        "    description: 家人给的支持\n", "    description: 家人给的支持\n    keywords: {zh: [爸爸, 妈妈]}\n"),
        encoding="utf-8")


def test_with_both_a_configured_coder_without_codings_falls_back_to_keywords(two_coders, run_cli):
    """qualcode.toml may name the coders before they have coded: `suggest` then runs on keywords alone."""
    _with_family_keywords(two_coders)
    _set_train_coders(two_coders, '["carol"]')
    result = run_cli("--project", str(two_coders.root), "suggest", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert "engine: keywords" in result.out and "no codings by carol" in result.out
    assert {row.suggestion.code_id for row in s04_suggestions(two_coders)} == {"FAMILY"}   # keywords only
    assert not list((two_coders.root / ".qualcode").glob("learned-*.pkl"))


def test_a_train_coder_typo_with_both_engines_stops_and_keeps_the_learned_suggestions(two_coders, run_cli):
    """`--train-coder Human` for human (QA round 28): `suggest` fell back to keywords, withdrew every learned
    suggestion and exited 0; `next` and `--engine learned` already stopped."""
    _with_family_keywords(two_coders)
    root = str(two_coders.root)
    ran = run_cli("--project", root, "suggest", "--jobs", "1")
    assert ran.exit_code == 0 and "engine: both" in ran.out, ran.out

    def stored() -> list[tuple]:
        return [tuple(r) for r in two_coders.conn.execute(
            "SELECT id, segment_id, code_id, status, score, evidence FROM suggestions ORDER BY id")]

    before = stored()
    assert any("learned" in evidence for *_, evidence in before)
    typo = run_cli("--project", root, "suggest", "--jobs", "1", "--train-coder", "Human")
    assert typo.exit_code == 2
    assert "no codings by Human to train the learned model on (codings by: human 12, other 12" in typo.err
    assert stored() == before


@pytest.mark.parametrize("value", ['"human"', '[1, 2]', '["human", ""]', '{ name = "human" }'])
def test_a_bad_train_coders_setting_is_one_message_naming_qualcode_toml(two_coders, run_cli, value):
    _set_train_coders(two_coders, value)
    result = run_cli("--project", str(two_coders.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 2
    assert "qualcode.toml" in result.err and "[suggest] train_coders must be a list of names" in result.err
    assert "Traceback" not in result.err
    assert not s04_suggestions(two_coders)


def test_eval_trains_on_the_reference_coder_whatever_train_coders_says(two_coders, run_cli):
    """eval measures agreement with one coder: its model learns from that coder's codings, not the setting's."""
    from test_suggest_learned import transcript

    # Two more coded interviews, so that each of two folds trains on four examples per code.
    texts = [ANSWERS[c][i] for i in (0, 2) for c in ANSWERS]
    for name in ("S05_pre", "S06_pre"):
        path = two_coders.root / "transcripts" / f"{name}.txt"
        path.write_text(transcript(name[:3], texts), encoding="utf-8")
        assert not api.import_paths(two_coders, [path]).errors
        document = repo.get_document(two_coders.conn, name, with_text=False)
        for segment in repo.list_segments(two_coders.conn, document.id):
            if segment.role == "participant":
                code = next(c for c, answers in ANSWERS.items() if segment.text.endswith(tuple(answers)))
                api.code_segment(two_coders, segment.id, code, coder="human")
                api.code_segment(two_coders, segment.id, OTHER[code], coder="other")
    _set_train_coders(two_coders, '["human"]')
    root = str(two_coders.root)
    for coder in ("human", "other"):
        result = run_cli("--project", root, "eval", "suggestions", "--engine", "learned", "--coder", coder,
                         "--folds", "2")
        assert result.exit_code == 0, result.err
        micro = next(line.split() for line in result.out.splitlines() if line.startswith("micro "))
        # Trained on "human" whatever the reference, the model would suggest FAMILY where "other" coded STUDY
        # and agree with "other" on no turn at all (micro-F1 0).
        assert float(micro[7]) > 0.8, (coder, result.out)
