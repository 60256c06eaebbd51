"""What every command shares: the options of the main group and error handling."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from dataclasses import dataclass, field

import click

from qualcode.core.errors import DiskFullError, QualcodeError, is_disk_full


@dataclass
class CliContext:
    project_dir: str | None = None
    coder: str | None = None
    lang: str | None = None
    debug: bool = False
    _project: object | None = field(default=None, repr=False)

    def project(self):
        """Open the project once, on first use (so `init` and `--help` need none)."""
        if self._project is None:
            from qualcode.app.project import open_project

            self._project = open_project(self.project_dir, coder=self.coder)
        return self._project

    def close(self) -> None:
        if self._project is not None:
            self._project.close()
            self._project = None


pass_cli = click.make_pass_decorator(CliContext, ensure=True)


INTERRUPTED = "interrupted; everything done so far is saved (run the command again to go on)"


def run_guarded(group: click.Group, args: list[str], *, debug: bool) -> int:
    """Run the CLI; user errors become one line on stderr and exit code 2."""
    try:
        group.main(args=args, prog_name="qualcode", standalone_mode=False)
    except QualcodeError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"qualcode: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C into Abort, so the KeyboardInterrupt branch below only sees one raised outside it;
        # a declined confirmation is an Abort too, and nothing was started then.
        interrupted = isinstance(exc.__cause__, KeyboardInterrupt)
        click.echo(f"qualcode: {INTERRUPTED if interrupted else 'aborted'}", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except KeyboardInterrupt:
        click.echo(f"qualcode: {INTERRUPTED}", err=True)
        return 130
    except Exception as exc:  # a bug: say so plainly, and how to see the details
        if is_disk_full(exc):  # a file write (export, backup, YAML) ran out of space: not a bug
            if debug:
                traceback.print_exc()
            click.echo(f"qualcode: error: {DiskFullError(getattr(exc, 'filename', None) or Path.cwd())}", err=True)
            return 2
        if debug:
            traceback.print_exc()
        else:
            click.echo(f"qualcode: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                       err=True)
        return 1
    return 0


def fail(message: str) -> None:
    """Raise a one-line user error from a command."""
    raise QualcodeError(message)


def echo_table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> None:
    """A plain aligned table; widths count double-width CJK characters as two cells."""
    from rich.cells import cell_len

    table = [headers, *rows]
    widths = [max(cell_len(str(r[i])) for r in table) for i in range(len(headers))]
    for row in table:
        cells = [str(value) + " " * (widths[i] - cell_len(str(value))) for i, value in enumerate(row)]
        click.echo("  ".join(cells).rstrip())
    sys.stdout.flush()
