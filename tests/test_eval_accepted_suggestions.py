"""`eval suggestions` with the project's codings as reference: turns where the coder accepted a suggestion.

Such a coding is the coder's judgement, but grading the suggestion against the coding it produced is
circular; before, the reference silently left the accepted coding out, so the suggestion the researcher
accepted counted as a false positive. Now those turns are left out of the evaluation, counted and said.
Real sample project, real engine, real SQLite.
"""

from __future__ import annotations

from qualcode.app.importing.coded_sheets import import_codings
from qualcode.app.suggesting.batch import run_suggest
from qualcode.app.suggesting.evaluate import evaluate_suggestions
from qualcode.app.suggesting.review import decide_ids
from qualcode.storage import suggestions as store


def _coded_with_suggestions(project):
    import_codings(project, project.root / "codings" / "researcher-A.csv", coder="A")
    run_suggest(project, jobs=1)
    coded = {(d, o, c) for d, o, c in project.conn.execute(
        """SELECT d.name, s.ordinal, c.code_id FROM codings c JOIN segments s ON s.id = c.segment_id
           JOIN documents d ON d.id = s.document_id WHERE c.coder = 'A'""")}
    documents = {d for d, _, _ in coded}
    # Suggestions A did not code (false positives against A's codings), on documents A coded.
    return [r for r in store.list_suggestions(project.conn, status="pending")
            if r.document_name in documents and (r.document_name, r.ordinal, r.suggestion.code_id) not in coded]


def test_accepted_suggestions_leave_their_turns_out_counted(sample_project, run_cli):
    wrong = _coded_with_suggestions(sample_project)
    assert len(wrong) >= 3
    before = evaluate_suggestions(sample_project, coder="A", engine="keywords")
    assert before.accepted_turns_left_out == 0

    by_turn = {}
    for row in wrong:
        by_turn.setdefault((row.document_name, row.ordinal), []).append(row)
    # Two turns with one accepted suggestion each, and one with two (the turn is left out once).
    several = next(rows for rows in by_turn.values() if len(rows) >= 2)
    single = [rows[0] for rows in by_turn.values() if len(rows) == 1][:2]
    chosen = several[:2] + single
    assert len(single) == 2
    decide_ids(sample_project, [r.suggestion.id for r in chosen], "accept", coder="A")
    turns = {(r.document_name, r.ordinal) for r in chosen}
    after = evaluate_suggestions(sample_project, coder="A", engine="keywords")

    # The turns are out of the evaluation, not scored against a reference that ignores what A accepted.
    assert after.accepted_turns_left_out == len(turns)
    assert after.accepted_codings_left_out == len(chosen)
    assert after.result.segments == before.result.segments - len(turns)
    # Each accepted suggestion was a false positive before; none of them is one now.
    assert after.result.micro.fp <= before.result.micro.fp - len(chosen)

    root = str(sample_project.root)
    english = run_cli("--project", root, "--lang", "en", "eval", "suggestions", "--engine", "keywords",
                      "--coder", "A")
    assert english.exit_code == 0, english.err
    assert (f"{len(turns)} turn(s) left out ({len(chosen)} coding(s) by A made by accepting a suggestion)"
            in english.out)
    assert f"{after.result.segments} participant segments" in english.out
    chinese = run_cli("--project", root, "--lang", "zh", "eval", "suggestions", "--engine", "keywords",
                      "--coder", "A")
    assert chinese.exit_code == 0, chinese.err
    assert f"已排除 {len(turns)} 个段落（A 接受建议而产生的 {len(chosen)} 条编码）" in chinese.out


def test_a_csv_reference_is_not_narrowed_by_accepted_suggestions(sample_project):
    """An independent reference file is not circular: every turn stays in."""
    wrong = _coded_with_suggestions(sample_project)
    reference = sample_project.root / "codings" / "researcher-A.csv"
    before = evaluate_suggestions(sample_project, reference=reference, coder="A", engine="keywords")
    decide_ids(sample_project, [r.suggestion.id for r in wrong[:3]], "accept", coder="A")
    after = evaluate_suggestions(sample_project, reference=reference, coder="A", engine="keywords")
    assert after.accepted_turns_left_out == 0
    assert after.result.segments == before.result.segments
    assert after.result.micro == before.result.micro
