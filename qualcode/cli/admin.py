"""Commands on whole documents and codes: documents list/speakers/delete, codes merge (destructive ones
after an automatic backup; a speaker change is undoable instead)."""

from __future__ import annotations

import click

from qualcode.cli.context import CliContext, echo_table, pass_cli


@click.group()
def documents() -> None:
    """List the project's documents, fix a document's speakers, or delete one (a backup is taken first)."""


@documents.command("list")
@pass_cli
def documents_list(ctx: CliContext) -> None:
    """Every document with its versions, segments, codings, suggestions and ranked candidates (below min_score)."""
    from qualcode.app.maintenance.documents import list_documents

    rows = [(d.name, d.case_id or "-", str(d.versions), str(d.segments), str(d.codings), str(d.suggestions),
             str(d.candidates), d.path) for d in list_documents(ctx.project())]
    if not rows:
        click.echo("No documents yet; `qualcode import transcripts/` adds them.")
        return
    echo_table(rows, ("document", "participant", "versions", "segments", "codings", "suggestions", "candidates",
                      "source"))


@documents.command("speakers")
@click.argument("name")
@click.option("--set", "changes", default=None, metavar='"NAME=ROLE,..."',
              help='Change roles and re-split the document: "Mom=text,Tom=P03" (interviewer, participant, other, '
                   'a case id, or text: the label is words of the turn before, not a speaker).')
@pass_cli
def documents_speakers(ctx: CliContext, name: str, changes: str | None) -> None:
    """List the speakers of document NAME with their roles, or change them with --set.

    A change re-splits the document from its stored text, as `qualcode import --speakers` would, and is
    remembered for later imports. Codings keep their words; `qualcode undo` puts everything back.
    """
    from qualcode.app.importing.resplit import document_speakers, resplit_named

    project = ctx.project()
    if changes is not None:
        for line in resplit_named(project, name, changes).lines():
            click.echo(line)
        click.echo("`qualcode undo` puts the turns back as they were.")
    rows = [(s.name, s.role, s.case_id or "-", str(s.turns)) for s in document_speakers(project, name)]
    if not rows:
        click.echo(f"{name} has no speaker labels (its turns are paragraphs or sentences).")
        return
    echo_table(rows, ("speaker", "role", "case", "turns"))


@documents.command("delete")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@pass_cli
def documents_delete(ctx: CliContext, name: str, yes: bool) -> None:
    """Delete document NAME: every version, its segments, codings, suggestions and memos.

    A backup of the database is written to .qualcode/backups/ first. The source
    file is left alone; importing it again brings the text back, not the codings.
    """
    from qualcode.app.maintenance.documents import delete_document, list_documents

    project = ctx.project()
    found = [d for d in list_documents(project) if d.name == name]
    if found and not yes:
        doc = found[0]
        click.confirm(f"Delete {name} ({doc.versions} version(s), {doc.codings} coding(s), "
                      f"{doc.suggestions} suggestion(s))?", abort=True, err=True)
    deleted = delete_document(project, name)
    click.echo(f"Deleted {deleted.name}: {deleted.versions} version(s), {deleted.segments} segment(s), "
               f"{deleted.codings} coding(s), {deleted.suggestions} suggestion(s), {deleted.candidates} ranked "
               f"candidate(s), {deleted.memos} memo(s)")
    click.echo(f"Backup taken before: {deleted.backup}")
    click.echo(f"The source file {deleted.path} is unchanged; remove it too, or a later import brings it back.")


@click.group()
def codes() -> None:
    """Change codes across the codebook and every coding (a backup is taken first)."""


@codes.command("merge")
@click.argument("source")
@click.argument("target")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@pass_cli
def codes_merge(ctx: CliContext, source: str, target: str, yes: bool) -> None:
    """Merge code SOURCE into TARGET: its codings, suggestions, memos, keywords and children.

    SOURCE disappears from its codebook file. Where one coder coded the same span
    with both codes, one coding remains. `qualcode undo` takes the merge back (the
    codebook file byte for byte and every row), unless the file was edited since.
    """
    from qualcode.app.maintenance.code_merge import merge_code

    if not yes:
        click.confirm(f"Merge {source} into {target} in the codebook and every coding?", abort=True, err=True)
    report = merge_code(ctx.project(), source, target)
    click.echo(f"Merged {source} into {target}: {report.codings_moved} coding(s) moved, "
               f"{report.codings_merged} duplicate(s) folded; {report.suggestions_moved} suggestion(s) moved, "
               f"{report.suggestions_merged} folded; {report.memos_moved} memo(s) re-attached")
    if report.codebook is not None:
        click.echo(f"Codebook updated: {report.codebook}")
    click.echo(f"Backup taken before: {report.backup}")
    click.echo("`qualcode undo` takes the merge back.")


def register(group: click.Group) -> None:
    group.add_command(documents)
    group.add_command(codes)
