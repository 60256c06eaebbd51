"""Scores files that cannot be used leave nothing behind (QA round 29).

A questionnaire file with its header row only (the survey closed before anyone answered, or the wrong sheet
saved) was scored into an empty table, with `alpha nan (… n = 0)` for every factor, and exit 0. `export prepost
--scores` wrote the participants and codes tables first and read the scores after, so a scores file it refused
(no id column, a word among the numbers, a header alone) left two tables written beside an exit 2.
"""

from __future__ import annotations


def _header_only(root):
    header = (root / "scores" / "rsca-sample.csv").read_text(encoding="utf-8").splitlines()[0]
    path = root / "scores" / "empty.csv"
    path.write_text(header + "\n", encoding="utf-8")
    return path


def test_a_questionnaire_file_with_only_its_header_is_refused(sample_project, run_cli):
    root = sample_project.root
    sheet = _header_only(root)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--out", out, cwd=root)
    assert result.exit_code == 2
    assert f"{sheet}: the file has a header but no rows; nothing to read" in result.err
    assert not out.exists() and not (root / "exports" / "rsca-reliability.csv").exists()


def test_prepost_writes_nothing_when_its_scores_file_is_refused(sample_project, run_cli):
    root = sample_project.root
    exports = root / "exports"
    before = sorted(p.name for p in exports.iterdir())
    no_id = root / "scores" / "no-id.csv"
    no_id.write_text("学号,wave,RSCA_TOTAL\nS01,pre,3\nS01,post,4\n", encoding="utf-8")
    for sheet in (_header_only(root), no_id):
        result = run_cli("export", "prepost", "--scores", sheet, cwd=root)
        assert result.exit_code == 2
        assert sorted(p.name for p in exports.iterdir()) == before, result.err
    (exports / "prepost-report.md").write_text("kept\n", encoding="utf-8")
    result = run_cli("export", "prepost", cwd=root)
    assert result.exit_code == 2 and "prepost-report.md: already exists" in result.err
    assert sorted(p.name for p in exports.iterdir()) == sorted([*before, "prepost-report.md"])
