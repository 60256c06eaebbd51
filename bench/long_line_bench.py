"""`qualcode suggest` on transcripts that are one single line (issue 18 item 5).

Part 1 (in this process, the baseline measured in the same run): the same kind of text once as one line and
once as ordinary interview turns; prints bare jieba and keyword suggest over the stored segments of each, so
the cost per character of a single-line transcript can be compared with that of normal turns.

Part 2: writes, for each size, a project whose only transcript is one line of Chinese interview sentences (no line
breaks, no speaker labels), imports it, and times `qualcode import` and `qualcode suggest --jobs 1 --engine
keywords` in subprocesses, as a user runs them. Prints seconds and seconds per million characters: a
linear suggest keeps the last column flat as the line grows.

    PYTHONPATH=. .venv/bin/python bench/long_line_bench.py [--sizes 250000 500000 1000000 2000000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import interview  # noqa: E402


def one_line(characters: int, seed: int = 5) -> str:
    text = interview(random.Random(seed), language="zh", characters=characters, participant="S01")
    return "".join(line.split("：", 1)[-1] for line in text.splitlines() if line.strip())


def timed(args: list[str], root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "qualcode", "--project", str(root), *args], cwd=root,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def same_run_baseline(characters: int) -> None:
    import tempfile as _tempfile

    from corpus import interview as _interview
    from qualcode.app.project import init_project
    from qualcode.core.codebook import load_codebooks
    from qualcode.core.transcript import TranscriptSettings, split_turns
    from qualcode.nlp.engine import SuggestionEngine
    from qualcode.nlp.tokenizers import cut_chinese

    with _tempfile.TemporaryDirectory() as tmp:
        project = init_project(Path(tmp) / "p")
        engine = SuggestionEngine(list(load_codebooks(project.codebook_paths()).codebooks))
        project.close()
    cut_chinese("热身")
    engine.suggest_text("我妈妈一直鼓励我", language="zh")
    normal = _interview(random.Random(5), language="zh", characters=characters, participant="S01")
    for label, text in (("one line", one_line(characters)), ("normal turns", normal)):
        turns, _ = split_turns(text, TranscriptSettings())
        pieces = [text[t.start:t.end] for t in turns]
        started = time.perf_counter()
        for piece in pieces:
            cut_chinese(piece)
        bare = time.perf_counter() - started
        started = time.perf_counter()
        for piece in pieces:
            engine.suggest_text(piece, language="zh")
        suggest = time.perf_counter() - started
        print(f"{label:>12}: {len(pieces):,} segments, {len(text):,} characters; bare jieba {bare:.1f} s, "
              f"suggest {suggest:.1f} s ({suggest / len(text) * 1e6:.0f} s per million characters, "
              f"{suggest / bare:.2f} x bare)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, 1_000_000, 2_000_000])
    parser.add_argument("--baseline-chars", type=int, default=300_000)
    args = parser.parse_args()
    same_run_baseline(args.baseline_chars)
    from qualcode.app.project import init_project

    print(f"{'characters':>12} {'segments':>9} {'import s':>9} {'suggest s':>10} {'suggest s/M chars':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"p{size}"
            init_project(root).close()
            (root / "transcripts" / "S01_pre.txt").write_text(one_line(size), encoding="utf-8")
            import_s = timed(["import", "transcripts"], root)
            suggest_s = timed(["suggest", "--jobs", "1", "--engine", "keywords"], root)
            import sqlite3
            conn = sqlite3.connect(root / ".qualcode" / "project.db")
            segments = conn.execute("SELECT count(*) FROM segments").fetchone()[0]
            conn.close()
            print(f"{size:>12,} {segments:>9,} {import_s:>9.1f} {suggest_s:>10.1f} {suggest_s / size * 1e6:>18.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
