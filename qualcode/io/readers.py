"""Read transcript files (.txt, .md, .docx, .csv, .xlsx, .vtt, .srt, .pdf, .rtf, .odt) and participants tables.

Every reader returns a :class:`ParsedTranscript` whose offsets are code points
into its ``text``; every failure is a :class:`TranscriptError` (or, for the
participants table, an :class:`ImportFormatError`) naming the file.
"""

from __future__ import annotations

import re

import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

from qualcode.core.decoding import decode_bytes, normalise_text
from qualcode.core.errors import ImportFormatError, Location, TranscriptError
from qualcode.core.frontmatter import metadata_from_file_name
from qualcode.core.language import detect_language
from qualcode.core.long_turns import split_long_turns
from qualcode.core.models import Case, ParsedTranscript, Role, Turn
from qualcode.core.speaker_labels import without_note
from qualcode.core.transcript import TranscriptSettings, cases_from_speakers, parse_text, roles_for_rows
from qualcode.io.sheet_reader import Table, byte_source, check_file, read_file_bytes, read_table

TEXT_SUFFIXES = (".txt", ".md")
CAPTION_SUFFIXES = (".vtt", ".srt")
TRANSCRIPT_SUFFIXES = (".txt", ".md", ".docx", ".csv", ".tsv", ".xlsx") + CAPTION_SUFFIXES + (".pdf", ".rtf", ".odt")

SPEAKER_COLUMNS = ("speaker", "说话人", "发言人", "说话者", "發言人", "說話人")
TEXT_COLUMNS = ("text", "utterance", "content", "内容", "文本", "發言內容", "发言内容", "內容")
ROLE_COLUMNS = ("role", "角色")
TIMESTAMP_COLUMNS = ("timestamp", "time", "时间", "时间戳", "時間")
PARTICIPANT_ID_COLUMNS = ("id", "participant", "participant_id", "参与者", "编号", "參與者", "編號")

# Values of a role column, mapped to the stored roles.
ROLE_NAMES: dict[str, Role] = {
    "interviewer": "interviewer",
    "访谈者": "interviewer",
    "訪談者": "interviewer",
    "研究者": "interviewer",
    "participant": "participant",
    "受访者": "participant",
    "受訪者": "participant",
    "参与者": "participant",
    "參與者": "participant",
    "other": "other",
    "其他": "other",
}


def read_transcript(path: str | Path, *, settings: TranscriptSettings | None = None,
                    raw: bytes | None = None) -> ParsedTranscript:
    """Read and parse one transcript file; turns too long to be one segment are cut (core.long_turns).

    ``raw``: the file's bytes when the caller has read them already (import hashes them first). Text,
    caption, RTF, Word, OpenDocument, PDF and spreadsheet files are then parsed from those bytes, so the file
    is read once and the text stored is the text whose hash is stored; the type and size checks still run on
    the file first.
    """
    settings = settings or TranscriptSettings()
    parsed = _read_transcript(path, settings, raw)
    turns, cut = split_long_turns(parsed.text, parsed.turns, settings.max_segment_chars)
    if cut is None:  # text files were cut while parsing; tables, captions and Teams layouts are cut here
        return parsed
    return replace(parsed, turns=tuple(turns), warnings=parsed.warnings + (cut,))


def check_transcript_file(path: Path, settings: TranscriptSettings, *, raw: bytes | None = None,
                          unpacked: bool = True) -> None:
    """Refuse, before a byte is read, a file of a type no reader takes, a pipe or device, or one too large;
    a Word/Excel/OpenDocument file that unpacks too large is refused too (from ``raw`` when given;
    ``unpacked=False``: not yet, see :func:`qualcode.io.sheet_reader.check_file`)."""
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        hint = "; save an old Word .doc as .docx" if suffix == ".doc" else ""
        raise TranscriptError(
            f"unsupported file type '{path.suffix or '(none)'}'; "
            f"transcripts can be {', '.join(TRANSCRIPT_SUFFIXES)}{hint}",
            Location(path),
        )
    check_file(path, TranscriptError, max_mb=settings.max_file_mb, raw=raw, unpacked=unpacked,
               advice="if this really is one transcript, raise [import] max_file_mb in qualcode.toml")


def _read_transcript(path: str | Path, settings: TranscriptSettings, raw: bytes | None) -> ParsedTranscript:
    path = Path(path)
    suffix = path.suffix.lower()
    check_transcript_file(path, settings, raw=raw)
    if suffix in TEXT_SUFFIXES:
        text, encoding = decode_bytes(_file_bytes(path, raw), path)
        return parse_text(text, settings=settings, source_name=str(path), encoding=encoding)
    if suffix == ".docx":
        return _docx_transcript(path, settings, raw)
    if suffix in CAPTION_SUFFIXES:
        return _caption_transcript(path, settings, raw)
    if suffix == ".odt":
        from qualcode.io.odt_text import odt_text

        return parse_text(odt_text(path, raw), settings=settings, source_name=str(path), encoding="odt")
    if suffix == ".rtf":
        from qualcode.io.rtf_text import rtf_text

        return parse_text(rtf_text(_file_bytes(path, raw), path), settings=settings, source_name=str(path),
                          encoding="rtf")
    if suffix == ".pdf":
        from qualcode.io.pdf_text import pdf_text

        return parse_text(pdf_text(path, raw), settings=settings, source_name=str(path), encoding="pdf")
    table = read_table(path, error=TranscriptError, max_mb=settings.max_file_mb, raw=raw)
    return _turn_table_transcript(table, settings)


def _file_bytes(path: Path, raw: bytes | None) -> bytes:
    """The bytes the caller read already, else the file's."""
    return raw if raw is not None else read_file_bytes(path, TranscriptError)


# --------------------------------------------------------------------------- .docx
def _docx_transcript(path: Path, settings: TranscriptSettings, raw: bytes | None = None) -> ParsedTranscript:
    """Teams/Otter layouts (a speaker-and-time line above the words) become turns directly;
    everything else is parsed line by line like a .txt."""
    from qualcode.io.header_turns import header_turns

    text = _docx_text(path, raw)
    turns = header_turns(text.split("\n"))
    if turns is None:
        return parse_text(text, settings=settings, source_name=str(path), encoding="docx")
    # A note turn is "other" whatever [transcripts] unlabelled_paragraphs says: it is nobody's words, as a note
    # ending a turn of a text file is (the think-aloud setting made "Li Na stopped transcription" participant data).
    rows, notes = _speakerless_rows([(turn.speaker, turn.text, turn.start_time or "", "other" if turn.note else None)
                                     for turn in turns], settings)
    parsed = _speaker_rows_transcript(rows, path, encoding="docx", settings=settings)
    return replace(parsed, warnings=(*parsed.warnings, *notes))


def _docx_text(path: Path, raw: bytes | None = None) -> str:
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


# --------------------------------------------------------------------------- .vtt / .srt
def _caption_transcript(path: Path, settings: TranscriptSettings, raw: bytes | None = None) -> ParsedTranscript:
    """Cues merged into speaker turns; each turn keeps its first cue's start time."""
    from qualcode.io.subtitles import read_captions

    text, encoding = decode_bytes(_file_bytes(path, raw), path)
    unlabelled = settings.unlabelled_paragraphs == "participant"
    turns = read_captions(normalise_text(text), path, unlabelled_participant=unlabelled)
    # Captions with no speaker names at all (YouTube) are the participant speaking, not "other".
    rows = [(turn.speaker, turn.text, turn.start_time, None if turn.speaker else "participant") for turn in turns]
    parsed = _speaker_rows_transcript(rows, path, encoding=f"{path.suffix.lower()[1:]} ({encoding})",
                                      settings=settings)
    if any(turn.speaker for turn in turns):
        count = sum(1 for turn in turns if turn.speaker is None)
        notes = [f"{count} caption turn(s) without a speaker name read as participant turns "
                 '([transcripts] unlabelled_paragraphs = "participant")'] if unlabelled and count else []
        return replace(parsed, warnings=(*parsed.warnings, *notes))
    note = (f"no speaker names in the captions; split into {len(turns)} paragraphs (at sentence ends, pauses of "
            "2 s or more, and every minute) as participant segments, each with its start time")
    return replace(parsed, warnings=(note, *parsed.warnings))


def _speaker_rows_transcript(rows: list[tuple[str | None, str, str, Role | None]], path: Path | str, *,
                             encoding: str, settings: TranscriptSettings) -> ParsedTranscript:
    """One ``[time] speaker：utterance`` line per turn; turn offsets cover the utterance only.

    ``rows``: (speaker, words, start time, role given by the file or None: chosen by inference)."""
    # A speaker column may hold a display name with a note ("Jane Smith (she/her)"): one name per person.
    rows = [(without_note(speaker) if speaker else speaker, *rest) for speaker, *rest in rows]
    roles, cases, speakers, warnings = roles_for_rows([(speaker, words, role) for speaker, words, _, role in rows],
                                                      settings)
    parts: list[str] = []
    turns: list[Turn] = []
    length = 0
    for (speaker, utterance, timestamp, _), role, case_id in zip(rows, roles, cases):
        prefix = (f"[{timestamp}] " if timestamp else "") + (f"{speaker}：" if speaker else "")
        start = length + len(prefix)
        parts.append(prefix + utterance)
        length = start + len(utterance) + 1  # + the newline joining the lines
        turns.append(Turn(start, start + len(utterance), speaker, role, timestamp or None, case_id))
    text = "\n".join(parts)
    metadata = metadata_from_file_name(str(path))
    return ParsedTranscript(
        text=text,
        turns=tuple(cases_from_speakers(turns, metadata, settings)),
        metadata=metadata,
        encoding=encoding,
        language=detect_language(text),
        warnings=tuple(warnings),
        speakers=speakers,
    )


# --------------------------------------------------------------------------- one row per turn
def _turn_table_transcript(table: Table, settings: TranscriptSettings) -> ParsedTranscript:
    try:
        columns = table.require_columns({"speaker": SPEAKER_COLUMNS, "text": TEXT_COLUMNS}, TranscriptError)
    except TranscriptError as error:
        # A coding sheet found by `qualcode import` of a whole folder: say which command reads it.
        if all(table.column_index((name,)) is not None for name in ("document", "segment", "code")):
            raise TranscriptError(f"{error.message}; this is a sheet of codings (document, segment, code), not a "
                                  "transcript: bring it in with `qualcode import-codings FILE`, and keep it out of "
                                  "the folder you import", error.location) from None
        raise
    role_column = table.column_index(ROLE_COLUMNS)
    time_column = table.column_index(TIMESTAMP_COLUMNS)
    rows: list[tuple[str | None, str, str, Role | None]] = []
    speakerless: list[int] = []  # row numbers as the spreadsheet shows them
    for number, cells in table.rows:
        utterance = normalise_text(cells[columns["text"]]).strip()
        if not utterance:
            continue
        speaker = unicodedata.normalize("NFC", cells[columns["speaker"]].strip()) or None
        timestamp = cells[time_column].strip() if time_column is not None else ""
        given = _row_role(table, number, cells, role_column)
        rows.append((speaker, utterance, timestamp, given))
        if speaker is None and given is None:
            speakerless.append(number)
    if not rows:
        raise TranscriptError("the table has no rows with text", Location(table.path))
    rows, notes = _speakerless_rows(rows, settings)
    encoding = "xlsx" if table.path.lower().endswith(".xlsx") else "csv"
    parsed = _speaker_rows_transcript(rows, table.path, encoding=encoding, settings=settings)
    if speakerless and settings.unlabelled_paragraphs != "participant":
        # A speaker cell left empty under the turn it continues (or a merged cell, which reads as empty
        # below its first row) took the words out of the participant's data without a word. The setting is
        # named once: a table that labels only the moderator already has it in its "no participant turns" warning.
        shown = ", ".join(map(str, speakerless[:5])) + (", …" if len(speakerless) > 5 else "")
        setting = '[transcripts] unlabelled_paragraphs = "participant"'
        notes.append(f"{len(speakerless)} row(s) without a speaker (row {shown}) are turns of their own with role "
                     "other, not participant data: fill in the speaker where a row continues the turn above (a "
                     "merged speaker cell reads as empty below its first row)"
                     + ("" if any(setting in warning for warning in parsed.warnings) else f", or set {setting}"))
    return replace(parsed, warnings=(*parsed.warnings, *notes))


def _speakerless_rows(rows: list[tuple[str | None, str, str, Role | None]], settings: TranscriptSettings
                      ) -> tuple[list[tuple[str | None, str, str, Role | None]], list[str]]:
    """A row with no speaker and no role given (a table row, a Teams/Otter paragraph) is "other", or, with
    ``[transcripts] unlabelled_paragraphs = "participant"``, a participant turn, as a paragraph without a label
    is in a text file: a think-aloud exported as a table names only the moderator. Also the note counting them."""
    role: Role = "participant" if settings.unlabelled_paragraphs == "participant" else "other"
    count = sum(1 for speaker, _, _, given in rows if speaker is None and given is None)
    filled = [(speaker, words, time, role if speaker is None and given is None else given)
              for speaker, words, time, given in rows]
    notes = [f"{count} row(s) without a speaker read as participant turns "
             '([transcripts] unlabelled_paragraphs = "participant")'] if count and role == "participant" else []
    return filled, notes


def _row_role(table: Table, number: int, cells: tuple[str, ...], role_column: int | None) -> Role | None:
    """The role a row's role column gives, or None (then it is chosen from the speakers)."""
    if role_column is None or not cells[role_column].strip():
        return None
    value = cells[role_column].strip()
    role = ROLE_NAMES.get(value.casefold())
    if role is None:
        raise TranscriptError(
            f"unknown role '{value}'; use interviewer, participant or other (or 访谈者 / 受访者 / 其他)",
            Location(table.path, detail=f"row {number}"),
        )
    return role


# --------------------------------------------------------------------------- participants
def read_participants_table(path: str | Path) -> list[Case]:
    """Cases from a participants .csv/.xlsx: an id column, other columns become attributes."""
    return [case for _, case in read_participant_rows(path)]


def read_participant_rows(path: str | Path) -> list[tuple[int, Case]]:
    """:func:`read_participants_table` with each case's row number as Excel shows it (the header is row 1)."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".tsv", ".xlsx"):
        raise ImportFormatError(
            f"unsupported file type '{path.suffix or '(none)'}'; a participants table is .csv or .xlsx",
            Location(path),
        )
    table = read_table(path)
    id_column = table.require_columns({"id": PARTICIPANT_ID_COLUMNS}, ImportFormatError)["id"]
    attribute_columns = [(i, name.lower()) for i, name in enumerate(table.header) if name and i != id_column]
    cases: list[tuple[int, Case]] = []
    rows_by_id: dict[str, list[int]] = {}
    for number, cells in table.rows:
        case_id = cells[id_column].strip()
        if not case_id:
            raise ImportFormatError(
                f"row {number} has no participant id", Location(path, detail=f"row {number}")
            )
        rows_by_id.setdefault(case_id, []).append(number)
        attributes = {name: cells[i].strip() for i, name in attribute_columns if cells[i].strip()}
        cases.append((number, Case(case_id, attributes)))
    duplicates = {case_id: rows for case_id, rows in rows_by_id.items() if len(rows) > 1}
    if duplicates:
        listed = "; ".join(f"{case_id} in rows {', '.join(map(str, rows))}" for case_id, rows in duplicates.items())
        first_row = min(rows[1] for rows in duplicates.values())
        raise ImportFormatError(f"duplicate participant ids: {listed}", Location(path, line=first_row))
    return cases
