"""Side panels of the coding screen: the codebook tree and the suggestion list."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from qualcode.app.suggesting.candidates import LearnedReason, learned_reason
from qualcode.core.models import Code, Suggestion
from qualcode.tui.layout import wrap_paragraph
from qualcode.tui.widgets.fitting_tree import FittingTree


class CodebookTree(FittingTree):
    """The code tree: colour, key, label in the interface language, and the count in this document.

    A label too long for the panel ends in "…" (the count stays); the screen shows the highlighted
    code's whole label under the tree."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("codebook", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.nodes: dict[str, object] = {}
        self.codes: dict[str, Code] = {}
        self._shown: dict[str, tuple] = {}

    def fill(self, codes: Sequence[Code]) -> None:
        """Build the tree once per codebook change; labels are set by :meth:`update_labels`."""
        self.clear()
        self.nodes = {}
        parents = {code.parent_id for code in codes}
        for code in codes:
            parent = self.nodes.get(code.parent_id, self.root)
            self.nodes[code.id] = parent.add(code.id, data=code.id, expand=True,
                                             allow_expand=code.id in parents)
        self.codes = {code.id: code for code in codes}
        self._shown = {}
        self.root.expand_all()

    def update_labels(self, colours: Mapping[str, str], language: str, counts: Mapping[str, int],
                      on_segment: set[str]) -> None:
        """Relabel only the codes whose state changed, so a toggle repaints one or two tree lines."""
        for code_id, node in self.nodes.items():
            state = (counts.get(code_id, 0), code_id in on_segment, language)
            if self._shown.get(code_id) != state:
                self._shown[code_id] = state
                self.set_fitted(node, *self.code_parts(self.codes[code_id], colours, language, *state[:2]))

    @property
    def highlighted_code(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None and node is not self.root else None

    @staticmethod
    def code_parts(code: Code, colours: Mapping[str, str], language: str, count: int,
                   applied: bool) -> tuple[Text, Text]:
        """(the part a narrow panel may cut: mark, key, label; the part it never cuts: the count)."""
        text = Text()
        text.append("■ " if applied else "□ ", style=colours.get(code.id, "white"))
        text.append(f"[{code.key}] " if code.key else "    ", style="bold")
        text.append(code.label(language), style="bold" if applied else "")
        return text, Text(f" {count}", style="dim") if count else Text()


class SuggestionPanel(Static):
    """Suggestions for the current segment: code, score, status, and the evidence in context.

    ``words`` translates statuses and evidence kinds into the interface language (the
    TUI's i18n keys ``status.*`` and ``evidence.*``); the panel scrolls so that the
    highlighted suggestion and its evidence line stay in view.
    """

    def show_unavailable(self, message: str) -> None:
        self._show_text(Text(message, style="dim italic"))

    def _show_text(self, text: Text) -> None:
        """Show ``text``; lay the screen out again only when the panel's height changes.

        A layout repaints every scroll bar on the screen (several ms on the coding screen per key), and a
        decision or a turn with as many suggestions leaves the panel as tall as it was.
        """
        width = self.content_size.width
        self.update(text, layout=False)
        if not width:
            self.refresh(layout=True)
            return
        # The panel is at least as tall as its scroll area (min-height: 100%), so most changes keep its height.
        floor = self.parent.scrollable_content_region.height if hasattr(self.parent, "scrollable_content_region") else 0
        height = self.get_content_height(self.content_size, self.content_size, width) + self.styles.gutter.height
        if max(height, floor) != self.size.height:
            self.refresh(layout=True)

    def show(self, suggestions: Sequence[Suggestion], cursor: int, segment_text: str, codes: Mapping[str, Code],
             colours: Mapping[str, str], language: str, empty_message: str,
             words: Callable[..., str] = lambda key, **_: key.split(".", 1)[-1]) -> None:
        """The turn's codes best score first; ranked candidates (below min_score: never
        pending, counted or bulk-accepted) come after a rule and in a quieter style."""
        self._shown_with = ((suggestions, cursor, segment_text, codes, colours, language, empty_message, words),
                            self.content_size.width)
        if not suggestions:
            self._show_text(Text(empty_message, style="dim"))
            return
        text = Text()
        lines = 0
        cursor_line = 0
        rule_drawn = False
        for index, suggestion in enumerate(suggestions):
            if suggestion.status == "candidate" and not rule_drawn:
                text.append(words("coding.candidates_below") + "\n", style="dim")
                rule_drawn, lines = True, lines + 1
            if index == cursor:
                cursor_line = lines
            text.append_text(self.row(suggestion, index == cursor, codes, colours, language, words))
            lines += 1
            if index == cursor:
                text.append_text(evidence_line(suggestion, segment_text, words=words,
                                               width=self.content_size.width))
                text.append("\n")
        self._show_text(text)
        self.call_after_refresh(self.keep_in_view, cursor_line)

    @staticmethod
    def row(suggestion: Suggestion, highlighted: bool, codes: Mapping[str, Code],
            colours: Mapping[str, str], language: str, words: Callable[..., str]) -> Text:
        code = codes.get(suggestion.code_id)
        label = code.label(language) if code else suggestion.code_id
        status_style = {"pending": "bold", "accepted": "green", "rejected": "red strike",
                        "candidate": "italic"}.get(suggestion.status, "")
        text = Text("▶ " if highlighted else "  ")
        text.append("■ ", style=colours.get(suggestion.code_id, "white"))
        text.append(f"{suggestion.score:.2f} ", style="cyan" if suggestion.status != "candidate" else "dim cyan")
        text.append(label, style=status_style)
        text.append(f"  {words('status.' + suggestion.status)}\n", style="dim")
        return text

    def on_resize(self) -> None:
        """The evidence is wrapped to the panel's width: show it again when the width it was wrapped to was
        another (the first show of a screen comes before its layout, when the width is still 0)."""
        shown = getattr(self, "_shown_with", None)
        if shown is not None and shown[1] != self.content_size.width:
            self.show(*shown[0])

    def keep_in_view(self, cursor: int) -> None:
        """Scroll the panel's container so the highlighted suggestion (line ``cursor``) and its evidence show."""
        scroller = self.parent
        if scroller is None or not hasattr(scroller, "scroll_to"):
            return
        height = scroller.scrollable_content_region.height
        top = round(scroller.scroll_y)
        if cursor < top:
            scroller.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor + 2 > top + height:
            scroller.scroll_to(y=cursor + 2 - height, animate=False, immediate=True)


def evidence_line(suggestion: Suggestion, segment_text: str, context: int = 8,
                  words: Callable[..., str] = lambda key, **_: key.split(".", 1)[-1], width: int = 0) -> Text:
    """The segment text around each keyword hit, the matched words highlighted; a learned score as the
    coded turns it resembles and its strongest terms ("like your codings of S01_pre #4"), wrapped to
    ``width`` cells when it is known."""
    line = Text("    ")
    for evidence in suggestion.evidence:
        reason = learned_reason(evidence)
        if reason is not None:
            line.append_text(_learned_words(reason, words, width))
            continue
        start, end = max(0, evidence.start - context), min(len(segment_text), evidence.end + context)
        line.append("…" if start > 0 else "")
        line.append(segment_text[start:evidence.start])
        line.append(segment_text[evidence.start:evidence.end], style="bold reverse yellow")
        line.append(segment_text[evidence.end:end])
        line.append("…" if end < len(segment_text) else "")
        line.append(f" ({words('evidence.' + evidence.kind)}: {evidence.keyword})", style="dim")
        line.append("  ")
    return line


def _learned_words(reason: LearnedReason, words: Callable[..., str], width: int = 0) -> Text:
    """Two lines: the coded turns the score resembles, then its strongest terms (a narrow panel wraps less).

    Each is wrapped here, between words and after a CJK character or 、, with its continuation indented:
    left to Rich, 「关键的词：grocery、honestly」 has no space to break at, so at 80 columns the English word
    was cut in two (``hone`` / ``stly``), and a turn label ``E01_pre #12`` was split from its number."""
    separator = words("evidence.list_separator")
    similar = [label.replace(" ", NO_BREAK) for label in reason.similar]
    text = Text()
    if similar:
        text.append(_indented(words("evidence.like_turns", turns=separator.join(similar)), width), style="italic")
    else:
        text.append(_indented(words("evidence.learned"), width), style="italic")
    if reason.terms:
        text.append("\n" + INDENT + _indented(words("evidence.terms", terms=separator.join(reason.terms)), width),
                    style="dim")
    text.append("  ")
    return text


INDENT = "    "
NO_BREAK = "\u00a0"   # the wrapper breaks at a plain space only, so "S01_pre #4" stays on one line


def _indented(line: str, width: int) -> str:
    """``line`` cut to lines of ``width`` cells less the indent, the lines after the first indented too."""
    room = width - len(INDENT) - 2   # the two spaces that follow the evidence
    if room < 8:
        return line
    return ("\n" + INDENT).join(line[start:end] for start, end in wrap_paragraph(line, 0, len(line), room))
