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
