"""Cache of trained learned engines under .qualcode/, keyed by a fingerprint of what they learned from.

A cache file is never trusted: its header holds a SHA-256 of the payload, checked before the
payload is unpickled; a file that fails the check, will not load, or holds something else is
removed and the engine is rebuilt. Something at the cache's path that is no regular file (a
directory, a named pipe, a link to a device) or cannot be read is never opened for reading; when it
cannot be replaced either, the engine is trained for the run and the caller is told why it was not
kept. The file is written 0600 like the database: its vocabulary comes from the transcripts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
from pathlib import Path
from typing import Callable

from qualcode.nlp.learned import CodedTurn, LearnedEngine

MAGIC = b"qualcode-learned-1\n"
# The model holds the tf-idf rows of every coded turn (for "like your codings of …"): 1,200 interviews with 13,491
# coded turns made 58 MB, so a cap of 50 MB retrained it on every `suggest` and `next`. The cap only keeps a
# file that cannot be a model from being read whole (only a regular file is read at all).
MAX_BYTES = 1024 * 1024 * 1024


def fingerprint(turns: list[CodedTurn], hints: dict[str, list[str]], settings: dict) -> str:
    """Changes whenever a coding, the codebook's hint text or a setting changes."""
    payload = {
        "turns": [[t.text, sorted(t.codes), t.label, t.question, t.language] for t in turns],
        "hints": {code: list(texts) for code, texts in sorted(hints.items())},
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def cached_engine(folder: Path, key: str, build: Callable[[], LearnedEngine],
                  notes: list[str] | None = None) -> tuple[LearnedEngine, str]:
    """The engine for ``key`` and how it was had: "reused", "built" or "rebuilt (corrupt cache)".

    Why a trained engine could not be kept (the path is a directory, the folder is read-only, the
    model is over MAX_BYTES) is appended to ``notes``: the engine is still returned, trained for this run."""
    path = folder / f"learned-{key[:16]}.pkl"
    how = "built"
    if os.path.lexists(path):
        engine = _load(path)
        if engine is not None:
            return engine, "reused"
        _remove(path)
        how = "rebuilt (corrupt cache)"
    engine = build()
    problem = _store(folder, path, engine)
    if problem and notes is not None:
        notes.append(problem)
    return engine, how


def _store(folder: Path, path: Path, engine: LearnedEngine) -> str | None:
    """Write the engine as the project's one cache file; why not, if it could not be."""
    payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
    where = f"{folder.name}/{path.name}"
    if len(payload) > MAX_BYTES:
        return (f"{where}: the trained model takes {len(payload) / 2**20:.0f} MB, over the cache's "
                f"{MAX_BYTES // 2**20} MB; it was used for this run and is trained again next time")
    temporary = path.with_suffix(".tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in [*folder.glob("learned-*.pkl"), temporary]:
            _remove(stale)   # one model per project: an old fingerprint is never used again
        fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        return (f"{where}: the trained model could not be saved there ({error.strerror or error}); it was "
                f"used for this run and is trained again next time; remove or move what is at that path")
    return None


def _remove(path: Path) -> None:
    """Remove a cache file (or a link, pipe, device node in its place); a directory is left alone."""
    with contextlib.suppress(OSError):
        path.unlink()


def newest_cached_engine(folder: Path) -> LearnedEngine | None:
    """The project's cached engine, whatever its fingerprint (one is kept), or None when there is none
    or it fails its check (a corrupt file is then removed: the next training rebuilds it)."""
    paths = sorted(folder.glob("learned-*.pkl"), key=_modified, reverse=True)
    for path in paths:
        engine = _load(path)
        if engine is not None:
            return engine
        _remove(path)
    return None


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:   # a dangling link
        return 0.0


def _load(path: Path) -> LearnedEngine | None:
    try:
        info = path.stat()
        # Only a regular file of a plausible size is read: a named pipe would block, a device never ends.
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES + len(MAGIC) + 65:
            return None
        data = path.read_bytes()
    except OSError:   # unreadable, a dangling link, gone meanwhile: not a cache to trust
        return None
    if not data.startswith(MAGIC):
        return None
    digest, _, payload = data[len(MAGIC):].partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        engine = pickle.loads(payload)
    except Exception:   # a truncated or foreign pickle: rebuild rather than trust it
        return None
    return engine if isinstance(engine, LearnedEngine) else None
