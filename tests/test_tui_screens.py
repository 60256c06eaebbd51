"""Interface text, keymap, help, palette, corpus search, codebook editor, export, statistics, refresh."""

from __future__ import annotations

import re
import string

import pytest

from qualcode.app import api
from qualcode.core.errors import QualcodeError
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.i18n import STRINGS, choose_language
from qualcode.tui.keymap import ACTIONS, actions_for, user_keymap
from qualcode.tui.screens.coding import CodingScreen
from tests.tui_fixtures import add_code_by_keys, import_transcripts, settle

SIZE = (120, 36)


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


# --------------------------------------------------------------------------- text and keys
def test_every_interface_string_exists_in_both_languages_with_the_same_placeholders():
    for key, (english, chinese) in STRINGS.items():
        assert english.strip() and chinese.strip(), key
        fields = lambda text: sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)  # noqa: E731
        assert fields(english) == fields(chinese), key
    for spec in ACTIONS:
        assert all(label.strip() for label in spec.label), spec.id
        assert re.search(r"[\u4e00-\u9fff]", spec.label[1]), spec.id


def test_language_choice_order():
    config = {"project": {"language": "zh"}, "tui": {"language": "en"}}
    assert choose_language(None, config) == "en"
    assert choose_language("zh-CN", config) == "zh"
    assert choose_language(None, {"project": {"language": "zh"}}) == "zh"
    assert choose_language(None, {}) == "en"


def test_coding_screen_letters_are_the_ones_codebooks_may_not_use():
    from qualcode.core.codebook_schema import RESERVED_KEYS

    letters = {key for spec in actions_for("coding") for key in spec.keys.split(",")
               if len(key) == 1 and key.islower()}
    assert letters <= set(RESERVED_KEYS), letters - set(RESERVED_KEYS)


def test_user_keymap_is_checked():
    assert user_keymap({"tui": {"keys": {"coding.undo": "z, ctrl+z"}}}) == {"coding.undo": "z,ctrl+z"}
    with pytest.raises(QualcodeError, match="unknown action 'coding.nope'"):
        user_keymap({"tui": {"keys": {"coding.nope": "q"}}})


async def test_remapped_key_from_qualcode_toml_works(tui_project):
    config = tui_project.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[tui.keys]\n"coding.next_segment" = "ctrl+n"\n',
                      encoding="utf-8")
    with open_project(tui_project.root, coder=tui_project.coder) as project:
        app = make_app(project, poll_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            await pilot.press("ctrl+n")
            assert screen.segment.ordinal == 2
            await pilot.press("j")  # no longer bound
            assert screen.segment.ordinal == 2


async def test_help_lists_every_action_and_the_code_keys(tui_project):
    app = make_app(tui_project, language="zh", poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        table = app.screen.query_one("#help-keys")
        ids = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert {spec.id for spec in ACTIONS} <= ids
        assert "PF_FAMILY" in ids  # code keys are listed too
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.SCOPE == "home"


async def test_command_palette_runs_a_coding_action(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"uncoded participant")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.segment.ordinal == 2


# --------------------------------------------------------------------------- other screens
async def test_corpus_search_jumps_to_the_segment(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2", *"妈妈", "enter")
        await settle(pilot)
        hits = app.screen.hits
        assert [(h.document_name, h.ordinal, h.match) for h in hits] == [("S01_pre", 4, "妈妈")]
        assert hits[0].left.endswith("我")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.segment.ordinal == 4
        assert app.screen.matches == [(hits[0].start, hits[0].end)]


async def test_codebook_editor_adds_a_code_and_keywords_keeping_comments(tui_project):
    path = tui_project.root / "codebooks" / "resilience-protective-factors.yaml"
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("#")]
    assert comments
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        tree = screen.query_one("#cb-tree")
        node = next(n for n in _walk(tree.root) if n.data == "PF_SUPPORT")
        tree.move_cursor(node)
        await pilot.pause()
        await add_code_by_keys(pilot, "PF_HOPE", "希望", "Hope")
        node = next(n for n in _walk(tree.root) if n.data == "PF_HOPE")
        tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("k")  # the keyword list editor: a adds after the highlighted item
        await pilot.pause()
        await pilot.press("a", *"盼头", "enter")
        await pilot.pause()
        await pilot.press("a", *"希望", "enter")
        await pilot.pause()
        await pilot.press("down", "a", *"hope", "enter")  # the en section (heading, then its empty row)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    text = path.read_text(encoding="utf-8")
    assert all(line in text for line in comments)
    with open_project(tui_project.root) as other:
        code = other.code_index()["PF_HOPE"]
        assert (code.parent_id, code.labels["zh"], code.labels["en"]) == ("PF_SUPPORT", "希望", "Hope")
        assert code.keywords.zh == ("盼头", "希望") and code.keywords.en == ("hope",)
        # and the database knows the new code, so it can be used at once
        api.code_segment(other, repo.list_segments(other.conn, 1)[1].id, "PF_HOPE")


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


async def test_export_dialog_writes_the_matrix_and_refuses_to_overwrite(tui_project):
    with open_project(tui_project.root) as other:
        segments = repo.list_segments(other.conn, repo.get_document(other.conn, "S01_pre").id)
        api.code_segment(other, segments[3].id, "PF_FAMILY")
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = tui_project.root / "exports" / "matrix.csv"
        assert written.exists()
        header = written.read_text(encoding="utf-8").splitlines()[0]
        assert "PF_FAMILY" in header
        await pilot.press("ctrl+s")  # again, without "overwrite": a clear message, file unchanged
        await settle(pilot)
        message = str(app.screen.query_one("#export-message").render())
        assert "already exists" in message


async def test_statistics_count_codings_per_participant(tui_project):
    with open_project(tui_project.root) as other:
        for name, ordinal, code in (("S01_pre", 2, "AD_EXAM"), ("S01_pre", 4, "PF_FAMILY"),
                                    ("S02_post", 2, "PF_EMOTION")):
            document = repo.get_document(other.conn, name, with_text=False)
            api.code_segment(other, repo.segment_by_ordinal(other.conn, document.id, ordinal).id, code)
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        heat = app.screen.query_one("#heat")
        rows = {str(heat.get_row_at(i)[0]): [str(c) for c in heat.get_row_at(i)[1:]] for i in range(heat.row_count)}
        columns = [key.value for key in heat.columns][1:]  # code ids; the headers show their names
        assert set(rows) == {"S01", "S02"}
        assert dict(zip(columns, rows["S01"]))["AD_EXAM"] == "1"
        assert dict(zip(columns, rows["S02"]))["PF_EMOTION"] == "1"
        assert dict(zip(columns, rows["S02"]))["AD_EXAM"] == "·"


async def test_changes_from_another_window_appear_on_refresh(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j")
        screen = app.screen
        assert not app.check_for_outside_changes()
        with open_project(tui_project.root, coder="B") as other:
            api.code_segment(other, screen.segment.id, "AD_EXAM")
        assert app.check_for_outside_changes()
        await pilot.pause()
        assert [(c.code_id, c.coder) for c in screen.segment_codings()] == [("AD_EXAM", "B")]


def test_keywords_typed_with_chinese_or_ascii_separators():
    from qualcode.tui.screens.codebook import split_words

    assert split_words("家里人，妈妈；爸爸、 外婆, mum;dad") == ["家里人", "妈妈", "爸爸", "外婆", "mum", "dad"]


async def test_a_broken_codebook_is_reported_in_one_line_and_nothing_crashes(tui_project):
    path = tui_project.root / "codebooks" / "needs-themes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    messages: list[str] = []
    app = make_app(tui_project, poll_seconds=None)
    original = app.notify

    def notify(message, *args, **kwargs):
        messages.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("needs-themes.yaml" in m for m in messages), messages
        await pilot.press("enter")  # the coding screen cannot load the codes: back home, no traceback
        await settle(pilot)
        assert app.screen.SCOPE == "home"
        await pilot.press("f1", "escape", "f3")
        await settle(pilot)
        assert app.screen.SCOPE == "codebook"


async def test_a_change_while_a_dialog_is_open_still_reaches_the_screen_below(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j")
        screen = app.screen
        await pilot.press("m")  # the memo dialog is on top
        await pilot.pause()
        with open_project(tui_project.root, coder=tui_project.coder) as other:
            api.code_segment(other, screen.segment.id, "AD_EXAM")
        assert app.check_for_outside_changes()
        assert [c.code_id for c in screen.segment_codings()] == ["AD_EXAM"]
        await pilot.press("escape")


@pytest.mark.parametrize("kind, fmt", [("matrix", "xlsx"), ("long", "csv"), ("quotes", "md"), ("qdpx", "qdpx")])
def test_every_export_kind_writes_its_file(tui_project, kind, fmt):
    from qualcode.tui import exporting

    with open_project(tui_project.root) as other:
        document = repo.get_document(other.conn, "S01_pre", with_text=False)
        api.code_segment(other, repo.segment_by_ordinal(other.conn, document.id, 4).id, "PF_FAMILY")
    path = exporting.default_path(tui_project.root, kind, fmt)
    request = exporting.ExportRequest(kind=kind, path=path, format=fmt if fmt in exporting.TABLE_FORMATS else "csv")
    steps = list(exporting.run_export(tui_project, request))
    assert steps[-1][0] == steps[-1][1]  # the last step is "done"
    assert path.exists() and path.stat().st_size > 0
    if kind == "quotes":
        assert "我妈妈一直鼓励我" in path.read_text(encoding="utf-8")


async def test_codebook_editor_merge_moves_the_codings_too(tui_project):
    document = repo.list_documents(tui_project.conn)[0]
    segment = next(s for s in repo.list_segments(tui_project.conn, document.id) if s.role == "participant")
    api.toggle_code(tui_project, segment.id, "PF_CAMPUS")
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        tree = app.screen.query_one("#cb-tree")
        tree.move_cursor(next(n for n in _walk(tree.root) if n.data == "PF_CAMPUS"))
        await pilot.pause()
        await pilot.press("g")  # the target is picked from the codebook tree
        await pilot.pause()
        picker = app.screen.query_one("#picker-tree")
        picker.move_cursor(next(n for n in _walk(picker.root) if n.data == "PF_SCHOOL"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # asked first, naming both codes and what moves
        await settle(pilot)
    codes = [c.code_id for c in repo.list_codings(tui_project.conn, segment_id=segment.id)]
    assert codes == ["PF_SCHOOL"]
    assert "PF_CAMPUS" not in tui_project.code_index()
    assert list((tui_project.root / ".qualcode" / "backups").glob("before-merge-PF_CAMPUS-into-PF_SCHOOL-*.db"))
