"""`suggest --jobs 2` over many documents (chunked, batch commits) writes exactly what one job writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qualcode.app import api
from qualcode.app.project import init_project
from qualcode.app.suggesting import batch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import write_corpus  # noqa: E402


def _write(folder: Path, language: str) -> None:
    if language == "zh":
        write_corpus(folder, language="zh", total_characters=60_000, per_file=1_000, seed=11)
        return
    # bench.corpus's English interviews hold no shipped keyword; the suggest bench's sentences do.
    from bench.suggest_bench import EN_KEYWORD, EN_NEUTRAL, generate

    folder.mkdir(parents=True, exist_ok=True)
    for index, text in enumerate(generate(EN_KEYWORD, EN_NEUTRAL, 60_000, 1_000, "en", seed=11), start=1):
        (folder / f"E{index:03d}_pre.txt").write_text(text, encoding="utf-8")


def _suggest(tmp_path: Path, name: str, jobs: int, language: str = "zh") -> tuple[list[tuple], object]:
    project = init_project(tmp_path / name)
    try:
        api.sync_codes(project)
        _write(tmp_path / "in", language)
        assert not api.import_paths(project, [tmp_path / "in"]).errors
        # Small batches so this corpus spans several transactions and several chunks per worker.
        report = batch.run_suggest(project, jobs=jobs, commit_documents=7)
        rows = project.conn.execute(
            """SELECT d.name, s.ordinal, g.code_id, g.score, g.evidence, g.status
               FROM suggestions g JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id
               ORDER BY d.name, s.ordinal, g.code_id""").fetchall()
        finished = project.conn.execute("SELECT count(*) FROM suggest_progress").fetchone()[0]
        return [tuple(r) for r in rows], (report.documents, report.segments, report.new, finished)
    finally:
        project.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_two_jobs_give_identical_suggestions_to_one_job(tmp_path, monkeypatch, language):
    # Workers forked from a fork server that loaded the tokenizer before them (warm_start) add the codebook
    # words to an already loaded jieba: the results must still be exactly one job's.
    monkeypatch.setattr(batch, "CHARACTERS_PER_WORKER", 1)  # a small corpus, but real workers
    one_rows, one_counts = _suggest(tmp_path, "one", 1, language)
    two_rows, two_counts = _suggest(tmp_path, "two", 2, language)
    assert one_counts[0] > 40 and one_counts[2] > 100, one_counts
    assert one_counts[3] == one_counts[0], "every document keeps its progress row"
    assert two_counts == one_counts
    assert two_rows == one_rows


def _workers_seen(project, jobs: int) -> list[int]:
    import multiprocessing

    # Children alive before the run (a retraining helper another test left for its session) are not workers.
    earlier = set(multiprocessing.active_children())
    seen: list[int] = []
    batch.run_suggest(project, jobs=jobs, force=True, commit_documents=1,
                      progress=lambda done, total, name: seen.append(
                          len(set(multiprocessing.active_children()) - earlier)))
    return seen


def test_a_small_project_runs_in_process_and_a_large_one_starts_workers(tmp_path, monkeypatch):
    project = init_project(tmp_path / "study")
    try:
        api.sync_codes(project)
        write_corpus(tmp_path / "in", language="zh", total_characters=20_000, per_file=2_000, seed=2)
        assert not api.import_paths(project, [tmp_path / "in"]).errors
        # 20,000 characters: starting a worker (imports, jieba) costs more than the whole run.
        assert max(_workers_seen(project, 2)) == 0
        monkeypatch.setattr(batch, "CHARACTERS_PER_WORKER", 5_000)
        assert max(_workers_seen(project, 2)) == 2
    finally:
        project.close()
