"""The export dialog shows what the export says beside the file (QA round 29).

`qualcode export matrix` prints its notes: a row that is a document, not a participant (a group interview
without participant ids), SPSS value labels it shortened, unfinished files it removed. The dialog showed only
`Written: exports/matrix.csv` and dropped every note: the same export from the workbench said nothing.
"""

from __future__ import annotations

from textual.widgets import Input, Static

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import settle

SIZE = (120, 36)

GROUP = """访谈者：大家说说来职校以后的感受。
学生A：刚来的时候很自卑，觉得中考失利了。
学生B：我现在有目标了，想考电工证。
访谈者：家里人支持吗？
学生A：妈妈一直鼓励我。
"""


async def test_the_export_dialog_shows_the_exports_notes_in_the_interface_language(project, tmp_path):
    source = tmp_path / "小组访谈.txt"
    source.write_text(GROUP, encoding="utf-8")
    report = api.import_paths(project, [source])
    assert not report.errors
    document = repo.get_document(project.conn, "小组访谈", with_text=False)
    api.code_segment(project, repo.segment_by_ordinal(project.conn, document.id, 2).id, "AD_LOWSELF")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#export-path", Input).value = "exports/matrix.csv"
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = str(screen.query_one("#export-message", Static).render())
    assert "已写入" in message
    assert ("小组访谈 没有受访者编号：它在表中的一行以文档名命名，合并了其中所有受访者说话人 学生A, 学生B；"
            "请为每人指定受访者编号：`qualcode documents speakers 小组访谈 --set \"学生A=P01,学生B=P02\"`") in message
    assert (project.root / "exports" / "matrix.csv").exists()


async def test_the_progress_bar_shows_only_once_an_export_runs(project, tmp_path):
    """The dialog opened with a progress bar at "0%" above the form, as if an export had started and stuck; at
    80×24 it also pushed the overwrite box and the output path below the fold. It shows once Ctrl+s runs one."""
    import html
    import re

    from textual.widgets import ProgressBar

    from tests.tui_fixtures import import_transcripts

    import_transcripts(project, tmp_path / "incoming")

    def shown(app) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")

    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert "0%" not in shown(app)
        assert not screen.query_one("#export-progress", ProgressBar).display
        screen.query_one("#export-path", Input).value = "exports/matrix.csv"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#export-progress", ProgressBar).display
        assert "100%" in shown(app)
    assert (project.root / "exports" / "matrix.csv").exists()
