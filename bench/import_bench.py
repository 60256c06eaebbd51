"""Import throughput and peak memory on a generated 20 MB corpus.

Prints characters per second for `qualcode import` (decode, parse, store) and,
as a baseline measured in the same run, for reading and decoding the same
files with nothing else; the ratio says what parsing and storage cost.

    .venv/bin/python bench/import_bench.py [--megabytes 20]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

MEASURE = r"""
import resource, sys, time
from pathlib import Path
mode, root = sys.argv[1], Path(sys.argv[2])
files = sorted((root / "transcripts").glob("*.txt"))
start = time.perf_counter()
if mode == "baseline":
    characters = sum(len(p.read_bytes().decode("utf-8")) for p in files)
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


def measure(mode: str, root: Path) -> tuple[int, float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, mode, str(root)], check=True, capture_output=True,
                         text=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    args = parser.parse_args()
    from qualcode.app.project import init_project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        init_project(root).close()
        target_bytes = int(args.megabytes * 1_000_000)
        write_corpus(root / "transcripts", language="zh", total_characters=target_bytes // 3, per_file=60_000)
        size = sum(p.stat().st_size for p in (root / "transcripts").glob("*.txt"))
        base_chars, base_time, base_rss = measure("baseline", root)
        chars, elapsed, rss = measure("import", root)
        print(f"corpus: {size / 1e6:.1f} MB, {chars:,} characters in "
              f"{len(list((root / 'transcripts').glob('*.txt')))} files")
        print(f"baseline read+decode: {base_chars / base_time:,.0f} chars/s, peak RSS {base_rss / 1024:.0f} MB")
        print(f"qualcode import:      {chars / elapsed:,.0f} chars/s ({elapsed:.2f} s), peak RSS {rss / 1024:.0f} MB")
        print(f"ratio import/baseline time: {elapsed / base_time:.1f}x")


if __name__ == "__main__":
    main()
