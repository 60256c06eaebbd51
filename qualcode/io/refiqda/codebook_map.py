"""qualcode codebooks <-> REFI-QDA code trees.

A REFI-QDA code has a name, a colour, a description and children. A qualcode
code has a stable ASCII id, labels in Chinese and English, a description,
include/exclude notes, keywords and a key. Going out, the name is the label in
the project's language and include/exclude are appended to the description
(``Include: ...`` / ``Exclude: ...`` lines, which other tools show as text and
we read back), and so are the code's id and both labels (``Id: MY_SLEEP``, ``Label zh: 睡眠问题``,
``Label en: Sleep trouble``): without them a code made in qualcode came back from its own export as
``C002`` labelled in one language only. Coming in, the name becomes the label in both languages (to be
translated later), and ids are either given by the caller (codes it
recognised) or made from the name: ``WASTE_OF_TIME`` for Latin names,
``IMP_<8 hex>`` for others.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from qualcode.core.models import Code as QCode
from qualcode.core.models import Codebook
from qualcode.io.refiqda import model
from qualcode.io.refiqda.guids import stable_guid

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_RULE = re.compile(r"^(Include|Exclude): (.*)$")
_IDENTITY = re.compile(r"^(Id|Label zh|Label en): (.*)$")
_CODE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_NOT_ID = re.compile(r"[^A-Za-z0-9]+")
_COLOR3 = re.compile(r"^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$")


def label_language(name: str) -> str:
    return "zh" if _CJK.search(name) else "en"


def both_labels(name: str) -> dict[str, str]:
    """A code arriving with one name gets it as both labels (codebooks label every code in zh and en);
    the script's own language comes first so a translation can replace the other later."""
    first = label_language(name)
    return {first: name, ("en" if first == "zh" else "zh"): name}


def refi_description(code: QCode, *, with_identity: bool = False) -> str:
    parts = [code.description.strip()] if code.description.strip() else []
    rules = [f"Include: {code.include.strip()}"] if code.include.strip() else []
    rules += [f"Exclude: {code.exclude.strip()}"] if code.exclude.strip() else []
    if rules:
        parts.append("\n".join(rules))
    if not with_identity:
        return "\n\n".join(parts)
    identity = [f"Id: {code.id}"] + [f"Label {lang}: {code.labels[lang]}" for lang in ("zh", "en")
                                     if code.labels.get(lang, "").strip() and "\n" not in code.labels[lang]]
    parts.append("\n".join(identity))
    return "\n\n".join(parts)


def split_identity(text: str) -> tuple[str, dict[str, str]]:
    """(the rest of the description, {"Id": …, "Label zh": …, "Label en": …}) from the last lines that
    :func:`refi_description` writes; a description from another tool has none and comes back whole."""
    lines = text.strip().splitlines()
    found: dict[str, str] = {}
    while lines and (match := _IDENTITY.match(lines[-1])):
        found.setdefault(match.group(1), match.group(2).strip())
        lines.pop()
    return "\n".join(lines).strip(), found


def split_description(text: str) -> tuple[str, str, str]:
    """(description, include, exclude) from a REFI description written by :func:`refi_description`."""
    lines = text.strip().splitlines()
    found = {"Include": "", "Exclude": ""}
    while lines and (match := _RULE.match(lines[-1])):
        found[match.group(1)] = match.group(2).strip()
        lines.pop()
    return "\n".join(lines).strip(), found["Include"], found["Exclude"]


def normalise_color(color: str | None) -> str | None:
    if not color:
        return None
    match = _COLOR3.match(color)
    if match:
        return "#" + "".join(c * 2 for c in match.groups())
    return color if re.match(r"^#[0-9a-fA-F]{6}$", color) else None


def refi_codes(codebooks: list[Codebook], *, language: str = "zh",
               guid_for: Callable[[str], str] | None = None,
               note_guids: Callable[[str], tuple[str, ...]] | None = None) -> tuple[model.Code, ...]:
    """The code trees of ``codebooks`` as REFI-QDA codes (one forest, codebooks in order)."""
    guid_for = guid_for or (lambda code_id: stable_guid("code", code_id))
    note_guids = note_guids or (lambda code_id: ())

    def convert(code: QCode, book: Codebook) -> model.Code:
        kids = tuple(convert(kid, book) for kid in book.children(code.id))
        guid = guid_for(code.id)
        # A code qualcode made (its GUID is ours for its id) carries its id and labels; a code from another
        # tool goes back with that tool's description untouched.
        own = guid == stable_guid("code", code.id)
        return model.Code(guid=guid, name=code.label(language), color=normalise_color(code.color),
                          description=refi_description(code, with_identity=own), is_codable=True, children=kids,
                          note_guids=note_guids(code.id))

    return tuple(convert(root, book) for book in codebooks for root in book.children(None))


def make_code_id(name: str, guid: str, taken: set[str]) -> str:
    """An ASCII id for a code that arrives without one, readable rather than a hash.

    A Latin name keeps its own spelling (``Im1`` stays ``Im1``, ``Peer support``
    becomes ``Peer_support``): exports and SPSS/Stata variable names then show
    what the other tool showed. A name with no Latin letters to start an id
    (Chinese, or digits first) gets the next free sequential id ``C001``,
    ``C002``…; its label keeps the name. Ids stay ASCII because they are typed at
    the command line and used as YAML keys and statistics-package variable names.
    ``guid`` is unused now and kept for callers.
    """
    ascii_name = _NOT_ID.sub("_", unicodedata.normalize("NFKC", name)).strip("_")
    if ascii_name and not _CJK.search(name) and name.isascii() and ascii_name[0].isalpha():
        base = ascii_name[:40]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
    else:
        n = 1
        while (candidate := f"C{n:03d}") in taken:
            n += 1
    taken.add(candidate)
    return candidate


def codebook_from_refi(roots: tuple[model.Code, ...], name: str, *,
                       id_for: Callable[[model.Code], str | None] | None = None,
                       taken: set[str] | None = None) -> tuple[Codebook, dict[str, str]]:
    """A qualcode codebook from a REFI code forest, plus the map REFI GUID -> code id.

    ``id_for`` may return an existing id for a code the caller recognised (such
    codes are mapped, not redefined: they are left out of the new codebook and
    their children become top-level codes of it).
    """
    taken = set(taken or ())
    guid_to_id: dict[str, str] = {}
    codes: list[QCode] = []

    def visit(code: model.Code, parent_id: str | None, depth: int, position: int) -> None:
        known = id_for(code) if id_for else None
        if known:
            guid_to_id[code.guid.upper()] = known
            own_parent, own_depth = None, 0
        else:
            rest, identity = split_identity(code.description)
            given = identity.get("Id", "")
            if _CODE_ID.match(given) and given not in taken:  # written by qualcode: the code's own id
                code_id = given
                taken.add(code_id)
            else:
                code_id = make_code_id(code.name, code.guid, taken)
            guid_to_id[code.guid.upper()] = code_id
            description, include, exclude = split_description(rest)
            labels = both_labels(code.name)
            labels.update({lang: identity[f"Label {lang}"] for lang in ("zh", "en") if identity.get(f"Label {lang}")})
            codes.append(QCode(id=code_id, labels=labels, codebook=name,
                               parent_id=parent_id, description=description, include=include, exclude=exclude,
                               color=normalise_color(code.color), position=position, depth=depth))
            own_parent, own_depth = code_id, depth + 1
        for index, kid in enumerate(code.children):
            visit(kid, own_parent, own_depth, index)

    for index, root in enumerate(roots):
        visit(root, None, 0, index)
    return Codebook(name=name, version=1, languages=("zh", "en"), codes=tuple(codes)), guid_to_id
