"""Interoperability commands: REFI-QDA projects and codebooks, coded spreadsheets.

``qualcode import FILE.qdpx`` is the core import command (it hands .qdpx files
to :func:`qualcode.app.interop.import_qdpx`); this module adds
``export qdpx``, ``codebook export FILE.qdc`` and ``import-codings`` (``codebook import FILE.qdc``
is dispatched by the codebook area's import command).
"""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import CliContext, fail, pass_cli
from qualcode.cli.words import library_note, warning_line


def _echo_lines(lines: list[str]) -> None:
    for line in lines:
        click.echo(line)


@click.command("qdpx")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .qdpx file to write (for NVivo, ATLAS.ti, MAXQDA, QualCoder ...).")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@pass_cli
def export_qdpx_command(ctx: CliContext, out: Path, force: bool) -> None:
    """The whole project as a REFI-QDA project: documents, codes, cases, codings, memos."""
    from qualcode.app.interop import export_qdpx

    tr = ctx.words()
    _echo_lines([library_note(tr, line) for line in export_qdpx(ctx.project(), out, force=force).lines()])


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--codebook", "codebooks", multiple=True, help="Only this codebook (repeatable; default: all).")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@pass_cli
def export_qdc_command(ctx: CliContext, path: Path, codebooks: tuple[str, ...], force: bool) -> None:
    """Write the code tree as a REFI-QDA codebook (.qdc) for another QDA tool."""
    from qualcode.app.interop import export_qdc

    click.echo(f"wrote {export_qdc(ctx.project(), path, force=force, codebooks=list(codebooks) or None)}")


@click.command("import-codings")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Refuse codes that are in no codebook instead of creating them.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=85.0, show_default=True,
              help="Lowest rapidfuzz similarity (0-100) at which a row's text matches a segment.")
@pass_cli
def import_codings_command(ctx: CliContext, path: Path, strict: bool, threshold: float) -> None:
    """Codings from a spreadsheet (.xlsx/.csv): one row per coding, or one row per turn with 0/1 code columns.

    Long form columns: document, segment (turn number) or text, code, coder.
    Wide form: text, optional document/participant, one 0/1 column per code; one sheet per coder.
    """
    from qualcode.app.importing.coded_sheets import import_codings

    from qualcode.core.errors import IncompleteImportError

    report = import_codings(ctx.project(), path, strict=strict, coder=ctx.coder, threshold=threshold)
    _echo_lines(_codings_report_lines(ctx.words(), report))
    placed = sum(report.matched.values())
    if placed == 0:
        fail(f"{path}: no row matched a turn of the project, so nothing was imported"
             + (f" ({len(report.unmatched)} row(s) listed above as unmatched)" if report.unmatched else ""))
    if report.unmatched:
        raise IncompleteImportError(f"{path}: {len(report.unmatched)} row(s) matched no turn and were not imported "
                                    f"(listed above); the other {placed} row(s) were")


def _codings_report_lines(tr, report) -> list[str]:  # type: ignore[no-untyped-def]
    """The import report in the interface language: its first two lines from the catalogue (English reads as
    ``report.lines()`` always did), the rest through the library's message patterns."""
    if tr.language != "zh":
        return report.lines()

    def kind(name: str) -> str:
        key = f"codings_import.how.{name}"
        words = tr(key)
        return name if words == key else words

    how = "、".join(f"{kind(name)} {n} 行" for name, n in report.matched.most_common())
    form = tr(f"codings_import.form.{report.form}") if report.form in ("long", "wide") else report.form
    head = tr("codings_import.head", path=report.path, form=form, rows=report.rows,
              matched=sum(report.matched.values()), how=f"（{how}）" if how else "")
    present = tr("codings_import.present", count=report.codings_present) if report.codings_present else ""
    rest = [line.strip() for line in report.lines()[2:]]
    return [head, tr("codings_import.added", added=report.codings_added, present=present),
            *("  " + (warning_line(tr, line.removeprefix("warning: "), err=False) if line.startswith("warning: ")
                      else library_note(tr, line)) for line in rest)]


def _subgroup(group: click.Group, name: str, help_text: str) -> click.Group:
    existing = group.commands.get(name)
    if isinstance(existing, click.Group):
        return existing
    created = click.Group(name, help=help_text)
    group.add_command(created)
    return created


def register(group: click.Group) -> None:
    _subgroup(group, "export", "Write the project for other tools.").add_command(export_qdpx_command)
    codebook = _subgroup(group, "codebook", "Codebooks: show, edit, import and export.")
    # `codebook import FILE.qdc` is dispatched by the codebook area's import command.
    for command, fallback in ((export_qdc_command, "export-qdc"),):
        codebook.add_command(command, name=command.name if command.name not in codebook.commands else fallback)
    group.add_command(import_codings_command)
