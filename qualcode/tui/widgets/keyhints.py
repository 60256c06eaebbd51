"""Key hints at the bottom of a screen, generated from the action registry (the keys in force, in the
interface language).

Used instead of Textual's Footer: the Footer builds a widget per binding and
rebuilds on every focus change, which cost a third of the time to open a
transcript; a Static costs nothing and shows the same thing.

The function keys (F1 help … F9 side panel) are always shown, in one word each:
when the screen's own keys and the function keys do not fit on one line (an
80-column terminal), they take two lines or more, so no key is ever cut off.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import Static

from qualcode.tui.keymap import actions_for, display_key, effective_keys


def _key(text: Text, keys: str, label: str) -> None:
    text.append(f" {keys} ", style="bold reverse")
    text.append(f" {label} ")


def _function_keys(spec, keymap: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    return [k for k in effective_keys(spec, keymap).split(",") if k[:1] == "f" and k[1:].isdigit()]


def hint_text(scopes: tuple[str, ...], language: str, keymap: dict[str, str], *, compact: bool = False,
              labels: dict[str, str] | None = None) -> Text:
    """The shown keys of ``scopes`` with their labels (up to the first bracket); function keys are left to
    :func:`function_key_text`. ``compact``: one key each and the one-word label, for narrow terminals.
    ``labels``: what an action does where the focus is now, by action id, instead of its registry label."""
    labels = labels or {}
    column = 1 if language == "zh" else 0
    text = Text(no_wrap=True, overflow="ellipsis")
    for scope in scopes:
        for spec in actions_for(scope):
            if not spec.show or (spec.short and _function_keys(spec, keymap)):
                continue
            keys = effective_keys(spec, keymap).split(",")
            if compact:  # the function keys' style: key, one word, one space
                text.append(display_key(keys[0]).replace("Ctrl+", "^"), style="bold reverse")
                short = spec.short[column] if spec.short else spec.label[column].split('（')[0]
                text.append(f"{labels.get(spec.id, short)} ")
            else:
                label = labels.get(spec.id) or spec.label[column].split("（")[0].split(" (")[0]
                _key(text, "/".join(display_key(k) for k in keys[:2]), label)
    return text


def function_key_text(scopes: tuple[str, ...], language: str, keymap: dict[str, str]) -> Text:
    """``F1 Help F2 Search …``: every action with a one-word label, by its first function key."""
    column = 1 if language == "zh" else 0
    text = Text(no_wrap=True, overflow="ellipsis")
    shown: list[tuple[int, str, str]] = []
    for scope in scopes:
        for spec in actions_for(scope):
            function_keys = _function_keys(spec, keymap)
            if spec.short and function_keys:
                shown.append((int(function_keys[0][1:]), function_keys[0].upper(), spec.short[column]))
    for _, key, label in sorted(shown):
        text.append(key, style="bold reverse")
        text.append(f"{label} ")
    return text


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope
        self.labels: dict[str, str] = {}  # action id -> what the key does where the focus is now

    def relabel(self, labels: dict[str, str]) -> None:
        """Say what a key does where the focus is now (Enter on the home screen's codes table opens passages)."""
        if labels != self.labels:
            self.labels = dict(labels)
            self._show(self.size.width or self.app.size.width)

    def on_mount(self) -> None:
        self._show(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._show(event.size.width)

    def _show(self, width: int) -> None:
        app = self.app
        language, keymap = getattr(app, "language", "en"), getattr(app, "user_keys", {})
        scopes = (self.scope, "app")
        commands = hint_text(scopes, language, keymap, labels=self.labels)
        function_keys = function_key_text(scopes, language, keymap)
        if cell_len(commands.plain) + cell_len(function_keys.plain) + 1 <= width:
            self.styles.height = 1
            self.update(Text.assemble(commands, " ", function_keys, no_wrap=True, overflow="ellipsis"))
            return
        # The function keys and the app-wide keys (quit …) on as many rows as they need (every function
        # key stays visible at 80 columns, issue 16 item 9), then this screen's keys.
        global_keys = Text.assemble(function_keys, hint_text(("app",), language, keymap, compact=True))
        rows = _wrapped(global_keys, width)
        # This screen's keys wrap too (the codebook editor's do not fit one row at 80 columns).
        commands = hint_text((self.scope,), language, keymap, labels=self.labels)
        if cell_len(commands.plain) > width:
            compact = hint_text((self.scope,), language, keymap, compact=True, labels=self.labels)
            rows += _wrapped(compact, width)
            # Both groups in one flow when that saves a row (the English coding screen at 80 columns took
            # four rows of a 24-row terminal): every key stays shown, the screen's keys just start mid-row.
            together = _wrapped(Text.assemble(global_keys, compact), width)
            if len(together) < len(rows):
                rows = together
        else:
            rows.append(commands)
        self.styles.height = len(rows)
        self.update(Text("\n", no_wrap=True).join(rows))


def _wrapped(line: Text, width: int) -> list[Text]:
    """``line`` cut at the spaces between its entries into rows of at most ``width`` cells."""
    rows: list[Text] = []
    start = 0
    plain = line.plain
    while cell_len(plain[start:]) > width:
        cut = start
        for index, char in enumerate(plain[start:], start):
            if char == " " and cell_len(plain[start:index]) <= width:
                cut = index
            elif cell_len(plain[start:index + 1]) > width:
                break
        if cut == start:  # one entry wider than the terminal: cut it
            cut = start + width
        rows.append(line[start:cut])
        start = cut + 1 if plain[cut:cut + 1] == " " else cut
    rows.append(line[start:])
    return rows
