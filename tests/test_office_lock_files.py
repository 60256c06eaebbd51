"""A transcript open in Word while the folder is imported (QA round 28): Word writes a lock file `~$S50_pre.docx`
beside it (Excel alike for a workbook). The folder's import read it as a transcript and stopped everything with
`not a Word .docx file (it is not a ZIP archive); an old .doc must be saved as .docx first`."""

from __future__ import annotations

import docx


def _interview(path) -> None:
    document = docx.Document()
    for line in ("访谈者：你好。", "受访者：我中考没考好，很自卑。"):
        document.add_paragraph(line)
    document.save(path)


def test_word_lock_files_are_left_out_of_a_folder_and_named_when_given(project, run_cli, tmp_path):
    folder = tmp_path / "interviews"
    folder.mkdir()
    _interview(folder / "S50_pre.docx")
    lock = folder / "~$S50_pre.docx"
    lock.write_bytes(b"\x0bresearcher " + b"\x00" * 150)  # what Word writes: the user's name, padded
    (folder / "~$ticipants.xlsx").write_bytes(b"\x05alice" + b"\x00" * 150)
    result = run_cli("import", folder, cwd=project.root)
    assert result.exit_code == 0, result.err
    assert [r[0] for r in project.conn.execute("SELECT name FROM documents")] == ["S50_pre"]
    named = run_cli("import", lock, cwd=project.root)
    assert named.exit_code == 2
    assert (f"qualcode: error: {lock}: this is a lock file (~$…) that Word or Excel writes "
                                 "beside a document while it is open, not a transcript; import the document itself "
                                 "(closing it in Word first is safest)") in named.err
