"""`qualcode` and `qualcode tui` open the workbench without loading click or any command area."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qualcode.cli.launch import TuiLaunch, tui_launch

REPO = Path(__file__).resolve().parents[1]

# Writes the modules of click, of the CLI and of the suggestion engine that were loaded, when the process ends.
RECORD_AND_RUN = """
import atexit, sys
def record():
    loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'click' or m.startswith('qualcode.cli')
                    or m.startswith('qualcode.app.suggesting'))
    with open(sys.argv[1], 'w') as out:
        out.write(' '.join(loaded))
atexit.register(record)
from qualcode.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize(("args", "expected"), [
    ([], TuiLaunch()),
    (["tui"], TuiLaunch()),
    (["--project", "thesis"], TuiLaunch(project_dir="thesis")),
    (["--project=thesis", "--lang", "zh", "--coder", "ann"], TuiLaunch("thesis", "ann", "zh")),
    (["--lang", "en", "tui", "--lang", "zh"], TuiLaunch(lang="zh")),  # the command's own option wins
    (["tui", "--project", "a", "--blind", "--project", "b"], TuiLaunch(project_dir="b", blind=True)),
    (["--debug", "tui", "--no-blind", "--coder=ann"], TuiLaunch(coder="ann", blind=False, debug=True)),
    (["tui", "--debug"], TuiLaunch(debug=True)),  # the group's flag after the command, as click allows
    (["--project", "tui"], TuiLaunch(project_dir="tui")),  # a folder called tui
])
def test_plain_tui_command_lines_are_read_as_click_reads_them(args, expected):
    assert tui_launch(args) == expected


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["tui", "--help"], ["--version"],
    ["status"], ["import", "tui"], ["tui", "tui"],
    ["--lang", "fr"], ["tui", "--lang"], ["--project"], ["--coder", ""], ["--project", "--debug"],
    ["--blind"],  # the group has no --blind: click says so
    ["tui", "--"], ["tui", "extra"],
])
def test_anything_else_is_left_to_click(args):
    assert tui_launch(args) is None


def test_tab_completion_is_answered_not_a_workbench_opened(tmp_path):
    """The shell calls `qualcode` with no arguments to complete a word: click answers, no TUI starts."""
    assert tui_launch([], {"_QUALCODE_COMPLETE": "bash_complete"}) is None
    done = subprocess.run([sys.executable, "-c", RECORD_AND_RUN, str(tmp_path / "loaded.txt")], capture_output=True,
                          text=True, cwd=tmp_path, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(REPO), "_QUALCODE_COMPLETE": "bash_complete",
                               "COMP_WORDS": "qualcode st", "COMP_CWORD": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["plain,status"]


def _run_recorded(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    record = tmp_path / "loaded.txt"
    done = subprocess.run([sys.executable, "-c", RECORD_AND_RUN, str(record), *args], capture_output=True,
                          text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    return done, record.read_text().split()


def test_a_launch_on_a_missing_project_says_so_in_one_line_like_every_command(tmp_path):
    missing = tmp_path / "nowhere"
    launched, loaded = _run_recorded(tmp_path, "--project", str(missing), "tui")
    assert loaded == ["qualcode.cli", "qualcode.cli.launch"]  # no click, no command area
    status, loaded_by_status = _run_recorded(tmp_path, "--project", str(missing), "status")
    assert "click" in loaded_by_status
    assert launched.returncode == status.returncode == 2
    assert launched.stderr == status.stderr
    assert launched.stderr.count("\n") == 1 and str(missing) in launched.stderr and "Traceback" not in launched.stderr


def _screen_text(raw: bytes) -> str:
    return re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]", "", raw.decode("utf-8", "replace"))


def _read_some(terminal: int) -> bytes:
    if not select.select([terminal], [], [], 0.1)[0]:
        return b""
    try:
        return os.read(terminal, 65536)
    except OSError:  # the child has ended and closed its side
        return b""


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_the_real_tui_opens_its_home_screen_without_click(tmp_path, sample_project):
    """The whole launch in a pseudo-terminal: the Chinese home lists the sample's documents; ctrl+q quits.

    Nothing of the command line or of the suggestion engine was needed for it (the coding screen looks the
    engine up when it opens)."""
    import pty

    record = tmp_path / "loaded.txt"
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the `qualcode` command as a researcher types it
        os.environ.update(PYTHONPATH=str(REPO), COLUMNS="120", LINES="40", TERM="xterm-256color")
        os.execv(sys.executable, [sys.executable, "-c", RECORD_AND_RUN, str(record),
                                  "--project", str(sample_project.root), "--lang", "zh"])
    seen = b""
    deadline = time.monotonic() + 60
    ended, status = 0, 0
    try:
        while "S01_pre" not in _screen_text(seen) or "文档" not in _screen_text(seen):
            assert time.monotonic() < deadline, _screen_text(seen)[-2000:]
            seen += _read_some(terminal)
        os.write(terminal, b"\x11")  # ctrl+q
        while not ended and time.monotonic() < deadline:
            _read_some(terminal)  # a terminal nobody reads blocks the app's writes
            ended, status = os.waitpid(pid, os.WNOHANG)
        assert ended, "the TUI did not quit on ctrl+q"
    finally:
        if not ended:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(terminal)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert record.read_text().split() == ["qualcode.cli", "qualcode.cli.launch"]
