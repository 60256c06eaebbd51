"""Shared fixtures: real project folders on disk, the repo's sample files, the CLI run in-process."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """../shared/data beside the repo (CI), else the workplace copy."""
    for candidate in (REPO_ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return candidate
    pytest.skip("shared/data is not beside this checkout")


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """`qualcode init` writes the system locale's interface language; the tests read English result lines, so a
    Chinese locale on the machine running them (LANG=zh_CN.UTF-8) is set aside (an English one is left as is)."""
    import os

    if any(os.environ.get(name, "").lower().startswith("zh") for name in ("LC_ALL", "LC_MESSAGES", "LANG")):
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def project(tmp_path):
    """A fresh project (shipped codebooks, empty database) in tmp_path."""
    from qualcode.app.api import sync_codes
    from qualcode.app.project import init_project

    proj = init_project(tmp_path / "study")
    sync_codes(proj)
    yield proj
    proj.close()


@pytest.fixture
def sample_project(tmp_path):
    """The shipped sample project (transcripts, codebooks, scores) copied into tmp_path and imported."""
    from qualcode.app.api import import_paths, sync_codes
    from qualcode.app.project import open_project

    root = tmp_path / "sample"
    root.mkdir()
    for name in ("codebooks", "transcripts", "scores", "codings"):
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copy(REPO_ROOT / "qualcode.toml", root / "qualcode.toml")
    (root / "exports").mkdir()
    proj = open_project(root)
    sync_codes(proj)
    report = import_paths(proj, [root / "transcripts"])
    assert not report.errors, [e.error for e in report.errors]
    yield proj
    proj.close()


CHINESE_INTERVIEW = """---
participant: S01
wave: pre
gender: 女
---
访谈者：你能说说中考以后的感受吗？
受访者：中考失利以后我很自卑，觉得自己不行。
访谈者：那现在呢？
受访者：现在我有了目标，想先考电工证。
我妈妈也一直鼓励我。
访谈者：嗯。
受访者：嗯。
"""


@pytest.fixture
def chinese_transcript(tmp_path) -> Path:
    path = tmp_path / "S01_pre.txt"
    path.write_text(CHINESE_INTERVIEW, encoding="utf-8")
    return path


@dataclass
class CliResult:
    exit_code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `qualcode ARGS` in-process (exactly as the console script does) in a working directory."""
    from qualcode.cli import cli
    from qualcode.cli.context import run_guarded

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = run_guarded(cli, [str(a) for a in args], debug=False)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
