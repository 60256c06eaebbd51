"""The agreement statistics against hand-worked examples and independent implementations.

Independent implementations: scikit-learn's ``cohen_kappa_score`` and the
``krippendorff`` package (Castro, https://github.com/pln-fing-udelar/fast-krippendorff).
"""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from qualcode.analysis.agreement.statistics import (
    brennan_prediger_kappa,
    cohen_kappa,
    coincidences,
    krippendorff_alpha_nominal,
    observed_agreement,
    two_by_two,
)
from qualcode.analysis.agreement.table import ReliabilityTable


def table_of(a, b):
    return ReliabilityTable.from_columns({"A": a, "B": b})


# ----------------------------------------------------------------------------- hand-worked
def test_perfect_agreement():
    table = table_of([1, 1, 0, 0], [1, 1, 0, 0])
    counts = two_by_two(table)
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (2, 0, 0, 2)
    assert observed_agreement(table).value == 1.0
    assert cohen_kappa(table).value == 1.0
    assert krippendorff_alpha_nominal(table).value == 1.0
    assert brennan_prediger_kappa(table).value == 1.0


def test_complete_disagreement():
    # p_o = 0, p_e = 2*2/16 + 2*2/16 = 1/2, kappa = -1.
    # Coincidences: o_10 = o_01 = 4, n_0 = n_1 = 4, n = 8;
    # alpha = (7*0 - (4*3 + 4*3)) / (8*7 - 24) = -24/32 = -0.75.
    table = table_of([1, 0, 1, 0], [0, 1, 0, 1])
    counts = two_by_two(table)
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (0, 2, 2, 0)
    assert observed_agreement(table).value == 0.0
    assert cohen_kappa(table).value == -1.0
    assert krippendorff_alpha_nominal(table).value == -0.75
    assert brennan_prediger_kappa(table).value == -1.0


def test_a_code_one_coder_never_used():
    # A marks 2 of 5 units, B none. agreed = 3, rows {1:2, 0:3}, cols {0:5}:
    # kappa = (5*3 - 3*5) / (25 - 15) = 0; BP = (3/5 - 1/2) / (1/2) = 0.2.
    # Coincidences: o_10 = o_01 = 2, o_00 = 3*2 = 6; n_0 = 8, n_1 = 2, n = 10;
    # alpha = (9*6 - (8*7 + 2*1)) / (10*9 - 58) = -4/32 = -0.125.
    table = table_of([1, 1, 0, 0, 0], [0, 0, 0, 0, 0])
    counts = two_by_two(table)
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (0, 2, 0, 3)
    assert observed_agreement(table).value == pytest.approx(0.6)
    assert cohen_kappa(table).value == 0.0
    assert brennan_prediger_kappa(table).value == pytest.approx(0.2)
    assert krippendorff_alpha_nominal(table).value == -0.125


def test_missing_data_two_coders():
    # Complete units: (1,1), (0,0), (0,1); (1,-) and (-,0) are left out of kappa
    # and are unpairable for alpha. kappa = (3*2 - 4) / (9 - 4) = 0.4;
    # o_11 = 2, o_00 = 2, o_01 = o_10 = 1, n_0 = n_1 = 3, n = 6:
    # alpha = (5*4 - 12) / (30 - 12) = 8/18; BP = (2/3 - 1/2) / (1/2) = 1/3.
    table = table_of([1, 0, 1, None, 0], [1, 0, None, 0, 1])
    counts = two_by_two(table)
    assert counts.n == 3
    assert cohen_kappa(table).value == pytest.approx(0.4)
    assert krippendorff_alpha_nominal(table).value == pytest.approx(8 / 18)
    assert brennan_prediger_kappa(table).value == pytest.approx(1 / 3)
    assert observed_agreement(table).value == pytest.approx(2 / 3)


def test_krippendorff_2011_nominal_example_with_missing_values():
    # Krippendorff (2011), section C: 4 observers, 12 units, missing values; alpha = 0.743.
    n = None
    table = ReliabilityTable.from_columns({
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        "C": [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    })
    # His coincidence matrix: n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3 (n = 40).
    margins = {}
    for (c, _k), value in coincidences(table).items():
        margins[c] = margins.get(c, 0) + value
    assert margins == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}
    assert krippendorff_alpha_nominal(table).value == pytest.approx(0.743, abs=5e-4)


def test_no_variation_is_undefined_with_a_reason_not_nan_or_one():
    table = table_of([0, 0, 0], [0, 0, 0])
    kappa = cohen_kappa(table)
    alpha = krippendorff_alpha_nominal(table)
    assert kappa.value is None and "no variation" in kappa.reason and "3 units" in kappa.reason
    assert alpha.value is None and "no variation" in alpha.reason
    assert kappa.format() == "undefined"
    # Observed agreement and Brennan-Prediger (chance fixed at 1/2) stay defined.
    assert observed_agreement(table).value == 1.0
    assert brennan_prediger_kappa(table).value == 1.0


def test_no_common_units_is_undefined():
    table = table_of([1, None], [None, 0])
    for statistic in (observed_agreement(table), cohen_kappa(table), brennan_prediger_kappa(table),
                      krippendorff_alpha_nominal(table)):
        assert statistic.value is None and statistic.reason


def test_two_by_two_rejects_values_other_than_presence_and_absence():
    with pytest.raises(ValueError, match="presence 1 / absence 0"):
        two_by_two(table_of([1, 2], [1, 1]))


def test_brennan_prediger_uses_the_declared_number_of_categories():
    table = table_of(["x", "y", "z"], ["x", "y", "y"])  # p_o = 2/3
    assert brennan_prediger_kappa(table, categories=3).value == pytest.approx((2 / 3 - 1 / 3) / (2 / 3))


def test_counted_patterns_equal_listed_units():
    listed = table_of([1, 1, 1, 0, 0, 1], [1, 1, 0, 0, 0, 1])
    counted = ReliabilityTable(("A", "B"), {(1, 1): 3, (1, 0): 1, (0, 0): 2})
    assert cohen_kappa(listed) == cohen_kappa(counted)
    assert krippendorff_alpha_nominal(listed) == krippendorff_alpha_nominal(counted)


# ----------------------------------------------------------------------------- independent implementations
values = st.one_of(st.none(), st.integers(min_value=0, max_value=3))
binary_or_missing = st.one_of(st.none(), st.integers(min_value=0, max_value=1))


def _as_array(table_rows: list[list[int | None]]) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in table_rows], dtype=float)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(values, values), min_size=1, max_size=40))
def test_cohen_kappa_matches_scikit_learn(units):
    complete = [(a, b) for a, b in units if a is not None and b is not None]
    assume(complete)
    table = ReliabilityTable.from_units(("A", "B"), units)
    ours = cohen_kappa(table)
    a, b = zip(*complete)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = cohen_kappa_score(a, b)
    if ours.value is None:
        assert math.isnan(theirs) or len(set(a) | set(b)) == 1
    else:
        assert ours.value == pytest.approx(theirs, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=2, max_value=5).flatmap(
    lambda coders: st.lists(st.lists(values, min_size=coders, max_size=coders), min_size=1, max_size=30)))
def test_krippendorff_alpha_matches_the_krippendorff_package(units):
    table = ReliabilityTable.from_units([f"c{i}" for i in range(len(units[0]))], units)
    ours = krippendorff_alpha_nominal(table)
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    domain = {v for u in pairable for v in u if v is not None}
    if not pairable or len(domain) < 2:
        assert ours.value is None and ours.reason
        return
    reliability_data = _as_array([list(column) for column in zip(*units)])
    theirs = krippendorff.alpha(reliability_data=reliability_data, level_of_measurement="nominal",
                                value_domain=sorted({v for u in units for v in u if v is not None}))
    assert ours.value == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(binary_or_missing, binary_or_missing), min_size=1, max_size=60))
def test_presence_absence_figures_agree_with_both_packages_and_the_2x2(units):
    table = ReliabilityTable.from_units(("A", "B"), units)
    counts = two_by_two(table)
    complete = [(a, b) for a, b in units if a is not None and b is not None]
    assert counts.n == len(complete)
    assert counts.both == sum(1 for a, b in complete if a == b == 1)
    assert counts.neither == sum(1 for a, b in complete if a == b == 0)
    if counts.n:
        p_o = (counts.both + counts.neither) / counts.n
        assert observed_agreement(table).value == pytest.approx(p_o)
        assert brennan_prediger_kappa(table).value == pytest.approx(2 * p_o - 1)
    kappa = cohen_kappa(table)
    if kappa.defined:
        a, b = zip(*complete)
        assert kappa.value == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
