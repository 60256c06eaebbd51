"""Split a decoded transcript into speaker turns.

The stored text is the normalised source without its front matter; every
:class:`Turn` spans the utterance only (after the label and any timestamp,
without surrounding white space), as code-point offsets into that text.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from qualcode.core.decoding import normalise_text
from qualcode.core.errors import Location, TranscriptError
from qualcode.core.long_turns import DEFAULT_MAX_SEGMENT_CHARS, split_long_turns
from qualcode.core.frontmatter import merge_metadata, metadata_from_file_name, split_front_matter
from qualcode.core.language import detect_language
from qualcode.core.models import LANGUAGES, ParsedTranscript, Role, SpeakerSummary, Turn
from qualcode.core.text_forms import HALF_WIDTH
from qualcode.core.speaker_labels import LabelCandidate, find_candidates, kept_labels, label_key
from qualcode.core.speaker_roles import SpeakerOverride, balance_warnings, choose_roles
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
# A line that is only a transcriber's note ("【录音中断】", "[Note: checked phone]", "(laughs)"), a note headed by a
# note word ("【笔记】受访者说到弟弟时笑了。", "【录音中断】还有杂音") or Otter's footer. At the end of a turn it is nobody's words, so the
# turn ends before it; between two lines of one turn it stays inside (a segment is one stretch of text). A line
# that only starts with a note ("【笑】其实我挺喜欢实训课的。") is the speaker's words with the note inline: it
# continues the turn (it was left out of every turn, the words with it).
_NOTE_WORDS = (r"(?:笔记|备注|注释?|批注|说明|观察|记录|研究者|访谈者?笔记|转录|编者|译者|录音|中断|听不清|杂音|信号|背景"
               r"|note|notes|comment|memo|inaudible|crosstalk)")   # a note's kind, or the recording's state
NOTE_LINE = re.compile(
    rf"[ \t\u3000]*(?:【[^】\n]*】|【{_NOTE_WORDS}[^】\n]*】[^\n]*|\[[^\]\n]*\]|\([^)\n]*\)|（[^）\n]*）"
    r"|Transcribed by https?://otter\.ai)[ \t\u3000]*$", re.IGNORECASE)


@dataclass(frozen=True)
class TranscriptSettings:
    """How transcripts are read; built from ``qualcode.toml`` by :meth:`from_config`."""

    speaker_labels: tuple[tuple[str, Role], ...] = DEFAULT_SPEAKER_LABELS
    participant_id_pattern: str = DEFAULT_PARTICIPANT_ID_PATTERN
    extra_patterns: tuple[SpeakerPattern, ...] = field(default=())
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    infer_speakers: bool = True  # find speakers from recurring labels the list above does not know
    unlabelled_split: str = "paragraph"  # or "sentence": how text without any label becomes segments
    # "participant": in a labelled file, each paragraph without a label is a participant turn of its own (a
    # think-aloud transcript that labels only the moderator); "continue": it continues the turn before
    unlabelled_paragraphs: str = "continue"
    speaker_roles: tuple[SpeakerOverride, ...] = field(default=())  # --speakers / [transcripts.speaker_roles]
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
    split = split_speaker_turns(body, settings, source_name=source_name)
    metadata = merge_metadata(metadata_from_file_name(source_name), front_matter)
    turns = cases_from_speakers(split.turns, metadata, settings)
    language = metadata.get("language", "").lower()
    if language not in LANGUAGES:
        language = detect_language(body)
    return ParsedTranscript(
        text=body,
        turns=tuple(turns),
        metadata=metadata,
        encoding=encoding,
        language=language,
        warnings=split.warnings,
        speakers=split.speakers,
    )


@dataclass
class _OpenTurn:
    speaker: str
    role: Role
    timestamp: str | None
    line_number: int
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class TurnSplit:
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...]
    speakers: tuple[SpeakerSummary, ...]


def split_turns(text: str, settings: TranscriptSettings, *, source_name: str = "text") -> tuple[list[Turn], list[str]]:
    """Turns of ``text`` and warnings (see :func:`split_speaker_turns`)."""
    split = split_speaker_turns(text, settings, source_name=source_name)
    return list(split.turns), list(split.warnings)


def split_speaker_turns(text: str, settings: TranscriptSettings, *, source_name: str = "text") -> TurnSplit:
    """Turns of ``text``, warnings, and who spoke with the role chosen and why.

    Recognised labels (built-in and configured) are read as always; when other labels recur at the
    start of lines (``Participant:``, ``Mary:``, ``Speaker 1  0:03`` ...), they start turns too and
    each speaker's role is chosen from evidence (:mod:`qualcode.core.speaker_roles`). Text without
    any label becomes participant segments by paragraph (or sentence, by setting).
    """
    lines = _lines_with_offsets(text)
    label_lines = _label_forms(lines)
    overrides = {label_key(o.name): o for o in settings.speaker_roles}
    hits = _label_hits(label_lines, settings)
    hits = [None if hit is not None and _is_text(hit.speaker, overrides) else hit for hit in hits]
    recognised = {label_key(hit.speaker): hit.role for hit in hits if hit is not None}
    notes: list[str] = []
    if settings.infer_speakers or overrides:
        hits, notes = _with_inferred_labels(label_lines, hits, overrides, source_name, infer=settings.infer_speakers)
    as_participant = settings.unlabelled_paragraphs == "participant"
    turns, warnings = _turns_from_hits(lines, _bare_times_as_words_unless_layout(hits),
                                       unlabelled_participant=as_participant,
                                       by_line=as_participant and _no_blank_line(lines))
    warnings += notes
    if not any(turn.speaker for turn in turns):   # no label at all: paragraphs (or sentences) as before
        return _cut_long_turns(text, _unlabelled(lines, text, settings), settings)
    unlabelled = sum(1 for turn in turns if turn.speaker is None)
    if unlabelled:
        warnings.append(f"{unlabelled} paragraph(s) without a speaker label read as participant turns "
                        "([transcripts] unlabelled_paragraphs = \"participant\")")
    turns, speakers = _assign_roles(text, turns, recognised, overrides, settings)
    participant_turns = sum(1 for turn in turns if turn.role == "participant")
    unnamed = sum(turn.end - turn.start for turn in turns if not turn.speaker)   # unlabelled paragraphs' words
    warnings += balance_warnings([(s.name, s.role, s.characters) for s in speakers] + [(None, "participant", unnamed)],
                                 participant_turns=participant_turns)
    return _cut_long_turns(text, TurnSplit(tuple(turns), tuple(warnings), tuple(speakers)), settings)


def _cut_long_turns(text: str, split: TurnSplit, settings: TranscriptSettings) -> TurnSplit:
    """Turns over ``settings.max_segment_chars`` cut into several (core.long_turns), said in the warnings."""
    turns, cut = split_long_turns(text, split.turns, settings.max_segment_chars)
    if cut is None:
        return split
    return TurnSplit(tuple(turns), split.warnings + (cut,), split.speakers)


def _is_text(speaker: str, overrides: dict[str, SpeakerOverride]) -> bool:
    override = overrides.get(label_key(speaker))
    return override is not None and override.role is None


def _bare_times_as_words_unless_layout(hits: list[LabelHit | None]) -> list[LabelHit | None]:
    """A bare time after the colon is the turn's timestamp when most turns have one (a speaker | time |
    words table); otherwise it is words of the turn ("受访者：3:00 之后我就回家了") and stays in them."""
    found = [hit for hit in hits if hit is not None]
    timed = sum(1 for hit in found if hit.bare_time_at is not None)
    if not timed or timed * 2 > len(found):
        return hits
    return [replace(hit, utterance_start=hit.bare_time_at, timestamp=None, bare_time_at=None)
            if hit is not None and hit.bare_time_at is not None else hit for hit in hits]


def _turns_from_hits(lines: list[tuple[int, str]], hits: list[LabelHit | None], *,
                     unlabelled_participant: bool = False, by_line: bool = False) -> tuple[list[Turn], list[str]]:
    """Turns started by labels. ``unlabelled_participant``: a paragraph without a label (after a blank line,
    a section break or before the first label; ``by_line``: every line, for text with no blank line between
    paragraphs, as Word files and many tools give it) starts a participant turn with no speaker, instead of
    continuing the turn before (or belonging to no turn)."""
    turns: list[Turn] = []
    warnings: list[str] = []
    current: _OpenTurn | None = None
    preamble: list[int] = []
    notes: list[int] = []  # note lines after the last words of their turn (so far)
    blank_before = True
    for number, ((offset, line), hit) in enumerate(zip(lines, hits), start=1):
        starts_paragraph, blank_before = blank_before or by_line, not line.strip()
        if hit is not None:
            _close(current, turns, warnings)
            current = _OpenTurn(hit.speaker, hit.role, hit.timestamp, number)
            _extend(current, offset + hit.utterance_start, line[hit.utterance_start :])
        elif _SECTION_BREAK.match(line):
            _close(current, turns, warnings)
            current = None
            blank_before = True
        elif NOTE_LINE.match(line) and (current is not None or unlabelled_participant):
            if current is not None:
                notes.append(number)
        elif unlabelled_participant and line.strip() and (current is None or starts_paragraph):
            _close(current, turns, warnings)
            current = _OpenTurn("", "participant", None, number)
            _extend(current, offset, line)
        elif current is not None:
            _extend(current, offset, line)
            if line.strip():  # words after a note: the notes inside the turn stay in it
                notes = [n for n in notes if n < current.line_number]
        elif line.strip():
            preamble.append(number)
    _close(current, turns, warnings)
    if notes:
        shown = ", ".join(map(str, notes[:5])) + (" …" if len(notes) > 5 else "")
        warnings.append(f"line(s) {shown}: a note at the end of a turn ({lines[notes[0] - 1][1].strip()[:20]!r}) "
                        "belongs to no turn")
    if turns and preamble:
        where = f"line {preamble[0]}" if len(preamble) == 1 else f"lines {preamble[0]}-{preamble[-1]}"
        warnings.insert(0, f"{where}: text before the first speaker label belongs to no turn")
    return turns, warnings


def _unlabelled(lines: list[tuple[int, str]], text: str, settings: TranscriptSettings) -> TurnSplit:
    paragraphs = _paragraph_turns(lines)
    if settings.unlabelled_split == "sentence":
        from qualcode.core.sentences import sentence_turns

        sentences = sentence_turns(text, paragraphs)
        return TurnSplit(tuple(sentences), (
            "no speaker labels found (e.g. '访谈者：', 'I:', 'P01:'); "
            f"split into {len(sentences)} sentences as participant segments ([transcripts] unlabelled_split)",), ())
    return TurnSplit(tuple(paragraphs), (
        "no speaker labels found (e.g. '访谈者：', 'I:', 'P01:'); "
        f"split into {len(paragraphs)} paragraphs as participant segments",), ())


# A file "looks labelled" when this share of its lines start like a label (and there are enough of them).
_LABELLED_SHARE = 0.6
_LABELLED_MIN_LINES = 4


def _with_inferred_labels(lines: list[tuple[int, str]], hits: list[LabelHit | None],
                          overrides: dict[str, SpeakerOverride], source_name: str, *, infer: bool
                          ) -> tuple[list[LabelHit | None], list[str]]:
    """``hits`` plus the recurring labels the matcher does not know (unchanged when there are none),
    and a note naming the lines that start like a label but were read as text."""
    candidates = find_candidates(line for _, line in lines)
    candidates = [None if c is None or _is_text(c.name, overrides) else c for c in candidates]
    # In a file whose labels are recognised already, a role word used once ("老师：……" on one line)
    # is more likely retold speech inside a turn than a speaker of its own.
    kept = kept_labels(candidates, forced=[o.name for o in overrides.values()],
                       single_role_words=not any(hits))
    if not infer:
        kept &= set(overrides)
    new = [c for c, hit in zip(candidates, hits) if c is not None and hit is None and c.key in kept]
    if not new:
        if infer and not any(hits):
            _refuse_all_different(lines, candidates, source_name)
        return hits, []
    merged = [hit if hit is not None
              else LabelHit(c.name, "participant", c.timestamp, c.utterance_start, bare_time_at=c.bare_time_at)
              if c is not None and c.key in kept
              else None
              for c, hit in zip(candidates, hits)]
    recognised = {label_key(hit.speaker) for hit in hits if hit is not None}
    unread = [c for c, hit in zip(candidates, hits)
              if c is not None and hit is None and c.key not in kept and c.key not in recognised]
    return merged, [_single_use_note(unread)] if unread else []


def _single_use_note(unread: list[LabelCandidate]) -> str:
    shown = ", ".join(f"line {c.line_index + 1} '{c.name}'" for c in unread[:3])
    more = f" and {len(unread) - 3} more" if len(unread) > 3 else ""
    return (f"{shown}{more}: start like a speaker label but occur only once, so they were read as words of "
            f'the turn before; if one is a speaker, name it with --speakers "{unread[0].name}=participant"')


def _refuse_all_different(lines: list[tuple[int, str]], candidates: list[LabelCandidate | None],
                          source_name: str) -> None:
    """A file whose lines mostly start like labels, none of them twice, cannot be split honestly."""
    found = [c for c in candidates if c is not None]
    content = sum(1 for _, line in lines if line.strip())
    if len(found) < _LABELLED_MIN_LINES or len(found) < _LABELLED_SHARE * content:
        return
    examples = ", ".join(f"'{c.name}'" for c in found[:3])
    raise TranscriptError(
        f"{len(found)} of {content} lines start like a speaker label ({examples} ...) but no label occurs twice, "
        "so no speaker can be told apart; if these are speakers, name them with "
        '--speakers "Name=interviewer,Other=participant" or [[transcripts.speakers]] in qualcode.toml; '
        "if not, set [transcripts] infer_speakers = false to read the file as unlabelled paragraphs",
        Location(source_name, line=found[0].line_index + 1))


def _assign_roles(text: str, turns: list[Turn], recognised: dict[str, Role],
                  overrides: dict[str, SpeakerOverride], settings: TranscriptSettings
                  ) -> tuple[list[Turn], list[SpeakerSummary]]:
    """Every turn gets its speaker's role: a recognised label keeps its own, the rest from evidence."""
    pattern = re.compile(settings.participant_id_pattern) if settings.participant_id_pattern else None
    summaries = choose_roles([(t.speaker, text[t.start:t.end]) for t in turns if t.speaker],
                             recognised=recognised, overrides=overrides, participant_id=pattern)
    result = []
    for turn in turns:
        if not turn.speaker:   # an unlabelled paragraph read as a participant turn: the document's participant
            result.append(turn)
            continue
        key = label_key(turn.speaker or "")
        summary = summaries[key]
        override = overrides.get(key)
        role = turn.role if key in recognised and override is None else summary.role
        result.append(dataclasses.replace(turn, role=role, case_id=summary.case_id))
    return result, list(summaries.values())


def roles_for_rows(rows: list[tuple[str | None, str, Role | None]], settings: TranscriptSettings
                   ) -> tuple[list[Role], list[str | None], tuple[SpeakerSummary, ...], list[str]]:
    """Roles of turns read with a speaker name each (captions, Teams/Otter .docx, one-row-per-turn tables).

    ``rows``: (speaker, words, role given by the file or None). A speaker the labels recognise keeps
    that role; the others are chosen from evidence like labelled text. Returns each row's role and
    case, the speakers with their reasons, and balance warnings.
    """
    overrides = {label_key(o.name): o for o in settings.speaker_roles}
    matcher = _matcher(settings)
    recognised: dict[str, Role] = {}
    for speaker, _, given in rows:
        if speaker is None:
            continue
        hit = matcher.match(f"{speaker}：")
        if given is not None:
            recognised[label_key(speaker)] = given
        elif hit is not None and hit.speaker == speaker:
            recognised.setdefault(label_key(speaker), hit.role)
    pattern = re.compile(settings.participant_id_pattern) if settings.participant_id_pattern else None
    named = [(speaker, words) for speaker, words, _ in rows if speaker is not None]
    summaries = choose_roles(named, recognised=recognised, overrides=overrides, participant_id=pattern)
    roles: list[Role] = []
    cases: list[str | None] = []
    for speaker, _, given in rows:
        summary = summaries.get(label_key(speaker)) if speaker is not None else None
        override = overrides.get(label_key(speaker)) if speaker is not None else None
        roles.append(given if given is not None and override is None
                     else summary.role if summary is not None else "participant")
        cases.append(summary.case_id if summary is not None else None)
    participant_turns = sum(1 for role in roles if role == "participant")
    speakers = tuple(summaries.values())
    # Rows without a speaker read as the participant's (think-aloud tables) count in the shares, as in text.
    unnamed = sum(len(words) for (speaker, words, _), role in zip(rows, roles)
                  if speaker is None and role == "participant")
    warnings = balance_warnings([(s.name, s.role, s.characters) for s in speakers] + [(None, "participant", unnamed)],
                                participant_turns=participant_turns)
    return roles, cases, speakers, warnings


def cases_from_speakers(turns: tuple[Turn, ...] | list[Turn], metadata: dict[str, str],
                        settings: TranscriptSettings) -> list[Turn]:
    """A document without a participant from its file name or front matter takes it from its speakers.

    A participant's case is the one an override gave (``Tom=P03``) or its label when that looks like an
    id (``P03:``). When every participant turn has the same case, it is the document's; otherwise (a
    group interview) each turn keeps its speaker's case. Updates ``metadata`` in place.
    """
    turns = list(turns)
    if metadata.get("participant"):
        return turns
    pattern = re.compile(settings.participant_id_pattern) if settings.participant_id_pattern else None

    def case_of(turn: Turn) -> str | None:
        if turn.case_id or not turn.speaker or pattern is None:
            return turn.case_id
        return turn.speaker if pattern.fullmatch(turn.speaker) else None

    cases = {case_of(t) for t in turns if t.role == "participant"}
    if len(cases) == 1 and None not in cases:
        metadata["participant"] = next(iter(cases))  # type: ignore[arg-type]
    return [dataclasses.replace(t, case_id=case_of(t)) if t.role == "participant" else t for t in turns]


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


# Full-width Latin letters and digits (Ｉ, Ｒ, Ｐ０１), typed with a Chinese input method left in full-width mode, as
# their ASCII forms, and the colon's look-alikes as `：` (the ratio sign ∶ that GBK input methods offer beside the
# colon, the small ﹕ and the vertical ︰ of Big5 text): labels are read on lines so mapped, one character for one,
# so every offset stays where it is and the speaker is named P01. `Ｉ：`/`Ｒ：` and `访谈者∶` were no labels, and
# every line, the interviewer's questions too, became participant data.
_LABEL_FORMS = {**HALF_WIDTH, 0x2236: 0xFF1A, 0xFE55: 0xFF1A, 0xFE30: 0xFF1A}


def _label_forms(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(offset, line.translate(_LABEL_FORMS)) for offset, line in lines]


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
    turns.append(Turn(turn.start, turn.end, turn.speaker or None, turn.role, turn.timestamp))


def _no_blank_line(lines: list[tuple[int, str]]) -> bool:
    """True when no blank line stands between the text's first and last words: paragraphs are lines."""
    content = [offset for offset, line in lines if line.strip()]
    return not content or all(line.strip() for offset, line in lines if content[0] <= offset <= content[-1])


def _paragraph_turns(lines: list[tuple[int, str]]) -> list[Turn]:
    """Participant turns of unlabelled text: one per blank-line paragraph, or one
    per line when the text has no blank line between paragraphs (as many tools export)."""
    by_line = _no_blank_line(lines)
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
