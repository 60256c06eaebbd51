"""Read transcript files (.txt, .md, .docx, .csv, .xlsx, .vtt, .srt, .pdf, .rtf, .odt) and participants tables.

Every reader returns a :class:`ParsedTranscript` whose offsets are code points
into its ``text``; every failure is a :class:`TranscriptError` (or, for the
participants table, an :class:`ImportFormatError`) naming the file.
"""

from __future__ import annotations

import re
import unicodedata
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
from qualcode.io.sheet_reader import Table, check_file, read_file_bytes, read_table

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
    from qualcode.io.docx_text import docx_text
    from qualcode.io.header_turns import header_turns

    text = docx_text(path, raw)
    turns = header_turns(text.split("\n"))
    if turns is None:
        return parse_text(text, settings=settings, source_name=str(path), encoding="docx")
    # A note turn is "other" whatever [transcripts] unlabelled_paragraphs says: it is nobody's words, as a note
    # ending a turn of a text file is (the think-aloud setting made "Li Na stopped transcription" participant data).
    rows, notes = _speakerless_rows([(turn.speaker, turn.text, turn.start_time or "", "other" if turn.note else None)
                                     for turn in turns], settings)
    parsed = _speaker_rows_transcript(rows, path, encoding="docx", settings=settings)
    return replace(parsed, warnings=(*parsed.warnings, *notes))


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
        timestamp = _time_of_day(cells[time_column].strip()) if time_column is not None else ""
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
    cells = dict(table.rows)
    dated_words = [row for row in table.dated_cells(columns["text"]) if row in cells]
    if dated_words:
        first = cells[dated_words[0]][columns["text"]]
        notes.append(f"{len(dated_words)} row(s) whose words Excel stored as a date or time (row {dated_words[0]} reads "
                     f"{first}): what was typed there (3月12日, 3-12) may read otherwise now; check it against the "
                     "source, or format the column as Text in Excel and type it again")
    return replace(parsed, warnings=(*parsed.warnings, *notes))


_DATE_AND_TIME = re.compile(r"\d{4}-\d{2}-\d{2} (?P<time>\d{2}:\d{2}:\d{2})")


def _time_of_day(cell: str) -> str:
    """A time column's cell: its time when Excel stored a date with it (``2026-03-13 00:00:12`` -> ``00:00:12``)."""
    match = _DATE_AND_TIME.fullmatch(cell)
    return match.group("time") if match else cell


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
    return read_participant_table(path)[0]


def read_participant_table(path: str | Path) -> tuple[list[tuple[int, Case]], list[str]]:
    """:func:`read_participant_rows` and notes: the attribute columns whose cells Excel stored as dates or times
    (an interview date), kept as ISO text (``2026-03-12``), said so, since the cell's own format is gone."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".tsv", ".xlsx"):
        raise ImportFormatError(
            f"unsupported file type '{path.suffix or '(none)'}'; a participants table is .csv or .xlsx",
            Location(path),
        )
    table = read_table(path)
    id_column = table.require_columns({"id": PARTICIPANT_ID_COLUMNS}, ImportFormatError)["id"]
    table.refuse_dates([id_column])   # an id typed 3-12 that Excel made a date: not a case 2026-03-12, unsaid
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
    return cases, table.dated_notes(i for i, _ in attribute_columns)
