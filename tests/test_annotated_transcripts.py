"""Issue 17 item 4: annotated transcripts. The DOCX is opened with python-docx, its comments counted and their
anchored words read from the XML; the HTML is parsed; both are checked against the database."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from html.parser import HTMLParser

import pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def coded(run_cli, sample_project):
    root = sample_project.root
    for sheet in ("researcher-A.csv", "researcher-B.csv"):
        assert run_cli("--project", root, "import-codings", root / "codings" / sheet).exit_code == 0
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        coding_id = conn.execute("SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id "
                                 "WHERE d.name = 'S01_pre' ORDER BY c.start LIMIT 1").fetchone()[0]
    for args in (("memo", "segment", "S01_pre:4", "提到中考失利"), ("--coder", "B", "memo", "segment", "S01_pre:4", "同意"),
                 ("memo", "coding", coding_id, "为什么是这个编码"), ("memo", "document", "S01_pre", "整体：自卑到有目标")):
        assert run_cli("--project", root, *args).exit_code == 0
    return root


def _database(root, document):
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        codings = conn.execute(
            "SELECT c.id, c.code_id, c.coder, substr(d.text, max(c.start, s.start) + 1, "
            "min(c.end, s.end) - max(c.start, s.start)), k.color FROM codings c JOIN documents d ON d.id = c.document_id "
            "JOIN segments s ON s.id = c.segment_id JOIN codes k ON k.id = c.code_id WHERE d.name = ? AND d.is_current",
            (document,)).fetchall()
        segment_memos = conn.execute(
            "SELECT m.author, m.text FROM memos m JOIN segments s ON m.target_type = 'segment' AND m.target_id = s.id "
            "JOIN documents d ON d.id = s.document_id WHERE d.name = ?", (document,)).fetchall()
        coding_memos = conn.execute("SELECT m.target_id, m.text FROM memos m WHERE m.target_type = 'coding'").fetchall()
        interviewer = conn.execute("SELECT count(*) FROM segments s JOIN documents d ON d.id = s.document_id "
                                   "WHERE d.name = ? AND s.role = 'interviewer'", (document,)).fetchone()[0]
    return codings, segment_memos, coding_memos, interviewer


def _code_of(comment) -> str:
    """The code id a coding comment names: '中考失利 (AD_EXAM) — 编码者 A'."""
    return re.search(r"\((\w+)\) — ", comment.text).group(1)


def _anchored_words(document) -> dict[str, str]:
    """comment id -> the words between its commentRangeStart and commentRangeEnd, in document order."""
    open_ranges: dict[str, list[str]] = {}
    found = {}
    for element in document.element.body.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ranges[element.get(f"{W}id")] = []
        elif element.tag == f"{W}commentRangeEnd":
            found[element.get(f"{W}id")] = "".join(open_ranges.pop(element.get(f"{W}id")))
        elif element.tag == f"{W}t":
            for words in open_ranges.values():
                words.append(element.text or "")
    return found


def test_docx_has_one_comment_per_coding_and_turn_memo_on_the_coded_words(run_cli, coded):
    from docx import Document

    result = run_cli("--project", coded, "export", "transcript", "--all", "--format", "docx", "--lang", "zh")
    assert result.exit_code == 0, result.err
    codings, segment_memos, coding_memos, interviewer = _database(coded, "S01_pre")
    document = Document(str(coded / "exports" / "transcripts" / "S01_pre.docx"))
    comments = list(document.comments)
    assert len(comments) == len(codings) + len(segment_memos)
    coding_comments = [c for c in comments if "(" in c.text.splitlines()[0] and not c.text.startswith("备忘")]
    assert Counter((c.author, _code_of(c)) for c in coding_comments) == \
        Counter((coder, code) for _i, code, coder, _w, _c in codings)
    anchored = _anchored_words(document)
    # line breaks inside a turn are <w:br/> in Word, not text
    words_of = Counter((code, words.replace("\n", "")) for _i, code, _coder, words, _c in codings)
    seen = Counter((_code_of(c), anchored[str(c.comment_id)]) for c in coding_comments)
    assert seen == words_of  # each comment covers exactly its coding's words
    memo_texts = {text for _author, text in segment_memos}
    assert {c.text.split(": ", 1)[1] for c in comments if c.text.startswith("备忘")} == memo_texts
    coding_memo = coding_memos[0][1]
    assert sum(coding_memo in c.text for c in comments) == 1
    assert "整体：自卑到有目标" in "\n".join(p.text for p in document.paragraphs)
    marked = [p for p in document.paragraphs if "[访谈者]" in p.text]
    assert len(marked) == interviewer
    # a coding whose words no other coding touches is underlined in its code's colour from the codebook
    alone = [(words, color) for _i, _code, _c, words, color in codings
             if sum(words in other or other in words for *_x, other, _o in codings) == 1]
    assert alone
    underline_of = {}
    for run in document.element.body.iter(f"{W}r"):
        mark = run.find(f"{W}rPr/{W}u")
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if mark is not None and text:
            underline_of[text] = mark.get(f"{W}color")
    for words, color in alone:
        assert underline_of.get(words.replace("\n", "")) == color.lstrip("#").upper(), words
    assert round(document.sections[0].page_width.mm) == 210 and document.core_properties.title == "resilience-sample"
    assert document.core_properties.author == "A"


class _Notes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.codings, self.memos, self.interviewer_turns, self.marks = [], 0, 0, []
        self._mark = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "p" and "coding" in classes:
            self.codings.append((attrs["data-code"], attrs["data-coder"]))
        if tag == "p" and "memo" in classes:
            self.memos += 1
        if tag == "div" and "turn" in classes and "interviewer" in classes:
            self.interviewer_turns += 1
        if tag == "mark":
            self._mark = ""

    def handle_data(self, data):
        if self._mark is not None:
            self._mark += data

    def handle_endtag(self, tag):
        if tag == "mark":
            self.marks.append(self._mark)
            self._mark = None


def test_html_has_a_margin_note_per_coding_and_memo_and_marks_interviewer_turns(run_cli, coded):
    out = coded / "S01_pre.html"
    result = run_cli("--project", coded, "export", "transcript", "S01_pre", "--format", "html", "--out", out,
                     "--lang", "en")
    assert result.exit_code == 0, result.err
    parser = _Notes()
    parser.feed(out.read_text(encoding="utf-8"))
    codings, segment_memos, coding_memos, interviewer = _database(coded, "S01_pre")
    assert Counter(parser.codings) == Counter((code, coder) for _i, code, coder, _w, _c in codings)
    assert parser.memos == len(segment_memos) + 1  # + the document memo at the top
    assert parser.interviewer_turns == interviewer
    coded_words = "".join(parser.marks)
    assert all(words in coded_words for _i, _code, _coder, words, _c in codings)


def test_only_coder_and_bad_requests(run_cli, coded):
    from docx import Document

    out = coded / "b.docx"
    assert run_cli("--project", coded, "export", "transcript", "S01_pre", "--only-coder", "B", "--out", out).exit_code == 0
    codings, segment_memos, _cm, _i = _database(coded, "S01_pre")
    comments = list(Document(str(out)).comments)
    assert len(comments) == sum(1 for c in codings if c[2] == "B") + len(segment_memos)
    chinese = run_cli("--project", coded, "--lang", "zh", "export", "transcript", "S01_pre", "--out", coded / "z.docx")
    assert chinese.exit_code == 0, chinese.err
    assert re.search(r"^S01_pre：\d+ 条编码，\d+ 条备忘，\d+ 个段落$", chinese.err, re.MULTILINE), chinese.err
    missing = run_cli("--project", coded, "export", "transcript", "S01_pre", "NOBODY")
    assert missing.exit_code == 2 and "'NOBODY'" in missing.err and "S01_pre" in missing.err
    assert not (coded / "exports" / "transcripts").exists()
    neither = run_cli("--project", coded, "export", "transcript")
    assert neither.exit_code == 2 and "--all" in neither.err
