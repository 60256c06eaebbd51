"""A reliability data table: units × coders, stored as counts of value patterns.

Krippendorff (2011) calls this the *reliability data matrix*: one column per
unit, one row per coder, each cell a value or blank (missing).  Here each unit
is a tuple with one value per coder (``None`` = missing) and identical tuples
are counted rather than listed, so a table over 200,000 character units stays
as small as the number of distinct patterns (at most 3**coders for
presence/absence).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Value = Hashable  # a category; ``None`` means the coder gave no value (missing)
Pattern = tuple[Value | None, ...]


@dataclass(frozen=True)
class ReliabilityTable:
    """Units × coders with missing values allowed.

    ``patterns`` maps a tuple of per-coder values (in ``coders`` order) to the
    number of units showing exactly that tuple.
    """

    coders: tuple[str, ...]
    patterns: Mapping[Pattern, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        width = len(self.coders)
        for pattern, count in self.patterns.items():
            if len(pattern) != width:
                raise ValueError(f"pattern {pattern!r} has {len(pattern)} values for {width} coders")
            if count < 0:
                raise ValueError(f"negative count {count} for pattern {pattern!r}")

    @classmethod
    def from_units(cls, coders: Sequence[str], units: Iterable[Sequence[Value | None]]) -> "ReliabilityTable":
        """Build from one value sequence per unit (one value per coder)."""
        return cls(tuple(coders), dict(Counter(tuple(unit) for unit in units)))

    @classmethod
    def from_columns(cls, columns: Mapping[str, Sequence[Value | None]]) -> "ReliabilityTable":
        """Build from one value sequence per coder (all of the same length)."""
        coders = tuple(columns)
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"coders rated different numbers of units: {sorted(lengths)}")
        return cls.from_units(coders, zip(*(columns[c] for c in coders)))

    @property
    def n_units(self) -> int:
        return sum(self.patterns.values())

    def index_of(self, coder: str) -> int:
        return self.coders.index(coder)

    def pair_counts(self, first: int = 0, second: int = 1) -> Counter:
        """Counts of (value of coder ``first``, value of coder ``second``) over units both coded."""
        pairs: Counter = Counter()
        for pattern, count in self.patterns.items():
            a, b = pattern[first], pattern[second]
            if a is not None and b is not None and count:
                pairs[(a, b)] += count
        return pairs

    def values(self) -> set[Value]:
        """Every non-missing value that occurs."""
        return {v for pattern, count in self.patterns.items() if count for v in pattern if v is not None}

    def merged(self, other: "ReliabilityTable") -> "ReliabilityTable":
        """The pooled table (units of both), for an overall figure across codes."""
        if other.coders != self.coders:
            raise ValueError(f"cannot pool tables of coders {self.coders} and {other.coders}")
        total = Counter(self.patterns)
        total.update(other.patterns)
        return ReliabilityTable(self.coders, dict(total))
