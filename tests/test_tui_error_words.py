"""Issue 16 item 8: messages raised by the app layer appear in Chinese when the interface is Chinese.

Each error is the real one, raised by the real use case in a real project, and shown by the real app
(`--lang zh`); the assertions read the notification toasts or the dialog line on the screen. The English
interface keeps the library's own English message word for word (the CLI prints the same text).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from qualcode.app.coding import history
from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from qualcode.tui.error_words import message_in
from tests.test_tui_codebook_editor import BOOK, SIZE, _open_editor_on
from tests.tui_fixtures import import_transcripts, settle


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def on_screen(app) -> str:
    """The text of every notification toast the screen shows."""
    return " ".join(str(toast.render()) for toast in app.screen.query(Toast))


async def add_keyword_in_editor(pilot, code_id: str, keyword: str) -> None:
    """F3 on ``code_id``, k, add ``keyword``, save the list."""
    await _open_editor_on(pilot, code_id)
    await pilot.press("k", "a", *keyword, "enter")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)


async def export_to(pilot, typed: str) -> str:
    """F5, type the output path, ctrl+s: the dialog's message line."""
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    pilot.app.screen.query_one("#export-path", Input).value = typed
    await pilot.press("ctrl+s")
    await settle(pilot)
    return str(pilot.app.screen.query_one("#export-message", Static).render())


async def test_a_refused_undo_of_a_hand_edited_codebook_is_chinese(tui_project):
    path = tui_project.root / "codebooks" / BOOK
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await add_keyword_in_editor(pilot, "PF_GOAL", "志向")
        path.write_text(path.read_text(encoding="utf-8").replace("# ", "#  ", 1), encoding="utf-8")
        await pilot.press("u")
        await settle(pilot)
        shown = on_screen(app)
        assert f"{BOOK} 在这次编码本修改（PF_GOAL 的关键词）之后已被手动或其他方式改动" in shown, shown
        assert "未撤销任何内容" in shown and "这一步已搁置" in shown
        assert "has changed" not in shown


async def test_an_undo_that_stops_at_a_codebook_edit_is_chinese(tui_project):
    history.record_codebook_edit(tui_project.conn, tui_project.coder, "codebook import")
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        shown = on_screen(app)
        assert "上一步是编码本修改（codebook import，" in shown and "无法撤销" in shown, shown


async def test_an_invalid_regular_expression_keyword_is_refused_in_chinese(tui_project):
    path = tui_project.root / "codebooks" / BOOK
    before = path.read_text(encoding="utf-8")
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await add_keyword_in_editor(pilot, "PF_GOAL", "re:考(证")
        shown = on_screen(app)
        assert "修改未保存，否则编码本将无效：编码 'PF_GOAL'：关键词 're:考(证' 中的正则表达式无效" in shown, shown
        assert "（第 " in shown and "个字符）" in shown  # the position, in Chinese too
    assert path.read_text(encoding="utf-8") == before


async def test_a_broken_codebook_at_start_is_reported_in_chinese_with_its_place(tui_project):
    path = tui_project.root / "codebooks" / BOOK
    path.write_text("codebook: broken\nthemes: [\n", encoding="utf-8")
    with open_project(tui_project.root) as project:
        app = make_app(project, poll_seconds=None, language="zh")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            shown = on_screen(app)
            assert "YAML 格式错误" in shown and BOOK in shown, shown


@pytest.mark.parametrize("typed, expected", [
    ("", "请输入要写入的文件，例如 exports/matrix.csv"),
    ("exports", "是文件夹；请加上文件名"),
    ("exports/matrix.xlsx", "时应写入 '.csv' 文件；请修改文件名或格式"),
    ("qualcode.toml/matrix.csv", "是文件，不能在其下写入 matrix.csv"),
])
async def test_export_path_problems_are_chinese(tui_project, typed, expected):
    (tui_project.root / "exports").mkdir(exist_ok=True)
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        line = await export_to(pilot, typed)
        assert expected in line, line


async def test_an_existing_export_is_chinese_and_english_stays_word_for_word(tui_project):
    (tui_project.root / "exports").mkdir(exist_ok=True)
    (tui_project.root / "exports" / "matrix.csv").write_text("x", encoding="utf-8")
    for language, expected in (("zh", "已存在；勾选“覆盖”即可替换"), ("en", "already exists; tick 'overwrite' to replace it")):
        app = make_app(tui_project, poll_seconds=None, language=language)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            assert expected in await export_to(pilot, "exports/matrix.csv")


def test_an_unknown_message_stays_whole_and_english_is_untouched():
    """No half translations: a message without a pattern is shown as the library wrote it."""
    assert message_in("zh", "something new went wrong; try again") == "something new went wrong; try again"
    english = "PF_GOAL is in a.yaml but PF_X is in b.yaml; codes can only be merged within one codebook"
    assert message_in("en", english) == english
    assert message_in("zh", english) == "PF_GOAL 在 a.yaml 中，而 PF_X 在 b.yaml 中；只能合并同一编码本中的编码"


async def test_a_refused_merge_says_why_in_chinese_and_changes_nothing(tui_project):
    """AD_CONFUSION is named by a negated_suggests of the other codebook: merging it away is refused."""
    from tests.test_tui_codebook_editor import _walk

    books = {p: p.read_bytes() for p in (tui_project.root / "codebooks").glob("*.yaml")}
    events = tui_project.conn.execute("SELECT count(*) FROM history").fetchone()[0]   # the import's
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_editor_on(pilot, "AD_CONFUSION")
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen.query_one("#picker-tree")
        picker.move_cursor(next(n for n in _walk(picker.root) if n.data == "AD_HELPLESS"))
        await pilot.press("enter")
        await settle(pilot)
        shown = on_screen(app)
        # where the reference is and what to change there (stop 29: it named the code, not the file)
        assert ("resilience-protective-factors.yaml:" in shown and "编码 'PF_GOAL' 的 negated_suggests 中列有 "
                "'AD_CONFUSION'" in shown and "请在该处把 'AD_CONFUSION' 改为 'AD_HELPLESS' 或删去" in shown), shown
    assert {p: p.read_bytes() for p in books} == books
    assert tui_project.conn.execute("SELECT count(*) FROM history").fetchone()[0] == events


def test_coding_and_memo_refusals_from_the_use_cases_are_chinese(tui_project):
    """Raised by the real use cases, translated whole (the TUI shows these when coding and writing memos)."""
    from qualcode.app import api
    from qualcode.core.errors import QualcodeError
    from qualcode.storage import repository as repo

    s01 = repo.get_document(tui_project.conn, "S01_pre", with_text=False)
    turn = repo.segment_by_ordinal(tui_project.conn, s01.id, 2)
    api.code_segment(tui_project, turn.id, "PF_FAMILY")
    memo = api.add_memo(tui_project, "segment", turn.id, "a note", author="B")
    attempts = {
        "已经用 PF_FAMILY 编码过这段文字": lambda: api.add_coding(
            tui_project, document_id=s01.id, start=turn.start, end=turn.end, code_id="PF_FAMILY",
            segment_id=turn.id),
        f"超出第 {turn.ordinal} 段": lambda: api.add_coding(
            tui_project, document_id=s01.id, start=turn.start, end=turn.end + 5, code_id="PF_GOAL",
            segment_id=turn.id),
        "项目的编码本中没有编码 'NO_SUCH'": lambda: api.code_segment(tui_project, turn.id, "NO_SUCH"),
        f"备忘 {memo.id} 由 B 撰写；只有作者本人可以修改或删除": lambda: api.edit_memo(tui_project, memo.id, "mine"),
    }
    for expected, attempt in attempts.items():
        with pytest.raises(QualcodeError) as raised:
            attempt()
        assert expected in message_in("zh", raised.value.message), raised.value.message
