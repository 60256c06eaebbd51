"""Team coding commands: `qualcode agreement` and `qualcode merge`."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import CliContext, pass_cli
from qualcode.core.errors import QualcodeError


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated options and comma-separated lists both work: --codes A,B --codes C."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _configured_coders(project) -> tuple[str, str]:
    configured = project.setting("agreement.coders")
    if isinstance(configured, list) and len(configured) == 2 and all(isinstance(c, str) for c in configured):
        return configured[0], configured[1]
    raise QualcodeError('name the two coders: --coders A B (or [agreement] coders = ["A", "B"] in qualcode.toml)')


@click.command("agreement")
@click.option("--coders", nargs=2, metavar="A B",
              help="The two coders to compare; `engine` stands for the suggestion engine "
                   "(default: qualcode.toml [agreement] coders).")
@click.option("--unit", type=click.Choice(["segment", "sentence", "character"]), default="segment",
              show_default=True, help="Unit of analysis.")
@click.option("--role", type=click.Choice(["participant", "all"]), default="participant", show_default=True,
              help="Which turns are units: participant turns, or every turn.")
@click.option("--codes", multiple=True, metavar="IDS", help="Only these codes (repeat or separate by commas).")
@click.option("--documents", multiple=True, metavar="NAMES", help="Only these documents (names or ids).")
@click.option("--overlap", help="Share of overlap for two coders' passages in a unit to agree (|A∩B|/|A∪B|); "
                               "default: qualcode.toml [agreement] overlap, else 0.9.")
@click.option("--min-score", type=float,
              help="For `engine`: the lowest suggestion score that counts (default: [nlp] min_score for a run, "
                   "0 for the table).")
@click.option("--engine-source", type=click.Choice(["run", "table"]), default="run", show_default=True,
              help="For `engine`: run the engine on the compared turns now, or read the stored suggestions "
                   "(pending and accepted).")
@click.option("--list", "list_", is_flag=True, help="List the units the coders disagree on instead of the table.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the table to FILE.md or FILE.csv (default: Markdown on the screen).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option("--excel", is_flag=True, help="CSV for Excel: a byte-order mark so Excel shows Chinese, and a quote "
              "before text Excel would run as a formula, and ids of digits (007) kept as text.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]),
              help="Language of the Markdown table's headings and rules "
                   "(default: [project] report_language, else [project] language, else en); "
                   "of --list: the interface language.")
@pass_cli
def agreement_command(ctx: CliContext, coders: tuple[str, str] | None, unit: str, role: str,
                      codes: tuple[str, ...], documents: tuple[str, ...], overlap: str | None,
                      min_score: float | None, engine_source: str, list_: bool, out: Path | None,
                      force: bool, excel: bool, language: str | None) -> None:
    """Intercoder agreement per code: 2×2 counts, agreement, Cohen's κ, Krippendorff's α, Brennan–Prediger κ.

    Example: qualcode agreement --coders A B --out exports/agreement.md
    """
    from qualcode.analysis.agreement.compute import AgreementOptions, parse_share
    from qualcode.analysis.agreement.disagreements import format_disagreements, list_disagreements
    from qualcode.analysis.agreement.report import to_markdown, write_report
    from qualcode.app.api import sync_codes
    from qualcode.app.exporting.report_info import report_language
    from qualcode.app.team.coders import agreement

    project = ctx.project()
    sync_codes(project)
    coders = coders or _configured_coders(project)
    overlap_share = parse_share(overlap if overlap is not None else project.setting("agreement.overlap", 0.9))
    options = AgreementOptions(coders=coders, unit=unit, role=role, overlap=overlap_share, codes=_split(codes),
                               documents=_split(documents), min_score=min_score,
                               engine_source=engine_source)
    result = agreement(project, options)
    if list_:  # result lines on the terminal: --lang, else the interface language (as other commands' lines)
        listed = format_disagreements(result, list_disagreements(result), language=language or ctx.words().language)
        click.echo(listed, nl=False)
        return
    language = report_language(project, language)
    if out is None:
        click.echo(to_markdown(result, language), nl=False)
        return
    path = write_report(result, out, force=force, excel=excel, language=language)
    summary = result.overall
    click.echo(f"Wrote {path} ({len(result.rows)} codes"
               + (f"; pooled: agreement {summary.observed.value:.1%}, κ {summary.kappa.format()}, "
                  f"α {summary.alpha.format()}" if summary else "") + ")")


def _renames(values: tuple[str, ...]) -> dict[str, str]:
    renames = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise QualcodeError(f"--rename takes OLD=NEW (a coder's name there = the name here), not {value!r}")
        renames[old.strip()] = new.strip()
    return renames


@click.command("merge")
@click.argument("other_project", type=click.Path(path_type=Path))
@click.option("--only", multiple=True, metavar="CODER", help="Bring in only this coder's codings (repeatable).")
@click.option("--rename", multiple=True, metavar="OLD=NEW", help="Store coder OLD of the other project as NEW.")
@click.option("--dry-run", is_flag=True, help="Report what would be merged and change nothing.")
@pass_cli
def merge_command(ctx: CliContext, other_project: Path, only: tuple[str, ...], rename: tuple[str, ...],
                  dry_run: bool) -> None:
    """Bring in another project's codings for the same transcripts (matched by content hash).

    One undoable step: `qualcode undo` removes exactly the codings it added.
    """
    from qualcode.app.team.coders import merge_project

    project = ctx.project()
    report = merge_project(project, other_project, coders=_split(only), rename=_renames(rename), dry_run=dry_run)
    if dry_run:
        click.echo("Dry run: nothing was changed. This is what the merge would do:")
    click.echo(report.summary())
    if not report.matched:
        click.echo("Nothing merged: no transcript of that project matches one here (import the same files first).")
    on_versions = sum(n for _, n, _ in report.versions_differ)
    of_labels = sum(report.labels_differ_skipped.values())
    if on_versions or of_labels:  # codings left behind: exit 1, as an import of codings with unplaced rows does
        from qualcode.core.errors import IncompleteImportError

        parts = ([f"{on_versions} coding(s) on transcripts whose versions differ"] if on_versions else []) + \
            ([f"{of_labels} coding(s) of codes whose labels differ"] if of_labels else [])
        raise IncompleteImportError(f"{other_project}: {' and '.join(parts)} were not merged (listed above)")


def register(group: click.Group) -> None:
    import qualcode.app.team.coders  # noqa: F401  -- registers the `coding.merge` history action for `qualcode undo`

    group.add_command(agreement_command)
    group.add_command(merge_command)
