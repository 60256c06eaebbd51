"""The real app on a real project in tmp_path, driven by Pilot; assertions on the database."""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.home import HomeScreen
from qualcode.tui.widgets.transcript import TranscriptView
from tests.tui_fixtures import home_ready, import_transcripts

SIZE = (120, 36)


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def fresh_codings(project, **filters):
    """Codings as another connection sees them: proves each action was committed."""
    with open_project(project.root, coder=project.coder) as other:
        return repo.list_codings(other.conn, **filters)


def s01(project):
    return repo.get_document(project.conn, "S01_pre", with_text=True)


async def open_s01(pilot):
    app = pilot.app
    await home_ready(pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("enter")  # S01_pre sorts first
    await pilot.pause()
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def test_home_lists_documents_with_participant_wave_and_progress(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        screen = app.screen
        assert [row.name for row in screen.rows] == ["S01_pre", "S02_post"]
        s01_row = screen.rows[0]
        assert (s01_row.participant, s01_row.wave, s01_row.participant_segments, s01_row.reviewed_segments) == (
            "S01", "pre", 3, 0)
        table = screen.query_one("#documents")
        assert table.row_count == 2
        # Filter by wave.
        await pilot.press("slash", *"post", "enter")
        assert table.row_count == 1


async def test_move_toggle_undo_redo_all_reach_the_database(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j")  # segment 2: 中考失利以后我很自卑…
        assert screen.segment.ordinal == 2
        await pilot.press("down", "down")  # segment 4: 我妈妈一直鼓励我…
        await pilot.press("f")  # PF_FAMILY
        codings = fresh_codings(tui_project, document_id=screen.document_id)
        assert [(c.code_id, c.segment_id, c.coder, c.origin) for c in codings] == [
            ("PF_FAMILY", screen.segment.id, tui_project.coder, "manual")]
        segment = screen.segment
        assert (codings[0].start, codings[0].end) == (segment.start, segment.end)
        await pilot.press("f")  # toggles off
        assert fresh_codings(tui_project, document_id=screen.document_id) == []
        await pilot.press("u")  # undo the removal
        assert [c.code_id for c in fresh_codings(tui_project)] == ["PF_FAMILY"]
        await pilot.press("u")  # undo the addition
        assert fresh_codings(tui_project) == []
        await pilot.press("ctrl+r")  # redo the addition
        assert [c.code_id for c in fresh_codings(tui_project)] == ["PF_FAMILY"]
        await pilot.press("k", "k", "z")  # segment 2: AD_EXAM by its key
        assert sorted(c.code_id for c in fresh_codings(tui_project)) == ["AD_EXAM", "PF_FAMILY"]


async def test_undo_works_across_sessions(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("j", "d")  # AD_LOWSELF on segment 2
        await pilot.press("ctrl+q")
    assert [c.code_id for c in fresh_codings(tui_project)] == ["AD_LOWSELF"]
    with open_project(tui_project.root, coder=tui_project.coder) as again:
        app = make_app(again, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await open_s01(pilot)
            await pilot.press("u")  # an earlier session's action: named, with where and when, and asked first
            await pilot.pause()
            assert "made in an earlier qualcode session, closed now, just now" in str(
                app.screen.query_one(".dialog-title").render())
            assert [c.code_id for c in fresh_codings(tui_project)] == ["AD_LOWSELF"]
            await pilot.press("y")
            await pilot.pause()
    assert fresh_codings(tui_project) == []


async def test_sub_span_by_keys_and_by_typed_words(tui_project):
    text = s01(tui_project).text
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j")  # 中考失利以后我很自卑，觉得自己不行。
        await pilot.press("shift+right", "shift+right", "shift+right", "shift+right")
        view = screen.query_one(TranscriptView)
        start = screen.segment.start
        assert view.selection == (start, start + 4)
        await pilot.press("z")  # AD_EXAM on 中考失利 only
        await pilot.press("escape")  # clears the selection, stays on the screen
        assert isinstance(app.screen, CodingScreen) and view.selection is None
        await pilot.press("s")
        await pilot.press(*"自卑", "enter")
        await pilot.pause()
        await pilot.press("d")  # AD_LOWSELF on 自卑 only
    spans = {c.code_id: text[c.start:c.end] for c in fresh_codings(tui_project)}
    assert spans == {"AD_EXAM": "中考失利", "AD_LOWSELF": "自卑"}


async def test_memo_on_the_segment_is_saved(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j", "m")
        await pilot.pause()
        await pilot.press(*"转折点", "ctrl+s")
        await pilot.pause()
        segment_id = screen.segment.id
    with open_project(tui_project.root, coder=tui_project.coder) as other:
        memo = repo.get_memo(other.conn, "segment", str(segment_id), tui_project.coder)
    assert memo is not None and memo.text == "转折点"


async def test_search_in_document_jumps_to_the_match(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("slash", *"电工证", "enter")
        await pilot.pause()
        assert screen.segment.ordinal == 6
        assert len(screen.matches) == 1
        await pilot.press("escape")  # clears the matches
        assert screen.matches == []


async def test_next_uncoded_skips_coded_and_reviewed_segments(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j", "z")  # code segment 2
        await pilot.press("home", "n")
        assert screen.segment.ordinal == 4
        await pilot.press("x")  # nothing applies: reviewed
        await pilot.press("home", "n")
        assert screen.segment.ordinal == 6
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.rows[0].reviewed_segments == 2  # one coded, one marked


async def test_a_change_in_another_window_is_never_overwritten(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j")
        segment_id = screen.segment.id
        # Another window (same coder) codes the segment meanwhile.
        with open_project(tui_project.root, coder=tui_project.coder) as other:
            api.code_segment(other, segment_id, "AD_EXAM")
        # The user, still seeing it uncoded, presses the key to add it: the TUI reloads
        # and warns instead of toggling the other window's coding away.
        await pilot.press("z")
        assert [c.code_id for c in fresh_codings(tui_project)] == ["AD_EXAM"]
        assert {c.code_id for c in screen.segment_codings()} == {"AD_EXAM"}
        await pilot.press("z")  # now the user sees it, the key removes it
        assert fresh_codings(tui_project) == []


async def test_codes_found_by_chinese_or_english_label(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("j", "j", "j", "e")
        await pilot.pause()
        await pilot.press(*"家庭支持", "enter")
        await pilot.pause()
        await pilot.press("k", "k", "e")  # turn 2 (turn 3 is the interviewer's)
        await pilot.pause()
        await pilot.press(*"self-esteem", "enter")
        await pilot.pause()
    assert sorted(c.code_id for c in fresh_codings(tui_project)) == ["AD_LOWSELF", "PF_FAMILY"]


async def test_clicking_a_segment_and_a_code(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        view = screen.query_one(TranscriptView)
        line = view.wrapped.first_line_of_segment[3]
        await pilot.click(TranscriptView, offset=(20, line))
        assert screen.segment.ordinal == 4
        tree = screen.query_one("#codebook")
        node = tree.nodes["PF_FAMILY"]
        tree.scroll_to_node(node, animate=False)
        await pilot.pause()
        await pilot.click("#codebook", offset=(8, node.line - round(tree.scroll_y)))
        await pilot.pause()
    assert [c.code_id for c in fresh_codings(tui_project)] == ["PF_FAMILY"]


async def test_suggestion_panel_says_why_it_is_empty(tui_project):
    """Never an invented suggestion: absent engine -> "not available"; no run yet -> how to run one."""
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j", "a")
        panel = str(screen.query_one("#suggestions").render())
        if app.suggestion_functions is None:
            assert "not available" in panel
        else:
            assert "Ctrl+g" in panel  # the TUI's own batch action, not a command to type elsewhere
    assert fresh_codings(tui_project) == []


async def test_memo_on_a_selected_coding(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("j", "s")
        await pilot.press(*"自卑", "enter")
        await pilot.pause()
        await pilot.press("d")  # AD_LOWSELF on 自卑; the selection stays on the new coding
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"自我评价低", "ctrl+s")
        await pilot.pause()
    (coding,) = fresh_codings(tui_project)
    with open_project(tui_project.root, coder=tui_project.coder) as other:
        memo = repo.get_memo(other.conn, "coding", str(coding.id), tui_project.coder)
    assert memo is not None and memo.text == "自我评价低"


async def test_toggling_rereads_one_segment_yet_matches_a_whole_reread(tui_project):
    """A toggle re-reads and repaints only its turn; codings and view spans must equal a whole re-read."""
    from qualcode.tui import data

    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j", "d", "j", "j", "d", "z", "d")  # add on two turns, add and remove on the second
        await pilot.pause()
        fresh = data.reload_codings(app.project, screen.document_id)
        assert [(c.id, c.segment_id, c.code_id) for c in screen.data.codings] == [
            (c.id, c.segment_id, c.code_id) for c in fresh]
        assert len(fresh) == 2
        view = screen.query_one(TranscriptView)
        spans_now = {index: list(spans) for index, spans in view._spans_by_segment.items()}
        screen.reload_data()  # the whole document, as every toggle used to
        assert {index: list(spans) for index, spans in view._spans_by_segment.items()} == spans_now
