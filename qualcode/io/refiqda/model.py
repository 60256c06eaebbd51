"""A neutral, in-memory REFI-QDA project: what a ``.qdpx`` says, tool-independent.

The reader fills it from any vendor's export, the writer turns it into a
schema-valid ``project.qde``; the project bridge maps it to and from qualcode's
tables. Offsets in :class:`Selection` are Unicode code points into
:attr:`Source.text` *after* normalisation (``\\n`` newlines, NFC), end exclusive,
so ``source.text[sel.start:sel.end]`` is the coded text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Mapping


@dataclass(frozen=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    color: str | None = None  # "#rrggbb"
    description: str = ""
    is_codable: bool = True
    children: tuple["Code", ...] = ()
    note_guids: tuple[str, ...] = ()

    def walk(self, parent: "Code | None" = None) -> Iterator[tuple["Code", "Code | None"]]:
        """This code and its descendants, parents first, each with its parent."""
        yield self, parent
        for child in self.children:
            yield from child.walk(self)


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: str = "Text"  # Text | Boolean | Integer | Float | Date | DateTime


@dataclass(frozen=True)
class Case:
    guid: str
    name: str
    description: str = ""
    variables: Mapping[str, str] = field(default_factory=dict)
    source_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coding:
    guid: str
    code_guid: str
    user_guid: str | None = None
    created: str | None = None  # ISO 8601 date-time
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    guid: str
    start: int
    end: int
    name: str = ""  # ATLAS.ti and others put (the start of) the quoted text here
    description: str = ""
    codings: tuple[Coding, ...] = ()
    note_guids: tuple[str, ...] = ()
    user_guid: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class Source:
    guid: str
    name: str
    text: str | None  # None when the text could not be found (reported)
    selections: tuple[Selection, ...] = ()
    description: str = ""
    variables: Mapping[str, str] = field(default_factory=dict)
    note_guids: tuple[str, ...] = ()
    user_guid: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class Note:
    guid: str
    name: str
    text: str
    description: str = ""
    user_guid: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class Project:
    name: str
    origin: str = ""
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()  # roots of the code tree
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()
    note_guids: tuple[str, ...] = ()  # notes attached to the project itself
    description: str = ""

    def all_codes(self) -> list[tuple[Code, Code | None]]:
        return [pair for root in self.codes for pair in root.walk()]

    def user_names(self) -> dict[str, str]:
        return {u.guid.upper(): u.name for u in self.users}


@dataclass
class ImportReport:
    """What came in, what was skipped and why. Counts are by kind ("codes", "codings" ...)."""

    path: str
    imported: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    reasons: list[str] = field(default_factory=list)  # one line per skipped thing or group
    notes: list[str] = field(default_factory=list)  # decisions worth knowing (offset corrections ...)
    # per document stored: its name and one line per speaker (role chosen and why), as text imports list them
    speakers: list[tuple[str, list[str]]] = field(default_factory=list)

    def skip(self, kind: str, reason: str, count: int = 1) -> None:
        self.skipped[kind] += count
        self.reasons.append(reason)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def summary_lines(self) -> list[str]:
        lines = [f"imported from {self.path}:"]
        kinds = sorted(set(self.imported) | set(self.skipped))
        for kind in kinds:
            line = f"  {kind}: {self.imported.get(kind, 0)}"
            if self.skipped.get(kind):
                line += f" (skipped {self.skipped[kind]})"
            lines.append(line)
        for document, speakers in self.speakers:
            lines.append(f"  {document} speakers:")
            lines += [f"    {speaker}" for speaker in speakers]
        lines += [f"  note: {text}" for text in self.notes]
        lines += [f"  skipped: {text}" for text in self.reasons]
        return lines

    def lines(self) -> list[str]:
        return self.summary_lines()

    def __str__(self) -> str:
        return "\n".join(self.summary_lines())
