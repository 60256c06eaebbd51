"""A second qualcode window, in its own process, for the undo tests: it opens S01_pre, codes turn 6 with
Family support (``f``) as a person would, says ``coded`` on stdout, and stays open until a line comes on
stdin (then quits as ctrl+q does) or it is killed.

    python -m tests._window_elsewhere <project folder> <coder>
"""

from __future__ import annotations

import asyncio
import sys

from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from tests.test_tui_app import open_s01
from tests.test_tui_history_words import SIZE, go_to_ordinal


def main(root: str, coder: str) -> None:
    project = open_project(root, coder=coder)
    app = make_app(project, poll_seconds=None, language="en")

    async def as_a_person(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 6)
        await pilot.press("f")
        await pilot.pause()
        print("coded", app.session_origin, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        app.exit()

    try:
        app.run(headless=True, size=SIZE, auto_pilot=as_a_person)
    finally:
        project.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
