"""Issue 17 item 1 (and item 6's .sav formats): case attributes as columns of matrix and join, with value labels,
measurement levels and integer formats read back with pyreadstat; crosstab columns named by the value."""

from __future__ import annotations

import csv
import sqlite3

import pandas as pd
import pyreadstat
import pytest


@pytest.fixture
def study(sample_project):
    return sample_project.root


def _participants(root):
    with (root / "transcripts" / "participants.csv").open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _segment_counts(root, coder="A"):
    """participant -> code -> distinct coded participant segments, straight from the database."""
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        rows = conn.execute(
            "SELECT d.case_id, c.code_id, count(DISTINCT c.segment_id) FROM codings c "
            "JOIN documents d ON d.id = c.document_id JOIN segments s ON s.id = c.segment_id "
            "WHERE c.coder = ? AND s.role = 'participant' GROUP BY d.case_id, c.code_id", (coder,)).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for case, code, n in rows:
        counts.setdefault(case, {})[code] = n
    return counts


def test_matrix_sav_carries_attributes_with_value_labels_measures_and_integer_formats(run_cli, study):
    assert run_cli("--project", study, "import-codings", study / "codings" / "researcher-A.csv").exit_code == 0
    out = study / "exports" / "m.sav"
    result = run_cli("--project", study, "export", "matrix", "--only-coder", "A", "--attributes", "gender,major",
                     "--attributes", "group", "--out", out)
    assert result.exit_code == 0, result.err
    frame, meta = pyreadstat.read_sav(str(out), apply_value_formats=True)
    assert list(frame.columns[:4]) == ["participant", "gender", "major", "group"]
    people = _participants(study)
    for row in frame.itertuples():
        for name in ("gender", "major", "group"):
            assert getattr(row, name) == people[row.participant][name]
    raw, meta = pyreadstat.read_sav(str(out))
    assert set(raw["gender"]) <= {1.0, 2.0} and meta.variable_value_labels["gender"] == {1.0: "女", 2.0: "男"}
    assert meta.variable_measure["gender"] == "nominal" and meta.variable_measure["participant"] == "nominal"
    counts = _segment_counts(study)
    assert meta.variable_measure["PF_GOAL"] == "scale" and meta.original_variable_types["PF_GOAL"].endswith(".0")
    for row in raw.itertuples():
        assert row.PF_GOAL == counts.get(row.participant, {}).get("PF_GOAL", 0)

    presence = study / "exports" / "p.sav"
    assert run_cli("--project", study, "export", "matrix", "--unit", "presence", "--out", presence).exit_code == 0
    _frame, meta = pyreadstat.read_sav(str(presence))
    assert meta.variable_measure["PF_GOAL"] == "nominal" and meta.original_variable_types["PF_GOAL"] == "F8.0"


def test_xlsx_lists_value_labels_and_all_means_every_case_attribute(run_cli, study):
    out = study / "exports" / "m.xlsx"
    result = run_cli("--project", study, "export", "matrix", "--attributes", "all", "--out", out)
    assert result.exit_code == 0, result.err
    data = pd.read_excel(out, sheet_name="data")
    expected = [c for c in next(iter(_participants(study).values())) if c != "id"]
    assert set(expected) <= set(data.columns)
    assert not {"wave", "date", "interviewer", "language"} & set(data.columns[1:len(expected) + 1])
    labels = pd.read_excel(out, sheet_name="value_labels")
    gender = labels[labels["column"] == "gender"]
    assert dict(zip(gender["value"], gender["label"])) == {1: "女", 2: "男"}


def test_an_unknown_attribute_is_named_with_the_known_ones(run_cli, study):
    result = run_cli("--project", study, "export", "matrix", "--attributes", "gender,hobby")
    assert result.exit_code == 2
    assert "'hobby'" in result.err and "gender" in result.err and "major" in result.err
    assert not list((study / "exports").glob("matrix*"))


def test_join_keeps_attributes_as_columns_but_not_in_correlations(run_cli, study):
    assert run_cli("--project", study, "import-codings", study / "codings" / "researcher-A.csv").exit_code == 0
    out = study / "exports" / "j.csv"
    result = run_cli("--project", study, "join", "--scores", study / "scores" / "rsca-sample.csv", "--scale", "rsca",
                     "--id-column", "id", "--by", "wave", "--attributes", "gender,group", "--correlate",
                     "--out", out)
    assert result.exit_code == 0, result.err
    joined = pd.read_csv(out)
    people = _participants(study)
    for row in joined.itertuples():  # scores-only rows (the comparison group C01, C02) too
        assert row.gender == people[row.participant]["gender"], row.participant
        assert row.group == people[row.participant]["group"], row.participant
    assert "comparison" in set(joined["group"])
    correlations = pd.read_csv(out.with_name("j-correlations.csv"))
    assert not {"gender", "group"} & (set(correlations["code"]) | set(correlations["score"]))


def test_crosstab_names_columns_by_the_value(run_cli, study):
    assert run_cli("--project", study, "import-codings", study / "codings" / "researcher-A.csv").exit_code == 0
    out = study / "exports" / "ct.csv"
    result = run_cli("--project", study, "export", "crosstab", "--attribute", "gender", "--out", out)
    assert result.exit_code == 0, result.err
    table = pd.read_csv(out).set_index("code")
    assert {"gender_女_n", "gender_男_n", "gender_女_pct"} <= set(table.columns)
    counts, people = _segment_counts(study), _participants(study)
    women = sum(n.get("PF_GOAL", 0) for case, n in counts.items() if people[case]["gender"] == "女")
    assert table.at["PF_GOAL", "gender_女_n"] == women


def test_crosstab_sav_keeps_the_value_in_the_variable_name(run_cli, study):
    assert run_cli("--project", study, "import-codings", study / "codings" / "researcher-A.csv").exit_code == 0
    out = study / "exports" / "ct.sav"
    result = run_cli("--project", study, "export", "crosstab", "--attribute", "group", "--unit", "presence",
                     "--out", out)
    assert result.exit_code == 0, result.err
    frame, meta = pyreadstat.read_sav(str(out))
    assert "group_intervention_n" in frame.columns
    crosstab = run_cli("--project", study, "export", "crosstab", "--attribute", "gender", "--out",
                       study / "exports" / "g.sav")
    assert crosstab.exit_code == 0, crosstab.err
    frame, meta = pyreadstat.read_sav(str(study / "exports" / "g.sav"))
    assert {"gender_女_n", "gender_男_pct"} <= set(frame.columns)
    assert meta.column_names_to_labels["gender_女_n"].startswith("女")


def test_an_attribute_of_digit_codes_stays_text_in_every_format(run_cli, study):
    """A class 0302 and a student number 202301010001 were made numbers: the matrix said 302 (in CSV, xlsx and
    .sav alike) and Excel showed the student number as 2.02301E+11. Ids and codes of digits stay text; an
    age stays a number."""
    table = study / "students.csv"
    table.write_text("id,class,student_number,age\nS01,0302,202301010001,15\nS02,0301,202301010002,16\n",
                     encoding="utf-8")
    assert run_cli("--project", study, "cases", "import", table).exit_code == 0
    csv_out, sav_out, xlsx_out = (study / "exports" / f"m.{kind}" for kind in ("csv", "sav", "xlsx"))
    for out in (csv_out, sav_out, xlsx_out):
        result = run_cli("--project", study, "export", "matrix", "--attributes", "class,student_number,age",
                         "--out", out)
        assert result.exit_code == 0, result.err
    with csv_out.open(encoding="utf-8", newline="") as handle:
        rows = {row["participant"]: row for row in csv.DictReader(handle)}
    assert (rows["S01"]["class"], rows["S01"]["student_number"]) == ("0302", "202301010001")
    assert float(rows["S01"]["age"]) == 15   # a number (a float: participants without a row have none)
    import openpyxl   # the cells as stored (pandas' read_excel would itself turn "0301" into 301)

    sheet = openpyxl.load_workbook(xlsx_out)["data"]
    header = [cell.value for cell in sheet[1]]
    stored = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (stored["S02"]["class"], stored["S02"]["student_number"], stored["S02"]["age"]) == (
        "0301", "202301010002", 16)
    frame, meta = pyreadstat.read_sav(sav_out, apply_value_formats=True)
    by_id = frame.set_index("participant")
    assert by_id.loc["S01", "class"] == "0302" and by_id.loc["S01", "student_number"] == "202301010001"
    assert meta.variable_measure["age"] == "scale"
