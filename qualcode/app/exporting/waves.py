"""The project's waves in time order, and the two a pre/post comparison takes.
"""

from __future__ import annotations

from qualcode.core.errors import ExportError


def declared_waves(project) -> tuple[str, ...]:
    """The project's waves in time order: ``[project] waves``, else pre then post.

    Spelt as import stores them (``前测`` → ``pre``), so declaring ``["前测", "后测"]`` orders the documents
    that import named ``pre`` and ``post``.
    """
    from qualcode.analysis.frames import DEFAULT_WAVE_ORDER
    from qualcode.core.config import setting

    declared = setting(project.config, "project.waves", None)
    if not declared:  # the default is spelt as import stores it already (no need to load the spellings)
        return DEFAULT_WAVE_ORDER
    from qualcode.core.frontmatter import normalise_wave

    return tuple(dict.fromkeys(normalise_wave(str(w)) for w in declared))


def choose_waves(project, present: list[str], pre: str | None, post: str | None) -> tuple[str, str]:
    """The two waves to compare: as given, else as ``[project] waves`` declares, else pre and post."""
    from qualcode.analysis.frames import wave_key

    from qualcode.core.frontmatter import normalise_wave

    pre, post = (normalise_wave(w) if w else w for w in (pre, post))
    declared = declared_waves(project)
    ordered = sorted(present, key=lambda wave: wave_key(wave, declared))  # the matrices' order too
    pre = pre or (ordered[0] if ordered else None)
    post = post or (ordered[1] if len(ordered) > 1 else None)
    for name, wave in (("--pre", pre), ("--post", post)):
        if wave is None or wave not in present:
            raise ExportError(f"{name}: the project has no documents of wave {wave!r} (waves found: "
                              f"{', '.join(present) or 'none'}); name the waves with --pre and --post")
    if pre == post:
        raise ExportError(f"--pre and --post are both {pre!r}; compare two different waves")
    return pre, post
