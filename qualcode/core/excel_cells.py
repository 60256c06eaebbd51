"""Text cells of a CSV meant for Excel, kept as text ("CSV injection" / formula injection).

Excel reads a CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula: a quote or memo such as
``=不想上学`` or ``- 我觉得……`` shows ``#NAME?``, and saving the file from Excel replaces the text with the
error. OWASP's CSV-injection advice also names a leading tab and carriage return. Such a cell gets a single
quote in front, the prefix OWASP recommends: Excel then shows the text (with the quote) and never evaluates
it, and the quote is a visible, searchable mark a researcher can strip, unlike a leading tab, which is
invisible, is itself on OWASP's list and is lost by any tool that trims whitespace. A cell that is a plain
number (``-3``, ``+0.5``) is left alone: Excel reads it as that number, not as a formula.

Excel also reads a text cell of digits as a number: a participant id ``007`` becomes 7 (the zeros gone when
the file is saved), and a student number of 12 or more digits shows as ``2.02301E+11`` (from the 16th digit
the digits themselves are lost). Such a cell is written as ``="007"``: Excel reads the cell as a formula
whose value is the text ``007``, so it shows ``007`` with nothing added, a lookup or filter matches ``007``,
and Excel saves it back to CSV as ``007``. The single quote used for formula-like text would not do here:
Excel shows a quote read from a CSV as part of the text (``'007``), so an id would no longer match the same
id in another table. ``="007"`` can hold no formula of the writer's making: the cell is digits only.

Only the Excel variants (``--excel``, the memos CSV, ``agreement --excel``) are protected; the plain CSV for
R, pandas and SPSS keeps the text byte for byte.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Digits Excel would turn into another number: a leading zero (007), or 12 and more digits (shown as 2.02301E+11).
_DIGITS_EXCEL_CHANGES = re.compile(r"0[0-9]+|[0-9]{12,}", re.ASCII)


def excel_text(value: object) -> object:
    """``value`` as an Excel CSV cell: text Excel would read as a formula with a single quote in front, digits
    it would read as another number (``007``, a 12-digit student number) as ``="007"``; else unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    if is_digit_code(value):
        return f'="{value}"'
    return value


def is_digit_code(value: object) -> bool:
    """Text of digits that a number would change: a leading zero (``007``, class ``0302``) or 12 and more digits
    (a student number, which Excel shows as ``2.02301E+11`` and from 16 digits no number holds exactly): an
    id or code, never an age or a score."""
    return isinstance(value, str) and _DIGITS_EXCEL_CHANGES.fullmatch(value) is not None
