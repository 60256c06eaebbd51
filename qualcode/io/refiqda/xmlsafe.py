"""Parsing untrusted QDA-XML: no DTDs, no entities, namespaces tolerated.

defusedxml refuses external entities (XXE: reading local files or URLs into
the document) and entity expansion (billion laughs). QDA-XML never needs a
DTD, so we refuse any DTD outright. Vendors disagree on namespaces
(``urn:QDA-XML:project:1.0``, ``...:1:0``, codebook ``...:0:4``), so elements
are matched by local name after checking the namespace is a QDA-XML one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from qualcode.core.errors import ImportFormatError, Location

BOM = b"\xef\xbb\xbf"


def parse_xml(data: bytes, where: Path | str) -> ET.Element:
    """The root element, with every tag reduced to its local name."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImportFormatError(
            f"refused: the XML declares a DTD or entities ({type(exc).__name__}); QDA-XML needs neither, "
            "and they are how XXE and entity-expansion attacks work",
            Location(path=where),
        ) from exc
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise ImportFormatError(f"not well-formed XML: {exc}", Location(path=where, line=line,
                                                                         column=(column or 0) + 1)) from exc
    namespace = _strip_namespaces(root)
    if namespace and not namespace.lower().startswith("urn:qda-xml"):
        raise ImportFormatError(f"not QDA-XML: the namespace is {namespace!r}", Location(path=where))
    root.set("{qualcode}namespace", namespace)
    return root


def _strip_namespaces(root: ET.Element) -> str:
    namespace = ""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            uri, _, local = element.tag[1:].partition("}")
            if element is root:
                namespace = uri
            element.tag = local
    return namespace


def children(element: ET.Element, tag: str) -> Iterator[ET.Element]:
    return (child for child in element if child.tag == tag)


def child(element: ET.Element, tag: str) -> ET.Element | None:
    return next(children(element, tag), None)


def child_text(element: ET.Element, tag: str) -> str:
    found = child(element, tag)
    return (found.text or "") if found is not None else ""


def attr(element: ET.Element, name: str, default: str = "") -> str:
    """An attribute by local name (some exporters namespace-qualify attributes)."""
    value = element.get(name)
    if value is not None:
        return value
    for key, item in element.attrib.items():
        if key.endswith("}" + name):
            return item
    return default
