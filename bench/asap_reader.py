"""Coded restaurant reviews from ASAP's CSV files, for the learned-engine bench.

ASAP (GitHub Meituan-Dianping/asap, Apache-2.0; NAACL 2021, "ASAP: A Chinese Review Dataset Towards
Aspect Category Sentiment Analysis and Rating Prediction") holds Chinese Dianping restaurant reviews
that people annotated against 18 fixed aspect categories (location_traffic, service_wait_time,
price_level, environment_noise, dish_taste ...). One row per review:

    index,reviewbody,star,location_traffic,...,dish_recommendation
    28729,【正新（金冠店）】位于株洲市……,4.0,-2,1,1,0,-2,...

Each aspect column holds 1 (positive), 0 (neutral), -1 (negative) or -2 (not mentioned). A review is a
passage coded by a fixed scheme, as in a content analysis: the review is both the document and its one
turn (there is no question), and each aspect it mentions is a code with the polarity the annotator gave
("dish_taste positive"), or, with ``top_level``, the aspect alone ("dish_taste"). The star rating is not
a code. A review mentioning no aspect is kept uncoded; a row whose index was already read (the same
review in two files) is skipped; a cell that is not one of the four values is counted and left out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from qualcode.nlp.learned import CodedTurn

NOT_CODE = ("index", "reviewbody", "star")
POLARITY = {"1": "positive", "0": "neutral", "-1": "negative"}
NOT_MENTIONED = "-2"


@dataclass
class AsapCounts:
    reviews: int = 0
    repeated_reviews: int = 0
    empty_reviews: int = 0
    uncoded_reviews: int = 0
    bad_cells: int = 0

    def summary(self) -> str:
        return (f"{self.reviews} reviews (skipped: {self.repeated_reviews} whose index was already read, "
                f"{self.empty_reviews} without text; kept uncoded: {self.uncoded_reviews} that mention no "
                f"aspect; {self.bad_cells} aspect cells that are not 1, 0, -1 or -2, left out)")


def _value(cell: str) -> str:
    cell = cell.strip()
    return cell[:-2] if cell.endswith(".0") else cell   # a sheet program may have written -2.0


def read_asap(paths: list[Path], language: str = "zh", top_level: bool = False,
              counts: AsapCounts | None = None) -> list[tuple[str, CodedTurn]]:
    """(review, review) pairs in file order: each review is its own document with one turn."""
    counts = counts if counts is not None else AsapCounts()
    turns: list[tuple[str, CodedTurn]] = []
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            aspects = [name for name in reader.fieldnames or [] if name not in NOT_CODE]
            for number, row in enumerate(reader, start=2):
                key = (row.get("index") or "").strip() or f"{path.name} line {number}"
                if key in seen:
                    counts.repeated_reviews += 1
                    continue
                seen.add(key)
                text = (row.get("reviewbody") or "").strip()
                if not text:
                    counts.empty_reviews += 1
                    continue
                codes = set()
                for aspect in aspects:
                    value = _value(row.get(aspect) or "")
                    if value == NOT_MENTIONED:
                        continue
                    if value not in POLARITY:
                        counts.bad_cells += 1
                        continue
                    codes.add(aspect if top_level else f"{aspect} {POLARITY[value]}")
                counts.reviews += 1
                counts.uncoded_reviews += not codes
                turns.append((f"review {key}", CodedTurn(text, frozenset(codes), f"{path.name} line {number}",
                                                         "", language)))
    return turns
