"""`qualcode init` writes the interface language the person asked for: ``--lang``, else the system locale's;
the project's own language (``--language``, transcripts and reports) is another setting. Real CLI in-process,
real files; the result lines of the new project then follow it."""

from __future__ import annotations

import tomllib

import pytest


def _settings(root):
    return tomllib.loads((root / "qualcode.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("environment", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"),      # LC_ALL wins over LANG
    ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_init_writes_the_system_locale_s_interface_language(run_cli, tmp_path, monkeypatch, environment, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = run_cli("init", tmp_path / "study")
    assert result.exit_code == 0, result.err
    settings = _settings(tmp_path / "study")
    assert settings["tui"]["language"] == expected and settings["project"]["language"] == "zh"
    said = {"en": "interface language en (from the system locale;", "zh": "界面语言 zh（来自系统语言环境；"}
    assert said[expected] in result.out   # init's lines are in the language it writes


def test_lang_wins_over_the_locale_and_the_new_project_speaks_it(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    root = tmp_path / "study"
    result = run_cli("--lang", "zh", "init", root, "--language", "en")
    assert result.exit_code == 0, result.err
    settings = _settings(root)
    assert (settings["tui"]["language"], settings["project"]["language"]) == ("zh", "en")
    assert "界面语言 zh（来自 --lang；" in result.out
    status = run_cli("--project", root, "status")     # no --lang now: qualcode.toml says zh
    assert status.exit_code == 0, status.err
    assert status.out.splitlines()[0].startswith("项目 ")
