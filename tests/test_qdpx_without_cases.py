"""A .qdpx whose sources no case holds (issue 12 item 7): participant and wave from the source's name,
or from its speakers; speakers the built-in list does not know are inferred as in a .txt."""

from __future__ import annotations

from refiqda_support import G, codebook_xml, make_qdpx, qde

from qualcode.app.interop import import_qdpx
from qualcode.storage import repository as repo

CODES = codebook_xml(f'<Code guid="{G(1)}" name="家庭支持" isCodable="true"/>')
NAMED = "Mary: How is your family?\nTom: Close. My mum calls every day.\nMary: And your dad?\nTom: He works away.\n"
UNNAMED = "Moderator: What helped?\nP01: My coach.\nP02: My sister.\nModerator: Anything else?\nP01: Music.\n"


def _archive(tmp_path):
    sources = "".join(
        f'<TextSource guid="{G(10 + n)}" name="{name}" plainTextPath="internal://{G(10 + n)}.txt"/>'
        for n, name in enumerate(["S02_pre.txt", "focus group.txt"]))
    body = CODES + f"<Sources>{sources}</Sources>"
    return make_qdpx(tmp_path / "no-cases.qdpx", qde(body, origin="Some QDA tool"),
                     {f"sources/{G(10)}.txt": NAMED, f"sources/{G(11)}.txt": UNNAMED})


def test_sources_without_cases_take_participant_and_wave_from_name_or_speakers(project, tmp_path):
    import_qdpx(project, _archive(tmp_path))
    named = repo.get_document(project.conn, "S02_pre")
    assert named.case_id == "S02" and named.attributes["wave"] == "pre"
    segments = repo.list_segments(project.conn, named.id)
    assert [(s.speaker, s.role, s.case_id) for s in segments] == [
        ("Mary", "interviewer", None), ("Tom", "participant", "S02")] * 2
    group = repo.get_document(project.conn, "focus group")
    assert group.case_id is None
    assert [(s.speaker, s.case_id) for s in repo.list_segments(project.conn, group.id) if s.role == "participant"] == [
        ("P01", "P01"), ("P02", "P02"), ("P01", "P01")]
    assert {c.id for c in repo.list_cases(project.conn)} == {"S02", "P01", "P02"}
