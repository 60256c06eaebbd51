"""Suggest runs with fewer garbage-collector passes, and gives a library caller's process back unchanged."""

from __future__ import annotations

import gc

import pytest

from _nlp_fixtures import make_project, resilience_codebook
from qualcode.app.suggesting.batch import run_suggest


@pytest.fixture
def project(tmp_path):
    proj = make_project(tmp_path)
    yield proj
    proj.close()


def stored(project) -> list[tuple]:
    return sorted(map(tuple, project.conn.execute("SELECT segment_id, code_id, score, evidence, status "
                                                  "FROM suggestions")))


def test_a_run_collects_young_objects_rarely_and_restores_the_collector_after(project):
    before_thresholds, before_frozen = gc.get_threshold(), gc.get_freeze_count()
    during = []

    def progress(done: int, total: int, _name: str) -> None:
        during.append((gc.get_threshold()[0], gc.get_freeze_count(), gc.isenabled()))

    plain = run_suggest(project, codebooks=[resilience_codebook()], jobs=1, force=True)
    rows = stored(project)
    report = run_suggest(project, codebooks=[resilience_codebook()], jobs=1, force=True, progress=progress)
    assert report.documents == plain.documents == 2
    # while documents are written: the young generation waits for many more objects, what lived before is
    # frozen, and the collector is still on (cycles made by the run are still freed)
    assert during and all(young > before_thresholds[0] and frozen > before_frozen and enabled
                          for young, frozen, enabled in during[1:])
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before_thresholds, before_frozen)
    assert stored(project) == rows


def test_the_collector_is_restored_when_a_run_fails(project):
    before = gc.get_threshold(), gc.get_freeze_count()

    def fail(done: int, total: int, _name: str) -> None:
        if done:
            raise RuntimeError("stopped by the caller")

    with pytest.raises(RuntimeError):
        run_suggest(project, codebooks=[resilience_codebook()], jobs=1, force=True, progress=fail)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_overlapping_runs_in_one_process_give_the_collector_back_once_both_end():
    """Two runs whose pauses overlap (the window's retraining thread beside another suggest) leave the
    process as it was, whichever ends first: the first to leave must not restore, the last must."""
    from qualcode.app.collections_pause import fewer_collections

    before = gc.get_threshold(), gc.get_freeze_count()
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)        # the first run ends while the second still runs
    assert gc.get_threshold()[0] > before[0][0]
    second.__exit__(None, None, None)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
