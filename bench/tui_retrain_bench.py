"""Keys in the coding screen while the learned model retrains on its worker, against the same keys idle.

Builds the repository's sample project in a temporary folder (import, coder A's 221 codings, suggest),
sets ``[suggest] retrain_after = 1``, opens S01_pre in the real app (App.run_test, headless) and times
``j``/``k`` presses through Pilot (the key event, the screen's move, the repaint, until the app is
idle again): --keys of them idle, then one code key that starts the retraining worker, then as many
presses as fit while it runs (retraining and re-suggesting every document). Prints both medians and
p95s, their ratio, how long the retraining took and that it finished with the panel refreshed.

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
        await pilot.press("n")                      # an uncoded participant turn
        before = list(screen.data.suggestions)
        code_key = next(iter(screen.code_keys))
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
        messages = [str(n.message) for n in app._notifications]
        assert any("Model retrained" in m for m in messages), messages
        assert screen.data.suggestions != before, "the panel was not refreshed"
        print(f"retraining and re-suggesting 8 documents on the worker: {took:.1f} s; "
              f"{len(busy)} key presses handled meanwhile")
        quiet = summary("j/k idle", idle)
        loaded = summary("j/k while retraining", busy) if busy else float("nan")
        print(f"ratio while retraining / idle (medians): {loaded / quiet:.2f}")
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
