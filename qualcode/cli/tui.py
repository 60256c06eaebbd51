"""`qualcode tui`: open the coding workbench."""

from __future__ import annotations

import click

from qualcode.cli.context import CliContext, pass_cli


def register(group: click.Group) -> None:
    group.add_command(tui_command)


@click.command("tui")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=str),
              help="Project folder (default: the one given to qualcode, else found from the working directory).")
@click.option("--coder", help="Who is coding; every coding records it (default: qualcode.toml, else your user name).")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Interface language (default: qualcode.toml [tui]).")
@click.option("--blind/--no-blind", default=None,
              help="Show only your own codings and suggestion decisions (default: qualcode.toml [tui] blind).")
@pass_cli
def tui_command(ctx: CliContext, project_dir: str | None, coder: str | None, lang: str | None,
                blind: bool | None) -> None:
    """Open the coding workbench (a terminal UI) on the project."""
    from qualcode.tui import run

    run(project_dir or ctx.project_dir, coder=coder or ctx.coder, lang=lang or ctx.lang, blind=blind)
