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
    for private in (report.key_path, report.report_path, project.db_path.parent / "originals" / "S05_pre.txt"):
        assert private.parent.name in (".qualcode", "originals")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert not any("王芳" in p.read_text(encoding="utf-8", errors="ignore")
                   for p in (project.root / "exports").rglob("*") if p.is_file())
    assert names_remaining("王芳说的", None, project) == ["王芳"]
