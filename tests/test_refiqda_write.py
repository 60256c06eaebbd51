"""Writing .qdpx/.qdc: schema-valid, reproducible, and read back to the same model."""

from __future__ import annotations

import zipfile
from functools import lru_cache
from xml.sax.saxutils import quoteattr

import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refiqda_support import ATLAS_SAMPLE, SCHEMA, code_trees, make_qdpx, projects, qde, shared_data

from qualcode.io.refiqda import model, open_qdpx
from qualcode.io.refiqda.guids import stable_guid
from qualcode.io.refiqda.qdc import read_qdc, write_qdc
from qualcode.io.refiqda.writer import write_qdpx


@lru_cache(maxsize=1)
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_data(*SCHEMA)))


def assert_valid(path) -> None:
    with zipfile.ZipFile(path) as zf:
        schema().validate(zf.read("project.qde").decode("utf-8"))


def test_atlas_sample_rewritten_is_schema_valid_and_reproducible(tmp_path):
    project, _ = open_qdpx(shared_data(*ATLAS_SAMPLE))
    first, second = write_qdpx(project, tmp_path / "a.qdpx"), write_qdpx(project, tmp_path / "b.qdpx")
    assert_valid(first)
    assert first.read_bytes() == second.read_bytes()
    again, _ = open_qdpx(first)
    assert again.codes == project.codes and again.users == project.users


# --------------------------------------------------------------------------- property-based round trips
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(project=projects())
def test_write_then_read_gives_the_same_project(tmp_path, project):
    path = write_qdpx(project, tmp_path / "p.qdpx")
    assert_valid(path)
    again, report = open_qdpx(path)
    assert again.codes == project.codes
    assert again.users == project.users
    assert [(c.name, dict(c.variables), c.source_guids) for c in again.cases] == [
        (c.name, dict(c.variables), c.source_guids) for c in project.cases]
    for before, after in zip(project.sources, again.sources, strict=True):
        assert after.text == before.text
        assert [(s.start, s.end, s.codings) for s in after.selections] == [
            (s.start, s.end, s.codings) for s in before.selections]
        assert [after.text[s.start:s.end] for s in after.selections] == [
            before.text[s.start:s.end] for s in before.selections]
    assert not report.skipped


TOKENS = ["我", "妈妈", "嗯。", "😀", "a", "\r\n", "\r\n", " ", "学习压力很大，"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=st.lists(st.sampled_from(TOKENS), min_size=2, max_size=30), data=st.data(),
       origin=st.sampled_from(["ATLAS.ti 8.4", "MAXQDA 2022", "NVivo 14"]))
def test_crlf_sources_from_any_tool_cover_the_same_text(tmp_path, tokens, data, origin):
    i = data.draw(st.integers(0, len(tokens) - 1))
    j = data.draw(st.integers(i + 1, len(tokens)))
    expected = "".join(tokens[i:j]).replace("\r\n", "\n")
    if not expected.strip():
        return
    counts_one = "atlas" in origin.lower()  # how this tool counts: worked out from the tokens, not the reader
    width = (lambda tok: 1 if tok == "\r\n" else len(tok)) if counts_one else len
    start, end = sum(map(width, tokens[:i])), sum(map(width, tokens[:j]))
    name = data.draw(st.sampled_from([expected[:30], "Quotation 1:1"]))
    source = (f'<TextSource guid="{stable_guid("s", 1)}" name="t" plainTextPath="internal://t.txt">'
              f'<PlainTextSelection guid="{stable_guid("sel", 1)}" name={quoteattr(name)} startPosition="{start}" '
              f'endPosition="{end}"/></TextSource>')
    path = make_qdpx(tmp_path / "c.qdpx", qde(f"<Sources>{source}</Sources>", origin=origin),
                     {"sources/t.txt": "".join(tokens)})
    project, _ = open_qdpx(path)
    text, selection = project.sources[0].text, project.sources[0].selections[0]
    assert text[selection.start:selection.end] == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(codes=code_trees())
def test_qdc_round_trip(tmp_path, codes):
    path = write_qdc(codes, tmp_path / "c.qdc")
    assert read_qdc(path) == codes


def test_control_characters_cannot_break_the_xml(tmp_path):
    text = "第一页\x0c第二页"  # a form feed, as .docx page breaks sometimes leave behind
    project = model.Project(
        name="ctl\x00", users=(model.User(stable_guid("user", "A"), "A\x01"),),
        codes=(model.Code(stable_guid("code", "X"), "编码\x0b", description="说明\x0c"),),
        sources=(model.Source(stable_guid("source", 1), "S01", text, selections=(
            model.Selection(stable_guid("sel", 1), 0, len(text), name=text, codings=(
                model.Coding(stable_guid("coding", 1), stable_guid("code", "X"), stable_guid("user", "A")),)),)),),
        notes=(model.Note(stable_guid("note", 1), "memo", "备忘\x07录"),))
    path = write_qdpx(project, tmp_path / "ctl.qdpx")
    assert_valid(path)
    again, _ = open_qdpx(path)
    assert again.codes[0].name == "编码" and again.notes[0].text == "备忘录"
    assert again.sources[0].text == text  # the text file itself is kept as it was
