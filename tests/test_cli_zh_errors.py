"""Under a Chinese interface an error's prefix is Chinese, `qualcode：错误：` (like warnings' `qualcode：警告：`), with
the message as the library wrote it and the exit code as in English: given by `--lang zh`, by the project's
`[tui] language`, or by `--lang zh` with no project at all. Real project copied from the repo's sample, the CLI
in-process (exactly as the console script runs it)."""

from __future__ import annotations

EN, ZH = "qualcode: error: ", "qualcode：错误："


def _in_chinese(english: str) -> str:
    return "\n".join(ZH + line[len(EN):] if line.startswith(EN) else line for line in english.splitlines())


def test_an_error_under_lang_zh_has_the_chinese_prefix_and_the_same_exit_code(sample_project, run_cli):
    root = str(sample_project.root)
    english = run_cli("--project", root, "code", "S99_pre", "1", "PF_GOAL")
    chinese = run_cli("--project", root, "--lang", "zh", "code", "S99_pre", "1", "PF_GOAL")
    assert english.exit_code == chinese.exit_code == 2
    assert english.err.startswith(EN) and "S99_pre" in english.err
    assert chinese.err.strip() == _in_chinese(english.err.strip())


def test_a_project_in_chinese_says_its_errors_with_the_chinese_prefix(sample_project, run_cli):
    config = sample_project.root / "qualcode.toml"
    text = config.read_text(encoding="utf-8")
    assert '[tui]\nlanguage = "en"' in text
    config.write_text(text.replace('[tui]\nlanguage = "en"', '[tui]\nlanguage = "zh"'), encoding="utf-8")
    out = sample_project.root / "exports" / "matrix.csv"
    assert run_cli("--project", sample_project.root, "export", "matrix", "--out", out).exit_code == 0
    again = run_cli("--project", sample_project.root, "export", "matrix", "--out", out)
    assert again.exit_code == 2
    assert again.err.startswith(f"{ZH}{out}") and "--force" in again.err, again.err
    told = run_cli("--project", sample_project.root, "--lang", "en", "export", "matrix", "--out", out)
    assert told.exit_code == 2 and told.err.startswith(f"{EN}{out}"), told.err   # --lang beats the project


def test_no_project_and_a_file_that_cannot_be_imported_under_lang_zh(sample_project, run_cli, tmp_path):
    nowhere = run_cli("--lang", "zh", "status", cwd=tmp_path)
    assert nowhere.exit_code == 2 and nowhere.err.startswith(ZH + "no qualcode project in "), nowhere.err
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    english = run_cli("--project", sample_project.root, "import", bad)
    chinese = run_cli("--project", sample_project.root, "--lang", "zh", "import", bad)
    assert english.exit_code == chinese.exit_code == 2
    said = [line for line in chinese.err.splitlines() if line.startswith("qualcode")]   # not the progress line
    assert len(said) == 2 and all(line.startswith(ZH) for line in said), chinese.err   # the file, then the sum
    assert "\n".join(said) == _in_chinese("\n".join(line for line in english.err.splitlines()
                                                    if line.startswith("qualcode")))


def test_the_tui_launch_that_finds_no_project_says_so_with_the_chinese_prefix(tmp_path, capsys):
    from qualcode.cli.launch import tui_launch

    launch = tui_launch(["--lang", "zh", "--project", str(tmp_path / "none")])
    assert launch is not None
    assert launch.run_guarded() == 2
    assert capsys.readouterr().err.startswith(ZH + "no qualcode project in ")
