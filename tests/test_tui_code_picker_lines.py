"""The code picker (e on the coding screen, F10 on home) says each of a code's names once.

A real project in tmp_path with the shipped codebooks and one written as `import-codings` writes codes that
came from another tool: the same text as both labels, or a label equal to the id.
"""

from __future__ import annotations

from textual.widgets import OptionList

from qualcode.app.api import sync_codes
from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from qualcode.tui.screens.dialogs import CodePicker
from tests.tui_fixtures import settle

IMPORTED = """\
codebook: imported
version: 1
language: [zh, en]
themes:
  - id: IMPORTED
    label: {zh: 导入的编码, en: Imported}
    codes:
      - id: Inform_time
        label: {en: Inform time, zh: Inform time}
      - id: Chitchat
        label: {en: Chitchat, zh: Chitchat}
"""


def _picker_lines(project_root, language: str, query: str):
    async def run():
        with open_project(project_root, coder="A") as project:
            app = make_app(project, poll_seconds=None, language=language)
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                await pilot.press("f10")   # home: pick a code by name
                await pilot.pause()
                assert isinstance(app.screen, CodePicker)
                await pilot.press(*query)
                await pilot.pause()
                options = app.screen.query_one(OptionList)
                return {options.get_option_at_index(i).id: str(options.get_option_at_index(i).prompt)
                        for i in range(options.option_count)}
    return run


async def test_an_imported_code_is_named_once_and_a_shipped_code_by_both_labels(project):
    (project.root / "codebooks" / "imported.yaml").write_text(IMPORTED, encoding="utf-8")
    sync_codes(project)
    root = project.root
    project.close()
    lines = await _picker_lines(root, "zh", "Inform time")()
    assert lines["Inform_time"] == "Inform time  (Inform_time)"
    lines = await _picker_lines(root, "zh", "Chitchat")()
    assert lines["Chitchat"] == "Chitchat"            # the label is the id: said once
    lines = await _picker_lines(root, "zh", "情绪控制")()
    assert lines["PF_EMOTION"] == "情绪控制  ·  Emotion control  (PF_EMOTION)"


async def test_the_picker_marks_the_codes_the_turn_has_so_enter_does_not_remove_one_unseen(project, tmp_path):
    """`e` + a name + Enter toggles the code as its key does. On a turn that already had the code, a researcher
    looking it up to add it removed the coding: the picker showed nothing. Its line now says Enter removes it."""
    from qualcode.app import api
    from qualcode.tui.screens.coding import CodingScreen
    from tests.tui_fixtures import home_ready, import_transcripts, participant_segments

    import_transcripts(project, tmp_path / "incoming")
    answer = participant_segments(project)[0]
    api.code_segment(project, answer.id, "AD_EXAM")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.press("j")
        await pilot.pause()
        assert screen.segment.id == answer.id
        await pilot.press("e")
        await pilot.pause()
        lines = {str(o.id): str(o.prompt) for o in app.screen.query_one(OptionList).options}
        assert "回车将移除" in lines["AD_EXAM"], lines["AD_EXAM"]
        assert not any("回车将移除" in line for code, line in lines.items() if code != "AD_EXAM")
        await pilot.press(*"中考失利", "enter")
        await pilot.pause()
    rows = project.conn.execute("SELECT COUNT(*) FROM codings WHERE segment_id = ?", (answer.id,)).fetchone()[0]
    assert rows == 0, "Enter on the marked line removes the coding, as the line said"
