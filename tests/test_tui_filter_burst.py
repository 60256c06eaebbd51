"""`/` and a word typed in one go (a fast typist, tmux `send-keys "/S02_post"`: one read from the terminal, nine
key events posted at once) on the home screen. `/` moves the focus to the filter box as a binding, and Textual
finds a binding only after the key has bubbled up to the app, by which time the app had already handed the
rest of the burst to the document table: the word never reached the filter, and its letters ran the table's own
keys on the way (`o` sorted the table). The real app, the burst posted as the terminal driver posts it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable, Input

from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready, import_transcripts, settle

SIZE = (80, 24)


def key_event(character: str) -> events.Key:
    names = {"/": "slash", "_": "underscore"}
    return events.Key(names.get(character, character), character)


async def test_slash_and_a_word_typed_in_one_burst_all_land_in_the_home_filter_in_order(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        table = app.screen.query_one("#documents", DataTable)
        table.focus()
        await pilot.pause()
        for character in "/S02_post":  # what the driver does with one read from the terminal
            app.post_message(key_event(character))
        await pilot.pause(0.3)
        box = app.screen.query_one("#doc-filter", Input)
        assert box.value == "S02_post"
        assert app.focused is box
        assert app.screen.sort_index == 0  # the `o` of the word did not sort the table
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == ["S02_post"]
        # with the box focused, `/` is a character like any other (a filter may hold one)
        for character in "/x":
            app.post_message(key_event(character))
        await pilot.pause(0.3)
        assert box.value == "S02_post/x"



async def test_a_burst_that_edits_the_filter_applies_its_backspaces_in_order(project, tmp_path):
    """`/`, Backspaces and a word in one burst (tmux `send-keys "/" BSpace BSpace "S02_post"`): Textual's Input
    inserts a character at once but runs Backspace as a binding after the key has bubbled to the app, so the
    characters went in first and the Backspaces then ate the word from its end (the filter read `S02_pos`, or `S`
    after seven). The boxes are :class:`~qualcode.tui.widgets.ordered_input.OrderedInput`, which edits in order."""
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        box = app.screen.query_one("#doc-filter", Input)
        box.value = "S01"
        app.screen.query_one("#documents", DataTable).focus()
        await pilot.pause()
        burst = [key_event("/"), *(events.Key("backspace", None) for _ in range(3)), *map(key_event, "S02_post")]
        for event in burst:
            app.post_message(event)
        await pilot.pause(0.3)
        assert box.value == "S02_post"


def codings(project) -> list[tuple]:
    return [tuple(row) for row in project.conn.execute("SELECT code_id, segment_id FROM codings ORDER BY id")]


async def open_participant_turn(pilot):
    from qualcode.tui.screens.coding import CodingScreen

    await settle(pilot)
    await home_ready(pilot)
    await pilot.press("enter")  # S01_pre
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CodingScreen)
    await pilot.press("j")  # turn 2, the participant's answer
    await pilot.pause()
    assert screen.segment.role == "participant"
    return screen


async def test_a_word_typed_right_after_the_search_or_find_code_key_is_typed_not_run_as_code_keys(project, tmp_path):
    """On the coding screen the letters are code keys (g: Goal focus, o, l …): `/goal` or `e` + `goal` typed in
    one burst coded the turn with three codes, unsaid, and the search box stayed empty."""
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_participant_turn(pilot)
        for character in "/goal":
            app.post_message(key_event(character))
        await pilot.pause(0.3)
        assert codings(project) == []
        search = screen.query_one("#doc-search", Input)
        assert search.value == "goal" and app.focused is search
        await pilot.press("enter")  # find it; the box closes and the transcript has the focus again
        await pilot.pause()
        for character in "egoal":  # e: find a code by name, in a dialog
            app.post_message(key_event(character))
        await pilot.pause(0.5)
        assert codings(project) == []
        assert app.screen.query_one("#code-query", Input).value == "goal"


async def test_a_turn_number_typed_in_one_burst_opens_one_prompt_holding_every_figure(project, tmp_path):
    """A digit opens "go to turn" with itself as the first figure. `5` then `6` in one burst opened two prompts,
    one on the other (`5` and `6`), and Enter went to turn 6 with the `5` prompt left behind."""
    from textual.widgets import Input as Box

    from tests.tui_fixtures import S01_PRE

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_participant_turn(pilot)
        assert S01_PRE.count("：") >= 6  # six turns: 5 and 6 both exist, so a wrong prompt would still go somewhere
        for character in "56":
            app.post_message(key_event(character))
        await pilot.pause(0.3)
        prompts = [s for s in app.screen_stack if s.query("#prompt-input")]
        assert len(prompts) == 1
        assert prompts[0].query_one("#prompt-input", Box).value == "56"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_enter_in_the_filter_opens_the_one_document_it_leaves(project, tmp_path):
    """`/S02_post` and Enter: the filter leaves one row, and Enter opens it. Enter only moved the focus to the
    table, which a person does not see, so the first Enter seemed to do nothing and a second one was needed.
    With more than one row left, Enter still goes to the table to choose with ↑/↓."""
    from qualcode.tui.screens.coding import CodingScreen

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        await pilot.press("slash", *"S0", "enter")          # both documents left: choose in the table
        await pilot.pause()
        table = app.screen.query_one("#documents", DataTable)
        assert table.row_count == 2 and app.focused is table
        await pilot.press("slash", "backspace", "backspace", *"S02_post", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.data.document.name == "S02_post"
