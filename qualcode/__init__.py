"""qualcode: qualitative coding of interview transcripts.

The public API is loaded lazily (PEP 562) so ``import qualcode`` pulls in no
Textual, spaCy or pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Project": "qualcode.project",
    "init_project": "qualcode.project",
    "open_project": "qualcode.project",
    "find_project_root": "qualcode.project",
    "load_codebook": "qualcode.core.codebook",
    "QualcodeError": "qualcode.core.errors",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'qualcode' has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)
