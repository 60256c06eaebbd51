"""``.qdpx`` -> :class:`~qualcode.io.refiqda.model.Project`, tolerating what real exports do.

Text sources are read from ``internal://`` entries of the archive (under
``Sources/`` or ``sources/``), or from inline ``PlainTextContent``. Paths
outside the archive (``relative://`` against ``basePath`` or the folder
holding the ``.qdpx``, absolute, ``file://``) refuse the archive unless the
caller allows a folder, and then only files inside it are read. A member that
is missing is reported and its source kept without text (its selections are skipped).
Pictures, PDFs, audio and video are reported and skipped (qualcode codes text).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from qualcode.core.errors import ImportFormatError, Location
from qualcode.io.refiqda import model
from qualcode.io.refiqda.archive import Limits, QdpxArchive, open_archive
from qualcode.io.refiqda.cases import read_document_groups
from qualcode.io.refiqda.guid_checks import check_guids
from qualcode.io.refiqda.guids import canonical
from qualcode.io.refiqda.offsets import choose_reading, map_span, normalise
from qualcode.io.refiqda.xmlsafe import attr, child, child_text, children, parse_xml

MEDIA_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


def open_qdpx(path: Path | str, *, limits: Limits | None = None,
              allow_external: Path | str | None = None) -> tuple[model.Project, model.ImportReport]:
    """Read a ``.qdpx`` safely into the neutral model plus a report of what was skipped and why."""
    path = Path(path)
    report = model.ImportReport(path=str(path))
    with open_archive(path, limits=limits) as archive:
        qde_name = archive.find("project.qde") or _any_qde(archive)
        if qde_name is None:
            raise ImportFormatError("no project.qde inside; is this a REFI-QDA project?", Location(path=path))
        where = f"{path}!{qde_name}"
        root = parse_xml(archive.read(qde_name), where)
        if root.tag != "Project":
            raise ImportFormatError(f"the root element is <{root.tag}>, not <Project>", Location(path=where))
        namespace = root.get("{qualcode}namespace", "")
        if namespace and namespace.lower() != "urn:qda-xml:project:1.0":
            report.note(f"namespace {namespace} read as urn:QDA-XML:project:1.0")
        finder = _TextFinder(archive, path, attr(root, "basePath"), report)
        finder.allow_external = Path(allow_external).resolve() if allow_external else None
        try:
            return _project(root, finder, report), report
        except ImportFormatError as exc:
            exc.location = exc.location or Location(path=where)
            raise


def _any_qde(archive: QdpxArchive) -> str | None:
    candidates = [n for n in archive.names() if n.lower().endswith(".qde")]
    return candidates[0] if len(candidates) == 1 else None


def _project(root: ET.Element, finder: "_TextFinder", report: model.ImportReport) -> model.Project:
    origin = attr(root, "origin")
    check_guids(root)
    users = tuple(model.User(attr(u, "guid"), attr(u, "name") or attr(u, "id") or attr(u, "guid"))
                  for u in _path(root, "Users", "User"))
    report.imported["users"] += len(users)
    codes = tuple(read_code(c) for c in _path(root, "CodeBook", "Codes", "Code"))
    if "atlas" in origin.lower():
        flat = len(codes)
        codes = nest_double_colon_names(codes)
        if len(codes) < flat:
            report.note(f"{flat - len(codes)} ATLAS.ti codes named 'Parent::child' nested under their parent")
    report.imported["codes"] += sum(1 for c in codes for _ in c.walk())
    variables = tuple(model.Variable(attr(v, "guid"), attr(v, "name"), attr(v, "typeOfVariable", "Text"))
                      for v in _path(root, "Variables", "Variable"))
    var_names = {v.guid.upper(): v.name for v in variables}
    groups = read_document_groups(root)
    sources = _sources(root, finder, origin, var_names, report)
    sources = tuple(_with_group_variables(s, groups.variables_by_source) for s in sources)
    cases = tuple(_case(c, var_names) for c in _path(root, "Cases", "Case"))
    if not cases:
        cases, why = groups.cases()
        if why:
            report.note(why)
    report.imported["cases"] += len(cases)
    notes = tuple(_note(n, finder) for n in _path(root, "Notes", "Note"))
    report.imported["notes"] += len(notes)
    for name in ("Links", "Graphs"):
        count = len(list(_path(root, name, name[:-1])))
        if count:
            report.skip(name.lower(), f"{count} {name.lower()} (qualcode has no {name[:-1].lower()}s)", count)
    return model.Project(
        name=attr(root, "name") or finder.path.stem, origin=origin, users=users, codes=codes,
        variables=variables, cases=cases, sources=sources, notes=notes,
        note_guids=tuple(attr(r, "targetGUID") for r in children(root, "NoteRef")),
        description=child_text(root, "Description"),
    )


def _with_group_variables(source: model.Source, by_source: dict[str, dict[str, str]]) -> model.Source:
    extra = by_source.get(source.guid.upper())
    if not extra:
        return source
    return replace(source, variables={**extra, **source.variables})


def _path(element: ET.Element, *tags: str) -> list[ET.Element]:
    current = [element]
    for tag in tags:
        current = [c for parent in current for c in children(parent, tag)]
    return current


MAX_CODE_DEPTH = 64  # real code trees are a few levels deep; a crafted one could exhaust the stack


def _code_name(name: str) -> str:
    return name if name.strip() else "(unnamed code)"  # a codebook needs a label to show


def read_code(element: ET.Element, depth: int = 0) -> model.Code:
    """A ``<Code>`` with its descendants (shared with the ``.qdc`` codebook reader)."""
    if depth > MAX_CODE_DEPTH:
        raise ImportFormatError(f"refused: the code tree is nested more than {MAX_CODE_DEPTH} levels deep")
    codable = attr(element, "isCodable", "true").strip().lower() not in ("false", "0")
    color = attr(element, "color") or None
    return model.Code(
        guid=attr(element, "guid"), name=_code_name(attr(element, "name")), color=color,
        description=child_text(element, "Description"), is_codable=codable,
        children=tuple(read_code(c, depth + 1) for c in children(element, "Code")),
        note_guids=tuple(attr(r, "targetGUID") for r in children(element, "NoteRef")),
    )


def nest_double_colon_names(roots: tuple[model.Code, ...]) -> tuple[model.Code, ...]:
    """ATLAS.ti writes sub-codes flat as ``Parent::child``; nest them under ``Parent`` when it exists."""
    by_name = {c.name: c for c in roots}
    adopted: dict[str, list[model.Code]] = {}
    for code in roots:
        parent, sep, rest = code.name.partition("::")
        if sep and rest.strip() and parent.strip() in by_name and parent.strip() != code.name:
            adopted.setdefault(parent.strip(), []).append(replace(code, name=rest.strip()))
    if not adopted:
        return roots
    moved = {c.guid for kids in adopted.values() for c in kids}
    return tuple(replace(c, children=c.children + tuple(adopted.get(c.name, ())))
                 for c in roots if c.guid not in moved)


def _variable_values(element: ET.Element, var_names: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for vv in children(element, "VariableValue"):
        ref = child(vv, "VariableRef")
        name = var_names.get(attr(ref, "targetGUID").upper()) if ref is not None else None
        if not name:
            continue
        for item in vv:
            if item.tag.endswith("Value"):
                values[name] = (item.text or "").strip()
    return values


def _case(element: ET.Element, var_names: dict[str, str]) -> model.Case:
    return model.Case(
        guid=attr(element, "guid"), name=attr(element, "name") or attr(element, "guid"),
        description=child_text(element, "Description"), variables=_variable_values(element, var_names),
        source_guids=tuple(attr(r, "targetGUID") for r in children(element, "SourceRef")),
    )


def _note(element: ET.Element, finder: "_TextFinder") -> model.Note:
    text = finder.text_of(element)[0] or ""
    return model.Note(
        guid=attr(element, "guid"), name=attr(element, "name"), text=text,
        description=child_text(element, "Description"), user_guid=attr(element, "creatingUser") or None,
        created=attr(element, "creationDateTime") or None,
    )


def _sources(root: ET.Element, finder: "_TextFinder", origin: str, var_names: dict[str, str],
             report: model.ImportReport) -> tuple[model.Source, ...]:
    sources: list[model.Source] = []
    container = child(root, "Sources")
    text_paths = {attr(t, "plainTextPath").lower() for t in (container if container is not None else [])
                  if t.tag == "TextSource" and attr(t, "plainTextPath")}
    for element in (list(container) if container is not None else []):
        representation = child(element, "Representation") if element.tag == "PDFSource" else None
        if representation is not None and (attr(representation, "plainTextPath")
                                           or child(representation, "PlainTextContent") is not None):
            sources.append(_pdf_text(element, representation, finder, origin, var_names, report))
            continue
        if element.tag in MEDIA_SOURCES:
            report.skip("sources", f"{element.tag} {attr(element, 'name')!r}: qualcode imports text sources only")
            transcripts = list(children(element, "Transcript"))
            codings = sum(1 for item in element.iter() if item.tag == "Coding")
            codings -= sum(1 for t in transcripts for item in t.iter() if item.tag == "Coding")
            if codings:
                report.skipped["codings"] += codings
            sources += _transcripts(element, transcripts, text_paths, finder, origin, var_names, report)
            continue
        if element.tag != "TextSource":
            continue
        sources.append(_text_source(element, finder, origin, var_names, report))
    return tuple(sources)


def _transcripts(media: ET.Element, transcripts: list[ET.Element], text_paths: set[str], finder: "_TextFinder",
                 origin: str, var_names: dict[str, str], report: model.ImportReport) -> list[model.Source]:
    """The transcripts of an audio or video source, as text documents.

    A transcript's selections run between sync points, whose ``position`` is a
    text offset, so they become ordinary text selections. A transcript that is
    the same file as a text source (ATLAS.ti lists both) is not imported twice.
    """
    found = []
    for transcript in transcripts:
        name = attr(transcript, "name") or f"{attr(media, 'name')} transcript"
        if attr(transcript, "plainTextPath").lower() in text_paths:
            codings = sum(1 for item in transcript.iter() if item.tag == "Coding")
            report.note(f"transcript {name!r} is the same file as a text source; read once")
            if codings:
                report.skip("codings", f"{codings} codings on transcript {name!r}, read with its text source",
                            codings)
            continue
        positions = {canonical(attr(p, "guid")): attr(p, "position") for p in children(transcript, "SyncPoint")}
        selections = [_transcript_selection(s, positions) for s in children(transcript, "TranscriptSelection")]
        found.append(_text_source(transcript, finder, origin, var_names, report, selections=selections))
    return found


def _transcript_selection(element: ET.Element, positions: dict[str, str]) -> model.Selection:
    def position(ref: str) -> int:
        try:
            return int(positions.get(canonical(attr(element, ref)), ""))
        except ValueError:
            return -1  # reported as outside the text

    plain = _selection(element)
    return replace(plain, start=position("fromSyncPoint"), end=position("toSyncPoint"))


def _pdf_text(element: ET.Element, representation: ET.Element, finder: "_TextFinder", origin: str,
              var_names: dict[str, str], report: model.ImportReport) -> model.Source:
    """A PDF's plain-text representation, coded by text position, comes in as a text document.

    Its codings on page areas (``PDFSelection``) have no text position and are reported.
    """
    areas = sum(1 for selection in children(element, "PDFSelection") for _ in children(selection, "Coding"))
    name = attr(element, "name") or attr(element, "guid")
    if areas:
        report.skip("codings", f"{areas} codings of page areas in PDF {name!r} (only its text is imported)", areas)
    source = _text_source(representation, finder, origin, var_names, report, outer=element)
    if source.text is not None:
        report.note(f"PDF {name!r}: its text representation was imported as a document")
    return source


def _text_source(element: ET.Element, finder: "_TextFinder", origin: str, var_names: dict[str, str],
                 report: model.ImportReport, *, outer: ET.Element | None = None,
                 selections: list[model.Selection] | None = None) -> model.Source:
    """A text source; ``outer`` is the PDF source whose representation ``element`` is (its GUID and name count)."""
    outer = outer if outer is not None else element
    name = attr(outer, "name") or attr(outer, "guid")
    exported = selections if selections is not None else [
        _selection(s) for s in children(element, "PlainTextSelection")]
    raw, why_not = finder.text_of(element)
    base = dict(guid=attr(outer, "guid"), name=name, description=child_text(outer, "Description"),
                variables=_variable_values(outer, var_names),
                note_guids=tuple(attr(r, "targetGUID") for r in children(outer, "NoteRef")),
                user_guid=attr(outer, "creatingUser") or None, created=attr(outer, "creationDateTime") or None)
    codings = sum(len(s.codings) for s in exported)
    if raw is None:
        report.skip("sources", f"text source {name!r}: {why_not}")
        if codings:
            report.skip("codings", f"{codings} codings in {name!r}, whose text is missing", codings)
        return model.Source(text=None, **base)
    norm = normalise(raw)
    mapping, notes = choose_reading(norm, [(s.start, s.end, s.name) for s in exported], origin)
    for note in notes:
        report.note(f"{name}: {note}")
    kept: list[model.Selection] = []
    for selection in exported:
        span = map_span(mapping, selection.start, selection.end)
        if span is None or span[0] >= span[1]:
            report.skip("codings", f"{name!r}: selection {selection.start}-{selection.end} lies outside its "
                                   f"text of {len(mapping) - 1} characters", max(len(selection.codings), 1))
            continue
        kept.append(_replace_span(selection, *span))
    report.imported["sources"] += 1
    report.imported["codings"] += sum(len(s.codings) for s in kept)
    return model.Source(text=norm.text, selections=tuple(kept), **base)


def _replace_span(selection: model.Selection, start: int, end: int) -> model.Selection:
    return replace(selection, start=start, end=end)


def _selection(element: ET.Element) -> model.Selection:
    def number(name: str) -> int:
        try:
            return int(attr(element, name))
        except ValueError:
            return -1

    codings = tuple(
        model.Coding(guid=attr(c, "guid"), code_guid=attr(ref, "targetGUID"),
                     user_guid=attr(c, "creatingUser") or attr(element, "creatingUser") or None,
                     created=attr(c, "creationDateTime") or None,
                     note_guids=tuple(attr(r, "targetGUID") for r in children(c, "NoteRef")))
        for c in children(element, "Coding") if (ref := child(c, "CodeRef")) is not None
    )
    return model.Selection(
        guid=attr(element, "guid"), start=number("startPosition"), end=number("endPosition"),
        name=attr(element, "name"), description=child_text(element, "Description"), codings=codings,
        note_guids=tuple(attr(r, "targetGUID") for r in children(element, "NoteRef")),
        user_guid=attr(element, "creatingUser") or None, created=attr(element, "creationDateTime") or None,
    )


class _TextFinder:
    """Finds the plain text of a source or note wherever the exporting tool put it."""

    def __init__(self, archive: QdpxArchive, path: Path, base_path: str, report: model.ImportReport) -> None:
        self.archive = archive
        self.path = path
        self.base_path = base_path
        self.report = report
        self.allow_external: Path | None = None

    def text_of(self, element: ET.Element) -> tuple[str | None, str]:
        """(text, why not) -- the text, or None and the reason it could not be read.

        A path outside the archive (and outside ``--allow-external-sources DIR``) refuses the whole
        archive: a crafted project could otherwise import /etc/passwd as an interview and ship it on.
        """
        inline = child(element, "PlainTextContent")
        if inline is not None and inline.text is not None:
            return inline.text, ""
        where = attr(element, "plainTextPath")
        if not where:
            return None, "it has neither PlainTextContent nor plainTextPath"
        refused = self._refusal(where)
        if refused:
            name = attr(element, "name") or attr(element, "guid")
            raise ImportFormatError(f"refused: {element.tag} {name!r}: its text file {where} {refused}")
        data = self._bytes(where)
        if data is None:
            return None, f"its text file {where} is missing"
        try:
            return data.decode("utf-8-sig"), ""
        except UnicodeDecodeError as exc:
            return None, f"its text file {where} is not UTF-8 ({exc.reason} at byte {exc.start})"

    def _refusal(self, where: str) -> str:
        """Why a path may not be read ('' when it is an archive member or inside the allowed folder)."""
        candidates = self._outside_candidates(where)
        if candidates is None:
            return ""
        if self.allow_external is None:
            return ("lies outside the archive; pass --allow-external-sources DIR to read files inside DIR")
        if not any(_inside(c, self.allow_external) for c in candidates):
            return f"lies outside {self.allow_external} (symlinks followed)"
        return ""

    def _bytes(self, where: str) -> bytes | None:
        candidates = self._outside_candidates(where)
        if candidates is None:
            name = self._member(where)
            return self.archive.read(name) if name else None
        return _read_local([c for c in candidates if _inside(c, self.allow_external)])

    def _member(self, where: str) -> str | None:
        if where.lower().startswith("internal://"):
            return self.archive.find_source(where[len("internal://"):].lstrip("/"))
        return self.archive.find_source(unquote(where).lstrip("/"))

    def _outside_candidates(self, where: str) -> list[Path] | None:
        """The files on disk a path could mean, or None when it names a member of the archive."""
        lowered = where.lower()
        if lowered.startswith("internal://"):
            return None
        if "://" not in lowered and not lowered.startswith("file:") and not Path(where).is_absolute():
            if self._member(where):
                return None
        if lowered.startswith("relative://"):
            relative = unquote(where[len("relative://"):]).lstrip("/")
            bases = [Path(self.base_path)] if self.base_path else []
            return [base / relative for base in bases + [self.path.parent]]
        if lowered.startswith("file:"):
            return [Path(unquote(urlparse(where).path))]
        return [Path(where)] if Path(where).is_absolute() else [self.path.parent / where]


def _inside(candidate: Path, folder: Path) -> bool:
    try:
        return candidate.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def _read_local(candidates: list[Path]) -> bytes | None:
    for candidate in candidates:
        try:
            if candidate.is_file() and candidate.stat().st_size <= Limits().entry_bytes:
                return candidate.read_bytes()
        except OSError:
            continue
    return None
