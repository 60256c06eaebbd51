"""Recognise the speaker label (and timestamp) at the start of a transcript line.

A turn starts at the beginning of a line with a label such as ``访谈者：``,
``问：``, ``I:``, ``Interviewer:``, ``P01:`` or ``A:``, optionally preceded
(or followed) by a timestamp ``[00:12:03]``.  Full-width ``：`` and ASCII ``:``
are both accepted, and so is Markdown bold (``**访谈者**：``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from qualcode.core.models import Role

# Horizontal white space, including the ideographic space U+3000.
_SPACE = r"[ \t\u3000]*"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_OPEN = r"[\[【(（]"
_CLOSE = r"[\]】)）]"
_LEADING_TIMESTAMP = re.compile(
    rf"{_SPACE}(?:(?:{_OPEN}{_SPACE}(?P<ts>{_TIME}){_SPACE}{_CLOSE}|(?P<bare>{_TIME})(?=[ \t\u3000])){_SPACE})?"
)
# After the colon: "[00:12:10] words", or a bare time before the words ("访谈者：00:01 你好", as a
# speaker | time | words table reads).
_TRAILING_TIMESTAMP = re.compile(
    rf"{_SPACE}(?:{_OPEN}{_SPACE}(?P<ts>{_TIME}){_SPACE}{_CLOSE}|(?P<bare>{_TIME})(?=[ \t\u3000]))")
_COLON = rf"{_SPACE}(?:\*\*)?{_SPACE}[:：]{_SPACE}(?:\*\*)?"

# A short note in brackets after a label: 受访者（S01）, Interviewer (Li).
_NOTE = r"(?:[ \t\u3000]*(?P<note>[（(][^（()）:：\n]{1,20}[）)]))?"

# Labels that only count as speakers when both occur in the same document:
# a lone "A:" is as likely to be an answer option as a speaker.
PAIRED_LABELS: tuple[str, str] = ("A", "B")


@dataclass(frozen=True)
class LabelHit:
    """A speaker label found at the start of a line."""

    speaker: str
    role: Role
    timestamp: str | None
    utterance_start: int  # index in the line where the utterance begins
    paired: bool = False  # a default A/B label, valid only if both occur
    # Where a bare time right after the colon begins ("受访者：00:05 还行"), or None: a time the file's layout
    # puts on every turn is a timestamp, one said once is words ("受访者：3:00 之后我就回家了").
    bare_time_at: int | None = None


@dataclass(frozen=True)
class SpeakerPattern:
    """A user pattern from qualcode.toml: a regex tried at the start of a line.

    The speaker is the named group ``speaker``, else group 1, else the whole
    match without its colon; the utterance starts where the match ends.
    """

    pattern: str
    role: Role


class SpeakerMatcher:
    """Compiled label recognition for one set of settings."""

    def __init__(
        self,
        labels: Iterable[tuple[str, Role]],
        participant_id_pattern: str,
        extra_patterns: Iterable[SpeakerPattern] = (),
    ) -> None:
        labels = list(labels)
        self._roles = {label.casefold(): role for label, role in labels}
        texts = sorted({label for label, _ in labels}, key=len, reverse=True)  # longest first
        alternatives = [_label_regex(label) for label in texts]
        if participant_id_pattern:
            alternatives.append(f"(?:{participant_id_pattern})")
        self._participant_id = re.compile(participant_id_pattern) if participant_id_pattern else None
        self._label = re.compile(rf"(?:\*\*)?(?P<label>{'|'.join(alternatives)}){_NOTE}{_COLON}")
        self._extra = [(re.compile(p.pattern), p.role) for p in extra_patterns]

    def match(self, line: str) -> LabelHit | None:
        """The label at the start of ``line``, or None."""
        lead = _LEADING_TIMESTAMP.match(line)
        assert lead is not None  # the pattern can match the empty string
        rest = line[lead.end() :]
        found = self._match_extra(rest) or self._match_default(rest)
        if found is None:
            return None
        speaker, role, end, paired = found
        end += lead.end()
        timestamp = lead.group("ts") or lead.group("bare")
        trailing = _TRAILING_TIMESTAMP.match(line, end)
        bare_time_at = None
        if trailing is not None and trailing.group("bare") and timestamp:
            trailing = None  # "[00:01] 受访者：3:00 之后…": the turn has its time; this one is words
        if trailing is not None:
            timestamp = timestamp or trailing.group("ts") or trailing.group("bare")
            bare_time_at = trailing.start("bare") if trailing.group("bare") else None
            end = trailing.end()
        return LabelHit(speaker, role, timestamp, end, paired, bare_time_at)

    def _match_extra(self, rest: str) -> tuple[str, Role, int, bool] | None:
        for regex, role in self._extra:
            m = regex.match(rest)
            if m is None or m.end() == 0:
                continue
            if "speaker" in regex.groupindex:
                speaker = m.group("speaker")
            elif regex.groups:
                speaker = m.group(1)
            else:
                speaker = m.group(0).rstrip(" \t\u3000:：*")
            return (speaker or m.group(0)).strip(), role, m.end(), False
        return None

    def _match_default(self, rest: str) -> tuple[str, Role, int, bool] | None:
        m = self._label.match(rest)
        if m is None:
            return None
        label = m.group("label")
        note = m.group("note")
        role = self._roles.get(label.casefold())
        if role is None:  # matched the participant-id alternative
            role = "participant"
        # "受访者（小王）" and "受访者（小李）" are different people in a group
        # interview, so the note stays part of the speaker; the role is the label's.
        speaker = f"{label}{note}" if note else label
        return speaker, role, m.end(), label in PAIRED_LABELS


def _label_regex(label: str) -> str:
    escaped = re.escape(label)
    # Word labels such as "Interviewer" are matched in any case; one-letter
    # labels ("I", "A") only as written, so "a:" in running text stays text.
    if len(label) > 1 and label.isascii() and label.isalpha():
        return f"(?i:{escaped})"
    return escaped


@functools.lru_cache(maxsize=32)
def compiled_matcher(
    labels: tuple[tuple[str, Role], ...],
    participant_id_pattern: str,
    extra_patterns: tuple[SpeakerPattern, ...],
) -> SpeakerMatcher:
    """One compiled matcher per distinct settings (settings are frozen and hashable)."""
    return SpeakerMatcher(labels, participant_id_pattern, extra_patterns)
