"""Issue 11 (memos): segment and coding memos travel in a .qdpx as REFI-QDA Notes and come back on their targets."""

from __future__ import annotations

import sqlite3
import zipfile

from defusedxml import ElementTree


def _memos_by_place(db):
    """Every memo as (kind, place, author, text), the place spelled independently of row ids."""
    with sqlite3.connect(db) as conn:
        segment = {str(i): f"{n}:{o}" for i, n, o in conn.execute(
            "SELECT s.id, d.name, s.ordinal FROM segments s JOIN documents d ON d.id = s.document_id")}
        coding = {str(i): f"{n}:{s}-{e}:{c}" for i, n, s, e, c in conn.execute(
            "SELECT c.id, d.name, c.start, c.end, c.code_id FROM codings c JOIN documents d ON d.id = c.document_id")}
        rows = conn.execute("SELECT target_type, target_id, author, text FROM memos").fetchall()
    place = {"segment": segment, "coding": coding}
    return sorted((kind, place.get(kind, {}).get(target, target), author, text) for kind, target, author, text in rows)


def test_segment_and_coding_memos_come_back_on_their_targets(run_cli, sample_project, tmp_path):
    root = sample_project.root
    assert run_cli("--project", root, "code", "S01_pre", 4, "PF_GOAL").exit_code == 0
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        coding_id = conn.execute("SELECT max(id) FROM codings").fetchone()[0]
    for args in (("memo", "segment", "S01_pre:4", "提到中考失利"),
                 ("memo", "segment", "S01_pre:4", "second thought on the same turn"),
                 ("--coder", "B", "memo", "segment", "S01_pre:4", "B 的看法"),
                 ("memo", "segment", "S02_post:6", "another document"),
                 ("memo", "coding", coding_id, "why PF_GOAL here"),
                 ("--coder", "B", "memo", "coding", coding_id, "B disagrees")):
        result = run_cli("--project", root, *args)
        assert result.exit_code == 0, result.err
    before = _memos_by_place(root / ".qualcode" / "project.db")
    archive = tmp_path / "out.qdpx"
    assert run_cli("--project", root, "export", "qdpx", "--out", archive).exit_code == 0

    with zipfile.ZipFile(archive) as zf:
        xml = ElementTree.fromstring(zf.read("project.qde"))
    ns = "{urn:QDA-XML:project:1.0}"
    notes = {n.get("guid"): n.find(f"{ns}PlainTextContent").text for n in xml.iter(f"{ns}Note")}
    assert len(notes) == len(before) == 6  # one Note per memo: several on one target are not merged
    referenced = [r.get("targetGUID") for sel in xml.iter(f"{ns}PlainTextSelection")
                  for r in sel.iter(f"{ns}NoteRef")]
    assert sorted(notes[g] for g in referenced) == sorted(text for *_, text in before)

    fresh = tmp_path / "fresh"
    assert run_cli("init", fresh).exit_code == 0
    imported = run_cli("--project", fresh, "import", archive)
    assert imported.exit_code == 0, imported.err
    assert _memos_by_place(fresh / ".qualcode" / "project.db") == before
    again = run_cli("--project", fresh, "import", archive)
    assert again.exit_code == 0, again.err
    assert _memos_by_place(fresh / ".qualcode" / "project.db") == before  # no copies
