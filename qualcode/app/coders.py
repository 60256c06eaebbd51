"""Who coded: the one question every export asks to say which coders it pooled.

A module of its own so that `export` does not import :mod:`qualcode.app.queries` (and the storage
modules behind it) for one query; :mod:`qualcode.app.queries` re-exports it for the TUI.
"""

from __future__ import annotations


def coders_with_codings(project) -> list[str]:
    """Every coder who has at least one coding, sorted: who an export pools when it is not told.

    Each step seeks the next coder in the ``codings(coder)`` index (m0083), so a project with two
    coders reads two index entries and not one per coding (`SELECT DISTINCT` walked all 200,000 of
    the export bench's: 7-17 ms of CPU per export).
    """
    return [row[0] for row in project.conn.execute(CODERS_SQL)]


def same_coder_name(one: str, other: str) -> bool:
    """Whether two coder names differ only in letter case, full-/half-width or spaces (A, a, Ａ)."""
    from qualcode.core.text_forms import name_key

    return name_key(one) == name_key(other)


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
