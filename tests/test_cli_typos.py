"""Typos a researcher makes at the command line (QA round 27): each is said, none silently becomes data."""

from __future__ import annotations

from tests.tui_fixtures import import_transcripts


def cases(project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT id FROM cases ORDER BY id")]


def test_cases_set_on_a_new_case_says_it_created_one_and_names_the_near_miss(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    assert cases(project) == ["S01", "S02"]
    assert run_cli("cases", "set", "S01", "gender=女", cwd=project.root).out.strip() == "Updated S01"
    typo = run_cli("cases", "set", "s02", "gender=男", cwd=project.root)
    assert typo.exit_code == 0
    assert typo.out.strip() == ("Created case s02: no case of that name was in the project (did you mean S02? "
                                "`qualcode cases list` shows them)")
    ahead = run_cli("cases", "set", "S03", "group=control", cwd=project.root)
    assert "Created case S03" in ahead.out and "imported with participant S03" in ahead.out
    assert cases(project) == ["S01", "S02", "S03", "s02"]


def test_a_document_memo_naming_a_replaced_version_by_id_goes_to_the_current_version(project, run_cli, tmp_path):
    from qualcode.storage import repository as repo
    from tests.test_stale_windows import revise_s01

    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    old_id = repo.get_document(project.conn, "S01_pre", with_text=False).id
    revise_s01(folder)
    run_cli("import", folder / "S01_pre.txt", cwd=project.root)
    assert run_cli("memo", "document", str(old_id), "访谈很顺利", cwd=project.root).exit_code == 0
    listing = run_cli("memos", "list", cwd=project.root).out
    assert "document S01_pre " in listing and "replaced" not in listing
    current = repo.get_document(project.conn, "S01_pre", with_text=False).id
    assert project.conn.execute("SELECT target_id FROM memos").fetchone()[0] == str(current)


def test_a_coder_name_differing_only_in_case_from_one_with_codings_is_refused(project, run_cli, tmp_path):
    """`--coder a` where A has coded (QA round 28): the coding was filed under a new coder "a", exports then
    pooled `A, a` and agreement counted two coders, without a word."""
    import_transcripts(project, tmp_path / "incoming")
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "AD_EXAM", cwd=project.root).exit_code == 0
    typo = run_cli("--coder", "a", "code", "S01_pre", "4", "PF_GOAL", cwd=project.root)
    assert typo.exit_code == 2
    assert typo.err.strip() == ("qualcode: error: --coder 'a': no codings by a, but A has codings (coder names are "
                                "compared exactly); use --coder A, so your work is filed under one name")
    assert [tuple(r) for r in project.conn.execute("SELECT coder, code_id FROM codings")] == [("A", "AD_EXAM")]
    second = run_cli("--coder", "B", "code", "S01_pre", "4", "PF_GOAL", cwd=project.root)
    assert second.exit_code == 0  # a second coder is welcome


def test_the_workbench_launch_refuses_a_coder_name_differing_only_in_case_as_every_command_does(
        project, run_cli, tmp_path, capsys):
    """`qualcode --coder a` (no command: the workbench opens) where A has coded: the launch skipped the check the
    commands make, so every coding in the session was filed under a new coder "a" (stop 28)."""
    from qualcode.cli.launch import tui_launch

    import_transcripts(project, tmp_path / "incoming")
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "AD_EXAM", cwd=project.root).exit_code == 0
    command = run_cli("--coder", "a", "status", cwd=project.root)
    launch = tui_launch(["--project", str(project.root), "--coder", "a"])
    assert launch is not None   # the launch path, not click
    capsys.readouterr()
    assert launch.run_guarded() == 2
    said = capsys.readouterr().err
    assert command.exit_code == 2 and said == command.err
    assert said.strip() == ("qualcode: error: --coder 'a': no codings by a, but A has codings (coder names are "
                            "compared exactly); use --coder A, so your work is filed under one name")
    assert [tuple(r) for r in project.conn.execute("SELECT coder, code_id FROM codings")] == [("A", "AD_EXAM")]
