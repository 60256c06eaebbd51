"""Helpers for the REFI-QDA tests: the shared third-party data and hand-made archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data(*parts: str) -> Path:
    """``<repo>/../shared/data/...`` when it exists (a checkout next to shared/), else /work/shared."""
    for base in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))


ATLAS_SAMPLE = ("refi-qda", "atlasti-8.4-standard-project.qdpx")
SCHEMA = ("refi-qda", "Project.xsd")


def make_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None,
              qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def qde(body: str, namespace: str = "urn:QDA-XML:project:1.0", origin: str = "test") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<Project xmlns="{namespace}" name="t" origin="{origin}">{body}</Project>')


def codebook_xml(codes: str) -> str:
    return f"<CodeBook><Codes>{codes}</Codes></CodeBook>"


G = "00000000-0000-0000-0000-{:012d}".format  # readable GUIDs for hand-written XML
