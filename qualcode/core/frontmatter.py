"""Transcript metadata: YAML front matter and what a file name tells us.

Front matter is the block between a first line ``---`` and the next line
``---`` (or ``...``).  File names such as ``S01_pre.txt`` give the participant
and the wave; front matter wins over the file name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePath
from typing import Any, Mapping

from qualcode.core.errors import Location, TranscriptError

_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

# A participant id in a file name: letters (Latin or Chinese) then digits (S01, E01, P7, stu12, 学生07).
_FILE_NAME_ID = re.compile(r"[A-Za-z\u3400-\u9fff]{1,4}\d{1,4}")
# Letters-then-digits words that tools and people put in file names but that name no participant: an
# encoding saved by an editor (utf16_S91.txt), a media or codec word from a recorder (zoom_mp4_S12), a
# version (S05_v2). "utf16_S91.txt" is participant S91, not UTF16; such a word alone gives none.
_NOT_AN_ID = re.compile(
    r"utf\d+|ucs\d+|gb\d+|big5|cp\d+|win\d+|latin\d|iso\d+|ansi\d*"
    r"|mp[34]|m4a|h26[45]|x26[45]|av1|v\d+|ver\d+|rev\d+|draft\d+|final\d*|copy\d*", re.IGNORECASE)
# Wave-like words (T1, w2, round3) are taken as the participant only when nothing else in the name is.
_WAVE_LIKE = re.compile(r"(?:w|t|time|round)\d{1,3}", re.IGNORECASE)
# Brackets too: Windows names a copy or a note so (`S07（前测）.txt`, `S07_pre (2).txt`, `【前测】S07.txt`); the name is
# read after NFKC, which makes full-width letters, digits, underscores and brackets (Ｓ０７＿前测) half-width.
_FILE_NAME_SEPARATORS = re.compile(r"[_\-\s.()\[\]【】〔〕、,]+")

# Spellings of the two waves of a pre/post design, mapped to the stored value.
WAVE_NAMES: Mapping[str, str] = {
    "pre": "pre",
    "pretest": "pre",
    "前测": "pre",
    "前測": "pre",
    "post": "post",
    "posttest": "post",
    "后测": "post",
    "後測": "post",
}


def split_front_matter(text: str, source_name: str) -> tuple[dict[str, str], str]:
    """Return (front-matter fields, the text after the front matter).

    Leading blank lines after the closing ``---`` are dropped too, so the
    stored text starts with the transcript itself.
    """
    opening = _OPENING.match(text)
    if opening is None:
        return {}, text
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise TranscriptError(
            "the front matter opened by '---' on line 1 has no closing '---' line",
            Location(source_name, line=1),
        )
    fields = _parse_yaml(text[opening.end() : closing.start()], source_name)
    body = text[closing.end() :]
    return fields, body.lstrip("\n")


# The usual front matter is a few `key: word` lines. Parsing each with ruamel took about 8 ms, most of an
# import of 100,000 survey answers; lines whose value YAML can only read as that very string are read
# directly. Anything else (numbers, dates, quotes, lists, comments, true/no/null …) goes to YAML.
_PLAIN_LINE = re.compile(r"([A-Za-z_][\w-]*):[ ]+([^\W\d_][\w.-]*(?: [\w.-]+)*)[ ]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})


def _plain_fields(block: str) -> dict[str, str] | None:
    """The fields of a block of plain `key: word` lines, exactly as YAML reads them; None for anything else."""
    data: dict[str, str] = {}
    for line in block.split("\n"):
        if not line.strip():
            continue
        match = _PLAIN_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if key in data or key.lower() in _YAML_WORDS or value.lower() in _YAML_WORDS:
            return None  # a repeated key is YAML's error to report; these words are not strings to YAML
        data[key] = value
    return data


def _parse_yaml(block: str, source_name: str) -> dict[str, str]:
    plain = _plain_fields(block)
    if plain is not None:
        return _fields(plain)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(block)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # +2: lines are 1-based and the block starts after the opening '---'.
        line = mark.line + 2 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise TranscriptError(
            f"malformed front matter: {problem}", Location(source_name, line=line, column=column)
        ) from None
    except YAMLError as error:
        raise TranscriptError(f"malformed front matter: {error}", Location(source_name)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TranscriptError(
            "the front matter must be 'key: value' lines (e.g. 'participant: S01')",
            Location(source_name, line=2),
        )
    return _fields(_numbers_as_written(data, block))


def _numbers_as_written(data: dict, block: str) -> dict:
    """``data`` with each number as the text it was written as: YAML reads ``participant: 007`` as the number 7
    (and ``grade: 08`` as 8, ``score: 1.50`` as 1.5), so participant 007 was imported as participant 7, unsaid.
    Every field is text to us; YAML's base loader, which resolves no type, gives the text."""
    if not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in data.values()):
        return data
    from ruamel.yaml import YAML

    written = YAML(typ="base", pure=True).load(block)
    if not isinstance(written, dict):
        return data
    written_by_key = {str(key).strip(): value for key, value in written.items()}
    kept = dict(data)
    for key, value in data.items():
        text = written_by_key.get(str(key).strip())
        if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(text, str):
            kept[key] = text.strip()
    return kept


def _fields(data: dict) -> dict[str, str]:
    fields = {str(key).strip().lower(): _as_text(value) for key, value in data.items() if value is not None}
    if "wave" in fields:
        fields["wave"] = normalise_wave(fields["wave"])
    if "participant" in fields:  # `participant: Ｓ１１` typed in full-width mode is S11, as in a file name
        fields["participant"] = unicodedata.normalize("NFKC", fields["participant"]).strip()
    return fields


def _as_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(item) for item in value)
    return str(value).strip()


def normalise_wave(wave: str) -> str:
    """``前测``/``Pre``/``Pre-test`` -> ``pre`` and so on; unknown waves are kept as written.

    Spaces, hyphens and underscores inside are ignored (``Pre-test``, ``post test`` as survey tools write them):
    they stayed as written, so a questionnaire's ``Pre-test`` never met the transcripts' ``pre``."""
    key = re.sub(r"[\s_\-]+", "", wave.strip().casefold())
    return WAVE_NAMES.get(key, wave.strip())


def metadata_from_file_name(source_name: str) -> dict[str, str]:
    """``S01_pre.txt`` -> {participant: S01, wave: pre}; unknown parts are ignored."""
    # A Chinese input method left in full-width mode types Ｓ07 or S０７: read as S07, the id the participants
    # table and the questionnaire give (S０７ became a case of its own, Ｓ07 no participant at all).
    stem = unicodedata.normalize("NFKC", PurePath(source_name).name).split(".", 1)[0]
    fields: dict[str, str] = {}
    ids: list[str] = []
    for part in _FILE_NAME_SEPARATORS.split(stem):
        if _FILE_NAME_ID.fullmatch(part) and not _NOT_AN_ID.fullmatch(part):
            ids.append(part)
        elif "wave" not in fields and part.casefold() in WAVE_NAMES:
            fields["wave"] = WAVE_NAMES[part.casefold()]
    # The first id-like word wins, a wave-like one (T1) only when it is the only one.
    ids.sort(key=lambda part: bool(_WAVE_LIKE.fullmatch(part)))
    if ids:
        fields["participant"] = ids[0].upper()
    return fields


# A folder that holds one wave of interviews: pre/post (any spelling above), wave1, w2, T1, time 2, round3.
_WAVE_FOLDER = re.compile(r"(?:wave|w|t|time|round)[ _-]?\d{1,3}", re.IGNORECASE)


def wave_from_folder(folder: str) -> str | None:
    """``pre`` -> pre, ``后测`` -> post, ``wave1``/``T1`` -> as written; None for a folder that names no wave."""
    name = folder.strip()
    if name.casefold() in WAVE_NAMES:
        return WAVE_NAMES[name.casefold()]
    return name if _WAVE_FOLDER.fullmatch(name) else None


def merge_metadata(from_file_name: Mapping[str, str], from_front_matter: Mapping[str, str]) -> dict[str, str]:
    """Front matter wins: the researcher wrote it on purpose."""
    return {**from_file_name, **from_front_matter}
