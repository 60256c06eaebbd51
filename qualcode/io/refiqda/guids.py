"""Stable GUIDs: the same entity gets the same GUID on every export.

A GUID is a name-based UUID (version 5) over the entity's kind and a stable
key (a code id, a case id, a document name; a selection is keyed by its
source's GUID and span). Exporting twice therefore gives the same GUIDs, and
another tool that re-imports our export can recognise what it already has.
"""

from __future__ import annotations

import re
import uuid

# Fixed once for qualcode; changing it would change every exported GUID.
QUALCODE_NAMESPACE = uuid.UUID("aa20ab92-b6f9-40a5-a240-f6993316f2fb")

_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")


def stable_guid(kind: str, *key: object) -> str:
    name = kind + ":" + "\x1f".join(str(part) for part in key)
    return str(uuid.uuid5(QUALCODE_NAMESPACE, name))


def is_guid(text: str) -> bool:
    return bool(_GUID.match(text or ""))


def same_guid(a: str | None, b: str | None) -> bool:
    """GUIDs compare without braces and letter case ({ABC...} == abc...)."""
    if not a or not b:
        return False
    return a.strip("{}").lower() == b.strip("{}").lower()


def canonical(guid: str) -> str:
    return guid.strip("{}").lower()
