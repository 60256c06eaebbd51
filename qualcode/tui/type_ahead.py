"""Keys typed right after a key that opens a text box go into the box, in order.

A terminal delivers a burst (a fast typist, an input method, tmux ``send-keys "/goal"``) as several key
events at once. The app hands each to the widget focused at that moment, and a key bound to "open a box"
only runs once it has bubbled up, so the rest of the burst went to the widget focused before -- on the coding
screen, the transcript, where letters are code keys: ``/goal`` or ``e goal`` coded the turn with three
codes. Two things fix it:

- such keys are priority bindings (keymap ``priority=True``), so the app runs them before it hands out the
  next key of the burst; the screen's ``check_action`` lets them through as characters while a text box has
  the focus;
- a key a screen handles in ``on_key`` rather than as a binding (a digit opens "go to turn") is named by the
  screen's ``key_opens_a_box(event)``, and the app starts holding before it hands that key out;
- an inline box is focused at once (``Screen.set_focus``, not ``Widget.focus``, which waits behind the
  queued keys); a dialog mounts later, so its action calls :meth:`TypeAhead.hold` and the keys that arrive
  meanwhile are held until a text box has the focus (or, failing that, for at most ``HOLD_SECONDS``), then
  handed out in the order typed.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from textual import events
from textual.widgets import Input, TextArea

HOLD_SECONDS = 1.0  # a dialog that never shows a text box does not keep the keys longer than this
CHECK_SECONDS = 0.01


class TypeAhead:
    def __init__(self, app, dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app, self.dispatch = app, dispatch
        self.held: list[events.Key] | None = None
        self._since = 0.0
        self._timer = None

    @property
    def holding(self) -> bool:
        return self.held is not None

    def hold(self) -> None:
        """Hold the keys that arrive from now until a text box has the focus."""
        if self.held is None:
            self.held, self._since = [], time.monotonic()
            self._timer = self.app.set_interval(CHECK_SECONDS, self._check)

    def take(self, event: events.Key) -> bool:
        """True when ``event`` is held (to be handed out later)."""
        if self.held is None:
            return False
        self.held.append(event)
        return True

    async def _check(self) -> None:
        if isinstance(self.app.focused, (Input, TextArea)) or time.monotonic() - self._since > HOLD_SECONDS:
            await self.release()

    async def release(self) -> None:
        held, self.held = self.held or [], None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for index, event in enumerate(held):
            if self.held is not None:  # a held key opened another box: the rest wait for that one
                self.held.extend(held[index:])
                return
            await self.dispatch(event)
