"""`qualcode codebook validate|show|import` -- thin wrappers over qualcode.core.codebook."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from qualcode.cli.context import CliContext
from qualcode.core.codebook import CodebookValidationError, load_codebooks
from qualcode.core.errors import CodebookError, Location
from qualcode.core.models import Code, Codebook


def register(group: click.Group) -> None:
    group.add_command(codebook)


def _user_errors(command: Callable) -> Callable:
    """List every problem of an invalid codebook on stderr, then fail with a one-line summary.

    Other errors pass through to the main group, which prints one line and exits 2.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CodebookValidationError as error:
            if len(error.problems) == 1:
                raise error.problems[0] from None
            for problem in error.problems:
                click.echo(f"{problem}", err=True)
            where = Location(error.location.path) if error.location else None
            raise CodebookError(f"{len(error.problems)} problems (listed above)", where) from None

    return wrapper


@click.group()
def codebook() -> None:
    """Validate, show and import codebooks (YAML files in the project's codebooks/ folder)."""


_files = click.argument("files", nargs=-1, type=click.Path(path_type=Path))
_project = click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path),
                        help="Project folder; its codebooks/*.yaml are used when no FILES are given.")


@codebook.command()
@_files
@_project
@_user_errors
def validate(files: tuple[Path, ...], project: Path | None) -> None:
    """Check codebook FILES together (default: the project's codebooks) and report every problem."""
    from qualcode.cli.words import library_note

    loaded = load_codebooks(_codebook_paths(files, project))
    tr = _words(project)
    for book in loaded.codebooks:
        keywords = sum(len(code.keywords.all()) for code in book.codes)
        click.echo(tr("codebook.ok", path=book.path, name=book.name, version=book.version, codes=len(book.codes),
                      leaves=len(book.leaves()), keywords=keywords))
    for warning in loaded.warnings:
        click.echo(tr("warning.line", message=f"{warning.location}: {library_note(tr, warning.message)}"))


def _words(project: Path | None):  # type: ignore[no-untyped-def]
    """The translator of validate's lines: ``--lang``, else the interface language of the project here (the
    one whose codebooks are checked when no files are named; its qualcode.toml read, the project not opened:
    a broken qualcode.toml is for the commands that open it to report), else English."""
    from qualcode.cli.words import cli_translator
    from qualcode.core.config import read_config
    from qualcode.core.errors import QualcodeError

    context = click.get_current_context().find_object(CliContext)
    lang = context.lang if context is not None else None
    config: dict = {}
    if not lang:
        try:
            config = read_config(_project_root(project) / "qualcode.toml")
        except QualcodeError:   # no project (named files checked alone), or settings it cannot read
            pass
    return cli_translator(lang, config)


@codebook.command()
@_files
@_project
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Show labels in one language (default: both).")
@_user_errors
def show(files: tuple[Path, ...], project: Path | None, lang: str | None) -> None:
    """Print each codebook as a tree: id, label, TUI key and keyword counts."""
    for book in load_codebooks(_codebook_paths(files, project)).codebooks:
        click.echo(f"{book.name} (version {book.version}, {len(book.codes)} codes)  {book.path}")
        for line in tree_lines(book, lang):
            click.echo(line)


@codebook.command("import")
@click.argument("table", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The YAML file to write (default: codebooks/<name>.yaml in the project).")
@click.option("--name", help="For a .qdc: the name of the codebook to create (default: the file name).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.pass_context
@_user_errors
def import_table(ctx: click.Context, table: Path, out: Path | None, name: str | None, force: bool) -> None:
    """Import a codebook: a CSV/XLSX table (columns id, parent, label, description, keywords) or a
    REFI-QDA codebook (.qdc) from another QDA tool, written as YAML into codebooks/."""
    from qualcode.core.codebook_writer import write_codebook_yaml
    from qualcode.io.codebook_table import import_codebook_table

    if table.suffix.lower() == ".qdc":
        from qualcode.app.interop import import_qdc

        for line in import_qdc(ctx.find_object(CliContext).project(), table, name=name).lines():
            click.echo(line)
        return
    if out is None:
        out = ctx.find_object(CliContext).project().root / "codebooks" / f"{table.stem}.yaml"
    if out.exists() and not force:
        raise CodebookError("already exists; use --force to overwrite it", Location(out))
    if not out.parent.is_dir():
        raise CodebookError("folder does not exist", Location(out.parent))
    book = import_codebook_table(table)
    _refuse_ids_used_elsewhere(book, table, out)
    write_codebook_yaml(book, out, header=f"Imported from {table.name} by `qualcode codebook import`.")
    _record_import(ctx, table)
    click.echo(f"wrote {out}: {len(book.codes)} codes ({len(book.children(None))} themes)")


def tree_lines(book: Codebook, lang: str | None) -> list[str]:
    """One line per code, indented with box-drawing characters."""
    lines: list[str] = []

    def visit(parent_id: str | None, prefix: str) -> None:
        children = book.children(parent_id)
        for index, code in enumerate(children):
            last = index == len(children) - 1
            lines.append(f"{prefix}{'└─' if last else '├─'} {_describe(code, lang)}")
            visit(code.id, prefix + ("   " if last else "│  "))

    visit(None, "")
    return lines


def _describe(code: Code, lang: str | None) -> str:
    label = code.label(lang) if lang else " / ".join(code.labels.values())
    parts = [code.id, label]
    if code.key:
        parts.append(f"[{code.key}]")
    if code.keywords.all():
        parts.append(f"zh {len(code.keywords.zh)} · en {len(code.keywords.en)}")
    return "  ".join(parts)


def _codebook_paths(files: tuple[Path, ...], project: Path | None) -> list[Path]:
    if files:
        return list(files)
    folder = _project_root(project) / "codebooks"
    paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not paths:
        raise CodebookError("no codebook files (*.yaml) in this folder", Location(folder))
    return paths


def _project_root(project: Path | None) -> Path:
    """--project here or on the main command, else the nearest folder with qualcode.toml."""
    from qualcode.app.project import find_project_root

    if project is None:
        context = click.get_current_context().find_object(CliContext)
        if context is not None and context.project_dir:
            project = Path(context.project_dir)
    if project is not None:
        if not project.is_dir():
            raise CodebookError("project folder does not exist", Location(project))
        return project
    return find_project_root()


def _refuse_ids_used_elsewhere(book: Codebook, table: Path, out: Path) -> None:
    """Refuse (before writing) a table whose code ids are already defined by another codebook next to ``out``."""
    from qualcode.core.codebook import load_codebook

    ids = {code.id for code in book.codes}
    for other in sorted(out.parent.glob("*.y*ml")):
        if other.resolve() == out.resolve():
            continue
        try:
            taken = {code.id for code in load_codebook(other).codes}
        except Exception:  # noqa: BLE001 - a broken neighbour is reported by `codebook validate`, not here
            continue
        clash = sorted(ids & taken)
        if clash:
            raise CodebookError(f"code id {clash[0]} is already used by {other.name}"
                                + (f" (and {len(clash) - 1} more)" if len(clash) > 1 else "")
                                + f"; rename it in {table.name} before importing", Location(out))


def _record_import(ctx: click.Context, table: Path) -> None:
    """Note the import in the project's history (when there is a project) so undo does not skip past it."""
    from qualcode.app.coding.history import record_codebook_edit

    cli_ctx = ctx.find_object(CliContext)
    if cli_ctx is None:
        return
    try:
        project = cli_ctx.project()
    except Exception:  # noqa: BLE001 - importing a table outside a project is allowed
        return
    record_codebook_edit(project.conn, project.coder, f"codebook import {table.name}")
