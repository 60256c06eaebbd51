"""qualcode never opens a network connection: the CLI and the TUI run with sockets that record and refuse."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from safety_helpers import qualcode_env
from tests.tui_fixtures import S01_PRE

# Installed before qualcode is imported: every way to reach another machine records the attempt (also in
# forked worker processes, which inherit it) and fails as if the network were down.
GUARD = r"""
import os, socket
LOG = os.environ["QUALCODE_NETWORK_LOG"]
def _refusing(name, original=None):
    def refuse(*args, **kwargs):
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{name} {args[1:3] if name in ('connect', 'connect_ex') else args[:2]!r}\n")
        raise OSError(101, f"network is unreachable (blocked by the no-network test): {name}")
    return refuse
socket.socket.connect = _refusing("connect")
socket.socket.connect_ex = _refusing("connect_ex")
socket.getaddrinfo = _refusing("getaddrinfo")
socket.create_connection = _refusing("create_connection")
socket.gethostbyname = _refusing("gethostbyname")
"""

# Runs every command in one process, as `qualcode ...` would, and reports each exit code.
RUNNER = GUARD + r"""
import json, sys
from qualcode.cli import cli
from qualcode.cli.context import run_guarded
codes = []
for args in json.loads(sys.argv[1]):
    codes.append(run_guarded(cli, args, debug=False))
print("EXIT CODES", json.dumps(codes))
"""



def _run_guarded(script: str, args: list, log: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, json.dumps(args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env=qualcode_env(QUALCODE_NETWORK_LOG=str(log)))


def _exit_codes(result: subprocess.CompletedProcess) -> list[int]:
    lines = [line for line in result.stdout.splitlines() if line.startswith("EXIT CODES ")]
    assert lines, result.stderr
    return json.loads(lines[-1].removeprefix("EXIT CODES "))


def test_the_guard_catches_a_connection_attempt(tmp_path):
    """The guard itself works: a program that does reach out is recorded (so the tests below can fail)."""
    log = tmp_path / "network.log"
    probe = GUARD + "\nimport urllib.request\ntry:\n    urllib.request.urlopen('http://example.org', timeout=2)\n" \
                    "except OSError:\n    pass\n"
    _run_guarded(probe, [], log, tmp_path)
    assert "create_connection (('example.org', 80), 2)" in log.read_text(encoding="utf-8")


def test_the_cli_makes_no_network_connection(tmp_path):
    log = tmp_path / "network.log"
    root = tmp_path / "thesis"
    names = tmp_path / "names.csv"
    names.write_text("name,kind\n王芳,person\n", encoding="utf-8")
    commands = [
        ["init", str(root)],
        ["--project", str(root), "status"],
    ]
    result = _run_guarded(RUNNER, commands, log, tmp_path)
    assert _exit_codes(result) == [0, 0], result.stderr
    (root / "transcripts" / "S01_pre.txt").write_text(S01_PRE, encoding="utf-8")
    commands = [
        ["import", "transcripts"],
        ["suggest", "--jobs", "2"],
        ["suggestions", "list"],
        ["--coder", "A", "code", "S01_pre", "2", "AD_EXAM"],
        ["status"],
        ["export", "matrix"],
        ["export", "long", "--with-text"],
        ["export", "quotes"],
        ["backup"],
        ["doctor"],
        ["documents", "list"],
        ["pseudonymize", "--names", str(names), "--dry-run"],
    ]
    result = _run_guarded(RUNNER, commands, log, root)
    assert _exit_codes(result) == [0] * len(commands), result.stderr
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert list((root / "exports").glob("*.csv")) and list((root / "exports").glob("quotes*"))


async def test_the_tui_makes_no_network_connection(project, chinese_transcript, monkeypatch):
    from qualcode.app import api
    from qualcode.tui.app import make_app

    attempts: list[str] = []

    def refusing(name):
        def refuse(*args, **kwargs):
            attempts.append(f"{name} {args[:3]!r}")
            raise OSError(101, "network is unreachable (blocked by the no-network test)")
        return refuse

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refusing(name))
    for name in ("getaddrinfo", "create_connection", "gethostbyname"):
        monkeypatch.setattr(socket, name, refusing(name))

    assert not api.import_paths(project, [chinese_transcript]).errors
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # open S01_pre
        await pilot.pause()
        await pilot.press("j", "z", "u", "ctrl+r")  # code segment 2 with AD_EXAM, undo, redo
        await pilot.press("f4")  # statistics
        await pilot.pause()
        await pilot.press("escape", "f2")  # corpus search
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert attempts == []
    assert [tuple(r) for r in project.conn.execute("SELECT code_id FROM codings")] == [("AD_EXAM",)]
