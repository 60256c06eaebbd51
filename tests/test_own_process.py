"""The window's helper process for model work (app/suggesting/own_process.py): one real process, kept
between tasks, ended on request, and a helper that died is said in one line and replaced."""

from __future__ import annotations

import os
import signal

import pytest

from qualcode.app.suggesting.own_process import run_in_own_process, stop_own_process
from qualcode.core.errors import QualcodeError


@pytest.fixture(autouse=True)
def no_helper_left():
    stop_own_process()
    yield
    stop_own_process()


def test_tasks_run_in_one_other_process_kept_between_them_until_stopped():
    first = run_in_own_process(os.getpid)
    assert first != os.getpid()
    assert run_in_own_process(os.getpid) == first       # kept: libraries load once per window
    stop_own_process()
    assert run_in_own_process(os.getpid) not in (first, os.getpid())


def test_a_helper_killed_mid_life_is_said_in_one_line_and_the_next_task_gets_a_new_one():
    helper = run_in_own_process(os.getpid)
    os.kill(helper, signal.SIGKILL)
    with pytest.raises(QualcodeError, match="the background process that trains the model stopped unexpectedly"):
        run_in_own_process(os.getpid)
    assert run_in_own_process(os.getpid) not in (helper, os.getpid())


def _gone_within(pid: int, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


WINDOW = """
import os, sys, time
from qualcode.app.suggesting.own_process import run_in_own_process
print(run_in_own_process(os.getpid), flush=True)
time.sleep(60)
"""

SUGGEST_WORKERS = """
import multiprocessing, sys, time
from qualcode.app.project import open_project
from qualcode.app.suggesting import batch


def told(done, total, name):
    workers = multiprocessing.active_children()
    if workers:  # the first call comes before the pool starts
        print(" ".join(str(p.pid) for p in workers), flush=True)
        time.sleep(60)  # the parent is killed here, its workers between tasks


if __name__ == "__main__":  # workers start from a fresh interpreter that imports this file
    batch.CHARACTERS_PER_WORKER = 1
    batch.run_suggest(open_project(sys.argv[1]), jobs=2, force=True, commit_documents=1, progress=told)
"""


def test_the_helper_ends_when_its_window_is_killed():
    import subprocess
    import sys

    window = subprocess.Popen([sys.executable, "-c", WINDOW], stdout=subprocess.PIPE, text=True)
    helper = int(window.stdout.readline())
    window.send_signal(signal.SIGKILL)  # a closed SSH session, the OOM killer
    window.wait()
    assert _gone_within(helper, 5), "the helper outlived its window"


def test_suggest_workers_end_when_the_command_is_killed(tmp_path):
    import subprocess
    import sys

    from qualcode.app import api
    from qualcode.app.project import init_project

    sys.path.insert(0, str(os.path.dirname(os.path.dirname(__file__))))
    from bench.corpus import write_corpus

    with init_project(tmp_path / "study") as project:
        api.sync_codes(project)
        write_corpus(tmp_path / "in", language="zh", total_characters=8_000, per_file=1_000, seed=3)
        assert not api.import_paths(project, [tmp_path / "in"]).errors
    script = tmp_path / "suggest_then_wait.py"
    script.write_text(SUGGEST_WORKERS, encoding="utf-8")
    command = subprocess.Popen([sys.executable, str(script), str(tmp_path / "study")], stdout=subprocess.PIPE,
                               text=True, cwd=tmp_path)
    children = [int(pid) for pid in command.stdout.readline().split()]
    assert children, "no worker was started"
    command.send_signal(signal.SIGKILL)
    command.wait()
    assert all(_gone_within(pid, 5) for pid in children), "a worker outlived `suggest`"
