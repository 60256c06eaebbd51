"""Turning item answers into factor scores, reporting every bad answer by row and item.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first
answers are row 2.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from qualcode.analysis.questionnaire import Scale, answer_label_key
from qualcode.analysis.reliability import reverse_scored
from qualcode.analysis.table import INDEX_IS_FILE_ROW, require_column, row_numbers
from qualcode.core.errors import Location, ScoreError

MAX_LISTED = 20
# What survey platforms write for a question the respondent did not answer: 问卷星 `(跳过)` (skipped by the
# survey's logic) and `(空)` in a download of the answers' words, -3 in a download of their numbers (腾讯问卷
# writes `(跳过)` too). Each is a missing answer (listed as such), never "not a number" or "out of range"; -3 only
# where it cannot be an answer of the scale. Keys as answer_label_key compares them, value the number it stands for.
SKIPPED: dict[str, float | None] = {"(跳过)": None, "(空)": None, "-3": -3.0}


@dataclass(frozen=True)
class AnswerProblem:
    row: int
    participant: str | None
    item: int | None
    column: str
    value: object
    kind: str  # missing | non-numeric | not-whole | out-of-range | missing-id
    expected: str = ""

    def __str__(self) -> str:
        who = f" (id {self.participant})" if self.participant else ""
        item = f" (item {self.item})" if self.item is not None else ""
        shown = "" if self.value is None else f" {self.value!r}"
        expected = f"; expected {self.expected}" if self.expected else ""
        return f"row {self.row}{who}, column {self.column}{item}: {self.kind}{shown}{expected}"


@dataclass
class ScoreReport:
    scores: pd.DataFrame
    problems: list[AnswerProblem]
    item_columns: dict[int, str]
    scale: Scale
    answers: np.ndarray | None = None  # participants × items as answered (NaN: no usable answer)

    @property
    def errors(self) -> list[AnswerProblem]:
        return [p for p in self.problems if p.kind != "missing"]

    @property
    def missing(self) -> list[AnswerProblem]:
        return [p for p in self.problems if p.kind == "missing"]


def item_pattern(prefix: str) -> re.Pattern[str]:
    """``RSCA1``, ``rsca_01``, ``RSCA-1``, ``RSCA_Q1``, ``Q1``, ``q-1`` -> item 1 (case-insensitive)."""
    stem = re.escape(prefix)
    return re.compile(rf"^(?:{stem}[_-]?(?:Q[_-]?)?|Q[_-]?)0*([1-9][0-9]*)$", re.IGNORECASE)


def match_item_columns(columns: list[str], scale: Scale, column_map: dict[int, str] | None = None,
                       source: str | Path | None = None) -> dict[int, str]:
    """Item number -> column name, from an explicit map or the scale's pattern; every item must be found."""
    explicit = _by_question_number({**scale.columns, **(column_map or {})}, columns, source)
    outside = sorted(item for item in explicit if not 1 <= item <= scale.n_items)
    if outside:
        raise ScoreError(f"the column map names item(s) {outside}, but {scale.id} has items 1–{scale.n_items}",
                         Location(source))
    found: dict[int, str] = {}
    if explicit:
        absent = [c for c in explicit.values() if c not in columns]
        if absent:
            raise ScoreError(f"the column map names columns not in the file: {absent}", Location(source))
        found = dict(explicit)
    if len(found) < scale.n_items and scale.item_prefix:
        pattern = item_pattern(scale.item_prefix)
        claimed: dict[int, list[str]] = {}
        beyond: list[str] = []
        for column in columns:
            match = pattern.match(unicodedata.normalize("NFKC", column).strip())
            number = int(match.group(1)) if match else None
            if number is None:
                continue
            if number > scale.n_items:
                if column not in explicit.values():
                    beyond.append(column)
            elif number not in found:
                claimed.setdefault(number, []).append(column)
        item_stems = {_numbering_stem(c) for names in claimed.values() for c in names}
        beyond = [c for c in beyond if _numbering_stem(c) in item_stems]  # RSCA1 … beside a survey's own Q30 is fine
        if beyond:
            _refuse_numbering_past_the_scale(beyond, claimed, scale, source)
        clashes = {item: names for item, names in claimed.items() if len(names) > 1}
        if clashes:
            item, names = min(clashes.items())
            raise ScoreError(f"item {item} matches several columns {names}; pass an explicit column map",
                             Location(source))
        found.update({item: names[0] for item, names in claimed.items()})
    by_column: dict[str, list[int]] = {}
    for item, column in found.items():
        by_column.setdefault(column, []).append(item)
    shared = {column: sorted(items) for column, items in by_column.items() if len(items) > 1}
    if shared:  # one column's answers would be scored as two items, and the other item's column left out
        column, items = min(shared.items(), key=lambda pair: pair[1])
        mapped = [i for i in items if i in explicit]
        named = [i for i in items if i not in explicit]
        given = f"item {mapped[0]}" if len(mapped) == 1 else f"items {mapped}"
        why = f"the column map gives it to {given}" + (f", and its name makes it item {named[0]}" if named else "")
        raise ScoreError(f"column {column!r} would be read for items {items} ({why}); map each item to its own "
                         "column", Location(source))
    absent_items = [i for i in range(1, scale.n_items + 1) if i not in found]
    if absent_items:
        raise ScoreError(
            f"no column for items {absent_items} of {scale.id} (expected names like "
            f"{scale.item_prefix or 'Q'}{absent_items[0]}; or pass a column map)", Location(source))
    return dict(sorted(found.items()))


def _by_question_number(explicit: dict[int, str], columns: list[str], source: str | Path | None) -> dict[int, str]:
    """``#3`` in a column map is the column of question 3 of a survey download, whatever its words: 问卷星's
    ``3、我有一个…``, 腾讯问卷's ``3.我…``, ``Q3:…``, ``第3题…`` — so the items need not be typed out in full."""
    resolved: dict[int, str] = {}
    for item, column in explicit.items():
        number = re.fullmatch(r"#\s*0*([1-9][0-9]*)", column.strip())
        if not number:
            resolved[item] = column
            continue
        question = re.compile(rf"^(?:Q|第)?\s*0*{number.group(1)}\s*(?:[、.:)题]|$)", re.IGNORECASE)
        hits = [c for c in columns if question.match(unicodedata.normalize("NFKC", str(c)).strip())]
        if len(hits) != 1:
            found = "no column" if not hits else f"{len(hits)} columns ({', '.join(hits[:3])})"
            raise ScoreError(f"the column map's {column} (question {number.group(1)}) for item {item} finds {found}; "
                             "a question is the column whose name begins with its number: 3、… 3.… Q3:… 第3题…",
                             Location(source))
        resolved[item] = hits[0]
    return resolved


def _numbering_stem(column: str) -> str:
    """``Q28`` -> ``Q``, ``rsca_01`` -> ``RSCA_``: the part of an item column's name before its number."""
    return re.sub(r"[0-9]+$", "", unicodedata.normalize("NFKC", column).strip()).upper()


def _refuse_numbering_past_the_scale(beyond: list[str], claimed: dict[int, list[str]], scale: Scale,
                                     source: str | Path | None) -> None:
    """Columns numbered past the scale's last item (Q28, Q29 beside Q1 … Q27 of a 27-item scale) mean the file
    numbers every question of the survey, not the scale's items: 问卷星's SPSS export calls each question Q1, Q2 …,
    demographic questions first. Reading Q1 … Q27 as items 1 … 27 would score a gender or grade answer as item 1
    and leave the last items out, every score wrong without a word."""
    first = min(claimed) if claimed else 1
    shown = ", ".join(beyond[:5]) + (f" … ({len(beyond)})" if len(beyond) > 5 else "")
    example = claimed.get(first, [f"{scale.item_prefix}{first}"])[0]
    stem = re.sub(r"0*[1-9][0-9]*$", "", example)
    raise ScoreError(
        f"column(s) {shown} are numbered like items past the {scale.n_items} of {scale.id}, so the file numbers "
        f"questions other than the scale's items too and {example} need not be item {first} (a survey export "
        f"numbers every question, demographic ones first); say which column holds each item with a column map "
        f"(--map 1={stem}3 … or the range --map 1-{scale.n_items}={stem}3-{stem}{scale.n_items + 2} when the "
        "items are consecutive); nothing was scored", Location(source))


def parse_answer(value: object, scale: Scale) -> tuple[float, str | None]:
    """The answer as a number, or NaN and the kind of problem."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan, "missing"
    text = unicodedata.normalize("NFKC", str(value)).strip()  # full-width digits from Chinese IMEs
    if text == "" or _skipped(text, scale):
        return math.nan, "missing"
    try:
        number = float(text)
    except ValueError:
        number = scale.answer_labels.get(answer_label_key(text))
        return (number, None) if number is not None else (math.nan, "non-numeric")
    if not math.isfinite(number):
        return math.nan, "non-numeric"
    if number != round(number):
        return math.nan, "not-whole"
    if not scale.minimum <= number <= scale.maximum:
        return math.nan, "out-of-range"
    return number, None


def _skipped(text: str, scale: Scale) -> bool:
    key = answer_label_key(text)
    if key not in SKIPPED:
        return False
    number = SKIPPED[key]
    return number is None or not scale.minimum <= number <= scale.maximum


def score_answers(frame: pd.DataFrame, scale: Scale, *, id_column: str, column_map: dict[int, str] | None = None,
                  source: str | Path | None = None, strict: bool = True) -> ScoreReport:
    """Factor scores per row; the id and every non-item column are kept, score columns appended."""
    columns = [str(c) for c in frame.columns]
    require_column(columns, id_column, source, option="--id-column")
    items = match_item_columns(columns, scale, column_map, source)
    expected = f"a whole number {scale.minimum:g}–{scale.maximum:g}"
    ids = [None if v is None or str(v).strip() == "" else str(v).strip() for v in frame[id_column]]
    answers = np.full((len(frame), scale.n_items), np.nan)
    problems: list[AnswerProblem] = []
    numbers = row_numbers(frame)
    for row_index, participant in enumerate(ids):
        if participant is None:
            problems.append(AnswerProblem(numbers[row_index], None, None, id_column, None, "missing-id", "an id"))
        for item, column in items.items():
            raw = frame[column].iat[row_index]
            number, kind = parse_answer(raw, scale)
            if kind is not None:
                missing = kind == "missing"
                problems.append(AnswerProblem(numbers[row_index], participant, item, column,
                                              None if missing else raw, kind, "" if missing else expected))
            answers[row_index, item - 1] = number
    report = ScoreReport(pd.DataFrame(), problems, items, scale, answers)
    if strict and report.errors:
        listed = "; ".join(str(p) for p in report.errors[:MAX_LISTED])
        more = f" (and {len(report.errors) - MAX_LISTED} more)" if len(report.errors) > MAX_LISTED else ""
        raise ScoreError(f"{len(report.errors)} answers cannot be scored: {listed}{more}{_words_hint(report, scale)}",
                         Location(source))
    keep = [c for c in columns if c not in items.values() and c != id_column]
    scores = pd.DataFrame({id_column: ids}, index=frame.index)
    if frame.attrs.get(INDEX_IS_FILE_ROW):  # so a join reports duplicate ids by their row in the answers file
        scores.attrs[INDEX_IS_FILE_ROW] = True
    computed = set(scale.score_columns())
    for column in keep:  # the file's own RSCA_GOAL (a score the survey tool worked out) is kept beside ours
        scores[f"{column}_in_file" if column in computed else column] = list(frame[column])
    for column, values in compute_scores(answers, scale).items():
        scores[column] = values
    report.scores = scores
    return report


def _words_hint(report: ScoreReport, scale: Scale) -> str:
    """Answers downloaded as their words (问卷星's 按选项文本下载): name the words once each, and the way to number them."""
    words: dict[str, int] = {}
    for problem in report.errors:
        if problem.kind == "non-numeric":
            word = unicodedata.normalize("NFKC", str(problem.value)).strip()
            words[word] = words.get(word, 0) + 1
    if not words:
        return ""
    shown = ", ".join(f"{word} ({n})" for word, n in sorted(words.items(), key=lambda pair: -pair[1])[:8])
    more = f" and {len(words) - 8} more" if len(words) > 8 else ""
    return (f". Answers written as words: {shown}{more}; download the answers as numbers (问卷星: 按选项序号下载), "
            f"or number the words in a copy of the scale, scales/{scale.id}.yaml, under response: labels "
            "(e.g. labels: {5: [完全符合, 非常符合], 4: 比较符合}; see docs/exports.md)")


def compute_scores(answers: np.ndarray, scale: Scale) -> dict[str, np.ndarray]:
    """Reverse-score, then factor, higher-order and total scores (NaN where too little was answered)."""
    scored = reverse_scored(answers, scale)
    result: dict[str, np.ndarray] = {}
    factor_ok: dict[str, np.ndarray] = {}
    for factor in scale.factors:
        block = scored[:, [i - 1 for i in factor.items]]
        answered = (~np.isnan(block)).sum(axis=1)
        factor_ok[factor.id] = answered >= factor.min_answered
        result[scale.column(factor.id)] = _combine(block, scale.scoring, factor_ok[factor.id])
    for node in [*scale.higher_order, *([scale.total] if scale.total else [])]:
        block = scored[:, [i - 1 for i in scale.items_of(node)]]
        complete = np.all([factor_ok[f] for f in node.factors], axis=0)
        result[scale.column(node.id)] = _combine(block, scale.scoring, complete)
    return result


def _combine(block: np.ndarray, scoring: str, valid: np.ndarray) -> np.ndarray:
    answered = (~np.isnan(block)).sum(axis=1)
    totals = np.nansum(block, axis=1)
    means = np.divide(totals, answered, out=np.full(len(block), np.nan), where=answered > 0)
    values = means if scoring == "mean" else means * block.shape[1]
    return np.where(valid, values, np.nan)
