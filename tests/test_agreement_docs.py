"""docs/agreement.md documents every option of `qualcode agreement` and `qualcode merge`."""

from __future__ import annotations

from pathlib import Path

from qualcode.cli.agreement import agreement_command, merge_command

DOC = Path(__file__).resolve().parents[1] / "docs" / "agreement.md"


def test_every_option_is_documented_and_has_help():
    text = DOC.read_text(encoding="utf-8")
    for command in (agreement_command, merge_command):
        assert command.help, command.name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{command.name} {param.opts[0]} has no help text"
                assert param.opts[0] in text, f"{param.opts[0]} of `qualcode {command.name}` is not in {DOC.name}"
