"""Intercoder agreement statistics on a :class:`ReliabilityTable`.

Every function is exact (integer and :class:`fractions.Fraction` arithmetic)
until the final division, and returns a :class:`Statistic` that is either a
number or *undefined with a reason* -- never NaN, never a silent 1.

Sources
-------
- Cohen, J. (1960). A coefficient of agreement for nominal scales.
  *Educational and Psychological Measurement* 20(1), 37-46:
  kappa = (p_o - p_e) / (1 - p_e), p_e = sum_k (row_k / n)(col_k / n).
- Brennan, R. L. & Prediger, D. J. (1981). Coefficient kappa: some uses,
  misuses, and alternatives. *Educational and Psychological Measurement*
  41(3), 687-699: chance agreement fixed at 1/q for q categories,
  kappa_n = (p_o - 1/q) / (1 - 1/q).
- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
  Annenberg School for Communication, University of Pennsylvania
  (https://repository.upenn.edu/asc_papers/43): the coincidence matrix
  o_ck = sum_u (number of c-k pairs in unit u) / (m_u - 1) over units with
  m_u >= 2 values, n_c = sum_k o_ck, n = sum_c n_c, and for nominal data
  alpha = [(n - 1) sum_c o_cc - sum_c n_c (n_c - 1)] / [n (n - 1) - sum_c n_c (n_c - 1)].
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from qualcode.analysis.agreement.table import ReliabilityTable

PRESENT, ABSENT = 1, 0


@dataclass(frozen=True)
class Statistic:
    """A coefficient, or ``value=None`` with the reason it is undefined."""

    value: float | None
    reason: str = ""

    @property
    def defined(self) -> bool:
        return self.value is not None

    def format(self, digits: int = 3) -> str:
        return f"{self.value:.{digits}f}" if self.value is not None else "undefined"


@dataclass(frozen=True)
class TwoByTwo:
    """Presence/absence of one code, coder A against coder B, over units both coded."""

    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def a_present(self) -> int:
        return self.both + self.only_a

    @property
    def b_present(self) -> int:
        return self.both + self.only_b


def _undefined(reason: str) -> Statistic:
    return Statistic(None, reason)


def two_by_two(table: ReliabilityTable, first: int = 0, second: int = 1) -> TwoByTwo:
    """The 2×2 counts of presence (1) / absence (0); units missing for either coder are left out."""
    pairs = table.pair_counts(first, second)
    unexpected = {v for pair in pairs for v in pair} - {PRESENT, ABSENT}
    if unexpected:
        raise ValueError(f"a 2×2 table needs presence 1 / absence 0, found {sorted(map(repr, unexpected))}")
    return TwoByTwo(
        both=pairs[(PRESENT, PRESENT)],
        only_a=pairs[(PRESENT, ABSENT)],
        only_b=pairs[(ABSENT, PRESENT)],
        neither=pairs[(ABSENT, ABSENT)],
    )


def observed_agreement(table: ReliabilityTable, first: int = 0, second: int = 1) -> Statistic:
    """p_o: the share of units both coders coded on which they gave the same value."""
    pairs = table.pair_counts(first, second)
    n = sum(pairs.values())
    if n == 0:
        return _undefined("no unit was coded by both coders")
    agreed = sum(count for (a, b), count in pairs.items() if a == b)
    return Statistic(float(Fraction(agreed, n)))


def cohen_kappa(table: ReliabilityTable, first: int = 0, second: int = 1) -> Statistic:
    """Cohen's (1960) kappa for two coders; units missing for either coder are left out.

    With row totals r_k and column totals c_k over n units, in integers:
    kappa = (n * agreed - sum_k r_k c_k) / (n**2 - sum_k r_k c_k).
    """
    pairs = table.pair_counts(first, second)
    n = sum(pairs.values())
    if n == 0:
        return _undefined("no unit was coded by both coders")
    rows: Counter = Counter()
    cols: Counter = Counter()
    for (a, b), count in pairs.items():
        rows[a] += count
        cols[b] += count
    chance = sum(rows[k] * cols[k] for k in rows)
    if chance == n * n:  # p_e = 1: both coders put every unit in one and the same category
        (only_value,) = rows
        return _undefined(f"no variation: both coders gave every one of the {n} units the value {only_value!r}")
    agreed = sum(count for (a, b), count in pairs.items() if a == b)
    return Statistic(float(Fraction(n * agreed - chance, n * n - chance)))


def brennan_prediger_kappa(table: ReliabilityTable, first: int = 0, second: int = 1, *,
                           categories: int = 2) -> Statistic:
    """Brennan & Prediger's (1981) free-marginal kappa with chance agreement 1/q.

    ``categories`` is q, the number of values the scheme allows (2 for presence/absence),
    a property of the coding scheme rather than of the data.
    """
    if categories < 2:
        raise ValueError("Brennan-Prediger kappa needs at least two possible categories")
    pairs = table.pair_counts(first, second)
    n = sum(pairs.values())
    if n == 0:
        return _undefined("no unit was coded by both coders")
    agreed = sum(count for (a, b), count in pairs.items() if a == b)
    p_o = Fraction(agreed, n)
    chance = Fraction(1, categories)
    return Statistic(float((p_o - chance) / (1 - chance)))


def coincidences(table: ReliabilityTable) -> dict[tuple, Fraction]:
    """Krippendorff's (2011) coincidence matrix o_ck, as {(c, k): o_ck} with both orders present."""
    matrix: dict[tuple, Fraction] = {}
    for pattern, count in table.patterns.items():
        values = Counter(v for v in pattern if v is not None)
        m_u = sum(values.values())
        if m_u < 2 or count == 0:
            continue  # a unit with fewer than two values holds no pair (unpairable)
        for c, n_uc in values.items():
            for k, n_uk in values.items():
                pairs = n_uc * (n_uc - 1) if c == k else n_uc * n_uk
                if pairs:
                    matrix[(c, k)] = matrix.get((c, k), Fraction(0)) + Fraction(pairs * count, m_u - 1)
    return matrix


def krippendorff_alpha_nominal(table: ReliabilityTable) -> Statistic:
    """Krippendorff's alpha for nominal data, any number of coders, missing values allowed."""
    matrix = coincidences(table)
    margins: dict = {}
    for (c, _k), o_ck in matrix.items():
        margins[c] = margins.get(c, Fraction(0)) + o_ck
    n = sum(margins.values(), Fraction(0))
    if n == 0:
        return _undefined("no unit has values from two or more coders (no pairable values)")
    if len(margins) == 1:
        (only_value,) = margins
        return _undefined(f"no variation: every pairable value is {only_value!r}, so expected disagreement is 0")
    observed_same = sum((o for (c, k), o in matrix.items() if c == k), Fraction(0))
    expected_same = sum((n_c * (n_c - 1) for n_c in margins.values()), Fraction(0))
    alpha = ((n - 1) * observed_same - expected_same) / (n * (n - 1) - expected_same)
    return Statistic(float(alpha))
