"""`qualcode` and `qualcode tui` open the workbench without loading click or any command.

Loading click and the CLI cost about 40–60 ms of the launch before the app could start. The command
lines handled here are the plain ones: the main group's options (`--project`, `--coder`, `--lang`,
`--debug`), optionally `tui` and its own options (the same three plus `--blind/--no-blind`), as
click would read them: an option after `tui` is the command's and wins over the group's, the last of a
repeated option counts. Anything else (`--help`, `--version`, another command, a bad or missing value)
is left to click, which gives its usual help or message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from qualcode.cli import GLOBAL_FLAGS, GLOBAL_VALUED_OPTIONS, report_failure

TUI_FLAGS = {"--blind": True, "--no-blind": False}


@dataclass(frozen=True)
class TuiLaunch:
    """What `qualcode tui` was asked to open, read from its command line."""

    project_dir: str | None = None
    coder: str | None = None
    lang: str | None = None
    blind: bool | None = None
    debug: bool = False

    def run_guarded(self) -> int:
        """Run the app; an error that ends it becomes one line on stderr, as for every command."""
        from qualcode.tui import run

        try:
            run(self.project_dir, coder=self.coder, lang=self.lang, blind=self.blind)
        except (Exception, KeyboardInterrupt) as exc:
            from qualcode.tui.i18n import normalise_language

            return report_failure(exc, debug=self.debug, language=normalise_language(self.lang))
        return 0


COMPLETION_VARIABLE = "_QUALCODE_COMPLETE"  # set by the shell's tab completion, which click answers


def tui_launch(args: list[str], environ: Mapping[str, str] | None = None) -> TuiLaunch | None:
    """The TUI launch ``args`` ask for, or None when click must read them (tab completion calls the command
    with no arguments too, and must get its answer, not a workbench)."""
    if COMPLETION_VARIABLE in (os.environ if environ is None else environ):
        return None
    group_values: dict[str, str] = {}
    tui_values: dict[str, str] = {}
    blind: bool | None = None
    debug = False
    after_tui = False
    i = 0
    while i < len(args):
        token = args[i]
        name, has_value, value = token.partition("=")
        if name in GLOBAL_VALUED_OPTIONS:
            if not has_value:
                if i + 1 >= len(args):
                    return None
                value = args[i + 1]
                i += 1
            if not _plain_value(name, value):
                return None
            (tui_values if after_tui else group_values)[name] = value
        elif token in GLOBAL_FLAGS:
            debug = True
        elif token == "tui" and not after_tui:
            after_tui = True
        elif after_tui and token in TUI_FLAGS:
            blind = TUI_FLAGS[token]
        else:
            return None
        i += 1
    chosen = {**group_values, **tui_values}
    return TuiLaunch(project_dir=chosen.get("--project"), coder=chosen.get("--coder"), lang=chosen.get("--lang"),
                     blind=blind, debug=debug)


def _plain_value(option: str, value: str) -> bool:
    """A value this reader can take as click would; an odd one goes to click for its own message."""
    if not value or value.startswith("-"):
        return False
    if option == "--lang":
        from qualcode.tui.i18n import LANGUAGES

        return value in LANGUAGES
    return True
