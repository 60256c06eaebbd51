"""A coded sheet names its documents as it was typed: `Ｓ01_pre` with a Chinese input method left in full-width
mode is the project's `S01_pre`, and the reverse. Before, such a row was "no document named 'Ｓ01_pre'". Two
documents written alike are never matched to one name: the row is listed as unmatched, naming both."""

from __future__ import annotations

from qualcode.app.api import import_paths
from qualcode.app.importing.coded_sheets import import_codings
from qualcode.storage import repository as repo

INTERVIEW = "访谈者：你最近压力大吗？\n受访者：我给自己定了目标，要考电工证。\n访谈者：家里呢？\n受访者：我妈妈很支持我。\n"


def _import(project, *names):
    paths = []
    for name in names:
        path = project.root / "transcripts" / name
        path.write_text(INTERVIEW, encoding="utf-8")
        paths.append(path)
    assert not import_paths(project, paths).errors


def _coded(project):
    ordinal = {s.id: (d.name, s.ordinal) for d in repo.list_documents(project.conn)
               for s in repo.list_segments(project.conn, d.id, with_text=False)}
    return sorted((*ordinal[c.segment_id], c.code_id) for c in repo.list_codings(project.conn))


def test_a_full_width_document_name_in_the_sheet_matches_the_half_width_document_and_the_reverse(project):
    _import(project, "S01_pre.txt", "Ｓ02_pre.txt")
    sheet = project.root / "codings.csv"
    sheet.write_text("document,segment,code\nＳ01_pre,2,PF_GOAL\nS02_pre,4,PF_FAMILY\n", encoding="utf-8")
    report = import_codings(project, sheet, coder="A")
    assert report.unmatched == []
    assert _coded(project) == [("S01_pre", 2, "PF_GOAL"), ("Ｓ02_pre", 4, "PF_FAMILY")]


def test_a_name_two_documents_are_written_alike_matches_neither(project):
    _import(project, "S03_pre.txt", "Ｓ03_pre.txt")
    sheet = project.root / "codings.csv"
    sheet.write_text("document,segment,code\ns０3_pre,2,PF_GOAL\nS03_pre,4,PF_FAMILY\n", encoding="utf-8")
    report = import_codings(project, sheet, coder="A")
    assert report.unmatched == ["row 2: 's０3_pre' could be any of the documents 'S03_pre', 'Ｓ03_pre' "
                                "(written alike in another width or case)"]
    assert _coded(project) == [("S03_pre", 4, "PF_FAMILY")]
