"""Cache of trained learned engines under .qualcode/, keyed by a fingerprint of what they learned from.

A cache file is never trusted: its header holds a SHA-256 of the payload, checked before the
payload is unpickled; a file that fails the check, will not load, or holds something else is
removed and the engine is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Callable

from qualcode.nlp.learned import CodedTurn, LearnedEngine

MAGIC = b"qualcode-learned-1\n"
MAX_BYTES = 50 * 1024 * 1024


def fingerprint(turns: list[CodedTurn], hints: dict[str, list[str]], settings: dict) -> str:
    """Changes whenever a coding, the codebook's hint text or a setting changes."""
    payload = {
        "turns": [[t.text, sorted(t.codes), t.label, t.question, t.language] for t in turns],
        "hints": {code: list(texts) for code, texts in sorted(hints.items())},
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def cached_engine(folder: Path, key: str, build: Callable[[], LearnedEngine]) -> tuple[LearnedEngine, str]:
    """The engine for ``key`` and how it was had: "reused", "built" or "rebuilt (corrupt cache)"."""
    path = folder / f"learned-{key[:16]}.pkl"
    how = "built"
    if path.exists():
        engine = _load(path)
        if engine is not None:
            return engine, "reused"
        path.unlink(missing_ok=True)
        how = "rebuilt (corrupt cache)"
    engine = build()
    for stale in folder.glob("learned-*.pkl"):
        stale.unlink(missing_ok=True)   # one model per project: an old fingerprint is never used again
    payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) <= MAX_BYTES:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        temporary.replace(path)
    return engine, how


def newest_cached_engine(folder: Path) -> LearnedEngine | None:
    """The project's cached engine, whatever its fingerprint (one is kept), or None when there is none
    or it fails its check (a corrupt file is then removed: the next training rebuilds it)."""
    paths = sorted(folder.glob("learned-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in paths:
        engine = _load(path)
        if engine is not None:
            return engine
        path.unlink(missing_ok=True)
    return None


def _load(path: Path) -> LearnedEngine | None:
    data = path.read_bytes()
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
