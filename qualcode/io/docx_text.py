"""The text of a Word .docx transcript, in document order (python-docx).

Paragraphs become lines; a table's rows become ``speaker：text`` lines (by its header when it has one); words
in text boxes are read once, where they are anchored; a document with unaccepted tracked changes is refused:
its text is not settled. The label parser (or the Teams/Otter header layout) then finds the turns.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from qualcode.core.errors import Location, TranscriptError
from qualcode.io.readers import SPEAKER_COLUMNS, TEXT_COLUMNS, TIMESTAMP_COLUMNS
from qualcode.io.sheet_reader import byte_source


def docx_text(path: Path, raw: bytes | None = None) -> str:
    """Paragraphs (and table rows, as ``speaker：text``) in document order (from ``raw`` when given)."""
    if not zipfile.is_zipfile(byte_source(path, raw)):
        raise TranscriptError(
            "not a Word .docx file (it is not a ZIP archive); an old .doc must be saved as .docx first",
            Location(path),
        )
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(byte_source(path, raw))
        _refuse_tracked_changes(document, path)
        lines: list[str] = []
        for block in _docx_blocks(document.element.body, document):
            if isinstance(block, DocxTable):
                lines.extend(_docx_table_lines(block))
            else:
                lines.extend(_paragraph_lines(block._p, document))
    except TranscriptError:
        raise
    except Exception as problem:  # python-docx raises many types on damaged packages
        raise TranscriptError(
            f"the .docx file is damaged or not a Word document ({type(problem).__name__}: {problem})",
            Location(path),
        ) from None
    text = "\n".join(lines)
    if not text.strip():
        raise TranscriptError("the document has no text", Location(path))
    return text


_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph) -> str:
    """A paragraph's words as Word shows them, in order: the text of its runs wherever they sit -- inside smart
    tags (Chinese Word marks names and places so), simple fields, custom XML, hyperlinks and inline content
    controls, which python-docx's ``Paragraph.text`` passes over (``我在深圳读书`` read ``我在读书``) -- with tabs and
    line breaks; a text box's paragraphs (read after the paragraph, :func:`_paragraph_lines`) and field codes
    are not the paragraph's words; of an ``mc:AlternateContent`` only one branch is read."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag.removeprefix(_WORD_NS) if isinstance(child.tag, str) else ""
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == _ALTERNATE:
                branch = _chosen_branch(child)
                if branch is not None:
                    walk(branch)
            elif tag in ("txbxContent", "instrText", "delText", "pPr", "rPr", "rt", "footnoteReference",
                         "endnoteReference", "drawing", "pict", "object"):
                continue
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


_MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE = f"{_MC_NS}AlternateContent"


def _chosen_branch(alternate):
    """The one branch of an ``mc:AlternateContent`` to read: Word writes the same content twice, a text box as
    DrawingML in ``mc:Choice`` and again as VML in ``mc:Fallback``, so reading both would give its words twice.
    The first Choice is read, the Fallback only when the Choice holds no text box and the Fallback does."""
    choice = alternate.find(f"{_MC_NS}Choice")
    fallback = alternate.find(f"{_MC_NS}Fallback")
    if choice is None:
        return fallback
    if fallback is not None and _first_text_box(choice) is None and _first_text_box(fallback) is not None:
        return fallback
    return choice


def _first_text_box(element):
    return next(element.iter(f"{_WORD_NS}txbxContent"), None)


def _text_boxes(element):
    """The text boxes (``w:txbxContent``) anchored in ``element``, in order, each once: DrawingML
    (``wps:txbx``), VML (``w:pict``/``v:textbox``), and of an ``mc:AlternateContent`` only the branch read."""
    for child in element.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{_WORD_NS}txbxContent":
            yield child
        elif child.tag == _ALTERNATE:
            branch = _chosen_branch(child)
            if branch is not None:
                yield from _text_boxes(branch)
        else:
            yield from _text_boxes(child)


def _paragraph_lines(paragraph, parent) -> list[str]:
    """A paragraph's words, then the lines of the text boxes anchored in it (a note, or a whole turn, that a
    transcriber put in a box), each box's paragraphs and tables read as the body's are: they were left out of
    the transcript without a word."""
    from docx.table import Table as DocxTable

    lines = [_paragraph_text(paragraph)]
    for box in _text_boxes(paragraph):
        for block in _docx_blocks(box, parent):
            if isinstance(block, DocxTable):
                lines.extend(_docx_table_lines(block))
            else:
                lines.extend(_paragraph_lines(block._p, parent))
    return lines


def _cell_text(cell) -> str:
    """A table cell's paragraphs (with their text boxes), each read as :func:`_paragraph_lines` reads one."""
    return "\n".join(line for paragraph in cell.paragraphs for line in _paragraph_lines(paragraph._p, cell))


def _docx_blocks(element, parent):
    """Paragraphs and tables in document order, those inside content controls (``w:sdt``, as Word templates and
    transcription services wrap parts of a document) and custom XML included: python-docx's
    ``iter_inner_content`` passed over them, so their turns were left out of the transcript without a word."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag.removeprefix(_WORD_NS) if isinstance(child.tag, str) else ""
        if tag == "p":
            yield Paragraph(child, parent)
        elif tag == "tbl":
            yield DocxTable(child, parent)
        elif tag == "sdt":
            content = child.find(f"{_WORD_NS}sdtContent")
            if content is not None:
                yield from _docx_blocks(content, parent)
        elif tag == "customXml":
            yield from _docx_blocks(child, parent)
_TRACKED = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}


def _refuse_tracked_changes(document, path: Path) -> None:
    """Unaccepted revisions make the text ambiguous (python-docx would drop inserted words and keep
    nothing of deleted ones), so the researcher decides in Word which version is the transcript."""
    counts: dict[str, int] = {}
    first_paragraph = None
    for number, paragraph in enumerate(document.element.body.iter(f"{_WORD_NS}p"), start=1):
        for child in paragraph.iter():
            tag = child.tag.removeprefix(_WORD_NS) if isinstance(child.tag, str) else ""
            if tag in _TRACKED:
                counts[_TRACKED[tag]] = counts.get(_TRACKED[tag], 0) + 1
                first_paragraph = first_paragraph or number
    if counts:
        listed = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counts.items())
        raise TranscriptError(
            f"the document has tracked changes ({listed}; the first is in this paragraph); "
            "accept or reject them in Word (Review > Accept All Changes), save, and import again",
            Location(path, detail=f"paragraph {first_paragraph}"))


_TABLE_TIME = re.compile(r"^\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?$")


def _docx_table_lines(table) -> list[str]:
    """A two-column table row reads as ``speaker：text``; wider rows are joined.

    A table whose first row names its columns (时间 | 说话人 | 内容, Time | Speaker | Text) reads by those names,
    and a row opening with a time (00:01 | 研究者 | …) keeps the time as a timestamp: read as ``cell：cell cell``,
    the time became the speaker (``00:01：研究者 你最近怎么样？``) and every turn, the researcher's questions too,
    was the participant's."""
    named = _docx_table_by_header(table)
    if named is not None:
        return named
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:  # merged cells repeat; keep one copy
            text = _cell_text(cell).strip()
            if not cells or text != cells[-1]:
                cells.append(text)
        cells = [c for c in cells if c]
        if len(cells) >= 3 and _TABLE_TIME.match(cells[0]):
            lines.append(f"[{cells[0].strip('[]')}] {cells[1]}：{' '.join(cells[2:])}")
        elif len(cells) >= 2:
            lines.append(f"{cells[0]}：{' '.join(cells[1:])}")
        elif cells:
            lines.append(cells[0])
    return lines


def _docx_table_by_header(table) -> list[str] | None:
    """The lines of a table whose first row names a speaker and a text column, else None."""
    from qualcode.io.sheet_reader import column_key

    rows = [[_cell_text(cell).strip() for cell in row.cells] for row in table.rows]
    if len(rows) < 2:
        return None
    header = [column_key(cell) for cell in rows[0]]

    def index(names: tuple[str, ...]) -> int | None:
        keys = {column_key(name) for name in names}
        return next((i for i, cell in enumerate(header) if cell in keys), None)

    speaker, text, time = index(SPEAKER_COLUMNS), index(TEXT_COLUMNS), index(TIMESTAMP_COLUMNS)
    if speaker is None or text is None:
        return None
    lines = []
    for cells in rows[1:]:
        said = cells[text] if text < len(cells) else ""
        who = cells[speaker] if speaker < len(cells) else ""
        when = cells[time].strip("[]") if time is not None and time < len(cells) else ""
        if not said:
            continue
        stamp = f"[{when}] " if when and _TABLE_TIME.match(when) else ""
        lines.append(f"{stamp}{who}：{said}" if who else said)
    return lines
