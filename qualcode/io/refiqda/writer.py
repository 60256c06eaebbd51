"""Neutral model -> ``project.qde`` (QDA-XML 1.0) and a ``.qdpx`` zip.

Elements are written in the order the schema's sequences require; sources go
into the archive as UTF-8 ``sources/<guid>.txt`` referenced as
``internal://<guid>.txt``. The zip is byte-for-byte reproducible (fixed entry
dates, sorted content), so exporting an unchanged project twice gives the
same file.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Iterator

from qualcode.core.errors import ExportError, Location
from qualcode.io.refiqda import model

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ORIGIN = "qualcode"


# XML 1.0 cannot carry most control characters (a form feed from a .docx, a stray NUL):
# they would make the file unreadable, so they are dropped from names, notes and descriptions.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in (attrs or {}).items() if v is not None and v != ""})
    if text is not None:
        element.text = xml_safe(text)
    return element


def code_element(parent: ET.Element, code: model.Code) -> None:
    element = _sub(parent, "Code", {"guid": code.guid, "name": code.name,
                                    "isCodable": "true" if code.is_codable else "false", "color": code.color})
    if code.description:
        _sub(element, "Description", text=code.description)
    for guid in code.note_guids:
        _sub(element, "NoteRef", {"targetGUID": guid})
    for kid in code.children:
        code_element(element, kid)


def _variable_values(parent: ET.Element, values: dict[str, str], variables: dict[str, model.Variable]) -> None:
    for name, value in values.items():
        variable = variables.get(name)
        if variable is None:
            continue
        element = _sub(parent, "VariableValue")
        _sub(element, "VariableRef", {"targetGUID": variable.guid})
        tag = {"Integer": "IntegerValue", "Float": "FloatValue", "Boolean": "BooleanValue"}.get(variable.type,
                                                                                             "TextValue")
        _sub(element, tag, text=str(value))


def _source(parent: ET.Element, source: model.Source, variables: dict[str, model.Variable]) -> None:
    element = _sub(parent, "TextSource", {
        "guid": source.guid, "name": source.name, "plainTextPath": f"internal://{source.guid}.txt",
        "creatingUser": source.user_guid, "creationDateTime": source.created})
    if source.description:
        _sub(element, "Description", text=source.description)
    for sel in source.selections:
        selection = _sub(element, "PlainTextSelection", {
            "guid": sel.guid, "name": sel.name, "startPosition": str(sel.start), "endPosition": str(sel.end),
            "creatingUser": sel.user_guid, "creationDateTime": sel.created})
        if sel.description:
            _sub(selection, "Description", text=sel.description)
        for coding in sel.codings:
            item = _sub(selection, "Coding", {"guid": coding.guid, "creatingUser": coding.user_guid,
                                              "creationDateTime": coding.created})
            _sub(item, "CodeRef", {"targetGUID": coding.code_guid})
            for guid in coding.note_guids:
                _sub(item, "NoteRef", {"targetGUID": guid})
        for guid in sel.note_guids:
            _sub(selection, "NoteRef", {"targetGUID": guid})
    for guid in source.note_guids:
        _sub(element, "NoteRef", {"targetGUID": guid})
    _variable_values(element, dict(source.variables), variables)


def project_xml(project: model.Project) -> bytes:
    """The ``project.qde`` document for a model (sources referenced, not inlined)."""
    root = _build(project)
    return serialise(root, PROJECT_NS)


def serialise(root: ET.Element, namespace: str) -> bytes:
    """Put every element in ``namespace`` (as the default namespace) and serialise, indented."""
    ET.register_namespace("", namespace)
    for element in root.iter():
        element.tag = f"{{{namespace}}}{element.tag}"
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _build(project: model.Project) -> ET.Element:
    root = ET.Element("Project", {"name": xml_safe(project.name), "origin": xml_safe(project.origin or ORIGIN)})
    if project.users:
        users = _sub(root, "Users")
        for user in project.users:
            _sub(users, "User", {"guid": user.guid, "name": user.name})
    if project.codes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        for code in project.codes:
            code_element(codes, code)
    variables = {v.name: v for v in project.variables}
    if project.variables:
        container = _sub(root, "Variables")
        for variable in project.variables:
            _sub(container, "Variable", {"guid": variable.guid, "name": variable.name,
                                         "typeOfVariable": variable.type})
    if project.cases:
        container = _sub(root, "Cases")
        for case in project.cases:
            element = _sub(container, "Case", {"guid": case.guid, "name": case.name})
            if case.description:
                _sub(element, "Description", text=case.description)
            _variable_values(element, dict(case.variables), variables)
            for guid in case.source_guids:
                _sub(element, "SourceRef", {"targetGUID": guid})
    written = [s for s in project.sources if s.text is not None]
    if written:
        container = _sub(root, "Sources")
        for source in written:
            _source(container, source, variables)
    if project.notes:
        container = _sub(root, "Notes")
        for note in project.notes:
            element = _sub(container, "Note", {"guid": note.guid, "name": note.name,
                                               "creatingUser": note.user_guid, "creationDateTime": note.created})
            if note.description:
                _sub(element, "Description", text=note.description)
            _sub(element, "PlainTextContent", text=note.text)
    if project.description:
        _sub(root, "Description", text=project.description)
    for guid in project.note_guids:
        _sub(root, "NoteRef", {"targetGUID": guid})
    return root


def write_qdpx(project: model.Project, path: Path | str) -> Path:
    """Write ``project.qde`` and the sources' text as a ``.qdpx``; atomic (no half-written file)."""
    path = Path(path)
    entries = [("project.qde", project_xml(project))]
    entries += [(f"sources/{s.guid}.txt", s.text.encode("utf-8")) for s in project.sources if s.text is not None]
    write_zip_atomically(path, entries)
    return path


def write_zip_atomically(path: Path, entries: list[tuple[str, bytes]]) -> None:
    with _atomic(path) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with _atomic(path) as temporary:
        Path(temporary).write_bytes(data)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[str]:
    """A temporary file next to ``path`` that replaces it only when writing succeeded."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(handle)
        yield temporary
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise ExportError(f"cannot write the file: {exc}", Location(path=path)) from exc
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
