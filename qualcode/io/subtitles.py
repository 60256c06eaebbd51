"""WebVTT and SRT caption files (Zoom, Teams, YouTube, Otter exports) -> speaker turns.

A caption file cuts speech into short cues; a turn is what one speaker says
until someone else speaks, so consecutive cues of the same speaker are merged.
The speaker comes from a ``<v Name>`` voice tag (Teams, WebVTT), a ``Name:``
prefix (Zoom, Otter) or a ``[Name]`` prefix; a cue without one continues the
previous speaker (YouTube captions have none at all). The turn keeps the start
time of its first cue. Any malformed timing line or cue number is an error
naming the line: a caption file half-read would silently lose speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.errors import Location, TranscriptError
from qualcode.core.speaker_labels import could_be_speaker, without_note

# 00:01:02.345 or 01:02.345 (WebVTT: hours optional, '.' before ms); SRT: 00:01:02,345, or with a '.'
# as some converters write it (ffmpeg, online VTT-to-SRT tools): the same time, read as it is.
_VTT_TIME = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_SRT_TIME = r"\d{2,}:[0-5]\d:[0-5]\d[,.]\d{3}"
_VTT_TIMING = re.compile(rf"^({_VTT_TIME})[ \t]+-->[ \t]+({_VTT_TIME})(?:[ \t].*)?$")
_SRT_TIMING = re.compile(rf"^({_SRT_TIME})[ \t]+-->[ \t]+({_SRT_TIME})(?:[ \t].*)?$")
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")
_BRACKET_SPEAKER = re.compile(r"^\[([^\]\n]{1,40})\][ \t]*")
# A "Name:" prefix: a few words, no sentence punctuation, before a colon (ASCII or full-width).
_COLON_SPEAKER = re.compile(r"^([^\s:：<>\[\]][^:：<>\[\].?!。？！]{0,30}?)[ \t]*[:：][ \t]*(?=\S)")
# Inline tags (<i>, <c.yellow>, </v>) and WebVTT word timings (<00:00:01.110>) carry no words.
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<(?:\d{2}:)?\d{2}:\d{2}\.\d{3}>")


@dataclass(frozen=True)
class Cue:
    line: int  # 1-based line of the timing line
    start: str  # as written
    end: str
    text_lines: list[str]


@dataclass(frozen=True)
class CaptionTurn:
    """What one speaker said, from the start time of its first cue."""

    speaker: str | None
    text: str
    start_time: str  # as written in the file, e.g. 00:01:02.345


def read_captions(text: str, path: Path, *, unlabelled_participant: bool = False) -> list[CaptionTurn]:
    """Turns of a .vtt or .srt file (by suffix); raises TranscriptError naming the line.

    A cue without a speaker name continues the turn before it, unless ``unlabelled_participant``
    (``[transcripts] unlabelled_paragraphs = "participant"``): then it belongs to a turn without a speaker (the
    participant's, in a think-aloud recording whose captions name only the moderator)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if path.suffix.lower() == ".vtt":
        cues = _vtt_cues(lines, path)
    else:
        cues = _srt_cues(lines, path)
    if not cues:
        raise TranscriptError("the caption file has no cues with text", Location(path))
    if _WORD_TIMES.search(text):
        cues = _without_rolled_lines(cues)
    turns = _merge_by_speaker(cues, unlabelled_participant=unlabelled_participant)
    if all(turn.speaker is None for turn in turns):
        return _unnamed_paragraphs(cues)
    return turns


def _vtt_cues(lines: list[str], path: Path) -> list[Cue]:
    if not lines[0].startswith("WEBVTT"):
        raise TranscriptError("a WebVTT file must start with the line WEBVTT", Location(path, line=1))
    cues: list[Cue] = []
    index = 1
    while index < len(lines) and lines[index].strip():
        index += 1  # header lines such as "Kind: captions" (YouTube) run up to the first blank line
    while index < len(lines):
        block_start = index
        block: list[str] = []
        # YouTube's automatic captions (as yt-dlp saves them) start a cue's text with a line holding one
        # space; right after the timing line such a line is the cue's (empty) first line, not its end.
        while index < len(lines) and (lines[index].strip() or block and "-->" in block[-1] and lines[index]):
            block.append(lines[index])
            index += 1
        index += 1
        if not block or block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue  # comments and style blocks carry no speech
        timing_at = 0 if "-->" in block[0] else 1  # an optional cue identifier comes first
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise TranscriptError(
                f"expected a cue timing line like '00:00:01.000 --> 00:00:04.000', found {block[0][:60]!r}",
                Location(path, line=block_start + 1))
        match = _VTT_TIMING.match(block[timing_at].strip())
        if match is None:
            raise TranscriptError(
                f"malformed cue timing {block[timing_at].strip()[:60]!r}; "
                "WebVTT writes 00:00:01.000 --> 00:00:04.000 (a '.' before the milliseconds)",
                Location(path, line=block_start + timing_at + 1))
        cues.append(_checked_cue(Cue(block_start + timing_at + 1, match.group(1), match.group(2),
                                     block[timing_at + 1:]), path))
    return cues


def _srt_cues(lines: list[str], path: Path) -> list[Cue]:
    cues: list[Cue] = []
    index = 0
    expected_number = 1
    while index < len(lines):
        block_start = index
        block: list[str] = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        index += 1
        if not block:
            continue
        number = block[0].strip()
        if not number.isdigit():
            raise TranscriptError(
                f"expected cue number {expected_number}, found {number[:60]!r}; an SRT cue starts with its number",
                Location(path, line=block_start + 1))
        if int(number) != expected_number:
            raise TranscriptError(
                f"cue number {number} out of sequence (expected {expected_number}); "
                "a cue may be missing or the file was edited by hand",
                Location(path, line=block_start + 1))
        expected_number += 1
        timing = block[1].strip() if len(block) > 1 else ""
        match = _SRT_TIMING.match(timing)
        if match is None:
            raise TranscriptError(
                f"malformed cue timing {timing[:60]!r}; SRT writes 00:00:01,000 --> 00:00:04,000",
                Location(path, line=block_start + 2))
        cues.append(_checked_cue(Cue(block_start + 2, match.group(1), match.group(2), block[2:]), path))
    return cues


def _checked_cue(cue: Cue, path: Path) -> Cue:
    """The cue, unless its text holds another cue's timing line: a blank line between two cues is
    missing, and reading on would put the next speaker's words into this one's turn."""
    for number, line in enumerate(cue.text_lines, start=cue.line + 1):
        if "-->" in line:
            raise TranscriptError(
                f"a cue timing line {line.strip()[:60]!r} inside the text of the cue above; "
                "a blank line between two cues is missing", Location(path, line=number))
    return cue


def _cue_speaker(first_line: str) -> tuple[str | None, str]:
    """The speaker named at the start of a cue, and the line without that label."""
    for pattern in (_VOICE, _BRACKET_SPEAKER, _COLON_SPEAKER):
        match = pattern.match(first_line)
        # A voice tag always names a speaker; "Note:", "[Laughter]" or "My mom said:" before words do not.
        if match is None:
            continue
        name = without_note(match.group(1).strip())
        if pattern is _VOICE or could_be_speaker(name):
            return name, first_line[match.end():]
    return None, first_line


def _merge_by_speaker(cues: list[Cue], *, unlabelled_participant: bool = False) -> list[CaptionTurn]:
    turns: list[CaptionTurn] = []
    speaker: str | None = None
    for cue in cues:
        start_time = cue.start
        for cue_speaker, words in _cue_parts(cue.text_lines):
            if cue_speaker is not None or unlabelled_participant:
                speaker = cue_speaker
            if turns and turns[-1].speaker == speaker:
                previous = turns[-1]
                turns[-1] = CaptionTurn(previous.speaker, _joined(previous.text, words), previous.start_time)
            else:
                turns.append(CaptionTurn(speaker, words, start_time))
    return turns


# A cue may hold a dialogue: one speaker per line, each line marked with a dash ("- Jane: Hi" /
# "- Leo: Hello", the subtitling convention), or a voice tag for each ("<v Jane>Hi</v> <v Leo>Hello</v>").
_DASH = re.compile(r"^[-–—][ \t]*")
_VOICE_START = re.compile(r"(?=<v[ \t.])")


def _cue_parts(text_lines: list[str]) -> list[tuple[str | None, str]]:
    """(speaker named, or None, and words) for each speaker's part of one cue, in order."""
    parts: list[tuple[str | None, str]] = []
    for number, line in enumerate(text_lines):
        for piece in filter(None, (p.strip() for p in _VOICE_START.split(line.strip()))):
            dash = _DASH.match(piece)
            piece = piece[dash.end():] if dash else piece
            new_part = number == 0 and not parts or dash is not None or piece.startswith("<v")
            speaker, rest = _cue_speaker(piece) if new_part else (None, piece)
            words = _TAG.sub("", rest).strip()
            if not words:
                continue
            if speaker is None and parts:
                parts[-1] = (parts[-1][0], _joined(parts[-1][1], words))
            else:
                parts.append((speaker, words))
    return parts


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _joined(before: str, after: str) -> str:
    """Two pieces of one turn: Chinese runs on without a space ("实习。每天…"), other text with one."""
    glue = "" if _CJK.match(before[-1:]) and _CJK.match(after[:1]) else " "
    return f"{before}{glue}{after}"


# Captions that name no one (YouTube, a recording's automatic subtitles) are one person talking, but
# one turn for the whole file would be a single segment for an hour of speech: a new paragraph starts
# after a cue that ends a sentence, after a pause, or after a minute, each with its own start time.
_SENTENCE_END = re.compile(r"[.?!。？！…][\"'”’」』)）]*$")
_PAUSE_SECONDS = 2.0
# Automatic captions often have neither full stops nor pauses: a paragraph then ends after a minute.
_LONGEST_SECONDS = 60.0


def _unnamed_paragraphs(cues: list[Cue]) -> list[CaptionTurn]:
    paragraphs: list[CaptionTurn] = []
    previous: Cue | None = None
    for cue in cues:
        words = " ".join(w for _, w in _cue_parts(cue.text_lines))
        if not words:
            continue
        run_on = (previous is not None and paragraphs and not _SENTENCE_END.search(paragraphs[-1].text)
                  and _seconds(cue.start) - _seconds(previous.end) < _PAUSE_SECONDS
                  and _seconds(cue.start) - _seconds(paragraphs[-1].start_time) < _LONGEST_SECONDS)
        if run_on:
            paragraphs[-1] = CaptionTurn(None, _joined(paragraphs[-1].text, words), paragraphs[-1].start_time)
        else:
            paragraphs.append(CaptionTurn(None, words, cue.start))
        previous = cue
    return paragraphs


def _seconds(time: str) -> float:
    """00:01:02.345 / 01:02.345 / 00:01:02,345 -> 62.345."""
    total = 0.0
    for part in time.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


# YouTube's automatic captions time each word (<00:00:01.110><c> first</c>) and roll: every cue repeats
# the line shown before it above its new line. Read as they are, each sentence would be stored two or
# three times. In such a file a cue's lines that repeat the previous cue's last line are dropped.
_WORD_TIMES = re.compile(r"<\d{2}:\d{2}(?::\d{2})?\.\d{3}><c>")


def _without_rolled_lines(cues: list[Cue]) -> list[Cue]:
    kept: list[Cue] = []
    shown = ""  # the last line of text the previous cue showed
    for cue in cues:
        visible = [(line, _TAG.sub("", line).strip()) for line in cue.text_lines]
        visible = [(line, words) for line, words in visible if words]
        new = visible
        while new and new[0][1] == shown:
            new = new[1:]
        shown = visible[-1][1] if visible else shown
        kept.append(Cue(cue.line, cue.start, cue.end, [line for line, _ in new]))
    return kept
