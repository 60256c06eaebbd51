"""The home screen's code list and the code trees count what the exports count (outside tester, stop 29).

They counted every coding, one made on an interviewer's question too, while `export matrix` counts codings on
participant turns only: a researcher saw 2 for AD_EXAM on the home screen and 1 in the matrix without a word.
Now they count the matrix's rows (``queries.counted_codings``, the statistics screen's too) and the home screen
says, as the exports do, how many codings on interviewer turns it leaves out.
"""

from __future__ import annotations

import pandas as pd
from textual.widgets import DataTable, Static, Tree

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from tests.tui_fixtures import home_ready, imported_turns, settle


def _coded_on_a_question(project, folder):
    """AD_EXAM on S01_pre's participant turn #2 and on the interviewer's question before it; the matrix's count."""
    s2, s4, _ = imported_turns(project, folder)
    api.code_segment(project, s2.id, "AD_EXAM")
    question = next(s for s in repo.list_segments(project.conn, s2.document_id) if s.role == "interviewer")
    api.code_segment(project, question.id, "AD_EXAM")
    return s2, s4, question


def _matrix_count(project, run_cli, code_id: str) -> int:
    out = project.root / "exports" / f"m-{code_id}.csv"
    assert run_cli("export", "matrix", "--out", out, "--force", cwd=project.root).exit_code == 0
    return int(pd.read_csv(out).set_index("participant").loc["S01", code_id])


async def test_home_code_list_counts_as_the_matrix_and_says_what_it_leaves_out(project, tmp_path, run_cli):
    _coded_on_a_question(project, tmp_path / "incoming")
    in_matrix = _matrix_count(project, run_cli, "AD_EXAM")
    assert in_matrix == 1
    app = make_app(project, language="en", poll_seconds=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        codes = app.screen.query_one("#codes", DataTable)
        assert str(codes.get_row("AD_EXAM")[1]) == str(in_matrix)
        note = app.screen.query_one("#codes-note", Static)
        assert note.display
        shown = str(note.render())
        assert "1 coding(s) on interviewer or other turns are not counted" in shown and "AD_EXAM" in shown


async def test_home_says_it_in_chinese(project, tmp_path):
    _coded_on_a_question(project, tmp_path / "incoming")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        shown = str(app.screen.query_one("#codes-note", Static).render())
        assert "计数与导出一致" in shown and "1 条编码位于访谈者或其他说话人的段落上，未计入" in shown


async def test_home_says_nothing_when_every_coding_counts(project, tmp_path):
    s2, _s4, _s02 = imported_turns(project, tmp_path / "incoming")
    api.code_segment(project, s2.id, "AD_EXAM")
    app = make_app(project, language="en", poll_seconds=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        assert str(app.screen.query_one("#codes", DataTable).get_row("AD_EXAM")[1]) == "1"
        assert not app.screen.query_one("#codes-note", Static).display


async def test_coding_screen_tree_counts_as_the_matrix(project, tmp_path, run_cli):
    s2, s4, question = _coded_on_a_question(project, tmp_path / "incoming")
    in_matrix = _matrix_count(project, run_cli, "AD_EXAM")
    app = make_app(project, language="en", poll_seconds=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CodingScreen(s2.document_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        assert screen.document_counts.get("AD_EXAM") == in_matrix == 1
        # one more participant turn coded from the screen: its count moves by one, as the matrix's does
        screen.go_to(next(i for i, s in enumerate(screen.data.segments) if s.id == s4.id))
        screen.toggle_code("AD_EXAM")
        await settle(pilot)
        assert screen.document_counts.get("AD_EXAM") == _matrix_count(project, run_cli, "AD_EXAM") == 2
        # taking the code off the interviewer's question changes no count: the matrix never counted it
        screen.go_to(next(i for i, s in enumerate(screen.data.segments) if s.id == question.id))
        screen.toggle_code("AD_EXAM")
        await settle(pilot)
        assert not [c for c in repo.list_codings(project.conn, segment_id=question.id)]
        assert screen.document_counts.get("AD_EXAM") == _matrix_count(project, run_cli, "AD_EXAM") == 2


async def test_codebook_editor_tree_counts_as_the_matrix(project, tmp_path, run_cli):
    _coded_on_a_question(project, tmp_path / "incoming")
    in_matrix = _matrix_count(project, run_cli, "AD_EXAM")
    app = make_app(project, language="en", poll_seconds=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        tree = app.screen.query_one(Tree)
        node = next(n for n in _nodes(tree.root) if n.data == "AD_EXAM")
        assert str(node.label).split()[-1] == str(in_matrix)


def _nodes(node):
    for child in node.children:
        yield child
        yield from _nodes(child)
