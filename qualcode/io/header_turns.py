"""Transcripts laid out as a speaker-and-time line, then what was said (Teams and Otter .docx exports).

Otter writes ``Speaker 1  0:03`` (or the speaker's name) on a line of its own
and the utterance in the paragraphs below it; Teams writes ``Mary Chen   0:05``
the same way, and its older exports a ``0:0:5.100 --> 0:0:9.300`` line, then
the name, then the text. Neither has a ``Name:`` label on the utterance, so
the line-label parser would see one unlabelled block; this module turns such
a layout into (speaker, text, start time) turns instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.core.speaker_labels import without_note
from qualcode.core.transcript import NOTE_LINE

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
# "Speaker 1  0:03", "Mary Chen   1:02:03": a short name without a colon or sentence punctuation, then a time.
# Teams in many organisations writes "Last, First" ("Smith, Jane   0:03"): one comma between capitalised words.
_LAST_FIRST = r"[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*, [A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*"
_NAME_THEN_TIME = re.compile(
    rf"^(?P<speaker>{_LAST_FIRST}|[^\s:：,.?!。？！，][^:：,.?!。？！，]{{0,39}}?)[ \t]+(?P<time>{_TIME})$")
# Teams' older layout: "0:0:5.100 --> 0:0:9.300" alone on a line; the next line is the name.
_TIME_RANGE = re.compile(rf"^(?P<time>\d{{1,2}}:\d{{1,2}}:\d{{1,2}}(?:\.\d+)?)[ \t]*-->[ \t]*\d{{1,2}}:\d{{1,2}}:\d{{1,2}}(?:\.\d+)?$")
MIN_HEADERS = 2  # one such line could be an ordinary sentence; a layout repeats
# Teams' own line when someone starts or stops the transcription ("Mary Chen stopped transcription", the
# last paragraph of a Teams .docx): nobody's words, so never part of the turn above it.
_TEAMS_TRANSCRIPTION_NOTE = re.compile(r"^\S.{0,79}? (?:started|stopped) transcription$")


@dataclass(frozen=True)
class HeaderTurn:
    speaker: str | None  # None for text before the first speaker line (a title, a date)
    text: str
    start_time: str | None
    note: bool = False  # note lines ending a turn ("[laughs]", "… stopped transcription"): nobody's words


def header_turns(paragraphs: list[str]) -> list[HeaderTurn] | None:
    """Turns if the paragraphs follow a speaker-and-time layout, else None (parse them as ordinary lines)."""
    lines = [p.strip() for p in paragraphs]
    headers: list[tuple[int, str, str, int]] = []  # (line index, speaker, time, lines the header takes)
    index = 0
    while index < len(lines):
        line = lines[index]
        ranged = _TIME_RANGE.match(line)
        if ranged and index + 1 < len(lines) and lines[index + 1] and not _TIME_RANGE.match(lines[index + 1]):
            headers.append((index, without_note(lines[index + 1]), ranged.group("time"), 2))
            index += 2
            continue
        named = _NAME_THEN_TIME.match(line)
        if named:
            headers.append((index, without_note(named.group("speaker").strip()), named.group("time"), 1))
        index += 1
    if len(headers) < MIN_HEADERS:
        return None
    turns: list[HeaderTurn] = []
    preamble = " ".join(line for line in lines[:headers[0][0]] if line)
    if preamble:
        turns.append(HeaderTurn(None, preamble, None))
    for number, (at, speaker, time, size) in enumerate(headers):
        end = headers[number + 1][0] if number + 1 < len(headers) else len(lines)
        words = [line for line in lines[at + size:end] if line]
        notes = _trailing_notes(words)
        text = " ".join(words)
        if text and turns and turns[-1].speaker == speaker:
            turns[-1] = HeaderTurn(speaker, f"{turns[-1].text} {text}", turns[-1].start_time)
        elif text:  # a speaker line with nothing under it (a pause marker) holds no speech
            turns.append(HeaderTurn(speaker, text, time))
        if notes:
            turns.append(HeaderTurn(None, " ".join(notes), None, note=True))
    return turns


def _trailing_notes(words: list[str]) -> list[str]:
    """Remove and return the note lines ending a turn ("[laughs]", Otter's "Transcribed by …" footer, Teams'
    "… stopped transcription"):
    nobody's words, kept as a turn of their own (role other) so the stored text keeps them."""
    notes: list[str] = []
    while words and (NOTE_LINE.match(words[-1]) or _TEAMS_TRANSCRIPTION_NOTE.match(words[-1])):
        notes.insert(0, words.pop())
    return notes
