"""The undo question says which "elsewhere" made the action: another window open now, an earlier session
closed now, the command line, or a Python program using the library.

Until stop 30 every window's action was "made in another window or an earlier session": a researcher could
not tell a colleague's window open right now (undo takes back what they are looking at) from yesterday's
session, and library calls were "outside this window". A real second window runs in its own process here
(tests/_window_elsewhere.py, the real app driven headless), and is then closed, or killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from tests.test_tui_app import open_s01
from tests.test_tui_history_words import SIZE
from tests.test_tui_merge_undo import _coded
from tests.test_tui_undo_elsewhere import question

REPO = Path(__file__).resolve().parent.parent


def second_window(project) -> subprocess.Popen:
    """A qualcode window in another process that has coded turn 6 of S01_pre and is still open."""
    window = subprocess.Popen([sys.executable, "-m", "tests._window_elsewhere", str(project.root), project.coder],
                              cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = window.stdout.readline()
    assert line.startswith("coded tui:"), line + window.stderr.read()
    return window


async def ask_and_keep(pilot) -> str:
    await pilot.press("u")
    await pilot.pause()
    asked = question(pilot.app)
    await pilot.press("n")
    await pilot.pause()
    return asked


def newest_origin(project) -> str | None:
    with open_project(project.root, coder=project.coder) as other:
        return other.conn.execute("SELECT origin FROM history ORDER BY id DESC LIMIT 1").fetchone()[0]


async def test_u_says_whether_the_other_window_is_open_now_or_closed(project, tmp_path):
    _coded(project, tmp_path)
    window = second_window(project)
    try:
        app = make_app(project, poll_seconds=None, language="zh")
        async with app.run_test(size=SIZE) as pilot:
            await open_s01(pilot)
            asked = await ask_and_keep(pilot)
            assert f"在另一个仍开着的 qualcode 窗口中做的（进程 {window.pid}）" in asked, asked
            window.stdin.write("quit\n")
            window.stdin.flush()
            assert window.wait(timeout=60) == 0, window.stderr.read()
            asked = await ask_and_keep(pilot)   # the same action, its window closed now
            assert "在之前一次已关闭的 qualcode 会话中做的" in asked, asked
            assert "仍开着" not in asked
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()


async def test_a_killed_window_counts_as_an_earlier_session_not_an_open_one(project, tmp_path):
    _coded(project, tmp_path)
    window = second_window(project)
    window.send_signal(signal.SIGKILL)   # a closed terminal, a crash: the window never tidied up
    window.wait()
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        asked = await ask_and_keep(pilot)
    assert "made in an earlier qualcode session, closed now" in asked, asked


async def test_library_calls_are_named_as_a_python_program_and_older_rows_still_read(project, tmp_path):
    _coded(project, tmp_path)   # through the Python API, as a script would
    assert newest_origin(project) == "library"
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        asked = await ask_and_keep(pilot)
        assert "由调用 qualcode Python 库的程序做的" in asked, asked
        # rows written before stop 30 keep their words: a window of unknown state, and no origin at all
        for old, words in (("tui:0123456789ab", "在另一个窗口或之前的会话中做的"), (None, "在本窗口之外做的")):
            project.conn.execute("UPDATE history SET origin = ? WHERE id = (SELECT max(id) FROM history)", (old,))
            asked = await ask_and_keep(pilot)
            assert words in asked, asked
