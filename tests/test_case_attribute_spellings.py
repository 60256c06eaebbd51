"""`qualcode cases set S01 Gender=女` where the cases' attribute is `gender` (QA round 29).

It stored a second attribute `Gender` beside `gender=男`, said `Updated S01`, and every export (`--attributes
gender`, crosstabs, the SPSS value labels) went on reading 男. It is refused now, naming the attribute to use.
"""

from __future__ import annotations

import json
import sqlite3

import pandas as pd


def _attributes(root, case_id):
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return json.loads(conn.execute("SELECT attributes FROM cases WHERE id = ?", (case_id,)).fetchone()[0])


def test_an_attribute_spelled_otherwise_than_the_cases_have_it_is_refused(sample_project, run_cli):
    root = sample_project.root
    before = _attributes(root, "S01")
    assert before["gender"] == "男"
    result = run_cli("cases", "set", "S01", "Gender=女", cwd=root)
    assert result.exit_code == 2
    assert "attribute 'Gender' is another spelling of 'gender', which 6 case(s) have: write gender=女" in result.err
    assert _attributes(root, "S01") == before

    assert run_cli("cases", "set", "S01", "gender=女", cwd=root).exit_code == 0
    out = root / "exports" / "m.csv"
    assert run_cli("export", "matrix", "--attributes", "gender", "--out", out, cwd=root).exit_code == 0
    assert pd.read_csv(out).set_index("participant").loc["S01", "gender"] == "女"
    assert run_cli("cases", "set", "S01", "hobby=篮球", cwd=root).exit_code == 0  # a new attribute is fine
