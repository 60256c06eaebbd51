"""How each text source of a ``.qdpx`` is split into turns, decided before anything is written.

The sources are read like plain files of the same import: ``qualcode import X.qdpx --speakers "..."``
applies to the archive's sources as to the files beside it, and the roles stored for a document (an
earlier ``--speakers``, ``ctrl+t``, ``qualcode documents speakers --set``) apply when the archive is
imported again.

Another tool's project is not always a set of transcripts: a comment dump or field notes can have lines
that start like a label (``PSZ: Schools may close``, a video title recurring over the comments). Speaker
inference would make them speakers, and the other tool's codings on the text before the first such
"label", or between them, would belong to no turn. A researcher importing another tool's project
expects every coding to arrive, so when labels found by inference leave more codings outside every turn
than reading the source without inferred labels (recognised labels and the roles set still count), or
leave over a fifth of its text in no turn (a twentieth with five or more inferred "speakers"), the source
is read that way, and the report says so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.span_placement import Turn as PlacedTurn
from qualcode.core.span_placement import TurnIndex, place_span
from qualcode.io.refiqda import model

DOCUMENT_SUFFIXES = (".txt", ".docx", ".rtf", ".md", ".pdf", ".doc")
# Labels are words too (`Interviewer:`), and a transcript may open with a title or a few lines of notes; a
# fifth of the text before or between the would-be turns is no transcript's header any more.
TEXT_OUTSIDE_LIMIT = 0.2
# Many inferred "speakers" (titles, headings, names in a comment dump) with a twentieth of the text in no turn
# is not an interview either; a focus group with that many voices has its text in turns.
MANY_SPEAKERS, TEXT_OUTSIDE_LIMIT_MANY = 5, 0.05


@dataclass(frozen=True)
class SourceSplit:
    """A source's turns as the import will store them, and the settings that gave them."""

    name: str  # the document name the source's own name gives (before any clash with another document)
    text: str
    split: object  # qualcode.core.transcript.TurnSplit
    settings: object  # qualcode.core.transcript.TranscriptSettings
    fallback_note: str | None = None  # said in the report when inferred labels were set aside

    @property
    def turns(self):
        return self.split.turns  # type: ignore[attr-defined]

    @property
    def speakers(self):
        return self.split.speakers  # type: ignore[attr-defined]


def document_name(source: model.Source) -> str:
    suffix = Path(source.name).suffix.lower()
    return Path(source.name).stem if suffix in DOCUMENT_SUFFIXES else source.name


def split_sources(project, refi: model.Project, settings, command_line=()) -> dict[str, SourceSplit]:
    """Source GUID -> its split, for every source with text. ``settings``: qualcode.toml with the command
    line's roles; each document's stored roles are added as for a plain file."""
    from qualcode.app.importing.speaker_settings import document_settings

    found: dict[str, SourceSplit] = {}
    for source in refi.sources:
        if source.text is None or not source.text.strip():
            continue
        name = document_name(source)
        found[source.guid] = split_source(source, name, document_settings(project, settings, name, command_line))
    return found


def split_source(source: model.Source, name: str, settings) -> SourceSplit:
    from qualcode.core.transcript import split_speaker_turns

    text = source.text or ""
    split = split_speaker_turns(text, settings, source_name=name)
    if not settings.infer_speakers:
        return SourceSplit(name, text, split, settings)
    plain_settings = dataclasses.replace(settings, infer_speakers=False)
    plain = split_speaker_turns(text, plain_settings, source_name=name)
    if plain.turns == split.turns:
        return SourceSplit(name, text, split, settings)
    why = _why_without_labels(text, split, plain, source)
    if why is None:
        return SourceSplit(name, text, split, settings)
    inferred = [s.name for s in split.speakers if s.name not in {p.name for p in plain.speakers}]
    shown = ", ".join(inferred[:3]) + (" ..." if len(inferred) > 3 else "")
    read_as = "its recognised labels" if plain.speakers else "paragraphs"
    note = (f"{name}: read without inferred speaker labels ({shown}), by {read_as}: {why}; to read them as "
            "speakers, name them under [transcripts.speaker_roles] or with --speakers")
    return SourceSplit(name, text, plain, plain_settings, note)


def _why_without_labels(text: str, split, plain, source: model.Source) -> str | None:
    """Why the inferred labels are not speakers here, or None when they may be."""
    outside, outside_plain = _codings_outside(text, split, source), _codings_outside(text, plain, source)
    if outside > outside_plain:
        return (f"with them {outside} of its {_codings(source)} coding(s) would lie outside every turn, without "
                f"them {outside_plain}")
    share, share_plain = _text_outside(text, split), _text_outside(text, plain)
    inferred = len({s.name for s in split.speakers} - {s.name for s in plain.speakers})
    limit = TEXT_OUTSIDE_LIMIT if inferred < MANY_SPEAKERS else TEXT_OUTSIDE_LIMIT_MANY
    if share > limit and share > share_plain:
        return f"with them {share:.0%} of its text would belong to no turn, without them {share_plain:.0%}"
    return None


def _text_outside(text: str, split) -> float:
    """The share of the text's non-blank lines (by characters) with no word in any turn: lines before the first
    label or between turns. A label line's utterance is in a turn, so labels themselves do not count."""
    index = TurnIndex([PlacedTurn(n, turn.start, turn.end) for n, turn in enumerate(split.turns)])
    total = outside = offset = 0
    for line in text.splitlines(keepends=True):
        size = len(line.strip())
        if size:
            total += size
            outside += size if not index.overlapping(offset, offset + len(line)) else 0
        offset += len(line)
    return outside / total if total else 0.0


def _codings(source: model.Source) -> int:
    return sum(len(selection.codings) for selection in source.selections)


def _codings_outside(text: str, split, source: model.Source) -> int:
    """How many of the source's codings would belong to no turn of ``split``."""
    index = TurnIndex([PlacedTurn(n, turn.start, turn.end) for n, turn in enumerate(split.turns)])
    return sum(len(selection.codings) for selection in source.selections
               if place_span(text, index, selection.start, selection.end).kind == "skipped")
