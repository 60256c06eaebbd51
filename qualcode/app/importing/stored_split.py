"""The turns an import would give a document already stored, from its stored text and the roles set.

The re-split after a role change (``ctrl+t``, ``qualcode documents speakers --set``) runs the import's
own splitting code on the stored text, so it produces the same segments as
``qualcode import --speakers`` of the same file:

- text files (and .docx/.odt/.rtf/.pdf read as lines): the stored text is the parsed body, so
  :func:`qualcode.core.transcript.split_speaker_turns` reads it exactly as the import did;
- captions, one-row-per-turn tables and Teams/Otter .docx layouts: each turn is one row of the file,
  so the rows keep their boundaries and only the roles are chosen again
  (:func:`qualcode.core.transcript.roles_for_rows`); a speaker there cannot become "text".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import PurePath

from qualcode.core.errors import QualcodeError
from qualcode.core.models import SpeakerSummary, Turn

ROW_SUFFIXES = (".vtt", ".srt", ".csv", ".xlsx")  # one turn per cue or row: boundaries come from the file


@dataclass(frozen=True)
class StoredSplit:
    rows: list[tuple]  # (start, end, speaker, role, case, start time), as the import stores them
    participant: str | None  # the document's case
    speakers: tuple[SpeakerSummary, ...]
    warnings: tuple[str, ...]


def split_stored(conn: sqlite3.Connection, document: sqlite3.Row, settings, *, text_speakers: list[str]) -> StoredSplit:
    """``document``: a ``documents`` row; ``text_speakers``: names being made "text" (refused for row files)."""
    from qualcode.app.importing.transcripts import segment_rows
    from qualcode.core.transcript import cases_from_speakers, split_speaker_turns

    segments = conn.execute("SELECT start, end, speaker, role, case_id, start_time FROM segments "
                            "WHERE document_id = ? ORDER BY ordinal", (document["id"],)).fetchall()
    metadata = _given_participant(conn, document, segments)
    if _one_turn_per_row(document, segments):
        if text_speakers:
            raise QualcodeError(
                f"{document['name']} was read one turn per caption or table row, so {', '.join(text_speakers)} "
                "is a speaker by the file's layout and cannot become text; give it a role instead")
        turns, speakers, warnings = _row_turns(document["text"], segments, settings)
    else:
        split = split_speaker_turns(document["text"], settings, source_name=document["name"])
        turns, speakers, warnings = list(split.turns), split.speakers, split.warnings
    turns = cases_from_speakers(turns, metadata, settings)
    participant = metadata.get("participant")
    return StoredSplit(segment_rows(turns, participant), participant, tuple(speakers), tuple(warnings))


def _given_participant(conn: sqlite3.Connection, document: sqlite3.Row, segments) -> dict[str, str]:
    """The participant the import had from the file name or front matter (the speakers do not decide it).

    Front matter is not part of the stored text, so a document case that is neither in the file name nor
    a speaker's own (``P03:``, ``Tom=P03``) is taken as given by it."""
    from qualcode.core.frontmatter import metadata_from_file_name

    given = metadata_from_file_name(document["path"] or document["name"]).get("participant")
    if given:
        return {"participant": given}
    from_speakers = {row["speaker"] for row in segments if row["speaker"]}
    from_speakers |= {row[0] for row in conn.execute(
        "SELECT value FROM speaker_overrides WHERE document_name = ?", (document["name"],))}
    case = document["case_id"]
    return {"participant": case} if case and case not in from_speakers else {}


def _one_turn_per_row(document: sqlite3.Row, segments) -> bool:
    """Captions and tables always; a .docx when its text is the ``[time] speaker：words`` lines the
    Teams/Otter layout reader writes (each turn right after its prefix, or a cut-off piece of the one before)."""
    suffix = PurePath(document["path"] or "").suffix.lower()
    if suffix in ROW_SUFFIXES:
        return True
    if suffix != ".docx" or not segments:
        return False
    text = document["text"]
    previous = None
    for row in segments:
        line_start = text.rfind("\n", 0, row["start"]) + 1
        prefix = ((f"[{row['start_time']}] " if row["start_time"] else "")
                  + (f"{row['speaker']}：" if row["speaker"] else ""))
        continued = (previous is not None and previous["speaker"] == row["speaker"]
                     and not text[previous["end"]:row["start"]].strip())
        if text[line_start:row["start"]] != prefix and not continued:
            return False
        previous = row
    return True


def _row_turns(text: str, segments, settings) -> tuple[list[Turn], tuple[SpeakerSummary, ...], list[str]]:
    from qualcode.core.transcript import roles_for_rows

    # A row without a speaker keeps the role the file gave it (other, or participant for plain captions).
    rows = [(row["speaker"], text[row["start"]:row["end"]], None if row["speaker"] else row["role"])
            for row in segments]
    roles, cases, speakers, warnings = roles_for_rows(rows, settings)
    turns = [Turn(row["start"], row["end"], row["speaker"], role, row["start_time"], case_id)
             for row, role, case_id in zip(segments, roles, cases)]
    return turns, speakers, warnings
