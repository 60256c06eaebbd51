"""CPU of a real TUI launch: `qualcode --project P` in a pseudo-terminal, from the process start to the moment
the home screen shows a document's name (the process's user + system time read from /proc then), and the
wall time to it; alternately for this checkout and each --code checkout (e.g. `git archive` of main).

CPU counts what the launch does, whatever else the machine runs; the wall figure of `bench/tui_bench.py`
(tmux, against a bare Textual app) moves with the load of a shared machine. Linux only (/proc).

    python bench/launch_cpu_bench.py [--repeats 21] [--code DIR ...]

The project is the sample (transcripts, codebooks) imported into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z]")


def sample_project(folder: Path) -> tuple[Path, str]:
    """The sample imported into ``folder``; returns it and the name the home screen lists first."""
    sys.path.insert(0, str(REPO))
    from qualcode.app.api import import_paths, sync_codes
    from qualcode.app.project import open_project

    root = folder / "sample"
    root.mkdir()
    for name in ("codebooks", "transcripts"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "qualcode.toml", root / "qualcode.toml")
    with open_project(root) as project:
        sync_codes(project)
        assert not import_paths(project, [root / "transcripts"]).errors
        first = project.conn.execute("SELECT min(name) FROM documents").fetchone()[0]
    return root, first


def _read(terminal: int) -> bytes:
    if not select.select([terminal], [], [], 0.02)[0]:
        return b""
    try:
        return os.read(terminal, 65536)
    except OSError:
        return b""


def launch(code: Path, project: Path, name: str, folder: Path) -> tuple[float, float]:
    """(CPU ms, wall ms) from the start of `qualcode --project` to the home showing ``name``; then ctrl+q."""
    start = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:
        os.chdir(folder)  # `python -m` puts the working directory ahead of PYTHONPATH
        os.environ.update(PYTHONPATH=str(code), TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execv(sys.executable, [sys.executable, "-m", "qualcode", "--project", str(project)])
    seen = b""
    while name not in ESCAPES.sub("", seen.decode("utf-8", "replace")):
        seen += _read(terminal)
        if time.perf_counter() - start > 60:
            raise SystemExit(f"{code}: the home screen never showed {name}")
    wall = (time.perf_counter() - start) * 1000
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")  # utime + stime
    os.write(terminal, b"\x11")  # ctrl+q
    while not os.waitpid(pid, os.WNOHANG)[0]:
        _read(terminal)
    os.close(terminal)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="another qualcode checkout to launch in turn with this one")
    args = parser.parse_args()
    codes = {"this checkout": REPO, **{str(path): path.resolve() for path in args.code}}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        project, name = sample_project(folder)
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
        figures: dict[str, list[tuple[float, float]]] = {key: [] for key in codes}
        for _ in range(args.repeats):
            for key, code in codes.items():
                figures[key].append(launch(code, project, name, folder))
    for key, runs in figures.items():
        cpu = sorted(c for c, _ in runs)
        quartiles = statistics.quantiles(cpu, n=4)
        print(f"{key}: CPU to the home showing {name}: median {statistics.median(cpu):.0f} ms (quartiles "
              f"{quartiles[0]:.0f}–{quartiles[2]:.0f}); wall median {statistics.median(w for _, w in runs):.0f} ms "
              f"over {len(runs)} launches")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
