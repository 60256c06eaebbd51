"""Retraining the learned model once enough human codings changed (issue 13 item 3): the function a
TUI worker calls. Real project, real jieba, the real fingerprint cache on disk."""

from __future__ import annotations

import pytest

from test_suggest_learned import coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 not)
from qualcode.app import api
from qualcode.app.suggesting.retrain import codings_since_model, retrain_if_due
from qualcode.core.errors import QualcodeError
from qualcode.storage import repository as repo


def _s04_turn(project):
    document = repo.get_document(project.conn, "S04_pre", with_text=False)
    return next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")


def test_retrains_only_after_enough_changed_codings_then_refreshes_suggestions(coded_project):
    age = codings_since_model(coded_project, after=5)
    assert (age.has_model, age.changed, age.due) == (False, 12, True)

    first = retrain_if_due(coded_project, after=5)
    assert first.retrained and first.how == "built" and first.turns == 12
    assert first.suggested is not None and first.suggested.documents == 3
    assert codings_since_model(coded_project, after=5).changed == 0
    assert not retrain_if_due(coded_project, after=5).retrained     # nothing changed: no work

    # One new coding and one removed coding: two changes, not yet due at 3 ...
    turn = _s04_turn(coded_project)
    api.code_segment(coded_project, turn.id, "FAMILY", coder="human")
    removed = repo.list_codings(coded_project.conn, coder="human")[0]
    api.remove_coding(coded_project, removed.id, actor="human")
    age = codings_since_model(coded_project, after=3)
    assert (age.changed, age.due) == (2, False)
    waiting = retrain_if_due(coded_project, after=3)
    assert not waiting.retrained and "2 of 3" in waiting.how
    # ... due at 2: the new model has learned from the S04 turn.
    second = retrain_if_due(coded_project, after=2, refresh=False)
    assert second.retrained and second.how == "built" and second.suggested is None
    assert codings_since_model(coded_project, after=2).changed == 0


def test_a_corrupt_cache_counts_as_no_model_and_is_rebuilt(coded_project):
    assert retrain_if_due(coded_project, after=1, refresh=False).retrained
    cache = next((coded_project.root / ".qualcode").glob("learned-*.pkl"))
    cache.write_bytes(cache.read_bytes()[:-50])      # truncated: the checksum no longer matches
    age = codings_since_model(coded_project, after=50)
    assert (age.has_model, age.changed) == (False, 12)
    assert not cache.exists()                         # never trusted, removed
    rebuilt = retrain_if_due(coded_project, force=True, refresh=False)
    assert rebuilt.retrained and rebuilt.how == "built"


def test_a_bad_retrain_after_setting_is_named(coded_project):
    coded_project.config.setdefault("suggest", {})["retrain_after"] = "often"
    with pytest.raises(QualcodeError, match=r"\[suggest\] retrain_after must be a whole number.*'often'"):
        codings_since_model(coded_project)


def test_the_counts_are_of_the_model_in_use_and_codings_made_meanwhile_are_named(coded_project):
    """A coding made while the retraining runs (here: by "the CLI", during the refresh, after the model read
    the codings) is not in the model: it is counted as newer, not as learned, and the next check finds it."""
    from qualcode.app.project import open_project

    assert retrain_if_due(coded_project, after=1, refresh=False).retrained      # the model the window has
    turn = _s04_turn(coded_project)
    api.code_segment(coded_project, turn.id, "FAMILY", coder="human")
    removed = next(c for c in repo.list_codings(coded_project.conn, coder="human") if c.segment_id != turn.id)
    api.remove_coding(coded_project, removed.id, actor="human")
    cli = open_project(coded_project.root, coder="cli")
    arrived = []

    def progress(_done: int, _total: int, _name: str) -> None:
        if not arrived:   # the first document stored: the model in use was trained before this
            arrived.append(api.code_segment(cli, turn.id, "STUDY"))

    result = retrain_if_due(coded_project, after=2, progress=progress)
    cli.close()
    assert arrived and result.retrained
    # Learned: S04's FAMILY and the removal (12 coded turns: one lost its only code, S04 gained one).
    assert (result.turns, result.changed, result.newer) == (12, 2, 1)
    assert codings_since_model(coded_project, after=1).changed == 1   # the CLI's STUDY waits for the next one
