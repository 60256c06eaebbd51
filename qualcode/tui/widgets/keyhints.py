"""One line of key hints generated from the action registry (the keys in force, in the interface language).

Used instead of Textual's Footer: the Footer builds a widget per binding and
rebuilds on every focus change, which cost a third of the time to open a
transcript; a single Static line costs nothing and shows the same thing.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from qualcode.tui.keymap import actions_for, display_key, effective_keys


def hint_text(scopes: tuple[str, ...], language: str, keymap: dict[str, str]) -> Text:
    column = 1 if language == "zh" else 0
    text = Text(no_wrap=True, overflow="ellipsis")
    for scope in scopes:
        for spec in actions_for(scope):
            if not spec.show:
                continue
            keys = "/".join(display_key(k) for k in effective_keys(spec, keymap).split(",")[:2])
            label = spec.label[column].split("（")[0].split(" (")[0]
            text.append(f" {keys} ", style="bold reverse")
            text.append(f" {label} ")
    return text


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def on_mount(self) -> None:
        app = self.app
        self.update(hint_text((self.scope, "app"), getattr(app, "language", "en"), getattr(app, "user_keys", {})))
