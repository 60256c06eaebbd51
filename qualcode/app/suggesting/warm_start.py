"""Start `suggest`'s worker factory early, with the tokenizers the documents need already loaded.

Workers start from multiprocessing's fork server: a fresh interpreter (never a fork of this process,
which holds the project's database open) that forks one child per worker. On its own each child then
imported qualcode, loaded jieba's dictionary or spaCy (most of a second) and only then began to work,
while this process waited. Here the fork server is started as soon as `suggest` knows its documents, with
the tokenizers of their languages loaded once in it (:mod:`.preload_chinese`, :mod:`.preload_english`):
that load overlaps this process's own start-up (codebooks, engine, the list of finished documents), and
every worker forked from it inherits the loaded tokenizer instead of loading its own.

Only the tokenizers the documents need are loaded: a Chinese project never loads spaCy, an English one
never loads jieba's dictionary. The fork server never opens the database; it only imports.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Sequence

from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store

# A fresh worker imports qualcode and loads jieba/spaCy (seconds on a busy machine), so a worker is only
# worth starting for this much text; smaller projects run in this process.
CHARACTERS_PER_WORKER = 400_000
PRELOAD = {"zh": "qualcode.app.suggesting.preload_chinese", "en": "qualcode.app.suggesting.preload_english"}
PRELOAD_EXIT = "qualcode.app.suggesting.preload_exit"


def select_documents(conn, names: Sequence[str]) -> list[tuple[int, str]]:
    """(id, name) of the named documents, or of every current one; a clear error when there are none."""
    if names:
        found = [repo.get_document(conn, name, with_text=False) for name in names]
        return [(d.id, d.name) for d in found]
    documents = [(d.id, d.name) for d in repo.list_documents(conn)]
    if not documents:
        raise NotFoundError("the project has no documents yet; import transcripts first "
                            "(`qualcode import transcripts/`)")
    return documents


def worker_count(conn, document_ids: Sequence[int], jobs: int | None, characters_per_worker: int) -> int:
    """How many worker processes these documents are worth (one per ``characters_per_worker`` characters, at
    most ``jobs``, default every core): 1 means run them in this process."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(document_ids) < 2:
        return 1
    characters = store.text_length(conn, document_ids)
    return max(1, min(jobs, len(document_ids), characters // max(1, characters_per_worker)))


def preload_modules(conn, document_ids: Sequence[int], english_model: str | None) -> list[str]:
    """The modules the fork server imports before forking workers: the program's own main module (as
    multiprocessing does by default), the worker code, the tokenizer of each language present, and
    :mod:`.preload_exit` (the server leaves without a teardown).

    A named ``english_model`` is not preloaded (the fork server cannot be told which); workers load it."""
    languages = store.document_languages(conn, document_ids)
    modules = ["__main__", "qualcode.app.suggesting.batch"]
    if "zh" in languages:
        modules.append(PRELOAD["zh"])
    if "en" in languages and not english_model:
        modules.append(PRELOAD["en"])
    modules.append(PRELOAD_EXIT)  # last: the server, once loaded, leaves without a teardown when told to
    return modules


def start_fork_server(modules: list[str]) -> bool:
    """Start the fork server now (it loads ``modules`` while this process goes on); False when this platform
    has no fork server or one is already running (its modules cannot change then; workers still load what
    they need themselves)."""
    if "forkserver" not in multiprocessing.get_all_start_methods() or fork_server_running():
        return False
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(modules)
    try:
        forkserver.ensure_running()  # returns at once: the server imports in the background
    except OSError:  # only a head start: the pool tries again and reports what stops it
        return False
    return True


def fork_server_running() -> bool:
    """Whether this process's fork server already runs (started by `qualcode suggest`'s warm-up)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    server = forkserver._forkserver  # the process-wide server multiprocessing's forkserver context uses
    return getattr(server, "_forkserver_pid", None) is not None


def start_workers_early(project, document_ids: Sequence[int], jobs: int | None,
                        characters_per_worker: int = CHARACTERS_PER_WORKER) -> bool:
    """Start the fork server with the right tokenizers when these documents will go to workers."""
    if fork_server_running():  # the CLI's warm-up did it: do not count the text and languages again
        return False
    if worker_count(project.conn, document_ids, jobs, characters_per_worker) < 2:
        return False
    # Read here without the settings module (this runs before suggest imports its engine); the settings
    # are checked when the engine is built.
    model = project.setting("nlp.english_model", None)
    return start_fork_server(preload_modules(project.conn, document_ids, model if isinstance(model, str) else None))


def warm_up(project, names: Sequence[str], jobs: int | None) -> bool:
    """What `qualcode suggest` calls first, before importing the engine: start the workers' fork server when
    the documents will need one. Any problem (no such document, …) is left for suggest itself to report."""
    try:  # ids only (no document rows: a survey project has 100,000 of them)
        ids = ([d for d, _ in select_documents(project.conn, names)] if names
               else store.current_document_ids(project.conn))
    except QualcodeError:
        return False
    return start_workers_early(project, ids, jobs)
