"""``.qdc`` codebook files: the code tree alone, in the QDA-XML codebook format.

Vendors write the namespace as ``urn:QDA-XML:codebook:1.0``, ``...:1:0`` or
``...:0:4``; all are read the same. A ``.qdc`` may also arrive zipped, or be a
whole ``project.qde`` whose ``<CodeBook>`` we take.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location
from qualcode.io.refiqda import model
from qualcode.io.refiqda.archive import Limits, open_archive
from qualcode.io.refiqda.reader import nest_double_colon_names, read_code
from qualcode.io.refiqda.writer import CODEBOOK_NS, ORIGIN, code_element, serialise, write_bytes_atomically
from qualcode.io.refiqda.xmlsafe import child, children, parse_xml

MAX_QDC_BYTES = Limits().entry_bytes


def read_qdc(path: Path | str) -> tuple[model.Code, ...]:
    """The code forest of a ``.qdc`` (or of a ``.qde``), refusing DTDs and entities."""
    path = Path(path)
    data = _qdc_bytes(path)
    root = parse_xml(data, path)
    codebook = root if root.tag == "CodeBook" else child(root, "CodeBook")
    if codebook is None:
        raise ImportFormatError(f"no <CodeBook> here (the root element is <{root.tag}>)", Location(path=path))
    codes_element = child(codebook, "Codes")
    if codes_element is None:
        return ()
    try:
        codes = tuple(read_code(c) for c in children(codes_element, "Code"))
    except ImportFormatError as exc:
        exc.location = exc.location or Location(path=path)
        raise
    origin = codebook.get("origin", "") or root.get("origin", "")
    return nest_double_colon_names(codes) if "atlas" in origin.lower() else codes


def _qdc_bytes(path: Path) -> bytes:
    try:
        if zipfile.is_zipfile(path):
            with open_archive(path) as archive:
                name = next((n for n in archive.names() if n.lower().endswith((".qdc", ".qde"))), None)
                if name is None:
                    raise ImportFormatError("a zip without a .qdc or .qde inside", Location(path=path))
                return archive.read(name)
        if path.stat().st_size > MAX_QDC_BYTES:
            raise ImportFormatError(f"refused: over {MAX_QDC_BYTES} bytes", Location(path=path))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFormatError("no such file", Location(path=path)) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read the file: {exc}", Location(path=path)) from exc


def qdc_xml(codes: tuple[model.Code, ...], *, origin: str = ORIGIN) -> bytes:
    root = ET.Element("CodeBook", {"origin": origin})
    container = ET.SubElement(root, "Codes")
    for code in codes:
        code_element(container, code)
    return serialise(root, CODEBOOK_NS)


def write_qdc(codes: tuple[model.Code, ...], path: Path | str) -> Path:
    path = Path(path)
    write_bytes_atomically(path, qdc_xml(codes))
    return path
