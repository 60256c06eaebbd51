"""Export dialog (issue 16 item 7) and statistics (item 10), on a real project with two coders.

Also: each of the workbench screens opened at 80×24 and 160×48 in English and
Chinese, checking the screen's own words are there and nothing is cut off.
"""

from __future__ import annotations

import csv

import pytest
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from qualcode.tui.i18n import Translator
from qualcode.tui.widgets.bars import Bar, BarChart, bar_lines
from tests.tui_fixtures import imported_turns, open_passages_from_home, settle

SIZE = (120, 36)


@pytest.fixture
def two_coders(project, tmp_path):
    """S01_pre #2 AD_EXAM by A, #4 PF_FAMILY by A and B; S02_post #2 PF_EMOTION by B."""
    s2, s4, s02 = imported_turns(project, tmp_path / "incoming")
    api.code_segment(project, s2.id, "AD_EXAM", coder="A")
    api.code_segment(project, s4.id, "PF_FAMILY", coder="A")
    api.code_segment(project, s4.id, "PF_FAMILY", coder="B")
    api.code_segment(project, s02.id, "PF_EMOTION", coder="B")
    return project


async def _open_export(pilot):
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    return pilot.app.screen


async def test_export_dialog_has_the_clis_options_and_says_whom_it_pools(two_coders):
    app = make_app(two_coders, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_export(pilot)
        assert "A, B (2)" in str(screen.query_one("#export-pooled", Static).render())
        screen.query_one("#export-coder", Select).value = "B"
        screen.query_one("#export-labels", Select).value = "zh"
        screen.query_one("#export-excel", Checkbox).value = True
        screen.query_one("#export-themes", Checkbox).value = True
        await pilot.pause()
        assert "B" in str(screen.query_one("#export-pooled", Static).render())
        screen.query_one("#export-path", Input).value = "exports/only-b.csv"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Written" in str(screen.query_one("#export-message", Static).render())
    written = two_coders.root / "exports" / "only-b.csv"
    raw = written.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for Chinese
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    header, labels, *data = rows
    assert "家庭支持" in labels  # the label row in Chinese
    by_case = {row[0]: dict(zip(header, row)) for row in data}
    assert by_case["S01"]["PF_FAMILY"] == "1" and by_case["S01"].get("AD_EXAM", "0") == "0"  # A's AD_EXAM left out
    assert by_case["S02"]["PF_EMOTION"] == "1"
    assert {"PF_SUPPORT", "PF_PERSONAL"} <= set(header)  # --themes: one column per theme
    assert by_case["S01"]["PF_SUPPORT"] == "1" and by_case["S02"]["PF_PERSONAL"] == "1"


@pytest.mark.parametrize("typed, expected", [
    ("", "type the file to write"),
    ("exports", "is a folder"),
    ("exports/matrix.xlsx", "'.csv' file"),
    ("qualcode.toml/matrix.csv", "is a file, so"),
])
async def test_a_bad_output_path_is_one_clear_line_and_nothing_is_written(two_coders, typed, expected):
    (two_coders.root / "exports").mkdir(exist_ok=True)
    before = sorted(p.name for p in (two_coders.root / "exports").iterdir())
    app = make_app(two_coders, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_export(pilot)
        screen.query_one("#export-path", Input).value = typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = str(screen.query_one("#export-message", Static).render())
        assert expected in message and "Traceback" not in message
    assert sorted(p.name for p in (two_coders.root / "exports").iterdir()) == before


async def test_statistics_labels_every_bar_in_the_interface_language_and_filter_by_coder(two_coders):
    app = make_app(two_coders, poll_seconds=None, language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        by_code = str(screen.query_one("#by-code", BarChart).render())
        # two waves (pre, post): one labelled bar per code and wave, in Chinese, with its whole count
        lines = by_code.splitlines()[1:]
        assert len(lines) == 3 * 2
        assert all(line.rstrip()[-1].isdigit() for line in lines)
        assert any(line.startswith("家庭支持 · pre") and line.rstrip().endswith(" 1") for line in lines)
        by_participant = str(screen.query_one("#by-participant", BarChart).render()).splitlines()[1:]
        assert [line.split()[0] for line in by_participant] == ["S01", "S02"]
        assert [line.split()[-1] for line in by_participant] == ["2", "1"]  # distinct coded turns
        heat = screen.query_one("#heat", DataTable)
        assert heat.fixed_columns == 1  # the participant column stays when the grid scrolls sideways
        headers = {key.value: str(column.label) for key, column in heat.columns.items()}
        assert (headers["participant"], headers["AD_EXAM"], headers["PF_FAMILY"], headers["PF_EMOTION"]) == (
            "受访者", "中考失利", "家庭支持", "情绪控制")
        await pilot.press("c")  # A only
        await settle(pilot)
        assert "A" in str(screen.query_one("#stats-message", Label).render())
        by_participant = str(screen.query_one("#by-participant", BarChart).render()).splitlines()[1:]
        assert [(line.split()[0], line.split()[-1]) for line in by_participant] == [("S01", "2")]
        await pilot.press("c")  # B only
        await settle(pilot)
        by_participant = str(screen.query_one("#by-participant", BarChart).render()).splitlines()[1:]
        assert [(line.split()[0], line.split()[-1]) for line in by_participant] == [("S01", "1"), ("S02", "1")]


def test_bars_line_up_chinese_labels_and_cut_long_ones():
    text = bar_lines("t", [Bar("家庭支持", 4), Bar("Goal", 2), Bar("一个非常非常非常非常非常长的编码名称", 1)], 40)
    lines = text.plain.splitlines()[1:]
    from rich.cells import cell_len

    starts = [cell_len(line[:line.index("█")]) for line in lines]
    assert len(set(starts)) == 1  # bars start in one column whatever the script
    assert lines[2].split()[0].endswith("…")
    assert all(cell_len(line) <= 40 for line in lines)
    assert [line.split()[-1] for line in lines] == ["4", "2", "1"]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_workbench_screens_open_at_both_sizes_in_both_languages(two_coders, language, size):
    tr = Translator(language)
    api.add_memo(two_coders, "project", "", "一条项目备忘", author="A")
    app = make_app(two_coders, poll_seconds=None, language=language)
    async with app.run_test(size=size) as pilot:
        await open_passages_from_home(pilot, "PF_FAMILY")
        title = str(app.screen.query_one("#retrieval-title", Label).render())
        assert title.startswith(two_coders.code_index()["PF_FAMILY"].label(language))
        assert app.screen.query_one("#passages", DataTable).row_count == 2
        await pilot.press("escape", "f9")
        await settle(pilot)
        assert str(app.screen.query_one("#memos-title", Label).render()).startswith(tr("memos.title", count=1,
                                                                                       kind="")[:3])
        for key, widget_id in (("f3", "#cb-tree"), ("f4", "#heat"), ("f5", "#export-form")):
            await pilot.press("f6", key)
            await settle(pilot)
            widget = app.screen.query_one(widget_id)
            assert widget.region.width > 0 and widget.region.right <= size[0]


async def test_a_crosstab_by_an_attribute_from_the_dialog(two_coders):
    app = make_app(two_coders, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_export(pilot)
        screen.query_one("#export-kind", Select).value = "crosstab"
        await pilot.pause()
        assert screen.query_one("#export-path", Input).value == "exports/crosstab.csv"
        screen.query_one("#export-attribute", Select).value = "wave"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Written" in str(screen.query_one("#export-message", Static).render())
        # no attribute chosen: one clear line, no file
        screen.query_one("#export-attribute", Select).clear()
        screen.query_one("#export-path", Input).value = "exports/crosstab-2.csv"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs an attribute" in str(screen.query_one("#export-message", Static).render())
    text = (two_coders.root / "exports" / "crosstab.csv").read_text(encoding="utf-8")
    assert "pre" in text.splitlines()[0] and "post" in text.splitlines()[0]
    assert not (two_coders.root / "exports" / "crosstab-2.csv").exists()


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_every_code_and_wave_bar_names_its_wave_at_80_columns(sample_project, language):
    """The sample at 80x24 showed `目标与生涯规划的需求 ·…` twice (0 and 8): the wave was cut, so two bars
    could not be told apart. Each bar's wave is whole; a Chinese code label is whole too."""
    from qualcode.app.importing.coded_sheets import import_codings
    from tests.conftest import REPO_ROOT

    import_codings(sample_project, REPO_ROOT / "codings" / "researcher-A.csv")  # the session's codings
    app = make_app(sample_project, poll_seconds=None, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        lines = str(app.screen.query_one("#by-code", BarChart).render()).splitlines()[1:]
        index = sample_project.code_index()
        seen = set()
        for line in lines:
            assert "…" not in line.split(" · ")[-1], line
            wave = line.split(" · ")[-1].split()[0]
            assert wave in ("pre", "post"), line
            name = line.split(" · ")[0].rstrip("…")
            seen.add((name, wave))
        assert len(seen) == len(lines)  # no two bars look alike
        if language == "zh":
            labels = {code.label("zh") for code in index.values()}
            assert {name for name, _ in seen} <= labels


async def test_the_export_choices_are_named_in_chinese_and_keep_the_clis_values(two_coders):
    """In the zh dialog the tmux session read `matrix`, `count`, `case` (the CLI's words, untranslated); each
    choice now says what it is in Chinese and keeps the CLI word beside it, and the value is the CLI's."""
    app = make_app(two_coders, poll_seconds=None, language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        for name in ("#export-kind", "#export-unit", "#export-by"):
            select = screen.query_one(name, Select)
            shown = [str(prompt) for prompt, _ in select._options if _ is not Select.BLANK]
            values = [value for _, value in select._options if value is not Select.BLANK]
            assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in shown), shown
            assert all(value in text for text, value in zip(shown, values)), shown  # the CLI word kept
        screen.query_one("#export-unit", Select).value = "presence"
        screen.query_one("#export-path", Input).value = "exports/presence.csv"
        await pilot.press("ctrl+s")
        await settle(pilot)
    rows = list(csv.reader((two_coders.root / "exports" / "presence.csv").read_text("utf-8-sig").splitlines()))
    assert rows[0][0] and {row[0] for row in rows[1:]} == {"S01", "S02"}


async def test_a_refused_export_reads_with_a_chinese_colon_in_chinese(two_coders):
    """tmux, zh, Ctrl+s onto an existing file: the line read `错误: …已存在` -- an English colon after a Chinese
    word; it is `错误：` now, and `Error: ` in English."""
    (two_coders.root / "exports").mkdir(exist_ok=True)
    (two_coders.root / "exports" / "taken.csv").write_text("mine\n", encoding="utf-8")
    for language, start in (("zh", "错误："), ("en", "Error: ")):
        app = make_app(two_coders, poll_seconds=None, language=language)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open_export(pilot)
            screen.query_one("#export-path", Input).value = "exports/taken.csv"
            await pilot.press("ctrl+s")
            await settle(pilot)
            message = str(screen.query_one("#export-message", Static).render())
        assert message.startswith(start) and "taken.csv" in message, message
    assert (two_coders.root / "exports" / "taken.csv").read_text(encoding="utf-8") == "mine\n"
