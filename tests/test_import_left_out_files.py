"""A folder of interviews as a Windows researcher keeps it (lead, stop 30): besides the transcripts, an old
Word `.doc`, a recording, Windows' `Thumbs.db`, and a tab-separated export. The walk passed over every file it
could not read without a word (a folder of `.doc` files printed `0 imported` and exited 0), and it passed over
`.tsv` transcripts too, which the reader takes when the file is named."""

from __future__ import annotations


def _write(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_files_the_walk_cannot_read_are_named_and_a_tsv_is_read(project, run_cli, tmp_path):
    folder = tmp_path / "访谈"
    folder.mkdir()
    _write(folder / "S61_pre.tsv", "说话人\t内容\n访谈者\t最近怎么样？\n学生\t我有目标了，想考电工证。\n")
    (folder / "S62_pre.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)  # an OLE2 header
    (folder / "S61_pre.m4a").write_bytes(b"\x00\x00\x00\x20ftypM4A ")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run_cli("import", folder, cwd=project.root)
    assert result.exit_code == 0, result.err
    assert [r[0] for r in project.conn.execute("SELECT name FROM documents")] == ["S61_pre"]
    note = next(line for line in result.out.splitlines() if line.startswith("note: left out"))
    assert note == (f"note: left out 2 file(s) that are not transcripts qualcode reads: {folder / 'S61_pre.m4a'}, "
                    f"{folder / 'S62_pre.doc'}; a .doc or .wps file is an old Word or WPS document: open it there "
                    "and save it as .docx")
    zh = run_cli("--lang", "zh", "import", folder, cwd=project.root)
    assert f"注意：略过了 2 个 qualcode 不能作为转录稿读取的文件：{folder / 'S61_pre.m4a'}" in zh.out
    assert "另存为 .docx" in zh.out


def test_a_folder_with_nothing_readable_is_refused_naming_what_it_holds(project, run_cli, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    for number in range(1, 8):
        (folder / f"S{number:02}_pre.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    before = project.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    result = run_cli("import", folder, cwd=project.root)
    assert result.exit_code == 2
    assert (f"qualcode: error: {folder}: nothing to import: left out 7 file(s) that are not transcripts qualcode "
            f"reads: {folder / 'S01_pre.doc'}, {folder / 'S02_pre.doc'}, {folder / 'S03_pre.doc'}, "
            f"{folder / 'S04_pre.doc'}, {folder / 'S05_pre.doc'} and 2 more; a .doc or .wps file") in result.err
    assert project.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert project.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == before
