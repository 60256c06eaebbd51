"""Finding real names in text, for pseudonymisation (DESIGN §8, issue 8).

A names list gives each real person or place, optionally its placeholder
and written variants. Besides exact matches we find the forms people use in
conversation: a Chinese given name without the surname (张小明 -> 小明) and the
affectionate 小 + last character (张明 -> 小明), and, for names in Latin
letters, spelling variants through rapidfuzz (Zhang-Wei, Zhang Wie).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz

from qualcode.core.errors import ImportFormatError, Location

Kind = Literal["person", "place"]
MatchKind = Literal["exact", "variant", "given-name", "fuzzy"]
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
# Forms of address: part of how a name is written (王老师, Ms. Chen), never a name themselves.
TITLES = frozenset({
    "老师", "同学", "先生", "女士", "小姐", "阿姨", "叔叔", "校长", "主任", "教授", "博士", "医生", "师傅", "太太",
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam",
})


def is_title(form: str) -> bool:
    return form.strip().rstrip(".").casefold() in TITLES


@dataclass(frozen=True)
class NameEntry:
    name: str
    kind: Kind
    placeholder: str
    variants: tuple[str, ...] = ()

    def surface_forms(self) -> list[tuple[str, MatchKind]]:
        forms: list[tuple[str, MatchKind]] = [(self.name, "exact")]
        forms += [(v, "variant") for v in self.variants]
        has_title = any(self.name.endswith(t) for t in TITLES if _CJK.search(t))
        if self.kind == "person" and _CJK.fullmatch(self.name[:1] or "x") and len(self.name) in (2, 3) \
                and not has_title:
            given = self.name[1:]
            if len(given) == 2:
                forms.append((given, "given-name"))
            forms.append(("小" + self.name[-1], "given-name"))
        seen: set[str] = set()
        return [(f, k) for f, k in forms if f and not is_title(f) and not (f in seen or seen.add(f))]


@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    found: str
    entry: NameEntry
    kind: MatchKind
    similarity: float = 100.0


def load_names_list(path: Path, *, existing_key: dict[str, str] | None = None) -> list[NameEntry]:
    """Read ``name[,kind][,placeholder][,variants]`` rows (CSV with a header, UTF-8).

    Placeholders not given are numbered per kind ([P01], [L01]) after those in
    ``existing_key``, so a second run gives every name the same placeholder again.
    """
    key = dict(existing_key or {})
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"cannot read the names list: {exc}", Location(path)) from exc
    if not rows or "name" not in {(h or "").strip().lower() for h in rows[0]}:
        raise ImportFormatError("the names list needs a header with a `name` column (optional: kind, "
                                "placeholder, variants)", Location(path, 1))
    entries: list[NameEntry] = []
    counters = {"person": _highest(key.values(), "P"), "place": _highest(key.values(), "L")}
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        name = row.get("name", "")
        if not name:
            continue
        kind = (row.get("kind") or "person").lower()
        if kind not in ("person", "place"):
            raise ImportFormatError(f"kind must be person or place, not {kind!r}", Location(path, number))
        placeholder = row.get("placeholder") or key.get(name)
        if not placeholder:
            counters[kind] += 1
            placeholder = f"[{'P' if kind == 'person' else 'L'}{counters[kind]:02d}]"
        key[name] = placeholder
        variants = tuple(v.strip() for v in re.split(r"[;；]", row.get("variants", "")) if v.strip())
        entries.append(NameEntry(name=name, kind=kind, placeholder=placeholder, variants=variants))  # type: ignore[arg-type]
    return entries


def _highest(placeholders, prefix: str) -> int:
    numbers = [int(m.group(1)) for p in placeholders if (m := re.fullmatch(rf"\[{prefix}(\d+)\]", p))]
    return max(numbers, default=0)


def find_names(text: str, entries: list[NameEntry], *, fuzzy_threshold: float = 88.0) -> list[NameHit]:
    """Every occurrence of a listed name or its variants, longest first, never overlapping."""
    candidates: list[NameHit] = []
    for entry in entries:
        for form, kind in entry.surface_forms():
            for match in re.finditer(re.escape(form), text, flags=re.IGNORECASE if not _CJK.search(form) else 0):
                if _is_inside_latin_word(text, match.start(), match.end()):
                    continue
                candidates.append(NameHit(match.start(), match.end(), match.group(), entry, kind))
        if not _CJK.search(entry.name):
            candidates.extend(_fuzzy_latin(text, entry, fuzzy_threshold))
    candidates.sort(key=lambda h: (-(h.end - h.start), h.kind != "exact", h.start))
    taken: list[NameHit] = []
    for hit in candidates:
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def _is_inside_latin_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return text[start:end].isascii() and (before.isalnum() and before.isascii() or after.isalnum() and after.isascii())


def _fuzzy_latin(text: str, entry: NameEntry, threshold: float) -> list[NameHit]:
    target = re.sub(r"[\s\-]+", " ", entry.name).lower()
    width = len(target.split())
    words = list(_LATIN_WORD.finditer(text))
    hits = []
    for i in range(len(words)):
        for size in {width, 1} if width > 1 else {1}:
            window = words[i:i + size]
            if len(window) < size:
                continue
            start, end = window[0].start(), window[-1].end()
            found = text[start:end]
            candidate = re.sub(r"[\s\-]+", " ", found).lower()
            score = fuzz.ratio(candidate, target)
            if candidate == target or candidate.replace(" ", "") == target.replace(" ", ""):
                hits.append(NameHit(start, end, found, entry, "variant"))
            elif score >= threshold and len(candidate) >= 4 and not is_title(found):
                hits.append(NameHit(start, end, found, entry, "fuzzy", score))
    return hits


def replace_names(text: str, hits: list[NameHit]) -> str:
    pieces, position = [], 0
    for hit in hits:
        pieces += [text[position:hit.start], hit.entry.placeholder]
        position = hit.end
    pieces.append(text[position:])
    return "".join(pieces)
