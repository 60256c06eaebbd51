"""The learned engine splits a Chinese turn the same way in training and in scoring, whatever ran before.

The keyword engine gives the codebook's Chinese keywords to jieba so they stay whole (社工姐姐 one word, not
社工/姐姐). `suggest` trained the learned model before it built the keyword engine and scored after; `next`
never built it. So one model was trained on one split of a turn and scored on another: 78 of the sample's 254
Chinese turns split otherwise, and `next` ranked the turns to code next differently depending on what the
process had done before. The engine now gives jieba the keywords itself, before it trains or scores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

COMPILE_FIRST = """
import sys
from qualcode.app.project import open_project
from qualcode.nlp.compile import compile_codebooks
compile_codebooks(open_project('.').codebooks())   # what suggest's keyword engine does to jieba first
from qualcode.cli import main
sys.argv = ['qualcode', 'next', '--limit', '100']
main()
"""


def _next_in_a_fresh_process(root: Path, *command: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, *command], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_next_ranks_alike_whether_or_not_the_keyword_engine_was_built_first(sample_project, run_cli):
    root = sample_project.root
    assert run_cli("import-codings", root / "codings" / "researcher-A.csv", cwd=root).exit_code == 0
    alone = _next_in_a_fresh_process(root, "-m", "qualcode", "next", "--limit", "100")
    after_keywords = _next_in_a_fresh_process(root, "-c", COMPILE_FIRST)
    assert "learned model: built" in alone[-1] and "learned model: reused" in after_keywords[-1]
    assert len(alone) > 10   # a table of turns, the same model scoring them
    assert alone[:-1] == after_keywords[:-1]
