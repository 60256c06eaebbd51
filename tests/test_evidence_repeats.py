"""A keyword said many times in one long turn is one piece of evidence, counted: `suggestions list` (and the
TUI panel, through the same describe_evidence) gave each hit again, so a 5,000-character turn that repeats a
phrase had an evidence column of thousands of characters. The stored rows keep every hit and its offsets.
Real project on disk, real jieba, the real CLI."""

from __future__ import annotations

from _nlp_fixtures import make_project
from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store

from test_suggest_learned import CODEBOOK as PLAIN

CODEBOOK = PLAIN.split("themes:")[0] + """themes:
  - id: GOAL
    label: {zh: 目标专注}
    keywords:
      zh: [目标, 考证]
"""


def test_a_keyword_repeated_in_a_long_turn_is_said_once_with_its_count(tmp_path, run_cli):
    answer = "我的目标是考证。" * 40 + "我想去工厂实习。"
    project = make_project(tmp_path, {"S01_pre.txt": f"访谈者：你的打算？\n受访者：{answer}\n"})
    (project.root / "codebooks" / "plain.yaml").write_text(CODEBOOK, encoding="utf-8")
    api.sync_codes(project)
    done = run_cli("--project", project.root, "suggest", "--engine", "keywords", "--jobs", "1")
    assert done.exit_code == 0, done.err
    listed = run_cli("--project", project.root, "suggestions", "list")
    assert listed.exit_code == 0, listed.err
    row = next(line for line in listed.out.splitlines() if " GOAL " in line)
    assert row.endswith("目标(exact) ×40, 考证(exact) ×40"), row
    document = repo.get_document(project.conn, "S01_pre", with_text=False)
    turn = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
    (stored,) = store.turn_suggestions(project.conn, turn.id)
    assert len(stored.suggestion.evidence) == 80   # every hit kept, with its offset
