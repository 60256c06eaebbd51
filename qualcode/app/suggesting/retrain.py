"""Retrain the learned model once enough human codings have changed since the cached one (issue 13 item 3).

Made for a TUI thread worker (it opens its own project connection, as every worker does) and for
scripts: :func:`codings_since_model` is cheap enough to call after each coding; :func:`retrain_if_due`
trains through the fingerprint cache when at least ``after`` human (turn, code) pairs were added or
removed since the cached model, then (``refresh``) re-suggests so the panel shows the new ranking.
Nothing here blocks a window: the caller decides which thread runs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.app.suggesting.learned_cache import newest_cached_engine
from qualcode.app.suggesting.learning import coded_turns, missing_coders, train_for_project, training_coders


RETRAIN_AFTER = 20   # [suggest] retrain_after: changed human codings that make a retraining worth its seconds


@dataclass(frozen=True)
class ModelAge:
    changed: int        # human (turn, code) pairs added or removed since the cached model was trained
    after: int          # how many make a retraining due
    has_model: bool     # False: no (valid) cached model yet

    @property
    def due(self) -> bool:
        return self.changed >= self.after


@dataclass(frozen=True)
class RetrainResult:
    age: ModelAge
    retrained: bool
    how: str = ""                     # built / reused / rebuilt (corrupt cache) / why nothing was trained
    turns: int = 0
    messages: tuple[str, ...] = field(default_factory=tuple)
    suggested: object | None = None   # the SuggestReport of the refresh, when one ran
    unsaved: str = ""                 # why the new model could not be cached: every check then finds it due
    # Counted on the model the refresh left in use, not before training: codings made while it trained
    # (in the CLI or another window) are in ``changed`` when it learned them, else in ``newer``.
    changed: int = 0                  # (turn, code) pairs it learned differently from the model before it
    newer: int = 0                    # pairs changed since its data was read: the next retraining learns them


def retrain_after(project) -> int:
    from qualcode.core.config import count_setting

    return count_setting(project.config, "suggest.retrain_after", RETRAIN_AFTER, "codings")


_CACHED = object()   # codings_since_model's default: read the cached engine


def codings_since_model(project, *, after: int | None = None, model: object = _CACHED) -> ModelAge:
    """How many human (turn, code) pairs differ from what the cached model learned from: only the codings of
    the coders ``[suggest] train_coders`` names count (every coder's when it names none). A named coder
    without codings is an error naming who has codings: else the window would wait, unsaid, for codings
    that never count. ``model``: the cached engine when loaded already (None: there is none)."""
    from qualcode.core.errors import QualcodeError

    after = retrain_after(project) if after is None else after
    coders = training_coders(project)
    problem = missing_coders(project.conn, coders) if coders else ""
    if problem:
        raise QualcodeError(problem)
    now = _pairs_now(project, coders)
    engine = newest_cached_engine(project.root / ".qualcode") if model is _CACHED else model
    if engine is None:
        return ModelAge(len(now), after, False)
    return ModelAge(len(now ^ _learned_pairs(engine)), after, True)


def _pairs_now(project, coders) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The human (turn, code) pairs a training would read now (of ``coders``; codes in the codebooks)."""
    defined = {code.id for book in project.codebooks() for code in book.codes}
    # A reviewed uncoded turn ("no code applies") is a pair too, with no code: marking one changes the model.
    return {(turn.label, code) for turn in coded_turns(project.conn, coders=coders, uncoded="reviewed")
            for code in (turn.codes & defined if turn.codes else {""})}


def _learned_pairs(engine) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The (turn, code) pairs a trained engine learned from (None: no model, nothing learned)."""
    if engine is None:
        return set()
    return {(turn.label, code) for turn in engine.trained_turns for code in (turn.codes or {""})}


def retrain_if_due(project, *, after: int | None = None, refresh: bool = True, force: bool = False,
                   progress=None) -> RetrainResult:
    """Retrain when due (or ``force``); with ``refresh``, re-run suggest with the new model on every document."""
    folder = project.root / ".qualcode"
    previous = newest_cached_engine(folder)   # the model the window had
    age = codings_since_model(project, after=after, model=previous)
    if not (age.due or force):
        return RetrainResult(age, False, f"not due: {age.changed} of {age.after} changed coding(s)")
    training = train_for_project(project, project.codebooks())
    if training.engine is None:
        return RetrainResult(age, False, training.how, training.turns, training.messages)
    suggested = None
    if refresh:
        from qualcode.app.suggesting.batch import run_suggest

        # It reads the codings again (through the cache): newer ones retrain it, and its model is the one in use.
        suggested = run_suggest(project, jobs=1, engine_kind="both", progress=progress)
    # Only the refresh can have trained a newer model since: without it, the one just trained is the one in use.
    model = (newest_cached_engine(folder) if refresh and not training.unsaved else None) or training.engine
    learned = _learned_pairs(model)
    return RetrainResult(age, True, training.how, sum(bool(t.codes) for t in model.trained_turns),
                         training.messages, suggested, training.unsaved,
                         changed=len(learned ^ _learned_pairs(previous)),
                         newer=len(_pairs_now(project, training_coders(project)) ^ learned))


def retrain_in_own_process(project, *, after: int | None = None) -> RetrainResult:
    """:func:`retrain_if_due` (with the refresh) in the window's helper process (see
    :mod:`qualcode.app.suggesting.own_process`), for a window's worker thread that only waits."""
    from qualcode.app.suggesting.own_process import run_in_own_process

    after = retrain_after(project) if after is None else after
    return run_in_own_process(_retrain_at, str(project.root), project.coder, after)


def _retrain_at(root: str, coder: str, after: int) -> RetrainResult:
    from qualcode.app.project import open_project

    with open_project(root, coder=coder) as project:
        return retrain_if_due(project, after=after)
