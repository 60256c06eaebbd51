"""`qualcode cases list|import|set` in a Chinese interface (QA round 30): their result lines were English
(`case  attributes`, `Updated S01`, `Created case s01: …`) under `--lang zh`. Real sample project, the CLI
in-process."""

from __future__ import annotations


def test_cases_commands_speak_chinese(sample_project, run_cli):
    root = str(sample_project.root)
    listed = run_cli("--project", root, "--lang", "zh", "cases", "list")
    assert listed.exit_code == 0, listed.err
    assert listed.out.splitlines()[0].split() == ["个案", "属性"]
    table = sample_project.root / "transcripts" / "participants.csv"
    read = run_cli("--project", root, "--lang", "zh", "cases", "import", str(table))
    assert read.out.strip() == f"从 {table} 读入 6 个个案：新建 0 个，更改 0 个，未变 6 个"  # read with the transcripts already
    updated = run_cli("--project", root, "--lang", "zh", "cases", "set", "S01", "major=电工")
    assert updated.out.strip() == "已更新 S01"
    created = run_cli("--project", root, "--lang", "zh", "cases", "set", "s01", "major=电工")
    assert created.out.strip() == ("已新建个案 s01：项目中原本没有这个名称的个案（是不是指 S01？`qualcode cases list` "
                                   "列出所有个案）")
    english = run_cli("--project", root, "--lang", "en", "cases", "set", "S77", "x=1")
    assert english.out.strip() == ("Created case S77: no case of that name was in the project; its transcripts "
                                   "link to it when they are imported with participant S77")


def test_export_qdpx_says_what_it_wrote_in_chinese(sample_project, run_cli, tmp_path):
    out = tmp_path / "项目.qdpx"
    zh = run_cli("--project", str(sample_project.root), "--lang", "zh", "export", "qdpx", "--out", str(out))
    assert zh.exit_code == 0, zh.err
    codes = sample_project.conn.execute("SELECT COUNT(*) FROM codes").fetchone()[0]
    documents = sample_project.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert zh.out.strip().startswith(f"已写入 {out}：{codes} 个编码，{documents} 个文档，")
    assert "个个案" in zh.out and "位编码者" in zh.out and "条备忘" in zh.out
