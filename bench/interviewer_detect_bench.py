"""What suggest no longer does per million characters: detect the language of the interviewer turns it skips.

Generates the bench corpus (Chinese, as bench/import_bench.py does), parses it, and times
``detect_segment_language`` over the interviewer turns and, for scale, over the participant turns (which
suggest still detects), in process, median of ``--repeats``.

    PYTHONPATH=. .venv/bin/python bench/interviewer_detect_bench.py [--characters 1000000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402


def timed(texts: list[str], repeats: int) -> float:
    from qualcode.nlp.language import detect_segment_language

    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            detect_segment_language(text, "zh")
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    from qualcode.core.transcript import parse_text

    turns: dict[str, list[str]] = {"interviewer": [], "participant": []}
    characters = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in write_corpus(Path(tmp), language="zh", total_characters=args.characters, per_file=60_000):
            parsed = parse_text(path.read_text(encoding="utf-8"), source_name=path.name)
            characters += len(parsed.text)
            for turn in parsed.turns:
                turns.setdefault(turn.role, []).append(parsed.text[turn.start:turn.end])
    skipped, kept = timed(turns["interviewer"], args.repeats), timed(turns["participant"], args.repeats)
    print(f"{characters:,} characters: {len(turns['interviewer']):,} interviewer turns detected in "
          f"{skipped * 1000:.1f} ms (no longer done), {len(turns['participant']):,} participant turns in "
          f"{kept * 1000:.1f} ms (median of {args.repeats})")


if __name__ == "__main__":
    main()
