"""REFI-QDA with real projects: import the ATLAS.ti sample, export, and the full round trip."""

from __future__ import annotations

import re
import zipfile

import pytest
import xmlschema
from hypothesis import HealthCheck, Phase, assume, given, settings
from refiqda_support import ATLAS_SAMPLE, SCHEMA, projects, shared_data

from qualcode.app.api import add_coding, code_segment, import_paths, set_memo, sync_codes
from qualcode.core.errors import ExportError
from qualcode.app.interop import export_qdpx, import_qdpx
from qualcode.io.refiqda import open_qdpx, write_qdpx
from qualcode.app.project import init_project
from qualcode.storage import repository as repo


def qde_text(path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde").decode("utf-8")


def test_atlas_sample_into_a_project(project):
    report = import_qdpx(project, shared_data(*ATLAS_SAMPLE))
    book = project.root / "codebooks" / "atlas-ti-standard-project.yaml"
    assert book.is_file()  # the YAML stays the source of truth
    index = project.code_index()
    # ids keep the spelling of the code names (Coke, diet Coke), not upper-cased
    assert index["diet_Coke"].parent_id == "Coke" and index["Coke"].description == "the breakfast of champions"
    assert {c.id: dict(c.attributes) for c in repo.list_cases(project.conn)} == {
        "Mabel": {"gender": "female", "age": "25"}, "Simon": {"gender": "male", "age": "67"}}
    coders = [r[0] for r in project.conn.execute("SELECT name FROM coders ORDER BY name")]
    assert coders == ["ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"]
    assert repo.list_documents(project.conn) == []  # every source file is missing from this export
    assert report.skipped["codings"] == 16 and "Mabel.txt" in str(report)
    memo = repo.list_memos(project.conn, target_type="project")[0]
    assert "# Research Plan" in memo.text and memo.author == "Friedrich Markgraf"
    # importing it again maps onto what is there: no second codebook, no duplicate codes
    import_qdpx(project, shared_data(*ATLAS_SAMPLE))
    assert sorted(p.name for p in project.codebook_paths()).count("atlas-ti-standard-project.yaml") == 1
    assert not (project.root / "codebooks" / "atlas-ti-standard-project-2.yaml").exists()


def _coded_project(root, transcript):
    project = init_project(root)
    sync_codes(project)
    assert not import_paths(project, [transcript]).errors
    doc = repo.list_documents(project.conn)[0]
    segments = repo.list_segments(project.conn, doc.id)
    text = repo.get_document(project.conn, doc.id).text
    code_segment(project, segments[1].id, "AD_EXAM", coder="研究者A")
    code_segment(project, segments[1].id, "AD_LOWSELF", coder="研究者A")
    code_segment(project, segments[3].id, "PF_GOAL", coder="coder B")
    start = text.index("我妈妈")
    add_coding(project, document_id=doc.id, start=start, end=start + 3, code_id="PF_FAMILY", coder="研究者A",
               memo="妈妈的鼓励")
    coding = code_segment(project, segments[5].id, "AD_HELPLESS", coder="coder B")
    set_memo(project, "coding", coding.id, "只说了“嗯”，存疑", author="coder B")
    set_memo(project, "segment", segments[3].id, "考证是具体目标", author="研究者A")
    set_memo(project, "document", doc.name, "第一次访谈 😀", author="研究者A")
    set_memo(project, "code", "PF_GOAL", "目标要具体", author="研究者A")
    set_memo(project, "project", "project", "研究日志", author="研究者A")
    return project


def test_round_trip_keeps_codes_cases_codings_and_memos(tmp_path, chinese_transcript):
    first = _coded_project(tmp_path / "a" / "study", chinese_transcript)
    exported = export_qdpx(first, tmp_path / "a.qdpx")
    schema = xmlschema.XMLSchema(str(shared_data(*SCHEMA)))
    schema.validate(qde_text(exported.path))
    assert exported.counts["codings"] == 5 and exported.counts["documents"] == 1

    second = init_project(tmp_path / "b" / "study")
    sync_codes(second)
    report = import_qdpx(second, exported.path)
    assert report.imported["codes mapped onto existing codes"] == exported.counts["codes"]
    assert [p.name for p in second.codebook_paths()] == [p.name for p in first.codebook_paths()]  # nothing new
    again = export_qdpx(second, tmp_path / "b.qdpx")
    # the same project, byte for byte: GUIDs, spans, coders, memos, dates
    assert qde_text(again.path) == qde_text(exported.path)
    assert again.path.read_bytes() == exported.path.read_bytes()
    repeat = import_qdpx(second, exported.path)  # a second import adds nothing
    assert repeat.imported["codings"] == 0 and repeat.imported["codings already there"] == 5
    assert len(repo.list_codings(second.conn)) == 5 and len(repo.list_documents(second.conn)) == 1

    def codings(project):
        out = set()
        for c in repo.list_codings(project.conn):
            text = repo.get_document(project.conn, c.document_id).text
            out.add((c.code_id, c.coder, c.start, c.end, text[c.start:c.end], c.memo))
        return out

    assert codings(second) == codings(first)
    assert {(c.id, tuple(sorted(c.attributes.items()))) for c in repo.list_cases(second.conn)} == {
        (c.id, tuple(sorted(c.attributes.items()))) for c in repo.list_cases(first.conn)}
    family = next(c for c in repo.list_codings(second.conn) if c.code_id == "PF_FAMILY")
    assert family.memo == "妈妈的鼓励" and family.origin == "import"
    memos = {(m.target_type, m.text, m.author) for m in repo.list_memos(second.conn)}
    assert ("segment", "考证是具体目标", "研究者A") in memos and ("code", "目标要具体", "研究者A") in memos
    assert ("coding", "只说了“嗯”，存疑", "coder B") in memos


def test_exporting_twice_gives_the_same_file_and_refuses_to_overwrite(tmp_path, chinese_transcript):
    project = _coded_project(tmp_path / "p", chinese_transcript)
    first = export_qdpx(project, tmp_path / "1.qdpx")
    second = export_qdpx(project, tmp_path / "2.qdpx")
    assert first.path.read_bytes() == second.path.read_bytes()
    with pytest.raises(ExportError, match="--force"):
        export_qdpx(project, first.path)
    export_qdpx(project, first.path, force=True)
    model, _ = open_qdpx(first.path)
    selection_texts = {model.sources[0].text[s.start:s.end] for s in model.sources[0].selections}
    assert "我妈妈" in selection_texts


def _with_crlf(project):
    """The same project as a tool writing Windows line ends and counting code points would export it."""
    from dataclasses import replace

    def moved(text, offset):
        return offset + text[:offset].count("\n")

    sources = tuple(replace(s, text=s.text.replace("\n", "\r\n"), selections=tuple(
        replace(sel, start=moved(s.text, sel.start), end=moved(s.text, sel.end)) for sel in s.selections))
        for s in project.sources)
    return replace(project, sources=sources, origin="Some QDA tool 1.0")


def _comparable(codes):
    """Codebooks store colours in lower case and labels without surrounding spaces; neither changes a code."""
    from dataclasses import replace

    return tuple(replace(c, name=c.name.strip(), color=c.color.lower() if c.color else None,
                         children=_comparable(c.children)) for c in codes)


def _covered_words(refi):
    """(source, code GUID, user GUID) -> offsets of the non-blank characters its codings cover."""
    covered: dict[tuple[str, str, str], set[int]] = {}
    for s in refi.sources:
        for sel in s.selections:
            for c in sel.codings:
                covered.setdefault((s.name, c.code_guid, c.user_guid), set()).update(
                    i for i in range(sel.start, sel.end) if not s.text[i].isspace())
    return {key: offsets for key, offsets in covered.items() if offsets}


# each example builds two projects: few examples, and no shrinking (a failure prints the example as found)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(original=projects())
def test_random_projects_survive_import_and_export(tmp_path_factory, original):
    assume(all(s.text.strip() for s in original.sources))
    folder = tmp_path_factory.mktemp("round")
    write_qdpx(_with_crlf(original), folder / "in.qdpx")
    project = init_project(folder / "study")
    try:
        sync_codes(project)
        report = import_qdpx(project, folder / "in.qdpx")
        # only selections of nothing but whitespace are skipped (they cover no turn text)
        assert set(report.skipped) <= {"codings"}, report
        assert all("only whitespace" in reason for reason in report.reasons), report
        again, _ = open_qdpx(export_qdpx(project, folder / "out.qdpx").path)
    finally:
        project.close()
    imported_roots = {root.guid for root in original.codes}  # the fresh project also has the shipped codebooks
    came_back = tuple(c for c in again.codes if c.guid in imported_roots)
    assert _comparable(came_back) == _comparable(original.codes)  # names, descriptions, tree, GUIDs
    assert [s.text for s in again.sources] == [s.text for s in original.sources]  # \r\n back to \n
    # selections come back trimmed and split at turn boundaries (an unlabelled text is one turn per
    # paragraph or line): the same words stay coded, whitespace and line breaks aside
    assert _covered_words(again) == _covered_words(original), str(report)
    assert {u.name for u in again.users} == {u.name for u in original.users}
