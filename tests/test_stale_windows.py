"""A researcher's habits from outside (QA round 27): a CLI beside the open TUI re-imports a revised transcript or
deletes a document. Nothing may be coded on text that is no longer the transcript's, and the open window says what
happened instead of showing a traceback."""

from __future__ import annotations


from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import import_transcripts, settle

SIZE = (120, 36)
INSERTED = "访谈者：你有兄弟姐妹吗？\n受访者：有一个弟弟。\n"


def revise_s01(folder) -> None:
    """An exchange inserted after the first answer: every later turn's number goes up by two."""
    source = folder / "S01_pre.txt"
    text = source.read_text(encoding="utf-8")
    marker = "受访者：中考失利以后我很自卑，觉得自己不行。\n"
    source.write_text(text.replace(marker, marker + INSERTED), encoding="utf-8")


def current_codings(project) -> list[tuple[str, int, str]]:
    return [tuple(r) for r in project.conn.execute(
        "SELECT c.code_id, s.ordinal, substr(d.text, c.start + 1, c.end - c.start) FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id "
        "WHERE d.is_current = 1 ORDER BY s.ordinal")]


def test_a_cli_code_naming_the_replaced_version_is_refused_and_nothing_is_coded(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    old_id = repo.get_document(project.conn, "S01_pre", with_text=False).id
    revise_s01(folder)
    assert run_cli("import", folder / "S01_pre.txt", cwd=project.root).exit_code == 0
    before = project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    result = run_cli("code", str(old_id), "4", "PF_FAMILY", cwd=project.root)
    assert result.exit_code == 2 and "Traceback" not in result.err
    assert "S01_pre version 1 was replaced by version 2" in result.err
    assert "nothing coded" in result.err
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == before
    # by name, the same command codes the current version's turn 4, the inserted answer
    assert run_cli("code", "S01_pre", "4", "PF_FAMILY", cwd=project.root).exit_code == 0
    assert current_codings(project) == [("PF_FAMILY", 4, "有一个弟弟。")]


def toasts(app) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_the_open_window_moves_to_the_new_version_and_codes_the_words_it_shows(project, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j")  # S01_pre turn 4: 我妈妈一直鼓励我……
        await pilot.pause()
        screen = app.screen
        assert screen.segment.ordinal == 4
        revise_s01(folder)
        with open_project(project.root) as other:  # the CLI beside the TUI
            assert api.import_paths(other, [folder / "S01_pre.txt"]).files[0].status == "new version"
        await pilot.press("f")  # PF_FAMILY's key, pressed before the window noticed the import
        await pilot.pause()
        assert ("S01_pre was imported again elsewhere: now showing its version 2, at the same words; nothing was "
                "done on the old version — press the key again") in toasts(app)
        assert current_codings(project) == []  # refused: asked to press again, on the new version
        assert screen.data.document.version == 2 and screen.segment.ordinal == 6  # the same words
        assert screen.data.text[screen.segment.start:screen.segment.end].startswith("我妈妈一直鼓励我")
        await pilot.press("f")
        await pilot.pause()
    assert [(code, turn) for code, turn, _ in current_codings(project)] == [("PF_FAMILY", 6)]
    assert "我妈妈一直鼓励我" in current_codings(project)[0][2]
    old = project.conn.execute("SELECT count(*) FROM codings c JOIN documents d ON d.id = c.document_id "
                               "WHERE d.is_current = 0").fetchone()[0]
    assert old == 0


async def test_a_document_deleted_while_its_window_is_open_sends_the_window_home(project, tmp_path):
    from qualcode.app.maintenance.documents import delete_document

    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j")
        await pilot.pause()
        assert app.screen.SCOPE == "coding"
        with open_project(project.root) as other:
            delete_document(other, "S01_pre")
        assert app.check_for_outside_changes()
        await settle(pilot)
        assert app.screen.SCOPE == "home"
        assert "S01_pre was deleted elsewhere (qualcode documents delete); back to the home screen" in toasts(app)
        assert "nothing was done" not in toasts(app)  # no key was pressed: nothing to say about one
        await pilot.press("enter")  # the remaining document opens as usual
        await settle(pilot)
        assert app.screen.SCOPE == "coding" and app.screen.data.document.name == "S02_post"
    assert project.conn.execute("SELECT count(*) FROM documents WHERE name = 'S01_pre'").fetchone()[0] == 0


async def test_a_key_pressed_in_the_window_of_a_deleted_document_goes_home_without_a_traceback(project, tmp_path):
    from qualcode.app.maintenance.documents import delete_document

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j")
        await pilot.pause()
        screen = app.screen
        with open_project(project.root) as other:
            delete_document(other, "S01_pre")
        screen.toggle_code("AD_EXAM")
        await settle(pilot)
        assert app.screen.SCOPE == "home"
        assert "S01_pre 已在别处被删除（qualcode documents delete）；已返回首页；未做任何改动" in toasts(app)
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0


def test_removing_a_coding_of_the_replaced_version_is_refused_too_and_said_in_chinese(project, tmp_path):
    import pytest

    from qualcode.core.errors import SupersededVersionError
    from qualcode.tui.error_words import message_in

    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    old = repo.get_document(project.conn, "S01_pre", with_text=False)
    coding = api.code_segment(project, repo.segment_by_ordinal(project.conn, old.id, 2).id, "AD_EXAM")
    revise_s01(folder)
    api.import_paths(project, [folder / "S01_pre.txt"])
    with pytest.raises(SupersededVersionError) as refused:
        api.remove_coding(project, coding.id)  # the old version's copy: the moved one stays, so refuse
    assert message_in("zh", refused.value.message).startswith("S01_pre 的第 1 版已被重新导入的新版本取代")
    assert "未删除任何内容" in message_in("zh", refused.value.message)
    assert current_codings(project)[0][:2] == ("AD_EXAM", 2)
    assert project.conn.execute("SELECT count(*) FROM codings WHERE id = ?", (coding.id,)).fetchone()[0] == 1


async def test_a_window_that_notices_a_reimport_on_its_own_moves_and_says_only_that(project, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j")
        await pilot.pause()
        screen = app.screen
        revise_s01(folder)
        with open_project(project.root) as other:
            api.import_paths(other, [folder / "S01_pre.txt"])
        assert app.check_for_outside_changes()  # what the poll (or focus coming back) does
        await pilot.pause()
        assert "S01_pre 已在别处重新导入：现在显示第 2 版，停在同样的文字处" in toasts(app)
        assert "请再按一次" not in toasts(app)
        assert screen.data.document.version == 2 and screen.segment.ordinal == 6


async def test_codes_merged_beside_the_open_window_leave_its_tree_and_keys(project, tmp_path):
    """`qualcode codes merge PF_SOCIALWORK PF_SCHOOL` beside the TUI: the window's codings followed, but the tree
    kept the merged code and its key, which then answered "no code 'PF_SOCIALWORK'"."""
    from qualcode.app.maintenance.code_merge import merge_code

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j")
        await pilot.pause()
        screen = app.screen
        assert screen.code_keys.get("w") == "PF_SOCIALWORK"
        with open_project(project.root) as other:
            merge_code(other, "PF_SOCIALWORK", "PF_SCHOOL")
        assert app.check_for_outside_changes()
        await pilot.pause()
        assert "PF_SOCIALWORK" not in screen.code_index and "w" not in screen.code_keys
        await pilot.press("w")  # the merged code's key: nothing happens, no error
        await pilot.press("t")  # the target's key codes the turn
        await pilot.pause()
        assert not any(n.severity == "error" for n in app._notifications)
    assert [c[:2] for c in current_codings(project)] == [("PF_SCHOOL", 4)]


def memos_on_turns(project) -> list[tuple[int, int, str]]:
    """(version, turn, text) of every turn memo."""
    return [tuple(r) for r in project.conn.execute(
        "SELECT d.version, s.ordinal, m.text FROM memos m JOIN segments s ON m.target_type = 'segment' "
        "AND m.target_id = CAST(s.id AS TEXT) JOIN documents d ON d.id = s.document_id ORDER BY m.id")]


async def test_a_memo_typed_while_another_window_codes_the_turn_is_saved_not_dropped(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j", "m")
        await pilot.pause()
        screen = app.screen.app.screen_stack[-2]
        await pilot.press(*"mother's support")
        with open_project(project.root, coder="B") as other:  # a second coder codes the same turn meanwhile
            api.code_segment(other, screen.segment.id, "PF_FAMILY")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "press the key again" not in toasts(app)  # saved: nothing to press again
    assert memos_on_turns(project) == [(1, 4, "mother's support")]


async def test_a_memo_typed_while_the_transcript_is_imported_again_lands_on_the_new_version(project, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j", "m")
        await pilot.pause()
        await pilot.press(*"mother's support")
        revise_s01(folder)
        with open_project(project.root) as other:
            api.import_paths(other, [folder / "S01_pre.txt"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "now showing its version 2" in toasts(app) and "press the key again" not in toasts(app)
    assert memos_on_turns(project) == [(2, 6, "mother's support")]  # the same words, not the replaced version


async def test_a_memo_typed_while_the_document_is_deleted_is_shown_back_not_lost_silently(project, tmp_path):
    from qualcode.app.maintenance.documents import delete_document

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "m")
        await pilot.pause()
        await pilot.press(*"a long thought")
        with open_project(project.root) as other:
            delete_document(other, "S01_pre")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.SCOPE == "home"
        assert ("The document was deleted while the memo was open, so it was not saved; its words: a long thought"
                in toasts(app))


async def test_keywords_added_from_the_cli_while_the_keyword_editor_is_open_are_kept(project, tmp_path, run_cli):
    """`qualcode keywords add PF_FAMILY 外婆` beside the TUI's open keyword list, which then saved the list it had
    shown plus its own word: the CLI's word was gone from the codebook, without a word."""
    from tests.test_tui_codebook_editor import _keywords, _open_editor_on

    import_transcripts(project, tmp_path / "incoming")
    before_zh, before_en = _keywords(project.root)["PF_FAMILY"]
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "PF_FAMILY")
        await pilot.press("k")
        await pilot.pause()
        assert run_cli("--project", project.root, "keywords", "add", "PF_FAMILY", "外婆", cwd=tmp_path).exit_code == 0
        await pilot.press("a", *"表姐", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    zh, en = _keywords(project.root)["PF_FAMILY"]
    assert "外婆" in zh and "表姐" in zh and en == before_en
    assert set(zh) == set(before_zh) | {"外婆", "表姐"}
