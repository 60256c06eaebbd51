"""Issue 16 item 3: the suggestion review flow, with the real engine on a real project.

After a decision the marker moves to the next pending suggestion; `a` accepts the highlighted suggestion
(whose evidence is shown) and never another; `A` asks how many in this document or the whole project;
the panel keeps the highlighted suggestion in view; statuses and evidence kinds in the interface language.
"""

from __future__ import annotations

import pytest

from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding_prompts import RECOUNT_AFTER_SECONDS
from tests.test_tui_suggestions import open_s01, store, suggest, suggested_project  # noqa: F401 (fixture)
from tests.tui_text import ANSWERS

SMALL = (80, 24)


def statuses(project) -> dict[tuple[str, int, str], str]:
    with open_project(project.root, coder=project.coder) as other:
        return {(row.document_name, row.ordinal, row.suggestion.code_id): row.suggestion.status
                for row in store.list_suggestions(other.conn)}


def panel_text(screen) -> str:
    return str(screen.query_one("#suggestions").render())


def highlighted_line(screen) -> str:
    return next(line for line in panel_text(screen).splitlines() if line.startswith("▶"))


async def test_reject_moves_the_marker_and_a_accepts_only_the_highlighted_one(suggested_project):
    before = statuses(suggested_project)
    two = [key for key in before if key[:2] == ("S01_pre", 2)]
    assert len(two) == 2, before  # 中考失利以后我很自卑: low self-esteem and exam failure
    app = make_app(suggested_project, poll_seconds=None, language="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("p")
        assert screen.segment.ordinal == 2
        first, second = screen.segment_suggestions()
        assert "待定" in panel_text(screen) and "关键词" in panel_text(screen)  # status and evidence kind in Chinese
        assert screen.code_index[first.code_id].label("zh") in highlighted_line(screen)
        await pilot.press("r")
        # the marker moved on to the other pending suggestion, whose evidence is now shown
        assert screen.suggestion_cursor == 1
        assert screen.code_index[second.code_id].label("zh") in highlighted_line(screen)
        assert statuses(suggested_project)[("S01_pre", 2, first.code_id)] == "rejected"
        await pilot.press("a")
        assert statuses(suggested_project)[("S01_pre", 2, second.code_id)] == "accepted"
        # Nothing pending is highlighted now: `a` says so and accepts nothing else.
        after = statuses(suggested_project)
        await pilot.press("left_square_bracket", "a")
        assert statuses(suggested_project) == after
        assert any("已拒绝" in n.message for n in app._notifications)


async def test_bulk_accept_asks_with_counts_for_the_document_or_the_project(suggested_project):
    root = suggested_project.root
    toml = root / "qualcode.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[tui]\n", "[tui]\naccept_threshold = 0.5\n"),
                    encoding="utf-8")
    before = statuses(suggested_project)
    in_s01 = [k for k, v in before.items() if k[0] == "S01_pre" and v == "pending"]
    assert len(in_s01) == 4 and len(before) == 5, before
    with open_project(root, coder=suggested_project.coder) as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SMALL) as pilot:
            screen = await open_s01(pilot)
            await pilot.press("A")
            await pilot.pause()
            dialog = app.screen
            assert "≥ 0.5" in str(dialog.query_one(".dialog-title").render())
            assert "In S01_pre: 4" in str(dialog.query_one("#bulk-document").label)
            assert "whole project: 5" in str(dialog.query_one("#bulk-project").label)
            await pilot.press("escape")  # cancel: nothing accepted
            assert app.screen is screen and statuses(project) == before
            await pilot.press("A")
            await pilot.pause()
            await pilot.click("#bulk-project")
            await pilot.pause()
            assert app.screen is screen
    assert set(statuses(suggested_project).values()) == {"accepted"}
    assert any("Accepted 5" in n.message for n in app._notifications)


async def test_the_panel_keeps_the_highlighted_suggestion_in_view(project, tmp_path):
    """A turn with many suggestions at 80×24: ] walks down the list and the panel scrolls with it."""
    from qualcode.app.api import import_paths

    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "S05_pre.txt").write_text("访谈者：说说你的情况。\n受访者：" + "".join(ANSWERS[:7]) + "\n", encoding="utf-8")
    import_paths(project, [folder])
    suggest.run_suggest(project, jobs=1)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j")
        panel = screen.query_one("#suggestions")  # the panel scrolls itself
        shown = screen.segment_suggestions()
        assert len(shown) > panel.scrollable_content_region.height, "needs more suggestions than fit"
        for _ in range(len(shown) - 1):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            top, height = round(panel.scroll_y), panel.scrollable_content_region.height
            assert top <= screen.suggestion_cursor < top + height
        assert panel.scroll_y > 0
        await pilot.press("r")  # the last one rejected: the marker wraps to the first pending one
        await pilot.pause()
        assert screen.suggestion_cursor == 0 and round(panel.scroll_y) == 0


SAID_MEANWHILE = {"en": ("In S01_pre: 3", "Accepted 2", "1 left alone, e.g. #", " is already accepted"),
                  "zh": ("本文档 S01_pre：3 条", "已接受 2 条", "1 条未处理，例如：#", " 已被接受")}


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_bulk_accept_says_what_another_window_decided_meanwhile(suggested_project, language):
    """The dialog counted 3; another window accepts one before the answer: 2 accepted, 1 reported, none lost.
    In Chinese the suggestion left alone is said in Chinese too (it read '#12 is already accepted')."""
    counted, accepted, left, why = SAID_MEANWHILE[language]
    app = make_app(suggested_project, language=language, poll_seconds=None)
    async with app.run_test(size=SMALL) as pilot:
        await open_s01(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert counted in str(app.screen.query_one("#bulk-document").label)
        with open_project(suggested_project.root, coder="B") as other:
            from qualcode.app.suggesting import review

            row = review.select_suggestions(other, documents=["S01_pre"], min_score=0.8)[-1]
            review.decide(other, [row], "accept")
        await pilot.click("#bulk-document")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any(accepted in n for n in notes), notes
        assert any(n.startswith(left) and n.endswith(why) for n in notes), notes
    assert [v for k, v in statuses(suggested_project).items() if k[0] == "S01_pre" and v != "pending"] == [
        "accepted"] * 3


async def test_bulk_accept_takes_a_typed_threshold_and_refuses_a_bad_one(suggested_project):
    """The threshold is typed in the dialog (0-1), the counts follow it, and a bad one accepts nothing."""
    before = statuses(suggested_project)
    app = make_app(suggested_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("A")
        await pilot.pause()
        dialog = app.screen
        assert "S01_pre：3" in str(dialog.query_one("#bulk-document").label)  # the preset 0.8
        await pilot.press(*"1.5")  # the preset is selected: typing replaces it
        await pilot.pause()
        assert "0 到 1 之间" in str(dialog.query_one("#bulk-problem").render())
        assert dialog.query_one("#bulk-document").disabled and dialog.query_one("#bulk-project").disabled
        await pilot.press("enter")  # nothing to accept at a bad threshold: the dialog stays
        await pilot.pause()
        assert app.screen is dialog and statuses(suggested_project) == before
        await pilot.press("end", *["backspace"] * 3, *"０.５")  # full-width figures, as a Chinese IME types them
        await pilot.pause()
        assert dialog.query_one("#bulk-document").disabled  # recounted once typing pauses, not on every key
        await pilot.pause(RECOUNT_AFTER_SECONDS + 0.2)
        assert str(dialog.query_one("#bulk-problem").render()).strip() == ""
        assert "≥ 0.5" in str(dialog.query_one(".dialog-title").render())
        assert "S01_pre：4" in str(dialog.query_one("#bulk-document").label)
        assert "整个项目：5" in str(dialog.query_one("#bulk-project").label)
        await pilot.press("end", "backspace", "４", "enter")  # Enter before the recount: it counts first
        await pilot.pause()
        assert app.screen is screen
        assert any("已接受 4 条 ≥ 0.4" in n.message for n in app._notifications)
    after = statuses(suggested_project)
    assert {k: v for k, v in after.items() if k[0] == "S01_pre"} == {
        k: "accepted" for k, v in before.items() if k[0] == "S01_pre"}
    assert [v for k, v in after.items() if k[0] != "S01_pre"] == ["pending"]


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_bulk_accept_buttons_show_their_whole_count_at_80_columns(sample_project, language):
    """At 80x24 the buttons said `整个项目：69` (the 条 cut off) and, in English, lost more; every label is
    whole and inside the dialog, so the count a person reads is the count accepted."""
    from rich.cells import cell_len

    suggest.run_suggest(sample_project, jobs=1)  # the sample: two- and three-digit counts, as in the session
    app = make_app(sample_project, poll_seconds=None, language=language)
    async with app.run_test(size=SMALL) as pilot:
        await open_s01(pilot)
        await pilot.press("A", *"0.1")
        await pilot.pause(RECOUNT_AFTER_SECONDS + 0.3)
        dialog = app.screen
        assert sum(ch.isdigit() for ch in str(dialog.query_one("#bulk-project").label)) >= 2
        frame = dialog.query_one(".dialog").content_region
        for name in ("#bulk-document", "#bulk-project", "#bulk-cancel"):
            button = dialog.query_one(name)
            label = str(button.label)
            assert cell_len(label) <= button.content_region.width, (label, button.content_region)
            assert button.region.right <= frame.right, (label, button.region, frame)


async def test_a_burst_of_keys_in_the_threshold_box_is_applied_in_order(suggested_project):
    """As a terminal delivers a burst (tmux `send-keys BSpace BSpace BSpace 0.4`: one read, six key events
    posted at once), not one key per frame as Pilot's press does: Textual ran the Backspaces as bindings after
    the characters, which left the box empty; every key now acts in the order typed (issue 16 leftover f)."""
    from textual import events

    app = make_app(suggested_project, poll_seconds=None, language="en")
    async with app.run_test(size=SMALL) as pilot:
        await open_s01(pilot)
        await pilot.press("A")
        await pilot.pause()
        box = app.screen.query_one("#bulk-threshold")
        assert box.value == "0.8" and app.screen.focused is box

        def burst(*keys: tuple[str, str | None]) -> None:
            for key, character in keys:  # what the driver does with one read from the terminal
                app.post_message(events.Key(key, character))

        backspace = ("backspace", "\x7f")
        burst(backspace, backspace, backspace, ("0", "0"), ("full_stop", "."), ("4", "4"))
        await pilot.pause(RECOUNT_AFTER_SECONDS + 0.2)
        assert box.value == "0.4"
        assert "≥ 0.4" in str(app.screen.query_one(".dialog-title").render())
        burst(("end", None), backspace, ("5", "5"), ("left", None), backspace, ("9", "9"))
        await pilot.pause()
        assert box.value == "095"  # 0.4 → 0. → 0.5 → (before 5) delete "." → 05 → 095


@pytest.fixture
def many_suggestions(project, tmp_path):
    """One transcript whose twelve answers each draw three suggestions scoring under 0.8: none at the preset
    threshold, 36 at 0.5."""
    from qualcode.app.api import import_paths

    folder = tmp_path / "incoming"
    folder.mkdir()
    lines = ["---", "participant: S09", "wave: pre", "---"]
    for _ in range(12):
        lines += ["访谈者：那时候怎么样？", "受访者：中考失利以后我一直觉得自己不如别人，有点自卑，我妈妈一直鼓励我。"]
    (folder / "S09_pre.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_paths(project, [folder])
    suggest.run_suggest(project, jobs=1)
    return project


async def test_bulk_accept_buttons_grow_with_their_recounted_labels(many_suggestions):
    """The buttons were as wide as the counts they opened with: at 80 columns "0 条" became "36 条" and the
    screen showed "本文档 S09_pre：36" and "整个项目：36", the 条 cut off without a mark."""
    import html
    import re

    app = make_app(many_suggestions, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        await open_s01(pilot)
        await pilot.press("A")
        await pilot.pause()
        dialog = app.screen
        assert "S09_pre：0 条" in str(dialog.query_one("#bulk-document").label)
        await pilot.press(*"0.5")
        await pilot.pause(RECOUNT_AFTER_SECONDS + 0.2)
        await pilot.pause()
        assert "整个项目：36 条" in str(dialog.query_one("#bulk-project").label)
        shown = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")
    assert "本文档 S09_pre：36 条" in shown and "整个项目：36 条" in shown, [l for l in shown.splitlines() if "整个项目" in l]
