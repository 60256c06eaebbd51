"""`codebook validate|show|import`, run in-process on a bare click group."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from qualcode.cli.codebook import register
from qualcode.core.codebook import load_codebook, shipped_codebook_paths
from qualcode.core.errors import CodebookError

SMALL = """\
codebook: small
version: 2
language: [zh, en]
themes:
  - id: T1
    label: {zh: 个人力, en: Personal strengths}
    codes:
      - id: GOAL
        label: {zh: 目标专注, en: Goal focus}
        keywords: {zh: [目标, 计划, 打算], en: [goal]}
        key: g
      - id: CONF
        label: {zh: 自信, en: Confidence}
  - id: T2
    label: {zh: 逆境, en: Adversities}
"""


@pytest.fixture
def cli() -> click.Group:
    group = click.Group("qualcode")
    register(group)
    return group


def run(cli, *args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """Through the real entry point, which turns errors into one line and exit code 2."""
    from qualcode.cli import main

    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return info.value.code, captured.out, captured.err


def test_every_command_has_help(cli):
    for command in ("validate", "show", "import"):
        result = run(cli, "codebook", command, "--help")
        assert result.exit_code == 0 and len(result.output.splitlines()) > 3


def test_validate_the_shipped_codebooks(cli):
    result = run(cli, "codebook", "validate", *map(str, shipped_codebook_paths()))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "needs-themes v1: 18 codes, 15 leaves" in lines[0]
    assert "resilience-protective-factors v1: 11 codes, 9 leaves" in lines[1]


def test_validate_reports_every_problem_with_its_place(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("key: g", "key: j").replace("[目标, 计划, 打算]", "[目标, 'A NEAR/99 B']"),
                   encoding="utf-8")
    code, out, err = run_main(capsys, "codebook", "validate", str(bad))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{bad}:10:29: code 'GOAL': keyword 'A NEAR/99 B': NEAR distance 99 is out of range "
        "(a whole number from 1 to 50)",
        f"{bad}:11:14: key 'j' of 'GOAL' is reserved for qualcode's own commands "
        "(reserved: / 0 1 2 3 4 5 6 7 8 9 ? a e j k m n p q r s u x)",
        f"qualcode: error: {bad}: 2 problems (listed above)",
    ]


def test_validate_malformed_yaml_is_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("codebook: x\nthemes: [\n", encoding="utf-8")
    code, _, err = run_main(capsys, "codebook", "validate", str(bad))
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith(f"qualcode: error: {bad}:3:1: invalid YAML")


def test_a_single_problem_is_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("key: g", "key: G\n        color: red"), encoding="utf-8")
    code, _, err = run_main(capsys, "codebook", "validate", str(bad))
    assert (code, err) == (2, f"qualcode: error: {bad}:12:16: bad colour 'red': use #rgb or #rrggbb, e.g. \"#4e79a7\"\n")


def test_validate_prints_shared_keyword_warnings(cli, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL.replace("label: {zh: 自信, en: Confidence}",
                                  "label: {zh: 自信, en: Confidence}\n        keywords: {zh: [目标]}"),
                    encoding="utf-8")
    result = run(cli, "codebook", "validate", str(path))
    assert result.exit_code == 0
    assert "warning: " in result.stdout and "keyword '目标' of 'CONF' is also a keyword of 'GOAL'" in result.stdout


def test_validate_defaults_to_the_project_codebooks(cli, capsys, tmp_path, monkeypatch):
    (tmp_path / "codebooks").mkdir()
    (tmp_path / "codebooks" / "small.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "qualcode.toml").write_text("", encoding="utf-8")
    (tmp_path / "transcripts").mkdir()
    result = run(cli, "codebook", "validate", "--project", str(tmp_path))
    assert result.exit_code == 0 and "small v2: 4 codes" in result.stdout
    code, out, _ = run_main(capsys, "--project", str(tmp_path), "codebook", "validate")
    assert code == 0 and "small v2: 4 codes" in out
    monkeypatch.chdir(tmp_path / "transcripts")
    result = run(cli, "codebook", "validate")
    assert result.exit_code == 0 and "small v2: 4 codes" in result.stdout


def test_validate_without_project_or_files(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(capsys, "codebook", "validate")
    assert code == 2 and "no qualcode project in" in err


def test_show_prints_a_tree(cli, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    result = run(cli, "codebook", "show", str(path), "--lang", "zh")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"small (version 2, 4 codes)  {path}",
        "├─ T1  个人力",
        "│  ├─ GOAL  目标专注  [g]  zh 3 · en 1",
        "│  └─ CONF  自信",
        "└─ T2  逆境",
    ]
    both = run(cli, "codebook", "show", str(path))
    assert "├─ T1  个人力 / Personal strengths" in both.stdout


def test_import_csv_to_yaml(cli, tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("id,parent,label_zh,label_en,keywords\nT,,主题,Theme,\nC,T,目标,Goal,目标；goal\n",
                     encoding="utf-8")
    out = tmp_path / "mine.yaml"
    result = run(cli, "codebook", "import", str(table), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {out}: 2 codes (1 themes)"
    assert load_codebook(out).by_id()["C"].keywords.en == ("goal",)
    again = CliRunner().invoke(cli, ["codebook", "import", str(table), "--out", str(out)])
    assert isinstance(again.exception, CodebookError) and "already exists" in str(again.exception)
    assert run(cli, "codebook", "import", str(table), "--out", str(out), "--force").exit_code == 0


def test_import_bad_table_writes_nothing(capsys, tmp_path):
    table = tmp_path / "cycle.csv"
    table.write_text("id,parent,label\nA,B,甲\nB,A,乙\n", encoding="utf-8")
    out = tmp_path / "cycle.yaml"
    code, _, err = run_main(capsys, "codebook", "import", str(table), "--out", str(out))
    assert code == 2 and "cycle: A → B → A (rows 2, 3)" in err and not out.exists()
