"""A code renamed by hand in the codebook YAML, then `qualcode codes merge OLD NEW` as `status` advises (QA round 28).

Two things went wrong without a word: a suggestion the researcher had rejected under the old id was folded into
the pending one that `suggest` made under the new id, so it came back for review (rejected suggestions "never come
back"); and every export kept a column of the old id, all zeros, beside the new one that now holds its codings.
"""

from __future__ import annotations

import csv
import json
import re

from tests.tui_fixtures import import_transcripts


def _rename_everywhere(project, old: str, new: str) -> None:
    """What a researcher does in an editor: find and replace the id in every codebook file."""
    for book in (project.root / "codebooks").glob("*.yaml"):
        text = book.read_text(encoding="utf-8")
        book.write_text(re.sub(rf"\b{old}\b", new, text), encoding="utf-8")


def test_a_suggestion_rejected_under_the_old_id_stays_rejected_after_the_merge(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    assert run_cli("suggest", "--engine", "keywords", "-j", "1", cwd=project.root).exit_code == 0
    row = project.conn.execute("SELECT id, segment_id, code_id FROM suggestions WHERE status = 'pending' "
                               "ORDER BY id LIMIT 1").fetchone()
    suggestion, segment, code = row["id"], row["segment_id"], row["code_id"]
    assert run_cli("suggestions", "reject", str(suggestion), cwd=project.root).exit_code == 0

    _rename_everywhere(project, code, f"{code}_NEW")
    assert run_cli("suggest", "--engine", "keywords", "-j", "1", cwd=project.root).exit_code == 0
    again = project.conn.execute("SELECT status FROM suggestions WHERE segment_id = ? AND code_id = ?",
                                 (segment, f"{code}_NEW")).fetchone()
    assert again is not None and again["status"] == "pending"  # suggest cannot know the new id is the old code

    merged = run_cli("codes", "merge", code, f"{code}_NEW", "--yes", cwd=project.root)
    assert merged.exit_code == 0, merged.err
    rows = project.conn.execute("SELECT status, evidence FROM suggestions WHERE segment_id = ? AND code_id = ?",
                                (segment, f"{code}_NEW")).fetchall()
    assert [r["status"] for r in rows] == ["rejected"]
    evidence = json.loads(rows[0]["evidence"])
    assert len(evidence) == len({json.dumps(item, sort_keys=True) for item in evidence})  # no hit listed twice
    pending = run_cli("suggestions", "list", "--code", f"{code}_NEW", cwd=project.root)
    assert f" {suggestion} " not in pending.out
    assert not project.conn.execute("SELECT 1 FROM suggestions WHERE segment_id = ? AND code_id = ? AND "
                                    "status = 'pending'", (segment, f"{code}_NEW")).fetchone()


def test_the_matrix_has_no_column_of_zeros_for_a_code_merged_away(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    run_cli("code", "S01_pre", "6", "PF_GOAL", cwd=project.root)
    run_cli("code", "S01_pre", "2", "AD_EXAM", cwd=project.root)
    _rename_everywhere(project, "PF_GOAL", "PF_GOALS")
    run_cli("status", cwd=project.root)  # the codes table now has PF_GOAL retired
    assert run_cli("codes", "merge", "PF_GOAL", "PF_GOALS", "--yes", cwd=project.root).exit_code == 0
    out = project.root / "exports" / "matrix.csv"
    assert run_cli("export", "matrix", "--out", out, cwd=project.root).exit_code == 0
    with out.open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert "PF_GOAL" not in header and "PF_GOALS" in header
    assert rows[0][header.index("PF_GOALS")] == "1"

    # A code deleted from the YAML keeps its column while codings use it (nothing is dropped from a table).
    book = project.root / "codebooks" / "needs-themes.yaml"
    text = book.read_text(encoding="utf-8")
    start = text.index("      - id: AD_EXAM\n")
    end = text.index("      - id: ", start + 1)
    book.write_text(text[:start] + text[end:], encoding="utf-8")
    run_cli("status", cwd=project.root)
    assert run_cli("export", "matrix", "--out", out, "--force", cwd=project.root).exit_code == 0
    with out.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert "AD_EXAM" in header and "PF_GOAL" not in header
