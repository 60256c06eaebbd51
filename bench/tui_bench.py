"""TUI figures: first paint, opening a 200,000-character transcript, code toggle, page scroll.

    python bench/tui_bench.py [--toggles 200] [--pages 60] [--characters 200000]

Every figure is the time until the compositor has rendered the frame that shows
the result (measured by wrapping ``App._display``, which Textual calls with each
rendered frame; headless, so no terminal write is included), next to a baseline
measured in the same run: a bare Textual app's first frame, the repository reads
behind opening a document, and the bare ``api.toggle_code`` transaction.
With tmux installed it also times a real process launch to a painted pane.
Targets (issue 4): first paint < 0.5 s, open < 0.3 s, toggle < 30 ms median.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual.app import App  # noqa: E402
from textual.widgets import Static  # noqa: E402

from qualcode.app import api  # noqa: E402
from qualcode.app.project import init_project, open_project  # noqa: E402
from qualcode.storage import repository as repo  # noqa: E402
from tests.tui_text import long_transcript  # noqa: E402


class FrameClock:
    """Records when each frame is rendered (Textual calls App._display per frame)."""

    def __init__(self, app: App) -> None:
        self.frames: list[float] = []
        self.screens: list[str] = []  # the type of screen each frame showed
        original = app._display

        def display(screen, renderable):
            if renderable is not None:
                self.frames.append(time.perf_counter())
                self.screens.append(type(screen).__name__)
            return original(screen, renderable)

        app._display = display

    def first_after(self, moment: float, screen: str | None = None) -> float | None:
        return next((t for t, name in zip(self.frames, self.screens)
                     if t >= moment and (screen is None or name == screen)), None)


def build_project(root: Path, characters: int) -> Path:
    text, turns = long_transcript(characters)
    project = init_project(root)
    api.sync_codes(project)
    folder = root / "transcripts"
    folder.mkdir(exist_ok=True)
    (folder / "L01_pre.txt").write_text("---\nparticipant: L01\nwave: pre\n---\n" + text, encoding="utf-8")
    report = api.import_paths(project, [folder])
    assert not [f for f in report.files if f.error], report
    project.close()
    return root


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        await asyncio.sleep(0.001)
    await pilot.pause()


async def bare_first_frame() -> float:
    class Bare(App):
        def compose(self):
            yield Static("hello")

    start = time.perf_counter()
    app = Bare()
    clock = FrameClock(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: clock.first_after(start, "Screen") is not None)
    return clock.first_after(start, "Screen") - start


async def measure(root: Path, toggles: int, pages: int) -> dict[str, object]:
    from qualcode.tui.app import make_app

    figures: dict[str, object] = {}
    project = open_project(root, coder="bench")
    start = time.perf_counter()
    app = make_app(project, language="zh", poll_seconds=None)
    clock = FrameClock(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await measure_paint_and_open(pilot, clock, start, figures)
        figures["toggle_ms"] = await measure_toggles(pilot, clock, screen, toggles)
        with open_project(root, coder="bench") as other:
            figures["codings_after_toggles"] = len(repo.list_codings(other.conn, document_id=screen.document_id))
        figures["page_ms"] = await measure_pages(pilot, clock, pages)
    figures.update(baselines(project, screen.document_id, toggles))
    project.close()
    return figures


async def measure_paint_and_open(pilot, clock: FrameClock, start: float, figures: dict[str, object]):
    from qualcode.tui.screens.coding import CodingScreen
    from qualcode.tui.screens.home import HomeScreen
    from qualcode.tui.widgets.transcript import TranscriptView

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.rows
                     and clock.first_after(start, "HomeScreen") is not None)
    figures["first_paint_s"] = clock.first_after(start, "HomeScreen") - start  # documents listed
    figures["nlp_loaded_at_first_paint"] = any(m in sys.modules for m in ("jieba", "spacy"))
    await wait_until(pilot, lambda: app.codebooks_ready)  # a person opens a transcript after the paint
    figures["codebooks_ready_s"] = time.perf_counter() - start
    opened = time.perf_counter()
    app.open_document(app.screen.rows[0].id)
    await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen) and app.screen.query(TranscriptView)
                     and app.screen.query_one(TranscriptView).wrapped is not None
                     and clock.first_after(opened, "CodingScreen") is not None)
    screen = app.screen
    figures["open_s"] = clock.first_after(opened, "CodingScreen") - opened  # its first frame
    figures["characters"] = len(screen.data.text)
    figures["visual_lines"] = len(screen.query_one(TranscriptView).wrapped)
    return screen


async def measure_toggles(pilot, clock: FrameClock, screen, toggles: int) -> list[float]:
    """Key press -> the frame after the handler committed the coding, in ms (segment 2, code f)."""
    screen.go_to(1)
    await pilot.pause()
    latencies = []
    original = screen.toggle_code
    for _ in range(toggles):
        await pilot.pause()
        handled: list[float] = []

        def timed(code_id: str) -> None:
            original(code_id)
            handled.append(time.perf_counter())

        screen.toggle_code = timed
        pressed = time.perf_counter()
        await pilot.press("f")
        await wait_until(pilot, lambda: handled and clock.first_after(handled[0]) is not None)
        latencies.append((clock.first_after(handled[0]) - pressed) * 1000)
    screen.toggle_code = original
    return latencies


async def measure_pages(pilot, clock: FrameClock, pages: int) -> list[float]:
    scrolls = []
    for _ in range(pages):
        await pilot.pause()
        pressed = time.perf_counter()
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: clock.first_after(pressed) is not None)
        scrolls.append((clock.first_after(pressed) - pressed) * 1000)
    return scrolls


def baselines(project, document_id: int, toggles: int) -> dict[str, object]:
    """The same work without the UI: the reads behind opening, and the bare toggle transaction."""
    reads = []
    for _ in range(5):
        t0 = time.perf_counter()
        repo.get_document(project.conn, document_id)
        repo.list_segments(project.conn, document_id, with_text=False)
        repo.list_codings(project.conn, document_id=document_id)
        reads.append(time.perf_counter() - t0)
    segment = repo.list_segments(project.conn, document_id, with_text=False)[1]
    bare = []
    for _ in range(toggles):
        t0 = time.perf_counter()
        api.toggle_code(project, segment.id, "PF_FAMILY")
        bare.append((time.perf_counter() - t0) * 1000)
    return {"baseline_reads_s": statistics.median(reads), "baseline_toggle_ms": bare}


def tmux_launch_to_paint(root: Path) -> tuple[float, float] | None:
    """Process launch until the pane shows the home screen, and a bare Textual app's, in seconds."""
    if shutil.which("tmux") is None:
        return None
    python = sys.executable
    env_path = f"PYTHONPATH={REPO}"
    bare_script = root / "bare_app.py"
    bare_script.write_text("from textual.app import App\nfrom textual.widgets import Static\n"
                           "class Bare(App):\n    def compose(self):\n        yield Static('READY')\n"
                           "Bare().run()\n", encoding="utf-8")
    results = []
    for command, marker in ((f"{env_path} {python} -m qualcode --project {root} tui", "L01_pre"),
                            (f"{python} {bare_script}", "READY")):
        session = f"bench-{os.getpid()}"
        start = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], check=True)
        try:
            while True:
                pane = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                      text=True).stdout
                if marker in pane:
                    results.append(time.perf_counter() - start)
                    break
                if time.perf_counter() - start > 30:
                    results.append(float("nan"))
                    break
                time.sleep(0.005)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return results[0], results[1]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toggles", type=int, default=200)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--characters", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = build_project(Path(folder) / "bench", args.characters)
        bare = asyncio.run(bare_first_frame())
        figures = asyncio.run(measure(root, args.toggles, args.pages))
        launch = tmux_launch_to_paint(root)
    toggles, baseline = figures["toggle_ms"], figures["baseline_toggle_ms"]
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()}")
    print(f"transcript: {figures['characters']:,} characters, {figures['visual_lines']:,} wrapped lines at 120×40")
    print(f"first paint (make_app → first frame, headless): {figures['first_paint_s'] * 1000:.0f} ms"
          f"   bare Textual app: {bare * 1000:.0f} ms   ratio {figures['first_paint_s'] / bare:.2f}   target < 500 ms")
    print(f"jieba/spaCy loaded at first paint: {figures['nlp_loaded_at_first_paint']}; codebooks parsed and synced "
          f"in the background by {figures['codebooks_ready_s'] * 1000:.0f} ms")
    if launch:
        print(f"process launch → home screen in a tmux pane: {launch[0] * 1000:.0f} ms"
              f"   bare Textual app: {launch[1] * 1000:.0f} ms   ratio {launch[0] / launch[1]:.2f}")
    print(f"open the transcript (→ first frame of the coding screen): {figures['open_s'] * 1000:.0f} ms"
          f"   repository reads alone: {figures['baseline_reads_s'] * 1000:.1f} ms   target < 300 ms")
    print(f"toggle key → committed + repainted: median {statistics.median(toggles):.1f} ms, "
          f"p95 {p95(toggles):.1f} ms over {len(toggles)}   bare api.toggle_code: median "
          f"{statistics.median(baseline):.1f} ms   ratio {statistics.median(toggles) / statistics.median(baseline):.1f}"
          f"   target < 30 ms median")
    print(f"codings left after an even number of toggles (expect 0): {figures['codings_after_toggles']}")
    pages = figures["page_ms"]
    print(f"page down → repainted: median {statistics.median(pages):.1f} ms, p95 {p95(pages):.1f} ms over {len(pages)}")


if __name__ == "__main__":
    main()
