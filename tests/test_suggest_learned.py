"""`qualcode suggest --engine learned|both` on a real project: trained on the human's codings
(real SQLite, real jieba), on a codebook with no keywords at all."""

from __future__ import annotations

import pytest

from _nlp_fixtures import make_project
from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store

CODEBOOK = """codebook: plain
version: 1
language: [zh]
themes:
  - id: FAMILY
    label: {zh: 家庭支持}
    description: 家人给的支持
  - id: STUDY
    label: {zh: 学习压力}
    description: 考试和作业带来的压力
  - id: FRIENDS
    label: {zh: 同伴}
    description: 和同学朋友的关系
"""

ANSWERS = {
    "FAMILY": ["我妈妈每天给我做饭，爸爸也常常打电话问我过得好不好。", "爸妈一直支持我读这个专业，家里人都很理解我。",
               "我奶奶和妈妈总是鼓励我，家里人对我很好。", "爸爸说不管怎样家里都支持我，妈妈也这么说。"],
    "STUDY": ["考试太多了，作业也写不完，每天都很累。", "期末考试的时候我压力特别大，成绩一直上不去。",
              "作业很多，老师天天考试，我觉得学习压力很大。", "成绩不好的时候很焦虑，考试前睡不着。"],
    "FRIENDS": ["我和室友关系很好，同学们周末一起打球。", "在班上交了几个好朋友，同学之间互相帮助。",
                "朋友们经常陪我聊天，室友也很照顾我。", "和同学一起参加社团，认识了很多朋友。"],
}
UNCODED = "我爸爸妈妈都很支持我，家里人经常打电话鼓励我。"


def transcript(participant: str, answers: list[str]) -> str:
    lines = [f"---\nparticipant: {participant}\nwave: pre\n---"]
    for answer in answers:
        lines += ["访谈者：你能说说你的情况吗？", f"受访者：{answer}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def coded_project(tmp_path):
    """S01 and S02 coded by a human (two examples per code each, plus one from S03); S04 not coded."""
    first = [ANSWERS[c][0] for c in ANSWERS] + [ANSWERS[c][1] for c in ANSWERS]
    second = [ANSWERS[c][2] for c in ANSWERS] + [ANSWERS[c][3] for c in ANSWERS]
    project = make_project(tmp_path, {"S01_pre.txt": transcript("S01", first),
                                      "S02_pre.txt": transcript("S02", second),
                                      "S04_pre.txt": transcript("S04", [UNCODED])})
    (project.root / "codebooks" / "plain.yaml").write_text(CODEBOOK, encoding="utf-8")
    api.sync_codes(project)
    for name, texts in (("S01_pre", first), ("S02_pre", second)):
        document = repo.get_document(project.conn, name, with_text=False)
        for segment in repo.list_segments(project.conn, document.id):
            if segment.role != "participant":
                continue
            code = next(c for c, answers in ANSWERS.items() if segment.text.endswith(tuple(answers)))
            api.code_segment(project, segment.id, code, coder="human")
    yield project
    project.close()


def s04_suggestions(project) -> list:
    return [r for r in store.list_suggestions(project.conn) if r.document_name == "S04_pre"]


def test_learned_engine_on_a_codebook_without_keywords_proposes_the_humans_code(coded_project, run_cli):
    root = str(coded_project.root)
    keywords_only = run_cli("--project", root, "suggest", "--engine", "keywords", "--jobs", "1")
    assert keywords_only.exit_code == 2 and "no keywords" in keywords_only.err

    result = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert "engine: learned" in result.out and "12 coded turn(s)" in result.out
    found = s04_suggestions(coded_project)
    assert found, "the uncoded S04 turn got no learned suggestion"
    best = max(found, key=lambda r: r.suggestion.score)
    assert best.suggestion.code_id == "FAMILY"
    evidence = best.suggestion.evidence[0]
    assert evidence.kind == "learned" and evidence.keyword.startswith("like your codings of S0")
    assert len(found) <= 3   # ranked candidates: the top three above the floor at most here
    listed = run_cli("--project", root, "suggestions", "list", "--document", "S04_pre")
    assert "like your codings of" in listed.out

    again = run_cli("--project", root, "suggest", "--jobs", "1")   # default both = learned here (no keywords)
    assert again.exit_code == 0, again.err
    assert "reused" in again.out   # the model comes from the cache, not retrained


def test_a_rejected_learned_suggestion_is_not_proposed_again(coded_project, run_cli):
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    family = next(r for r in s04_suggestions(coded_project) if r.suggestion.code_id == "FAMILY")
    assert run_cli("--project", root, "suggestions", "reject", str(family.suggestion.id)).exit_code == 0
    # A new human coding changes the training data, so the model is retrained and every document redone.
    s01 = repo.get_document(coded_project.conn, "S01_pre", with_text=False)
    first_turn = next(s for s in repo.list_segments(coded_project.conn, s01.id) if s.role == "participant")
    api.code_segment(coded_project, first_turn.id, "STUDY", coder="human")
    rerun = run_cli("--project", root, "suggest", "--engine", "learned", "--force", "--jobs", "2")
    assert rerun.exit_code == 0, rerun.err
    assert "built" in rerun.out
    statuses = [(r.suggestion.code_id, r.suggestion.status) for r in s04_suggestions(coded_project)]
    assert ("FAMILY", "rejected") in statuses and ("FAMILY", "pending") not in statuses


def test_learned_with_no_human_codings_says_what_to_do(tmp_path, run_cli):
    project = make_project(tmp_path, {"S04_pre.txt": transcript("S04", [UNCODED])})
    (project.root / "codebooks" / "plain.yaml").write_text(CODEBOOK, encoding="utf-8")
    result = run_cli("--project", str(project.root), "suggest", "--engine", "learned")
    assert result.exit_code == 2
    assert "nothing to learn from: no human codings yet" in result.err
    assert store.list_suggestions(project.conn) == []
    project.close()


def test_eval_of_the_learned_engine_prints_recall_at_3_and_a_learning_curve(coded_project, run_cli):
    # S03 coded too, so the split by document has documents to train on and documents to test.
    extra = [ANSWERS[c][i] for i in (0, 2) for c in ANSWERS]
    s03 = coded_project.root / "transcripts" / "S03_pre.txt"
    s03.write_text(transcript("S03", extra), encoding="utf-8")
    api.import_paths(coded_project, [s03])
    document = repo.get_document(coded_project.conn, "S03_pre", with_text=False)
    for segment in repo.list_segments(coded_project.conn, document.id):
        if segment.role == "participant":
            code = next(c for c, answers in ANSWERS.items() if segment.text.endswith(tuple(answers)))
            api.code_segment(coded_project, segment.id, code, coder="human")
    result = run_cli("--project", str(coded_project.root), "--coder", "human", "eval", "suggestions",
                     "--engine", "learned", "--train-fraction", "0.5", "--folds", "2", "--learning-curve")
    assert result.exit_code == 0, result.err
    assert "engine learned: recall@3" in result.out
    recall = float(result.out.split("recall@3 ")[1].split()[0])
    assert recall >= 0.5   # similar answers: the human's code is usually among the three best
    assert "micro-F1 over 2 repeated splits" in result.out
    assert "1/3 (1 of 3 documents): micro-F1" in result.out and "2/3 (2 of 3 documents): micro-F1" in result.out
    assert "FAMILY" in result.out   # the per-code table


def test_next_lists_uncoded_turns_least_certain_first(coded_project, run_cli):
    root = str(coded_project.root)
    # A second uncoded turn, so there is an order to check.
    s05 = coded_project.root / "transcripts" / "S05_pre.txt"
    s05.write_text(transcript("S05", ["周末有时候回家，有时候和同学出去，考试前也会复习一下。"]), encoding="utf-8")
    api.import_paths(coded_project, [s05])
    result = run_cli("--project", root, "next", "--limit", "5")
    assert result.exit_code == 0, result.err
    assert "2 of 2 uncoded participant turn(s) shown" in result.out
    lines = [line for line in result.out.splitlines() if line.startswith(("S04_pre", "S05_pre"))]
    assert sorted(line.split()[0] for line in lines) == ["S04_pre", "S05_pre"]
    margins = [abs(float(line.split()[3]) - float(line.split()[4])) for line in lines]
    assert margins == sorted(margins)   # least certain (score closest to its code's threshold) first
    assert "S01_pre" not in result.out   # coded turns are not listed


def test_next_without_codings_says_what_to_do(tmp_path, run_cli):
    project = make_project(tmp_path, {"S04_pre.txt": transcript("S04", [UNCODED])})
    (project.root / "codebooks" / "plain.yaml").write_text(CODEBOOK, encoding="utf-8")
    result = run_cli("--project", str(project.root), "next")
    assert result.exit_code == 2 and "nothing to learn from yet" in result.err
    project.close()


KEYWORD_CODEBOOK = CODEBOOK.replace("    description: 考试和作业带来的压力\n",
                                    "    description: 考试和作业带来的压力\n    keywords: {zh: [考试]}\n")


@pytest.mark.parametrize("suggest_interviewer", [False, True])
def test_both_engines_follow_suggest_interviewer_for_interviewer_turns(coded_project, run_cli, suggest_interviewer):
    """With the learned model in play (`--engine both`), an interviewer turn gets keyword suggestions exactly
    when ``[nlp] suggest_interviewer`` asks for them, as with `--engine keywords` (it was always skipped)."""
    (coded_project.root / "codebooks" / "plain.yaml").write_text(KEYWORD_CODEBOOK, encoding="utf-8")
    s05 = coded_project.root / "transcripts" / "S05_pre.txt"
    s05.write_text("访谈者：最近考试多吗？\n受访者：还好吧。\n", encoding="utf-8")
    api.import_paths(coded_project, [s05])
    if suggest_interviewer:
        config = coded_project.root / "qualcode.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "[nlp]\n", "[nlp]\nsuggest_interviewer = true\n"), encoding="utf-8")
    root = str(coded_project.root)
    result = run_cli("--project", root, "suggest", "--engine", "both", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert "engine: both" in result.out and "coded turn(s)" in result.out   # the model was trained and used
    on_question = [r.suggestion.code_id for r in store.list_suggestions(coded_project.conn)
                   if r.document_name == "S05_pre" and r.suggestion.segment_id == first_turn_id(coded_project, "S05_pre")]
    assert on_question == (["STUDY"] if suggest_interviewer else [])


def first_turn_id(project, name: str) -> int:
    document = repo.get_document(project.conn, name, with_text=False)
    return repo.list_segments(project.conn, document.id)[0].id


def test_the_projects_coded_turns_carry_their_document_and_the_engine_its_question_weight(coded_project):
    # The question's weight is chosen by cross-validation by document: each turn must know its document.
    from qualcode.app.suggesting.learning import coded_turns, train_for_project
    turns = coded_turns(coded_project.conn)
    assert {t.document for t in turns} == {"S01_pre", "S02_pre"}
    assert all(t.label.startswith(t.document + " #") for t in turns)
    training = train_for_project(coded_project, list(coded_project.codebooks()), use_cache=False)
    # One question before every answer here: nothing to choose, the weight stays 1.
    assert training.engine.question_weight == 1.0
