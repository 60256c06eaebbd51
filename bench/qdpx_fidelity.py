"""Fidelity of qualcode's .qdpx reading on real exports: codings that land on the words their tool quoted.

Usage: python bench/qdpx_fidelity.py FILE.qdpx [FILE.qdpx ...] [--units PASSAGES.json --key comment] [--import]

A REFI-QDA selection's ``name`` holds the start of the quoted text in ATLAS.ti,
MAXQDA and others; after reading (with the CRLF / UTF-16 / BOM detection), a
coding is "on the same words" when its covered text starts with that quote.
Selections whose names quote nothing ("Quotation 1:1", under 4 characters, or
NVivo's empty names) cannot be checked that way and are counted apart; for every
coding the last column counts those whose start and end cut no word (a reading
that is off by a few characters cuts words). The files are read, never copied.

``--import`` also imports each file into a fresh project in a temporary folder (as ``qualcode import FILE``
does, with the project's default settings) and counts the codings stored and those skipped because they
lie outside every turn, with the sources read without inferred speaker labels.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qualcode.io.refiqda import open_qdpx
from qualcode.io.refiqda.offsets import cuts_no_word, name_matches


def measure(path: Path, units: list[str] | None = None) -> dict[str, object]:
    """``units``: the dataset's own passages (its comments, its answers); a coding whose words lie inside one
    of them is on the words its coder selected, however the tool named the selection."""
    project, report = open_qdpx(path)
    codings = checkable = same_words = between_words = inside_unit = 0
    for source in project.sources:
        if source.text is None:
            continue
        for selection in source.selections:
            n = max(len(selection.codings), 1)
            codings += n
            covered = source.text[selection.start:selection.end]
            if cuts_no_word(source.text, selection.start) and cuts_no_word(source.text, selection.end):
                between_words += n
            if units is not None and _squash(covered) and any(_squash(covered) in unit for unit in units):
                inside_unit += n
            name = (selection.name or "").strip()
            if len(name.rstrip("…. ")) < 4 or name.lower().startswith("quotation"):
                continue
            checkable += n
            if name_matches(name, covered):
                same_words += n
    return {"file": path.name, "origin": project.origin or "?", "codings read": codings,
            "checkable": checkable, "on the same words": same_words, "between words": between_words,
            "inside a unit": inside_unit if units is not None else "-", "skipped": report.skipped.get("codings", 0),
            "sources": len(project.sources), "texts": sum(1 for s in project.sources if s.text is not None)}


def imported(path: Path) -> dict[str, object]:
    """Codings stored and skipped when ``path`` is imported into a fresh project (a temporary folder)."""
    import re
    import tempfile

    from qualcode.app.importing.transcripts import import_paths
    from qualcode.app.project import init_project

    with tempfile.TemporaryDirectory() as folder:
        project = init_project(Path(folder) / "study")
        try:
            report = import_paths(project, [path])
            details = [line for entry in report.files for line in entry.details]
            stored = project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
            on_no_turn = project.conn.execute("SELECT count(*) FROM codings WHERE segment_id IS NULL").fetchone()[0]
        finally:
            project.close()
    counted = next(filter(None, (re.match(r"\s*codings: \d+(?: \(skipped (\d+)\))?$", line) for line in details)),
                   None)
    read_plain = [line.split(":")[1].strip() for line in details if "read without inferred speaker labels" in line]
    return {"stored": stored, "on no turn": on_no_turn, "skipped": int(counted.group(1) or 0) if counted else "?",
            "read without labels": ", ".join(read_plain)}


def _squash(text: str) -> str:
    return " ".join(text.split())


def read_units(path: Path, key: str) -> list[str]:
    """Every string under ``key`` anywhere in a JSON file (e.g. each comment of a comments table)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name == key and isinstance(value, str):
                    found.append(_squash(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--units", type=Path, help="a JSON file with the dataset's own passages")
    parser.add_argument("--key", default="comment", help="the key of each passage in --units (default: comment)")
    parser.add_argument("--import", dest="do_import", action="store_true",
                        help="also import each file into a fresh project and count the codings stored")
    args = parser.parse_args(argv)
    units = read_units(args.units, args.key) if args.units else None
    print("| file | origin | sources (with text) | codings read | skipped codings | checkable | on the same words "
          "| start and end between words | inside one unit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.files:
        row = measure(name, units)
        print(f"| {row['file']} | {row['origin']} | {row['sources']} ({row['texts']}) | {row['codings read']} | "
              f"{row['skipped']} | {row['checkable']} | {row['on the same words']} | {row['between words']} | "
              f"{row['inside a unit']} |")
    if args.do_import:
        print("\n| file | codings skipped | coding rows stored (a selection over several turns is split) | "
              "stored on no turn | sources read without inferred labels |")
        print("|---|---|---|---|---|")
        for name in args.files:
            row = imported(name)
            print(f"| {name.name} | {row['skipped']} | {row['stored']} | {row['on no turn']} | "
                  f"{row['read without labels'] or '-'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
