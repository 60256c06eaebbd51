"""The learned model's note on `suggest`'s engine line says when cross-validation doubled the interviewer
question's weight (and only then), in English and Chinese: a real project on disk, real jieba and
scikit-learn, the real CLI."""

from __future__ import annotations

import dataclasses

from _nlp_fixtures import make_project
from test_nlp_learned_question import _question_is_noise, _question_tells
from qualcode.app import api
from qualcode.app.suggesting.learned_cache import newest_cached_engine
from qualcode.storage import repository as repo

CODEBOOK = """codebook: topics
version: 1
language: [zh]
themes:
  - id: FAMILY
    label: {zh: 家庭}
  - id: STUDY
    label: {zh: 学习}
"""


def _project(tmp_path, turns):
    """One transcript per document of ``turns`` (question, answer pairs), each answer coded as in ``turns``
    by "human"; one more document left uncoded for `suggest` to score."""
    by_document: dict[str, list] = {}
    for turn in turns:
        by_document.setdefault(turn.document, []).append(turn)
    by_document["NEW"] = turns[:2]
    files = {}
    for name, own in by_document.items():
        lines = [f"---\nparticipant: {name}\nwave: pre\n---"]
        for turn in own:
            lines += [f"访谈者：{turn.question}", f"受访者：{turn.text}"]
        files[f"{name}_pre.txt"] = "\n".join(lines) + "\n"
    project = make_project(tmp_path, files)
    (project.root / "codebooks" / "topics.yaml").write_text(CODEBOOK, encoding="utf-8")
    api.sync_codes(project)
    for name, own in by_document.items():
        if name == "NEW":
            continue
        document = repo.get_document(project.conn, f"{name}_pre", with_text=False)
        answers = [s for s in repo.list_segments(project.conn, document.id) if s.role == "participant"]
        assert len(answers) == len(own)
        for segment, turn in zip(answers, own):
            api.code_segment(project, segment.id, next(iter(turn.codes)), coder="human")
    return project


def test_the_engine_line_names_a_doubled_question_weight_in_english_and_chinese(tmp_path, run_cli):
    project = _project(tmp_path, _question_tells())
    root = str(project.root)
    english = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert english.exit_code == 0, english.err
    assert newest_cached_engine(project.root / ".qualcode").question_weight == 2.0
    assert "built, 72 coded turn(s) by human, 0 reviewed uncoded, question weighted ×2" in english.out, english.out
    chinese = run_cli("--project", root, "--lang", "zh", "suggest", "--engine", "learned", "--jobs", "1")
    assert chinese.exit_code == 0, chinese.err
    assert "0 个标为无适用编码的段落，访谈者问题加权 ×2" in chinese.out, chinese.out
    assert "question weighted" not in chinese.out
    project.close()


def test_the_engine_line_says_nothing_of_the_question_at_weight_one(tmp_path, run_cli):
    # Every answer after the same question (a survey's): weight 1 by rule. (A question drawn at random beside
    # the answers is left to chance with the codes' labels as training text: on this small set the doubled
    # weight can win the cross-validation by one held-out turn of 72; a margin that would stop it cost the
    # thesis interviews 0.007 micro-F1, so the rule is unchanged.)
    project = _project(tmp_path, [dataclasses.replace(t, question="你对学校生活有什么看法？")
                                  for t in _question_is_noise()])
    result = run_cli("--project", str(project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert newest_cached_engine(project.root / ".qualcode").question_weight == 1.0
    assert "built, 72 coded turn(s) by human, 0 reviewed uncoded" in result.out
    assert "question weighted" not in result.out
    project.close()
