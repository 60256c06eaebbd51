"""Quotes for the findings chapter: excerpts grouped by theme and code.

Each excerpt carries the participant id, the wave and its location (document name
and segment ordinal). Interviewer turns are left out unless asked for: the role
filter defaults to ``participant``. Two coders' identical codings give one excerpt.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from collections.abc import Sequence

from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import ExportFilter, expand_code_filter, load_codings, natural_key
from qualcode.core.models import Codebook
from qualcode.core.report_words import report_words, wave_name


@dataclass(frozen=True)
class Quote:
    participant: str
    wave: str
    document: str
    segment: int | None
    text: str

    @property
    def location(self) -> str:
        return self.location_in("en")

    def location_in(self, language: str) -> str:
        """``S01, pre, S01_pre #4``; in Chinese ``S01，前测，S01_pre 第4段``."""
        words = report_words(language)
        where = f"{self.document} {words['turn'].format(n=self.segment)}" if self.segment is not None else self.document
        wave = wave_name(self.wave, language) if self.wave else self.wave  # 前测 beside 第4段, as prepost names it
        return ("，" if language == "zh" else ", ").join(x for x in (self.participant, wave, where) if x)


@dataclass
class CodeQuotes:
    code_id: str
    labels: tuple[str, str]
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class ThemeQuotes:
    theme_id: str
    labels: tuple[str, str]
    codes: list[CodeQuotes] = field(default_factory=list)


def collect_quotes(conn: sqlite3.Connection, codebooks: Sequence[Codebook] | None = None, *,
                   filt: ExportFilter = ExportFilter(), include_interviewer: bool = False) -> list[ThemeQuotes]:
    tree = CodeTree.load(conn, codebooks)
    if include_interviewer and filt.role == "participant":
        filt = replace(filt, role="all")
    filt = expand_code_filter(filt, tree)
    codings = load_codings(conn, filt, with_text=True)
    tree = tree.with_unknown(codings["code_id"].unique())
    codings = codings.drop_duplicates(["document_id", "start", "end", "code_id"])
    by_code: dict[str, list[Quote]] = {}
    for row in codings.itertuples(index=False):
        segment = None if row.ordinal != row.ordinal or row.ordinal is None else int(row.ordinal)
        wave = row.wave if isinstance(row.wave, str) else ""
        participant = row.participant
        if participant == row.document and isinstance(row.speaker, str) and row.speaker:
            participant = row.speaker  # a turn of no case (a group interview's 学生A): its speaker says who
        quote = Quote(participant, wave, row.document, segment, str(row.text).strip())
        by_code.setdefault(row.code_id, []).append(quote)
    themes: dict[str, ThemeQuotes] = {}
    for code_id in tree.order():
        quotes = by_code.get(code_id)
        if not quotes:
            continue
        quotes.sort(key=lambda q: (natural_key(q.document), q.segment or 0))
        theme_id = tree.top_theme(code_id)
        group = themes.setdefault(theme_id, ThemeQuotes(theme_id, tree.labels(theme_id)))
        group.codes.append(CodeQuotes(code_id, tree.labels(code_id), quotes))
    return list(themes.values())


def heading(labels: tuple[str, str], node_id: str, language: str) -> str:
    zh, en = labels
    if language == "zh":
        name = zh
    elif language == "en":
        name = en
    else:
        name = " / ".join(dict.fromkeys(x for x in (zh, en) if x and x != node_id))
    return f"{name} ({node_id})" if name and name != node_id else node_id


def excerpt_count(count: int, language: str) -> str:
    words = report_words(language)
    return f"{count} {words['excerpt'] if count == 1 else words['excerpts']}"


def render_markdown(groups: list[ThemeQuotes], *, title: str | None = None, language: str = "both") -> str:
    words = report_words(language)
    lines = [f"# {title or words['quotes']}", ""]
    if not groups:
        lines += [words["no_quotes"], ""]
    for group in groups:
        lines += [f"## {heading(group.labels, group.theme_id, language)}", ""]
        for code in group.codes:
            lines += [f"### {heading(code.labels, code.code_id, language)} — "
                      f"{excerpt_count(len(code.quotes), language)}", ""]
            for quote in code.quotes:
                body = quote.text.replace("\n", "\n> ")
                lines += [f"> {body}", ">", f"> — {quote.location_in(language)}", ""]
    return "\n".join(lines)
