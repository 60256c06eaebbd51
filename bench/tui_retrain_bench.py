"""Keys in the coding screen while the learned model retrains on its worker, against the same keys idle.

Builds the repository's sample project in a temporary folder (import, coder A's 221 codings, suggest),
sets ``[suggest] retrain_after = 1``, opens S01_pre in the real app (App.run_test, headless) and times
``j``/``k`` presses through Pilot (the key event, the screen's move, the repaint, until the app is
idle again): --keys of them idle, then one code key that starts the retraining worker, then as many
presses as fit while it runs (retraining and re-suggesting every document), twice: the first starts
the helper process, the second finds it warm. Prints the medians and p95s, their ratio, how long
each retraining took (each must finish with the panel refreshed), and how long `N` then takes.

    .venv/bin/python bench/tui_retrain_bench.py [--keys 40]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_sample(root: Path) -> None:
    from qualcode.cli import cli
    from qualcode.cli.context import run_guarded

    for name in ("codebooks", "transcripts", "codings"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "qualcode.toml", root / "qualcode.toml")
    for step in (["import", "transcripts/"], ["import-codings", "codings/researcher-A.csv"],
                 ["suggest", "--jobs", "1"]):
        assert run_guarded(cli, ["--project", str(root), *step], debug=False) == 0, step


def summary(name: str, values: list[float]) -> float:
    values = sorted(values)
    median = statistics.median(values)
    print(f"{name}: median {median * 1000:.1f} ms, p95 {values[int(0.95 * (len(values) - 1))] * 1000:.1f} ms "
          f"over {len(values)} presses")
    return median


async def press_timed(pilot, key: str) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    return time.perf_counter() - start


async def next_teaching(pilot, quiet: float, name: str) -> None:
    """Press N (code next what teaches most) and keep pressing j/k until its worker is done."""
    app = pilot.app
    started = time.perf_counter()
    await pilot.press("N")
    workers = [w for w in app.workers if w.group == "next-teaching"]
    busy = []
    while workers and workers[0].is_running:
        busy.append(await press_timed(pilot, "j" if len(busy) % 2 == 0 else "k"))
    if workers:
        await workers[0].wait()
    await pilot.pause(0.2)
    print(f"{name}: {time.perf_counter() - started:.2f} s to the turn (opening its transcript included); "
          f"{len(busy)} key presses handled meanwhile")
    if busy:
        print(f"  ratio while it ran / idle (medians): {summary('  j/k meanwhile', busy) / quiet:.2f}")


async def measure(root: Path, keys: int) -> None:
    from qualcode.app import queries
    from qualcode.app.project import open_project
    from qualcode.tui.app import make_app

    project = open_project(root, coder="A")
    project.config.setdefault("suggest", {})["retrain_after"] = 1
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        while not getattr(app.screen, "rows_loaded", False) or not app.codebooks_loaded:
            await pilot.pause(0.05)
        document = queries.get_document(project, "S01_pre", with_text=False)
        app.open_document(document.id)
        await pilot.pause(0.5)
        screen = app.screen
        idle = [await press_timed(pilot, "j" if n % 2 == 0 else "k") for n in range(keys)]
        quiet = summary("j/k idle", idle)
        code_key = next(iter(screen.code_keys))
        await next_teaching(pilot, quiet, "N first (the helper process starts)")
        app.pop_screen()                                # back to S01_pre's screen if N opened another
        app.open_document(document.id)
        await pilot.pause(0.5)
        screen = app.screen
        for round_name in ("first retraining (the helper started by N; the model is trained anew)",
                           "second retraining"):
            await pilot.press("n")                      # an uncoded participant turn
            before = list(screen.data.suggestions)
            started = time.perf_counter()
            await pilot.press(code_key)                 # one new coding: the retraining worker starts
            workers = [w for w in app.workers if w.group == "retrain"]
            assert workers and workers[0]._thread_worker, [str(n.message) for n in app._notifications]
            busy = []
            while workers[0].is_running:
                busy.append(await press_timed(pilot, "j" if len(busy) % 2 == 0 else "k"))
            await workers[0].wait()
            took = time.perf_counter() - started
            await pilot.pause(0.2)
            messages = [str(n.message) for n in app._notifications]   # the 8-second one is still up
            assert any("Model retrained" in m for m in messages), messages
            assert screen.data.suggestions != before, "the panel was not refreshed"
            print(f"{round_name}: retraining and re-suggesting 8 documents took {took:.1f} s; "
                  f"{len(busy)} key presses handled meanwhile")
            if busy:
                loaded = summary("  j/k while retraining", busy)
                print(f"  ratio while retraining / idle (medians): {loaded / quiet:.2f}")
        await next_teaching(pilot, quiet, "N with the helper warm")
    project.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sample"
        root.mkdir()
        build_sample(root)
        asyncio.run(measure(root, args.keys))


if __name__ == "__main__":
    main()
