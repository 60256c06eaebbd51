"""A command imports only its own area of the CLI; `--help` still lists every command."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import click
from click.testing import CliRunner

from qualcode.cli import AREA_BUNDLES, cli

HEAVY = ("pandas", "scipy", "sklearn", "spacy", "jieba", "textual")


def test_bundle_table_names_exactly_the_commands_each_bundle_registers():
    seen: set[str] = set()
    for modules, names in AREA_BUNDLES:
        group = click.Group("probe")
        for name in modules:
            importlib.import_module(name).register(group)
        assert set(group.commands) == set(names), modules
        assert not seen & set(names), f"{names} registered by two bundles"
        seen |= set(names)


def test_help_lists_every_command_of_every_area():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1]
    for _, names in AREA_BUNDLES:
        for name in names:
            assert f"\n  {name} " in listed, name


def test_status_imports_neither_other_areas_nor_heavy_libraries(tmp_path):
    root = tmp_path / "project"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    script = (
        "import sys\n"
        "from qualcode.cli import cli\n"
        "from qualcode.cli.context import run_guarded\n"
        f"code = run_guarded(cli, ['status', '--project', {str(root)!r}], debug=False)\n"
        "loaded = [m for m in sys.modules if m.startswith('qualcode.cli.') or m.split('.')[0] in "
        f"{HEAVY!r}]\n"
        "print(code, ' '.join(sorted(loaded)))\n"  # the last line, after the status report
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, *loaded = result.stdout.splitlines()[-1].split()
    assert code == "0", result.stderr
    assert sorted(loaded) == ["qualcode.cli.context", "qualcode.cli.core", "qualcode.cli.group", "qualcode.cli.words"]


def test_summary_table_is_the_first_paragraph_of_every_commands_help():
    import inspect

    from qualcode.cli.command_summaries import COMMAND_SUMMARIES

    cli.list_commands(None)
    real = {name: inspect.cleandoc(command.help or "").partition("\n\n")[0]
            for name, command in sorted(cli.commands.items())}
    table = "\n".join(f"    {name!r}: {text!r}," for name, text in real.items())
    assert COMMAND_SUMMARIES == real, f"paste into qualcode/cli/command_summaries.py:\n{table}"
    for command in cli.commands.values():  # the stand-ins carry no short_help, deprecation or hiding
        assert not command.short_help and not command.deprecated and not command.hidden, command.name


def _help_in_fresh_process(load_every_area: bool, columns: int) -> tuple[str, list[str]]:
    script = (
        "import sys\n"
        "from qualcode.cli import cli\n"
        "from qualcode.cli.context import run_guarded\n"
        f"if {load_every_area!r}: cli.list_commands(None)\n"
        "run_guarded(cli, ['--help'], debug=False)\n"
        "print('LOADED', ' '.join(sorted(m for m in sys.modules if m.startswith('qualcode.cli.'))))\n"
    )
    env = {**os.environ, "COLUMNS": str(columns)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    text, _, loaded = done.stdout.rpartition("LOADED")
    return text, loaded.split()


def test_help_imports_no_area_and_prints_what_the_loaded_areas_would():
    for columns in (60, 80):
        quick, loaded = _help_in_fresh_process(False, columns)
        assert loaded == ["qualcode.cli.command_summaries", "qualcode.cli.context", "qualcode.cli.group"]
        full, every = _help_in_fresh_process(True, columns)
        assert len(every) > len(loaded) + 5
        assert quick == full
        assert "\n  suggest " in quick and "\n  import-codings " in quick
