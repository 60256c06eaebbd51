"""`eval suggestions`: the codes too thin to learn are one warning line naming how many and which (a 42-code
project printed 19 lines, one per code), in Chinese too; and `--out` writes how many turns were left out because
their reference codings came from accepting suggestions (the terminal said it, the file did not).

Real projects (tmp_path), the real learned engine and keyword engine, the CLI in-process, the CSV read back.
"""

from __future__ import annotations

import csv

from qualcode.app import api
from qualcode.app.suggesting.review import decide_ids
from qualcode.storage import repository as repo
from tests.test_eval_accepted_suggestions import _coded_with_suggestions
from tests.test_suggest_learned import coded_project  # noqa: F401  (the fixture)


def _coded_once(project, code: str, document_name: str) -> None:
    """A new code, coded on the first participant turn of one document: too few examples to learn."""
    book = project.root / "codebooks" / "plain.yaml"
    book.write_text(book.read_text(encoding="utf-8") + f"  - id: {code}\n    label: {{zh: {code.lower()}}}\n",
                    encoding="utf-8")
    api.sync_codes(project)
    document = repo.get_document(project.conn, document_name, with_text=False)
    turn = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
    api.code_segment(project, turn.id, code, coder="human")


def test_codes_too_thin_to_learn_are_one_line_naming_them(coded_project, run_cli):  # noqa: F811
    _coded_once(coded_project, "HOBBY", "S01_pre")
    _coded_once(coded_project, "SPORT", "S02_pre")
    args = ("--project", str(coded_project.root), "--coder", "human", "eval", "suggestions", "--engine", "learned",
            "--train-fraction", "0.5", "--folds", "3")
    result = run_cli(*args)
    assert result.exit_code == 0, result.err
    thin = [line for line in result.err.splitlines() if "HOBBY" in line or "SPORT" in line]
    assert thin == ["qualcode: warning: 2 codes with too few human examples in the coded documents of 3 split(s), "
                    "needs 3 to learn (2 with codebook text); not learned there: HOBBY (0-1), SPORT (0-1)"], result.err
    chinese = run_cli("--lang", "zh", *args)
    assert ("2 个编码在 3 次划分的已编码文档中人工例子太少，至少要 3 个才能学习（编码本有文字说明的编码要 2 个），"
            "在这些划分中未学习：HOBBY（0-1 个）、SPORT（0-1 个）") in chinese.err, chinese.err


def test_out_counts_the_turns_left_out_for_accepted_suggestions(sample_project, run_cli, tmp_path):
    wrong = _coded_with_suggestions(sample_project)
    chosen = wrong[:2]
    decide_ids(sample_project, [r.suggestion.id for r in chosen], "accept", coder="A")
    turns = {(r.document_name, r.ordinal) for r in chosen}
    out = tmp_path / "eval.csv"
    result = run_cli("--project", sample_project.root, "eval", "suggestions", "--engine", "keywords", "--coder", "A",
                     "--out", out)
    assert result.exit_code == 0, result.err
    with out.open(encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    assert rows["_left_out_turns"]["support"] == str(len(turns))
    assert rows["_left_out_codings"]["support"] == str(len(chosen))
    assert f"{len(turns)} turn(s) left out ({len(chosen)} coding(s) by A" in result.out   # the same as the terminal
