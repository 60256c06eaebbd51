"""The transcript settings an import reads each file with: qualcode.toml, then the roles stored for the document
(an earlier ``--speakers`` or a choice in the TUI), then this command line's ``--speakers``.

A ``--speakers`` name that no file has is an error before anything is written; the names a file has are
remembered for its document, so the next import of it reads the same roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.core.errors import ImportFormatError
from qualcode.core.models import ParsedTranscript
from qualcode.app.project import Project

if TYPE_CHECKING:
    from qualcode.app.importing.transcripts import ImportReport


def speaker_overrides(option: str | None):
    from qualcode.core.speaker_roles import parse_speakers_option

    return parse_speakers_option(option) if option is not None else ()


def with_overrides(settings, command_line):
    """The command line wins over qualcode.toml for the same name."""
    import dataclasses

    from qualcode.core.speaker_labels import label_key

    named = {label_key(o.name) for o in command_line}
    kept = tuple(o for o in settings.speaker_roles if label_key(o.name) not in named)
    return dataclasses.replace(settings, speaker_roles=kept + tuple(command_line))


def settings_for_document(project: Project, name: str, command_line=()):
    """The transcript settings an import of document ``name`` uses: qualcode.toml, then the roles stored
    for it (earlier --speakers or TUI choices), then ``command_line``."""
    settings = transcript_settings(project)
    if command_line:
        settings = with_overrides(settings, command_line)
    return document_settings(project, settings, name, command_line)


def document_settings(project: Project, settings, name: str, command_line):
    """Roles set for this document by an earlier --speakers stay, unless this command line sets them again."""
    from qualcode.core.speaker_roles import SpeakerOverride
    from qualcode.storage.speaker_overrides import stored_overrides

    stored = tuple(SpeakerOverride(speaker, value, "an earlier choice (--speakers or ctrl+t in the TUI)")
                   for speaker, value in stored_overrides(project.conn, name))
    return with_overrides(with_overrides(settings, stored), command_line) if stored else settings


def check_override_names(settings, transcripts: list[ParsedTranscript], report: ImportReport) -> None:
    """A --speakers name that no file has is a typo to fix before anything is written; a
    qualcode.toml name is a note (the table serves every import, not only this one)."""
    from qualcode.core.speaker_labels import label_key

    found = {label_key(s.name): s.name for t in transcripts for s in t.speakers}
    found_keys = set(found) | {label_key(turn.speaker) for t in transcripts for turn in t.turns if turn.speaker}
    missing = [o for o in settings.speaker_roles if label_key(o.name) not in found_keys
               and not (o.value == "text" and any(_starts_a_line(t, o.name) for t in transcripts))]
    cli = [o.name for o in missing if o.origin == "--speakers"]
    if cli:
        listed = ", ".join(sorted(found.values())) or "none"
        raise ImportFormatError(f"--speakers names {', '.join(repr(n) for n in cli)}, but no file being imported "
                                f"has such a speaker (speakers found: {listed}); nothing was imported")
    for override in missing:
        if override.origin != "--speakers":
            report.notes.append(f"{override.origin}: {override.name!r} matched no speaker in these files")


def transcript_settings(project: Project):
    from qualcode.core.transcript import TranscriptSettings

    return TranscriptSettings.from_config(project.config)


def remember_overrides(conn, name: str, transcript: ParsedTranscript, command_line) -> None:
    from qualcode.core.speaker_labels import label_key
    from qualcode.storage.speaker_overrides import store_overrides

    spoken = {label_key(turn.speaker) for turn in transcript.turns if turn.speaker}
    spoken |= {label_key(s.name) for s in transcript.speakers}
    used = [(label_key(o.name), o.name, o.value) for o in command_line if label_key(o.name) in spoken
            or o.value == "text" and _starts_a_line(transcript, o.name)]
    if used:
        store_overrides(conn, name, used)


def _starts_a_line(transcript: ParsedTranscript, name: str) -> bool:
    """Whether a label that was read as text (``Mom=text``) is at the start of one of the lines."""
    wanted = name.casefold()
    return any(line.lstrip(" \t*[").casefold().startswith(wanted) for line in transcript.text.split("\n"))
