"""docs/bad-input.md stays honest: every row names a test that exists, and there are at least 40 of them."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (\d+) \| (.+) \| (.+) \| (tests/[\w/]+\.py)::(\w+) \|$")


def _rows() -> list[re.Match]:
    lines = (REPO / "docs" / "bad-input.md").read_text(encoding="utf-8").splitlines()
    return [match for line in lines if (match := ROW.match(line))]


def test_every_catalogued_bad_input_names_an_existing_test():
    rows = _rows()
    assert len(rows) >= 40
    assert [int(row.group(1)) for row in rows] == list(range(1, len(rows) + 1))  # numbered, none lost
    for row in rows:
        path, test = REPO / row.group(4), row.group(5)
        assert path.is_file(), f"row {row.group(1)}: no file {row.group(4)}"
        source = path.read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {test}\(", source, re.MULTILINE), f"row {row.group(1)}: no test {test}"


def test_every_table_row_of_the_catalogue_is_well_formed():
    lines = (REPO / "docs" / "bad-input.md").read_text(encoding="utf-8").splitlines()
    numbered = [line for line in lines if re.match(r"^\| \d+ \|", line)]
    assert len(numbered) == len(_rows())  # no row with a stray | or a missing test reference
