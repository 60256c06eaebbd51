"""Joining the matrix with scores: mismatched and duplicate ids, normalisation, correlations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _exports_fixture import build_small_project
from qualcode.analysis.join import correlate, join_scores, normalize_id
from qualcode.analysis.matrix import build_matrix
from qualcode.core.errors import ScoreError


@pytest.fixture(scope="module")
def matrices(tmp_path_factory):
    project = build_small_project(tmp_path_factory.mktemp("join"))
    built = {"case": build_matrix(project.conn, project.codebooks, themes=True),
             "wave": build_matrix(project.conn, project.codebooks, by="wave"),
             "document": build_matrix(project.conn, project.codebooks, by="document")}
    project.conn.close()
    return built


def scores(rows):
    return pd.DataFrame(rows, columns=["id", "RSCA_GOAL"]).astype(object)


def test_normalize_id_rules():
    assert normalize_id("  S01 ") == "S01"
    assert normalize_id("s1") == "s1"
    assert normalize_id("s1", normalize=True) == normalize_id("S01", normalize=True) == "S1"
    assert normalize_id("Ｓ０１", normalize=True) == "S1"
    assert normalize_id("p-007b", normalize=True) == "P-7B"


def test_exact_matching_reports_both_sides_and_fails_on_duplicates(matrices):
    data = scores([[" s1", "4.0"], ["S02", "3.0"], ["S02", "5.0"], ["S05", "2.0"]])
    with pytest.raises(ScoreError, match=r"duplicate ids in the scores: S02 in rows 3, 4 \(choose --duplicates"):
        join_scores(matrices["case"], data, id_column="id")
    report = join_scores(matrices["case"], data, id_column="id", duplicates="first")
    assert report.only_in_matrix == ["S01", "S03"]  # " s1" is not S01 without normalisation
    assert report.only_in_scores == ["S05", "s1"]
    assert report.duplicates == {"S02": [3, 4]}


def test_normalised_matching_and_resolutions(matrices):
    data = scores([[" s1", "4.0"], ["S02", "3.0"], ["S02", "5.0"], ["S05", "2.0"]])
    first = join_scores(matrices["case"], data, id_column="id", normalize_ids=True, duplicates="first")
    assert first.only_in_matrix == ["S03"] and first.only_in_scores == ["S05"]
    frame = first.table.frame.set_index("participant")
    assert list(frame.index) == ["S01", "S02", "S03", "S05"]
    assert frame.at["S01", "RSCA_GOAL"] == 4.0 and frame.at["S02", "RSCA_GOAL"] == 3.0
    assert math.isnan(frame.at["S03", "RSCA_GOAL"]) and math.isnan(frame.at["S05", "PF_GOAL"])
    assert frame.at["S01", "PF_GOAL"] == 2 and frame.at["S01", "PF_PERSONAL"] == 2
    assert list(frame["matched"]) == ["both", "both", "matrix_only", "scores_only"]
    last = join_scores(matrices["case"], data, id_column="id", normalize_ids=True, duplicates="last")
    assert last.table.frame.set_index("participant").at["S02", "RSCA_GOAL"] == 5.0
    mean = join_scores(matrices["case"], data, id_column="id", normalize_ids=True, duplicates="mean")
    assert mean.table.frame.set_index("participant").at["S02", "RSCA_GOAL"] == 4.0
    inner = join_scores(matrices["case"], data, id_column="id", normalize_ids=True, duplicates="first", how="inner")
    assert list(inner.table.frame["participant"]) == ["S01", "S02"]


def test_join_by_wave_matches_participant_and_wave(matrices):
    data = pd.DataFrame({"id": ["S01", "S01", "S02"], "wave": ["pre", "POST", "pre"],
                         "RSCA_TOTAL": ["3.1", "3.9", "2.5"]}).astype(object)
    report = join_scores(matrices["wave"], data, id_column="id", wave_column="wave")
    frame = report.table.frame.set_index(["participant", "wave"])
    assert frame.at[("S01", "pre"), "RSCA_TOTAL"] == 3.1 and frame.at[("S01", "post"), "RSCA_TOTAL"] == 3.9
    assert frame.at[("S01", "post"), "PF_PEER"] == 1
    assert report.only_in_matrix == ["S03"]
    with pytest.raises(ScoreError, match="needs a wave column"):
        join_scores(matrices["wave"], data, id_column="id")
    with pytest.raises(ScoreError, match="not by document"):
        join_scores(matrices["document"], data, id_column="id")


def test_spearman_correlations_with_n_and_p(matrices):
    data = scores([["S01", "4"], ["S02", "3"], ["S03", "2"], ["S04", "1"], ["S05", "9"]])
    report = join_scores(matrices["case"], data, id_column="id")
    table = correlate(report, ["PF_PEER", "PF_EMOTION"], ["RSCA_GOAL"]).set_index("code")
    # Matrix rows S01-S03 (S04 has no transcript, S05 no matrix row): PF_PEER = 1, 1, 0 against 4, 3, 2.
    # Ranks 2.5, 2.5, 1 and 3, 2, 1: rho = 1.5 / sqrt(1.5 * 2) = sqrt(3)/2.
    assert table.at["PF_PEER", "n"] == 3
    assert table.at["PF_PEER", "rho"] == pytest.approx(math.sqrt(3) / 2)
    # t = r sqrt((n-2)/(1-r^2)) = sqrt(3) with 1 df (Cauchy): p = 1 - (2/pi) atan(sqrt(3)) = 1/3
    assert table.at["PF_PEER", "p"] == pytest.approx(1 / 3)
    # PF_EMOTION = 0, 1, 0 against 4, 3, 2: ranks 1.5, 3, 1.5 and 3, 2, 1 -> rho 0
    assert table.at["PF_EMOTION", "rho"] == pytest.approx(0.0, abs=1e-12)


def test_correlations_per_wave(matrices):
    data = pd.DataFrame({"id": ["S01", "S02", "S03", "S01"], "wave": ["pre", "pre", "pre", "post"],
                         "RSCA_TOTAL": ["3", "2", "1", "4"]}).astype(object)
    report = join_scores(matrices["wave"], data, id_column="id", wave_column="wave")
    table = correlate(report, ["PF_GOAL"], ["RSCA_TOTAL"])
    assert list(table["wave"]) == ["pre", "post"]  # the matrix's wave order, as the join keeps it
    pre = table[table["wave"] == "pre"].iloc[0]
    # pre: PF_GOAL 1, 0, 0 against 3, 2, 1
    assert pre["n"] == 3 and pre["rho"] == pytest.approx(math.sqrt(3) / 2)
    post = table[table["wave"] == "post"].iloc[0]
    assert post["n"] == 1 and math.isnan(post["rho"])


def test_two_matrix_participants_that_normalise_alike_stop_the_join():
    from qualcode.analysis.table import LabelledTable

    matrix = LabelledTable(pd.DataFrame({"participant": ["S01", "s1", "S02"], "PF_GOAL": [1, 0, 2]}))
    data = scores([["S01", "4"]])
    assert len(join_scores(matrix, data, id_column="id").table.frame) == 3  # exact matching: three ids
    with pytest.raises(ScoreError, match=r"participants \['S01', 's1'\] become the same id"):
        join_scores(matrix, data, id_column="id", normalize_ids=True)


def test_joined_table_round_trips_through_spss(matrices, tmp_path):
    import pyreadstat
    from pandas.testing import assert_frame_equal

    from qualcode.io.tables import write_table

    data = scores([["S01", "4.5"], ["S02", "3.0"], ["S05", "2.0"]])
    joined = join_scores(matrices["case"], data, id_column="id", score_labels={"RSCA_GOAL": ("目标专注", "Goal focus")})
    path = write_table(joined.table, tmp_path / "joined.sav")
    back, meta = pyreadstat.read_sav(str(path))
    assert_frame_equal(back, joined.table.frame, check_dtype=False)
    assert meta.column_names_to_labels["RSCA_GOAL"] == "目标专注 / Goal focus"
    assert math.isnan(back.set_index("participant").at["S05", "PF_GOAL"])
