"""Every memo with its target, author and date, and for a turn or a coding the words it is about.

Written as Markdown (for the thesis appendix), CSV (for Excel/R) or Word; headings in English or Chinese.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.errors import ExportError
from qualcode.core.excel_cells import excel_text
from qualcode.storage import repository as repo

HEADINGS = {
    "en": {"title": "Memos", "target": "Target", "author": "Author", "date": "Date", "text": "Memo",
           "quoted": "Coded text", "none": "No memos yet."},
    "zh": {"title": "备忘录", "target": "对象", "author": "作者", "date": "日期", "text": "备忘",
           "quoted": "编码文本", "none": "还没有备忘录。"},
}
TARGET_WORDS = {"en": {"project": "project", "document": "document", "case": "case", "code": "code",
                       "coding": "coding", "segment": "turn"},
                "zh": {"project": "项目", "document": "文档", "case": "个案", "code": "编码", "coding": "编码记录",
                       "segment": "话轮"}}


@dataclass(frozen=True)
class MemoRow:
    id: int
    target_type: str
    target: str  # as the researcher writes it: S01, PF_GOAL, S01_pre:4, 17 (AD_EXAM · S01_pre:4)
    author: str
    created_at: str
    updated_at: str
    text: str
    quoted: str  # the turn's or the coding's words; empty for other targets
    # where a coding's memo is, for a face to say in words (its code's label, document, turn): not its number
    code_id: str = ""
    document: str = ""
    ordinal: int | None = None


def memo_rows(project, *, target_type: str | None = None, language: str = "en") -> list[MemoRow]:
    """Every memo (of ``target_type``); a target on a replaced transcript version is said in ``language``."""
    conn = project.conn
    rows = []
    for memo in repo.list_memos(conn, target_type=target_type):
        target, quoted = _describe(conn, memo.target_type, memo.target_id, language)
        place = _coding_place(conn, memo.target_id) if memo.target_type == "coding" else {}
        rows.append(MemoRow(memo.id, memo.target_type, target, memo.author, memo.created_at, memo.updated_at,
                            memo.text, quoted, **place))
    return rows


def describe_target(project, memo) -> str:
    """A memo's target as the researcher writes it (``case S01``, ``segment S01_pre:4``)."""
    return f"{memo.target_type} {_describe(project.conn, memo.target_type, memo.target_id)[0]}".strip()


def _describe(conn, target_type: str, target_id: str, language: str = "en") -> tuple[str, str]:
    if target_type == "segment" and target_id.isdigit():
        row = conn.execute("SELECT d.name, d.version, d.is_current, s.ordinal, "
                           "substr(d.text, s.start + 1, s.end - s.start) AS words "
                           "FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = ?",
                           (int(target_id),)).fetchone()
        if row is not None:
            return f"{row['name']}:{row['ordinal']}{_old_version(row, language)}", row["words"]
    if target_type == "coding" and target_id.isdigit():
        row = conn.execute("SELECT c.code_id, d.name, s.ordinal, substr(d.text, c.start + 1, c.end - c.start) AS words "
                           "FROM codings c JOIN documents d ON d.id = c.document_id "
                           "LEFT JOIN segments s ON s.id = c.segment_id WHERE c.id = ?", (int(target_id),)).fetchone()
        if row is not None:
            # no word of any language here: the report puts "coding" or "编码记录" in front of it
            return f"{target_id} ({row['code_id']} · {row['name']}:{row['ordinal']})", row["words"]
    if target_type == "document" and target_id.isdigit():
        row = conn.execute("SELECT name, version, is_current FROM documents WHERE id = ?", (int(target_id),)).fetchone()
        if row is not None:
            return f"{row['name']}{_old_version(row, language)}", ""
    return (target_id if target_type != "project" else "", "")


def _coding_place(conn, target_id: str) -> dict:  # type: ignore[no-untyped-def]
    """The code, document and turn of a memo's coding (none when the coding is gone)."""
    if not target_id.isdigit():
        return {}
    row = conn.execute("SELECT c.code_id, d.name, s.ordinal FROM codings c JOIN documents d ON d.id = c.document_id "
                       "LEFT JOIN segments s ON s.id = c.segment_id WHERE c.id = ?", (int(target_id),)).fetchone()
    return {} if row is None else {"code_id": row[0], "document": row[1], "ordinal": row[2]}


def _old_version(row, language: str) -> str:
    """A memo left on a replaced version of a transcript (its turn was deleted by a revision) says so:
    ``S01_pre:6`` alone would name another turn of the current version."""
    from qualcode.core.report_words import report_words

    return "" if row["is_current"] else report_words(language)["replaced_version"].format(version=row["version"])


def _byline(row: MemoRow, lang: str) -> str:
    """``作者：A · 日期：…`` with the full-width colon of a Chinese report, ``Author: A · Date: …`` in English."""
    from qualcode.core.report_words import report_words

    words, colon = HEADINGS[lang], report_words(lang)["colon"]
    return f"{words['author']}{colon}{row.author} · {words['date']}{colon}{row.updated_at[:16].replace('T', ' ')}"


def render_markdown(rows: list[MemoRow], lang: str = "en") -> str:
    words, targets = HEADINGS[lang], TARGET_WORDS[lang]
    lines = [f"# {words['title']}", ""]
    if not rows:
        return "\n".join(lines + [words["none"], ""])
    for row in rows:
        lines.append(f"## {targets[row.target_type]} {row.target}".rstrip() + f" · #{row.id}")
        lines.append("")
        lines.append(f"*{_byline(row, lang)}*")
        lines.append("")
        if row.quoted:
            lines.extend(f"> {line}" for line in row.quoted.splitlines() or [""])
            lines.append("")
        lines.append(row.text)
        lines.append("")
    return "\n".join(lines)


def render_csv(rows: list[MemoRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["memo_id", "target_type", "target", "author", "created_at", "updated_at", "text", "coded_text"])
    for row in rows:
        # The memos CSV is written for Excel (a byte-order mark): a memo starting "=", "-", "+" or "@" gets a
        # quote in front, or Excel runs it as a formula (qualcode.core.excel_cells).
        writer.writerow([excel_text(cell) for cell in (row.id, row.target_type, row.target, row.author,
                                                       row.created_at, row.updated_at, row.text, row.quoted)])
    return buffer.getvalue()


def write_docx(rows: list[MemoRow], path: Path, lang: str = "en", info=None) -> None:
    from qualcode.io.docx_document import DocumentInfo, new_document

    words, targets = HEADINGS[lang], TARGET_WORDS[lang]
    document = new_document(info or DocumentInfo())
    document.add_heading(words["title"], level=1)
    if not rows:
        document.add_paragraph(words["none"])
    for row in rows:
        document.add_heading(f"{targets[row.target_type]} {row.target} · #{row.id}", level=2)
        byline = document.add_paragraph()
        byline.add_run(_byline(row, lang)).italic = True
        if row.quoted:
            document.add_paragraph(row.quoted, style="Quote")
        document.add_paragraph(row.text)
    document.save(path)


def export_memos(project, out: Path, *, fmt: str | None = None, lang: str | None = None,
                 force: bool = False) -> tuple[Path, int]:
    from qualcode.app.exporting.report_info import document_info, report_language
    from qualcode.io.tables import atomic_write

    lang = report_language(project, lang)
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("md", "csv", "docx"):
        raise ExportError(f"memos are written as md, csv or docx, not {fmt!r}")
    if lang not in HEADINGS:
        raise ExportError(f"--lang is en or zh, not {lang!r}")
    rows = memo_rows(project, language=lang if fmt != "csv" else "en")  # the CSV's columns stay as they were
    if fmt == "md":
        write = lambda temp: temp.write_text(render_markdown(rows, lang), encoding="utf-8")  # noqa: E731
    elif fmt == "csv":
        write = lambda temp: temp.write_text(render_csv(rows), encoding="utf-8-sig")  # noqa: E731
    else:
        info = document_info(project, HEADINGS[lang]["title"])
        write = lambda temp: write_docx(rows, temp, lang, info)  # noqa: E731
    return atomic_write(out, write, force=force), len(rows)
