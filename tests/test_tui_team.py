"""Team work in the TUI, driven by Pilot on a real project: blind mode, the disagreements screen, and the
codings flagged after a transcript was revised. Assertions on what the screens show and on the database."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, SelectionList, Static

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.disagreements import DisagreementsScreen
from qualcode.tui.screens.flagged import FlaggedCodingsScreen
from qualcode.tui.screens.home import HomeScreen
from tests.tui_fixtures import code_and_revise_s01, import_transcripts, participant_segments, settle

SIZE = (120, 36)


@pytest.fixture
def two_coders(project, tmp_path):
    """S01_pre coded by A (segment 2: AD_EXAM, segment 4: PF_FAMILY) and B (segment 4: PF_GOAL, a sub-span)."""
    import_transcripts(project, tmp_path / "incoming")
    s2, s4, _ = participant_segments(project)
    api.code_segment(project, s2.id, "AD_EXAM", coder="A")
    api.code_segment(project, s4.id, "PF_FAMILY", coder="A")
    api.add_coding(project, document_id=s4.document_id, start=s4.start, end=s4.start + 7, code_id="PF_GOAL",
                   segment_id=s4.id, coder="B")
    return project


def as_coder(project, coder):
    return open_project(project.root, coder=coder)


# --------------------------------------------------------------------------- blind mode
async def test_blind_mode_shows_only_the_current_coders_codings(two_coders):
    from qualcode.tui.screens.stats import StatsScreen

    seen_stats = []

    def record(message):
        if isinstance(message, StatsScreen.Ready):
            seen_stats.append(message.stats)

    with as_coder(two_coders, "B") as project:
        app = make_app(project, poll_seconds=None, blind=True)
        async with app.run_test(size=SIZE, message_hook=record) as pilot:
            await settle(pilot)
            assert "BLIND" in app.sub_title
            home = app.screen
            s01 = next(row for row in home.rows if row.name == "S01_pre")
            assert s01.reviewed_segments == 1  # only B's segment 4; A's segment 2 does not count
            counts = home.query_one("#codes", DataTable)
            count_column = list(counts.columns)[1]
            assert [counts.get_cell(code, count_column) for code in ("PF_GOAL", "PF_FAMILY", "AD_EXAM")] == [
                "1", "0", "0"]
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CodingScreen)
            assert {(c.code_id, c.coder) for c in screen.data.codings} == {("PF_GOAL", "B")}
            assert screen.document_counts == {"PF_GOAL": 1}
            await pilot.press("n")  # next uncoded: segment 2 (A's coding there is invisible to B)
            assert screen.segment.ordinal == 2
            await pilot.press("f")  # B codes segment 2 with PF_FAMILY, blind
            assert {(c.code_id, c.coder) for c in screen.data.codings} == {("PF_GOAL", "B"), ("PF_FAMILY", "B")}
            await pilot.press("f4")
            await settle(pilot)
            stats = seen_stats[-1]
            assert sum(stats.grid.values()) == 2 and set(stats.codes) == {"PF_GOAL", "PF_FAMILY"}
    codings = repo.list_codings(two_coders.conn)
    assert sorted((c.code_id, c.coder) for c in codings) == [
        ("AD_EXAM", "A"), ("PF_FAMILY", "A"), ("PF_FAMILY", "B"), ("PF_GOAL", "B")]


async def test_not_blind_shows_every_coders_codings(two_coders):
    with as_coder(two_coders, "B") as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "BLIND" not in app.sub_title
            s01 = next(row for row in app.screen.rows if row.name == "S01_pre")
            assert s01.reviewed_segments == 2
            await pilot.press("enter")
            await settle(pilot)
            assert {c.coder for c in app.screen.data.codings} == {"A", "B"}
            assert app.screen.document_counts == {"AD_EXAM": 1, "PF_FAMILY": 1, "PF_GOAL": 1}


def test_blind_comes_from_qualcode_toml_and_a_bad_value_is_one_clear_error(two_coders):
    from qualcode.core.errors import QualcodeError

    config = two_coders.root / "qualcode.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("[tui]\n", "[tui]\nblind = true\n"), encoding="utf-8")
    with as_coder(two_coders, "B") as project:
        assert make_app(project, poll_seconds=None).blind is True
        assert make_app(project, poll_seconds=None, blind=False).blind is False  # --no-blind wins
    config.write_text(original.replace("[tui]\n", "[tui]\nblind = \"yes\"\n"), encoding="utf-8")
    with as_coder(two_coders, "B") as project:
        with pytest.raises(QualcodeError, match=r"qualcode.toml: \[tui\] blind must be true or false"):
            make_app(project, poll_seconds=None)


def test_tui_command_has_a_blind_flag(run_cli):
    result = run_cli("tui", "--help")
    assert result.exit_code == 0 and "--blind" in result.out


async def test_blind_suggestions_hide_the_other_coders_decision(project, tmp_path):
    suggest = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine is not installed")
    from qualcode.app.suggesting import review as suggest_review
    from qualcode.storage.suggestions import list_suggestions

    import_transcripts(project, tmp_path / "incoming")
    suggest.run_suggest(project, jobs=1)
    [family] = [r for r in list_suggestions(project.conn)
                if r.document_name == "S01_pre" and r.ordinal == 4 and r.suggestion.code_id == "PF_FAMILY"]
    suggest_review.decide(project, [family], "accept", coder="A")
    pending = {}
    for blind, status in ((True, "pending"), (False, "accepted")):
        with as_coder(project, "B") as as_b:
            app = make_app(as_b, poll_seconds=None, blind=blind)
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                pending[blind] = next(r.pending_suggestions for r in app.screen.rows if r.name == "S01_pre")
                await pilot.press("enter")
                await settle(pilot)
                shown = {s.code_id: s for s in app.screen.data.suggestions if s.segment_id == family.suggestion.segment_id}
                assert shown["PF_FAMILY"].status == status
                assert bool(app.screen.data.codings) is not blind  # A's accepted coding only when not blind
    assert pending[True] == pending[False] + 1  # A's decision is still open for B when blind


# --------------------------------------------------------------------------- disagreements
async def test_disagreements_screen_records_a_consensus_coding_with_a_memo(two_coders):
    app = make_app(two_coders, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        assert len(screen.items) == 2  # segment 2 (AD_EXAM: A only) and segment 4 (PF_FAMILY vs PF_GOAL)
        while "S01_pre #4" not in str(screen.query_one("#dis-position", Static).render()):
            await pilot.press("n")
        codes = screen.query_one("#dis-codes", SelectionList)
        codes.focus()
        options = [codes.get_option_at_index(i).value for i in range(codes.option_count)]
        codes.highlighted = options.index("PF_FAMILY")
        await pilot.press("space")
        screen.query_one("#dis-memo", Input).focus()
        await pilot.press(*"母亲的支持")
        await pilot.press("ctrl+s")
        await pilot.pause()
    rows = two_coders.conn.execute("SELECT code_id, memo FROM codings WHERE coder = 'consensus'").fetchall()
    assert [tuple(r) for r in rows] == [("PF_FAMILY", "母亲的支持")]


async def test_disagreements_with_one_coder_is_a_notification_not_a_crash(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    s2, _, _ = participant_segments(project)
    api.code_segment(project, s2.id, "AD_EXAM", coder="A")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("two coders" in n.message for n in app._notifications)


async def test_disagreements_are_not_shown_in_blind_mode(two_coders):
    app = make_app(two_coders, poll_seconds=None, blind=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("blind mode" in n.message for n in app._notifications)


async def test_palette_and_help_reach_the_new_screens(two_coders):
    app = make_app(two_coders, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Disagreements")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DisagreementsScreen)
        await pilot.press("escape", "f1")
        await settle(pilot)
        table = app.screen.query_one("#help-keys")
        ids = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert {"app.disagreements", "app.flagged", "disagreements.save", "flagged.resolve"} <= ids


# --------------------------------------------------------------------------- revised transcripts
@pytest.fixture
def revised(project, tmp_path):
    """S01_pre coded, then revised: one coded sentence deleted, one coded sentence with a changed word."""
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    report = code_and_revise_s01(project, folder)
    assert report.files[0].status == "new version"
    return project


def open_review_rows(project):
    return project.conn.execute("SELECT code_id, reason, status FROM coding_reviews ORDER BY code_id").fetchall()


async def test_flagged_codings_are_listed_jumped_to_and_resolved(revised):
    assert [tuple(r) for r in open_review_rows(revised)] == [("AD_EXAM", "deleted", "open"),
                                                            ("PF_FAMILY", "changed", "open")]
    app = make_app(revised, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2 revised to review" in app.sub_title
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FlaggedCodingsScreen)
        assert [(i.code_id, i.reason, i.old_text) for i in screen.items] == [
            ("AD_EXAM", "deleted", "中考失利以后我很自卑，觉得自己不行。"),
            ("PF_FAMILY", "changed", "我妈妈一直鼓励我，家里人都支持我读职校。")]
        assert screen.items[1].new_text == "我妈妈一直鼓励我，家里人都支持我读中专。"
        assert "中考失利" in str(screen.query_one("#flagged-detail", Static).render())
        await pilot.press("enter")  # the deleted one cannot be jumped to: a hint, same screen
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("down", "enter")  # the changed one: its segment on the new version
        await settle(pilot)
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.data.document.id == screen.items[1].document_id
        assert coding.segment.id == screen.items[1].segment_id and coding.segment.ordinal == 4
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("up", "x")  # resolve the deleted one
        await settle(pilot)
        assert [i.code_id for i in screen.items] == ["PF_FAMILY"]
        assert "1 revised to review" in app.sub_title
    with open_project(revised.root, coder=revised.coder) as other:  # committed
        assert [tuple(r) for r in open_review_rows(other)] == [("AD_EXAM", "deleted", "resolved"),
                                                              ("PF_FAMILY", "changed", "open")]


async def test_blind_lists_only_the_coders_own_flagged_codings(revised):
    with as_coder(revised, "someone else") as project:
        app = make_app(project, poll_seconds=None, blind=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "revised" not in app.sub_title
            await pilot.press("f8")
            await settle(pilot)
            assert app.screen.items == []
            assert "Nothing to review" in str(app.screen.query_one("#flagged-detail", Static).render())
            await pilot.press("escape", "enter")  # the revised transcript itself: no "need review" notice
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen) and app.screen.codings_under_review == set()
            assert not any("need review" in n.message for n in app._notifications)


def _screen_words(app) -> str:
    """The characters on screen, as a person reads them (the SVG screenshot without its markup)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_disagreements_screen_names_its_keys_in_chinese_and_shows_every_one(two_coders, size):
    """The screen's key line was Textual's footer: English "^p palette" in the Chinese interface, and at 80
    columns the undo (ctrl+z) and back (Esc) keys did not show at all."""
    app = make_app(two_coders, language="zh", poll_seconds=None)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, DisagreementsScreen)
        words = _screen_words(app)
    assert "palette" not in words
    for hint in ("下一个分歧", "上一个分歧", "撤销上一条共识编码", "返回", "命令", "F1"):
        assert hint in words, (hint, words[-800:])


async def test_the_engine_as_a_coder_is_named_in_chinese(project, tmp_path):
    """Agreement of a coder with the suggestion engine (`--coders A engine`): the engine's panel said
    "engine (engine)", English in the Chinese interface. It says 建议引擎 now."""
    suggest = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine is not installed")
    from qualcode.analysis.agreement.source import ENGINE

    import_transcripts(project, tmp_path / "incoming")
    suggest.run_suggest(project, jobs=1)
    s2, _, _ = participant_segments(project)
    api.code_segment(project, s2.id, "PF_GOAL", coder="A")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = DisagreementsScreen(project, coders=("A", ENGINE))
        await app.push_screen(screen)
        await settle(pilot)
        assert screen.items
        engine_panel = str(screen.query_one("#dis-b", Static).render())
    assert "建议引擎" in engine_panel and "(engine)" not in engine_panel, engine_panel


async def test_disagreements_with_one_coder_say_so_in_chinese(project, tmp_path):
    """A Chinese window said `错误 disagreements need two coders' codings in this project` (QA round 30)."""
    import_transcripts(project, tmp_path / "incoming")
    s2, _, _ = participant_segments(project)
    api.code_segment(project, s2.id, "AD_EXAM", coder="A")
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("分歧视图需要本项目中两位编码者的编码" in n.message for n in app._notifications)
        assert not any("two coders" in n.message for n in app._notifications)
