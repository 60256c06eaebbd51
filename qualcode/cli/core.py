"""Core commands: init, import, status, code, cases, memo, undo, redo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qualcode.cli.context import CliContext, echo_table, pass_cli
from qualcode.cli.words import library_note, warning_line
from qualcode.core.clock import local_minute


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Project name (default: the folder name).")
@click.option("--language", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The project's language: transcripts' default and the language of written reports.")
@pass_cli
def init(ctx: CliContext, directory: Path, name: str | None, language: str) -> None:
    """Create a project folder with the shipped codebooks and an empty database."""
    import os

    from qualcode.app.api import sync_codes
    from qualcode.app.project import init_project
    from qualcode.cli.words import cli_translator
    from qualcode.tui.i18n import system_language

    # The interface language is the person's: --lang, else the system locale's (LANG=zh_CN.UTF-8 gives zh);
    # these lines are already in it.
    interface = ctx.lang or system_language(os.environ)
    tr = cli_translator(interface, None)
    with init_project(directory, name=name, language=language, interface_language=interface) as project:
        sync_codes(project)
        click.echo(tr("init.created", root=project.root))
        origin = tr("init.origin.lang" if ctx.lang else "init.origin.locale")
        click.echo(tr("init.language", language=interface, origin=origin))
        click.echo(tr("init.codebooks", names=", ".join(p.name for p in project.codebook_paths())))
        click.echo(tr("init.transcripts"))


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--allow-external-sources", "allow_external", type=click.Path(path_type=Path, file_okay=False,
              exists=True), default=None, help="Let a .qdpx read source files outside itself, only inside DIR.")
@click.option("--speakers", default=None, metavar='"NAME=ROLE,..."',
              help='Fix the speakers\' roles inference chose: "Mary=interviewer,Tom=P03" (a role: interviewer, '
                   "participant, other; a case id: a participant linked to that case; text: not a speaker).")
@pass_cli
def import_(ctx: CliContext, paths: tuple[Path, ...], allow_external: Path | None, speakers: str | None) -> None:
    """Import transcripts (.txt .md .docx .csv .tsv .xlsx .vtt .srt .pdf .rtf .odt, or a .qdpx project).

    A participants.csv/xlsx inside a folder is read as the participants table.
    Re-importing an unchanged file does nothing; a changed file becomes a new version, and so does
    an unchanged file whose turns come out differently (other --speakers or settings).
    Each document's speakers are listed with the role chosen and why.
    """
    from qualcode.app.api import import_paths, sync_codes
    from qualcode.cli.archive_words import archive_line
    from qualcode.core.errors import ImportFormatError

    project = ctx.project()
    sync_codes(project)
    tr = ctx.words()
    with click.progressbar(length=len(paths) or 1, label=tr("import.progress"), file=sys.stderr,
                           show_pos=True) as bar:
        def progress(done: int, total: int, _name: str) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        report = import_paths(project, paths, progress=progress, allow_external_sources=allow_external,
                              speakers=speakers)
    rows = [(str(f.path), _status_words(tr, f.status), f.participant or "-", f.encoding or "-",
             f.language or "-", str(f.turns), "; ".join(library_note(tr, w) for w in f.warnings) or "")
            for f in report.files if f.status != "error"]
    if rows:
        echo_table(rows, tuple(tr("import.col." + name) for name in IMPORT_COLUMNS))
    _echo_speakers(report, tr)
    for note in report.notes:
        click.echo(tr("note.line", message=library_note(tr, note)))
    for entry in report.files:
        if entry.details:
            click.echo(f"\n{entry.path}:")
            for line in entry.details:
                click.echo(f"  {archive_line(tr, line)}")
    if report.errors:
        for entry in report.errors:
            click.echo(tr("error.stderr", message=entry.error), err=True)
        raise ImportFormatError(f"{len(report.errors)} file(s) could not be imported; nothing was imported")
    resplit = report.count("re-split")
    click.echo(tr("import.summary", imported=report.count("imported"), versions=report.count("new version"),
                  resplit=tr("import.resplit", count=resplit) if resplit else "", unchanged=report.count("unchanged")))


IMPORT_COLUMNS = ("file", "status", "participant", "encoding", "language", "turns", "warnings")
STATUS_COLUMNS = ("document", "participant", "wave", "lang", "coded", "pending")


def _status_words(tr, status: str) -> str:  # type: ignore[no-untyped-def]
    """A file's import status in the interface language (a status without words shows as it is)."""
    words = tr("import.status." + status)
    return status if words == "import.status." + status else words


# More documents than this whose every speaker is a recognised label are one line: 1,200 interviews printed
# 4,800 lines saying `访谈者：访谈者——识别出的说话人标签`, and the documents whose roles were chosen were lost among them.
RECOGNISED_SHOWN = 10


def _echo_speakers(report, tr) -> None:
    """Per document: who spoke, how often, the role chosen and why; then its balance warnings."""
    from qualcode.core.speaker_roles import RECOGNISED_LABEL

    shown = [entry for entry in report.files
             if entry.status in ("imported", "new version", "re-split") and entry.speakers]
    recognised = [entry for entry in shown if all(s.reason == RECOGNISED_LABEL for s in entry.speakers)]
    if len(recognised) > RECOGNISED_SHOWN:
        names = dict.fromkeys((s.name, s.role) for entry in recognised for s in entry.speakers)
        click.echo("\n" + tr("import.speakers_recognised", count=len(recognised), speakers=("、" if tr.language == "zh" else ", ").join(
            tr("import.speaker_role", name=name, role=tr("role." + role)) for name, role in names)))
        shown = [entry for entry in shown if entry not in recognised]
    for entry in shown:
        click.echo("\n" + tr("import.speakers", document=entry.document or entry.path))
        for speaker in entry.speakers:
            if tr.language == "en":   # the report's own words, as `SpeakerSummary.describe` has always said them
                click.echo(f"  {speaker.describe()}")
                continue
            role = tr("role." + speaker.role) + (f" ({speaker.case_id})" if speaker.case_id else "")
            click.echo("  " + tr("import.speaker", name=speaker.name, role=role,
                                 reason=library_note(tr, speaker.reason), turns=speaker.turns))


@click.command()
@pass_cli
def status(ctx: CliContext) -> None:
    """Documents, cases, segments, and coding/suggestion progress."""
    from qualcode.app.api import project_status, sync_codes

    project = ctx.project()
    sync_codes(project)
    st = project_status(project)
    tr = ctx.words()
    click.echo(tr("status.project", root=st.root))
    click.echo("  " + tr("status.counts", documents=st.documents, cases=st.cases, segments=st.segments,
                         participant=st.participant_segments, codes=st.codes))
    click.echo("  " + tr("status.progress", coded=st.coded_segments, participant=st.participant_segments,
                         codings=st.codings, pending=st.pending_suggestions))
    if st.per_document:
        echo_table([(p.name, p.case_id or "-", p.wave or "-", p.language,
                     f"{p.coded_segments}/{p.participant_segments}", str(p.pending_suggestions))
                    for p in st.per_document],
                   tuple(tr("status.col." + name) for name in STATUS_COLUMNS))
    for name, warning in st.document_warnings:
        click.echo(tr("warning.document", document=name, message=library_note(tr, warning)))
    for warning in st.undefined_code_warnings + st.copy_warnings:
        click.echo(warning_line(tr, warning, err=False))


@click.command()
@click.argument("document")
@click.argument("segment", type=int)
@click.argument("code_id")
@click.option("--remove", is_flag=True, help="Remove the coding instead of adding it.")
@click.option("--start", type=int, help="Code only part of the segment: first character (0-based, in the segment).")
@click.option("--end", type=int, help="End of the part (exclusive, in the segment).")
@pass_cli
def code(ctx: CliContext, document: str, segment: int, code_id: str, remove: bool,
         start: int | None, end: int | None) -> None:
    """Apply (or --remove) CODE_ID on SEGMENT (its number, 1-based) of DOCUMENT."""
    from qualcode.app import api, queries
    from qualcode.core.errors import NotFoundError, QualcodeError

    project = ctx.project()
    api.sync_codes(project)
    doc = queries.get_document(project, document, with_text=False)
    seg = queries.segment_by_ordinal(project, doc.id, segment)
    rel_start = start or 0
    rel_end = end if end is not None else seg.end - seg.start
    if rel_end <= rel_start:
        raise QualcodeError(f"--end ({rel_end}) must be greater than --start ({rel_start})")
    if rel_start < 0 or rel_end > seg.end - seg.start:
        raise QualcodeError(f"span {rel_start}\u2013{rel_end} is outside turn {document} #{segment} "
                            f"({seg.end - seg.start} characters)")
    span_start = seg.start + (start or 0)
    span_end = seg.start + end if end is not None else seg.end
    if remove:
        found = queries.find_coding(project, doc.id, span_start, span_end, code_id, project.coder)
        if found is None:
            raise NotFoundError(f"{project.coder} has no {code_id} coding on {document} segment {segment}")
        api.remove_coding(project, found.id)
        click.echo(ctx.words()("code.removed", code=code_id, document=document, segment=segment,
                               coder=project.coder))
        return
    api.add_coding(project, document_id=doc.id, start=span_start, end=span_end, code_id=code_id,
                   segment_id=seg.id)
    click.echo(ctx.words()("code.added", document=document, segment=segment, code=code_id, coder=project.coder))
    if seg.role == "interviewer":  # the TUI asks first; here the coding is made as asked, and said
        tr = ctx.words()
        click.echo(tr("warning.stderr", message=tr("code.interviewer", document=document, segment=segment,
                                                    speaker=seg.speaker or "?")), err=True)


@click.group()
def cases() -> None:
    """Participants (cases) and their attributes."""


@cases.command("list")
@pass_cli
def cases_list(ctx: CliContext) -> None:
    """List cases with their attributes."""
    from qualcode.app import queries

    tr = ctx.words()
    rows = [(c.id, ", ".join(f"{k}={v}" for k, v in c.attributes.items())) for c in
            queries.list_cases(ctx.project())]
    echo_table(rows, (tr("cases.col.case"), tr("cases.col.attributes")))


@cases.command("import")
@click.argument("table", type=click.Path(dir_okay=False, path_type=Path))
@pass_cli
def cases_import(ctx: CliContext, table: Path) -> None:
    """Read a participants table (CSV/XLSX with an id column; other columns become attributes)."""
    from qualcode.app.cases import import_cases

    imported = import_cases(ctx.project(), table)
    tr = ctx.words()
    click.echo(tr("cases.read", count=len(imported.cases), table=table, new=imported.new, changed=imported.changed,
                  unchanged=imported.unchanged))
    for note in imported.notes:
        click.echo(warning_line(tr, note, err=False))


@cases.command("set")
@click.argument("case_id")
@click.argument("assignments", nargs=-1, required=True)
@pass_cli
def cases_set(ctx: CliContext, case_id: str, assignments: tuple[str, ...]) -> None:
    """Set attributes: qualcode cases set S01 gender=女 grade=高二"""
    from qualcode.app.cases import set_attributes
    from qualcode.core.errors import QualcodeError

    pairs = [a.split("=", 1) for a in assignments]
    if any(len(p) != 2 or not p[0] for p in pairs):
        raise QualcodeError("attributes are written key=value, e.g. gender=女")
    from qualcode.app import queries

    project = ctx.project()
    tr = ctx.words()
    known = {case.id for case in queries.list_cases(project)}
    set_attributes(project, case_id, dict(pairs))
    if case_id in known:
        click.echo(tr("cases.updated", case=case_id))
        return
    # a typo (S99 for S09) made a new case without a word; a case set up before its transcripts is fine, and said
    similar = [case for case in sorted(known) if case.casefold() == case_id.casefold()]
    click.echo(tr("cases.created", case=case_id)
               + (tr("cases.created_similar", similar=similar[0]) if similar else tr("cases.created_link", case=case_id)))


@click.command()
@click.argument("target_type", type=click.Choice(["project", "document", "case", "code", "coding", "segment"]))
@click.argument("target_id")
@click.argument("text")
@pass_cli
def memo(ctx: CliContext, target_type: str, target_id: str, text: str) -> None:
    """Add a memo to a target: qualcode memo case S01 "家庭支持很强" (a segment is DOC:N, e.g. S01_pre:4).

    Earlier memos on the target stay; `qualcode memos list|edit|delete|export` manage them.
    """
    from qualcode.app import api, queries
    from qualcode.app.coding.memo_targets import stored_memo_target

    project = ctx.project()
    if target_type == "code":
        api.sync_codes(project)
    stored_id = stored_memo_target(project, target_type, target_id)
    added = api.add_memo(project, target_type, stored_id, text)
    others = len(queries.list_memos(project, target_type=target_type, target_id=stored_id)) - 1
    click.echo(f"Added memo {added.id} on {target_type} {target_id}"
               + (f" ({others} earlier memo(s) on it kept)" if others else ""))


@click.command()
@pass_cli
def undo(ctx: CliContext) -> None:
    """Undo your most recent action (works across sessions and with the TUI)."""
    from qualcode.app.api import undo as undo_action

    event = undo_action(ctx.project())
    tr = ctx.words()
    click.echo(tr("undo.done", action=_describe(ctx, event), at=local_minute(event.at)) if event else tr("undo.nothing"))


@click.command()
@pass_cli
def redo(ctx: CliContext) -> None:
    """Redo the action you undid most recently."""
    from qualcode.app.api import redo as redo_action

    event = redo_action(ctx.project())
    tr = ctx.words()
    click.echo(tr("redo.done", action=_describe(ctx, event), at=local_minute(event.at)) if event else tr("redo.nothing"))


# Actions the TUI's history words name at least as well as describe_event does, in English too; in
# English describe_event stays for the rest (it names memo ids, which the TUI's words leave out).
WORDED_IN_ENGLISH = ("coding.add", "coding.remove", "suggestion.decide", "review.mark", "review.unmark",
                     "codings.import", "cases.set", "transcripts.import", "qdpx.import", "codes.merge",
                     "codebook.file", "coding.merge", "speaker.role")


def _describe(ctx: CliContext, event) -> str:  # type: ignore[no-untyped-def]
    """The undone action in the interface language, with the TUI's words: each code by label and id."""
    from qualcode.app.coding.event_subjects import event_subject
    from qualcode.app.coding.memo_targets import describe_event
    from qualcode.tui.history_words import event_words, has_words
    from qualcode.tui.i18n import Translator

    project, language = ctx.project(), ctx.words().language
    worded = event.action in WORDED_IN_ENGLISH if language == "en" else has_words(event.action)
    if not worded:
        return describe_event(project, event)
    codes = project.code_index()
    brackets = "（{}）" if language == "zh" else " ({})"

    def label_and_id(code_id: str) -> str:  # "Family support (PF_FAMILY)": the label reads, the id is typed
        code = codes.get(code_id)
        label = code.label(language) if code else code_id
        return label + brackets.format(code_id) if label != code_id else code_id

    return event_words(event_subject(project, event), Translator(language), label_and_id)


def register(group: click.Group) -> None:
    for command in (init, import_, status, code, cases, memo, undo, redo):
        group.add_command(command)
