"""Reading and writing ``qualcode.toml`` (project settings)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from qualcode.core.errors import Location, ProjectError

CONFIG_NAME = "qualcode.toml"

DEFAULT_CONFIG = """\
# qualcode project settings. Every key is optional; these are the defaults.

[project]
name = "{name}"
language = "{language}"          # the project's language: transcripts' default (detected per document anyway) and reports'
coder = ""               # who is coding; empty means the operating-system user name (or use --coder)
# report_language = "en" # headings of written reports (agreement, quotes, pre/post, memos, transcripts) when they
                         # should differ from language; --lang wins
# title = ""             # the thesis title written into Word reports (default: name)
# author = ""            # the author written into Word reports (default: the coder)
# busy_timeout_s = 15    # how long an action waits for another window or command (env QUALCODE_BUSY_TIMEOUT wins)

[import]
max_file_mb = 20         # larger transcript files are refused with a message
# commit_files = 500     # files per saved batch (or one second's worth); an interrupted import redoes at most one

[transcripts]
# infer_speakers = true          # recurring labels not in the list (Mary:, Speaker 1  0:03, 学生：) start turns too
# unlabelled_split = "paragraph" # or "sentence": segments of a file without any speaker label
# unlabelled_paragraphs = "continue" # or "participant": in a labelled file, each paragraph without a label is
#                                    # a participant turn (a think-aloud transcript that labels only the moderator)
# Extra speaker patterns, tried before the built-in ones (访谈者/受访者, 问/答, I/R, Interviewer/P01, A/B):
# [[transcripts.speakers]]
# pattern = "^(老师)[：:]"
# role = "interviewer"
# Roles inference got wrong (a role, a case id, or "text" for a label that is no speaker):
# [transcripts.speaker_roles]
# Mary = "interviewer"
# Tom = "P03"

[nlp]
english_model = ""       # an installed spaCy pipeline such as "en_core_web_sm"; empty = blank English + lookup lemmas
min_score = 0.3          # below this a code is a ranked candidate at most, never a pending suggestion

[suggest]
# commit_documents = 200  # documents per saved batch; an interrupted suggest redoes at most one batch
# retrain_after = 20      # changed human codings before the learned model is retrained in the background
# train_coders = []       # whose codings train the learned model: empty = every human coder; or ["alice"]
# embeddings = false      # add sentence embeddings to the learned model (pip install 'qualcode[embeddings]')
# next_sample = 10000     # uncoded turns `next` scores at most (a random draw on a larger project)

[tui]
language = "{interface}"          # interface language of the TUI and the commands' result lines: en or zh
"""


def default_config_text(name: str, language: str = "zh", interface_language: str = "en") -> str:
    """A new project's qualcode.toml: ``language`` is the project's (transcripts, reports),
    ``interface_language`` the TUI's and the commands' result lines' (``[tui] language``)."""
    return DEFAULT_CONFIG.format(name=name.replace('"', "'"), language=language, interface=interface_language)


def read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_position(str(exc))
        raise ProjectError(f"invalid TOML: {exc}", Location(path, line, column)) from exc
    except OSError as exc:
        raise ProjectError(f"cannot read the settings: {exc.strerror}", Location(path)) from exc


def _toml_position(message: str) -> tuple[int | None, int | None]:
    # tomllib reports "... (at line 3, column 7)"
    import re

    match = re.search(r"line (\d+), column (\d+)", message)
    if match:
        return int(match.group(1)), int(match.group(2))
    return None, None


def setting(config: dict[str, Any], dotted: str, default: Any = None) -> Any:
    """``setting(cfg, "nlp.min_score", 0.3)`` -- a nested key or its default."""
    node: Any = config
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def count_setting(config: dict[str, Any], dotted: str, default: int, what: str) -> int:
    """A whole number of ``what`` (1 or more) from qualcode.toml, or its default; anything else is one clear
    message naming the key, never a traceback half-way through a command."""
    value = setting(config, dotted, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        section, _, key = dotted.rpartition(".")
        raise ProjectError(f"[{section}] {key} must be a whole number of {what} (1 or more), not {value!r}",
                           Location(Path(CONFIG_NAME)))
    return value


def flag_setting(config: dict[str, Any], dotted: str, default: bool = False) -> bool:
    """true or false from qualcode.toml, or its default; anything else is one clear message naming the key."""
    value = setting(config, dotted, default)
    if not isinstance(value, bool):
        section, _, key = dotted.rpartition(".")
        raise ProjectError(f"[{section}] {key} must be true or false, not {value!r}", Location(Path(CONFIG_NAME)))
    return value


PROJECT_LANGUAGES = ("zh", "en")
# How an interface language may be written in [tui] language: these and zh-… mean Chinese, en and en-… English.
CHINESE_SPELLINGS = frozenset({"zh", "cn", "chinese", "中文"})
ENGLISH_SPELLINGS = frozenset({"en", "english"})


def interface_language(value: str) -> str | None:
    """"zh" or "en" for a way of writing the interface language (zh-CN, cn, Chinese, en-US …), None for any other."""
    lowered = value.strip().lower().replace("_", "-")
    if lowered in CHINESE_SPELLINGS or lowered.startswith("zh-"):
        return "zh"
    if lowered in ENGLISH_SPELLINGS or lowered.startswith("en-"):
        return "en"
    return None


def check_project_languages(config: dict[str, Any], path: Path) -> None:
    """``[project] language`` and ``report_language`` are "zh" or "en" (any letter case; empty or absent: not
    set), and ``[tui] language`` a way of writing one of them (:func:`interface_language`). Anything else ("cn", "chinese", "zh-CN") is one clear message naming the file and the setting: the
    reports read such a value as not set and wrote English headings in a Chinese project, without a word."""
    for key in ("language", "report_language"):
        value = setting(config, f"project.{key}", "")
        if value == "" or (isinstance(value, str) and value.strip().lower() in PROJECT_LANGUAGES):
            continue
        raise ProjectError(f"[project] {key} must be \"zh\" or \"en\" (the language of the transcripts and the "
                           f"written reports), not {value!r}", Location(path))
    # The interface read any other value as English without a word ([tui] language = "fr", "jp").
    chosen = setting(config, "tui.language", "")
    if chosen != "" and not (isinstance(chosen, str) and interface_language(chosen)):
        raise ProjectError(f"[tui] language must be \"zh\" or \"en\" (the interface language; zh-CN, cn and chinese "
                           f"also mean Chinese), not {chosen!r}", Location(path))


def names_setting(config: dict[str, Any], dotted: str) -> tuple[str, ...]:
    """A list of names from qualcode.toml (empty or absent: none); anything else is one clear message
    naming the key, never a traceback half-way through a command."""
    value = setting(config, dotted, [])
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        section, _, key = dotted.rpartition(".")
        raise ProjectError(f"[{section}] {key} must be a list of names such as [\"alice\"] (empty for "
                           f"everyone), not {value!r}", Location(Path(CONFIG_NAME)))
    return tuple(dict.fromkeys(name.strip() for name in value))
