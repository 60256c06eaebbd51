"""The everyday commands' result lines in the interface language, chosen as the TUI chooses it
(`--lang`, else `[tui] language`, else `[project] language`); written files and the memo CSV stay as they were."""

from __future__ import annotations

import re

from tests.test_revised_transcript_habits import FIRST, REVISED

INTERVIEW = ("---\nparticipant: S01\nwave: pre\n---\n访谈者：你家里人支持你吗？\n受访者：我妈妈每周都打电话，家里人很支持我。\n"
             "访谈者：考试呢？\n受访者：中考没考好，压力很大。\n")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _interface_language(root, language: str) -> None:
    toml = root / "qualcode.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(re.sub(r'(?m)^language = "en"(\s+# interface language)', rf'language = "{language}"\1', text),
                    encoding="utf-8")


def _loop(run_cli, root, *lang: str) -> dict[str, str]:
    """The researcher's loop on a fresh copy of the interview: each command's standard output."""
    (root / "transcripts" / "S01_pre.txt").write_text(INTERVIEW, encoding="utf-8")
    out = {}
    for name, args in (("import", ("import", "transcripts")), ("status", ("status",)), ("suggest", ("suggest",)),
                       ("code", ("code", "S01_pre", "2", "PF_FAMILY")), ("undo", ("undo",)), ("redo", ("redo",)),
                       ("uncode", ("code", "--remove", "S01_pre", "2", "PF_FAMILY")),
                       ("export", ("export", "matrix", "--out", f"exports/m{''.join(lang)}.csv"))):
        result = run_cli(*lang, *args, cwd=root)
        assert result.exit_code == 0, (args, result.err)
        out[name] = result.out
    return out


def test_a_chinese_interface_gets_chinese_result_lines_and_the_same_files(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    _interface_language(root, "zh")
    chinese = _loop(run_cli, root)
    assert chinese["import"].splitlines()[0].split()[:2] == ["文件", "状态"]
    assert "已导入" in chinese["import"] and chinese["import"].rstrip().endswith("导入 1 个，新版本 0 个，未变 0 个")
    assert chinese["status"].splitlines()[1].strip().startswith("1 个文档，1 个个案，4 个段落（受访者段落 2 个）")
    assert "已编码受访者段落 0/2" in chinese["status"] and "待定建议" in chinese["status"]
    assert chinese["suggest"].startswith("引擎：keywords（学习模型：")
    assert "\n已处理 1 个文档（4 个段落），0 个此前已完成；新建议 2 条，" in chinese["suggest"]
    assert re.fullmatch(r"已编码 S01_pre 第 2 段：PF_FAMILY（[^）]+）\n", chinese["code"])
    assert chinese["undo"].startswith("已撤销：编码「家庭支持（PF_FAMILY）」（S01_pre 第 2 段）（")
    assert chinese["redo"].startswith("已重做：编码「家庭支持（PF_FAMILY）」（S01_pre 第 2 段）（")
    # the action's time as a clock reads it, to the minute (it was the stored 2026-12-07T19:53:44.083+00:00)
    assert re.search(r"（\d{4}-\d\d-\d\d \d\d:\d\d 的操作）\n$", chinese["undo"]), chinese["undo"]
    assert chinese["uncode"].startswith("已移除 S01_pre 第 2 段的 PF_FAMILY")
    assert chinese["export"].startswith("已写入 ") and "（1 行 × " in chinese["export"]
    assert run_cli("undo", cwd=root).out.startswith("已撤销：移除编码「家庭支持（PF_FAMILY）」")
    assert run_cli("redo", cwd=root).out.startswith("已重做：移除编码「家庭支持（PF_FAMILY）」")

    # --lang en on the same project: the lines the commands always printed, and byte-identical files
    english = _loop(run_cli, root, "--lang", "en")
    assert not any(CJK.search(text.replace("访谈者", "")) for name, text in english.items() if name != "import")
    assert english["status"].splitlines()[1].strip() == "1 documents, 1 cases, 4 segments (2 by participants), 29 codes"
    assert english["import"].rstrip().endswith("0 imported, 0 new version(s), 1 unchanged")
    assert english["code"].startswith("Coded S01_pre #2 with PF_FAMILY (")
    assert english["undo"].startswith("Undone: coding Family support (PF_FAMILY) on S01_pre #2 (from ")
    assert re.search(r" \(from \d{4}-\d\d-\d\d \d\d:\d\d\)\n$", english["undo"]), english["undo"]
    assert english["export"].startswith("Wrote ") and " (1 rows × " in english["export"]
    assert (root / "exports" / "m.csv").read_bytes() == (root / "exports" / "m--langen.csv").read_bytes()


def test_the_default_interface_of_a_new_project_stays_english(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0  # a Chinese project whose [tui] language is en
    assert run_cli("status", cwd=root).out.startswith("Project ")
    assert run_cli("--lang", "zh", "status", cwd=root).out.startswith("项目 ")


def test_a_memo_on_a_replaced_version_is_said_in_the_reports_language(project, run_cli):
    source = project.root / "transcripts" / "S01_pre.txt"
    source.write_text(FIRST, encoding="utf-8")
    assert run_cli("import", source, cwd=project.root).exit_code == 0
    assert run_cli("memo", "segment", "S01_pre:6", "孤独感", cwd=project.root).exit_code == 0
    source.write_text(REVISED, encoding="utf-8")  # turn 6 is deleted: the memo stays on version 1
    assert run_cli("import", source, cwd=project.root).exit_code == 0
    for lang, expected in (("zh", "S01_pre:6（第 1 版，已被替换）"), ("en", "S01_pre:6 (version 1, replaced)")):
        assert run_cli("export", "memos", "--lang", lang, "--out", f"exports/{lang}.md", cwd=project.root).exit_code == 0
        assert expected in (project.root / "exports" / f"{lang}.md").read_text(encoding="utf-8")
        assert run_cli("export", "memos", "--lang", lang, "--out", f"exports/{lang}.csv",
                       cwd=project.root).exit_code == 0
    # the CSV is for Excel and R: the same target text whatever the headings' language
    assert (project.root / "exports" / "zh.csv").read_bytes() == (project.root / "exports" / "en.csv").read_bytes()
    assert "S01_pre:6 (version 1, replaced)" in (project.root / "exports" / "zh.csv").read_text(encoding="utf-8-sig")


def test_undo_names_codes_by_label_and_id_and_says_what_was_decided(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S01_pre.txt").write_text(INTERVIEW, encoding="utf-8")
    for args in (("import", "transcripts"), ("suggest",)):
        assert run_cli(*args, cwd=root).exit_code == 0
    pending = run_cli("suggestions", "list", "--code", "PF_FAMILY", cwd=root).out.splitlines()[1].split()
    assert run_cli("suggestions", "accept", pending[0], cwd=root).exit_code == 0
    undone = run_cli("undo", cwd=root).out
    assert undone.startswith(f"Undone: acceptance of Family support (PF_FAMILY) on S01_pre #{pending[2]} (from "), undone
    assert run_cli("suggestions", "reject", "--document", "S01_pre", cwd=root).exit_code == 0
    rejected = run_cli("--lang", "zh", "undo", cwd=root).out   # each place named, as one's undo names it
    assert rejected.startswith("已撤销：拒绝 2 条建议：「") and rejected.count("（S01_pre 第 ") == 2, rejected
    assert run_cli("memo", "case", "S01", "家庭支持很强", cwd=root).exit_code == 0
    assert run_cli("undo", cwd=root).out.startswith("Undone: memo 1 on case S01 (from ")  # the memo's id kept


def test_undo_and_redo_of_a_memo_name_its_turn_and_document_as_typed_not_their_row_ids(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S01_pre.txt").write_text(INTERVIEW, encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    assert run_cli("memo", "segment", "S01_pre:4", "压力来自中考", cwd=root).exit_code == 0
    assert run_cli("undo", cwd=root).out.startswith("Undone: memo 1 on segment S01_pre:4 (from ")
    assert run_cli("redo", cwd=root).out.startswith("Redone: memo 1 on segment S01_pre:4 (from ")
    assert run_cli("memo", "document", "S01_pre", "第一次访谈", cwd=root).exit_code == 0
    assert run_cli("undo", cwd=root).out.startswith("Undone: memo 2 on document S01_pre (from ")


def test_review_done_and_status_follow_the_interface_language(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S01_pre.txt").write_text(INTERVIEW, encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "PF_FAMILY", cwd=root).exit_code == 0
    done = run_cli("--lang", "zh", "review", "done", "S01_pre", "--coder", "A", cwd=root)
    assert done.exit_code == 0, done.err
    assert done.out.splitlines() == ["S01_pre：1 个段落标为“无适用编码”（已编码 1，无适用编码 1，共 2 个中还剩 0 个）",
                                     "`qualcode undo` 可撤销这次标记"]
    status = run_cli("--lang", "zh", "review", "status", "--coder", "A", cwd=root)
    assert status.out.splitlines()[0].split() == ["文档", "受访者段落", "已编码", "无适用编码", "待审阅"]
    assert status.out.splitlines()[1].split() == ["S01_pre", "2", "1", "1", "0"]
    english = run_cli("--lang", "en", "review", "status", "--coder", "A", cwd=root)
    assert english.out.splitlines()[0].split()[:3] == ["document", "participant", "turns"]


def test_a_project_language_that_is_not_zh_or_en_is_named_with_its_file(sample_project, run_cli, capsys):
    """`[project] language = "cn"` was taken without a word: the interface read it as Chinese, the reports as not
    set (English headings in a Chinese project), the .qdpx export as zh. Every command and the workbench's launch
    stop at it with the file, the setting and the values it takes; nothing is opened or changed."""
    from qualcode.cli.launch import tui_launch

    root = sample_project.root
    counts = "SELECT (SELECT COUNT(*) FROM history), (SELECT COUNT(*) FROM coders)"
    before = sample_project.conn.execute(counts).fetchone()
    toml = root / "qualcode.toml"
    toml.write_text(re.sub(r'(?m)^language = "zh"', 'language = "cn"', toml.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    status = run_cli("status", cwd=root)
    assert status.exit_code == 2 and status.out == ""
    assert status.err == (f"qualcode: error: {toml}: [project] language must be \"zh\" or \"en\" (the language of "
                          "the transcripts and the written reports), not 'cn'\n")
    report = run_cli("--lang", "zh", "export", "quotes", "--out", "exports/q.docx", cwd=root)
    assert report.exit_code == 2 and "[project] language must be" in report.err
    assert not (root / "exports" / "q.docx").exists()
    launch = tui_launch(["--project", str(root)])
    capsys.readouterr()
    assert launch is not None and launch.run_guarded() == 2
    assert capsys.readouterr().err == status.err
    assert sample_project.conn.execute(counts).fetchone() == before
    toml.write_text(toml.read_text(encoding="utf-8").replace('language = "cn"', 'language = "ZH"', 1),
                    encoding="utf-8")
    assert run_cli("status", cwd=root).exit_code == 0   # letter case is free



def test_an_interface_language_that_is_neither_zh_nor_en_is_named_with_its_file(sample_project, run_cli):
    """`[tui] language = "fr"` was read as English without a word. Spellings of zh and en stay accepted."""
    root = sample_project.root
    toml = root / "qualcode.toml"
    original = toml.read_text(encoding="utf-8")
    assert '\n[tui]\nlanguage = "en"' in original   # the sample's own line, changed below

    def interface(value: str) -> None:
        toml.write_text(original.replace('\n[tui]\nlanguage = "en"', f'\n[tui]\nlanguage = "{value}"', 1),
                        encoding="utf-8")

    interface("fr")
    status = run_cli("status", cwd=root)
    assert status.exit_code == 2 and status.out == ""
    assert status.err == (f"qualcode: error: {toml}: [tui] language must be \"zh\" or \"en\" (the interface language; "
                          "zh-CN, cn and chinese also mean Chinese), not 'fr'\n")
    for spelling, heading in (("zh-CN", "项目"), ("Chinese", "项目"), ("en-US", "Project")):
        interface(spelling)
        shown = run_cli("status", cwd=root)
        assert shown.exit_code == 0, shown.err
        assert shown.out.splitlines()[0].split()[0] == heading
