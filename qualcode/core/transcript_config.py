"""Read the transcript settings from a parsed ``qualcode.toml``.

Accepted shape (every key optional)::

    [transcripts]
    default_speakers = true                       # false: only the labels below
    participant_id_pattern = "[A-Z]{1,3}\\d{1,4}"  # labels like P01: are participants

    [[transcripts.speakers]]
    label = "老师"                                 # a literal label, colon added for you
    role = "interviewer"

    [[transcripts.speakers]]
    pattern = "^(学生\\d*)[：:]"                   # a regex; group 1 is the speaker
    role = "participant"

    [transcripts]
    infer_speakers = true          # recurring labels not listed above start turns; roles from evidence
    unlabelled_split = "paragraph" # or "sentence": segments of a file without any label
    unlabelled_paragraphs = "continue" # or "participant": in a labelled file, a paragraph without a label is a
                                       # participant turn of its own (think-aloud: only the moderator labelled)
    max_segment_chars = 5000       # longer turns are cut at sentence ends

    [transcripts.speaker_roles]    # fix what inference chose: a role, a case id, or "text" (not a speaker)
    Mary = "interviewer"
    Tom = "P03"

    [import]
    max_file_mb = 20

``speaker_patterns`` is accepted as another name for ``speakers``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Mapping

from qualcode.core.errors import Location, ProjectError
from qualcode.core.speaker_roles import SpeakerOverride, parse_override_value
from qualcode.core.speakers import SpeakerPattern

if TYPE_CHECKING:
    from qualcode.core.transcript import TranscriptSettings

_ROLES = ("interviewer", "participant", "other")


def settings_fields_from_config(
    config: Mapping[str, Any], *, source: str, defaults: TranscriptSettings
) -> dict[str, Any]:
    """Keyword arguments for TranscriptSettings; raises ProjectError naming the entry."""
    section = _table(config, "transcripts", source)
    labels = list(defaults.speaker_labels) if section.get("default_speakers", True) else []
    patterns: list[SpeakerPattern] = []
    entries = list(section.get("speakers", [])) + list(section.get("speaker_patterns", []))
    for number, entry in enumerate(entries, start=1):
        where = Location(source, detail=f"[[transcripts.speakers]] entry {number}")
        label, pattern, role = _speaker_entry(entry, where)
        if label is not None:
            labels.append((label, role))
        else:
            patterns.append(SpeakerPattern(pattern, role))
    id_pattern = section.get("participant_id_pattern", defaults.participant_id_pattern)
    if not isinstance(id_pattern, str):
        raise ProjectError("participant_id_pattern must be a string", Location(source, detail="[transcripts]"))
    _check_regex(id_pattern, Location(source, detail="[transcripts] participant_id_pattern"))
    return {
        "infer_speakers": _flag(section, "infer_speakers", bool(section.get("default_speakers", True)), source),
        "unlabelled_split": _split_setting(section, source),
        "unlabelled_paragraphs": _choice(section, "unlabelled_paragraphs", ("continue", "participant"), source),
        "speaker_roles": _speaker_roles(section, source),
        "speaker_labels": tuple(labels),
        "participant_id_pattern": id_pattern,
        "extra_patterns": tuple(patterns),
        "max_file_mb": _max_file_mb(_table(config, "import", source), source, defaults.max_file_mb),
        "max_segment_chars": _max_segment_chars(section, source, defaults.max_segment_chars),
    }


def _max_segment_chars(section: Mapping[str, Any], source: str, default: int) -> int:
    value = section.get("max_segment_chars", default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 200:
        raise ProjectError(f"max_segment_chars must be a whole number of characters, at least 200, not {value!r}",
                           Location(source, detail="[transcripts] max_segment_chars"))
    return value


def _table(config: Mapping[str, Any], name: str, source: str) -> Mapping[str, Any]:
    table = config.get(name, {})
    if not isinstance(table, Mapping):
        raise ProjectError(f"[{name}] must be a table", Location(source, detail=f"[{name}]"))
    return table


def _speaker_entry(entry: Any, where: Location) -> tuple[str | None, str, str]:
    if not isinstance(entry, Mapping):
        raise ProjectError("each speaker entry must be a table with 'label' or 'pattern' and 'role'", where)
    unknown = set(entry) - {"label", "pattern", "role"}
    if unknown:
        raise ProjectError(f"unknown key(s) {', '.join(sorted(unknown))}; use label, pattern and role", where)
    role = entry.get("role")
    if role not in _ROLES:
        raise ProjectError(f"role must be one of {', '.join(_ROLES)}, not {role!r}", where)
    label, pattern = entry.get("label"), entry.get("pattern")
    if (label is None) == (pattern is None):
        raise ProjectError("give exactly one of 'label' (literal text) or 'pattern' (a regex)", where)
    if label is not None:
        if not isinstance(label, str) or not label.strip():
            raise ProjectError("'label' must be non-empty text", where)
        return label.strip(), "", role
    if not isinstance(pattern, str) or not pattern:
        raise ProjectError("'pattern' must be a non-empty regular expression", where)
    _check_regex(pattern, where)
    return None, pattern, role


def _check_regex(pattern: str, where: Location) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ProjectError(f"invalid regular expression {pattern!r}: {error}", where) from None


def _max_file_mb(section: Mapping[str, Any], source: str, default: float) -> float:
    value = section.get("max_file_mb", default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ProjectError(
            f"max_file_mb must be a positive number of megabytes, not {value!r}",
            Location(source, detail="[import] max_file_mb"),
        )
    return float(value)


SPEAKER_ROLES_ORIGIN = "qualcode.toml [transcripts.speaker_roles]"


def _flag(section: Mapping[str, Any], key: str, default: bool, source: str) -> bool:
    # default_speakers = false means "only my labels", so inference is off too unless switched on.
    value = section.get(key, default)
    if not isinstance(value, bool):
        raise ProjectError(f"{key} must be true or false, not {value!r}", Location(source, detail=f"[transcripts] {key}"))
    return value


def _choice(section: Mapping[str, Any], key: str, allowed: tuple[str, ...], source: str) -> str:
    """One of ``allowed`` (the first is the default), or a message naming the key and the choices."""
    value = section.get(key, allowed[0])
    if value not in allowed:
        raise ProjectError(f"{key} must be " + " or ".join(f'"{a}"' for a in allowed) + f", not {value!r}",
                           Location(source, detail=f"[transcripts] {key}"))
    return value


def _split_setting(section: Mapping[str, Any], source: str) -> str:
    value = section.get("unlabelled_split", "paragraph")
    if value not in ("paragraph", "sentence"):
        raise ProjectError(f'unlabelled_split must be "paragraph" or "sentence", not {value!r}',
                           Location(source, detail="[transcripts] unlabelled_split"))
    return value


def _speaker_roles(section: Mapping[str, Any], source: str) -> tuple[SpeakerOverride, ...]:
    table = section.get("speaker_roles", {})
    where = Location(source, detail="[transcripts.speaker_roles]")
    if not isinstance(table, Mapping):
        raise ProjectError('speaker_roles must be a table of Name = "role or case id"', where)
    overrides = []
    for name, value in table.items():
        if not isinstance(value, str):
            raise ProjectError(f"{name!r} must map to a role or a case id in quotes, not {value!r}", where)
        overrides.append(SpeakerOverride(name.strip(), parse_override_value(name, value, where),
                                         SPEAKER_ROLES_ORIGIN))
    return tuple(overrides)
