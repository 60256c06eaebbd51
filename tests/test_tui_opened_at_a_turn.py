"""A coding screen opened at a turn far down a long transcript shows that turn (QA round 27).

From the passages screen (F10) on the sample project, Enter on S02_pre #34 opened the coding screen with the
status line on turn 34 but the view at the top of the transcript, without the "out of view" note: on the first
layout the view's scrollbar was not yet on and the scroll was ignored. A code key then coded turn 34, which the
researcher could not see, while the turns on screen were others."""

from __future__ import annotations

from textual.widgets import DataTable

from qualcode.app.importing.coded_sheets import import_codings
from qualcode.tui.app import make_app
from qualcode.tui.widgets.transcript import TranscriptView
from tests.tui_fixtures import open_passages_from_home, settle


async def test_a_passage_opened_far_down_a_transcript_is_on_screen(sample_project, repo_root):
    import_codings(sample_project, repo_root / "codings" / "researcher-A.csv")
    app = make_app(sample_project, poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_passages_from_home(pilot, "ND_CAREER")
        table = screen.query_one("#passages", DataTable)
        table.focus()
        row = next(i for i in range(table.row_count)
                   if [str(c) for c in table.get_row_at(i)[:2]] == ["S02_pre", "#34"])
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        coding = app.screen
        assert coding.data.document.name == "S02_pre" and coding.segment.ordinal == 34
        view = coding.query_one(TranscriptView)
        assert view.scroll_y > 0 and view.current_in_view()
        # the turn's own words are among the lines painted
        shown = "".join(str(view.render_line(y).text) for y in range(view.scrollable_content_region.height))
        assert "很乱。我妈希望我考本科" in shown
