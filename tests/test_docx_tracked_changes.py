"""A .docx with unaccepted tracked changes is refused, naming the paragraph: its text is not settled."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qualcode.core.errors import TranscriptError
from qualcode.io.readers import read_transcript


def _tracked(paragraph, kind: str, words: str) -> None:
    """Wrap a run of ``words`` in <w:ins> or <w:del>, as Word does with Track Changes on."""
    revision = OxmlElement(f"w:{kind}")
    revision.set(qn("w:id"), str(len(paragraph._p)))
    revision.set(qn("w:author"), "Reviewer")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText" if kind == "del" else "w:t")
    text.text = words
    run.append(text)
    revision.append(run)
    paragraph._p.append(revision)


def test_tracked_changes_are_refused_with_their_counts_and_first_paragraph(tmp_path):
    document = docx.Document()
    document.add_paragraph("访谈者：你最近怎么样？")
    answer = document.add_paragraph("受访者：还可以，")
    _tracked(answer, "ins", "就是有点累。")
    _tracked(answer, "del", "很好。")
    _tracked(document.add_paragraph("访谈者："), "ins", "为什么？")
    path = tmp_path / "S01_pre.docx"
    document.save(path)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == (
        f"{path} (paragraph 2): the document has tracked changes (2 insertions, 1 deletion; the first is "
        "in this paragraph); accept or reject them in Word (Review > Accept All Changes), save, and import again")


def test_a_document_without_tracked_changes_still_reads(tmp_path):
    document = docx.Document()
    document.add_paragraph("访谈者：你最近怎么样？")
    document.add_paragraph("受访者：还可以，就是有点累。")
    path = tmp_path / "S01_pre.docx"
    document.save(path)
    assert len(read_transcript(path).turns) == 2
