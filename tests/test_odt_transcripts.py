"""OpenDocument (.odt) transcripts from LibreOffice/WPS: paragraphs and table cells in order, then turns."""

from __future__ import annotations

import pytest
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import ChangedRegion, H, P, TrackedChanges

from qualcode.core.errors import TranscriptError
from qualcode.io.readers import read_transcript


def test_headings_paragraphs_and_table_cells_in_document_order(tmp_path):
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="访谈记录 S06"))
    document.text.addElement(P(text="访谈者：你最近压力大吗？"))
    table = Table(name="turns")
    table.addElement(TableColumn())
    row = TableRow()
    cell = TableCell()
    cell.addElement(P(text="受访者：挺大的，考试太多了。"))
    row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="访谈者：谁帮你最多？"))
    path = tmp_path / "S06_pre.odt"
    document.save(str(path))
    transcript = read_transcript(path)
    assert [(t.speaker, transcript.text[t.start:t.end]) for t in transcript.turns][-3:] == [
        ("访谈者", "你最近压力大吗？"), ("受访者", "挺大的，考试太多了。"), ("访谈者", "谁帮你最多？")]


def test_tracked_changes_in_an_odt_are_refused(tmp_path):
    document = OpenDocumentText()
    changes = TrackedChanges()
    region = ChangedRegion(check_grammar=False)
    region.setAttrNS("http://www.w3.org/XML/1998/namespace", "id", "ct1")  # LibreOffice writes xml:id
    changes.addElement(region)
    document.text.addElement(changes)
    document.text.addElement(P(text="访谈者：你好。"))
    path = tmp_path / "S07_pre.odt"
    document.save(str(path))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == (f"{path}: the document has 1 tracked change(s); accept or reject them "
                                 "(Edit > Track Changes > Manage > Accept All), save, and import again")
