"""The click group of the command line: its options, and the areas it loads command by command.

Each area adds its commands in its own module with ``register(group)``, so
areas never edit each other's files. Opening the TUI does not come here (:mod:`qualcode.cli.launch`).
"""

from __future__ import annotations

import importlib

import click

from qualcode.cli import GLOBAL_FLAGS, GLOBAL_VALUED_OPTIONS
from qualcode.cli.context import CliContext

# Each bundle of area modules and the top-level commands it registers, so that a command
# imports only its own area (start-up was ~0.2 s CPU when every area was imported).
# Modules of one bundle add commands to each other's groups (`export qdpx`, `codebook export`,
# `export memos`), so a bundle is always registered whole, in this order.
# tests/test_cli_lazy_loading.py checks this table against the commands the areas really register.
AREA_BUNDLES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("qualcode.cli.core",), ("init", "import", "status", "code", "cases", "memo", "undo", "redo")),
    (("qualcode.cli.codebook", "qualcode.cli.export", "qualcode.cli.memos", "qualcode.cli.interop"),
     ("codebook", "export", "join", "scores", "memos", "import-codings")),
    (("qualcode.cli.suggest",), ("suggest", "next", "suggestions", "keywords", "eval")),
    (("qualcode.cli.agreement",), ("agreement", "merge")),
    (("qualcode.cli.safety",), ("backup", "doctor", "review", "pseudonymize")),
    (("qualcode.cli.admin",), ("documents", "codes")),
    (("qualcode.cli.tui",), ("tui",)),
)
AREA_MODULES = tuple(module for modules, _ in AREA_BUNDLES for module in modules)


class LazyAreasGroup(click.Group):
    """A group that imports a command's area module only when that command is looked up.

    Listing the commands (shell completion) registers every area; `--help` lists them from a table.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._registered_bundles: set[int] = set()

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        for index, (_, names) in enumerate(AREA_BUNDLES):
            if cmd_name in names:
                self._register_bundle(index)
        if cmd_name not in self.commands:  # a command missing from the table must still run
            self.list_commands(ctx)
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        for index in range(len(AREA_BUNDLES)):
            self._register_bundle(index)
        return sorted(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`, from :data:`COMMAND_SUMMARIES` while the areas are not loaded.

        Importing every area to read one line of help each was most of `qualcode --help`'s start-up;
        the stand-ins are shortened by click exactly as the real commands would be.
        """
        if len(self._registered_bundles) == len(AREA_BUNDLES):
            super().format_commands(ctx, formatter)
            return
        from qualcode.cli.command_summaries import COMMAND_SUMMARIES

        stand_ins = {name: click.Command(name, help=summary) for name, summary in COMMAND_SUMMARIES.items()}
        stand_ins.update(self.commands)  # anything registered already speaks for itself
        limit = formatter.width - 6 - max(len(name) for name in stand_ins)
        rows = [(name, stand_ins[name].get_short_help_str(limit)) for name in sorted(stand_ins)
                if not stand_ins[name].hidden]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _register_bundle(self, index: int) -> None:
        if index in self._registered_bundles:
            return
        self._registered_bundles.add(index)
        for name in AREA_BUNDLES[index][0]:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue  # that area is not part of this build
                raise
            module.register(self)


class GlobalOptionsGroup(LazyAreasGroup):
    """Accept the main group's options after the command name too (`qualcode status --project thesis`).

    An option the command itself defines (e.g. `export matrix --coder`, a filter) keeps its command meaning.
    Nothing after `--` is moved.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = list(args)
        i = 0
        while i < len(args) and args[i].startswith("-"):  # skip the options already in front
            i += 2 if args[i] in GLOBAL_VALUED_OPTIONS else 1
        if i >= len(args):
            return super().parse_args(ctx, args)
        command: click.Command | None = self.get_command(ctx, args[i])
        j = i + 1
        while isinstance(command, click.Group) and j < len(args) and args[j] in command.commands:
            command = command.commands[args[j]]
            j += 1
        own = {opt for param in (command.params if command else []) for opt in param.opts}
        front: list[str] = []
        rest: list[str] = args[:i]
        tail = args[i:]
        k = 0
        while k < len(tail):
            token = tail[k]
            if token == "--":
                rest.extend(tail[k:])
                break
            name = token.split("=", 1)[0]
            if name in GLOBAL_VALUED_OPTIONS and name not in own:
                if "=" in token:
                    front.append(token)
                    k += 1
                else:
                    front.extend(tail[k:k + 2])
                    k += 2
                continue
            if token in GLOBAL_FLAGS and token not in own:
                front.append(token)
                k += 1
                continue
            rest.append(token)
            k += 1
        return super().parse_args(ctx, front + rest)


@click.group(cls=GlobalOptionsGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=str),
              help="Project folder (default: found by walking up from the working directory).")
@click.option("--coder", help="Who is coding (default: qualcode.toml [project] coder, else your user name).")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Interface language of the TUI and the commands' result lines.")
@click.option("--debug", is_flag=True, help="Show full tracebacks.")
@click.version_option(package_name="qualcode")
@click.pass_context
def cli(ctx: click.Context, project_dir: str | None, coder: str | None, lang: str | None, debug: bool) -> None:
    """qualcode: qualitative coding of interview transcripts.

    With no command, opens the coding workbench (TUI) on the project.
    """
    if not isinstance(ctx.obj, CliContext):   # run_guarded passes one in, to say an error in its language
        ctx.obj = CliContext()
    ctx.obj.project_dir, ctx.obj.coder, ctx.obj.lang, ctx.obj.debug = project_dir, coder, lang, debug
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        tui_command = cli.get_command(ctx, "tui")
        if tui_command is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(tui_command)

