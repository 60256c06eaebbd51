"""What every command shares: the options of the main group and error handling."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import click

from qualcode.cli import report_failure
from qualcode.core.errors import QualcodeError


@dataclass
class CliContext:
    project_dir: str | None = None
    coder: str | None = None
    lang: str | None = None
    debug: bool = False
    _project: object | None = field(default=None, repr=False)
    _words: object | None = field(default=None, repr=False)
    _config: dict | None = field(default=None, repr=False)   # the opened project's, kept after close for errors

    def project(self):
        """Open the project once, on first use (so `init` and `--help` need none)."""
        if self._project is None:
            from qualcode.app.coders import refuse_coder_near_miss
            from qualcode.app.project import open_project

            project = open_project(self.project_dir, coder=self.coder)
            project.conn.origin = "cli"  # its history events say "from the command line" (the TUI's undo asks)
            try:
                refuse_coder_near_miss(project, self.coder)
            except QualcodeError:
                project.close()
                raise
            self._project = project
            self._config = project.config
            self._say_titled_twin(project)
        return self._project

    def _say_titled_twin(self, project) -> None:
        """``--coder "coder A"`` where A has codings: said on stderr, naming both (not refused: may be a colleague)."""
        from qualcode.app.coders import coders_with_codings, titled_twin_note, titled_twins

        known = coders_with_codings(project) if self.coder else []
        twins = titled_twins(self.coder, known) if self.coder and self.coder not in known else []
        if twins:
            from qualcode.cli.words import warning_line

            click.echo(warning_line(self.words(), titled_twin_note(self.coder, twins)), err=True)

    def words(self):  # type: ignore[no-untyped-def]
        """The translator of result lines (:mod:`qualcode.cli.words`), in the project's interface language.

        A command that opened no project (``scores compute`` outside one) follows ``--lang`` alone.
        """
        if self._words is None:
            from qualcode.cli.words import cli_translator

            self._words = cli_translator(self.lang, self._config if self._project is not None else None)
        return self._words

    def language(self) -> str:
        """The interface language of an error that ended the command (the project may be closed by then):
        the result lines' when chosen, else ``--lang``, else the opened project's, else English."""
        if self._words is not None:
            return self._words.language
        from qualcode.tui.i18n import choose_language

        return choose_language(self.lang, self._config or {})

    def close(self) -> None:
        if self._project is not None:
            self._project.close()
            self._project = None


pass_cli = click.make_pass_decorator(CliContext, ensure=True)


def run_guarded(group: click.Group, args: list[str], *, debug: bool) -> int:
    """Run the CLI; user errors become one line on stderr (in the interface language) and exit code 2."""
    context = CliContext()   # the main group fills it in, so an error can be said in the command's language
    try:
        group.main(args=args, prog_name="qualcode", standalone_mode=False, obj=context)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C into Abort; a declined confirmation is an Abort too, and nothing was started then.
        if isinstance(exc.__cause__, KeyboardInterrupt):
            return report_failure(exc.__cause__, debug=debug, language=context.language())
        click.echo("qualcode: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except (Exception, KeyboardInterrupt) as exc:
        return report_failure(exc, debug=debug, language=context.language())
    return 0


def fail(message: str) -> None:
    """Raise a one-line user error from a command."""
    raise QualcodeError(message)


def text_column_cells(others: list[tuple[str, ...]], *, least: int = 20, most: int = 60) -> int:
    """The cells left for a table's text column beside ``others`` (the other columns' cells, headers first)
    in the terminal's width (``COLUMNS`` when set, else the terminal, else 80), within ``least``..``most``."""
    import shutil

    from rich.cells import cell_len

    taken = sum(max(cell_len(str(row[i])) for row in others) + 2 for i in range(len(others[0]))) if others else 0
    return max(least, min(most, shutil.get_terminal_size((80, 24)).columns - taken - 1))


def echo_table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> None:
    """A plain aligned table; widths count double-width CJK characters as two cells."""
    from rich.cells import cell_len

    table = [headers, *rows]
    widths = [max(cell_len(str(r[i])) for r in table) for i in range(len(headers))]
    for row in table:
        cells = [str(value) + " " * (widths[i] - cell_len(str(value))) for i, value in enumerate(row)]
        click.echo("  ".join(cells).rstrip())
    sys.stdout.flush()
