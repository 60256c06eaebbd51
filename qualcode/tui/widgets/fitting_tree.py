"""A tree whose long labels end in "…" at the tree's width while their fixed tail (id, count) stays whole.

Textual's Tree draws one line per node and crops it at the right edge, so a long label used to lose its
end silently (and with it the code id and count). Each node here has a head that may be shortened and a
tail that is never cut; the screens show the highlighted node's full label elsewhere.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

ELLIPSIS = "…"


def fit_label(label: Text, tail_chars: int, width: int) -> Text:
    """``label`` within ``width`` cells: its head cut with "…", its last ``tail_chars`` characters kept."""
    if width <= 0 or label.cell_len <= width:
        return label
    split = len(label.plain) - tail_chars
    head, tail = label[:split], label[split:]
    mark = ELLIPSIS + " " if tail.plain[:1].strip() else ELLIPSIS  # a space before an id, none before a count
    room = width - tail.cell_len - len(mark)
    if room < 1:  # too narrow even for one character and the mark: let the tree crop as before
        return label
    head.truncate(room, overflow="crop")  # a wide character that does not fit leaves a space: drop it
    head.rstrip()
    head.append(mark)
    head.append_text(tail)
    return head


class FittingTree(Tree):
    """A Tree whose nodes are added with :meth:`add_fitted` so a cut is visible and never hits the tail."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._tail_chars: dict[int, int] = {}

    def add_fitted(self, parent: TreeNode, head: Text, tail: Text, **kwargs) -> TreeNode:
        node = parent.add(head + tail, **kwargs)
        self._tail_chars[node.id] = len(tail.plain)
        return node

    def set_fitted(self, node: TreeNode, head: Text, tail: Text) -> None:
        self._tail_chars[node.id] = len(tail.plain)
        node.set_label(head + tail)

    def render_label(self, node: TreeNode, base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        tail = self._tail_chars.get(node.id)
        if tail is None or node._line < 0:
            return label
        lines = self._tree_lines_cached
        if lines is None or node._line >= len(lines) or lines[node._line].node is not node:
            return label
        guides = lines[node._line]._get_guide_width(self.guide_depth, self.show_root)
        return fit_label(label, tail, self.scrollable_content_region.width - guides)
