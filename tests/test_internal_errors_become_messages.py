"""Issue 18 item 8: inputs that used to end in "internal error" get a message naming the file and the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHINESE_INTERVIEW


def _project_with_interview(run_cli, tmp_path: Path) -> Path:
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    return root


def _coding_count(root: Path) -> int:
    import sqlite3

    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return conn.execute("SELECT count(*) FROM codings").fetchone()[0]


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_coder_name_is_refused(run_cli, tmp_path, name):
    root = _project_with_interview(run_cli, tmp_path)
    result = run_cli("--coder", name, "code", "S01_pre", "2", "PF_GOAL", cwd=root)
    assert result.exit_code == 2
    assert "coder name is empty" in result.err
    assert _coding_count(root) == 0


def test_import_codings_with_no_matching_row_exits_2_and_changes_nothing(run_cli, tmp_path):
    root = _project_with_interview(run_cli, tmp_path)
    sheet = root / "codings.csv"
    sheet.write_text("document,segment,code\nS01_pre,999,PF_GOAL\n", encoding="utf-8")
    result = run_cli("import-codings", sheet, cwd=root)
    assert result.exit_code == 2
    assert "no row matched" in result.err and "S01_pre has no segment 999" in result.out
    assert _coding_count(root) == 0


def test_import_codings_with_some_unmatched_rows_exits_1_naming_them(run_cli, tmp_path):
    root = _project_with_interview(run_cli, tmp_path)
    sheet = root / "codings.csv"
    sheet.write_text("document,segment,code\nS01_pre,999,PF_GOAL\nS01_pre,2,PF_GOAL\n", encoding="utf-8")
    result = run_cli("import-codings", sheet, cwd=root)
    assert result.exit_code == 1
    assert "1 row(s) matched no turn" in result.err
    assert _coding_count(root) == 1


def test_a_codebook_nested_hundreds_of_levels_is_a_message_not_a_recursion_error(run_cli, tmp_path):
    root = _project_with_interview(run_cli, tmp_path)
    lines, indent = ["name: deep", "codes:"], "  "
    for level in range(400):
        lines += [f"{indent}- id: C{level}", f"{indent}  label: c{level}", f"{indent}  children:"]
        indent += "    "
    (root / "codebooks" / "deep.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("codebook", "validate", cwd=root)
    assert result.exit_code == 2
    assert "deep.yaml" in result.err and "nested too deeply" in result.err
    assert "internal error" not in result.err


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_named_and_nothing_is_imported(tmp_path):
    root = tmp_path / "study"
    qualcode = [sys.executable, "-m", "qualcode"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run([*qualcode, "init", str(root)], check=True, capture_output=True, env=env)
    folder = os.fsencode(root / "transcripts")
    with open(folder + b"/S09_pre\xff.txt", "wb") as handle:
        handle.write(CHINESE_INTERVIEW.encode("utf-8"))
    done = subprocess.run([*qualcode, "import", "transcripts"], cwd=root, capture_output=True, env=env)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert "S09_pre\\xff.txt" in err and "not valid UTF-8" in err
    assert "internal error" not in err
    listing = subprocess.run([*qualcode, "documents"], cwd=root, capture_output=True, env=env)
    assert b"S09" not in listing.stdout


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    root = tmp_path / "study"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run([sys.executable, "-m", "qualcode", "init", str(root)], check=True, capture_output=True, env=env)
    # `true` leaves before qualcode has started, so every write meets a closed pipe.
    done = subprocess.run(f"'{sys.executable}' -m qualcode codebook show | true", shell=True, cwd=root,
                          capture_output=True, env=env)
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
