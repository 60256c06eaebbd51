"""The learned bench's readers of outside coded data, on tiny files written here in the same formats."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))

from asap_reader import AsapCounts, read_asap  # noqa: E402
from maxqda_reader import MaxqdaCounts, read_maxqda  # noqa: E402
from remedi_reader import RemediCounts, read_remedi  # noqa: E402
from taguette_reader import TaguetteCounts, read_taguette, taguette_descriptions  # noqa: E402
from turn_sheet_reader import SheetCounts, read_turn_sheet, sheet_codes  # noqa: E402

# Taguette's own tables, reduced to the columns the reader uses.
SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, contents TEXT);
CREATE TABLE highlights (id INTEGER PRIMARY KEY, document_id INTEGER, start_offset INTEGER, end_offset INTEGER,
                         snippet TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, path TEXT, description TEXT);
CREATE TABLE highlight_tags (highlight_id INTEGER, tag_id INTEGER);
"""

# Curly quotes, Chinese and an entity: Taguette counts UTF-8 bytes of the text with tags removed and
# entities decoded, so a reader counting characters would land in the wrong paragraph.
DOCUMENT = ("<p>1 Open the ‘Query’ tab.</p>\n"
            "<p>   I click here &amp; wait. 这个按钮很清楚。</p>\n"
            "<p>   The moderator helped me here.</p>\n"
            "<p>   Nothing to say.</p>\n"
            "<p>  1.a Was it clear?</p>\n"
            "<p>   Not really, the wording was odd. Also slow.</p>")
PLAIN = ("1 Open the ‘Query’ tab.\n   I click here & wait. 这个按钮很清楚。\n   The moderator helped me here.\n"
         "   Nothing to say.\n  1.a Was it clear?\n   Not really, the wording was odd. Also slow.")


def span(phrase: str) -> tuple[int, int]:
    start = len(PLAIN[:PLAIN.index(phrase)].encode("utf-8"))
    return start, start + len(phrase.encode("utf-8"))


def write_project(path: Path) -> None:
    highlights = [(1, "这个按钮很清楚。", [1]), (2, "The moderator helped me here.", [2]),
                  (3, "the wording was odd.", [3, 1]), (4, "Also slow.", []), (5, "Open the", [3])]
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.execute("INSERT INTO documents VALUES (1, 'P1.odt', ?)", (DOCUMENT,))
        db.executemany("INSERT INTO tags VALUES (?, ?, ?)", [(1, "Clear", "The step is understood.\n"),
                                                              (2, "Moderator assist", "  "), (3, "Wording", "")])
        for hid, phrase, tags in highlights:
            db.execute("INSERT INTO highlights VALUES (?, 1, ?, ?, ?)", (hid, *span(phrase), phrase))
            db.executemany("INSERT INTO highlight_tags VALUES (?, ?)", [(hid, t) for t in tags])


def test_paragraphs_are_turns_with_the_codes_of_overlapping_highlights(tmp_path):
    db = tmp_path / "project.sqlite3"
    write_project(db)
    counts = TaguetteCounts()
    turns = read_taguette(db, "en", r"^\d+(\.[a-z])?\s", "paragraph", counts)
    assert [(d, t.text, set(t.codes), t.question) for d, t in turns] == [
        ("P1.odt", "I click here & wait. 这个按钮很清楚。", {"Clear"}, "1 Open the ‘Query’ tab."),
        ("P1.odt", "The moderator helped me here.", {"Moderator assist"}, "1 Open the ‘Query’ tab."),
        ("P1.odt", "Nothing to say.", set(), "1 Open the ‘Query’ tab."),
        ("P1.odt", "Not really, the wording was odd. Also slow.", {"Wording", "Clear"}, "1.a Was it clear?"),
    ]
    assert (counts.documents, counts.highlights, counts.untagged_highlights,
            counts.highlights_on_questions_only) == (1, 5, 1, 1)


def test_highlights_are_units_and_untouched_paragraphs_stay_uncoded(tmp_path):
    db = tmp_path / "project.sqlite3"
    write_project(db)
    counts = TaguetteCounts()
    turns = read_taguette(db, "en", r"^\d+(\.[a-z])?\s", "highlight", counts)
    assert [(t.text, set(t.codes)) for _, t in turns] == [
        ("Open the", {"Wording"}),          # the researcher's unit, even on a task line
        ("这个按钮很清楚。", {"Clear"}),
        ("The moderator helped me here.", {"Moderator assist"}),
        ("Nothing to say.", set()),
        ("the wording was odd.", {"Wording", "Clear"}),
    ]
    assert counts.untagged_highlights == 1 and counts.highlights_on_questions_only == 0


def test_without_a_question_pattern_every_paragraph_is_scored(tmp_path):
    db = tmp_path / "project.sqlite3"
    write_project(db)
    turns = read_taguette(db, "en")
    assert len(turns) == 6 and all(t.question == "" for _, t in turns)
    assert set(turns[0][1].codes) == {"Wording"}


def test_tag_descriptions_are_the_codebook_text_and_blank_ones_are_left_out(tmp_path):
    db = tmp_path / "project.sqlite3"
    write_project(db)
    assert taguette_descriptions(db) == {"Clear": ["The step is understood."]}


# A MAXQDA Coded Segments report as pypdf reads the PDF export: cells run together, a long segment wraps.
CODE_SYSTEM = """Code System
Code System Memo Frequency
Code System  4
Purposes Why participants use the plots. 0
Feature importance  2
Tool complexity The tool felt hard to use. 1
Trust  1
"""
SEGMENTS = """Coded Segments
Document name Code Segment
P1 Purposes > Feature importance we rank the features and look at the top ones
first, then the rest
P1 Tool complexity Participant: It took me a while. Dan: Why? Participant: Too many
buttons.
P2 Purposes > Feature importance mostly the important ones
P2 Trust Dan: Do you trust it?
"""
P1 = """Dan:
Which plots do you look at?
Participant:
Well, we rank the features and look at the top ones first, then the rest.
Dan:
How was the tool?
Participant:
It took me a while.
Dan:
Why?
Participant:
Too many buttons.
Participant:
Nothing else.
"""
P2 = "Dan: Which ones?\nParticipant: mostly the important ones\nDan: Do you trust it?\nParticipant: Yes.\n"


def write_maxqda(folder: Path) -> tuple[Path, Path, list[Path]]:
    files = {"segments.txt": SEGMENTS, "codes.txt": CODE_SYSTEM, "P1.txt": P1, "P2.txt": P2}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "segments.txt", folder / "codes.txt", [folder / "P1.txt", folder / "P2.txt"]


def test_maxqda_segments_code_the_participant_turns_they_cover(tmp_path):
    segments, codes, transcripts = write_maxqda(tmp_path)
    counts = MaxqdaCounts()
    turns = read_maxqda(segments, codes, transcripts, "en", "Dan", counts=counts)
    assert [(d, t.text, set(t.codes), t.question) for d, t in turns] == [
        ("P1", "Well, we rank the features and look at the top ones first, then the rest.",
         {"Purposes > Feature importance"}, "Which plots do you look at?"),
        ("P1", "It took me a while.", {"Tool complexity"}, "How was the tool?"),
        ("P1", "Too many buttons.", {"Tool complexity"}, "Why?"),      # the segment runs over the question
        ("P1", "Nothing else.", set(), "Why?"),
        ("P2", "mostly the important ones", {"Purposes > Feature importance"}, "Which ones?"),
        ("P2", "Yes.", set(), "Do you trust it?"),
    ]
    # The coded interviewer line is in no participant turn: counted, not dropped silently.
    assert counts.segments == 4 and counts.segments_not_found == ["P2: Dan: Do you trust it?"]


def test_maxqda_top_level_keeps_the_code_group(tmp_path):
    segments, codes, transcripts = write_maxqda(tmp_path)
    turns = read_maxqda(segments, codes, transcripts, "en", "Dan", top_level=True)
    assert [set(t.codes) for _, t in turns] == [{"Purposes"}, {"Tool complexity"}, {"Tool complexity"}, set(),
                                                {"Purposes"}, set()]


def write_turn_sheet(path: Path) -> None:
    """One coder's sheet: code ids, code names, then turns with 0/1 cells; "Participant N" starts a document."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Edwina"
    for row in [
        ["Codes No.", "Im1", "Ex1"],
        ["Codes", "補充式標籤提供細節線索", "判斷式標籤較沒說服力"],
        ["A: 這一行在第一份訪談之前", "1", "0"],
        ["Participant 1", None, None],
        ["A: 哪些資訊幫助你判斷？", "0", "1"],
        ["B: 補充式的標籤。", "1", "0"],
        ["還有圖片本身。", "0", "0"],
        ["A：判斷式的呢？", "0", "0"],
        ["比較沒有用嗎？", "0", "0"],
        ["B：不太相信它。", "0", "1"],
        [None, None, None],
        ["Participant 2", None, None],
        ["B: 都有用。", "1", "1"],
    ]:
        sheet.append(row)
    book.save(path)


def test_turn_sheet_participant_rows_are_turns_and_interviewer_rows_questions(tmp_path):
    path = tmp_path / "2nd Coding.xlsx"
    write_turn_sheet(path)
    counts = SheetCounts()
    turns = read_turn_sheet(path, "Edwina", "zh", counts=counts)
    assert [(d, t.text, set(t.codes), t.question) for d, t in turns] == [
        ("Participant 1", "補充式的標籤。", {"Im1"}, "哪些資訊幫助你判斷？"),
        ("Participant 1", "還有圖片本身。", set(), "哪些資訊幫助你判斷？"),   # no label: the participant's again
        ("Participant 1", "不太相信它。", {"Ex1"}, "判斷式的呢？ 比較沒有用嗎？"),
        ("Participant 2", "都有用。", {"Im1", "Ex1"}, ""),
    ]
    assert (counts.documents, counts.rows_before_first_document, counts.interviewer_codings) == (2, 1, 1)
    assert sheet_codes(path, "Edwina") == {"Im1": "補充式標籤提供細節線索", "Ex1": "判斷式標籤較沒說服力"}


def test_names_as_hints_use_the_sheets_names_or_else_the_code_id():
    from learned_bench import with_names

    from qualcode.nlp.learned import CodedTurn

    turns = [("D1", CodedTurn("a", frozenset({"Im1"}))), ("D1", CodedTurn("b", frozenset({"Im1", "Ex2"}))),
             ("D2", CodedTurn("c", frozenset()))]
    named = with_names(turns, {"Im1": ["a description"]}, {"Im1": "labels give clues", "Ex2": ""})
    assert named == {"Im1": ["a description", "labels give clues"]}   # a blank name adds nothing
    assert with_names(turns, None, None) == {"Ex2": ["Ex2"], "Im1": ["Im1"]}   # Taguette tags, MAXQDA paths


# ReMeDi's processed lines: one per patient turn, the dialogue so far as context, a blank line between dialogues.
REMEDI = (
    "<|endoftext|> <|context|> <|endofcontext|> <|currentuser|> 头疼三天了（女，30岁） <|endofcurrentuser|> "
    "<|intent|> Inform symptom 头痛  <|continue|> Inform time 三天  <|endofintent|>  <|knowledge|>  "
    "<|endofknowledge|> <|action|> Inquire symptom   <|endofaction|> <|response|> 发烧吗？ <|endofresponse|>  "
    "<|endoftext|>\n"
    "<|endoftext|> <|context|> <|user|> 头疼三天了（女，30岁） <|system|> 发烧吗？<|endofcontext|> "
    "<|currentuser|> 不发烧，吃什么药好？ <|endofcurrentuser|> <|intent|> Inform symptom 发热  <|continue|> "
    "Inquire medicine   <|continue|> Inform symptom 头痛  <|endofintent|> <|endoftext|>\n"
    "<|endoftext|> <|context|> this line lost its turn and intent fields\n"
    "<|endoftext|> <|context|> <|user|> 头疼三天了（女，30岁） <|system|> 发烧吗？<|user|> 不发烧，吃什么药好？ "
    "<|system|> 可以吃布洛芬<|user|> 好的 <|endofcontext|> <|currentuser|> 谢谢医生 <|endofcurrentuser|> "
    "<|intent|> Chitchat   <|endofintent|> <|endoftext|>\n"
    "\n"
    "<|endoftext|> <|context|> <|endofcontext|> <|currentuser|> 心脏有杂音怎么办 <|endofcurrentuser|> "
    "<|intent|> Inform 心脏杂音  <|continue|> Other  <|endofintent|> <|endoftext|>\n"
    "<|endoftext|> <|context|> <|user|> 心脏有杂音怎么办 <|endofcontext|> <|currentuser|> 在吗 "
    "<|endofcurrentuser|> <|intent|>  <|endofintent|> <|endoftext|>\n"
)


def test_remedi_patient_turns_take_the_doctors_latest_turn_as_question(tmp_path):
    path = tmp_path / "dev_human_annotation.txt"
    path.write_text(REMEDI, encoding="utf-8")
    counts = RemediCounts()
    turns = read_remedi([path], "zh", counts=counts)
    first, second = "dev_human_annotation dialogue 1", "dev_human_annotation dialogue 2"
    assert [(d, t.text, set(t.codes), t.question) for d, t in turns] == [
        (first, "头疼三天了（女，30岁）", {"Inform symptom", "Inform time"}, ""),
        (first, "不发烧，吃什么药好？", {"Inform symptom", "Inquire medicine"}, "发烧吗？"),
        (first, "谢谢医生", {"Chitchat"}, "可以吃布洛芬"),   # the doctor's latest, not the patient's "好的"
        (second, "心脏有杂音怎么办", {"Inform", "Other"}, ""),   # a value where the slot belongs
        (second, "在吗", set(), ""),
    ]
    assert [t.label for _, t in turns][:2] == ["dev_human_annotation.txt line 1", "dev_human_annotation.txt line 2"]
    assert (counts.dialogues, counts.malformed_lines, counts.unlabelled_turns, counts.labels_without_slot) == (2, 1, 1, 1)


def test_remedi_top_level_keeps_the_intent_alone(tmp_path):
    path = tmp_path / "dev.txt"
    path.write_text(REMEDI, encoding="utf-8")
    codes = [set(t.codes) for _, t in read_remedi([path], "zh", top_level=True)]
    assert codes == [{"Inform"}, {"Inform", "Inquire"}, {"Chitchat"}, {"Inform", "Other"}, set()]


# ASAP's layout (index, review, star, one column per aspect: 1, 0, -1, or -2 for not mentioned), three aspects.
ASAP_HEADER = "index,reviewbody,star,service_wait_time,price_level,dish_taste\n"
ASAP_TRAIN = ASAP_HEADER + (
    "7,排队一小时，菜很好吃但是贵,4.0,-1,-1,1\n"
    "8,服务一般，价格适中,3.0,0,0,-2\n"
    "9,就是路过看看,3.0,-2,-2,-2\n"      # mentions no aspect: kept, uncoded
    "10,,5.0,1,1,1\n"                    # no text: skipped
    "11,味道还行,4.0,-2,-2,2\n"           # 2 is not a polarity: that cell left out, the review uncoded
)
ASAP_DEV = ASAP_HEADER + (
    "8,服务一般，价格适中,3.0,0,0,-2\n"  # the same review again: skipped
    "12,上菜快，好吃,5.0,1.0,-2.0,1.0\n"  # written as floats by a sheet program
)


def write_asap(folder: Path) -> list[Path]:
    paths = [folder / "train_sample.csv", folder / "dev_sample.csv"]
    for path, text in zip(paths, (ASAP_TRAIN, ASAP_DEV)):
        path.write_text("\ufeff" + text, encoding="utf-8")
    return paths


def test_asap_each_review_is_a_document_coded_by_aspect_and_polarity(tmp_path):
    counts = AsapCounts()
    turns = read_asap(write_asap(tmp_path), "zh", counts=counts)
    assert [(d, t.text, set(t.codes), t.question) for d, t in turns] == [
        ("review 7", "排队一小时，菜很好吃但是贵",
         {"service_wait_time negative", "price_level negative", "dish_taste positive"}, ""),
        ("review 8", "服务一般，价格适中", {"service_wait_time neutral", "price_level neutral"}, ""),
        ("review 9", "就是路过看看", set(), ""),
        ("review 11", "味道还行", set(), ""),
        ("review 12", "上菜快，好吃", {"service_wait_time positive", "dish_taste positive"}, ""),
    ]
    assert turns[-1][1].label == "dev_sample.csv line 3"
    assert (counts.reviews, counts.repeated_reviews, counts.empty_reviews, counts.uncoded_reviews,
            counts.bad_cells) == (5, 1, 1, 2, 1)


def test_asap_top_level_keeps_the_aspect_alone(tmp_path):
    codes = [set(t.codes) for _, t in read_asap(write_asap(tmp_path), "zh", top_level=True)]
    assert codes == [{"service_wait_time", "price_level", "dish_taste"}, {"service_wait_time", "price_level"},
                     set(), set(), {"service_wait_time", "dish_taste"}]
