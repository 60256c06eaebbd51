"""`qualcode import .` in the project folder (QA round 28): the walk took in qualcode's own files -- each annotated
transcript in exports/transcripts/ became a second document of its participant (`S01_pre_transcripts`, counted
for the case, exit 0), and .qualcode/originals/ (the transcripts as they were before `pseudonymize`, with the
real names) was read too. Now hidden folders and the project's exports/ are left out of a folder's walk."""

from __future__ import annotations

from tests.conftest import CHINESE_INTERVIEW


def _documents(project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT name FROM documents WHERE is_current = 1 ORDER BY name")]


def test_importing_the_project_folder_leaves_out_exports_and_the_hidden_originals(project, run_cli):
    root = project.root
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW.replace("我妈妈", "王芳的妈妈"),
                                                     encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    assert run_cli("code", "S01_pre", "2", "AD_EXAM", cwd=root).exit_code == 0
    assert run_cli("export", "transcript", "--all", cwd=root).exit_code == 0
    assert (root / "exports" / "transcripts" / "S01_pre.docx").exists()
    (root / "names.csv").write_text("name,kind,placeholder\n王芳,person,[P1]\n", encoding="utf-8")
    assert run_cli("pseudonymize", "--names", root / "names.csv", cwd=root).exit_code == 0
    (root / "names.csv").unlink()
    (root / ".qualcode" / "pseudonym-key.csv").rename(root.parent / "key.csv")  # kept apart, as advised
    (root / ".qualcode" / "pseudonymize-report.csv").unlink()
    assert list((root / ".qualcode" / "originals").rglob("S01_pre.txt"))  # the real names are kept there

    again = run_cli("import", ".", cwd=root)
    assert again.exit_code == 0, again.err
    assert _documents(project) == ["S01_pre"]
    assert "exports" not in again.out and "originals" not in again.out
    assert "王芳" not in "".join(r[0] for r in project.conn.execute("SELECT text FROM documents WHERE is_current = 1"))

    asked = run_cli("import", root / "exports" / "transcripts", cwd=root)  # named, it is imported as asked
    assert asked.exit_code == 0 and "S01_pre_transcripts" in _documents(project)


def test_the_project_folder_with_questionnaires_and_a_coding_sheet(project, run_cli):
    """scores/ (questionnaire tables) is the project's too; a coding sheet beside the transcripts is named as one."""
    root = project.root
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    (root / "scores" / "rsca.csv").write_text("id,wave,RSCA1\nS01,pre,4\n", encoding="utf-8")
    sheet = root / "coder-B.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,2,AD_EXAM,B\n", encoding="utf-8")
    refused = run_cli("import", ".", cwd=root)
    assert refused.exit_code == 2 and "rsca.csv" not in refused.err
    assert ("this is a sheet of codings (document, segment, code), not a transcript: bring it in with "
            "`qualcode import-codings FILE`, and keep it out of the folder you import") in refused.err
    assert _documents(project) == []
    sheet.unlink()
    assert run_cli("import", ".", cwd=root).exit_code == 0 and _documents(project) == ["S01_pre"]
