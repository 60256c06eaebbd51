"""Annotated transcripts: Word with comments, or HTML with margin notes (issue 17 item 4).

* DOCX: one paragraph per turn, numbered, the speaker in bold; an interviewer turn is grey and italic with
  an "Interviewer" marker. Every coded passage is shaded in a light tint of its code's colour and underlined
  in the colour itself (where codings overlap, the innermost is shaded and the next one out underlined: Word
  has one shading and one underline per run). Every coding is one Word comment on its words, by its coder,
  naming the code and holding the coding's memos; every turn memo is one comment on the turn, by its author.
  Document memos open the file. The page is A4 and the file carries the project's title and author.
* HTML: the same in one self-contained page: passages in ``<mark>`` shaded in a tint of the innermost code's
  colour with one coloured underline per coding on the words, and beside each turn an ``<aside>`` of margin
  notes (one ``<p class="note coding">`` per coding, ``note memo`` per memo).
"""

from __future__ import annotations

import html
from pathlib import Path

from qualcode.analysis.transcript_view import Mark, TranscriptView, TurnView
from qualcode.core.report_words import pick_label, report_words, wave_name
from qualcode.io.docx_document import DocumentInfo, new_document
from qualcode.io.tables import atomic_write

INTERVIEWER_GREY = "808080"


def tint(color: str, keep: float = 0.35) -> str:
    """A light version of ``#rrggbb`` (mixed with white) so text on it stays readable; hex without '#'."""
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "".join(f"{round(255 - (255 - c) * keep):02X}" for c in (red, green, blue))


def coding_note(mark: Mark, language: str) -> str:
    words = report_words(language)
    text = f"{pick_label(mark.labels, mark.code_id, language)} ({mark.code_id}) — {words['coder']} {mark.coder}"
    return "\n".join([text, *(f"{words['memo']} ({m.author}, {m.date}): {m.text}" for m in mark.memos)])


def _speaker(turn: TurnView, language: str) -> str:
    words = report_words(language)
    who = turn.speaker or (words["interviewer"] if turn.role == "interviewer" else words["participant"])
    return f"{words['turn'].format(n=turn.ordinal)} {who}："


# --------------------------------------------------------------------------- Word
def write_transcript_docx(view: TranscriptView, path: Path | str, *, language: str = "en",
                          info: DocumentInfo = DocumentInfo(), force: bool = False) -> Path:
    document = new_document(info)
    words = report_words(language)
    colon = words["colon"]
    document.add_heading(f"{words['transcript']}{colon}{view.name}", level=1)
    document.add_paragraph(f"{words['participant']}{colon}{view.participant or '-'} · "
                           f"{words['wave']}{colon}{wave_name(view.wave, language) if view.wave else '-'}")
    if view.unplaced:
        document.add_paragraph(words["not_shown"].format(n=view.unplaced))
    if view.memos:
        document.add_heading(words["document_memos"], level=2)
        for memo in view.memos:
            document.add_paragraph(f"{memo.author} ({memo.date}){colon}{memo.text}", style="Quote")
    for turn in view.turns:
        _docx_turn(document, turn, language)
    return atomic_write(Path(path), lambda temp: document.save(str(temp)), force=force)


def _docx_turn(document, turn: TurnView, language: str) -> None:
    from docx.shared import RGBColor

    paragraph = document.add_paragraph()
    label = paragraph.add_run(_speaker(turn, language))
    label.bold = True
    interviewer = turn.role == "interviewer"
    if interviewer:
        marker = paragraph.add_run(f"[{report_words(language)['interviewer']}] ")
        marker.italic = True
    runs_of: dict[int, list] = {}
    for words, marks in turn.pieces():
        run = paragraph.add_run(words)
        if interviewer:
            run.italic = True
            run.font.color.rgb = RGBColor.from_string(INTERVIEWER_GREY)
        if marks:
            inner, outer = _layers(marks)
            _colour(run, inner.color, outer.color)
        for mark in marks:
            runs_of.setdefault(mark.coding_id, []).append(run)
    for mark in turn.marks:
        runs = runs_of[mark.coding_id]
        document.add_comment([runs[0], runs[-1]], text=coding_note(mark, language), author=mark.coder,
                             initials=mark.coder[:3])
    for memo in turn.memos:
        document.add_comment([label, paragraph.runs[-1]], text=f"{report_words(language)['memo']}: {memo.text}",
                             author=memo.author, initials=memo.author[:3])


def _layers(marks: tuple[Mark, ...]) -> tuple[Mark, Mark]:
    """Of the codings on some words, the innermost (shortest: shaded) and the next one out (underlined), so
    nested codings both show their colour; Word has one shading and one underline per run."""
    ordered = sorted(marks, key=lambda m: (m.end - m.start, m.code_id))
    return ordered[0], ordered[1] if len(ordered) > 1 else ordered[0]


def _colour(run, color: str, underline_color: str) -> None:
    """Shade the run in a tint of one code's colour and underline it in (another) code's colour itself."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = run._r.get_or_add_rPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), tint(color))
    properties.append(shading)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    underline.set(qn("w:color"), underline_color.lstrip("#").upper())
    properties.append(underline)


# --------------------------------------------------------------------------- HTML
STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 62rem; margin: 2rem auto; line-height: 1.7; }
.turn { display: grid; grid-template-columns: 1fr 18rem; gap: 1.5rem; margin: 0.6rem 0; }
.turn.interviewer .text { color: #666; font-style: italic; }
.speaker { font-weight: bold; }
.role { font-size: 0.8em; border: 1px solid #999; border-radius: 3px; padding: 0 0.3em; margin-right: 0.4em; }
mark { padding: 0 1px; }
aside { font-size: 0.85em; border-left: 2px solid #ddd; padding-left: 0.6rem; }
.note { margin: 0 0 0.4rem 0; }
.note.memo { color: #5a4a00; }
"""


def transcript_html(view: TranscriptView, *, language: str = "en", title: str = "") -> str:
    words = report_words(language)
    esc, colon = html.escape, words["colon"]
    wave = wave_name(view.wave, language) if view.wave else "-"
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if language == "zh" else "en"}"><head><meta charset="utf-8">',
             f"<title>{esc(words['transcript'])}{colon}{esc(view.name)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{esc(words['transcript'])}{colon}{esc(view.name)}</h1>",
             f"<p class=\"meta\">{esc(words['participant'])}{colon}{esc(view.participant or '-')} · "
             f"{esc(words['wave'])}{colon}{esc(wave)}{' · ' + esc(title) if title else ''}</p>"]
    if view.unplaced:
        parts.append(f"<p class=\"warning\">{esc(words['not_shown'].format(n=view.unplaced))}</p>")
    if view.memos:
        parts.append(f"<h2>{esc(words['document_memos'])}</h2>")
        parts += [f'<p class="note memo">{esc(m.author)} ({esc(m.date)}): {esc(m.text)}</p>' for m in view.memos]
    for turn in view.turns:
        parts.append(_html_turn(turn, language))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _html_turn(turn: TurnView, language: str) -> str:
    esc = html.escape
    words = report_words(language)
    role = f'<span class="role">{esc(words["interviewer"])}</span>' if turn.role == "interviewer" else ""
    body = []
    for text, marks in turn.pieces():
        if not marks:
            body.append(esc(text))
            continue
        codes = " ".join(m.code_id for m in marks)
        inner, _outer = _layers(marks)
        # one 3-pixel underline per coding, stacked, so every code on these words shows its colour
        lines = ", ".join(f"inset 0 -{3 * (n + 1)}px 0 0 {m.color}" for n, m in enumerate(marks))
        body.append(f'<mark data-codes="{esc(codes)}" style="background:#{tint(inner.color)};'
                    f'box-shadow:{lines};padding-bottom:{3 * len(marks)}px">{esc(text)}</mark>')
    notes = [f'<p class="note coding" data-coding="{m.coding_id}" data-code="{esc(m.code_id)}" '
             f'data-coder="{esc(m.coder)}" style="border-left:4px solid {m.color};padding-left:4px">'
             f'{esc(coding_note(m, language)).replace(chr(10), "<br>")}</p>' for m in turn.marks]
    notes += [f'<p class="note memo" data-author="{esc(m.author)}">{esc(words["memo"])} '
              f'({esc(m.author)}, {esc(m.date)}): {esc(m.text)}</p>' for m in turn.memos]
    return (f'<div class="turn {esc(turn.role)}" id="t{turn.ordinal}"><div class="text">{role}'
            f'<span class="speaker">{esc(_speaker(turn, language))}</span>{"".join(body)}</div>'
            f'<aside>{"".join(notes)}</aside></div>')


def write_transcript_html(view: TranscriptView, path: Path | str, *, language: str = "en", title: str = "",
                          force: bool = False) -> Path:
    text = transcript_html(view, language=language, title=title)
    return atomic_write(Path(path), lambda temp: temp.write_text(text, encoding="utf-8"), force=force)
