"""`qualcode memos list|edit|delete|export` (and `qualcode export memos`): thin over the app's memo functions."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import CliContext, echo_table, pass_cli

MEMO_TARGETS = ("project", "document", "case", "code", "coding", "segment")


@click.group("memos")
def memos_group() -> None:
    """List, change, delete and export memos (add one with `qualcode memo TARGET ID TEXT`)."""


@memos_group.command("list")
@click.option("--target", "target_type", type=click.Choice(MEMO_TARGETS), help="Only memos on this kind of target.")
@pass_cli
def list_memos(ctx: CliContext, target_type: str | None) -> None:
    """Every memo: number, target, author, date and its first line."""
    from qualcode.app.exporting.memo_report import memo_rows

    rows = memo_rows(ctx.project(), target_type=target_type)
    if not rows:
        others = len(memo_rows(ctx.project())) if target_type else 0
        click.echo(f"No memos on a {target_type}; {others} memo(s) on other targets (`qualcode memos list`)."
                   if others else "No memos yet; add one with `qualcode memo case S01 \"…\"`.")
        return
    echo_table([(str(r.id), f"{r.target_type} {r.target}".strip(), r.author, r.updated_at[:16].replace("T", " "),
                 (r.text.splitlines() or [""])[0][:60]) for r in rows], ("id", "target", "author", "date", "memo"))


@memos_group.command("edit")
@click.argument("memo_id", type=int)
@click.argument("text")
@pass_cli
def edit_memo(ctx: CliContext, memo_id: int, text: str) -> None:
    """Replace the text of one of your memos (undoable)."""
    from qualcode.app import api

    from qualcode.app.exporting.memo_report import describe_target

    project = ctx.project()
    memo = api.edit_memo(project, memo_id, text)
    click.echo(f"Changed memo {memo.id} on {describe_target(project, memo)}")


@memos_group.command("delete")
@click.argument("memo_id", type=int)
@pass_cli
def delete_memo(ctx: CliContext, memo_id: int) -> None:
    """Delete one of your memos (undoable with `qualcode undo`)."""
    from qualcode.app import api
    from qualcode.app.exporting.memo_report import describe_target

    project = ctx.project()
    memo = api.delete_memo(project, memo_id)
    first = (memo.text.splitlines() or [""])[0][:40]
    click.echo(f"Deleted memo {memo.id} on {describe_target(project, memo)} ({first!r}); "
               "`qualcode undo` brings it back")


def _export_command(name: str) -> click.Command:
    @click.command(name)
    @click.option("--format", "fmt", type=click.Choice(["md", "csv", "docx"]), help="Default: from --out, else md.")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                  help="Output file (default: exports/memos.<format>).")
    @click.option("--lang", "language", type=click.Choice(["en", "zh"]),
                  help="Language of headings "
                  "(default: [project] report_language, else [project] language, else en).")
    @click.option("--force", is_flag=True, help="Overwrite an existing file.")
    @pass_cli
    def export(ctx: CliContext, fmt: str | None, out: Path | None, language: str | None, force: bool) -> None:
        """Every memo with its target, author and date, and the coded text for turns and codings."""
        from qualcode.app.exporting.memo_report import export_memos

        project = ctx.project()
        fmt = fmt or (out.suffix.lstrip(".").lower() if out is not None and out.suffix else "md")
        out = out or project.root / "exports" / f"memos.{fmt}"
        path, count = export_memos(project, out, fmt=fmt, lang=language, force=force)
        click.echo(ctx.words()("export.wrote_memos", path=path, count=count))

    return export


def register(group: click.Group) -> None:
    from qualcode.cli.export import export_group

    memos_group.add_command(_export_command("export"))
    group.add_command(memos_group)
    export_group.add_command(_export_command("memos"))
