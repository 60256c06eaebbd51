"""REFI-QDA export and import throughput on a generated, fully coded corpus.

Prints seconds and characters per second for `export qdpx` and for importing
that file into a fresh project, each against a baseline measured in the same
run: zipping the same texts with nothing else (export), and importing the same
transcripts as plain files (import). The ratios say what the XML, the GUIDs,
the offset checks and the codings cost.

    .venv/bin/python bench/refiqda_bench.py [--megabytes 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402


def _timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _code_every_participant_turn(project) -> int:
    from qualcode.core.models import Coding
    from qualcode.storage import repository as repo
    from qualcode.storage.db import transaction, utc_now

    leaves = [c.id for book in project.codebooks() for c in book.leaves()]
    count = 0
    with transaction(project.conn):
        for doc in repo.list_documents(project.conn):
            for seg in repo.list_segments(project.conn, doc.id, with_text=False):
                if seg.role != "participant" or seg.end <= seg.start:
                    continue
                for code_id in (leaves[seg.ordinal % len(leaves)], leaves[(seg.ordinal * 7) % len(leaves)]):
                    if repo.find_coding(project.conn, doc.id, seg.start, seg.end, code_id, "bench") is None:
                        repo.insert_coding(project.conn, Coding(0, doc.id, seg.id, seg.start, seg.end, code_id,
                                                                "bench", "manual", utc_now()))
                        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    from qualcode.app.api import import_paths, sync_codes
    from qualcode.app.interop import export_qdpx, import_qdpx
    from qualcode.app.project import init_project

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = init_project(tmp / "source")
        sync_codes(source)
        write_corpus(tmp / "texts", language="zh", total_characters=int(args.megabytes * 1_000_000) // 3,
                     per_file=60_000)
        texts = sorted((tmp / "texts").glob("*.txt"))
        _, import_baseline = _timed(lambda: import_paths(source, [tmp / "texts"]))
        codings = _code_every_participant_turn(source)
        characters = source.conn.execute("SELECT sum(length(text)) FROM documents").fetchone()[0]

        def zip_baseline() -> None:
            with zipfile.ZipFile(tmp / "baseline.zip", "w", zipfile.ZIP_DEFLATED) as zf:
                for path in texts:
                    zf.writestr(path.name, path.read_bytes())

        _, zip_seconds = _timed(zip_baseline)
        summary, export_seconds = _timed(lambda: export_qdpx(source, tmp / "bench.qdpx"))
        target = init_project(tmp / "target")
        sync_codes(target)
        report, import_seconds = _timed(lambda: import_qdpx(target, tmp / "bench.qdpx"))
        assert report.imported["codings"] == codings, (report.imported, codings)

    print(f"corpus: {len(texts)} documents, {characters:,} characters, {codings:,} codings")
    print(f"export qdpx:  {export_seconds:6.2f} s  {characters / export_seconds:12,.0f} chars/s   "
          f"baseline zip of the texts {zip_seconds:6.2f} s  ratio {export_seconds / zip_seconds:5.1f}x")
    print(f"import qdpx:  {import_seconds:6.2f} s  {characters / import_seconds:12,.0f} chars/s   "
          f"baseline transcript import {import_baseline:6.2f} s  ratio {import_seconds / import_baseline:5.1f}x")
    print(f"wrote {summary.counts}")


if __name__ == "__main__":
    main()
