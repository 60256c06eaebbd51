"""A real project with small Chinese transcripts for the TUI tests (imported through the API)."""

from __future__ import annotations

from pathlib import Path

S01_PRE = """---
participant: S01
wave: pre
---
访谈者：你能说说中考以后的感受吗？
受访者：中考失利以后我很自卑，觉得自己不行。
访谈者：那时候谁帮了你？
受访者：我妈妈一直鼓励我，家里人都支持我读职校。
访谈者：现在呢？
受访者：现在我有了目标，想先考电工证。
"""

S02_POST = """---
participant: S02
wave: post
---
访谈者：参加小组以后有什么变化？
受访者：社工姐姐教我控制情绪，我现在没那么容易生气了。
"""


def write_transcripts(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "S01_pre.txt").write_text(S01_PRE, encoding="utf-8")
    (folder / "S02_post.txt").write_text(S02_POST, encoding="utf-8")
    return folder


def import_transcripts(project, folder: Path) -> None:
    from qualcode.app.api import import_paths

    report = import_paths(project, [write_transcripts(folder)])
    assert not [f for f in report.files if f.error], [f.error for f in report.files]


async def settle(pilot, *, timeout: float = 60.0) -> None:
    """Wait for the background codebook load (started after the first paint) and any other worker.

    The load takes a fraction of a second alone but several seconds on a busy
    two-core machine, so wait on the event itself, with a generous deadline
    that fails loudly rather than let a test look at a half-loaded screen.
    """
    import time

    await pilot.pause()
    deadline = time.monotonic() + timeout
    while not pilot.app.codebooks_loaded:
        if time.monotonic() > deadline:
            raise AssertionError(f"codebooks not loaded after {timeout} s")
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    # Tables size their columns when the app is next idle; give that a moment on a busy machine.
    await pilot.wait_for_scheduled_animations()
    for _ in range(3):
        await pilot.pause(0.05)


def participant_segments(project, name: str = "S01_pre"):
    from qualcode.storage import repository as repo

    document = repo.get_document(project.conn, name)
    return [s for s in repo.list_segments(project.conn, document.id) if s.role == "participant"]


def imported_turns(project, folder: Path):
    """Import the two transcripts; S01_pre's participant turns #2 and #4 and S02_post's #2."""
    import_transcripts(project, folder)
    s2, s4, _ = participant_segments(project)
    return s2, s4, participant_segments(project, "S02_post")[0]


def code_and_revise_s01(project, folder: Path):
    """Code S01_pre's segments 2 (AD_EXAM) and 4 (PF_FAMILY), then re-import it with segment 2's sentence
    deleted and one word of segment 4 changed (职校 -> 中专): one 'deleted' and one 'changed' review."""
    from qualcode.app.api import code_segment, import_paths

    s2, s4, _ = participant_segments(project)
    code_segment(project, s2.id, "AD_EXAM")
    code_segment(project, s4.id, "PF_FAMILY")
    source = folder / "S01_pre.txt"
    text = source.read_text(encoding="utf-8")
    text = text.replace("受访者：中考失利以后我很自卑，觉得自己不行。\n", "受访者：还好吧。\n")
    source.write_text(text.replace("家里人都支持我读职校", "家里人都支持我读中专"), encoding="utf-8")
    return import_paths(project, [source])


async def home_ready(pilot, *, timeout: float = 60.0) -> None:
    """Wait until the home screen's document table is filled (its first load runs in a worker thread)."""
    import time

    await pilot.pause()
    deadline = time.monotonic() + timeout
    while not getattr(pilot.app.screen, "rows_loaded", True):
        if time.monotonic() > deadline:
            raise AssertionError(f"home screen rows not loaded after {timeout} s")
        await pilot.pause(0.02)
    await pilot.pause()


async def open_passages_from_home(pilot, code_id: str):
    """On the home screen, choose ``code_id`` in the code table with Enter: the retrieval screen opens."""
    from textual.widgets import DataTable

    await settle(pilot)
    await home_ready(pilot)
    codes = pilot.app.screen.query_one("#codes", DataTable)
    codes.focus()
    codes.move_cursor(row=codes.get_row_index(code_id))
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen


async def add_code_by_keys(pilot, code_id: str, zh: str, en: str) -> None:
    """In the codebook editor: `a`, then the new code's id, Chinese and English labels, each with Enter."""
    await pilot.press("a", *code_id, "enter")
    await pilot.pause()
    await pilot.press(*zh, "enter")
    await pilot.pause()
    await pilot.press(*en, "enter")
    await settle(pilot)


async def until(pilot, condition, what: str, timeout: float = 30.0) -> None:
    """Wait for ``condition()`` (something the app does on its own: a poll, a file watched), then settle;
    fail naming ``what`` after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        await pilot.pause(0.05)
    await settle(pilot)
