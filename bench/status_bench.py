"""`status` (the TUI home screen's counts) at 20 and at 2,000 documents, after suggest, with codings.

Each project is built by the real import and suggest (one job), then a tenth of
the suggestions are accepted as codings and another tenth coded by hand (left pending, so not counted). Both sizes are timed in the same run:
the first `project_status` call on a freshly opened connection (cold) and the
median of five more, and the whole `qualcode status` command in a fresh process
(the figure of issue 14), and the TUI home screen headless: make_app to the first
frame, to the first frame that shows document names (caught at the terminal driver), and to every
row in the table; a bare Textual app (header, five-row table, footer) is timed the same way, alternately. The per-document correlated query that `status` used
before migration m0014 is timed on the same databases for comparison.

    .venv/bin/python bench/status_bench.py [--sizes 20 2000] [--characters 600] [--no-tui]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402
from frames import FrameClock, bare_app_text_frame, until  # noqa: E402

# The query `status` ran before (kept here only to measure the change).
OLD_STATUS_SQL = """SELECT d.id,
    (SELECT count(*) FROM segments s WHERE s.document_id = d.id AND s.role = 'participant'),
    (SELECT count(DISTINCT c.segment_id) FROM codings c JOIN segments s ON s.id = c.segment_id
      WHERE c.document_id = d.id AND s.role = 'participant'),
    (SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id
      WHERE s.document_id = d.id AND g.status = 'pending')
    FROM documents d WHERE d.is_current = 1 ORDER BY d.name"""

# The pending count before a suggestion whose turn has its code stopped counting (it counted those too).
OLD_PENDING_SQL = """SELECT s.document_id, count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id
                     WHERE g.status = 'pending' GROUP BY s.document_id"""


def build(folder: Path, documents: int, characters: int) -> Path:
    from qualcode.app import api
    from qualcode.app.project import init_project
    from qualcode.app.suggesting.batch import run_suggest

    project = init_project(folder / "study")
    api.sync_codes(project)
    write_corpus(folder / "in", language="zh", total_characters=documents * characters, per_file=characters,
                 files=documents)
    assert not api.import_paths(project, [folder / "in"]).errors
    run_suggest(project, jobs=1)
    conn = project.conn
    with conn:  # a tenth of the suggestions accepted as codings
        conn.execute("""INSERT OR IGNORE INTO codings (document_id, segment_id, start, end, code_id, coder,
                            origin, created_at)
                        SELECT s.document_id, s.id, s.start, s.end, g.code_id, 'bench', 'suggestion', ''
                        FROM suggestions g JOIN segments s ON s.id = g.segment_id WHERE g.id % 10 = 0""")
        conn.execute("UPDATE suggestions SET status = 'accepted' WHERE id % 10 = 0")
        # and another tenth coded by hand with the suggested code, the suggestion left pending: `status`
        # must not count those as pending (each pending row is looked up among its document's codings)
        conn.execute("""INSERT OR IGNORE INTO codings (document_id, segment_id, start, end, code_id, coder,
                            origin, created_at)
                        SELECT s.document_id, s.id, s.start, s.end, g.code_id, 'bench', 'manual', ''
                        FROM suggestions g JOIN segments s ON s.id = g.segment_id
                        WHERE g.id % 10 = 5 AND g.status = 'pending'""")
    root = project.root
    project.close()
    return root


def measure(root: Path) -> dict[str, float]:
    from qualcode.app import api
    from qualcode.app.project import open_project

    with open_project(root) as project:
        start = time.perf_counter()
        status = api.project_status(project)
        cold = time.perf_counter() - start
        warm = []
        for _ in range(5):
            start = time.perf_counter()
            api.project_status(project)
            warm.append(time.perf_counter() - start)
        start = time.perf_counter()
        project.conn.execute(OLD_STATUS_SQL).fetchall()
        old = time.perf_counter() - start
        from qualcode.storage.progress import COUNT_QUERIES
        pending_counts = {}
        for name, sql in (("pending before", OLD_PENDING_SQL), ("pending now", COUNT_QUERIES["pending"])):
            times = []
            for _ in range(5):
                start = time.perf_counter()
                rows = project.conn.execute(sql).fetchall()
                times.append(time.perf_counter() - start)
            pending_counts[name] = (statistics.median(times), sum(row[1] for row in rows))
    command = []
    for _ in range(3):  # the whole `qualcode status` command as a person runs it: a fresh process
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qualcode", "--project", str(root), "status"], check=True,
                       capture_output=True, env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])))
        command.append(time.perf_counter() - start)
    return {"command": statistics.median(command), "documents": status.documents, "pending": status.pending_suggestions, "codings": status.codings,
            "cold": cold, "warm": statistics.median(warm), "old": old, "pending_counts": pending_counts}


async def _home_first_paint(root: Path) -> dict[str, float]:
    """Seconds from make_app to: the first frame, the first frame with document names, every row in the table."""
    from qualcode.app.project import open_project
    from qualcode.tui.app import make_app

    with open_project(root) as project:
        names = [row[0] for row in project.conn.execute(
            "SELECT name FROM documents WHERE is_current = 1 ORDER BY name LIMIT 5")]
        total = project.conn.execute("SELECT count(*) FROM documents WHERE is_current = 1").fetchone()[0]
        start = time.perf_counter()
        app = make_app(project, poll_seconds=None)
        clock = FrameClock(app, look_for=names, start=start)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: clock.text_seen is not None)
            await until(pilot, lambda: getattr(app.screen, "rows_loaded", False))
            assert app.screen.query_one("#documents").row_count == total, "the table lacks documents"
            return {"first frame": clock.frames[0][0] - start, "text": clock.text_seen - start,
                    "all rows": time.perf_counter() - start}


def _bare_first_paint() -> dict[str, float]:
    return {"text": asyncio.run(bare_app_text_frame([f"B{index:05d}_pre" for index in range(5)]))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 2000])
    parser.add_argument("--characters", type=int, default=600, help="characters per document")
    parser.add_argument("--no-tui", action="store_true", help="time `status` only, not the TUI home screen")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            start = time.perf_counter()
            root = build(Path(tmp) / f"p{size}", size, args.characters)
            print(f"built {size} documents (import + suggest) in {time.perf_counter() - start:.1f} s", flush=True)
            results[size] = measure(root)
            r = results[size]
            for name, (seconds, count) in r["pending_counts"].items():
                print(f"        {name:<15} count query median of 5 {seconds * 1000:8.1f} ms  ({count} pending)",
                      flush=True)
            paints, bare = [], []
            for _ in range(0 if args.no_tui else 3):  # the home screen and a bare Textual app, alternately
                paints.append(asyncio.run(_home_first_paint(root)))
                bare.append(_bare_first_paint())
            r["text"] = statistics.median(p["text"] for p in paints) if paints else float("nan")
            print(f"{r['documents']:>6} documents  {r['pending']:>7} pending  {r['codings']:>6} codings  "
                  f"status cold {r['cold'] * 1000:8.1f} ms  warm median {r['warm'] * 1000:8.1f} ms  "
                  f"old query {r['old'] * 1000:9.1f} ms  `qualcode status` median of 3 {r['command']:.2f} s",
                  flush=True)
            for key in ("first frame", "text", "all rows") if paints else ():
                print(f"        TUI home {key:<12} " + "  ".join(f"{p[key] * 1000:6.0f}" for p in paints)
                      + f"  ms, median {statistics.median(p[key] for p in paints) * 1000:6.0f} ms", flush=True)
            if not bare:
                continue
            print("        bare Textual app, first frame with text "
                  + "  ".join(f"{b['text'] * 1000:6.0f}" for b in bare)
                  + f"  ms, median {statistics.median(b['text'] for b in bare) * 1000:6.0f} ms "
                  f"(home with text at {r['documents']} documents: figure to reach <= 300 ms at 2,000)", flush=True)
    small, large = min(results), max(results)
    print(f"`qualcode status` {large} / {small} documents: {results[large]['command'] / results[small]['command']:.2f}x"
          f" (figure to reach: <= 2x)")
    print(f"project_status() {large} / {small} documents: cold {results[large]['cold'] / results[small]['cold']:.1f}x, "
          f"warm {results[large]['warm'] / results[small]['warm']:.1f}x "
          f"(linear: documents grew {large / small:.0f}x)")


if __name__ == "__main__":
    main()
