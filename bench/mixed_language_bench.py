"""The cost of English keywords inside Chinese turns (code-switching: 我最近stress很大), in one process.

Builds 3,000 generated Chinese turns from the same clauses three ways -- with a Chinese keyword clause
(最近压力很大), with a Latin word no English keyword begins with (平时用QQ聊天: one regex search, no spaCy),
and with an English keyword (最近stress很大: spaCy over the run) -- and prints the CPU per turn of the
keyword engine on the shipped codebooks (best of --repeats, jieba and spaCy loaded first) and the ratios
to the first. The whole-corpus figure is `bench/suggest_bench.py --only zh` (its corpus has no Latin words).

    python bench/mixed_language_bench.py [--turns 3000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CLAUSES = ["今天上午上了两节实训课", "我现在有了目标，想先考电工证", "学习压力很大，数学听不懂",
           "周末一般回家，坐公交一个小时", "我跟室友关系挺好的"]
CASES = (("Chinese keyword clause (最近压力很大)", "最近压力很大"),
         ("Latin word, no English keyword (平时用QQ聊天)", "平时用QQ聊天"),
         ("English keyword (最近stress很大)", "最近stress很大"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from qualcode.core.codebook import load_codebooks
    from qualcode.nlp.engine import SuggestionEngine

    engine = SuggestionEngine(load_codebooks(sorted((REPO / "codebooks").glob("*.yaml"))).codebooks)
    rng = random.Random(1)
    plain = [rng.choice(CLAUSES) + "，" + rng.choice(CLAUSES) + "。" for _ in range(args.turns)]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    turns = {name: [t.replace("，", f"，{clause}，", 1) for t in plain] for name, clause in CASES}
    for batch in turns.values():      # jieba, spaCy and the English automaton load here, not in the timing
        for text in batch[:50]:
            engine.suggest_text(text, language="zh")
    per_turn = {}
    for name, batch in turns.items():
        best = float("inf")
        for _ in range(args.repeats):
            start = time.process_time()
            for text in batch:
                engine.suggest_text(text, language="zh")
            best = min(best, time.process_time() - start)
        per_turn[name] = best / len(batch)
    first = per_turn[CASES[0][0]]
    for name, seconds in per_turn.items():
        print(f"  {name}: {seconds * 1e6:.0f} µs CPU per turn ({seconds / first:.2f}x)")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
