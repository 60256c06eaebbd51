"""An Input that applies its editing keys in the order they were typed.

Textual's Input inserts a typed character as soon as its key event arrives, but runs Backspace,
Delete, Home, ← and its other editing keys as bindings, and a binding is found only after the key
event has bubbled up through the queue of every container to the app. A burst of keys (a fast typist,
tmux ``send-keys BSpace 0.4``, an input method committing several keys) therefore had its characters
inserted first and its Backspaces applied after them: ``BSpace 0.4`` left ``0.``, and three
Backspaces then ``0.4`` left nothing. Reproduced with a bare Textual 8.2 app (docs/tui.md).
This Input runs its own editing bindings as the key arrives, so every key acts in order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

IN_PLACE_EXCEPT = {"submit"}  # Enter keeps Textual's path: it ends the typing, nothing comes after it


class OrderedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        bindings = [binding for binding in self._bindings.key_to_bindings.get(event.key, ())
                    if binding.action.split("(")[0] not in IN_PLACE_EXCEPT]
        if bindings:
            event.stop()
            event.prevent_default()
            self._restart_blink()
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)
