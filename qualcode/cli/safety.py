"""Data-safety commands: backup, doctor, review (codings flagged after a transcript changed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.context import CliContext, echo_table, pass_cli

if TYPE_CHECKING:
    from qualcode.app.project import Project


@click.command()
@click.option("--out", type=click.Path(path_type=Path), help="File or folder (default: exports/backup-<time>.db).")
@pass_cli
def backup(ctx: CliContext, out: Path | None) -> None:
    """Write a consistent copy of the project database (safe while the TUI is open)."""
    from qualcode.app.maintenance.backup_doctor import backup as make_backup

    click.echo(f"Backup written to {make_backup(ctx.project(), out)}")


@click.command()
@click.option("--repair", is_flag=True,
              help="Back up, then clip codings that run outside their turn and attach (or split) codings "
                   "attached to no turn; each changed coding is flagged for `qualcode review`.")
@pass_cli
def doctor(ctx: CliContext, repair: bool) -> None:
    """Check the project (integrity, orphan rows, offsets, spans, codebook vs database) and explain each finding."""
    from qualcode.core.errors import QualcodeError
    from qualcode.app.maintenance.backup_doctor import doctor as run_doctor

    project = ctx.project()
    if repair:
        _echo_repair(project)
    findings = run_doctor(project)
    if not findings:
        click.echo("No problems found.")
        return
    for finding in findings:
        click.echo(str(finding))
    raise QualcodeError(f"{len(findings)} problem(s) found")


def _echo_repair(project: Project) -> None:
    from qualcode.app.maintenance.span_repair import repair_spans

    report = repair_spans(project)
    if report.backup is None:
        click.echo("Spans: nothing to repair.")
        return
    click.echo(f"Backup written to {report.backup}")
    for count, what in ((report.clipped, "coding(s) clipped to their turn"),
                        (report.attached, "coding(s) attached to the turn that holds them (words unchanged)"),
                        (report.trimmed, "coding(s) clipped to the one turn they overlap and attached to it"),
                        (report.split, f"coding(s) over several turns split into {report.split_pieces} "
                                       "coding(s), one per turn"),
                        (report.merged_duplicates, "coding(s) merged: once clipped, the same coder had already "
                                                   "coded those words with that code")):
        if count:
            click.echo(f"{count} {what}")
    for line in report.not_placed:
        click.echo(f"not placed (left as it was): {line}")
    if report.review_ids:
        click.echo(f"{len(report.review_ids)} coding(s) flagged for review: `qualcode review` lists them")


@click.group(invoke_without_command=True)
@click.option("--resolve", "resolve_ids", type=int, multiple=True, help="Mark review(s) as resolved.")
@click.pass_context
def review(click_ctx: click.Context, resolve_ids: tuple[int, ...]) -> None:
    """List flagged codings: a revised transcript changed or deleted their words, or `doctor --repair` clipped them.

    `review done` / `review status`: which participant turns a coder has worked through."""
    if click_ctx.invoked_subcommand is not None:
        return
    from qualcode.app.importing.reanchor import open_reviews, resolve_reviews

    project = click_ctx.find_object(CliContext).project()
    if resolve_ids:
        resolve_reviews(project.conn, resolve_ids)
        click.echo(f"Resolved {len(resolve_ids)} review(s)")
        return
    rows = open_reviews(project.conn)
    if not rows:
        click.echo("Nothing to review.")
        return
    echo_table([(str(r["id"]), r["document"], r["code_id"], r["coder"], r["reason"],
                 r["old_text"][:30], (r["new_text"] or "-")[:30]) for r in rows],
               ("id", "document", "code", "coder", "reason", "old text", "new text"))


_CODER_HELP = "Whose coding (default: the project's coder, or the global --coder)."


@review.command("done")
@click.argument("documents", nargs=-1, required=True)
@click.option("--coder", help=_CODER_HELP)
@pass_cli
def review_done(ctx: CliContext, documents: tuple[str, ...], coder: str | None) -> None:
    """Say DOCUMENTS are fully coded: their participant turns without a coding are marked "no code applies".

    The learned model then learns from those turns as turns no code fits (one undo takes it back)."""
    from qualcode.app.coding.reviews import mark_fully_coded

    project = ctx.project()
    reviews = mark_fully_coded(project, documents, coder=coder)
    tr = ctx.words()
    for r in reviews:
        click.echo(tr("review.done", document=r.document, marked=r.newly_marked, coded=r.coded, no_code=r.no_code,
                      left=r.left, turns=r.participant_turns))
    if any(r.newly_marked for r in reviews):
        click.echo(tr("review.done.undo"))


@review.command("status")
@click.option("--coder", help=_CODER_HELP)
@pass_cli
def review_status(ctx: CliContext, coder: str | None) -> None:
    """Per document: participant turns coded, marked "no code applies", and left to review."""
    from qualcode.app.coding.reviews import review_status as status

    project = ctx.project()
    rows = status(project, coder=coder)
    tr = ctx.words()
    if not rows:
        click.echo(tr("review.none"))
        return
    echo_table([(r.document, str(r.participant_turns), str(r.coded), str(r.no_code), str(r.left)) for r in rows],
               tuple(tr(f"review.col.{column}") for column in ("document", "turns", "coded", "no_code", "left")))


@click.command()
@click.option("--names", "names_list", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with columns name[,kind][,placeholder][,variants] (kind: person or place).")
@click.option("--dry-run", is_flag=True, help="Only report what would be replaced.")
@click.option("--discard-originals", is_flag=True, help="Do not keep the original files in .qualcode/originals/.")
@pass_cli
def pseudonymize(ctx: CliContext, names_list: Path, dry_run: bool, discard_originals: bool) -> None:
    """Replace real names and places in the transcripts with stable placeholders; codings follow the text."""
    from qualcode.app.privacy.pseudonymize import pseudonymize as run

    report = run(ctx.project(), names_list, dry_run=dry_run, keep_originals=not discard_originals)
    for line in report.skipped:
        click.echo(f"skipped: {line}")
    if dry_run:
        for r in report.replacements:
            click.echo(f"{r.file}:{r.line}:{r.column}: {r.found} → {r.placeholder} ({r.kind})")
    click.echo(f"{len(report.replacements)} replacement(s) in {len(report.documents_changed)} document(s)"
               + (" (dry run, nothing changed)" if dry_run else ""))
    for where, count in sorted(report.other_replacements.items()):
        click.echo(f"also replaced {count} name(s) in {where} (memos, notes, attributes, history)")
    if report.key_path:
        click.echo(f"key (real names, keep private): {report.key_path}")
    if report.report_path:
        click.echo(f"report of every replacement, for review: {report.report_path}")
    if report.exports_with_names:
        click.echo(f"{len(report.exports_with_names)} export(s) written before this still hold real names; "
                   "delete them or export again:")
        for line in report.exports_with_names:
            click.echo(f"  {line}")


def register(group: click.Group) -> None:
    for command in (backup, doctor, review, pseudonymize):
        group.add_command(command)
