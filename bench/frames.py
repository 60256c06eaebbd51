"""Timing what a Textual app paints, for the benches (headless `App.run_test`).

Textual hands every rendered frame to ``App._display`` before the driver writes it; wrapping
that method on the app instance gives the moment each frame left the app, and its text.
"""

from __future__ import annotations

import time


class FrameClock:
    """When each frame was handed to the terminal driver, which screen it showed, and (on request) its text."""

    def __init__(self, app, *, look_for: list[str] = (), start: float | None = None) -> None:
        self.frames: list[tuple[float, str]] = []
        self.start = time.perf_counter() if start is None else start
        self.text_seen: float | None = None  # first frame that showed one of ``look_for``
        original = app._display

        def display(screen, renderable) -> None:
            now = time.perf_counter()
            if renderable is not None:
                self.frames.append((now, type(screen).__name__))
                if look_for and self.text_seen is None and hasattr(renderable, "render_segments"):
                    painted = renderable.render_segments(app.console)
                    if any(text in painted for text in look_for):
                        self.text_seen = now
            original(screen, renderable)

        app._display = display

    def first_after(self, moment: float, screen: str | None = None) -> float | None:
        return next((t for t, name in self.frames if t >= moment and (screen is None or name == screen)), None)


async def until(pilot, condition, timeout: float = 120.0, step: float = 0.002) -> None:
    """Wait (letting the app run) until ``condition()``; fail loudly after ``timeout`` seconds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError("the app never reached the state the bench waits for")
        await pilot.pause(step)


async def bare_app_text_frame(names: list[str], size: tuple[int, int] = (120, 40)) -> float:
    """Seconds from creating a bare Textual app (header, a table of ``names``, footer) to its frame showing them."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("name", "progress")
            for name in names:
                table.add_row(Text(name), Text("░" * 10))

    start = time.perf_counter()
    app = Bare()
    clock = FrameClock(app, look_for=names, start=start)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: clock.text_seen is not None)
    return clock.text_seen - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
