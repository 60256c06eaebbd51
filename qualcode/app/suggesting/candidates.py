"""A turn's ranked codes with their evidence, for the coding screen's suggestion panel.

`qualcode suggest` stores, per participant turn, every code scoring at least ``min_score`` as a
pending suggestion, and tops the list up to the best three that clear a low floor with ranked
``candidate`` rows. The panel shows them in one ranked list; only pending ones are counted,
reviewed in bulk or taken by "accept all". A candidate is accepted or rejected by id exactly like
a suggestion (:func:`qualcode.app.suggesting.review.decide_ids`), with the same undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from qualcode.core.models import Evidence, Suggestion
from qualcode.storage import suggestions as store


@dataclass(frozen=True)
class RankedCode:
    rank: int                  # 1 = best score of the turn
    suggestion: Suggestion     # id (accept/reject by it), code_id, score, status, evidence
    why: str                   # the evidence in one line, as `qualcode suggestions list` prints it

    @property
    def counts_as_pending(self) -> bool:
        """At or above min_score and undecided: what review, bulk accept and pending counts use."""
        return self.suggestion.status == "pending"


def describe_evidence(evidence: Iterable[Evidence], say: Callable[[Evidence], str] | None = None) -> str:
    """Keyword hits as ``word(kind)``; a learned score as the coded turns it resembles and its terms (when
    the turn has any worth naming: function words are never shown, so a turn may have none). The same hit
    said again is counted, ``目标(exact) ×40``, in the order first seen: a long turn repeating a phrase gave a
    line of thousands of characters saying one thing (the stored offsets keep every hit).

    ``say`` words one piece of evidence in another language (the CLI's Chinese, ``qualcode.cli.words``);
    without it, the English below."""
    said: dict[str, int] = {}
    for e in evidence:
        text = say(e) if say is not None else (
            f"{e.keyword}{'; terms ' + e.matched if e.matched else ''} (learned, {e.note})"
            if e.kind == "learned" else f"{e.matched}({e.kind}{', ' + e.note if e.note else ''})")
        said[text] = said.get(text, 0) + 1
    return ", ".join(text if count == 1 else f"{text} ×{count}" for text, count in said.items())


LIKE_YOUR_CODINGS = "like your codings of "   # how nlp.combined.learned_evidence opens its keyword


@dataclass(frozen=True)
class LearnedReason:
    """A learned score's evidence in parts, so a face can say it in its own language."""
    similar: tuple[str, ...]   # the coded turns it resembles most, "S01_pre #4"
    terms: tuple[str, ...]     # the strongest words or characters behind the score


def learned_reason(evidence: Evidence) -> LearnedReason | None:
    """The parts of a ``learned`` evidence (None for keyword evidence). The stored row keeps the engine's
    English sentence; an unfamiliar sentence keeps no turns rather than a wrong split."""
    if evidence.kind != "learned":
        return None
    similar = evidence.keyword[len(LIKE_YOUR_CODINGS):] if evidence.keyword.startswith(LIKE_YOUR_CODINGS) else ""
    return LearnedReason(tuple(p.strip() for p in similar.split(", ") if p.strip()),
                         tuple(p.strip() for p in evidence.matched.split(", ") if p.strip()))


def turn_candidates(project, segment_id: int, *, decided: bool = False) -> list[RankedCode]:
    """The turn's stored codes best first: pending suggestions, ranked candidates and undecided ones whose
    code the turn has already (status ``coded``), and, with ``decided``, accepted and rejected ones too.
    Rows whose evidence is damaged say so in ``why``."""
    shown = ("pending", "candidate", "coded") + (("accepted", "rejected") if decided else ())
    rows = [row for row in store.turn_suggestions(project.conn, segment_id) if row.suggestion.status in shown]
    return [RankedCode(rank, row.suggestion, row.problem or describe_evidence(row.suggestion.evidence))
            for rank, row in enumerate(rows, start=1)]
