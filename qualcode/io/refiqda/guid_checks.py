"""Every entity of a ``.qdpx`` has one well-formed GUID of its own, or the archive is refused.

References between entities go by GUID (a coding names its code, a note its
target, a case its sources), so two codes sharing a GUID would make every
coding of one land on the other, and two sources sharing one would merge two
interviews. Rather than guess which one was meant, the archive is refused and
both are named, as is any GUID that is not one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qualcode.core.errors import ImportFormatError
from qualcode.io.refiqda.guids import canonical, is_guid
from qualcode.io.refiqda.xmlsafe import attr, child, children

# Selections qualcode reads by text position. A PDF's area selection shares its GUID with the
# PlainTextSelection of its text representation (ATLAS.ti writes both for one quotation), so area
# selections of media are not compared with them; they are skipped on import anyway.
SELECTION_TAGS = ("PlainTextSelection", "TranscriptSelection")


def check_guids(root: ET.Element) -> None:
    """Raise ImportFormatError for the first malformed or repeated GUID, per kind of entity."""
    for kind, elements in _entities(root):
        seen: dict[str, str] = {}
        for element in elements:
            guid, name = attr(element, "guid"), _name(element)
            if not is_guid(guid):
                raise ImportFormatError(f"refused: {kind} {name!r} has a malformed GUID {guid!r}")
            key = canonical(guid)
            if key in seen:
                raise ImportFormatError(f"refused: {kind}s {seen[key]!r} and {name!r} share the GUID {guid}; "
                                        "the archive is damaged or hand-edited (nothing was merged)")
            seen[key] = name


def _name(element: ET.Element) -> str:
    name = attr(element, "name")
    if name:
        return name
    start, end = attr(element, "startPosition"), attr(element, "endPosition")
    return f"{element.tag} {start}-{end}" if start or end else element.tag


def _entities(root: ET.Element):
    yield "user", list(_under(root, "Users", "User"))
    codebook = child(root, "CodeBook")
    codes = child(codebook, "Codes") if codebook is not None else None
    yield "code", [code for top in (children(codes, "Code") if codes is not None else []) for code in top.iter()
                   if code.tag == "Code"]
    sources = child(root, "Sources")
    yield "source", list(sources) if sources is not None else []
    yield "selection", [e for e in (sources.iter() if sources is not None else []) if e.tag in SELECTION_TAGS]
    yield "note", list(_under(root, "Notes", "Note"))


def _under(root: ET.Element, container: str, tag: str):
    found = child(root, container)
    return children(found, tag) if found is not None else iter(())
