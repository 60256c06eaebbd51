"""qualcode: qualitative coding of interview transcripts.

The public API is loaded lazily (PEP 562) so ``import qualcode`` pulls in no
Textual, spaCy or pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Project": "qualcode.app.project",
    "init_project": "qualcode.app.project",
    "open_project": "qualcode.app.project",
    "find_project_root": "qualcode.app.project",
    "load_codebook": "qualcode.core.codebook",
    "QualcodeError": "qualcode.core.errors",
}

# Modules of the public API: ``from qualcode import api`` is the use-case facade.
_LAZY_MODULES = {
    "api": "qualcode.app.api",
}

__all__ = sorted(_LAZY) + sorted(_LAZY_MODULES) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name])
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'qualcode' has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)
