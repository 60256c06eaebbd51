"""Split a decoded transcript into speaker turns.

The stored text is the normalised source without its front matter; every
:class:`Turn` spans the utterance only (after the label and any timestamp,
without surrounding white space), as code-point offsets into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from qualcode.core.decoding import normalise_text
from qualcode.core.errors import Location, TranscriptError
from qualcode.core.long_turns import DEFAULT_MAX_SEGMENT_CHARS, split_long_turns
from qualcode.core.frontmatter import merge_metadata, metadata_from_file_name, split_front_matter
from qualcode.core.language import detect_language
from qualcode.core.models import LANGUAGES, ParsedTranscript, Role, Turn
from qualcode.core.speakers import PAIRED_LABELS, LabelHit, SpeakerPattern, compiled_matcher

ROLES: tuple[Role, ...] = ("interviewer", "participant", "other")

# The labels of the shared transcript conventions, with their roles (plus the
# traditional forms, which Big5 transcripts from Taiwan and Hong Kong use).
DEFAULT_SPEAKER_LABELS: tuple[tuple[str, Role], ...] = (
    ("访谈者", "interviewer"),
    ("受访者", "participant"),
    ("訪談者", "interviewer"),
    ("受訪者", "participant"),
    ("问", "interviewer"),
    ("問", "interviewer"),
    ("答", "participant"),
    ("Interviewer", "interviewer"),
    ("I", "interviewer"),
    ("R", "participant"),
    ("A", "interviewer"),  # only with B in the same document
    ("B", "participant"),
)
# Any participant id used as a label (P01:, S01:, E12:) marks a participant turn.
DEFAULT_PARTICIPANT_ID_PATTERN = r"[A-Z]{1,3}\d{1,4}"
DEFAULT_MAX_FILE_MB = 20.0

# Markdown headings and rules end a turn and belong to none.
_SECTION_BREAK = re.compile(r"[ \t]*(?:#{1,6}(?:[ \t]|$)|(?:-[ \t]*){3,}$|(?:\*[ \t]*){3,}$)")


@dataclass(frozen=True)
class TranscriptSettings:
    """How transcripts are read; built from ``qualcode.toml`` by :meth:`from_config`."""

    speaker_labels: tuple[tuple[str, Role], ...] = DEFAULT_SPEAKER_LABELS
    participant_id_pattern: str = DEFAULT_PARTICIPANT_ID_PATTERN
    extra_patterns: tuple[SpeakerPattern, ...] = field(default=())
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_segment_chars: int = DEFAULT_MAX_SEGMENT_CHARS  # longer turns are cut (see core.long_turns)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, source: str = "qualcode.toml") -> TranscriptSettings:
        """Read ``[transcripts]`` and ``[import]`` from a parsed qualcode.toml."""
        from qualcode.core.transcript_config import settings_fields_from_config

        return cls(**settings_fields_from_config(config, source=source, defaults=cls()))


def parse_text(
    text: str,
    *,
    settings: TranscriptSettings | None = None,
    source_name: str,
    encoding: str = "utf-8",
) -> ParsedTranscript:
    """Parse decoded text (front matter, speaker turns, metadata, language)."""
    settings = settings or TranscriptSettings()
    front_matter, body = split_front_matter(normalise_text(text), source_name)
    if not body.strip():
        detail = "only front matter" if front_matter else "only white space"
        raise TranscriptError(f"the transcript has no text ({detail})", Location(source_name))
    turns, warnings = split_turns(body, settings)
    metadata = merge_metadata(metadata_from_file_name(source_name), front_matter)
    language = metadata.get("language", "").lower()
    if language not in LANGUAGES:
        language = detect_language(body)
    return ParsedTranscript(
        text=body,
        turns=tuple(turns),
        metadata=metadata,
        encoding=encoding,
        language=language,
        warnings=tuple(warnings),
    )


@dataclass
class _OpenTurn:
    speaker: str
    role: Role
    timestamp: str | None
    line_number: int
    start: int | None = None
    end: int | None = None


def split_turns(text: str, settings: TranscriptSettings) -> tuple[list[Turn], list[str]]:
    """Turns of ``text`` and warnings; turns over ``settings.max_segment_chars`` are cut into several."""
    turns, warnings = _labelled_turns(text, settings)
    turns, cut = split_long_turns(text, turns, settings.max_segment_chars)
    return turns, warnings + ([cut] if cut else [])


def _labelled_turns(text: str, settings: TranscriptSettings) -> tuple[list[Turn], list[str]]:
    """Turns of ``text`` and warnings; a text without labels is one participant turn per paragraph."""
    lines = _lines_with_offsets(text)
    hits = _label_hits(lines, settings)
    turns: list[Turn] = []
    warnings: list[str] = []
    current: _OpenTurn | None = None
    preamble: list[int] = []
    for number, ((offset, line), hit) in enumerate(zip(lines, hits), start=1):
        if hit is not None:
            _close(current, turns, warnings)
            current = _OpenTurn(hit.speaker, hit.role, hit.timestamp, number)
            _extend(current, offset + hit.utterance_start, line[hit.utterance_start :])
        elif _SECTION_BREAK.match(line):
            _close(current, turns, warnings)
            current = None
        elif current is not None:
            _extend(current, offset, line)
        elif line.strip():
            preamble.append(number)
    _close(current, turns, warnings)
    if not turns:
        paragraphs = _paragraph_turns(lines)
        return paragraphs, [
            "no speaker labels found (e.g. '访谈者：', 'I:', 'P01:'); "
            f"split into {len(paragraphs)} paragraphs as participant segments"
        ]
    if preamble:
        where = f"line {preamble[0]}" if len(preamble) == 1 else f"lines {preamble[0]}-{preamble[-1]}"
        warnings.insert(0, f"{where}: text before the first speaker label belongs to no turn")
    return turns, warnings


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _label_hits(lines: list[tuple[int, str]], settings: TranscriptSettings) -> list[LabelHit | None]:
    """The label of each line; A and B count only when both occur in the text."""
    hits = [_matcher(settings).match(line) for _, line in lines]
    paired = {hit.speaker for hit in hits if hit is not None and hit.paired}
    if paired and len(paired) < len(PAIRED_LABELS):
        hits = [None if hit is not None and hit.paired else hit for hit in hits]
    return hits


def _matcher(settings: TranscriptSettings):
    return compiled_matcher(settings.speaker_labels, settings.participant_id_pattern, settings.extra_patterns)


def _extend(turn: _OpenTurn, offset: int, content: str) -> None:
    """Grow the turn to cover the non-blank part of one line."""
    stripped = content.strip()
    if not stripped:
        return
    first = offset + len(content) - len(content.lstrip())
    if turn.start is None:
        turn.start = first
    turn.end = offset + len(content.rstrip())


def _close(turn: _OpenTurn | None, turns: list[Turn], warnings: list[str]) -> None:
    if turn is None:
        return
    if turn.start is None or turn.end is None:
        warnings.append(f"line {turn.line_number}: speaker label '{turn.speaker}' has no text; skipped")
        return
    turns.append(Turn(turn.start, turn.end, turn.speaker, turn.role, turn.timestamp))


def _paragraph_turns(lines: list[tuple[int, str]]) -> list[Turn]:
    """Participant turns of unlabelled text: one per blank-line paragraph, or one
    per line when the text has no blank line between paragraphs (as many tools export)."""
    content = [(offset, line) for offset, line in lines if line.strip()]
    first, last = content[0], content[-1]
    inner = [line for offset, line in lines if first[0] <= offset <= last[0]]
    by_line = all(line.strip() for line in inner)
    turns: list[Turn] = []
    current: _OpenTurn | None = None
    for offset, line in lines:
        if not line.strip() or by_line:
            if current is not None and current.start is not None and current.end is not None:
                turns.append(Turn(current.start, current.end, None, "participant"))
            current = None
        if line.strip():
            current = current or _OpenTurn("", "participant", None, 0)
            _extend(current, offset, line)
    if current is not None and current.start is not None and current.end is not None:
        turns.append(Turn(current.start, current.end, None, "participant"))
    return turns
