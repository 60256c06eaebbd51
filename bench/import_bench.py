"""Import throughput and peak memory on a generated corpus (20 MB of text by default).

Prints characters per second for `qualcode import` (decode, parse, store) and, as a baseline measured in the
same run, for reading the same files with nothing else; the ratio says what parsing and storage cost.
``--format docx|odt|xlsx`` writes the corpus as Word, OpenDocument or Excel files (one paragraph or row per
line or turn); their baseline is the bare library pass over the same files (python-docx paragraphs, odfpy
paragraphs, openpyxl rows). ``--against DIR`` also times the import of another checkout (its package root,
e.g. a copy of main) on the same files, alternately with this one, ``--repeats`` times each; each import runs
in a fresh process into a fresh project.

    .venv/bin/python bench/import_bench.py [--megabytes 20] [--format txt] [--against DIR --repeats 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

MEASURE = r"""
import resource, sys, time
from pathlib import Path
mode, root, suffix = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
files = sorted((root / "transcripts").glob("*" + suffix))
start = time.perf_counter()
if mode == "baseline" and suffix == ".txt":
    characters = sum(len(p.read_bytes().decode("utf-8")) for p in files)
elif mode == "baseline" and suffix == ".docx":
    import docx
    characters = sum(len("\n".join(p.text for p in docx.Document(str(f)).paragraphs)) for f in files)
elif mode == "baseline" and suffix == ".odt":
    from odf import teletype, text
    from odf.opendocument import load
    characters = sum(len("\n".join(teletype.extractText(p) for p in load(str(f)).getElementsByType(text.P)))
                     for f in files)
elif mode == "baseline":
    from openpyxl import load_workbook
    characters = 0
    for f in files:
        book = load_workbook(f, read_only=True, data_only=True)
        characters += sum(len(str(c or "")) for row in book.worksheets[0].iter_rows(values_only=True) for c in row)
        book.close()
else:
    from qualcode.app.api import import_paths
    from qualcode.app.project import open_project
    with open_project(root) as project:
        report = import_paths(project, [root / "transcripts"])
        assert not report.errors, report.errors[0].error
        characters = project.conn.execute("SELECT sum(length(text)) FROM documents").fetchone()[0]
elapsed = time.perf_counter() - start
print(characters, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(mode: str, root: Path, suffix: str, code: str | None = None) -> tuple[int, float, int]:
    env = dict(os.environ, PYTHONPATH=code) if code else None
    out = subprocess.run([sys.executable, "-c", MEASURE, mode, str(root), suffix], check=True, capture_output=True,
                         text=True, env=env).stdout.split()
    return int(out[0]), float(out[1]), int(out[2])


def convert(folder: Path, form: str) -> None:
    """Each generated .txt as a .docx, .odt or .xlsx of the same lines (the .txt removed)."""
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        target = path.with_suffix(f".{form}")
        if form == "docx":
            import docx

            document = docx.Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(target)
        elif form == "odt":
            from odf.opendocument import OpenDocumentText
            from odf.text import P

            document = OpenDocumentText()
            for line in lines:
                document.text.addElement(P(text=line))
            document.save(str(target))
        else:
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.append(["speaker", "text"])
            for line in lines:   # the turns; the front matter is left out (the file name names the participant)
                speaker, colon, words = line.partition("：")
                if colon:
                    sheet.append([speaker, words])
            book.save(target)
        path.unlink()


def fresh_project(source: Path, root: Path) -> Path:
    """A new project holding ``source``'s transcripts (every import starts from an empty database)."""
    from qualcode.app.project import init_project

    if root.exists():
        shutil.rmtree(root)
    init_project(root).close()
    shutil.rmtree(root / "transcripts")
    shutil.copytree(source, root / "transcripts")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--format", choices=("txt", "docx", "odt", "xlsx"), default="txt")
    parser.add_argument("--against", help="package root of another checkout to time on the same files")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    suffix = f".{args.format}"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        target_bytes = int(args.megabytes * 1_000_000)
        write_corpus(source, language="zh", total_characters=target_bytes // 3, per_file=60_000)
        if args.format != "txt":
            convert(source, args.format)
        root = fresh_project(source, Path(tmp) / "bench")
        size = sum(p.stat().st_size for p in source.glob("*" + suffix))
        base_chars, base_time, base_rss = measure("baseline", root, suffix)
        runs: dict[str, list[float]] = {"this": [], "against": []}
        chars = rss = 0
        for _ in range(args.repeats):
            for who, code in (("this", None), ("against", args.against)):
                if who == "against" and not code:
                    continue
                chars, elapsed, peak = measure("import", fresh_project(source, root), suffix, code)
                runs[who].append(elapsed)
                rss = peak if who == "this" else rss
        this = statistics.median(runs["this"])
        print(f"corpus: {size / 1e6:.1f} MB of {suffix} files, {chars:,} characters in "
              f"{len(list(source.glob('*' + suffix)))} files")
        print(f"baseline ({'read+decode' if suffix == '.txt' else 'bare library pass'}): "
              f"{base_chars / base_time:,.0f} chars/s, peak RSS {base_rss / 1024:.0f} MB")
        print(f"qualcode import:      {chars / this:,.0f} chars/s ({this:.2f} s, median of "
              f"{len(runs['this'])}: {', '.join(f'{t:.2f}' for t in runs['this'])}), peak RSS {rss / 1024:.0f} MB")
        print(f"ratio import/baseline time: {this / base_time:.2f}x")
        if runs["against"]:
            other = statistics.median(runs["against"])
            print(f"--against {args.against}: {other:.2f} s (median of {len(runs['against'])}: "
                  f"{', '.join(f'{t:.2f}' for t in runs['against'])}), ratio {other / base_time:.2f}x; "
                  f"this / against {this / other:.3f}")


if __name__ == "__main__":
    main()
