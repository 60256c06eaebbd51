"""`qualcode undo` of several suggestions accepted (or rejected) at once says where each was -- document, turn and
code -- as the undo of one does, in Chinese under `--lang zh`; it said only "acceptance of 2 suggestions". A real
project, real suggestions from `qualcode suggest`, the real CLI."""

from __future__ import annotations

import re

INTERVIEW = "访谈者：你最近怎么样？\n受访者：我给自己定了目标，要考电工证。\n访谈者：家里呢？\n受访者：我的目标是先把证考下来。\n"


def _suggested(project, run_cli):
    root = project.root
    for name in ("S01_pre", "S02_pre"):
        (root / "transcripts" / f"{name}.txt").write_text(INTERVIEW, encoding="utf-8")
    assert run_cli("--project", root, "import", root / "transcripts").exit_code == 0
    assert run_cli("--project", root, "suggest").exit_code == 0
    listed = run_cli("--project", root, "suggestions", "list", "--code", "PF_GOAL").out
    return root, re.findall(r"^(\d+)\s+(\S+)\s+(\d+)\s+PF_GOAL", listed, re.MULTILINE)


def test_undoing_several_accepted_suggestions_names_each_place(project, run_cli):
    root, rows = _suggested(project, run_cli)
    assert len(rows) == 4, rows
    ids = [row[0] for row in rows]
    assert run_cli("--project", root, "--coder", "A", "suggestions", "accept", *ids).exit_code == 0
    result = run_cli("--project", root, "--coder", "A", "undo")
    assert result.exit_code == 0, result.err
    places = [f"Goal focus (PF_GOAL) on {document} #{turn}" for _, document, turn in rows]
    assert f"Undone: acceptance of 4 suggestions: {', '.join(places[:3])} and 1 more (from " in result.out, result.out
    zh = run_cli("--project", root, "--coder", "A", "--lang", "zh", "redo")
    zh_places = "，".join(f"「目标专注（PF_GOAL）」（{document} 第 {turn} 段）" for _, document, turn in rows[:3])
    assert f"已重做：接受 4 条建议：{zh_places} 等，另有 1 条（" in zh.out, zh.out
