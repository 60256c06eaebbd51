"""How agreement scales: segment, sentence and character units on a synthetic large study.

Prints seconds per unit kind for a small and a 20× larger corpus and the ratio
(about 20 means linear).  Run:
    PYTHONPATH=. python bench/agreement_bench.py
"""

from __future__ import annotations

import random
import time

from qualcode.analysis.agreement.presence import character_tables, unit_tables
from qualcode.analysis.agreement.statistics import cohen_kappa, krippendorff_alpha_nominal
from qualcode.analysis.agreement.units import Unit

CODES = [f"C{i:02d}" for i in range(30)]


def corpus(documents: int, segments: int = 200, length: int = 120, seed: int = 7):
    rng = random.Random(seed)
    units, spans = [], {"A": {}, "B": {}}
    for d in range(documents):
        for s in range(segments):
            start = s * length
            units.append(Unit(d, d * segments + s, s + 1, start, start + length - 5))
            for coder in ("A", "B"):
                for code in rng.sample(CODES, 2):
                    shift = rng.randint(0, 10)
                    spans[coder].setdefault((d, code), []).append((start + shift, start + length - 5))
    coverage = {"A": set(range(documents)), "B": set(range(documents))}
    return units, spans, coverage


def timed(documents: int) -> dict[str, float]:
    units, spans, coverage = corpus(documents)
    figures = {}
    t = time.perf_counter()
    tables = unit_tables(units, spans, coverage, ("A", "B"), CODES, overlap=0.9)
    for result in tables.values():
        cohen_kappa(result.table), krippendorff_alpha_nominal(result.table)
    figures["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    tables = character_tables(units, spans, coverage, ("A", "B"), CODES)
    for result in tables.values():
        cohen_kappa(result.table), krippendorff_alpha_nominal(result.table)
    figures["character"] = time.perf_counter() - t
    return figures


def main() -> None:
    small, large = timed(10), timed(200)
    print("units: 200 segments of 115 characters per document, 30 codes, 2 coders, 4 codings per segment")
    for kind in small:
        print(f"{kind:>9}: 10 documents {small[kind]:.3f} s, 200 documents {large[kind]:.3f} s, "
              f"ratio {large[kind] / small[kind]:.1f} (20 = linear)")


if __name__ == "__main__":
    main()
