"""The command line: thin over :mod:`qualcode.app.api`.

``main()`` is the `qualcode` command. Opening the TUI (`qualcode`, `qualcode tui`) goes straight to the
app (:mod:`qualcode.cli.launch`) without loading click or any command: a researcher opens the workbench
many times a day. Every other command runs through the click group in :mod:`qualcode.cli.group`,
which is loaded on first use of the names below (PEP 562), so this package itself loads no click.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path
from typing import Any

# The main group's options, which may also follow the command name (`qualcode status --project thesis`).
GLOBAL_VALUED_OPTIONS = ("--project", "--coder", "--lang")
GLOBAL_FLAGS = ("--debug",)

# The prefix of an error line (English, 简体中文): here, not in qualcode.cli.words, so a TUI launch that fails
# loads no other module of the command line; the words' table takes it from here (key ``error.stderr``).
ERROR_LINE = ("qualcode: error: {message}", "qualcode：错误：{message}")

_FROM_GROUP = ("cli", "AREA_BUNDLES", "AREA_MODULES", "LazyAreasGroup", "GlobalOptionsGroup")


def __getattr__(name: str) -> Any:
    if name in _FROM_GROUP:
        return getattr(importlib.import_module("qualcode.cli.group"), name)
    raise AttributeError(f"module 'qualcode.cli' has no attribute {name!r}")


def report_failure(exc: BaseException, *, debug: bool, language: str = "en") -> int:
    """One line on stderr for an error that ended a command or the TUI, and the exit code.

    User errors say what is wrong (exit 2 or their own code) after a prefix in the interface ``language``
    (``qualcode: error:`` / ``qualcode：错误：``, :func:`error_line`); a bug says so plainly and how to see it.
    """
    from qualcode.core.errors import DiskFullError, QualcodeError, is_disk_full

    if isinstance(exc, KeyboardInterrupt):
        _say("qualcode: interrupted; everything done so far is saved (run the command again to go on)")
        return 130
    if debug:
        traceback.print_exc()
    if isinstance(exc, QualcodeError):
        _say(error_line(exc, language))
        return exc.exit_code
    if is_disk_full(exc, Path.cwd()):  # a file write (export, backup, YAML) ran out of space: not a bug
        _say(error_line(DiskFullError(getattr(exc, 'filename', None) or Path.cwd()), language))
        return 2
    if not debug:
        _say(f"qualcode: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    return 1


def error_line(error: BaseException, language: str) -> str:
    """``qualcode: error: <file:line: message>`` with the prefix in ``language`` (``qualcode：错误：``), the
    prefix shared with the lines that report one failed file among many (``import``'s).

    The message stays as the library wrote it: the TUI's Chinese for it (:mod:`qualcode.tui.error_words`)
    gives the window's advice in places ("tick 'overwrite'" for "use --force", "N" for `qualcode next`),
    wrong on the command line."""
    from qualcode.tui.i18n import Translator

    return Translator(language, {"error.stderr": ERROR_LINE})("error.stderr", message=str(error))


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one line per error, exit 2, traceback only with --debug."""
    args = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        # A path with undecodable bytes must print as escapes, not end the command with an encoding error.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    from qualcode.cli.launch import tui_launch

    launch = tui_launch(args)
    if launch is not None:
        sys.exit(launch.run_guarded())
    from qualcode.cli.context import run_guarded
    from qualcode.cli.group import cli

    sys.exit(run_guarded(cli, args, debug="--debug" in args))
