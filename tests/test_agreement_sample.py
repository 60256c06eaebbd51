"""The walkthrough on the shipped sample project: coders A and B (codings/researcher-*.csv).

The expected counts come from codings/README.md, written by whoever made the
sample codings (85 (segment, code) pairs in common, 7 only in A, 16 only in B),
and from the CSV files read here directly -- not from the code under test.
"""

from __future__ import annotations

import csv
from collections import Counter

import krippendorff
import pytest
from sklearn.metrics import cohen_kappa_score

from qualcode.analysis.agreement.compute import AgreementOptions
from qualcode.analysis.agreement.disagreements import list_disagreements
from qualcode.app.api import code_segment
from qualcode.storage import repository as repo
from qualcode.app.team.coders import agreement

B_DOCUMENTS = ("S01_pre", "S02_post", "S03_pre")


def _rows(project, coder):
    with (project.root / "codings" / f"researcher-{coder}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def two_coder_sample(sample_project):
    """Each coder's CSV applied through the API, one coding per (document, turn, code)."""
    for coder in ("A", "B"):
        for row in _rows(sample_project, coder):
            document = repo.get_document(sample_project.conn, row["document"], with_text=False)
            segment = repo.segment_by_ordinal(sample_project.conn, document.id, int(row["segment"]))
            assert segment.text.startswith(row["excerpt"][:6]) or row["excerpt"][:6] in segment.text
            code_segment(sample_project, segment.id, row["code"], coder=coder)
    return sample_project


def test_pooled_counts_match_the_sample_description(two_coder_sample):
    result = agreement(two_coder_sample, AgreementOptions(("A", "B")))
    # B coded three documents only: A's other five are missing for B, not "absent".
    assert {d.name for d in result.documents} >= set(B_DOCUMENTS)
    counts = result.overall.counts
    assert (counts.both, counts.only_a, counts.only_b) == (85, 7, 16)
    participant_turns = sum(
        1 for name in B_DOCUMENTS
        for s in repo.list_segments(two_coder_sample.conn, repo.get_document(two_coder_sample.conn, name).id,
                                    with_text=False) if s.role == "participant")
    assert result.units_total - result.units_missing == participant_turns


def test_every_figure_matches_scikit_learn_and_krippendorff(two_coder_sample):
    result = agreement(two_coder_sample, AgreementOptions(("A", "B"), documents=B_DOCUMENTS))
    conn = two_coder_sample.conn
    units = [(name, s.ordinal) for name in B_DOCUMENTS
             for s in repo.list_segments(conn, repo.get_document(conn, name).id, with_text=False)
             if s.role == "participant"]
    marks = {coder: {(r["document"], int(r["segment"]), r["code"]) for r in _rows(two_coder_sample, coder)
                     if r["document"] in B_DOCUMENTS} for coder in ("A", "B")}
    for row in result.rows:
        a = [int((doc, n, row.code_id) in marks["A"]) for doc, n in units]
        b = [int((doc, n, row.code_id) in marks["B"]) for doc, n in units]
        assert row.counts.n == len(units)
        assert row.counts.both == sum(x & y for x, y in zip(a, b))
        if row.kappa.defined:
            assert row.kappa.value == pytest.approx(cohen_kappa_score(a, b), abs=1e-12), row.code_id
        if row.alpha.defined:
            assert row.alpha.value == pytest.approx(
                krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"), abs=1e-12), row.code_id
        else:
            assert len(set(a) | set(b)) == 1
    used = {code for coder in marks.values() for (_d, _n, code) in coder}
    assert {r.code_id for r in result.rows} == used
    assert not used & {c.id for c in result.unused_codes}


def test_disagreements_include_the_described_borderline_turns(two_coder_sample):
    result = agreement(two_coder_sample, AgreementOptions(("A", "B"), documents=B_DOCUMENTS))
    items = {item.label: item for item in list_disagreements(result)}
    assert "AD_LOWSELF" in items["S01_pre #28"].codes_a and "PF_CONFIDENCE" in items["S01_pre #28"].codes_b
    assert "ND_FAMILY" in items["S01_pre #20"].codes_b and items["S01_pre #20"].codes_a == ()
    assert "PF_PEER" in items["S02_post #12"].codes_b
    differing_pairs = Counter(code for item in items.values() for code in item.differing)
    assert sum(differing_pairs.values()) == 7 + 16


def test_walkthrough_through_the_cli(sample_project, run_cli):
    """docs/agreement.md section 3, command for command (needs the interop area's `import-codings`)."""
    from qualcode.cli import cli

    if cli.get_command(None, "import-codings") is None:
        pytest.skip("`qualcode import-codings` is not in this build yet")
    root = sample_project.root
    for coder in ("A", "B"):
        result = run_cli("--project", root, "import-codings", root / "codings" / f"researcher-{coder}.csv")
        assert result.exit_code == 0, result.err
    result = run_cli("--project", root, "agreement", "--coders", "A", "B", "--lang", "en",
                     "--out", root / "exports" / "agreement.md")
    assert result.exit_code == 0, result.err
    table = (root / "exports" / "agreement.md").read_text(encoding="utf-8")
    assert "| **All codes (pooled)** |  | 1584 | 92 | 101 | 85 | 7 | 16 | 1476 |" in table
    listed = run_cli("--project", root, "agreement", "--coders", "A", "B", "--list")
    assert "S01_pre #20  嗯。\n  A: —\n  B: ND_FAMILY" in listed.out


def test_engine_as_a_coder_is_the_engine_run_on_the_compared_turns(two_coder_sample, run_cli):
    """`--coders A engine`: the engine's own suggestions per turn, whatever was coded or decided."""
    from qualcode.app.suggesting.batch import build_engine

    conn = two_coder_sample.conn
    result = run_cli("--project", two_coder_sample.root, "agreement", "--coders", "A", "engine",
                     "--documents", "S01_pre", "--min-score", "0.5", "--out",
                     two_coder_sample.root / "exports" / "engine.csv")
    assert result.exit_code == 0, result.err
    rows = {r["code"]: r for r in csv.DictReader((two_coder_sample.root / "exports" / "engine.csv").open(
        encoding="utf-8"))}
    # The reference: the engine called turn by turn here, and A's CSV rows.
    engine = build_engine(two_coder_sample)
    document = repo.get_document(conn, "S01_pre")
    turns = [s for s in repo.list_segments(conn, document.id) if s.role == "participant"]
    suggested = {(s.ordinal, c.code_id) for s in turns
                 for c in engine.suggest_segment(s, min_score=0.5, default_language="zh").codes}
    coded = {(int(r["segment"]), r["code"]) for r in _rows(two_coder_sample, "A") if r["document"] == "S01_pre"}
    assert suggested, "the sample transcript should trigger some keywords"
    for code in {c for _n, c in suggested | coded}:
        a = [int((s.ordinal, code) in coded) for s in turns]
        e = [int((s.ordinal, code) in suggested) for s in turns]
        row = rows[code]
        assert int(row["both"]) == sum(x & y for x, y in zip(a, e)), code
        assert int(row["only_b"]) == sum((1 - x) & y for x, y in zip(a, e)), code
        if row["cohen_kappa"]:
            assert float(row["cohen_kappa"]) == pytest.approx(cohen_kappa_score(a, e), abs=1e-6), code


def test_each_report_language_names_the_codes_in_that_language_only(sample_project, run_cli):
    from ruamel.yaml import YAML

    root = sample_project.root
    for coder in ("A", "B"):
        assert run_cli("--project", root, "import-codings", root / "codings" / f"researcher-{coder}.csv").exit_code == 0
    codebook = YAML(typ="safe").load((root / "codebooks" / "needs-themes.yaml").read_text(encoding="utf-8"))
    found = {}

    def walk(nodes):
        for node in nodes or []:
            found[node["id"]] = node.get("label", {})
            walk(node.get("children") or node.get("codes"))
    walk(codebook.get("codes") or codebook.get("themes"))
    zh, en = found["ND_CONFIDENCE"]["zh"], found["ND_CONFIDENCE"]["en"]
    for lang, wanted, unwanted in (("zh", zh, en), ("en", en, zh)):
        out = root / "exports" / f"agreement-{lang}.md"
        result = run_cli("--project", root, "agreement", "--coders", "A", "B", "--lang", lang, "--out", out)
        assert result.exit_code == 0, result.err
        row = next(line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| ND_CONFIDENCE |"))
        assert f"| {wanted} |" in row and unwanted not in row, row
