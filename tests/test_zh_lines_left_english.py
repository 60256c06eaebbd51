"""Lines that stayed English under `--lang zh` (stop 29's list): `scores compute`'s per-wave α and
scoring-problem lines, `agreement`'s notes (what the engine's codes are, why a coefficient is undefined, the
means and the unused codes), the import warnings about text that belongs to no turn, and the TUI's message for
SQLite's "disk I/O error". Each runs the real command (or, for the disk, the real connection under a file-size
limit) and reads the Chinese.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from tests.conftest import CHINESE_INTERVIEW

REPO = Path(__file__).resolve().parents[1]


def test_scores_compute_per_wave_and_problem_lines_read_in_chinese(sample_project, run_cli, tmp_path):
    root = sample_project.root
    answers = (root / "scores" / "rsca-sample.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(answers.replace("\nS01,pre,4,5,", "\nS01,pre,7,x,", 1), encoding="utf-8")
    result = run_cli("--project", root, "--lang", "zh", "scores", "compute", "--scale", "rsca", "--in", bad,
                     "--out", root / "exports" / "rsca.csv", "--allow-problems")
    assert result.exit_code == 0, result.err
    said = result.out + result.err
    assert "bad.csv：第 2 行（编号 S01），RSCA1 列（第 1 题）：超出范围 '7'；应为1–5 之间的整数" in said
    assert "bad.csv：第 2 行（编号 S01），RSCA2 列（第 2 题）：不是数字 'x'；应为1–5 之间的整数" in said
    assert "RSCA19 列（第 19 题）：缺答" in said
    pre = next(line for line in said.splitlines() if line.startswith("  pre："))
    assert "GOAL α " in pre and "（n = " in pre and "，EMOTION α " in pre, pre
    for english in (": row ", "(item ", "out-of-range", "  pre: ", " (n = "):
        assert english not in said, english


ONE_TURN = "---\nparticipant: S70\n---\n访谈者：你最近怎么样？\n受访者：中考失利以后我很自卑。\n"


def test_agreement_notes_read_in_chinese(project, run_cli, tmp_path):
    (tmp_path / "S70.txt").write_text(ONE_TURN, encoding="utf-8")
    cli = ("--project", project.root)
    assert run_cli(*cli, "import", tmp_path / "S70.txt").exit_code == 0
    for coder in ("A", "B"):   # both code the one participant turn: κ and α have no variation to work with
        assert run_cli(*cli, "--coder", coder, "code", "S70", "2", "AD_EXAM").exit_code == 0
    table = run_cli(*cli, "--lang", "zh", "agreement", "--coders", "A", "B")
    assert table.exit_code == 0, table.err
    assert "AD_EXAM：κ 无定义——没有变异：两位编码者给全部 1 个单位的取值都是 1。" in table.out
    assert "AD_EXAM：α 无定义——没有变异：所有可配对的取值都是 1，期望不一致为 0。" in table.out
    assert "一致率 100.0%（1 个编码）；" in table.out
    assert "PF_GOAL（目标专注）、" in table.out and table.out.rstrip().endswith("。")
    engine = run_cli(*cli, "--lang", "zh", "agreement", "--coders", "A", "engine")
    assert engine.exit_code == 0, engine.err
    assert "- 引擎的编码是它现在对每个比较话轮给出的建议（引擎 qualcode-nlp/" in engine.out
    assert run_cli(*cli, "suggest").exit_code == 0
    stored = run_cli(*cli, "--lang", "zh", "agreement", "--coders", "A", "engine", "--engine-source", "table")
    assert "- 引擎的编码是已存的待定和已接受建议中分数 ≥ 0 的那些，每条覆盖整个话轮" in stored.out, stored.out + stored.err
    for english in ("The engine's codes", "no variation", "codes);", "no unit"):
        assert english not in table.out + engine.out + stored.out, english


def test_import_warnings_about_text_in_no_turn_read_in_chinese(project, run_cli, tmp_path):
    source = tmp_path / "S71.txt"
    source.write_text("访谈记录，2026年11月\n\n访谈者：你最近怎么样？\n受访者：还行吧。\n（笑）\n", encoding="utf-8")
    result = run_cli("--project", project.root, "--lang", "zh", "import", source)
    assert result.exit_code == 0, result.err
    assert "第 1 行：第一个说话人标签之前的文字不属于任何话轮" in result.out
    assert "第 5 行：话轮末尾的备注（'（笑）'）不属于任何话轮" in result.out
    assert "belongs to no turn" not in result.out


def test_the_tuis_message_for_a_disk_io_error_reads_in_chinese(tmp_path):
    """A real "disk I/O error" (a file-size limit: SQLite cannot make its -shm file), through the real connect,
    shown with the TUI's error_text, as its toast shows it."""
    root = tmp_path / "study"
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}
    assert subprocess.run([sys.executable, "-m", "qualcode", "init", str(root)], env=env,
                          capture_output=True, timeout=300).returncode == 0
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "qualcode", "import", "transcripts"], cwd=root, env=env,
                          capture_output=True, timeout=300).returncode == 0
    for leftover in ("project.db-shm", "project.db-wal"):
        (root / ".qualcode" / leftover).unlink(missing_ok=True)
    script = ("import sys\nfrom qualcode.app.project import open_project\nfrom qualcode.tui.error_words import "
              "error_text\nfrom qualcode.core.errors import QualcodeError\ntry:\n    open_project(sys.argv[1])\n"
              "except QualcodeError as exc:\n    print(error_text(exc, 'zh'))\n")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2, 2))

    shown = subprocess.run([sys.executable, "-c", script, str(root)], env=env, capture_output=True, text=True,
                           preexec_fn=limited, timeout=300)
    assert "无法读写项目数据库（disk I/O error）：磁盘可能出了故障、已断开或空间不足；数据库文件本身很可能完好" in shown.stdout, (
        shown.stdout + shown.stderr)
    assert "cannot read or write" not in shown.stdout


def test_a_disk_io_error_in_the_middle_of_a_write_is_the_same_message_not_an_internal_error(tmp_path):
    """The disk fails while a coding is written (the project open, then no file may grow: SQLite's "disk I/O
    error" on the WAL). It was a bare OperationalError: the TUI's toast read "OperationalError: disk I/O error",
    the CLI said internal error. Now it is the message opening the project gives, in Chinese in the TUI, and
    the project keeps what it had."""
    root = tmp_path / "study"
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}
    assert subprocess.run([sys.executable, "-m", "qualcode", "init", str(root)], env=env,
                          capture_output=True, timeout=300).returncode == 0
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "qualcode", "import", "transcripts"], cwd=root, env=env,
                          capture_output=True, timeout=300).returncode == 0
    script = """
import resource, sys
from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.core.errors import QualcodeError
from qualcode.storage import repository as repo
from qualcode.tui.error_words import error_text
project = open_project(sys.argv[1])
document = repo.get_document(project.conn, "S01_pre", with_text=False)
turn = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
resource.setrlimit(resource.RLIMIT_FSIZE, (2, 2))   # from now on no file may grow
try:
    api.code_segment(project, turn.id, "AD_EXAM")
except QualcodeError as exc:
    print("EN", exc)
    print("ZH", error_text(exc, "zh"))
"""
    shown = subprocess.run([sys.executable, "-c", script, str(root)], env=env, capture_output=True, text=True,
                           timeout=300)
    assert "Traceback" not in shown.stderr, shown.stderr
    assert "EN " in shown.stdout and "project.db: cannot read or write the project database (disk I/O error)" in (
        shown.stdout), shown.stdout
    assert "ZH " in shown.stdout and "无法读写项目数据库（disk I/O error）：磁盘可能出了故障" in shown.stdout
    done = subprocess.run([sys.executable, "-m", "qualcode", "code", "S01_pre", "2", "AD_EXAM"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr     # nothing was wrong with the file: the same coding goes in now
