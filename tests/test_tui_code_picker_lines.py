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
