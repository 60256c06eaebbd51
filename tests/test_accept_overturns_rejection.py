"""`qualcode suggestions accept ID` on a suggestion someone rejected accepts it (a change of mind by id), and says
so: it overturned the rejection without a word, which is how a colleague's rejection (or one made in another
window) got lost unseen. Real sample project, real suggest, the CLI in-process."""

from __future__ import annotations

from datetime import datetime, timezone


def _rejected_by_b(sample_project, run_cli) -> tuple[str, int, tuple]:
    root = str(sample_project.root)
    assert run_cli("--project", root, "suggest", "--jobs", "1").exit_code == 0
    row = sample_project.conn.execute(
        "SELECT g.id, d.name, s.ordinal, g.code_id FROM suggestions g JOIN segments s ON s.id = g.segment_id "
        "JOIN documents d ON d.id = s.document_id WHERE g.status = 'pending' ORDER BY g.id LIMIT 1").fetchone()
    assert run_cli("--project", root, "--coder", "B", "suggestions", "reject", str(row[0])).exit_code == 0
    return root, row[0], tuple(row[1:])


def test_accepting_a_rejected_suggestion_by_id_says_whose_rejection_it_overturns(sample_project, run_cli):
    root, target, (document, ordinal, code) = _rejected_by_b(sample_project, run_cli)
    today = datetime.now(timezone.utc).date().isoformat()
    accepted = run_cli("--project", root, "--coder", "A", "suggestions", "accept", str(target))
    assert accepted.exit_code == 0, accepted.err
    assert (f"note: #{target} ({document} #{ordinal} {code}) was rejected by B on {today}; it is accepted now "
            "(`qualcode undo` rejects it again)") in accepted.err
    assert "1 suggestion(s) accepted" in accepted.out
    assert run_cli("--project", root, "--coder", "A", "undo").exit_code == 0
    status = sample_project.conn.execute("SELECT status, decided_by FROM suggestions WHERE id = ?", (target,))
    assert tuple(status.fetchone()) == ("rejected", "B")

    pending = sample_project.conn.execute("SELECT id FROM suggestions WHERE status = 'pending' ORDER BY id LIMIT 1")
    other = pending.fetchone()[0]
    plain = run_cli("--project", root, "--coder", "A", "suggestions", "accept", str(other))
    assert plain.exit_code == 0 and "was rejected" not in plain.err   # a pending one: nothing to say


def test_the_overturned_rejection_is_said_in_chinese_under_zh(sample_project, run_cli):
    root, target, (document, ordinal, code) = _rejected_by_b(sample_project, run_cli)
    today = datetime.now(timezone.utc).date().isoformat()
    accepted = run_cli("--project", root, "--coder", "A", "--lang", "zh", "suggestions", "accept", str(target))
    assert accepted.exit_code == 0, accepted.err
    assert (f"#{target}（{document} 第 {ordinal} 段 {code}）曾被 B 拒绝（{today}）；现在已接受（`qualcode undo` 可恢复为拒绝）"
            in accepted.err)
    assert "was rejected" not in accepted.err
