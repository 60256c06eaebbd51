"""Retrieval (issue 16 item 5) and the memo browser (item 6; issue 11: every memo is shown).

A real project in tmp_path: transcripts imported through the real use case,
codings and memos by two coders written through ``app.api``; the real app
driven by Pilot; assertions on what the screens show and on the database.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Label, Static

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.memos import MemoBrowserScreen
from qualcode.tui.screens.retrieval import RetrievalScreen
from tests.tui_fixtures import home_ready, imported_turns, open_passages_from_home, participant_segments, settle

SIZE = (120, 36)


@pytest.fixture
def coded(project, tmp_path):
    """PF_FAMILY on S01_pre #4 by A and by B, and on S02_post #2 by A; memos by both on S01_pre #4."""
    _, s4, s02 = imported_turns(project, tmp_path / "incoming")
    api.code_segment(project, s4.id, "PF_FAMILY", coder="A")
    coding_b = api.code_segment(project, s4.id, "PF_FAMILY", coder="B")
    api.code_segment(project, s02.id, "PF_FAMILY", coder="A")
    api.code_segment(project, s02.id, "PF_EMOTION", coder="A")
    api.add_memo(project, "segment", str(s4.id), "妈妈的鼓励是转折点", author="A")
    api.add_memo(project, "segment", str(s4.id), "second thought: also the whole family", author="A")
    api.add_memo(project, "coding", str(coding_b.id), "B: only the mother, really", author="B")
    api.add_memo(project, "project", "", "Pilot study memo", author="B")
    return project


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_code_chosen_on_home_lists_every_passage_filters_and_jumps(coded):
    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_passages_from_home(pilot, "PF_FAMILY")
            assert isinstance(screen, RetrievalScreen)
            table = screen.query_one("#passages", DataTable)
            rows = _rows(table)
            assert [(r[0], r[1], r[2][1:]) for r in rows] == [
                ("S01_pre", "#4", "A"), ("S01_pre", "#4", "B"), ("S02_post", "#2", "A")]
            assert rows[1][3] == "✎3"  # B's coding memo and A's two turn memos
            assert "家里人都支持我读职校" in rows[0][4]
            # the coder mark: one colour per coder, the same in every row
            marks = [table.get_row_at(i)[2].style for i in range(3)]
            assert marks[0] == marks[2] != marks[1]
            detail = str(screen.query_one("#passage-detail", Static).render())
            assert "S01" in detail and "wave=pre" in detail
            await pilot.press("slash", *"wave=pre", "enter")
            await settle(pilot)
            assert [r[0] for r in _rows(table)] == ["S01_pre", "S01_pre"]
            assert "2 of 3 passage" in str(screen.query_one("#retrieval-title", Label).render())
            await pilot.press("c", "c")  # everyone -> A -> B
            await settle(pilot)
            assert [(r[0], r[2][1:]) for r in _rows(table)] == [("S01_pre", "B")]
            title = str(screen.query_one("#retrieval-title", Label).render())
            assert "1 passage" in title and "B" in title
            await pilot.press("enter")
            await settle(pilot)
            coding = app.screen
            assert isinstance(coding, CodingScreen)
            assert coding.data.document.name == "S01_pre" and coding.segment.ordinal == 4
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen  # back to the passages, filter kept


async def test_a_filtered_title_counts_the_shown_and_all_passages_in_chinese(coded):
    app = make_app(coded, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_passages_from_home(pilot, "PF_FAMILY")
        title = screen.query_one("#retrieval-title", Label)
        assert "3 处" in str(title.render()) and "中的" not in str(title.render())
        await pilot.press("slash", *"S02", "enter")
        await settle(pilot)
        assert "3 处中的 1 处" in str(title.render())


async def test_the_codebook_tree_opens_the_passages_of_its_code(coded):
    app = make_app(coded, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        tree = app.screen.query_one("#cb-tree")
        tree.move_cursor(next(n for n in _walk(tree.root) if n.data == "PF_EMOTION"))
        await pilot.pause()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        assert [r[0] for r in _rows(app.screen.query_one("#passages", DataTable))] == ["S02_post"]
        assert "情绪" in str(app.screen.query_one("#retrieval-title", Label).render())


async def _open_memos(pilot) -> DataTable:
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    return pilot.app.screen.query_one("#memo-table", DataTable)


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


async def test_memo_browser_lists_every_memo_and_writes_edits_deletes_and_undoes(coded):
    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            table = await _open_memos(pilot)
            screen = app.screen
            assert isinstance(screen, MemoBrowserScreen)
            rows = _rows(table)
            assert len(rows) == 4  # both of A's memos on the same turn, B's coding memo, the project memo
            assert [r[0] for r in rows] == ["project", "turn", "turn", "coding"]
            assert [r[1] for r in rows if r[0] == "turn"] == ["S01_pre:4", "S01_pre:4"]
            await pilot.press("t", "t")  # every target -> project -> document
            await settle(pilot)
            assert table.row_count == 0
            await pilot.press("t", "t", "t", "t", "t")  # back to every target
            await settle(pilot)
            assert table.row_count == 4
            # a new memo on a document (from the project memo's row: no "one more on this target" choice)
            table.move_cursor(row=0)
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("down", "enter")  # project, S01_pre, S02_post: the first document
            await pilot.pause()
            await pilot.press(*"Interview felt rushed", "ctrl+s")
            await settle(pilot)
            memos = repo.list_memos(project.conn, target_type="document")
            assert [(m.text, m.author) for m in memos] == [("Interview felt rushed", "A")]
            assert table.row_count == 5
            # B's memo is not A's to edit
            table.move_cursor(row=next(i for i, r in enumerate(_rows(table)) if r[0] == "coding"))
            await pilot.press("e")
            await pilot.pause()
            assert any("only its author" in str(n.message) for n in app._notifications)
            # A deletes one of the two turn memos; u brings it back
            table.move_cursor(row=next(i for i, r in enumerate(_rows(table)) if "second thought" in r[4]))
            await pilot.press("d")
            await settle(pilot)
            assert not [m for m in repo.list_memos(project.conn) if m.text.startswith("second thought")]
            await pilot.press("u")
            await settle(pilot)
            assert [m.text for m in repo.list_memos(project.conn) if m.text.startswith("second thought")]
            assert table.row_count == 5
            # Enter on a turn memo opens the coding screen there; its status shows both of A's memos
            table.move_cursor(row=next(i for i, r in enumerate(_rows(table)) if "second thought" in r[4]))
            await pilot.press("enter")
            await settle(pilot)
            coding = app.screen
            assert isinstance(coding, CodingScreen) and coding.segment.ordinal == 4
            status = str(coding.query_one("#status", Static).render())
            assert "✎2 second thought" in status
            assert status.count("✎") == 2  # B's coding memo is marked after its code too


async def test_the_gutter_and_status_show_which_coder_coded_what(coded):
    from qualcode.tui.widgets.transcript import TranscriptView
    from qualcode.tui.widgets.transcript_lines import GUTTER_CELLS

    with open_project(coded.root, coder="A") as project:
        _, s4, _ = participant_segments(project)
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_document(s4.document_id, segment_id=s4.id)
            await settle(pilot)
            screen = app.screen
            view = screen.query_one(TranscriptView)
            lines = [view.render_line(y) for y in range(view.scrollable_content_region.height)]
            turn = next(strip for strip in lines if "4 受访者" in strip.text)
            gutter = [seg for seg in turn if seg.text.strip() and seg.text in "■●▲◆▼"]
            colour = screen.colours["PF_FAMILY"]
            # A's own coding ■ and B's ● of the same code, both in the code's colour
            assert [(seg.text, seg.style.color.name) for seg in gutter] == [("■", colour), ("●", colour)]
            assert turn.text[:GUTTER_CELLS].count("■") == 1
            status = str(screen.query_one("#status", Static).render())
            assert "●家庭支持 (B)" in status or "●Family support (B)" in status


async def test_blind_mode_shows_only_ones_own_memos_and_codings(coded):
    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None, blind=True)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_passages_from_home(pilot, "PF_FAMILY")
            rows = _rows(screen.query_one("#passages", DataTable))
            assert [(r[0], r[2][1:], r[3]) for r in rows] == [("S01_pre", "A", "✎2"), ("S02_post", "A", "·")]
            await pilot.press("escape", "f9")
            await settle(pilot)
            memos = _rows(app.screen.query_one("#memo-table", DataTable))
            assert {r[2] for r in memos} == {"A"} and len(memos) == 2


async def test_f10_opens_the_passages_of_the_tree_code_or_of_a_code_picked_by_name(coded):
    from qualcode.tui.widgets.panels import CodebookTree

    _, s4, _ = participant_segments(coded)
    app = make_app(coded, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f10")  # home has no code tree: pick the code by name
        await pilot.pause()
        await pilot.press(*"情绪控制", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen) and app.screen.code_id == "PF_EMOTION"
        await pilot.press("escape")
        await settle(pilot)
        app.open_document(s4.document_id, segment_id=s4.id)
        await settle(pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.move_cursor(next(n for n in _walk(tree.root) if n.data == "PF_FAMILY"))
        await pilot.pause()
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen) and app.screen.code_id == "PF_FAMILY"
        assert app.screen.query_one("#passages", DataTable).row_count == 3


async def test_one_more_memo_on_the_highlighted_memos_target(coded):
    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            table = await _open_memos(pilot)
            table.move_cursor(row=next(i for i, r in enumerate(_rows(table)) if r[0] == "coding"))
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("down", "enter")  # project, then "one more memo on coding …"
            await pilot.pause()
            await pilot.press(*"A agrees", "ctrl+s")
            await settle(pilot)
            coding_memos = repo.list_memos(project.conn, target_type="coding")
            assert [(m.author, m.text) for m in coding_memos] == [("B", "B: only the mother, really"),
                                                                  ("A", "A agrees")]
            assert coding_memos[0].target_id == coding_memos[1].target_id


async def test_f10_on_the_coding_screen_opens_the_turns_first_code(coded):
    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await home_ready(pilot)
            await pilot.press("enter")
            await settle(pilot)
            coding = app.screen
            assert isinstance(coding, CodingScreen) and coding.data.document.name == "S01_pre"
            coding.go_to(next(i for i, s in enumerate(coding.data.segments) if s.ordinal == 4))
            await settle(pilot)
            await pilot.press("f10")
            await settle(pilot)
            assert isinstance(app.screen, RetrievalScreen) and app.screen.code_id == "PF_FAMILY"


async def test_a_new_memo_from_the_coding_screen_starts_on_the_document_being_read(coded):
    """F9 while coding S02_post, then n: the target picker highlights S02_post, so Enter writes on it."""
    from textual.widgets import OptionList

    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await home_ready(pilot)
            s02 = next(row for row in app.screen.rows if row.name == "S02_post")
            app.open_document(s02.id)
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen) and app.screen.data.document.name == "S02_post"
            await _open_memos(pilot)
            await pilot.press("n")
            await pilot.pause()
            options = app.screen.query_one(OptionList)
            assert "S02_post" in str(options.get_option_at_index(options.highlighted).prompt)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press(*"Noisy room", "ctrl+s")
            await settle(pilot)
            memos = repo.list_memos(project.conn, target_type="document")
            assert [(m.target_id, m.text) for m in memos] == [(str(s02.id), "Noisy room")]
