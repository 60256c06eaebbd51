"""The suggestion engine as the TUI sees it: present or not, never faked.

Suggestions belong to the NLP area: ``qualcode.storage.suggestions`` stores
them, ``qualcode.app.suggesting.review.decide`` accepts or rejects them (one
transaction and one undoable ``suggestion.decide`` event per call), and
``qualcode.app.suggesting.batch.run_suggest`` computes them. When those modules are not
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
    store: ModuleType  # qualcode.storage.suggestions
    review: ModuleType  # qualcode.app.suggesting.review
    suggest: ModuleType | None  # qualcode.app.suggesting.batch (batch runs; loads jieba/spaCy when called)

    def for_document(self, project: Any, document_id: int) -> list[Suggestion]:
        rows = self.store.list_suggestions(project.conn, document_ids=[document_id])
        return [row.suggestion for row in rows if getattr(row, "problem", None) is None]

    def decide(self, project: Any, suggestion_ids: Sequence[int], accept: bool) -> Any:
        """Accept or reject several suggestions in ONE transaction and one history event."""
        rows = self.store.list_suggestions(project.conn, ids=list(suggestion_ids))
        return self.review.decide(project, rows, "accept" if accept else "reject")

    def run_batch(self) -> Callable[..., Any] | None:
        return getattr(self.suggest, "run_suggest", None) if self.suggest else None


def find_suggestion_functions() -> SuggestionFunctions | None:
    """The NLP area's functions, or None when the suggestion engine is not installed.

    Importing these modules loads neither jieba nor spaCy (they load when a batch
    runs), so this costs nothing at start-up.
    """
    store = _module("qualcode.storage.suggestions")
    review = _module("qualcode.app.suggesting.review")
    if store is None or review is None or not hasattr(store, "list_suggestions") or not hasattr(review, "decide"):
        return None
    return SuggestionFunctions(store, review, None)


def load_batch_module() -> ModuleType | None:
    """``qualcode.app.suggesting.batch`` (imported off the UI thread: it may pull in the NLP stack)."""
    return _module("qualcode.app.suggesting.batch")
