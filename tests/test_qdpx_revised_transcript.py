"""A colleague revised a transcript in another project (or another tool), coded it there and sent the project as a
`.qdpx`. Importing it must treat the revised text as what it is, a new version of the document this project
already has (as `qualcode import` does with a revised file): the codings here follow their words and are
counted, the colleague's codings come in on the same document. Before, it came in as a second document
`S01_pre-2` beside the first, and the case counted the interview twice in every matrix.

Two real projects in tmp_path, the transcripts imported and coded through the CLI, the archive written by
qualcode's own `export qdpx`.
"""

from __future__ import annotations

import pytest

from qualcode.app.api import sync_codes
from qualcode.app.project import init_project
from tests.tui_fixtures import import_transcripts

INSERTED = "访谈者：你有兄弟姐妹吗？\n受访者：有一个弟弟。\n"
FIRST_ANSWER = "受访者：中考失利以后我很自卑，觉得自己不行。\n"


def revise(source, target) -> None:
    """The colleague's revision: an exchange heard again and inserted after the first answer, and a word of the
    last answer corrected."""
    text = source.read_text(encoding="utf-8")
    text = text.replace(FIRST_ANSWER, FIRST_ANSWER + INSERTED).replace("想先考电工证", "想先考焊工证")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def codings_of_current_s01(project) -> list[tuple[str, int, str, str]]:
    return [tuple(row) for row in project.conn.execute(
        "SELECT c.code_id, s.ordinal, c.coder, substr(d.text, c.start + 1, c.end - c.start) FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id "
        "WHERE d.name = 'S01_pre' AND d.is_current = 1 ORDER BY s.ordinal, c.code_id")]


def coded_here_and_revised_there(project, run_cli, tmp_path):
    """A codes S01_pre here; colleague B imports a revised S01_pre in their own project, codes the inserted answer
    and exports the project as colleague.qdpx. (the CLI options of this project, the archive)"""
    incoming = tmp_path / "incoming"
    import_transcripts(project, incoming)
    here = ("--project", project.root, "--coder", "A")
    assert run_cli(*here, "code", "S01_pre", "4", "PF_FAMILY").exit_code == 0  # 我妈妈一直鼓励我…
    assert run_cli(*here, "code", "S01_pre", "6", "PF_GOAL").exit_code == 0    # …想先考电工证 (corrected there)
    other = init_project(tmp_path / "colleague")
    sync_codes(other)
    revise(incoming / "S01_pre.txt", tmp_path / "revised" / "S01_pre.txt")
    there = ("--project", other.root, "--coder", "B")
    assert run_cli(*there, "import", tmp_path / "revised" / "S01_pre.txt").exit_code == 0
    assert run_cli(*there, "code", "S01_pre", "4", "PF_SOCIALWORK").exit_code == 0  # the inserted answer
    archive = tmp_path / "colleague.qdpx"
    assert run_cli(*there, "export", "qdpx", "--out", archive).exit_code == 0
    other.close()
    return here, archive


def test_a_qdpx_with_a_revised_transcript_makes_a_new_version_and_the_codings_follow_their_words(
        project, run_cli, tmp_path):
    here, archive = coded_here_and_revised_there(project, run_cli, tmp_path)
    result = run_cli(*here, "import", archive)
    assert result.exit_code == 0, result.err
    documents = [tuple(row) for row in project.conn.execute(
        "SELECT name, version, is_current FROM documents WHERE name LIKE 'S01_pre%' ORDER BY id")]
    assert documents == [("S01_pre", 1, 0), ("S01_pre", 2, 1)]  # no 'S01_pre-2' beside it
    assert "imported as S01_pre's version 2" in result.out
    # The summary counts an archive by the documents it held: this one made a version and no new document
    # (it said "1 imported, 0 new version(s)").
    assert "0 imported, 1 new version(s), 0 unchanged" in result.out
    assert ("S01_pre: codings: 2 on the old version; 1 moved unchanged, 1 moved onto changed words (flagged), "
            "0 on deleted words left on the old version (flagged)") in result.out
    assert "S01_pre: warning: 1 coding(s) on changed or deleted text need review (`qualcode review`)" in result.out
    coded = codings_of_current_s01(project)
    assert ("PF_SOCIALWORK", 4, "B", "有一个弟弟。") in coded  # the colleague's coding, on the same document
    assert ("PF_FAMILY", 6, "A", "我妈妈一直鼓励我，家里人都支持我读职校。") in coded  # followed its words
    assert [row[:3] for row in coded if row[0] == "PF_GOAL"] == [("PF_GOAL", 8, "A")]
    status = run_cli(*here, "status")
    assert "S01_pre-2" not in status.out and "is also in" not in status.out + status.err


def _table_rows(project) -> dict[str, list]:
    return {table: project.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("documents", "segments", "codings", "history", "memos")}


def test_an_archive_holding_a_text_the_project_has_since_revised_is_refused_and_nothing_changes(
        project, run_cli, tmp_path):
    """The stale round trip: the project is exported, the colleague codes the archive, meanwhile the transcript
    is revised here. Taken as one more revision, the archive's old text would become current again, undo the
    revision and pull every coding back onto the old words; it is refused, naming file and document."""
    incoming = tmp_path / "incoming"
    import_transcripts(project, incoming)
    here = ("--project", project.root, "--coder", "A")
    assert run_cli(*here, "code", "S01_pre", "4", "PF_FAMILY").exit_code == 0
    archive = tmp_path / "sent.qdpx"
    assert run_cli(*here, "export", "qdpx", "--out", archive).exit_code == 0
    revise(incoming / "S01_pre.txt", incoming / "S01_pre.txt")
    assert run_cli(*here, "import", incoming / "S01_pre.txt").exit_code == 0  # version 2 here
    before = _table_rows(project)
    codebooks = {p.name: p.read_bytes() for p in (project.root / "codebooks").iterdir()}

    result = run_cli(*here, "import", archive)
    assert result.exit_code == 2
    assert "Traceback" not in result.err
    assert (f"{archive}: S01_pre in the archive is version 1 of the project's S01_pre, which importing a revised "
            "transcript replaced with version 2") in result.err
    assert "nothing was imported" in result.err and "export it again and import that" in result.err
    assert _table_rows(project) == before
    assert {p.name: p.read_bytes() for p in (project.root / "codebooks").iterdir()} == codebooks


SAME_NAME = {"en": "the archive has 2 sources named 'S02_post' with different texts; this one is 'S02_post-2'",
             "zh": "注意：归档中有 2 个名为 'S02_post' 但文本不同的来源；这一个导入为 'S02_post-2'（不作为 'S02_post' 的修订版）"}
FOLDER_BEHIND = {"en": ("holds S01_pre version 1, which colleague.qdpx replaced with version 2; it is not imported "
                        "again"),
                 "zh": "是 S01_pre 的第 1 版，colleague.qdpx 已把它修订为第 2 版；不再导入（否则会撤销这次修订）——"
                       "请把修订后的文字放进这个文件，让文件夹与项目一致"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sources_of_one_archive_sharing_a_name_are_never_taken_as_a_revision(project, run_cli, tmp_path, lang):
    """Another tool may hold two documents of one name. Neither is a revision of the project's document of that
    name: the one with its text adds to it, the other comes in beside (`S01_pre-2`), whatever their order."""
    import re
    import zipfile

    import_transcripts(project, tmp_path / "incoming")
    here = ("--project", project.root)
    exported = tmp_path / "ours.qdpx"
    assert run_cli(*here, "export", "qdpx", "--out", exported).exit_code == 0
    archive = tmp_path / "two-of-a-name.qdpx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(archive, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "project.qde":
                text = data.decode("utf-8")
                text, renamed = re.subn(r'(<TextSource [^>]*?)name="S01_pre"', r'\1name="S02_post"', text, count=1)
                assert renamed == 1
                data = text.encode("utf-8")
            target.writestr(item, data)
    s02_text = project.conn.execute("SELECT text FROM documents WHERE name = 'S02_post'").fetchone()[0]

    result = run_cli(*here, "--lang", lang, "import", archive)
    assert result.exit_code == 0, result.err
    rows = [tuple(r) for r in project.conn.execute(
        "SELECT name, version, is_current FROM documents WHERE name LIKE 'S02_post%' ORDER BY name")]
    assert rows == [("S02_post", 1, 1), ("S02_post-2", 1, 1)]
    assert project.conn.execute("SELECT text FROM documents WHERE name = 'S02_post'").fetchone()[0] == s02_text
    assert SAME_NAME[lang] in result.out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_folder_imported_again_after_a_qdpx_revision_keeps_the_revision_and_adds_no_copy(
        project, run_cli, tmp_path, lang):
    """After the colleague's archive made S01_pre version 2, the transcripts folder still holds the first text,
    and `qualcode import transcripts/` is how new interviews come in. That old file must neither come in as a
    copy `S01_pre_incoming` (the interview twice) nor undo the revision; an edit of the file later is a revision."""
    incoming = tmp_path / "incoming"
    import_transcripts(project, incoming)
    here = ("--project", project.root, "--coder", "A")
    other = init_project(tmp_path / "colleague")
    sync_codes(other)
    revise(incoming / "S01_pre.txt", tmp_path / "revised" / "S01_pre.txt")
    assert run_cli("--project", other.root, "import", tmp_path / "revised" / "S01_pre.txt").exit_code == 0
    archive = tmp_path / "colleague.qdpx"
    assert run_cli("--project", other.root, "export", "qdpx", "--out", archive).exit_code == 0
    other.close()
    assert run_cli(*here, "import", archive).exit_code == 0
    revised_text = project.conn.execute(
        "SELECT text FROM documents WHERE name = 'S01_pre' AND is_current = 1").fetchone()[0]

    again = run_cli(*here, "--lang", lang, "import", incoming)
    assert again.exit_code == 0, again.err
    current = [tuple(r) for r in project.conn.execute(
        "SELECT name, version FROM documents WHERE is_current = 1 ORDER BY name")]
    assert current == [("S01_pre", 2), ("S02_post", 1)]
    assert project.conn.execute(
        "SELECT text FROM documents WHERE name = 'S01_pre' AND is_current = 1").fetchone()[0] == revised_text
    assert FOLDER_BEHIND[lang] in again.out + again.err

    # the researcher edits the old file after all: that is a revision, as always
    source = incoming / "S01_pre.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("现在呢？", "那现在呢？"), encoding="utf-8")
    edited = run_cli(*here, "import", incoming)
    assert edited.exit_code == 0, edited.err
    assert [tuple(r) for r in project.conn.execute(
        "SELECT name, version FROM documents WHERE is_current = 1 ORDER BY name")] == [("S01_pre", 3), ("S02_post", 1)]


def test_the_archive_report_of_a_revised_transcript_reads_in_chinese(project, run_cli, tmp_path):
    """Under --lang zh the archive's report is Chinese: its heading, its counts, and the notes of the new version
    (they begin with the document's name, which left them English while the same lines of a plain re-import were
    Chinese)."""
    here, archive = coded_here_and_revised_there(project, run_cli, tmp_path)
    result = run_cli(*here, "--lang", "zh", "import", archive)
    assert result.exit_code == 0, result.err
    out = result.out
    assert f"从 {archive} 导入：" in out
    assert "新版本：1 个" in out
    assert "注意：S01_pre：文本与项目中的不同，作为 S01_pre 的第 2 版导入" in out
    assert ("注意：S01_pre：编码：旧版本上共 2 条；1 条原样移到新版本，1 条移到改动过的文字上（已标记待复核），"
            "0 条所在文字已删除，留在旧版本上（已标记待复核）") in out
    assert "注意：S01_pre：警告：1 条编码位于改动或删除的文字上，需要复核（`qualcode review`）" in out
    for english in ("imported from", "new versions:", "note: S01_pre", "on the old version"):
        assert english not in out
