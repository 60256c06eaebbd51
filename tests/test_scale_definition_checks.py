"""A scale the researcher writes for the project (`scales/needs.yaml`) with slips in it (QA round 29).

Two factors given the same id wrote one column `NEEDS_A` holding the second factor's scores: the first factor was
gone, exit 0. An item listed twice in a factor weighed twice in its mean and in α. Items in no factor were checked
and then in no score, unsaid.
"""

from __future__ import annotations

import pandas as pd

NEEDS = """scale: needs
title: {{zh: 需求量表, en: Needs}}
items: 6
response: {{min: 1, max: 4}}
scoring: mean
item_prefix: N
factors:
  - id: A
    label: {{zh: 情绪需求, en: Emotional}}
    items: {first}
  - id: {second_id}
    label: {{zh: 生涯需求, en: Career}}
    items: [3, 4]
"""


def _run(project, run_cli, tmp_path, *, first="[1, 2]", second_id="B"):
    (project.root / "scales").mkdir(exist_ok=True)
    scale = project.root / "scales" / "needs.yaml"
    scale.write_text(NEEDS.format(first=first, second_id=second_id), encoding="utf-8")
    answers = tmp_path / "needs.csv"
    answers.write_text("id,N1,N2,N3,N4,N5,N6\nS01,1,2,3,4,1,1\nS02,4,4,1,1,2,2\n", encoding="utf-8")
    out = project.root / "exports" / "needs.csv"
    return scale, out, run_cli("scores", "compute", "--scale", "needs", "--in", answers, "--out", out,
                               "--force", cwd=project.root)


def test_two_factors_with_one_id_are_refused(project, run_cli, tmp_path):
    scale, out, result = _run(project, run_cli, tmp_path, second_id="A")
    assert result.exit_code == 2 and not out.exists()
    assert (f"{scale}: the id A is given to two factors (each id is one column, NEEDS_A); give each factor its own "
            "id") in result.err


def test_an_item_listed_twice_in_a_factor_is_refused(project, run_cli, tmp_path):
    scale, out, result = _run(project, run_cli, tmp_path, first="[1, 2, 2]")
    assert result.exit_code == 2 and not out.exists()
    assert f"{scale}: factor A lists item(s) [2] twice" in result.err


def test_items_in_no_factor_are_named(project, run_cli, tmp_path):
    scale, out, result = _run(project, run_cli, tmp_path)
    assert result.exit_code == 0, result.err
    assert (f"{scale}: item(s) 5, 6 of needs are in no factor: their answers are checked but are in no score"
            in result.err)
    scores = pd.read_csv(out).set_index("id")
    assert scores.loc["S01", "NEEDS_A"] == 1.5 and scores.loc["S01", "NEEDS_B"] == 3.5
