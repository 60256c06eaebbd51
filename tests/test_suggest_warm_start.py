"""`suggest`'s fork server starts early with the tokenizers the documents need loaded once
(app/suggesting/warm_start.py): workers inherit them, a Chinese project never loads spaCy, an English one
never loads jieba's dictionary, the results equal one job's, and a killed run leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from qualcode.app import api
from qualcode.app.project import init_project

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.corpus import write_corpus  # noqa: E402
from tests.test_own_process import _gone_within  # noqa: E402

# In a fresh interpreter (the test process may already run a fork server): start the fork server the way
# `suggest` does, then fork one child from it and report what the child inherited, before it loads anything.
INHERITED = """
import json, multiprocessing, sys

def inherited(queue):
    from qualcode.nlp import tokenizers
    preload_exit = sys.modules.get("qualcode.app.suggesting.preload_exit")  # imported by the server, if at all
    queue.put({"spacy": "spacy" in sys.modules, "jieba": tokenizers._jieba is not None,
               "english": [str(key) for key in tokenizers._english],
               "server leaves without teardown": getattr(preload_exit, "LEAVES_WITHOUT_TEARDOWN", None)})

if __name__ == "__main__":
    from qualcode.app.project import open_project
    from qualcode.app.suggesting.warm_start import start_workers_early
    with open_project(sys.argv[1]) as project:
        ids = [row[0] for row in project.conn.execute("SELECT id FROM documents")]
        started = start_workers_early(project, ids, 2, characters_per_worker=1)
        context = multiprocessing.get_context("forkserver")
        queue = context.Queue()
        child = context.Process(target=inherited, args=(queue,))
        child.start()
        print(json.dumps({"started": started, **queue.get(timeout=120)}), flush=True)
        child.join()
"""


def _project(tmp_path: Path, language: str, name: str = "study"):
    project = init_project(tmp_path / name)
    api.sync_codes(project)
    write_corpus(tmp_path / f"in-{language}", language=language, total_characters=6_000, per_file=1_500, seed=5)
    assert not api.import_paths(project, [tmp_path / f"in-{language}"]).errors
    return project


def _run(script: str, tmp_path: Path, *args: str) -> subprocess.Popen:
    path = tmp_path / "script.py"
    path.write_text(script, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, str(path), *args], stdout=subprocess.PIPE, text=True, cwd=tmp_path,
                            env=env)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_workers_inherit_only_the_tokenizer_their_documents_need(tmp_path, language):
    _project(tmp_path, language).close()
    child = _run(INHERITED, tmp_path, str(tmp_path / "study"))
    report = json.loads(child.stdout.readline())
    assert child.wait(timeout=60) == 0
    assert report["started"] is True
    assert report.pop("server leaves without teardown") is True  # preload_exit ran in the server
    if language == "zh":
        assert report == {"started": True, "spacy": False, "jieba": True, "english": []}
    else:
        assert report == {"started": True, "spacy": True, "jieba": False, "english": ["None"]}


def test_a_named_english_model_is_left_to_the_workers(tmp_path):
    from qualcode.app.suggesting.warm_start import PRELOAD, preload_modules

    with _project(tmp_path, "en") as project:
        ids = [row[0] for row in project.conn.execute("SELECT id FROM documents")]
        assert "qualcode.app.suggesting.preload_english" in preload_modules(project.conn, ids, None)
        assert not any(m in PRELOAD.values() for m in preload_modules(project.conn, ids, "en_core_web_sm"))


def test_the_quick_exit_is_only_the_fork_servers(tmp_path):
    """Imported in any other process, preload_exit registers nothing: that process keeps its exit status."""
    script = ("import sys, multiprocessing.forkserver\n"
              "from qualcode.app.suggesting import preload_exit\n"
              "print(preload_exit.LEAVES_WITHOUT_TEARDOWN, flush=True)\n"
              "sys.exit(3)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert (result.returncode, result.stdout.strip()) == (3, "False")


def test_a_small_project_starts_no_fork_server(tmp_path):
    from qualcode.app.suggesting.warm_start import start_workers_early

    with _project(tmp_path, "zh") as project:
        ids = [row[0] for row in project.conn.execute("SELECT id FROM documents")]
        assert not start_workers_early(project, ids, 2, characters_per_worker=400_000)
        assert not start_workers_early(project, ids, 1, characters_per_worker=1)


def test_warm_up_leaves_a_missing_document_for_suggest_to_report(tmp_path):
    from qualcode.app.suggesting.batch import run_suggest
    from qualcode.app.suggesting.warm_start import warm_up
    from qualcode.core.errors import NotFoundError

    with _project(tmp_path, "zh") as project:
        assert warm_up(project, ["no_such_document"], 2) is False
        assert warm_up(project, [], 2) is False  # 6,000 characters: one process, no fork server
        with pytest.raises(NotFoundError, match="no_such_document"):
            run_suggest(project, documents=["no_such_document"], jobs=2)


def test_the_ids_warm_up_reads_are_the_current_documents_suggest_reads(tmp_path):
    from qualcode.app.suggesting.warm_start import select_documents
    from qualcode.storage.suggestions import current_document_ids

    with _project(tmp_path, "zh") as project:
        assert sorted(current_document_ids(project.conn)) == sorted(d for d, _ in select_documents(project.conn, []))


# Kill `suggest` while its fork server is still loading spaCy: the server must not outlive it.
KILLED_WHILE_LOADING = """
import multiprocessing.forkserver, sys, time

if __name__ == "__main__":
    from qualcode.app.project import open_project
    from qualcode.app.suggesting import batch
    batch.CHARACTERS_PER_WORKER = 1
    project = open_project(sys.argv[1])
    ids = [row[0] for row in project.conn.execute("SELECT id FROM documents")]
    from qualcode.app.suggesting.warm_start import start_workers_early
    assert start_workers_early(project, ids, 2, characters_per_worker=1)
    print(multiprocessing.forkserver._forkserver._forkserver_pid, flush=True)
    time.sleep(60)
"""


def test_a_run_killed_while_its_fork_server_loads_leaves_no_process(tmp_path):
    _project(tmp_path, "en").close()
    command = _run(KILLED_WHILE_LOADING, tmp_path, str(tmp_path / "study"))
    server = int(command.stdout.readline())
    command.send_signal(signal.SIGKILL)
    command.wait()
    assert _gone_within(server, 30), "the fork server outlived `suggest`"
