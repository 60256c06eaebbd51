"""Property tests: for any generated transcript every turn's span is exactly its utterance.

Transcripts are generated from the speaker styles of the conventions, with
Chinese, English and emoji utterances, continuation and blank lines, optional
timestamps and front matter, \\r\\n or \\n newlines and several encodings.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.io.readers import read_transcript

STYLES = [
    ("访谈者", "受访者"),
    ("訪談者", "受訪者"),
    ("问", "答"),
    ("I", "R"),
    ("Interviewer", "P01"),
    ("Interviewer", "S12"),
    ("A", "B"),
    ("访谈者（李老师）", "受访者（小王）"),
]
# How a label is written: plain or in Markdown bold; the speaker is the same.
DECORATIONS = ["{}", "**{}**"]
# A continuation line must not itself look like a label, heading or timestamp,
# so it starts with an everyday Chinese character or an emoji.
LINE_STARTS = "我你他她好的是在有老师家学校目标计划妈朋友们今天觉得还可以不没了很想要说😀👍"
BODY = (
    "我你他她好的是在有老师家学校目标计划妈妈朋友们今天觉得还可以不没了很想要说自己压力工作实习证"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "，。！？、：:；“”（）《》…—,.!?;'\"()- \u3000"
    "😀🙂👍🏻🎉❤\ufe0f"
)
TIMESTAMPS = ["", "[00:12:03] ", "[1:02]", "【00:00:59】 "]
COLONS = ["：", ":", " ：", "： ", ": ", "：\u3000"]
BETWEEN_TURNS = ["\n", "\n\n", "\n \n", "\n\n\n"]
INSIDE_TURN = ["\n", "\n\n", "\n\t\n"]
# White space around lines: kept inside an utterance, never at its ends.
INDENTS = ["", "  ", "\u3000\u3000"]
TRAILING = ["", " ", "\t", "\u3000 "]


@dataclass(frozen=True)
class GeneratedTurn:
    speaker: str
    role: str
    timestamp: str | None
    utterance: str


# Since speaker inference (issue 12), a short run of Chinese characters -- with a number, a letter or a
# bracketed note -- then a colon, or then a time at the end of the line, starts a turn when it recurs
# ("小王：", "说话人 1 00:03"); a continuation line written like that is a speaker, so none is generated.
LABEL_LIKE = re.compile(
    r"[\u3400-\u9fff]{1,6}[ \t\u3000]?(?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,2})?[ \t\u3000]*"
    r"(?:[(（][^()（）:：\n]{1,20}[)）])?[ \t\u3000]*[:：]"
    r"|[\u3400-\u9fff]{1,6}[ \t\u3000]?(?:\d{1,3}|[A-Za-z])?[ \t\u3000]+\d{1,2}:\d{2}")


@st.composite
def utterances(draw) -> str:
    lines = draw(
        st.lists(
            st.builds(lambda first, rest: (first + rest).rstrip(), st.sampled_from(LINE_STARTS),
                      st.text(BODY, max_size=40)).filter(lambda line: not LABEL_LIKE.match(line)),
            min_size=1,
            max_size=4,
        )
    )
    text = lines[0]
    for line in lines[1:]:
        text += draw(st.sampled_from(TRAILING)) + draw(st.sampled_from(INSIDE_TURN))
        text += draw(st.sampled_from(INDENTS)) + line
    return text


@st.composite
def transcripts(draw) -> tuple[str, list[GeneratedTurn]]:
    interviewer, participant = draw(st.sampled_from(STYLES))
    decoration = draw(st.sampled_from(DECORATIONS))
    roles = ["interviewer", "participant"] + draw(
        st.lists(st.sampled_from(["interviewer", "participant"]), max_size=8)
    )
    document = ""
    turns = []
    for index, role in enumerate(roles):
        speaker = interviewer if role == "interviewer" else participant
        stamp = draw(st.sampled_from(TIMESTAMPS))
        colon = draw(st.sampled_from(COLONS))
        utterance = draw(utterances())
        on_next_line = draw(st.booleans())
        if index:
            document += draw(st.sampled_from(BETWEEN_TURNS))
        document += stamp + decoration.format(speaker) + colon + ("\n" if on_next_line else "") + utterance
        document += draw(st.sampled_from(TRAILING))
        timestamp = stamp.strip(" []【】") or None
        turns.append(GeneratedTurn(speaker, role, timestamp, utterance))
    if draw(st.booleans()):
        document += "\n"
    return document, turns


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generated=transcripts(),
    front_matter=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
)
def test_every_turn_span_is_exactly_its_utterance(generated, front_matter, newline, encoding):
    document, expected = generated
    source = ("---\nparticipant: S05\nwave: post\n---\n\n" if front_matter else "") + document
    data = source.replace("\n", newline).encode(encoding)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "S05_pre.txt"
        path.write_bytes(data)
        parsed = read_transcript(path)
        again = read_transcript(path)

    assert parsed == again  # the same bytes always give the same result
    assert parsed.text == document  # offsets are code points into exactly this text
    # The only warning a well-formed transcript may get is about its balance (an interviewer who
    # holds 90% of these random words); see tests/test_speaker_inference.py.
    assert [w for w in parsed.warnings if " holds " not in w] == []
    assert [(parsed.text[t.start : t.end], t.speaker, t.role, t.timestamp) for t in parsed.turns] == [
        (t.utterance, t.speaker, t.role, t.timestamp) for t in expected
    ]
    assert dict(parsed.metadata) == {"participant": "S05", "wave": "post" if front_matter else "pre"}
