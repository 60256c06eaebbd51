"""`qualcode codebook validate` in a Chinese interface (`--lang zh`, or the project's `[tui] language`): the ok
lines and the shared-keyword warnings read in Chinese, places kept as they are; English keeps its lines. A real
project copied from the repo's sample (its codebooks and qualcode.toml), the CLI in-process."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO_ROOT

EXTRA = """\
codebook: extra
version: 1
language: [zh, en]
themes:
  - id: XT
    label: {zh: 额外, en: Extra}
    codes:
      - id: X_SELF
        label: {zh: 自我, en: Self}
        keywords: {zh: [自信]}
"""


@pytest.fixture
def sample_copy(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(REPO_ROOT / "codebooks", root / "codebooks")
    shutil.copy(REPO_ROOT / "qualcode.toml", root / "qualcode.toml")
    (root / "codebooks" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return root


def _warnings(out: str, prefix: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(prefix)]


def test_validate_says_its_lines_and_warnings_in_chinese(sample_copy, run_cli):
    english = run_cli("--lang", "en", "codebook", "validate", cwd=sample_copy)
    chinese = run_cli("--lang", "zh", "codebook", "validate", cwd=sample_copy)
    assert english.exit_code == chinese.exit_code == 0
    shared = _warnings(english.out, "warning: ")
    assert shared and all("is also a keyword of" in line and "X_SELF" in line for line in shared), english.out
    said = _warnings(chinese.out, "警告：")
    assert len(said) == len(shared), chinese.out
    extra = sample_copy / "codebooks" / "extra.yaml"
    for line in said:
        assert re.fullmatch(r"警告：\S+\.yaml:\d+:\d+: 编码 '\w+' 的关键词 '自信' 也是编码 '\w+' 的关键词"
                            r"（见 \S+\.yaml:\d+:\d+）；命中时两个编码都会被建议", line), line
        assert "X_SELF" in line and f"{extra}:10:" in line, line
    books = sorted(sample_copy.glob("codebooks/*.yaml"))
    assert [line.split()[:2] for line in chinese.out.splitlines() if not line.startswith("警告")] == \
        [["通过", str(path)] for path in books]
    assert [line.split()[:2] for line in english.out.splitlines() if not line.startswith("warning")] == \
        [["ok", str(path)] for path in books]


def test_a_project_in_chinese_validates_in_chinese_without_lang(sample_copy, run_cli):
    config = sample_copy / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('[tui]\nlanguage = "en"', '[tui]\nlanguage = "zh"'),
                      encoding="utf-8")
    result = run_cli("codebook", "validate", cwd=sample_copy)
    assert result.exit_code == 0 and _warnings(result.out, "警告：") and result.out.startswith("通过  "), result.out
