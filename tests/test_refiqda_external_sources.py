"""Issue 18 item 2: a .qdpx reads nothing outside itself unless the user allows a folder."""

from __future__ import annotations

import pytest

from qualcode.io.refiqda.reader import open_qdpx
from tests.refiqda_support import G, make_qdpx, qde


def _one_source(tmp_path, where: str, base: str = "", files=None):
    body = (f'<Sources><TextSource guid="{G(1)}" name="doc" plainTextPath="{where}"/></Sources>')
    xml = qde(body).replace('origin="test"', f'origin="test" basePath="{base}"' if base else 'origin="test"')
    return make_qdpx(tmp_path / "p.qdpx", xml, files)


@pytest.mark.parametrize("where,base", [
    ("file:///etc/passwd", ""), ("/etc/passwd", ""), ("relative://../../../etc/passwd", ""),
    ("relative://passwd", "/etc"), ("/proc/self/environ", "")])
def test_external_source_paths_are_refused_and_named(tmp_path, where, base):
    project, report = open_qdpx(_one_source(tmp_path, where, base))
    assert all(s.text is None for s in project.sources)
    assert where in str(report.__dict__)
    assert "refused" in str(report.__dict__)


def test_allowed_folder_reads_inside_but_not_symlink_escape(tmp_path):
    allowed = tmp_path / "texts"
    allowed.mkdir()
    (allowed / "a.txt").write_text("hello", encoding="utf-8")
    (allowed / "link.txt").symlink_to("/etc/passwd")
    project, _ = open_qdpx(_one_source(tmp_path, f"file://{allowed / 'a.txt'}"), allow_external=allowed)
    assert project.sources[0].text == "hello"
    project, report = open_qdpx(_one_source(tmp_path, f"file://{allowed / 'link.txt'}"), allow_external=allowed)
    assert project.sources[0].text is None and "refused" in str(report.__dict__)


def test_bare_plain_text_path_is_read_from_sources_in_the_archive(tmp_path):
    project, _ = open_qdpx(_one_source(tmp_path, "file.txt", files={"sources/file.txt": "inside"}))
    assert project.sources[0].text == "inside"


def test_duplicate_and_malformed_source_guids_are_refused_by_name(tmp_path):
    from qualcode.core.errors import ImportFormatError
    body = (f'<Sources><TextSource guid="{G(1)}" name="one"><PlainTextContent>a</PlainTextContent></TextSource>'
            f'<TextSource guid="{G(1)}" name="two"><PlainTextContent>b</PlainTextContent></TextSource></Sources>')
    with pytest.raises(ImportFormatError, match="'one' and 'two'"):
        open_qdpx(make_qdpx(tmp_path / "d.qdpx", qde(body)))
    body = '<Sources><TextSource guid="nope" name="bad"><PlainTextContent>a</PlainTextContent></TextSource></Sources>'
    with pytest.raises(ImportFormatError, match="'bad'.*'nope'"):
        open_qdpx(make_qdpx(tmp_path / "m.qdpx", qde(body)))
