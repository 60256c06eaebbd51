"""Find line-initial speaker labels of any style, for speaker inference.

The built-in matcher (:mod:`qualcode.core.speakers`) knows a fixed list of labels. Real transcripts
name their speakers in many other ways, so this module looks for *label candidates* in every common
layout, whatever the name:

- ``Name: words`` / ``**Name**: words`` / ``Name (00:00:03): words`` / ``学生：words`` / ``说话人 1：words``
- ``[Jane Smith] 10:02:03`` (Zoom), with the words on the same line or on the next lines
- ``Speaker 1  0:03`` / ``说话人 1 00:03`` alone on a line, the words below (Otter)
- ``00:00:03 Speaker 1`` alone on a line, the words below; ``00:00:03<TAB>Jane Smith<TAB>words`` (Zoom .txt)

A candidate is only a guess: :func:`kept_labels` keeps the names that recur (or are known role words, or
members of a group's series: ``学生A``, ``学生B``, ``学生C``),
because a label used once is more likely a line of text that happens to contain a colon.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from qualcode.core.models import Role

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_SP = r"[ \t\u3000]"
# An English-style name: up to four words, the first capitalised, the others capitalised or numbers
# ("Speaker 1", "Jane Smith", "Dr. Lee", "Participant 3", "Q"); or a lower-case known role word.
# Latin letters with accents count too ("Ana María", "José", "Nguyễn", "Zoë"): Latin-1, Extended-A/B and
# Extended Additional; the capital at the start is checked in _plausible for the ranges that mix cases.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_EN_WORD = rf"[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff][{_LATIN}'’\-]*\.?"
_EN_NAME = rf"{_EN_WORD}(?:{_SP}{{1,2}}(?:{_EN_WORD}|\d{{1,3}})){{0,3}}"
# A Chinese-style name: a few CJK characters, optionally a number or letter ("说话人 1", "学生A", "小王").
_ZH_NAME = rf"[\u3400-\u9fff]{{1,6}}(?:{_SP}?(?:\d{{1,3}}|[A-Za-z]|[一二三四五六七八九十]{{1,2}}))?"
# A group's speakers marked by a capital letter first: "A同学", "B组员". (Not "1号", "2号": a date, and a diary
# of "1号：…" lines would be taken for a file of labels.)
_MARKED_ZH_NAME = r"[A-Z][\u3400-\u9fff]{1,3}"
_NAME = rf"(?P<name>{_EN_NAME}|{_ZH_NAME}|{_MARKED_ZH_NAME}|[a-z]{{1,15}}(?:{_SP}\d{{1,3}})?)"
_BOLD = r"(?:\*\*)?"
# (?!\d{2}...): "Speaker 1  0:03" is a name and a time, not "Speaker 1 0" and the words "03"; but in
# "李明：00:05 还行。" (a speaker | time | words table read as a line) the colon is followed by a whole time.
# Only an ASCII colon behind a digit can be inside a clock time: "患者：30岁了。" and "Tom:19 next month."
# are a label and an answer that starts with a number.
_COLON = rf"{_SP}*{_BOLD}{_SP}*(?:：|(?<!\d):|:(?!\d{{2}}(?![:：]\d))){_SP}*{_BOLD}{_SP}*"
_BRACKETED_TIME = rf"[\[(（【]{_SP}*(?P<time>{_TIME}){_SP}*[\])）】]"
_NOTE = r"(?P<note>[(（][^()（）:：\n]{1,20}[)）])"

# Zoom: "[Jane Smith] 10:02:03" then the words (same line or below).
# Zoom display names often carry pronouns or a place in brackets ("[Jane Smith (she/her)]"): a note.
_ZOOM = re.compile(rf"\[{_SP}*{_NAME}{_SP}*{_NOTE}?{_SP}*\]{_SP}*(?P<time>{_TIME})?{_SP}*(?:[:：]{_SP}*)?")
# "00:00:03 Speaker 1" alone on its line, or followed by a colon and the words, or by a tab and the
# words (Zoom's tab-separated .txt: "00:00:03<TAB>Jane Smith<TAB>words").
_TIME_FIRST = re.compile(
    rf"[\[(]?(?P<time>{_TIME})[\])]?{_SP}+{_BOLD}{_NAME}{_BOLD}(?:{_SP}*{_NOTE})?(?:{_COLON}|\t{_SP}*|{_SP}*$)")
# "Name: words", "**Name**: words", "Name (00:00:03): words", "Name (note): words".
# A bracketed time may come first, with or without a space ("【00:00:01】王芳：…", "[00:12] Tom: …").
_LEADING_TIME = rf"(?:[\[(（【]{_SP}*(?P<ltime>{_TIME}){_SP}*[\])）】]{_SP}*)?"
_COLON_LABEL = re.compile(rf"{_LEADING_TIME}{_BOLD}{_NAME}{_BOLD}{_SP}*(?:{_BRACKETED_TIME}|{_NOTE})?{_COLON}")
# Otter: "Speaker 1  0:03" alone on a line; also "Interviewer (00:00:03)" alone.
_NAME_THEN_TIME = re.compile(
    rf"{_BOLD}{_NAME}{_BOLD}(?:{_SP}*{_NOTE})?{_SP}*(?:{_SP}(?P<time>{_TIME})|[\[(（【]{_SP}*(?P<btime>{_TIME}){_SP}*[\])）】]){_BOLD}{_SP}*$")
# A Markdown list or quote marker before a label ("- **发言人1 00:00**", "> Tom: …"), as notes apps and
# meeting tools that export Markdown write them; or a turn's number ("1.\t访谈者：", "12、受访者：", "（3）访谈者：",
# "• 受访者："), as Word writes a numbered or bulleted list when it saves a transcript as plain text and as
# transcribers number turns by hand. Every line of such a file was read as participant data, the questions too.
_LIST_MARKER = re.compile(r"[-*+>][ \t]+|(?:\d{1,4}[.．、)）]|[（(]\d{1,4}[)）]|[•·●▪◦])[ \t\u3000]*")
# "Interviewer: [00:12:10] words": a time just after the label.
# A bare time counts when words follow it ("李明：00:05 还行。"), as the built-in matcher reads it.
_TRAILING_TIME = re.compile(rf"(?:{_BRACKETED_TIME}|(?P<bare>{_TIME})(?={_SP})){_SP}*")

# "【访谈者】你最近……", "（学生）：……", "[受访者]：……": the name itself in brackets, as typed Chinese transcripts write
# it. A transcriber's note has the same shape ("【录音中断】", "[笑]", "（停顿）"), so a bracketed name counts only
# when it is a role word or one of two or more bracketed names that recur (see kept_labels), and a bracket alone on
# its line only when it is a role word.
_BRACKETED_NAME = re.compile(
    rf"(?P<open>[【\[（(]){_SP}*{_NAME}{_SP}*(?P<close>[】\]）)])"
    rf"{_SP}*(?:(?:：|:(?!\d)){_SP}*)?")

_CLOSING = {"【": "】", "[": "]", "（": "）", "(": ")"}
_LAYOUTS = (("zoom", _ZOOM), ("time-first", _TIME_FIRST), ("name-time", _NAME_THEN_TIME), ("colon", _COLON_LABEL),
            ("bracketed", _BRACKETED_NAME))

# Role words a label may start with. Used to keep a label seen only once and to choose roles.
INTERVIEWER_WORDS: tuple[str, ...] = (
    "interviewer", "int", "i", "q", "moderator", "mod", "facilitator", "researcher", "host",
    "访谈者", "訪談者", "访谈员", "訪談員", "访问者", "訪問者", "采访者", "採訪者", "研究者", "研究员", "研究員",
    "主持人", "主持", "社工", "老师", "老師", "教师", "教師", "调查员", "調查員", "问", "問",
)
PARTICIPANT_WORDS: tuple[str, ...] = (
    "participant", "respondent", "interviewee", "student", "client", "pupil", "youth", "r", "a", "p",
    "受访者", "受訪者", "被访者", "被訪者", "学生", "學生", "参与者", "參與者", "案主", "服务对象", "服務對象",
    "组员", "組員", "学员", "學員", "青少年", "答",
)
# Speakers a transcription service could not identify (Otter's "Unknown Speaker"): their words are
# kept as turns of their own but belong to no participant.
OTHER_WORDS: tuple[str, ...] = ("unknown speaker", "unknown", "未知说话人", "未知發言人", "未知发言人", "未知")
# Words that start a line with a colon but never name a speaker: pronouns (a retold dialogue,
# "我：……", "She: ……") and the keys of a transcript's header ("Date: ……", "地点：……").
_NOT_SPEAKERS = frozenset(
    "he she they we you it me him her them note notes date time location place duration title subject "
    "topic re tel email url http https transcript recording audio laughter laughs laughing inaudible "
    "crosstalk pause silence music applause unclear 笑 笑声 笑聲 沉默 停顿 停頓 听不清 聽不清 "
    "my his our their your 笔记 筆記 我 你 他 她 它 我们 你们 他们 她们 注 备注 備註 日期 时间 時間 地点 地點 时长 時長 主题 主題 标题 標題 录音 錄音".split()
)
# A Chinese "label" ending in a verb of saying is retold speech ("我妈说：……"), not a speaker.
_SPEECH_VERB_ENDINGS = ("说", "說", "问", "問", "讲", "講", "道", "想", "称", "稱", "表示", "回答")


@dataclass(frozen=True)
class LabelCandidate:
    """A line that starts like a speaker label."""

    line_index: int  # 0-based
    name: str  # the speaker as written, white space collapsed, without ** or a time
    timestamp: str | None
    utterance_start: int  # index in the line where the words begin (the line's length for a header line)
    layout: str = "colon"  # which of the layouts below matched: "zoom", "time-first", "name-time", "colon"
    bare_time_at: int | None = None  # where a bare time after the colon begins (see speakers.LabelHit)

    @property
    def key(self) -> str:
        return label_key(self.name)


# A display name's trailing note in brackets: pronouns, a place, a role ("Jane Smith (she/her)",
# "Leo Park (UCL)", "王芳（社工）"). Zoom keeps it in the name; one person must be one speaker whichever
# file (.vtt, .txt, .docx) their words come from, so every reader drops it the same way.
_TRAILING_NOTE = re.compile(r"[ \t]*[(（][^()（）:：\n]{1,20}[)）][ \t]*$")


def without_note(name: str) -> str:
    """``Jane Smith (she/her)`` -> ``Jane Smith``; a name that is only a bracket is kept as written."""
    bare = _TRAILING_NOTE.sub("", name)
    return bare if bare.strip() else name


def label_key(name: str) -> str:
    """How labels are compared: case and white space do not make two speakers."""
    return " ".join(name.split()).casefold()


def role_word(name: str) -> Role | None:
    """The role a label's own word names (``Moderator``, ``学生A``, ``Participant 3``), or None."""
    key = label_key(name)
    base = re.sub(r"[ \t]*(?:\d{1,3}|[a-z]|[一二三四五六七八九十]{1,2})$", "", key) if len(key) > 1 else key
    for words, role in ((INTERVIEWER_WORDS, "interviewer"), (PARTICIPANT_WORDS, "participant"), (OTHER_WORDS, "other")):
        if key in words or base in words:
            return role  # type: ignore[return-value]
        # 社工小李, 学生甲: a Chinese role word followed by a name or a letter
        if any(len(word) > 1 and not word.isascii() and key.startswith(word) for word in words):
            return role  # type: ignore[return-value]
    return None


def find_candidate(line: str, index: int) -> LabelCandidate | None:
    """The label candidate at the start of ``line``, or None."""
    stripped = line.lstrip(" \t\u3000")
    marker = _LIST_MARKER.match(stripped)
    if marker is not None:
        stripped = stripped[marker.end():]
    lead = len(line) - len(stripped)
    for layout, pattern in _LAYOUTS:
        match = pattern.match(stripped)
        if match is None:
            continue
        name = " ".join(match.group("name").split())
        if not _plausible(name, match.group("name")):
            return None
        if layout == "bracketed" and (_CLOSING[match.group("open")] != match.group("close")
                                      or not stripped[match.end():].strip() and role_word(name) is None):
            return None   # "【录音中断】" alone on its line: a note, not a speaker whose words follow
        groups = match.groupdict()
        timestamp = groups.get("ltime") or groups.get("time") or groups.get("btime")
        end = match.end()
        trailing = _TRAILING_TIME.match(stripped, end)
        bare_time_at = None
        if trailing is not None and trailing.group("bare") and timestamp:
            trailing = None  # the label has its time already; a bare one after the colon is words
        if trailing is not None:
            timestamp, end = timestamp or trailing.group("time") or trailing.group("bare"), trailing.end()
            bare_time_at = lead + trailing.start("bare") if trailing.group("bare") else None
        return LabelCandidate(index, name, timestamp, lead + end, layout, bare_time_at)
    return None


def could_be_speaker(name: str) -> bool:
    """False for a prefix that names no speaker whatever its case: a header word or pronoun ("Note",
    "She"), a possessive ("My mom"), or retold speech ("My mom said", "我妈说")."""
    words = label_key(name).split(" ")
    if " ".join(words) in _NOT_SPEAKERS or words[0] in _NOT_SPEAKERS or words[-1] in _SAYING_WORDS:
        return False
    return not (len(name) > 1 and not name.isascii() and name.endswith(_SPEECH_VERB_ENDINGS))


# English verbs of saying that end a retold speaker ("Mom said: …", "He goes: …").
_SAYING_WORDS = frozenset("said says say asked asks told tells goes went replied replies answered answers "
                          "thought thinks yelled shouted".split())


def _plausible(name: str, raw: str) -> bool:
    if not could_be_speaker(name):
        return False
    if raw.islower() and raw.isascii() and role_word(name) is None:
        return False  # "so: ..." -- a lower-case word is text unless it is a role word ("interviewer:")
    if name[0].islower() and not name.isascii():
        return False  # "él: ..." -- the accented ranges hold both cases; a name starts with a capital
    return True


def find_candidates(lines: Iterable[str]) -> list[LabelCandidate | None]:
    return [find_candidate(line, index) for index, line in enumerate(lines)]


def kept_labels(candidates: Iterable[LabelCandidate | None], *, forced: Iterable[str] = (),
                single_role_words: bool = True) -> set[str]:
    """Keys of the labels that count as speakers: used at least twice, or named by an override, or
    (``single_role_words``) a role word seen once (``Moderator:``)."""
    candidates = [c for c in candidates if c is not None]
    counts = Counter(c.key for c in candidates)
    forced_keys = {label_key(name) for name in forced}
    # One-letter role words ("A:", "I:") seen once are too often an answer option or a list item.
    kept = {key for key, n in counts.items()
            if n >= 2 or key in forced_keys or (single_role_words and len(key) > 1 and role_word(key) is not None)}
    # A timed label in the very layout the file's speakers use ("Unknown Speaker  2:56" below
    # "Speaker 1  0:03" headers, "小张(00:12:01):" among "王老师(00:00:02):") is a speaker who spoke
    # once, not a line of text: a time stamp is not something people write inside an answer.
    timed_layouts = {c.layout for c in candidates if c.key in kept and c.timestamp}
    kept |= {c.key for c in candidates if c.timestamp and c.layout in timed_layouts}
    # "Student 2:" once in a group interview whose "Student 1:" and "Student 3:" recur is the second
    # student, not words of the turn before: a numbered label whose series is already a speaker.
    series = {_series(key) for key in kept} - {None}
    kept |= {c.key for c in candidates if _series(c.key) in series}
    # "学生A：", "学生B：", "学生C：" once each in a short focus group (its "访谈者：" recognised) are the group's
    # speakers, not words of the interviewer's turn: two or more members of one series named by a participant
    # word of two or more letters. Enumerations in an answer ("第一：", "方法1：", "Step 1:") are no role word; a
    # one-letter base ("A1:", "P2:") is left out as one-letter role words are above; and retold speech of an
    # interviewer-like series ("老师1：你要努力。" in a student's answer) stays in the turn. Read wrongly, a
    # participant's described types ("学生A：成绩好") become turns of participants: their words stay participant data.
    members: dict[str, set[str]] = {}
    for candidate in candidates:
        base = _series(candidate.key)
        if base is not None and len(base) > 1 and role_word(base) == "participant":
            members.setdefault(base, set()).add(candidate.key)
    kept |= {key for keys in members.values() if len(keys) >= 2 for key in keys}
    return kept - _bracketed_notes(candidates, kept)


def _bracketed_notes(candidates: list[LabelCandidate], kept: set[str]) -> set[str]:
    """Bracketed names that are a transcriber's notes, not speakers. A name in brackets ("【录音中断】还有杂音",
    "（哭）我……") is a speaker when it is a role word ("【访谈者】", "（学生）"); any other only in a file whose
    speakers are all written so and when two or more such names recur or a role word is among them (a dialogue:
    "【王芳】……" / "【小赵】……"). Beside labels of another style, or alone, a bracketed name is a note."""
    bracketed = {c.key for c in candidates if c.layout == "bracketed"} & kept
    other_styles = {c.key for c in candidates if c.layout != "bracketed"} & kept
    people = {key for key in bracketed if role_word(key) is None}
    dialogue = len(people) >= 2 or len(bracketed) > len(people)
    if dialogue and not other_styles - bracketed:
        return set()
    return people - other_styles


# The number may be a digit, a Chinese numeral or 甲乙丙丁, or a letter after a space ("Student C") or
# after Chinese ("学生C") -- not a letter ending an English name ("Tom" and "Tod" are no series).
_NUMBERED = re.compile(
    r"(?P<base>.+?)(?:[ \t]*(?:\d{1,3}|[一二三四五六七八九十]{1,2}|[甲乙丙丁])|[ \t]+[a-z]|(?<![\x00-\x7f])[a-z])")


def _series(key: str) -> str | None:
    """The name a numbered label counts in ("student" for "student 2", "学生" for "学生c"), or None; the
    series of 甲, 乙, 丙, 丁 alone (the usual names of a group's speakers in Chinese minutes) is ``""``."""
    if key in _STEMS:
        return ""
    marked = _MARKED_FIRST.fullmatch(key)
    if marked is not None:   # "a同学" and "c同学" are one series
        return "#" + marked.group("rest")
    match = _NUMBERED.fullmatch(key)
    return match.group("base") if match else None


_STEMS = frozenset("甲乙丙丁戊")
_MARKED_FIRST = re.compile(r"[a-z](?P<rest>[\u3400-\u9fff]{1,3})")

