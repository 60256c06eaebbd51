"""Frozen value objects shared by every layer.

Offsets are Unicode code points into a document's stored, normalised text
(``text[start:end]``, end exclusive) -- the REFI-QDA convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

Role = Literal["interviewer", "participant", "other"]
ROLE_VALUES: tuple[Role, ...] = ("interviewer", "participant", "other")
Origin = Literal["manual", "suggestion", "import"]
# candidate: ranked below min_score, shown in order but never pending, counted or bulk-accepted
# Stored: pending, accepted, rejected, candidate. Read only: ``coded``, an undecided (pending or candidate)
# row whose turn has its code already (qualcode.storage.suggestions.list_suggestions).
SuggestionStatus = Literal["pending", "accepted", "rejected", "candidate", "coded"]
Language = Literal["zh", "en"]
MemoTarget = Literal["project", "document", "case", "code", "coding", "segment"]

LANGUAGES: tuple[str, ...] = ("zh", "en")


# --------------------------------------------------------------------------- codebook
@dataclass(frozen=True)
class Keywords:
    """Keyword rules per language, exactly as written in the codebook.

    A rule is a word or phrase, ``prefix*``, ``re:<regex>`` or ``A NEAR/n B``.
    """

    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def for_language(self, language: str) -> tuple[str, ...]:
        return getattr(self, language, ())

    def all(self) -> tuple[str, ...]:
        return self.zh + self.en


@dataclass(frozen=True)
class Code:
    """A code or a theme (a theme is a code with children; nesting is unbounded)."""

    id: str
    labels: Mapping[str, str]  # {"zh": "目标专注", "en": "Goal focus"}
    codebook: str  # name of the codebook that defines it
    parent_id: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    keywords: Keywords = field(default_factory=Keywords)
    # Negated keyword hits of *this* code suggest these codes instead
    # (e.g. 不自信 suggests NEED_CONFIDENCE rather than PF_CONFIDENCE).
    negated_suggests: tuple[str, ...] = ()
    key: str | None = None  # single key to toggle it in the TUI
    color: str | None = None  # "#rrggbb"
    position: int = 0  # order within its parent
    depth: int = 0

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or next(iter(self.labels.values()), self.id)


@dataclass(frozen=True)
class Codebook:
    name: str
    version: int
    languages: tuple[str, ...]
    codes: tuple[Code, ...]  # every node, depth-first, parents before children
    path: str | None = None

    def by_id(self) -> dict[str, Code]:
        return {c.id: c for c in self.codes}

    def children(self, parent_id: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent_id == parent_id]

    def leaves(self) -> list[Code]:
        parents = {c.parent_id for c in self.codes}
        return [c for c in self.codes if c.id not in parents]

    def theme_of(self, code_id: str) -> str:
        """The top-level ancestor's id (a top-level code is its own theme)."""
        index = self.by_id()
        code = index[code_id]
        while code.parent_id is not None:
            code = index[code.parent_id]
        return code.id


# --------------------------------------------------------------------------- transcripts
@dataclass(frozen=True)
class Turn:
    """One speaker turn as parsed from a transcript, before storage."""

    start: int
    end: int
    speaker: str | None
    role: Role
    timestamp: str | None = None
    case_id: str | None = None  # a case of its own (a group interview, --speakers "Tom=P03"); else the document's


@dataclass(frozen=True)
class SpeakerSummary:
    """One speaker of a document: what the import report shows."""

    name: str
    role: Role
    turns: int
    characters: int
    questions: int
    reason: str
    case_id: str | None = None

    def describe(self) -> str:
        role = f"{self.role} ({self.case_id})" if self.case_id else self.role
        return f"{self.name}: {role} — {self.reason} ({self.turns} turn{'s' if self.turns != 1 else ''})"


@dataclass(frozen=True)
class ParsedTranscript:
    """What a reader/parser produces from one source file."""

    text: str  # normalised text (NFC, \n newlines, front matter removed)
    turns: tuple[Turn, ...]
    metadata: Mapping[str, str]  # front matter / file-name fields: participant, wave ...
    encoding: str
    language: str
    warnings: tuple[str, ...] = ()
    speakers: tuple[SpeakerSummary, ...] = ()  # who spoke, the role chosen and why (the import report)


# --------------------------------------------------------------------------- stored rows
@dataclass(frozen=True)
class Case:
    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    id: int
    name: str
    path: str
    sha256: str
    language: str
    encoding: str
    case_id: str | None
    attributes: Mapping[str, str]
    imported_at: str
    version: int = 1
    is_current: bool = True
    previous_id: int | None = None
    text: str = ""  # filled when asked for (documents can be large)


@dataclass(frozen=True)
class Segment:
    id: int
    document_id: int
    ordinal: int
    start: int
    end: int
    speaker: str | None
    role: Role
    case_id: str | None = None
    text: str = ""
    start_time: str | None = None  # as the source wrote it (00:00:05.100, 0:03); None when it had none


@dataclass(frozen=True)
class Coding:
    id: int
    document_id: int
    segment_id: int | None
    start: int
    end: int
    code_id: str
    coder: str
    origin: Origin
    created_at: str
    memo: str | None = None


@dataclass(frozen=True, slots=True)  # slots: suggest builds one per keyword hit, and they build 1.6x faster
class Evidence:
    """Why a suggestion was made: one matched keyword rule."""

    keyword: str  # the rule as written in the codebook
    matched: str  # the text that matched
    start: int  # offsets relative to the *segment* text
    end: int
    kind: Literal["exact", "lemma", "substring", "fuzzy", "regex", "near", "negated", "learned"]
    weight: float = 1.0
    note: str = ""  # e.g. "negated by 不 at 3"


@dataclass(frozen=True)
class Suggestion:
    id: int
    segment_id: int
    code_id: str
    score: float
    evidence: tuple[Evidence, ...]
    status: SuggestionStatus
    engine_version: str
    created_at: str
    decided_at: str | None = None
    decided_by: str | None = None


@dataclass(frozen=True)
class Memo:
    id: int
    target_type: MemoTarget
    target_id: str
    text: str
    author: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class HistoryEvent:
    id: int
    at: str
    actor: str
    action: str  # "coding.add", "coding.remove", "memo.set", "suggestion.decide" ...
    payload: Mapping[str, object]
    undone: bool = False
    origin: str | None = None  # "cli", "tui:<session>:<pid>" (one window), "library", None (before origins were kept)
