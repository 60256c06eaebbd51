"""The shipped sample project: suggestions against coder A's hand codings (issue 3 target: micro-F1 >= 0.6).

Builds the project from the repository's own transcripts/, codebooks/ and
codings/researcher-A.csv, runs suggest, and compares both the stored
suggestions and `eval suggestions` with coder A. Prints the figures.
"""

from __future__ import annotations

import csv

from qualcode.app.suggesting.evaluate import evaluate_suggestions, write_eval_csv
from qualcode.storage import suggestions as store
from qualcode.app.suggesting.batch import run_suggest

TARGET_MICRO_F1 = 0.6


def test_sample_suggestions_agree_with_coder_a(sample_project, tmp_path):
    reference = sample_project.root / "codings" / "researcher-A.csv"
    report = run_suggest(sample_project, jobs=2)
    assert report.documents == 8 and report.new > 0

    evaluation = evaluate_suggestions(sample_project, reference=reference, coder="A")
    result = evaluation.result
    print(f"\nsample project, suggestions (score >= {evaluation.min_score}) vs coder A, "
          f"{result.segments} participant segments")
    print(f"{'code':22s} {'support':>7s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'P':>5s} {'R':>5s} {'F1':>5s}")
    for c in result.per_code:
        print(f"{c.code_id:22s} {c.support:7d} {c.tp:4d} {c.fp:4d} {c.fn:4d} "
              f"{c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}")
    m = result.micro
    print(f"micro: P {m.precision:.3f} R {m.recall:.3f} F1 {m.f1:.3f}; macro F1 {result.macro_f1:.3f}; "
          f"Cohen's kappa {result.kappa:.3f}")

    # The stored suggestions are the same decisions `eval` computed.
    gold = {(d, o): codes for (d, o), codes in _reference(reference).items()}
    stored = {(r.document_name, r.ordinal, r.suggestion.code_id)
              for r in store.list_suggestions(sample_project.conn, status="pending")}
    true_positives = sum(1 for d, o, code in stored if code in gold.get((d, o), ()))
    assert true_positives == m.tp
    assert len(stored) == m.tp + m.fp

    out = write_eval_csv(evaluation, tmp_path / "eval.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["code"] for r in rows[-4:]] == ["_micro", "_macro", "_left_out_turns", "_left_out_codings"]
    assert abs(float(rows[-4]["f1"]) - m.f1) < 1e-4
    assert m.f1 >= TARGET_MICRO_F1, f"micro-F1 {m.f1:.3f} is below the target {TARGET_MICRO_F1}"


def _reference(path) -> dict[tuple[str, int], set[str]]:
    found: dict[tuple[str, int], set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault((row["document"], int(row["segment"])), set()).add(row["code"])
    return found
