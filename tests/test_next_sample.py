"""`qualcode next` and the TUI's N on a large project (QA round 30): scoring every uncoded turn of 1,200
interviews (99,763 turns) took 48 s a call, three quarters of it jieba. The model now looks at a random draw of
at most `[suggest] next_sample` turns, seeded by the model so the order holds until it is retrained, and says
so. Real sample project, real jieba and scikit-learn, the CLI in-process."""

from __future__ import annotations

from qualcode.app.project import open_project
from qualcode.app.suggesting.next_turns import next_turns


def _with_setting(root, line: str) -> None:
    config = root / "qualcode.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[suggest]\n", f"[suggest]\n{line}\n", 1) if "[suggest]\n" in text
                      else text + f"\n[suggest]\n{line}\n", encoding="utf-8")


def test_a_project_over_next_sample_is_looked_at_in_a_random_draw_and_said(sample_project, run_cli):
    root = sample_project.root
    coded = run_cli("--project", str(root), "--coder", "A", "import-codings", str(root / "codings" / "researcher-A.csv"))
    assert coded.exit_code == 0, coded.err
    everything = next_turns(sample_project, limit=500)
    assert everything.looked_at == everything.total > 20       # under the default 10,000: every turn

    _with_setting(root, "next_sample = 20")
    with open_project(root) as project:
        drawn = next_turns(project, limit=500)
        again = next_turns(project, limit=3)
    assert drawn.total == everything.total and drawn.looked_at == len(drawn.turns) == 20
    assert again.turns == drawn.turns[:3]                      # the same draw while the model is the same
    listed = {(t.document, t.ordinal): t for t in everything.turns}
    assert all(listed[(t.document, t.ordinal)] == t for t in drawn.turns)   # scored as when all were

    zh = run_cli("--project", str(root), "--lang", "zh", "next", "--limit", "3")
    assert zh.exit_code == 0, zh.err
    assert zh.out.splitlines()[-1] == ("模型比较了其中随机抽取的 20 个，以便大项目也能在几秒内给出结果（模型重新训练前抽取不变；"
                                       "qualcode.toml 中的 [suggest] next_sample）")
    en = run_cli("--project", str(root), "--lang", "en", "next", "--limit", "3")
    assert en.out.splitlines()[-1].startswith("the model looked at 20 of them, drawn at random")


def test_a_next_sample_that_is_not_a_count_is_one_message(sample_project, run_cli):
    root = sample_project.root
    run_cli("--project", str(root), "--coder", "A", "import-codings", str(root / "codings" / "researcher-A.csv"))
    _with_setting(root, 'next_sample = "all"')
    result = run_cli("--project", str(root), "next")
    assert result.exit_code == 2
    assert "[suggest] next_sample must be a whole number of turns (1 or more), not 'all'" in result.err
