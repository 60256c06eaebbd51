"""The coding screen with a suggestion whose code the researcher gives the turn by hand (code picker `e`,
Enter): the panel reads it as coded, not pending, `p` and `a` pass it by, the home count leaves it out;
removing the coding (the same keys) or undoing it (`u`) shows it pending again. Real project, real
keyword suggest, the real app driven by Pilot."""

from __future__ import annotations

import pytest

from qualcode.tui import data
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from tests.tui_fixtures import home_ready, import_transcripts

suggest = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine (NLP area) is not installed")

SIZE = (120, 36)


@pytest.fixture
def suggested_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    suggest.run_suggest(project, jobs=1)
    return project


async def _open_s01(pilot) -> CodingScreen:
    await home_ready(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CodingScreen)
    return pilot.app.screen


def _family(screen: CodingScreen):
    return next(s for s in screen.segment_suggestions() if s.code_id == "PF_FAMILY")


def _panel_line(screen: CodingScreen) -> str:
    return next(line for line in str(screen.query_one("#suggestions").render()).splitlines() if "Family" in line)


async def _pick(pilot, code_id: str) -> None:
    await pilot.press("e")
    await pilot.pause()
    await pilot.press(*code_id, "enter")
    await pilot.pause()


async def _go_to(pilot, screen: CodingScreen, ordinal: int) -> None:
    await pilot.press("home")
    for _ in range(10):
        if screen.segment.ordinal == ordinal:
            return
        await pilot.press("j")
    raise AssertionError(f"no turn {ordinal}")


async def _pending_turns_by_p(pilot, screen: CodingScreen) -> list[int]:
    """The turns `p` (next segment with a pending suggestion) visits from the top."""
    await pilot.press("home")
    seen = []
    for _ in range(6):
        await pilot.press("p")
        if screen.segment.ordinal in seen or (seen and screen.segment.ordinal < seen[-1]):
            break
        seen.append(screen.segment.ordinal)
    return seen


def _pending_count(project, name: str) -> int:
    return next(row.pending_suggestions for row in data.document_rows(project) if row.name == name)


async def test_a_suggestion_coded_by_hand_reads_coded_and_is_passed_by(suggested_project):
    app = make_app(suggested_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_s01(pilot)
        pending_here = _pending_count(suggested_project, "S01_pre")
        visited = await _pending_turns_by_p(pilot, screen)
        assert 4 in visited, visited            # 我妈妈一直鼓励我，家里人都支持我: PF_FAMILY pending
        await _go_to(pilot, screen, 4)
        assert _family(screen).status == "pending"
        assert "pending" in _panel_line(screen)

        await _pick(pilot, "PF_FAMILY")         # coded by hand, as the lead did
        assert "PF_FAMILY" in {c.code_id for c in screen.segment_codings()}
        assert _family(screen).status == "coded"
        line = _panel_line(screen)
        assert "coded" in line and "pending" not in line, line
        assert _pending_count(suggested_project, "S01_pre") == pending_here - 1
        assert 4 not in await _pending_turns_by_p(pilot, screen)

        await _go_to(pilot, screen, 4)
        screen.suggestion_cursor = screen.segment_suggestions().index(_family(screen))
        await pilot.press("a")                  # nothing to accept: it is coded already
        await pilot.pause()
        status = app.project.conn.execute("SELECT status FROM suggestions WHERE id = ?",
                                          (_family(screen).id,)).fetchone()[0]
        assert status == "pending" and _family(screen).status == "coded"

        await pilot.press("u")                  # undo the hand coding: pending again, counted again
        await pilot.pause()
        assert _family(screen).status == "pending" and "pending" in _panel_line(screen)
        assert _pending_count(suggested_project, "S01_pre") == pending_here
        assert 4 in await _pending_turns_by_p(pilot, screen)


async def test_removing_the_hand_coding_with_the_same_key_shows_it_pending_again(suggested_project):
    app = make_app(suggested_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_s01(pilot)
        await _go_to(pilot, screen, 4)
        await _pick(pilot, "PF_FAMILY")
        assert _family(screen).status == "coded"
        await _pick(pilot, "PF_FAMILY")         # the picker toggles: the coding is removed
        assert "PF_FAMILY" not in {c.code_id for c in screen.segment_codings()}
        assert _family(screen).status == "pending" and "pending" in _panel_line(screen)
        # what the screen holds equals a fresh read of the document
        fresh = data.load_transcript(app.project, screen.document_id, suggestion_functions=app.suggestion_functions)
        assert sorted((s.id, s.status) for s in fresh.suggestions) == sorted(
            (s.id, s.status) for s in screen.data.suggestions)


async def test_blind_coding_another_coders_coding_leaves_it_pending_for_you(suggested_project):
    from qualcode.app import api, queries

    s01 = next(d for d in queries.list_documents(suggested_project) if d.name == "S01_pre")
    family_turn = next(s for s in queries.list_segments(suggested_project, s01.id, with_text=False) if s.ordinal == 4)
    api.code_segment(suggested_project, family_turn.id, "PF_FAMILY", coder="B")   # the other coder's work
    app = make_app(suggested_project, poll_seconds=None, blind=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_s01(pilot)
        assert screen.data.document.name == "S01_pre"
        await _go_to(pilot, screen, 4)
        assert _family(screen).status == "pending" and "pending" in _panel_line(screen)
        await _pick(pilot, "PF_FAMILY")         # now this coder codes it too
        assert _family(screen).status == "coded" and "coded" in _panel_line(screen)
        await _pick(pilot, "PF_FAMILY")         # and takes it back: B's coding must not make it read coded
        assert _family(screen).status == "pending"


async def test_the_home_screens_count_leaves_it_out_on_return(suggested_project):
    from textual.widgets import DataTable

    from qualcode.tui.screens.home import HomeScreen

    app = make_app(suggested_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_s01(pilot)
        document_id = screen.document_id
        before = _pending_count(suggested_project, "S01_pre")
        await _go_to(pilot, screen, 4)
        await _pick(pilot, "PF_FAMILY")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await home_ready(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        cells = app.screen.query_one("#documents", DataTable).get_row(str(document_id))
        assert str(cells[-1]) == str(before - 1), cells


async def test_the_chinese_panel_reads_yibianma_not_daiding(suggested_project):
    app = make_app(suggested_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_s01(pilot)
        await _go_to(pilot, screen, 4)

        def line() -> str:
            return next(text for text in str(screen.query_one("#suggestions").render()).splitlines()
                        if "家庭支持" in text)

        assert "待定" in line()
        await _pick(pilot, "PF_FAMILY")
        assert "已编码" in line() and "待定" not in line(), line()
