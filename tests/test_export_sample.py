"""Golden tests on the shipped sample project: transcripts imported with api.import_paths, coder A's
codings (codings/researcher-A.csv) applied with api.code_segment, the RSCA sample scores joined.

Expected values were counted by hand from codings/researcher-A.csv (distinct document/segment/code rows
per participant) and from scores/README.md, not produced by the code under test.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

pytest.importorskip("qualcode.core.codebook", reason="the codebook loader is not in this build yet")


@pytest.fixture
def coded_sample(sample_project):
    from qualcode.app.api import code_segment

    conn = sample_project.conn
    segments = {(name, ordinal): seg for name, ordinal, seg in conn.execute(
        "SELECT d.name, s.ordinal, s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.is_current = 1")}
    with open(sample_project.root / "codings" / "researcher-A.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code_segment(sample_project, segments[(row["document"], int(row["segment"]))], row["code"],
                         coder=row["coder"])
    return sample_project


def test_sample_matrix_counts(coded_sample):
    from qualcode.app.exporting.exports import MatrixOptions, matrix_table

    frame = matrix_table(coded_sample, MatrixOptions(themes=True)).frame.set_index("participant")
    assert {"S01", "S02", "S03", "E01"} <= set(frame.index)
    assert frame.at["S01", "AD_LOWSELF"] == 6
    assert frame.at["S01", "PF_POSITIVE"] == 5
    assert frame.at["S02", "PF_POSITIVE"] == 6
    assert frame.at["S02", "PF_SOCIALWORK"] == 6
    assert frame.at["E01", "PF_SOCIALWORK"] == 5
    assert frame.at["S03", "AD_LOWSELF"] == 5
    assert frame.at["E01", "AD_PRESSURE_JOB"] == 1
    # every coding in the sheet is on a participant turn: the matrix holds all 221 of them
    codes = [c for c in frame.columns if c not in ("wave",) and not c.startswith(("PF_PERSONAL", "PF_SUPPORT",
                                                                                  "ND_NEEDS", "AD_ADVERSITY"))
             and c != "AD_PRESSURE"]
    assert int(frame[codes].to_numpy().sum()) == 221


def test_demo_exports_are_written(coded_sample):
    from qualcode.app.exporting.exports import write_demo_exports

    paths = write_demo_exports(coded_sample)
    names = sorted(p.name for p in paths)
    assert {"matrix.csv", "matrix.xlsx", "matrix.sav", "matrix-with-rsca.csv", "matrix-with-rsca.sav",
            "matrix-with-rsca-correlations.csv", "quotes.md", "quotes.docx"} == set(names)
    joined = pd.read_csv(coded_sample.root / "exports" / "matrix-with-rsca.csv", encoding="utf-8-sig")
    row = joined[(joined["participant"] == "S01") & (joined["wave"] == "pre")].iloc[0]
    assert row["RSCA_GOAL"] == pytest.approx(2.0) and row["RSCA_TOTAL"] == pytest.approx(61 / 27)
    assert set(joined.loc[joined["matched"] == "scores_only", "participant"]) >= {"C01", "C02"}
    quotes = (coded_sample.root / "exports" / "quotes.md").read_text(encoding="utf-8")
    assert "访谈者" not in quotes and "AD_LOWSELF" in quotes
