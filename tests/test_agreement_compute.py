"""Agreement on a real SQLite project database: hand-worked figures, report, disagreements."""

from __future__ import annotations

import csv
import io

import pytest
from agreement_helpers import TRANSCRIPTS, build_database, code, suggest, two_coders

from qualcode.analysis.agreement.compute import AgreementOptions, compute_agreement
from qualcode.analysis.agreement.disagreements import format_disagreements, list_disagreements
from qualcode.analysis.agreement.report import to_csv, to_markdown, write_report
from qualcode.core.errors import ExportError, NotFoundError, QualcodeError


@pytest.fixture()
def db(tmp_path):
    conn, segments = build_database(tmp_path / "project.db")
    two_coders(conn, segments)
    yield conn, segments
    conn.close()


def _counts(row):
    c = row.counts
    return (c.both, c.only_a, c.only_b, c.neither)


def test_segment_agreement_per_code_matches_hand_worked_figures(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B")))
    rows = {r.code_id: r for r in result.rows}
    assert [r.code_id for r in result.rows] == ["PF_FAMILY", "PF_PEER", "PF_GOAL", "AD_LOWSELF"]
    assert [c.id for c in result.unused_codes] == ["PF_SCHOOL", "AD_CONFUSION"]
    assert result.units_total == 5 and result.units_missing == 0
    assert _counts(rows["PF_GOAL"]) == (1, 0, 0, 4) and rows["PF_GOAL"].kappa.value == 1.0
    family = rows["PF_FAMILY"]
    assert _counts(family) == (1, 0, 1, 3)
    assert family.kappa.value == pytest.approx(6 / 11)
    assert family.alpha.value == pytest.approx(24 / 42)
    assert family.bp_kappa.value == pytest.approx(0.6)
    assert rows["PF_PEER"].kappa.value == 0.0 and rows["PF_PEER"].alpha.value == 0.0
    lowself = rows["AD_LOWSELF"]  # different passages: counted once per coder's passage
    assert _counts(lowself) == (0, 1, 1, 4) and lowself.passage_splits == 1
    assert lowself.kappa.value == pytest.approx(-0.2) and lowself.alpha.value == pytest.approx(-0.1)
    assert _counts(result.overall) == (2, 2, 2, 15)
    assert result.overall.kappa.value == pytest.approx(52 / 136)


def test_a_lower_overlap_share_accepts_the_shorter_passage(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B"), overlap=0.5))
    lowself = next(r for r in result.rows if r.code_id == "AD_LOWSELF")  # share 7/12 >= 0.5
    assert _counts(lowself) == (1, 0, 0, 4) and lowself.passage_splits == 0


def test_role_all_adds_interviewer_turns(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B"), role="all"))
    assert result.units_total == 8
    confusion = next(r for r in result.rows if r.code_id == "AD_CONFUSION")
    assert _counts(confusion) == (0, 1, 0, 7)
    # Only B's "no variation" could arise here; A used it once, so kappa is defined (0).
    assert confusion.kappa.value == 0.0


def test_sentence_units(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B"), unit="sentence"))
    # S01 #2 has two sentences, the other four participant turns one each.
    assert result.units_total == 6
    goal = next(r for r in result.rows if r.code_id == "PF_GOAL")
    assert _counts(goal) == (2, 0, 0, 4)


def test_character_units(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B"), unit="character"))
    participant = [u for turns in TRANSCRIPTS.values() for _s, role, u in turns if role == "participant"]
    total = sum(len(u) for u in participant)
    assert result.units_total == total
    lowself = next(r for r in result.rows if r.code_id == "AD_LOWSELF")
    # "中考没考好，我有点自卑。": A codes 12 characters, B the last 7.
    assert _counts(lowself) == (7, 5, 0, total - 12)
    # Disagreements are still listed by segment.
    assert [d.label for d in list_disagreements(result)] == ["S01_pre #5", "S02_pre #2"]


def test_a_document_one_coder_did_not_code_is_missing(db):
    conn, segments = db
    code(conn, segments, "A", "S01_pre", 2, "PF_GOAL", end_shift=-1)  # A's second coding, same document
    conn.execute("DELETE FROM codings WHERE coder = 'B' AND document_id = ?", (segments[("S02_pre", 2)][1],))
    result = compute_agreement(conn, AgreementOptions(("A", "B")))
    assert result.units_missing == 2
    rows = {r.code_id: r for r in result.rows}
    # A's two overlapping PF_GOAL codings of S01 #2 count once.
    assert _counts(rows["PF_GOAL"]) == (1, 0, 0, 2)
    # A's PF_PEER is on S02, where B is missing: only the three S01 units remain, none coded.
    assert _counts(rows["PF_PEER"]) == (0, 0, 0, 3)
    assert rows["PF_PEER"].kappa.value is None and "no variation" in rows["PF_PEER"].kappa.reason
    assert "2 were left out because a coder did no work in their document" in to_markdown(result)


def test_engine_from_the_table_uses_pending_and_accepted_suggestions_above_the_score(db):
    conn, segments = db
    suggest(conn, segments, "S01_pre", 2, "PF_GOAL", 0.8)
    suggest(conn, segments, "S01_pre", 4, "PF_FAMILY", 0.3)
    suggest(conn, segments, "S02_pre", 2, "PF_PEER", 0.7, status="accepted")
    suggest(conn, segments, "S02_pre", 3, "AD_CONFUSION", 0.9, status="rejected")
    result = compute_agreement(conn, AgreementOptions(("A", "engine"), min_score=0.5, engine_source="table"))
    rows = {r.code_id: r for r in result.rows}
    assert _counts(rows["PF_GOAL"]) == (1, 0, 0, 4)
    assert _counts(rows["PF_PEER"]) == (1, 0, 0, 4)
    assert _counts(rows["PF_FAMILY"]) == (0, 1, 0, 4)
    assert "AD_CONFUSION" not in rows
    assert "score ≥ 0.5" in to_markdown(result)


def test_markdown_report_states_unit_rules_and_undefined_reasons(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B"), codes=("PF_GOAL", "PF_SCHOOL")))
    text = to_markdown(result)
    assert "participant turns (one unit per speaker turn)" in text
    assert "|A∩B| / |A∪B| ≥ 0.9" in text
    assert "| PF_GOAL | Goal focus | 5 | 1 | 1 | 1 | 0 | 0 | 4 | 100.0% | 1.000 | 1.000 | 1.000 | 0 |" in text
    assert "PF_SCHOOL (Teacher and school support)" in text


def test_markdown_states_the_mean_of_per_code_figures(db):
    conn, _ = db
    text = to_markdown(compute_agreement(conn, AgreementOptions(("A", "B"))))
    # kappa per code: PF_FAMILY 6/11, PF_PEER 0, PF_GOAL 1, AD_LOWSELF -0.2 (hand-worked above).
    mean_kappa = (6 / 11 + 0 + 1 - 0.2) / 4
    assert f"Cohen's κ {mean_kappa:.3f} (4 codes)" in text


def test_no_variation_is_reported_as_undefined_with_its_reason(db):
    conn, segments = db
    for ordinal in (2, 4, 5):
        code(conn, segments, "A", "S01_pre", ordinal, "PF_SCHOOL")
        code(conn, segments, "B", "S01_pre", ordinal, "PF_SCHOOL")
    result = compute_agreement(conn, AgreementOptions(("A", "B"), codes=("PF_SCHOOL",), documents=("S01_pre",)))
    (row,) = result.rows
    assert row.kappa.value is None and "no variation" in row.kappa.reason
    text = to_markdown(result)
    assert "undefined [1]" in text and "1. PF_SCHOOL: κ undefined — no variation" in text
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert rows[0]["cohen_kappa"] == "" and "kappa undefined: no variation" in rows[0]["note"]


def test_csv_report_columns_and_unused_codes(db, tmp_path):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B")))
    path = write_report(result, tmp_path / "agreement.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    family = next(r for r in rows if r["code"] == "PF_FAMILY")
    assert (family["both"], family["only_a"], family["only_b"], family["neither"]) == ("1", "0", "1", "3")
    assert float(family["cohen_kappa"]) == pytest.approx(6 / 11)
    assert rows[-1]["code"] == "AD_CONFUSION" and "no coder used" in rows[-1]["note"]
    with pytest.raises(ExportError, match="--force"):
        write_report(result, path)
    with pytest.raises(ExportError, match=r"\.md or \.csv"):
        write_report(result, tmp_path / "agreement.xlsx")


def test_disagreement_list_shows_text_and_both_coders_codes(db):
    conn, _ = db
    result = compute_agreement(conn, AgreementOptions(("A", "B")))
    items = list_disagreements(result)
    assert [(d.label, d.codes_a, d.codes_b) for d in items] == [
        ("S01_pre #5", ("AD_LOWSELF",), ("AD_LOWSELF",)),
        ("S02_pre #2", ("PF_PEER",), ("PF_FAMILY",)),
    ]
    assert items[0].passage_only == ("AD_LOWSELF",)
    assert items[1].text == "同学会帮我复习，老师也很关心我。"
    text = format_disagreements(result, items)
    assert "S02_pre #2  同学会帮我复习，老师也很关心我。\n  A: PF_PEER\n  B: PF_FAMILY" in text


def test_bad_requests_name_the_problem(db):
    conn, _ = db
    with pytest.raises(NotFoundError, match="coder 'C' has no codings.*A, B"):
        compute_agreement(conn, AgreementOptions(("A", "C")))
    with pytest.raises(NotFoundError, match="no document named S09"):
        compute_agreement(conn, AgreementOptions(("A", "B"), documents=("S09",)))
    with pytest.raises(NotFoundError, match="no code PF_NOPE"):
        compute_agreement(conn, AgreementOptions(("A", "B"), codes=("PF_NOPE",)))
    with pytest.raises(NotFoundError, match="suggest"):
        compute_agreement(conn, AgreementOptions(("A", "engine"), engine_source="table"))
    with pytest.raises(QualcodeError, match="needs the project"):
        compute_agreement(conn, AgreementOptions(("A", "engine")))
    with pytest.raises(QualcodeError, match="two different coders"):
        compute_agreement(conn, AgreementOptions(("A", "A")))
    with pytest.raises(QualcodeError, match="overlap"):
        compute_agreement(conn, AgreementOptions(("A", "B"), overlap=90))
