"""The suggestion engine as the TUI sees it: present or not, never faked.

``qualcode.app.suggesting.review`` lists a document's suggestions and accepts
or rejects them (one transaction and one undoable ``suggestion.decide`` event
per call), and ``qualcode.app.suggesting.batch.run_suggest`` computes them. When those modules are not
installed this adapter returns None and the panel says so, instead of showing
invented rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from qualcode.core.models import Suggestion


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@dataclass(frozen=True)
class SuggestionFunctions:
    review: ModuleType  # qualcode.app.suggesting.review
    suggest: ModuleType | None  # qualcode.app.suggesting.batch (batch runs; loads jieba/spaCy when called)

    def for_document(self, project: Any, document_id: int) -> list[Suggestion]:
        """Every suggestion of the document, with the turns' ranked candidates below min_score (the panel
        shows them after the pending ones; only pending ones are counted or bulk-accepted)."""
        return self.review.suggestions_for_document(project, document_id, with_candidates=True)

    def for_turn(self, project: Any, segment_id: int) -> list[Suggestion]:
        """One turn's suggestions read again (after its codings changed: one coded by hand reads ``coded``)."""
        return self.review.suggestions_for_turn(project, segment_id)

    def decide(self, project: Any, suggestion_ids: Sequence[int], accept: bool) -> Any:
        """Accept or reject several suggestions in ONE transaction and one history event; one decided
        meanwhile in another window or from the CLI is left as it is (the panel showed it pending)."""
        return self.review.decide_ids(project, suggestion_ids, "accept" if accept else "reject", undecided_only=True)

    def run_batch(self) -> Callable[..., Any] | None:
        return getattr(self.suggest, "run_suggest", None) if self.suggest else None


def find_suggestion_functions() -> SuggestionFunctions | None:
    """The NLP area's functions, or None when the suggestion engine is not installed.

    Importing these modules loads neither jieba nor spaCy (they load when a batch
    runs), so this costs nothing at start-up.
    """
    review = _module("qualcode.app.suggesting.review")
    if review is None or not hasattr(review, "decide_ids"):
        return None
    return SuggestionFunctions(review, None)


def load_batch_module() -> ModuleType | None:
    """``qualcode.app.suggesting.batch`` (imported off the UI thread: it may pull in the NLP stack)."""
    return _module("qualcode.app.suggesting.batch")
