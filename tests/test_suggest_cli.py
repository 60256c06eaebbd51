"""The suggest, suggestions, keywords and eval commands, run in-process on real project folders."""

from __future__ import annotations

import click

from qualcode.storage import repository as repo


def test_suggest_review_and_undo_from_the_command_line(sample_project, run_cli):
    root = str(sample_project.root)
    first = run_cli("--project", root, "suggest", "--jobs", "1")
    assert first.exit_code == 0, first.err
    assert "8 document(s) processed" in first.out and "0 already done" in first.out
    again = run_cli("--project", root, "suggest")
    assert "0 document(s) processed" in again.out and "8 already done" in again.out

    listed = run_cli("--project", root, "suggestions", "list", "--code", "PF_SOCIALWORK", "--document", "S02_post")
    assert listed.exit_code == 0 and "PF_SOCIALWORK" in listed.out and "社工" in listed.out

    before = len(repo.list_codings(sample_project.conn, coder="C"))
    accepted = run_cli("--project", root, "--coder", "C", "suggestions", "accept", "--min-score", "0.9")
    assert accepted.exit_code == 0, accepted.err
    created = len(repo.list_codings(sample_project.conn, coder="C")) - before
    assert created > 0 and f"{created} coding(s) created as C" in accepted.out
    assert all(c.origin == "suggestion" for c in repo.list_codings(sample_project.conn, coder="C"))
    undone = run_cli("--project", root, "--coder", "C", "undo")
    assert undone.exit_code == 0, undone.err
    assert repo.list_codings(sample_project.conn, coder="C") == []

    target = sample_project.conn.execute("SELECT id FROM suggestions WHERE status = 'pending' LIMIT 1").fetchone()[0]
    assert run_cli("--project", root, "suggestions", "reject", str(target)).exit_code == 0
    assert run_cli("--project", root, "suggest", "--force").exit_code == 0
    status = sample_project.conn.execute("SELECT status FROM suggestions WHERE id = ?", (target,)).fetchone()[0]
    assert status == "rejected"
    rejected = run_cli("--project", root, "suggestions", "list", "--status", "rejected")
    assert f"{target} " in rejected.out and "1 suggestion(s)" in rejected.out

    nothing = run_cli("--project", root, "suggestions", "accept")
    assert nothing.exit_code == 2 and "say which suggestions" in nothing.err
    missing = run_cli("--project", root, "suggestions", "accept", "999999")
    assert missing.exit_code == 2 and "999999" in missing.err and "Traceback" not in missing.err


def test_damaged_suggestion_is_reported_in_the_list(sample_project, run_cli):
    root = str(sample_project.root)
    run_cli("--project", root, "suggest", "--documents", "S01_pre", "--jobs", "1")
    sample_project.conn.execute("UPDATE suggestions SET evidence = 'not json' WHERE id = "
                                "(SELECT min(id) FROM suggestions)")
    listed = run_cli("--project", root, "suggestions", "list")
    assert listed.exit_code == 0
    assert "unreadable evidence" in listed.out and "damaged evidence" in listed.err


def test_eval_and_keyword_commands(sample_project, run_cli):
    root = sample_project.root
    reference = str(root / "codings" / "researcher-A.csv")
    table = run_cli("--project", str(root), "eval", "suggestions", "--reference", reference, "--coder", "A",
                    "--out", str(root / "exports" / "eval.csv"))
    assert table.exit_code == 0, table.err
    assert "micro" in table.out and "PF_SOCIALWORK" in table.out
    assert (root / "exports" / "eval.csv").read_text(encoding="utf-8").startswith("code,support,tp,fp,fn")

    learned = run_cli("--project", str(root), "eval", "suggestions", "--reference", reference, "--coder", "A",
                      "--learn", "--folds", "2")
    assert learned.exit_code == 0, learned.err
    assert "micro-F1 per fold" in learned.out

    proposed = run_cli("--project", str(root), "keywords", "propose", "--reference", reference,
                       "--coder", "A", "--min-count", "2")
    assert proposed.exit_code == 0, proposed.err
    assert "precision" in proposed.out or "No candidate" in proposed.out

    codebook = root / "codebooks" / "resilience-protective-factors.yaml"
    comment = codebook.read_text(encoding="utf-8").splitlines()[0]
    added = run_cli("--project", str(root), "keywords", "add", "PF_GOAL", "技能梦想", "life goal")
    assert added.exit_code == 0, added.err
    text = codebook.read_text(encoding="utf-8")
    assert text.splitlines()[0] == comment and "技能梦想" in text and "life goal" in text
    assert "技能梦想" in sample_project.code_index()["PF_GOAL"].keywords.zh
    bad = run_cli("--project", str(root), "keywords", "add", "PF_GOAL", "re:(")
    assert bad.exit_code == 2 and "regular expression" in bad.err
    assert codebook.read_text(encoding="utf-8") == text  # refused edits leave the file alone
    unknown = run_cli("--project", str(root), "keywords", "add", "NO_SUCH_CODE", "词")
    assert unknown.exit_code == 2 and "NO_SUCH_CODE" in unknown.err


def test_bad_reference_and_empty_project(project, run_cli, tmp_path):
    root = str(project.root)
    empty = run_cli("--project", root, "suggest")
    assert empty.exit_code == 2 and "no documents" in empty.err
    broken = tmp_path / "codings.csv"
    broken.write_text("doc,seg\nS01_pre,2\n", encoding="utf-8")
    result = run_cli("--project", root, "eval", "suggestions", "--reference", str(broken))
    assert result.exit_code == 2 and "codings.csv" in result.err and "document, segment, code" in result.err
    for path in project.codebook_paths():
        path.unlink()
    no_codebook = run_cli("--project", root, "suggest")
    assert no_codebook.exit_code == 2 and "no codebook" in no_codebook.err


def test_every_command_has_help():
    from qualcode.cli.suggest import eval_group, keywords, suggest, suggestions

    def walk(command: click.Command):
        yield command
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                yield from walk(sub)

    for top in (suggest, suggestions, keywords, eval_group):
        for command in walk(top):
            assert (command.help or "").strip(), f"{command.name} has no help text"
