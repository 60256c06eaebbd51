"""Issue 18 item 2: a .qdpx reads nothing outside itself, and a damaged one changes nothing.

Each archive is crafted here with zipfile; each refusal is checked through the real CLI on a real project,
with the database, the codebooks and the transcripts compared before and after.
"""

from __future__ import annotations

import hashlib

import pytest

from qualcode.core.errors import ImportFormatError
from qualcode.io.refiqda.reader import open_qdpx
from tests.refiqda_support import G, codebook_xml, make_qdpx, qde

ESCAPES = [("file:///etc/passwd", ""), ("/etc/passwd", ""), ("relative://../../../etc/passwd", ""),
           ("relative://shadow", "/etc"), ("/proc/self/environ", "")]


def _one_source(tmp_path, where: str, base: str = "", files=None, name: str = "p.qdpx"):
    body = f'<Sources><TextSource guid="{G(1)}" name="doc" plainTextPath="{where}"/></Sources>'
    xml = qde(body).replace('origin="test"', f'origin="test" basePath="{base}"' if base else 'origin="test"')
    return make_qdpx(tmp_path / name, xml, files)


def _fingerprint(project) -> tuple:
    """Everything an import could change: every table's rows and every codebook file's bytes."""
    conn = project.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows = tuple((t, tuple(tuple(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid'))) for t in tables)
    books = tuple(sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                         for p in (project.root / "codebooks").glob("*")))
    return rows, books


def _refused(project, run_cli, *paths, match: str) -> None:
    before = _fingerprint(project)
    result = run_cli("--project", project.root, "import", *paths)
    assert result.exit_code == 2, result.out + result.err
    assert match in result.err, result.err
    assert "Traceback" not in result.err
    assert _fingerprint(project) == before


@pytest.mark.parametrize("where,base", ESCAPES)
def test_paths_outside_the_archive_refuse_it_and_leave_the_project_unchanged(project, run_cli, tmp_path,
                                                                            where, base):
    archive = _one_source(tmp_path, where, base)
    with pytest.raises(ImportFormatError, match="outside the archive"):
        open_qdpx(archive)
    _refused(project, run_cli, archive, match=f"its text file {where} lies outside the archive")


def test_a_note_pointing_outside_is_refused_too(project, run_cli, tmp_path):
    body = f'<Notes><Note guid="{G(9)}" name="n" plainTextPath="file:///etc/hostname"/></Notes>'
    _refused(project, run_cli, make_qdpx(tmp_path / "n.qdpx", qde(body)), match="Note 'n'")


def test_allowed_folder_reads_inside_but_not_symlink_escape(project, run_cli, tmp_path):
    allowed = tmp_path / "texts"
    allowed.mkdir()
    (allowed / "a.txt").write_text("受访者：在里面的文字。", encoding="utf-8")
    (allowed / "link.txt").symlink_to("/etc/passwd")
    inside = _one_source(tmp_path, f"file://{allowed / 'a.txt'}")
    refi, _ = open_qdpx(inside, allow_external=allowed)
    assert refi.sources[0].text == "受访者：在里面的文字。"
    escape = _one_source(tmp_path, f"file://{allowed / 'link.txt'}", name="link.qdpx")
    with pytest.raises(ImportFormatError, match="symlinks followed"):
        open_qdpx(escape, allow_external=allowed)
    before = _fingerprint(project)
    result = run_cli("--project", project.root, "import", "--allow-external-sources", allowed, escape)
    assert result.exit_code == 2 and f"lies outside {allowed}" in result.err
    assert _fingerprint(project) == before
    assert run_cli("--project", project.root, "import", "--allow-external-sources", allowed, inside).exit_code == 0


def test_bare_plain_text_path_is_read_from_sources_in_the_archive(tmp_path):
    project, _ = open_qdpx(_one_source(tmp_path, "file.txt", files={"sources/file.txt": "inside"}))
    assert project.sources[0].text == "inside"


def _source(n: int, name: str, selections: str = "", guid: str | None = None) -> str:
    return (f'<TextSource guid="{guid or G(n)}" name="{name}"><PlainTextContent>受访者：一段话。'
            f'</PlainTextContent>{selections}</TextSource>')


def _selection(guid: str, code: str = G(100)) -> str:
    return (f'<PlainTextSelection guid="{guid}" startPosition="3" endPosition="6">'
            f'<Coding guid="{G(500)}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


CODES = codebook_xml(f'<Code guid="{G(100)}" name="家庭"/><Code guid="{G(101)}" name="目标"/>')
DAMAGED = {
    "duplicate source": (f"<Sources>{_source(1, 'one')}{_source(1, 'two')}</Sources>",
                         "sources 'one' and 'two' share the GUID"),
    "malformed source": (f"<Sources>{_source(1, 'bad', guid='nope')}</Sources>",
                         "source 'bad' has a malformed GUID 'nope'"),
    "duplicate code": (codebook_xml(f'<Code guid="{G(100)}" name="家庭"><Code guid="{G(100)}" name="父母"/></Code>'),
                       "codes '家庭' and '父母' share the GUID"),
    "malformed code": (codebook_xml('<Code guid="12345" name="家庭"/>'), "code '家庭' has a malformed GUID"),
    "duplicate selection": (CODES + f"<Sources>{_source(1, 'one', _selection(G(7)))}"
                            f"{_source(2, 'two', _selection(G(7)))}</Sources>",
                            "selections 'PlainTextSelection 3-6' and 'PlainTextSelection 3-6' share"),
    "malformed selection": (CODES + f"<Sources>{_source(1, 'one', _selection('x-y'))}</Sources>",
                            "selection 'PlainTextSelection 3-6' has a malformed GUID 'x-y'"),
    "duplicate user": (f'<Users><User guid="{G(3)}" name="A"/><User guid="{{{G(3).upper()}}}" name="B"/></Users>',
                       "users 'A' and 'B' share the GUID"),
    "malformed user": ('<Users><User guid="" name="A"/></Users>', "user 'A' has a malformed GUID ''"),
    "duplicate note": (f'<Notes><Note guid="{G(4)}" name="m1"><PlainTextContent>x</PlainTextContent></Note>'
                       f'<Note guid="{G(4)}" name="m2"><PlainTextContent>y</PlainTextContent></Note></Notes>',
                       "notes 'm1' and 'm2' share the GUID"),
    "malformed note": ('<Notes><Note guid="note-1" name="m1"><PlainTextContent>x</PlainTextContent></Note></Notes>',
                       "note 'm1' has a malformed GUID 'note-1'"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_duplicate_and_malformed_guids_are_refused_by_name(project, run_cli, tmp_path, case):
    body, message = DAMAGED[case]
    archive = make_qdpx(tmp_path / "damaged.qdpx", qde(body))
    with pytest.raises(ImportFormatError, match="refused"):
        open_qdpx(archive)
    _refused(project, run_cli, archive, match=message)


def test_a_bad_qdpx_in_a_folder_stops_the_whole_batch(project, run_cli, tmp_path, chinese_transcript):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "S01_pre.txt").write_bytes(chinese_transcript.read_bytes())
    make_qdpx(folder / "a_good.qdpx", qde(CODES + f"<Sources>{_source(1, 'good', _selection(G(7)))}</Sources>"))
    _one_source(folder, "/etc/passwd", name="b_evil.qdpx")
    _refused(project, run_cli, folder, match="b_evil.qdpx")
    (folder / "b_evil.qdpx").unlink()
    assert run_cli("--project", project.root, "import", folder).exit_code == 0
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
