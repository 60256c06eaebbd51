"""Pseudonymisation on a real project: names replaced, codings follow, the key stays private."""

from __future__ import annotations

import stat

from qualcode.app import api
from qualcode.core.names import find_names, load_names_list, replace_names
from qualcode.app.privacy.pseudonymize import names_remaining, pseudonymize
from qualcode.storage import repository as repo

NAMES = "name,kind,variants\n张小明,person,\n王芳,person,芳芳\n深圳,place,\nZhang Wei,person,\n"


def test_names_and_their_conversational_forms_are_found(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text(NAMES, encoding="utf-8")
    entries = load_names_list(names)
    text = "张小明说小明很努力，芳芳和王芳在深圳。Zhang Wie met zhang-wei. Zhang went home."
    assert replace_names(text, find_names(text, entries)) == (
        "[P01]说[P01]很努力，[P02]和[P02]在[L01]。[P03] met [P03]. Zhang went home.")


def test_placeholders_are_stable_across_runs(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name\n李红\n", encoding="utf-8")
    assert load_names_list(names, existing_key={"张小明": "[P01]", "王芳": "[P02]"})[0].placeholder == "[P03]"
    assert load_names_list(names, existing_key={"李红": "[P07]"})[0].placeholder == "[P07]"


def test_pseudonymize_rewrites_sources_moves_codings_and_keeps_the_key_private(project, tmp_path):
    source = project.root / "transcripts" / "S05_pre.txt"
    source.write_text("---\nparticipant: S05\n---\n访谈者：谁帮过你？\n受访者：我的同桌王芳经常帮我补课。\n"
                      "受访者：我想去深圳工作。\n", encoding="utf-8")
    api.import_paths(project, [source])
    old = repo.get_document(project.conn, "S05_pre")
    segments = repo.list_segments(project.conn, old.id)
    api.toggle_code(project, segments[1].id, "PF_PEER")
    names = tmp_path / "names.csv"
    names.write_text(NAMES, encoding="utf-8")

    dry = pseudonymize(project, names, dry_run=True)
    assert len(dry.replacements) == 2 and source.read_text(encoding="utf-8").count("王芳") == 1

    report = pseudonymize(project, names)
    assert [(r.found, r.placeholder, r.line) for r in report.replacements] == [("王芳", "[P02]", 5), ("深圳", "[L01]", 6)]
    assert "王芳" not in source.read_text(encoding="utf-8")
    new = repo.get_document(project.conn, "S05_pre")
    assert new.version == 2 and "王芳" not in new.text
    [coding] = repo.list_codings(project.conn, document_id=new.id)
    assert new.text[coding.start:coding.end] == "我的同桌[P02]经常帮我补课。"
    kept = project.db_path.parent / "originals" / "transcripts" / "S05_pre.txt"  # under its path in the project
    for private in (report.key_path, report.report_path, kept):
        assert project.db_path.parent in private.parents
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert not any("王芳" in p.read_text(encoding="utf-8", errors="ignore")
                   for p in (project.root / "exports").rglob("*") if p.is_file())
    assert names_remaining("王芳说的", None, project) == ["王芳"]


def _run_main(capsys, *args: str) -> tuple[int, str, str]:
    import pytest

    from qualcode.cli import main

    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return info.value.code, captured.out, captured.err


def test_names_in_front_matter_stay_valid_yaml_and_none_remain(project, tmp_path, capsys):
    import os

    from qualcode.core.frontmatter import split_front_matter

    source = project.root / "transcripts" / "S06_pre.txt"
    source.write_text("---\nparticipant: S06\ninterviewer: Ms. Chen\nschool: 深圳\nhome: 深圳人\n"
                      "visitors: [Chen, 深圳]\n---\n"
                      "访谈者：Ms. Chen 问你好。\n受访者：我在深圳上学。\n", encoding="utf-8")
    os.chmod(source, 0o600)
    api.import_paths(project, [source])
    names = tmp_path / "names.csv"
    names.write_text("name,kind\nChen,person\n深圳,place\n", encoding="utf-8")

    code, out, _ = _run_main(capsys, "--project", str(project.root), "pseudonymize", "--names", str(names),
                             "--dry-run")
    assert code in (0, None)
    assert "transcripts/S06_pre.txt:3:18: Chen → [P01]" in out and "S06_pre.txt:9:" in out
    assert "Chen" in source.read_text(encoding="utf-8")

    report = pseudonymize(project, names)
    text = source.read_text(encoding="utf-8")
    assert "Chen" not in text and "深圳" not in text
    fields, _ = split_front_matter(text, "S06_pre.txt")
    assert fields["interviewer"] == "Ms. [P01]" and fields["school"] == "[L01]"
    assert fields["home"] == "[L01]人" and fields["visitors"] == "[P01], [L01]"
    assert "S06_pre" in report.documents_changed
    assert "Chen" not in repo.get_document(project.conn, "S06_pre").text
    assert stat.S_IMODE(source.stat().st_mode) == 0o600

    # A second run with a longer list keeps the real original from the first run.
    original = project.db_path.parent / "originals" / "transcripts" / "S06_pre.txt"
    assert "Ms. Chen" in original.read_text(encoding="utf-8")
    names.write_text("name,kind\nChen,person\n深圳,place\n上学,place\n", encoding="utf-8")
    pseudonymize(project, names)
    assert "Ms. Chen" in original.read_text(encoding="utf-8")
    assert stat.S_IMODE(source.stat().st_mode) == 0o600


def test_a_name_left_in_the_database_fails_the_command(project, tmp_path, capsys):
    source = project.root / "transcripts" / "S07_pre.txt"
    source.write_text("受访者：王芳帮我。\n", encoding="utf-8")
    api.import_paths(project, [source])
    # A source the re-import cannot read back: its front matter never closes once rewritten.
    source.write_text("---\nparticipant: S07\n受访者：王芳帮我。\n", encoding="utf-8")
    names = tmp_path / "names.csv"
    names.write_text("name\n王芳\n", encoding="utf-8")
    code, out, err = _run_main(capsys, "--project", str(project.root), "pseudonymize", "--names", str(names))
    assert code != 0 and "王芳" in err and "replacement(s)" not in out
    assert "王芳" in repo.get_document(project.conn, "S07_pre").text


def test_titles_are_not_names(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name\n王老师\nMs. Chen\n", encoding="utf-8")
    entries = load_names_list(names)
    text = "王老师说李老师和Ms. Li都来了，Ms. Chen也来了。"
    assert replace_names(text, find_names(text, entries)) == "[P01]说李老师和Ms. Li都来了，[P02]也来了。"
