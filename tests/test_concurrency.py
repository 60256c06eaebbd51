"""Two programs on one project: no lost writes, no bare "database is locked", readers never blocked (WAL)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from safety_helpers import LockHolder, qualcode_env, run_qualcode

# Each worker codes and uncodes random participant segments as its own coder, then reports which
# (segment, code) pairs it believes it holds, and how many errors it saw.
WORKER = r"""
import json, random, sys
from qualcode.app import api
from qualcode.core.errors import QualcodeError
from qualcode.app.project import open_project
root, coder, actions, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ordinals = [int(o) for o in sys.argv[5].split(",")] if len(sys.argv) > 5 else None
rng = random.Random(seed)
project = open_project(root, coder=coder)
segments = [r[0] for r in project.conn.execute("SELECT id, ordinal FROM segments WHERE role = 'participant'")
            if ordinals is None or r[1] in ordinals]
codes = ["PF_GOAL", "PF_FAMILY", "AD_EXAM", "AD_LOWSELF"]
mine, errors = set(), []
print("ready", flush=True)
sys.stdin.readline()  # both workers start together
for _ in range(actions):
    segment, code = rng.choice(segments), rng.choice(codes)
    try:
        if api.toggle_code(project, segment, code) is None:
            mine.discard((segment, code))
        else:
            mine.add((segment, code))
    except QualcodeError as exc:
        errors.append(str(exc))
print(json.dumps({"mine": sorted(mine), "errors": errors}))
"""


@pytest.fixture
def imported(project, chinese_transcript):
    from qualcode.app.api import import_paths

    assert not import_paths(project, [chinese_transcript]).errors
    return project


def _start_workers(root, coders, actions, ordinals=()):
    only = [",".join(map(str, ordinals))] if ordinals else []
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(root), coder, str(actions), str(seed), *only],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=qualcode_env())
             for seed, coder in enumerate(coders)]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return procs


def test_two_processes_coding_at_once_lose_no_write(imported):
    import json

    procs = _start_workers(imported.root, ("A", "B"), 150)
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    for coder, result in zip(("A", "B"), results):
        assert result["errors"] == []
        stored = {tuple(r) for r in imported.conn.execute(
            "SELECT segment_id, code_id FROM codings WHERE coder = ?", (coder,))}
        assert stored == {tuple(pair) for pair in result["mine"]}
    # every action is in the history too (the audit trail and undo lose nothing either)
    assert imported.conn.execute("SELECT count(*) FROM history WHERE action != 'transcripts.import'").fetchone()[0] == 300


def test_the_same_coder_in_two_windows_never_sees_an_error(imported):
    """Both windows toggle the same few codings; a race between read and write is retried, not shown."""
    import json

    procs = _start_workers(imported.root, ("A", "A"), 100)
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert json.loads(out)["errors"] == []
    assert imported.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_writer_held_longer_than_the_wait_gets_a_clear_message(imported):
    with LockHolder(imported.db_path) as holder:
        result = run_qualcode(imported.root, "--coder", "A", "code", "S01_pre", "2", "AD_EXAM",
                              QUALCODE_BUSY_TIMEOUT="0.5")
        waited = time.monotonic() - holder.since
    assert result.returncode == 2
    assert "the project is busy" in result.stderr and "0.5 s" in result.stderr
    assert "database is locked" not in result.stderr and "Traceback" not in result.stderr
    assert waited < 10  # it gave up after the configured wait, not the default 15 s
    assert imported.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0  # nothing half-done


def test_a_writer_waits_for_a_short_lock_and_then_succeeds(imported):
    holder = LockHolder(imported.db_path, commit=True).__enter__()
    command = subprocess.Popen([sys.executable, "-m", "qualcode", "--project", str(imported.root), "--coder", "A",
                                "code", "S01_pre", "2", "AD_EXAM"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=qualcode_env())
    time.sleep(1.0)  # the command is now waiting for the lock
    holder.__exit__(None, None, None)
    out, err = command.communicate(timeout=60)
    assert command.returncode == 0, err
    assert imported.conn.execute("SELECT count(*) FROM codings WHERE code_id = 'AD_EXAM'").fetchone()[0] == 1
    assert imported.conn.execute("SELECT count(*) FROM memos WHERE author = 'holder'").fetchone()[0] == 1


def test_reads_and_exports_work_while_another_program_writes(imported):
    from qualcode.app import api

    api.code_segment(imported, 2, "AD_EXAM", coder="A")
    with LockHolder(imported.db_path):
        status = run_qualcode(imported.root, "status", QUALCODE_BUSY_TIMEOUT="1")
        matrix = run_qualcode(imported.root, "export", "matrix", "--out",
                              str(imported.root / "exports" / "m.csv"), QUALCODE_BUSY_TIMEOUT="1")
        backup = run_qualcode(imported.root, "backup", QUALCODE_BUSY_TIMEOUT="1")
    assert status.returncode == 0, status.stderr
    assert "1 codings" in status.stdout
    assert matrix.returncode == 0, matrix.stderr
    assert "AD_EXAM" in (imported.root / "exports" / "m.csv").read_text(encoding="utf-8-sig")
    assert backup.returncode == 0, backup.stderr


def test_busy_timeout_comes_from_the_environment_or_the_settings(imported, monkeypatch):
    from qualcode.core.errors import ProjectError
    from qualcode.app.project import open_project

    config = imported.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[project]\n", "[project]\nbusy_timeout_s = 2.5\n"),
                      encoding="utf-8")
    monkeypatch.delenv("QUALCODE_BUSY_TIMEOUT", raising=False)
    with open_project(imported.root) as opened:
        assert opened.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2500
    monkeypatch.setenv("QUALCODE_BUSY_TIMEOUT", "0.25")
    with open_project(imported.root) as opened:
        assert opened.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 250
    monkeypatch.setenv("QUALCODE_BUSY_TIMEOUT", "soon")
    with pytest.raises(ProjectError, match="QUALCODE_BUSY_TIMEOUT is 'soon'; it must be a number of seconds"):
        open_project(imported.root)


def test_a_bad_busy_timeout_setting_is_one_clear_line(imported, run_cli, monkeypatch):
    monkeypatch.delenv("QUALCODE_BUSY_TIMEOUT", raising=False)
    config = imported.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[project]\n", "[project]\nbusy_timeout_s = -1\n"),
                      encoding="utf-8")
    result = run_cli("--project", imported.root, "status")
    assert result.exit_code == 2
    assert result.err.strip() == ("qualcode: error: [project] busy_timeout_s in qualcode.toml is -1; "
                                  "it must be a number of seconds between 0 and 3600")


async def test_the_tui_and_a_command_coding_at_once_lose_nothing(imported):
    """Coder A in the TUI on segment 2 while coder B's program codes segments 4 and 6."""
    import json

    from qualcode.tui.app import make_app

    [worker] = _start_workers(imported.root, ("B",), 150, ordinals=(4, 6))
    app = make_app(imported, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j")  # S01_pre, segment 2
        await pilot.press("f", "z", "f", "f")  # PF_FAMILY on, AD_EXAM on, PF_FAMILY off and on again
        await pilot.pause()
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    result = json.loads(out)
    assert result["errors"] == []
    segment2 = imported.conn.execute("SELECT id FROM segments WHERE ordinal = 2").fetchone()[0]
    tui_codings = {tuple(r) for r in imported.conn.execute(
        "SELECT segment_id, code_id FROM codings WHERE coder = ?", (imported.coder,))}
    assert tui_codings == {(segment2, "PF_FAMILY"), (segment2, "AD_EXAM")}
    stored_b = {tuple(r) for r in imported.conn.execute("SELECT segment_id, code_id FROM codings WHERE coder = 'B'")}
    assert stored_b == {tuple(pair) for pair in result["mine"]}


async def test_the_tui_says_so_when_a_batch_holds_the_project_too_long(imported, monkeypatch):
    """A long batch (suggest, import) holds the write lock; a key press in the TUI waits, then explains."""
    from qualcode.app.project import open_project
    from qualcode.tui.app import make_app

    monkeypatch.setenv("QUALCODE_BUSY_TIMEOUT", "0.3")
    with open_project(imported.root, coder="A") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("enter", "j")
            with LockHolder(imported.db_path):
                await pilot.press("f")
                await pilot.pause()
                messages = [n.message for n in app._notifications]
            assert any("the project is busy" in m and "0.3 s" in m for m in messages), messages
            await pilot.press("f")  # the batch is done: the same key now codes the segment
            await pilot.pause()
    assert [tuple(r) for r in imported.conn.execute("SELECT code_id, coder FROM codings")] == [("PF_FAMILY", "A")]


# A long-lived writer, as the TUI is: it codes a turn, opens a second connection for a worker (which must not
# drop the first connection's locks on the file), then codes two more turns when told to, and is killed
# by a hang-up (a closed terminal) before it ever closes the project cleanly.
LONG_LIVED_WRITER = r"""
import signal, sys, time
# A terminal program dies of a hang-up; a test run started under nohup would hand this process an
# ignored SIGHUP, and the hang-up below would then never end it.
signal.signal(signal.SIGHUP, signal.SIG_DFL)
from qualcode.app import api
from qualcode.app.project import open_project
project = open_project(sys.argv[1], coder="W")
turns = [r[0] for r in project.conn.execute(
    "SELECT id FROM segments WHERE role = 'participant' ORDER BY ordinal LIMIT 3")]
api.code_segment(project, turns[0], "PF_GOAL")
worker = project.reopen()          # what the TUI's background workers do
worker.conn.execute("SELECT count(*) FROM codings").fetchone()
worker.close()
print("ready", flush=True)
sys.stdin.readline()
api.code_segment(project, turns[1], "PF_GOAL")
api.code_segment(project, turns[2], "PF_GOAL")
print("coded", flush=True)
time.sleep(600)                    # still open when the terminal goes away
"""


def test_a_killed_long_lived_writer_keeps_every_coding_after_another_command_ran(imported):
    import signal
    import sqlite3

    root, db_path = imported.root, imported.db_path
    imported.close()  # only the writer and `qualcode status` use the file from here on
    writer = subprocess.Popen([sys.executable, "-c", LONG_LIVED_WRITER, str(root)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=qualcode_env())
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        status = run_qualcode(root, "status")
        assert status.returncode == 0, status.stderr
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "coded", writer.stderr.read()
        writer.send_signal(signal.SIGHUP)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -signal.SIGHUP
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM codings WHERE coder = 'W'").fetchone()[0] == 3
    finally:
        conn.close()
