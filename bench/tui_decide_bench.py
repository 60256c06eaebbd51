"""Accept, reject and toggle latency in the coding screen on one large suggested and coded document.

Builds a project with one generated Chinese interview of --characters (default
200,000) characters, runs the real suggest, adds --codings (default 3,000) human codings, opens it in the real app
(App.run_test, headless) and times the screen's own accept and reject actions
(database write + in-memory update + repaint request), alternating, on the
current turn's highlighted pending suggestion, moving to the next pending turn
between actions (not timed); then toggles one code on successive turns (j, not
timed, between toggles), and times j, k and PgDn, asserting the current turn
moved each time. For comparison it times one full re-read of the
document (`reload_data`), which is what each accept/reject did before.

    .venv/bin/python bench/tui_decide_bench.py [--characters 200000] [--actions 40]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import interview  # noqa: E402


async def measure(project, actions: int) -> None:
    from qualcode.tui.app import make_app

    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        while not getattr(app.screen, "rows_loaded", False) or not app.codebooks_loaded:
            await pilot.pause(0.05)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        print(f"{len(screen.data.text):,} characters, {len(screen.data.segments):,} turns, "
              f"{len(screen.data.suggestions):,} suggestions, {len(screen.data.codings):,} codings", flush=True)
        timings = {"accept": [], "reject": []}
        for n in range(actions):
            await pilot.press("p")  # the next turn with a pending suggestion (not timed)
            before = [s.status for s in screen.segment_suggestions()]
            kind = "accept" if n % 2 == 0 else "reject"
            start = time.perf_counter()
            (screen.action_accept_suggestion if kind == "accept" else screen.action_reject_suggestion)()
            timings[kind].append(time.perf_counter() - start)
            assert [s.status for s in screen.segment_suggestions()] != before, "the action changed nothing"
            await pilot.pause()
        code_id = next(iter(screen.code_index))
        app.interviewer_coding_confirmed = True  # as after answering "yes" once: j also lands on interviewer turns
        toggles = []
        for n in range(actions):
            await pilot.press("j")  # not timed
            before = len(screen.segment_codings())
            start = time.perf_counter()
            screen.toggle_code(code_id)
            toggles.append(time.perf_counter() - start)
            assert len(screen.segment_codings()) != before, "the toggle changed nothing"
            await pilot.pause()
        timings["toggle"] = toggles
        for name, action in (("j (next turn)", screen.action_next_segment),
                             ("k (previous turn)", screen.action_prev_segment),
                             ("PgDn", screen.action_page_down)):
            moves = []
            for _ in range(actions):
                before = screen.index
                start = time.perf_counter()
                action()
                moves.append(time.perf_counter() - start)
                if name.startswith("k") and before == 0:
                    break
                assert screen.index != before, f"{name} did not move the current turn"
                await pilot.pause()
            timings[name] = moves
        reload = []
        for _ in range(3):
            start = time.perf_counter()
            screen.reload_data()
            reload.append(time.perf_counter() - start)
        for kind, values in timings.items():
            values.sort()
            print(f"{kind}: median {statistics.median(values) * 1000:.1f} ms, "
                  f"p95 {values[int(0.95 * (len(values) - 1))] * 1000:.1f} ms over {len(values)} "
                  f"(figure to reach: median <= 16 ms, p95 <= 33 ms)")
        print(f"full re-read of the document (what each decision cost before): "
              f"median {statistics.median(reload) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=200_000)
    parser.add_argument("--actions", type=int, default=40)
    parser.add_argument("--codings", type=int, default=3000)
    args = parser.parse_args()
    from qualcode.app import api
    from qualcode.app.project import init_project
    from qualcode.app.suggesting.batch import run_suggest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "L0001_pre.txt").write_text(
            interview(random.Random(3), language="zh", characters=args.characters, participant="L0001"),
            encoding="utf-8")
        project = init_project(Path(tmp) / "study")
        api.sync_codes(project)
        assert not api.import_paths(project, [folder]).errors
        run_suggest(project, jobs=1)
        with project.conn:  # --codings human codings on participant turns, spread over the document
            project.conn.execute(
                """INSERT OR IGNORE INTO codings (document_id, segment_id, start, end, code_id, coder, origin,
                                                 created_at)
                   SELECT s.document_id, s.id, s.start, s.end, g.code_id, 'human', 'manual', ''
                   FROM suggestions g JOIN segments s ON s.id = g.segment_id
                   WHERE g.id IN (SELECT id FROM suggestions ORDER BY (id * 7919) % 10007 LIMIT ?)""",
                (args.codings,))
        asyncio.run(measure(project, args.actions))
        project.close()


if __name__ == "__main__":
    main()
