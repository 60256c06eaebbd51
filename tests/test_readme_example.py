"""The README's worked Chinese example runs exactly as printed."""

from __future__ import annotations

import re
import shlex
import sqlite3

from conftest import REPO_ROOT


def readme_example() -> tuple[str, list[list[str]]]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### A worked example in Chinese"):]
    transcript = re.search(r"`transcripts/S09_pre.txt`:\n\n```\n(.*?)```", section, re.S).group(1)
    commands = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    steps = [shlex.split(line.split("#")[0])[2:] for line in commands.splitlines()
             if line.startswith("$ qualcode")]
    return transcript, steps


def test_worked_example_in_the_readme(run_cli, tmp_path):
    transcript, steps = readme_example()
    assert run_cli("init", tmp_path / "study").exit_code == 0
    root = tmp_path / "study"
    (root / "transcripts" / "S09_pre.txt").write_text(transcript, encoding="utf-8")
    for step in steps:
        result = run_cli(*step, cwd=root)
        assert result.exit_code == 0, (step, result.err)
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    text = conn.execute("SELECT text FROM documents").fetchone()[0]
    coded = {(code, text[start:end]) for code, start, end in
             conn.execute("SELECT code_id, start, end FROM codings")}
    assert ("PF_FAMILY", "我妈妈也一直鼓励我。") in coded
    assert ("AD_EXAM", "中考失利以后我很自卑，觉得自己不行。") in coded
    assert "1 documents" in run_cli("status", cwd=root).out
