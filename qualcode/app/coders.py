"""Who coded: the one question every export asks to say which coders it pooled.

A module of its own so that `export` does not import :mod:`qualcode.app.queries` (and the storage
modules behind it) for one query; :mod:`qualcode.app.queries` re-exports it for the TUI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qualcode.core.text_forms import name_key


def coders_with_codings(project) -> list[str]:
    """Every coder who has at least one coding, sorted: who an export pools when it is not told.

    Each step seeks the next coder in the ``codings(coder)`` index (m0083), so a project with two
    coders reads two index entries and not one per coding (`SELECT DISTINCT` walked all 200,000 of
    the export bench's: 7-17 ms of CPU per export).
    """
    return [row[0] for row in project.conn.execute(CODERS_SQL)]


def same_coder_name(one: str, other: str) -> bool:
    """Whether two coder names differ only in letter case, full-/half-width or spaces (A, a, Ａ)."""
    return name_key(one) == name_key(other)


# Words a team writes around a coder's letter or name: "coder A", "Coder A", "编码员A", "A老师". Such a name beside
# a coder "A" is most likely the same person, but may be a colleague (a teacher A beside student A), so it is
# said, naming both, and never merged or refused.
_TITLE = (r"coder|rater|annotator|researcher|reviewer|编码员|编码者|编码人|编码|研究员|研究者|评分员|老师|教师|同学")
_TITLED = re.compile(rf"(?:(?:{_TITLE})\s*)?(?P<core>.+?)(?:\s*(?:{_TITLE}))?")


def _untitled(name: str) -> str:
    key = name_key(name)
    match = _TITLED.fullmatch(key)
    return match.group("core") if match else key


def titled_twins(name: str, known: Iterable[str]) -> list[str]:
    """The coders of ``known`` that ``name`` names with a title word around the same letter or name (``coder A``,
    ``编码员A`` or ``A老师`` beside ``A``, or the reverse); spellings :func:`same_coder_name` catches are left out."""
    core = _untitled(name)
    return [other for other in known
            if other != name and not same_coder_name(other, name) and _untitled(other) == core]


def titled_twin_note(name: str, twins: Sequence[str], *, where: str = "who has codings here",
                     advice: str | None = None) -> str:
    """What is said of a coder ``name`` beside ``twins`` (see :func:`titled_twins`); ``advice``: what to do if they
    are one person (by default: the coder to act as, for a command or a sheet)."""
    listed = ", ".join(repr(twin) for twin in twins)
    advice = advice or (f"use --coder {twins[0]} (or write {twins[0]} in the sheet) and take this back with "
                        "`qualcode undo`")
    return (f"coder {name!r} may be the same person as {listed}, {where}: kept as a coder of their own "
            f"(coder names are compared exactly); if they are one person, {advice}")


def refuse_coder_near_miss(project, coder: str | None) -> None:
    """``--coder a`` where only ``A`` has codings: a typo that would file every action under a new coder
    (exports then pool "A, a", agreement counts two coders). Stopped before anything is done; a new coder
    whose name is not another one's in other letter case is welcome. Every command that opens the project
    (:class:`qualcode.cli.context.CliContext`) and the workbench's launch (:func:`qualcode.tui.app.run`) ask it."""
    if not coder:
        return
    from qualcode.core.errors import QualcodeError

    known = coders_with_codings(project)
    if coder in known:
        return
    same = [name for name in known if same_coder_name(name, coder)]
    if same:
        raise QualcodeError(f"--coder {coder!r}: no codings by {coder}, but {same[0]} has codings (coder names "
                            f"are compared exactly); use --coder {same[0]}, so your work is filed under one name")


CODERS_SQL = """
WITH RECURSIVE coder_seek(name) AS (
    SELECT MIN(coder) FROM codings
    UNION ALL
    SELECT (SELECT MIN(coder) FROM codings WHERE coder > coder_seek.name) FROM coder_seek WHERE name IS NOT NULL
)
SELECT name FROM coder_seek WHERE name IS NOT NULL
"""
