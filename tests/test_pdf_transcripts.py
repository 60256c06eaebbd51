"""PDF transcripts: the text layer is read and split into turns; scanned and encrypted PDFs are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from qualcode.app import api
from qualcode.core.errors import TranscriptError
from qualcode.io.readers import read_transcript


def _text_page(writer: PdfWriter, lines: list[str]) -> None:
    """A page whose content stream writes ``lines`` in Helvetica, as a word processor's 'Save as PDF' does."""
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    operators = ["BT", "/F1 11 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        operators.append(f"({escaped}) Tj T*")
    operators.append("ET")
    stream = StreamObject()
    stream.set_data("\n".join(operators).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)


def _pdf(path: Path, pages: list[list[str]], *, password: str | None = None) -> Path:
    writer = PdfWriter()
    for lines in pages:
        if lines:
            _text_page(writer, lines)
        else:
            writer.add_blank_page(612, 792)  # a scanned page: an image, no text
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")
    writer.write(path)
    return path


PAGES = [["Interviewer: How was school this week?", "P01: Busy, but my friends helped."],
         ["Interviewer: Who helped most?", "P01: My roommate (Lily) did."]]


def test_the_text_layer_of_every_page_becomes_turns(tmp_path):
    transcript = read_transcript(_pdf(tmp_path / "P01_pre.pdf", PAGES))
    assert [(t.speaker, t.role, transcript.text[t.start:t.end]) for t in transcript.turns] == [
        ("Interviewer", "interviewer", "How was school this week?"),
        ("P01", "participant", "Busy, but my friends helped."),
        ("Interviewer", "interviewer", "Who helped most?"),
        ("P01", "participant", "My roommate (Lily) did."),
    ]
    assert transcript.encoding == "pdf"


def test_a_pdf_encrypted_only_against_editing_is_read(tmp_path):
    transcript = read_transcript(_pdf(tmp_path / "P01_pre.pdf", PAGES, password=""))
    assert len(transcript.turns) == 4


def test_a_scanned_pdf_says_ocr_is_needed(tmp_path):
    path = _pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == (
        f"{path}: the PDF has no text layer on any of its 2 page(s) (a scanned document?); OCR is needed first: "
        "run it through OCR (e.g. ocrmypdf, or your scanner's software) or export the transcript as .docx/.txt")


def test_a_password_protected_pdf_is_refused(tmp_path):
    path = _pdf(tmp_path / "locked.pdf", PAGES, password="secret")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == (f"{path}: the PDF is encrypted (password-protected); open it, save or print "
                                 "an unprotected copy, and import that")


def test_a_file_named_pdf_that_is_not_one_is_refused(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Interviewer: hello\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"notes.pdf: the PDF is damaged or not a PDF"):
        read_transcript(path)


def test_a_scanned_pdf_stops_the_batch_and_the_project_is_unchanged(project, tmp_path, run_cli):
    good = _pdf(tmp_path / "P01_pre.pdf", PAGES)
    scan = _pdf(tmp_path / "P02_pre.pdf", [[]])
    result = run_cli("--project", project.root, "import", good, scan)
    assert result.exit_code == 2
    assert f"{scan}: the PDF has no text layer" in result.err and "OCR is needed" in result.err
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert api.import_paths(project, [good]).files[0].status == "imported"
