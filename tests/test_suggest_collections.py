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


def test_a_pause_leaves_nothing_young_to_scan_and_takes_its_threshold_from_the_outermost_block():
    """What a block allocated is not left in the young generation (the next allocation would scan all of
    it at once: 30 ms after an export); an inner block keeps the outer one's young threshold."""
    from qualcode.app.collections_pause import COMMAND_YOUNG_THRESHOLD, YOUNG_THRESHOLD, fewer_collections

    before = gc.get_threshold(), gc.get_freeze_count()
    with fewer_collections(young=COMMAND_YOUNG_THRESHOLD):
        with fewer_collections():
            assert gc.get_threshold()[0] == COMMAND_YOUNG_THRESHOLD != YOUNG_THRESHOLD
        kept = [[n] for n in range(200_000)]
        assert gc.get_count()[0] > 150_000  # left young while the block runs
        young_passes = gc.get_stats()[0]["collections"]
    assert gc.get_stats()[0]["collections"] == young_passes  # no scan of them all at the next allocation
    assert gc.get_count()[0] < before[0][0]
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert len(kept) == 200_000


def test_an_export_command_run_in_process_gives_the_collector_back(run_cli, tmp_path):
    from _exports_fixture import build_small_project

    built = build_small_project(tmp_path / "small")
    built.conn.close()
    (built.root / "qualcode.toml").write_text('[project]\nname = "small"\ncoder = "A"\n', encoding="utf-8")
    before = gc.get_threshold(), gc.get_freeze_count()
    result = run_cli("--project", built.root, "export", "matrix", "--out", built.root / "m.csv")
    assert result.exit_code == 0, result.err
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_process_that_froze_its_own_objects_keeps_them_frozen_after_a_pause():
    # gc.unfreeze() thaws every frozen object; a caller's own gc.freeze() (done in a fresh interpreter here,
    # since the collector is the whole process's) must survive a pause, not be undone by it.
    import subprocess
    import sys

    script = (
        "import gc\n"
        "from qualcode.app.collections_pause import fewer_collections\n"
        "kept = [[i] for i in range(1000)]\n"
        "gc.freeze(); frozen = gc.get_freeze_count(); thresholds = gc.get_threshold()\n"
        "with fewer_collections():\n"
        "    made = [[i] for i in range(1000)]\n"
        "print(gc.get_freeze_count() >= frozen > 0, gc.get_threshold() == thresholds)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True"], result.stdout + result.stderr
