"""Suggestions in the coding screen with the real engine (jieba) on a real project: accept, reject,
accept all above the threshold, jump to the next pending one, and the batch run from the TUI."""

from __future__ import annotations

import pytest

from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from tests.tui_fixtures import home_ready, import_transcripts

store = pytest.importorskip("qualcode.storage.suggestions", reason="the suggestion engine (NLP area) is not installed")
suggest = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine (NLP area) is not installed")

SIZE = (120, 36)


@pytest.fixture
def suggested_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    suggest.run_suggest(project, jobs=1)
    return project


def statuses(project) -> dict[tuple[int, str], str]:
    with open_project(project.root, coder=project.coder) as other:
        return {(row.ordinal, row.suggestion.code_id): row.suggestion.status
                for row in store.list_suggestions(other.conn)
                if row.document_name == "S01_pre"}


async def open_s01(pilot) -> CodingScreen:
    await home_ready(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CodingScreen)
    return pilot.app.screen


async def test_accept_and_reject_reach_the_database(suggested_project):
    before = statuses(suggested_project)
    # The engine finds family support in 我妈妈一直鼓励我，家里人都支持我 (segment 4).
    assert before.get((4, "PF_FAMILY")) == "pending", before
    app = make_app(suggested_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("p")  # the first segment with a pending suggestion
        first = screen.segment.ordinal
        assert first == min(ordinal for (ordinal, _), status in before.items() if status == "pending")
        while screen.segment.ordinal != 4:
            await pilot.press("p")
        shown = [s.code_id for s in screen.segment_suggestions()]
        # bring PF_FAMILY under the cursor, then accept it
        for _ in range(shown.index("PF_FAMILY")):
            await pilot.press("right_square_bracket")
        panel = str(screen.query_one("#suggestions").render())
        assert "家庭支持" in panel or "Family support" in panel
        await pilot.press("a")
        await pilot.press("home", "p")
        rejected_ordinal = screen.segment.ordinal
        rejected_code = screen._highlighted_pending()[0].code_id
        await pilot.press("r")
    after = statuses(suggested_project)
    assert after[(4, "PF_FAMILY")] == "accepted"
    assert after[(rejected_ordinal, rejected_code)] == "rejected"
    with open_project(suggested_project.root) as other:
        codings = repo.list_codings(other.conn)
    assert [(c.code_id, c.origin) for c in codings if c.code_id == "PF_FAMILY"] == [("PF_FAMILY", "suggestion")]


async def test_accept_all_above_the_threshold_leaves_weaker_ones(suggested_project):
    before = statuses(suggested_project)
    app = make_app(suggested_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        while screen.segment.ordinal != 4:
            await pilot.press("j")
        shown = {s.code_id: s.score for s in screen.segment_suggestions()}
        await pilot.press("A")  # a confirmation that says how many; Enter takes "this document"
        await pilot.pause()
        assert "S01_pre" in str(app.screen.query_one("#bulk-document").label)
        await pilot.press("enter")
        await pilot.pause()
    after = statuses(suggested_project)
    for code_id, score in shown.items():
        expected = "accepted" if score >= 0.8 else before[(4, code_id)]
        assert after[(4, code_id)] == expected, (code_id, score)


async def test_batch_suggestions_from_the_tui(project, tmp_path):
    from qualcode.tui.screens.coding_suggestions import BatchProgress

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    progress: list[BatchProgress] = []

    def record(message) -> None:  # the hook may see a message more than once (queued, handled)
        if isinstance(message, BatchProgress) and all(message is not m for m in progress):
            progress.append(message)

    async with app.run_test(size=SIZE, message_hook=record) as pilot:
        screen = await open_s01(pilot)
        assert screen.data.suggestions == []
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.data.suggestions, "the batch run wrote suggestions and the screen re-read them"
    assert statuses(project)
    # progress per document, then one "finished" message (harlequin's habit: assert on the messages)
    steps = [(m.done, m.total) for m in progress if not m.finished]
    assert steps[-1] == (2, 2) and [m.finished for m in progress].count(True) == 1
    assert not progress[-1].cancelled and progress[-1].error is None


async def test_accept_and_reject_update_the_screen_in_place_as_a_fresh_read_would(suggested_project):
    """Accept/reject no longer re-read the whole document: what the screen holds must equal a fresh read."""
    from qualcode.tui import data

    app = make_app(suggested_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("p", "a", "home", "p", "r")
        await pilot.pause()
        fresh = data.load_transcript(app.project, screen.document_id,
                                     suggestion_functions=app.suggestion_functions)

        def marks(suggestions):
            return sorted((s.id, s.segment_id, s.code_id, s.status) for s in suggestions)

        assert {s.status for s in screen.data.suggestions} >= {"accepted", "rejected"}
        assert marks(screen.data.suggestions) == marks(fresh.suggestions)
        assert screen.data.reviewed == fresh.reviewed
        assert [(c.id, c.code_id) for c in screen.data.codings] == [(c.id, c.code_id) for c in fresh.codings]
        accepted = next(s for s in screen.data.suggestions if s.status == "accepted")
        view_spans = screen.query_one("TranscriptView")._spans_by_segment
        assert any(span.code_id == accepted.code_id for spans in view_spans.values() for span in spans)


async def test_the_suggestion_panel_scrolls_a_long_list_without_laying_out_the_screen():
    # The panel draws its own lines and scroll bar: a list longer than the panel scrolls and shows the bar,
    # a short one shows no bar, and neither change lays the screen out again (the cost of a page-down).
    from qualcode.core.models import Code, Evidence, Suggestion
    from qualcode.tui.widgets.panels import SuggestionPanel

    codes = {f"C{n}": Code(id=f"C{n}", labels={"zh": f"代码{n}", "en": f"Code {n}"}, codebook="test") for n in range(12)}

    def suggestions(count: int) -> list[Suggestion]:
        return [Suggestion(n, 1, f"C{n}", 0.5, (Evidence("家", "家", 0, 1, "exact"),), "pending", "v1", "")
                for n in range(count)]

    app = panel_app("SuggestionPanel { height: 8; }")
    async with app.run_test(size=(60, 20)) as pilot:
        panel = app.query_one(SuggestionPanel)
        lines, scrolls, bars, layouts, positions = [], [], [], [], []
        for count in (1, 2, 11, 1, 0):
            panel.show(suggestions(count), 0, "家里人", codes, {}, "en", "none here")
            await pilot.pause()
            positions.append(round(panel.scroll_y))
            lines.append(panel.virtual_size.height)
            scrolls.append(panel.max_scroll_y)
            layouts.append(app.screen._compositor._full_map)  # a screen layout makes a new map
            screen_rows = [strip.text for strip in app.screen._compositor.render_strips()][:8]
            right_edge = {segment.style.bgcolor for y in range(8) for segment in panel.render_line(y).crop(58, 60)}
            bars.append(right_edge != {panel.visual_style.rich_style.bgcolor})
            assert ("Code 0" in str(panel.render())) == (count > 0)
            assert ("Code 0" in "".join(screen_rows)) == (count > 0)
            if count == 11:   # scrolled to its end, the long list leaves the next, short one scrolled too far
                panel.scroll_to(y=panel.max_scroll_y, animate=False, force=True)
                await pilot.pause()
                positions.append(round(panel.scroll_y))
        # One suggestion: its row, its evidence and the closing line break; eleven need more than the
        # panel's 8 rows, and it scrolls them; none: the one-line message.
        assert lines[0] == lines[3] == 3 and lines[1] == 4 and lines[4] == 1 and lines[2] >= 13, lines
        assert scrolls[2] == lines[2] - 8 and scrolls[:2] == scrolls[3:] == [0, 0], scrolls
        # The long list scrolled to its end; the short list after it starts at the top (scroll clamped).
        assert positions == [0, 0, 0, scrolls[2], 0, 0], positions
        assert bars == [False, False, True, False, False], bars  # the bar only for the list that does not fit
        assert all(layout is layouts[0] for layout in layouts), "a new list laid the screen out again"


async def test_a_wrapped_evidence_line_keeps_its_indent():
    # At 80 columns the panel is about 30 cells wide: the evidence in context wraps, and every wrapped line
    # stays under the row's indent instead of starting at the panel's edge (issue 16 leftover d).
    from qualcode.core.models import Code, Evidence, Suggestion
    from qualcode.tui.widgets.panels import EVIDENCE_INDENT, SuggestionPanel

    turn = "后来班主任鼓励我参加技能大赛，我慢慢有了目标。社工带我们做小组活动，我学会了怎么控制自己的情绪。"
    at = turn.index("目标")
    codes = {"PF_GOAL": Code(id="PF_GOAL", labels={"zh": "目标专注", "en": "Goal focus"}, codebook="test")}
    evidence = (Evidence("目标", "目标", at, at + 2, "exact"), Evidence("控制", "控制", turn.index("控制"),
                                                                        turn.index("控制") + 2, "exact"))
    suggestion = Suggestion(1, 1, "PF_GOAL", 0.84, evidence, "pending", "v1", "")

    app = panel_app("SuggestionPanel { width: 30; height: 12; }")
    async with app.run_test(size=(60, 20)) as pilot:
        panel = app.query_one(SuggestionPanel)
        panel.show([suggestion], 0, turn, codes, {}, "zh", "none")
        await pilot.pause()
        lines = [panel.render_line(y).text for y in range(panel.virtual_size.height)]
        shown = [line[1:] for line in lines if line.strip()]  # without the panel's one-cell padding
        assert shown[0].startswith("▶ ■ 0.84 目标专注")
        evidence_lines = shown[1:]
        assert len(evidence_lines) >= 3, lines  # it did wrap
        assert all(line.startswith(EVIDENCE_INDENT) and line[len(EVIDENCE_INDENT)] != " "
                   for line in evidence_lines), evidence_lines
        # nothing lost: the wrapped lines hold the whole evidence line
        assert "".join(line.strip() for line in evidence_lines).replace(" ", "") == \
            str(panel.render()).split("\n", 1)[1].replace(" ", "").replace("\n", "")


def panel_app(css: str):
    """A bare Textual app showing one SuggestionPanel styled by ``css``."""
    from textual.app import App

    from qualcode.tui.widgets.panels import SuggestionPanel

    class PanelApp(App):
        CSS = css

        def compose(self):
            yield SuggestionPanel()

    return PanelApp()
