"""Issue 16 item 4: selecting a span from the keyboard -- word, sentence, whole turn, typed words that
cycle through their occurrences -- and the prompts that do not cover the turn; real app, real project."""

from __future__ import annotations

from textual.widgets import Input

from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.widgets.transcript import TranscriptView
from tests.tui_fixtures import home_ready

SMALL = (80, 24)
TURN = "我妈妈一直鼓励我。家里人都支持我读职校，妈妈说读职校也能有出息！我很感动。"


def import_one(project, tmp_path):
    from qualcode.app.api import import_paths

    folder = tmp_path / "incoming"
    folder.mkdir()
    text = "---\nparticipant: S07\n---\n访谈者：那时候谁帮了你？\n受访者：" + TURN + "\n访谈者：后来呢？\n"
    (folder / "S07_pre.txt").write_text(text, encoding="utf-8")
    assert not import_paths(project, [folder]).errors


async def open_turn_2(pilot):
    await home_ready(pilot)
    await pilot.press("enter", "j")
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.segment.ordinal == 2
    return screen


def selected(screen) -> str | None:
    span = screen.query_one(TranscriptView).selection
    return None if span is None else screen.data.text[span[0]:span[1]]


def stored(project):
    with open_project(project.root, coder=project.coder) as other:
        document = repo.get_document(other.conn, "S07_pre", with_text=True)
        return [(document.text[c.start:c.end], c.code_id) for c in repo.list_codings(other.conn)]


async def test_word_sentence_and_turn_selection_by_keys(project, tmp_path):
    import_one(project, tmp_path)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_turn_2(pilot)
        await pilot.press("greater_than_sign")
        assert selected(screen) == "我"
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert selected(screen) == "我妈妈一直"  # 我 | 妈妈 | 一直: jieba's words, not characters
        await pilot.press("less_than_sign")
        assert selected(screen) == "我妈妈"
        await pilot.press("right_curly_bracket")  # to the end of the sentence, with its full stop
        assert selected(screen) == "我妈妈一直鼓励我。"
        await pilot.press("right_curly_bracket")
        assert selected(screen) == "我妈妈一直鼓励我。家里人都支持我读职校，妈妈说读职校也能有出息！"
        await pilot.press("left_curly_bracket")
        assert selected(screen) == "我妈妈一直鼓励我。"
        assert "选区" in str(screen.query_one("#status").render())
        await pilot.press("f")  # the code key codes the selection
        await pilot.press("ctrl+a")
        assert selected(screen) == TURN
        await pilot.press("escape", "less_than_sign")
        assert selected(screen) is None
    assert stored(project) == [("我妈妈一直鼓励我。", "PF_FAMILY")]


async def test_typed_words_cycle_through_their_occurrences(project, tmp_path):
    import_one(project, tmp_path)
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_turn_2(pilot)
        turn_start = screen.segment.start
        await pilot.press("s", *"职校", "enter")
        first = screen.query_one(TranscriptView).selection
        assert selected(screen) == "职校" and first[0] - turn_start == TURN.index("职校")
        assert any("Occurrence 1 of 2" in n.message for n in app._notifications)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "职校"  # the last words, ready to repeat
        await pilot.press("enter")
        second = screen.query_one(TranscriptView).selection
        assert second[0] - turn_start == TURN.index("职校", TURN.index("职校") + 1)
        await pilot.press("s", "enter")  # wraps to the first again
        assert screen.query_one(TranscriptView).selection == first
        await pilot.press("s", *"妈妈", "enter")  # typing replaces the old words
        assert selected(screen) == "妈妈"


async def test_prompts_about_a_turn_do_not_cover_it(project, tmp_path):
    import_one(project, tmp_path)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_turn_2(pilot)
        view = screen.query_one(TranscriptView)
        lines = view.wrapped.lines_of(screen.index)
        top = view.content_region.y + lines.start - round(view.scroll_y)
        turn_rows = set(range(top, top + len(lines)))
        for key in ("s", "e", "colon"):
            await pilot.press(key)
            await pilot.pause()
            dialog = app.screen.query_one(".edge-dialog, .dialog")
            dialog_rows = set(range(dialog.region.y, dialog.region.bottom))
            assert not dialog_rows & turn_rows, (key, sorted(dialog_rows), sorted(turn_rows))
            await pilot.press("escape")
            assert app.screen is screen
