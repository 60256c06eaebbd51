"""docs/tui.md lists every action with the key it has by default (the registry is the source)."""

from __future__ import annotations

from pathlib import Path

from qualcode.tui.keymap import ACTIONS

DOC = Path(__file__).resolve().parents[1] / "docs" / "tui.md"


def test_every_action_id_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [spec.id for spec in ACTIONS if f"`{spec.id}`" not in text]
    assert not missing, f"add these to docs/tui.md (regenerate the key tables): {missing}"
