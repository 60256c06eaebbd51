"""Fidelity of qualcode's .qdpx reading on real exports: codings that land on the words their tool quoted.

Usage: python bench/qdpx_fidelity.py FILE.qdpx [FILE.qdpx ...]

A REFI-QDA selection's ``name`` holds the start of the quoted text in ATLAS.ti,
MAXQDA and others; after reading (with the CRLF / UTF-16 / BOM detection), a
coding is "on the same words" when its covered text starts with that quote.
Selections whose names quote nothing ("Quotation 1:1", under 4 characters, or
NVivo's empty names) cannot be checked that way and are counted apart; for every
coding the last column counts those whose start and end cut no word (a reading
that is off by a few characters cuts words). The files are read, never copied.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qualcode.io.refiqda import open_qdpx
from qualcode.io.refiqda.offsets import cuts_no_word, name_matches


def measure(path: Path) -> dict[str, object]:
    project, report = open_qdpx(path)
    codings = checkable = same_words = between_words = 0
    for source in project.sources:
        if source.text is None:
            continue
        for selection in source.selections:
            n = max(len(selection.codings), 1)
            codings += n
            if cuts_no_word(source.text, selection.start) and cuts_no_word(source.text, selection.end):
                between_words += n
            name = (selection.name or "").strip()
            if len(name.rstrip("…. ")) < 4 or name.lower().startswith("quotation"):
                continue
            checkable += n
            if name_matches(name, source.text[selection.start:selection.end]):
                same_words += n
    return {"file": path.name, "origin": project.origin or "?", "codings read": codings,
            "checkable": checkable, "on the same words": same_words, "between words": between_words, "skipped": report.skipped.get("codings", 0),
            "sources": len(project.sources), "texts": sum(1 for s in project.sources if s.text is not None)}


def main(paths: list[str]) -> int:
    print("| file | origin | sources (with text) | codings read | skipped codings | checkable | on the same words "
          "| start and end between words |")
    print("|---|---|---|---|---|---|---|---|")
    for name in paths:
        row = measure(Path(name))
        print(f"| {row['file']} | {row['origin']} | {row['sources']} ({row['texts']}) | {row['codings read']} | "
              f"{row['skipped']} | {row['checkable']} | {row['on the same words']} | {row['between words']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
