"""`n` at the last uncoded turn of a document names the next document with uncoded turns; `n` again opens it.

Until stop 30 it said only 后面没有未编码的受访者段落, and the researcher went home to find the next interview
to code. Now the message names the next document (by name, after this one, round to the first) and how many
turns it has left, says how many this document still has before the current turn, and a second `n` opens that
document at its first uncoded participant turn, in place of this one (Esc goes home). Real project, the real
app at 80×24.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.home import HomeScreen
from tests.test_tui_app import open_s01
from tests.test_tui_history_words import go_to_ordinal, messages
from tests.tui_fixtures import import_transcripts, settle

SIZE = (80, 24)


async def test_n_at_the_last_uncoded_turn_offers_the_next_document_and_n_again_opens_it(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")   # S01_pre: participant turns 2, 4, 6; S02_post: 2
    s01 = repo.get_document(project.conn, "S01_pre", with_text=False)
    api.code_segment(project, repo.segment_by_ordinal(project.conn, s01.id, 4).id, "PF_FAMILY")
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 6)   # the last uncoded turn; turn 2 is still uncoded too
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and screen.segment.ordinal == 6
        assert ("本文档后面没有未编码的受访者段落（本文档前面还有 1 个，从第 2 段起）。下一个还有未编码段落的文档："
                "S02_post（1 个）——再按 n 打开它") in messages(app), messages(app)
        await pilot.press("n")
        await settle(pilot)
        opened = app.screen
        assert isinstance(opened, CodingScreen) and opened.data.document.name == "S02_post"
        assert opened.segment.ordinal == 2 and opened.segment.role == "participant"
        assert "S02_post：第一个未编码的受访者段落，第 2 段（共 1 个未编码）" in messages(app)
        await pilot.press("f")   # coded: now no document has uncoded turns after it but S01_pre's turns 2 and 6
        await pilot.press("n")
        await pilot.pause()
        assert "下一个还有未编码段落的文档：S01_pre（2 个）——再按 n 打开它" in messages(app)[-1], messages(app)
        await pilot.press("escape")   # in place of S01_pre, not on top of it: Esc goes home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_n_says_when_no_other_document_has_uncoded_turns(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    s02 = repo.get_document(project.conn, "S02_post", with_text=False)
    api.code_segment(project, repo.segment_by_ordinal(project.conn, s02.id, 2).id, "PF_EMOTION")
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 6)
        await pilot.press("n", "n")
        await pilot.pause()
        assert app.screen is screen
        assert ("No uncoded participant turn after this one (2 earlier in this document, from #2), and every "
                "other document is coded or marked \"no code applies\"") in messages(app), messages(app)
