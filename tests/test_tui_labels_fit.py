"""Code labels in the two code trees are never cut silently: a cut ends in "…", ids and counts stay whole,
and the coding screen shows the highlighted code's whole label under its tree (issue 16)."""

from __future__ import annotations

import pytest
from rich.style import Style

from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.panels import CodebookTree
from tests.tui_fixtures import home_ready, import_transcripts, settle


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def _tree_lines(tree) -> dict[str, str]:
    """The text each code's line shows on screen, by code id."""
    shown = {}
    for y, line in enumerate(tree._tree_lines):
        if line.node.data in getattr(tree, "codes", {}) or line.node.data in tree.screen.codes:
            shown[line.node.data] = tree._render_line(y, 0, tree.scrollable_content_region.width, Style()).text
    return shown


async def open_codebook_editor(pilot) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_coding_tree_labels_end_in_an_ellipsis_and_the_whole_label_shows_below(tui_project, size):
    app = make_app(tui_project, language="en", poll_seconds=None)
    async with app.run_test(size=size) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        tree = app.screen.query_one(CodebookTree)
        shown = _tree_lines(tree)
        assert shown
        cut = 0
        for code_id, text in shown.items():
            label = tree.codes[code_id].label("en")
            if label not in text:
                cut += 1
                assert "…" in text, f"{code_id} cut silently: {text!r}"
        assert cut, "the shipped codebooks have labels longer than the side panel"
        long_code = max(tree.codes.values(), key=lambda code: len(code.label("en")))
        tree.move_cursor(tree.nodes[long_code.id])
        await settle(pilot)
        assert str(app.screen.query_one("#code-full").render()) == long_code.label("en")


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_codebook_editor_tree_keeps_ids_and_counts_at_80_columns(tui_project, language):
    app = make_app(tui_project, language=language, poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_codebook_editor(pilot)
        tree = app.screen.query_one("#cb-tree")
        shown = _tree_lines(tree)
        assert shown
        for code_id, text in shown.items():
            assert code_id in text, f"id cut: {text!r}"
            label = app.screen.codes[code_id].label(language)
            assert label in text or "…" in text, f"label cut silently: {text!r}"


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_codebook_editor_key_line_shows_every_key_at_80_columns(tui_project, language):
    from qualcode.tui.keymap import actions_for, display_key, effective_keys
    from qualcode.tui.widgets.keyhints import KeyHints

    app = make_app(tui_project, language=language, poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_codebook_editor(pilot)
        hints = app.screen.query_one(KeyHints)
        rows = str(hints.render()).splitlines()
        assert len(rows) == hints.size.height
        assert all(len(row) <= 80 and not row.rstrip().endswith("…") for row in rows), rows
        shown = " ".join(rows)
        for spec in actions_for("codebook"):
            if spec.show and not effective_keys(spec, {}).startswith("f"):
                key = display_key(effective_keys(spec, {}).split(",")[0]).replace("Ctrl+", "^")
                assert f" {key}" in f" {shown}" or shown.startswith(key), (key, rows)
