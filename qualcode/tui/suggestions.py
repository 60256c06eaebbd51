"""The suggestion engine as the TUI sees it: present or not, never faked.

Suggestions belong to the NLP area (listing stored suggestions, accepting and
rejecting them as undoable use cases). This adapter finds those functions when
they are installed and reports plainly when they are not, so the suggestion
panel can say "not available" instead of showing invented rows.

Looked up (first found wins):
- listing:  ``list_suggestions(conn, *, document_id=..., status=...)`` in
  ``qualcode.nlp.store``, ``qualcode.suggestions``, ``qualcode.storage.suggestions``
- deciding: ``accept_suggestion(project, suggestion_id)`` and
  ``reject_suggestion(project, suggestion_id)`` in ``qualcode.suggestions``,
  ``qualcode.nlp.review``, ``qualcode.api``
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qualcode.core.models import Suggestion

LIST_MODULES = ("qualcode.nlp.store", "qualcode.suggestions", "qualcode.storage.suggestions")
DECIDE_MODULES = ("qualcode.suggestions", "qualcode.nlp.review", "qualcode.api")


def _find(modules: tuple[str, ...], name: str) -> Callable[..., Any] | None:
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


@dataclass(frozen=True)
class SuggestionFunctions:
    list_suggestions: Callable[..., list[Suggestion]]
    accept: Callable[..., Any]
    reject: Callable[..., Any]


def find_suggestion_functions() -> SuggestionFunctions | None:
    """The NLP area's functions, or None when the suggestion engine is not installed."""
    listing = _find(LIST_MODULES, "list_suggestions")
    accept = _find(DECIDE_MODULES, "accept_suggestion")
    reject = _find(DECIDE_MODULES, "reject_suggestion")
    if listing is None or accept is None or reject is None:
        return None
    return SuggestionFunctions(listing, accept, reject)


def document_suggestions(functions: SuggestionFunctions, project: Any, document_id: int) -> list[Suggestion]:
    """Every stored suggestion of a document (all statuses), best first within a segment."""
    suggestions = functions.list_suggestions(project.conn, document_id=document_id)
    return sorted(suggestions, key=lambda s: (s.segment_id, -s.score, s.code_id))
