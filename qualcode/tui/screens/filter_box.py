"""The `/` key of a screen with a filter box (home, retrieval): one behaviour, written once."""

from __future__ import annotations

from textual.widgets import Input


class FilterBoxKeys:
    """Mixed into a Screen whose keymap binds `/` to ``focus_filter`` and whose filter box has the id
    ``filter_box_id``."""

    filter_box_id: str

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The filter key is a priority binding (keymap: so a word typed right after it reaches the box); while
        the box has the focus it is a character to type, so the binding stands aside."""
        if action == "focus_filter" and self.focused is not None and self.focused.id == self.filter_box_id:
            return False
        return True

    def action_focus_filter(self) -> None:
        # set_focus now, not Widget.focus() (which waits behind the keys already queued): the rest of a burst
        # goes to the box
        self.set_focus(self.query_one(f"#{self.filter_box_id}", Input))
