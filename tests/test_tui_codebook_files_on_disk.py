"""A codebook YAML edited in another window (vim in a second SSH session) is picked up by the running workbench
without a restart: the home screen's labels, the open transcript's tree and keys, one error naming the place for a
broken edit (not one per poll), and the fix loaded. Real project, real SQLite, the real app driven by Pilot with
its real poll."""

from __future__ import annotations

import os
import time

import pytest
from textual.widgets import DataTable

from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.panels import CodebookTree
from tests.tui_fixtures import home_ready, import_transcripts, until, settle

SIZE = (80, 24)   # an SSH terminal
POLL = 0.1

EXTRA = """codebook: extra
version: 1
language: [zh, en]
themes:
  - id: X_HOBBY
    label: {zh: 兴趣爱好, en: Hobbies}
    key: "{key}"
"""


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def _write_later(path, text: str) -> None:
    """Write ``path`` and move its time a second on, so a file system with coarse times sees the change."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 1
    os.utime(path, (later, later))


def _toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_label_edited_on_disk_shows_on_home_without_a_restart(tui_project):
    book = tui_project.root / "codebooks" / "resilience-protective-factors.yaml"
    app = make_app(tui_project, language="zh", poll_seconds=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        codes = app.screen.query_one("#codes", DataTable)
        label = str(codes.get_row("PF_FAMILY")[0]).strip()
        assert label.endswith("家庭支持"), label
        _write_later(book, book.read_text(encoding="utf-8").replace("家庭支持", "家人的支持"))
        await until(pilot, lambda: str(codes.get_row("PF_FAMILY")[0]).strip().endswith("家人的支持"),
                     "the new label on the home screen")
        assert "编码本文件在外部有改动，已重新载入：resilience-protective-factors.yaml" in _toasts(app)


async def test_a_code_added_on_disk_can_be_coded_by_its_key_in_the_open_transcript(tui_project):
    app = make_app(tui_project, language="en", poll_seconds=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        await pilot.press("enter")   # S01_pre
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.press("j")       # turn 2, a participant's
        _write_later(tui_project.root / "codebooks" / "extra.yaml", EXTRA.replace("{key}", "K"))
        tree = screen.query_one(CodebookTree)
        await until(pilot, lambda: "X_HOBBY" in tree.nodes, "the new code in the open transcript's tree")
        assert "Codebook changed on disk, loaded again: extra.yaml" in _toasts(app)
        await pilot.press("K")
        codings = repo.list_codings(tui_project.conn, document_id=screen.document_id)
        assert [(c.code_id, c.segment_id) for c in codings] == [("X_HOBBY", screen.segment.id)]


async def test_a_broken_edit_on_disk_is_one_error_naming_the_place_and_the_fix_is_picked_up(tui_project):
    extra = tui_project.root / "codebooks" / "extra.yaml"
    extra.write_text(EXTRA.replace("{key}", "K"), encoding="utf-8")
    app = make_app(tui_project, language="en", poll_seconds=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        _write_later(extra, EXTRA.replace("{key}", "K").replace("themes:", "themes: [", 1))
        await until(pilot, lambda: any("extra.yaml" in t and "YAML" in t for t in _toasts(app)),
                     "the error naming the file")
        errors = [t for t in _toasts(app) if "extra.yaml" in t and "YAML" in t]
        assert len(errors) == 1 and ":" in errors[0].split("extra.yaml", 1)[1], errors   # file:line, said once
        await pilot.pause(5 * POLL)
        assert len([t for t in _toasts(app) if "extra.yaml" in t and "YAML" in t]) == 1   # not every poll
        _write_later(extra, EXTRA.replace("{key}", "K").replace("Hobbies", "Pastimes"))
        codes = app.screen.query_one("#codes", DataTable)
        await until(pilot, lambda: str(codes.get_row("X_HOBBY")[0]).strip().endswith("Pastimes"),
                     "the fixed file loaded")
        assert "Codebook changed on disk, loaded again: extra.yaml" in _toasts(app)
