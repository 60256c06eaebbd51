"""The workbench's statistics (F4) count what the exports count (QA round 29).

F4 counted every coding: one made on an interviewer's question (with the warning that it is not participant data)
showed as a coded turn of the participant, while `export matrix` left it out: S01 had 2 in F4 and 1 in the matrix.
"""

from __future__ import annotations

import pandas as pd
from textual.widgets import DataTable

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.widgets.bars import BarChart
from tests.tui_fixtures import imported_turns, settle


async def test_statistics_leave_out_codings_on_interviewer_turns_as_the_matrix_does(project, tmp_path, run_cli):
    s2, _s4, _s02 = imported_turns(project, tmp_path / "incoming")
    api.code_segment(project, s2.id, "AD_EXAM")
    question = next(s for s in repo.list_segments(project.conn, s2.document_id) if s.role == "interviewer")
    api.code_segment(project, question.id, "AD_EXAM")
    out = project.root / "exports" / "m.csv"
    assert run_cli("export", "matrix", "--out", out, cwd=project.root).exit_code == 0
    in_matrix = int(pd.read_csv(out).set_index("participant").loc["S01", "AD_EXAM"])
    assert in_matrix == 1
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        by_participant = str(app.screen.query_one("#by-participant", BarChart).render()).splitlines()[1:]
        assert [(line.split()[0], line.split()[-1]) for line in by_participant] == [("S01", str(in_matrix))]
        heat = app.screen.query_one("#heat", DataTable)
        row = heat.get_row_at(0)
        assert str(row[0]) == "S01"
