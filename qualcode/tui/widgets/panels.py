"""Side panels of the coding screen: the codebook tree and the suggestion list."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import cell_len, set_cell_size
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.visual import Visual, visualize

from qualcode.app.suggesting.candidates import LearnedReason, learned_reason
from qualcode.core.models import Code, Suggestion
from qualcode.tui.i18n import Translator
from qualcode.tui.layout import wrap_paragraph
from qualcode.tui.widgets.fitting_tree import FittingTree


ENGLISH = Translator("en")   # the panel's words when a caller gives none


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


class SuggestionPanel(ScrollView, can_focus=False):
    """Suggestions for the current segment: code, score, status, and the evidence in context.

    ``words`` translates statuses and evidence kinds into the interface language (the
    TUI's i18n keys ``status.*`` and ``evidence.*``); the panel scrolls so that the
    highlighted suggestion and its evidence line stay in view.

    Why the panel draws its own lines and scroll bar: a Static in a scrolling container (as before)
    changed its height with each turn's list, and a scroll bar that came or went changed the layout;
    either made Textual lay out the whole screen again and repaint every scroll bar on it, a third of
    what a page-down cost. This widget keeps its size: a new list changes only what it draws.
    The lines and the bar look as the Static and Textual's own bar drew them (padding 0 1, the bar
    at the right edge, only when the list is taller than the panel).
    """

    PADDING = 1  # blank columns either side of the text, as the Static's `padding: 0 1`

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._strips: list[Strip] = []  # the lines styled so far, from the top
        self._visual: Visual | None = None
        self._visual_width = 0
        self._bar_cache: tuple[tuple, list[Segment]] | None = None
        self._bar = 0  # columns the scroll bar takes: 0 while the whole list fits
        self._shown_with = None  # what show() was last given, and the evidence width it wrapped to

    def render(self) -> Text:
        """What the panel shows, as one text (the lines are drawn by :meth:`render_line`)."""
        return self._text

    def _refresh_scrollbars(self) -> None:
        """Textual's own bars never show (their coming and going would lay the screen out): the panel
        draws its bar itself."""

    @property
    def allow_vertical_scroll(self) -> bool:
        return self.max_scroll_y > 0

    def show_unavailable(self, message: str) -> None:
        self._show_text(Text(message, style="dim italic"))

    def _show_text(self, text: Text) -> None:
        self._text = text
        self._wrap_lines()

    def _wrap_lines(self) -> None:
        """Wrap the text as a Static of this width would, with room for the bar when it does not fit.

        Only the line count is computed here (plain wrapping, cheap); the lines are styled into strips when
        they are drawn, and only as far down as the panel shows (a long ranked list costs nothing below it).
        """
        width, height = self.size
        if not self.is_mounted or width <= 2 * self.PADDING:
            return
        bar = self.styles.scrollbar_size_vertical
        lines = self._text.split("\n", allow_blank=True)
        # Rows the lines need at the full width, counted cheaply: more than the panel has, and the bar is
        # needed, so the text is wrapped once, at the narrower width (a wrong guess costs a second wrap).
        full = width - 2 * self.PADDING
        needed = sum(max(1, -(-line.cell_len // full)) for line in lines)
        self._bar = bar if needed > height else 0
        text_width = full - self._bar
        visual = self._visual_at(lines, text_width)
        count = visual.get_height(self.styles, text_width)
        if count > height and not self._bar:
            self._bar = bar
            text_width = max(1, full - bar)
            visual = self._visual_at(lines, text_width)
            count = visual.get_height(self.styles, text_width)
        self._visual, self._visual_width, self._strips = visual, text_width, []
        self.set_reactive(SuggestionPanel.virtual_size, Size(width, count))  # no screen layout
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
        self.refresh()

    def _visual_at(self, lines: list[Text], width: int) -> Visual:
        """The text as one visual for ``width``; an evidence line too long for it is wrapped beforehand by
        Textual's own wrapping, every part under the indent."""
        indent = len(EVIDENCE_INDENT)
        text: Text | Content = self._text
        if width > indent + 4 and any(line.cell_len > width and line.plain.startswith(EVIDENCE_INDENT)
                                      for line in lines):
            shown: list[Content] = []
            for line in lines:
                content = Content.from_rich_text(line)
                if line.cell_len > width and line.plain.startswith(EVIDENCE_INDENT):
                    shown.extend(Content(EVIDENCE_INDENT) + part for part in content[indent:].wrap(width - indent))
                else:
                    shown.append(content)
            text = Content("\n").join(shown)
        return visualize(self, text)

    def _drawn_lines(self, stop: int) -> list[Strip]:
        """The styled lines down to ``stop`` (rendered on first need, then kept until the text changes)."""
        drawn = len(self._strips)
        if drawn < min(stop, self.virtual_size.height) and self._visual is not None:
            self._strips = Visual.to_strips(self, self._visual, self._visual_width, stop,
                                            self.visual_style)
        return self._strips

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        if round(old_value) != round(new_value):
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style.rich_style
        text_width = max(0, width - 2 * self.PADDING - self._bar)
        index = round(self.scroll_y) + y
        strips = self._drawn_lines(round(self.scroll_y) + self.size.height)
        line = strips[index] if 0 <= index < len(strips) else Strip.blank(text_width, style)
        pad = Segment(" " * self.PADDING, style)
        segments = [pad, *line.crop_extend(0, text_width, style), pad]
        if self._bar:
            segments.append(self._bar_segments()[y] if y < self.size.height else pad)
        return Strip(segments, width)

    def _bar_segments(self) -> list[Segment]:
        """The scroll bar's cell of each line, drawn the way Textual's ScrollBar draws it (not hovered); made
        once per position and kept, as every line of a frame asks for it."""
        key = (round(self.scroll_y), self.virtual_size.height, self.size.height, self._bar, self.styles._cache_key)
        if self._bar_cache is not None and self._bar_cache[0] == key:
            return self._bar_cache[1]
        styles = self.styles
        background, colour = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            background = self.background_colors[0] + background
        colour = background + colour
        height = self.size.height
        bar = ScrollBarRender.render_bar(
            size=height, virtual_size=self.virtual_size.height, window_size=height, position=self.scroll_y,
            thickness=self._bar, vertical=True, back_color=RichColor.from_triplet(background.rich_color.triplet),
            bar_color=RichColor.from_triplet(colour.rich_color.triplet))
        cells = [Segment(s.text, Style(color=s.style.color, bgcolor=s.style.bgcolor, reverse=s.style.reverse))
                 for s in bar.segments if s.text != "\n"]
        self._bar_cache = (key, cells)
        return cells

    def show(self, suggestions: Sequence[Suggestion], cursor: int, segment_text: str, codes: Mapping[str, Code],
             colours: Mapping[str, str], language: str, empty_message: str,
             words: Callable[..., str] = ENGLISH) -> None:
        """The turn's codes best score first; ranked candidates (below min_score: never
        pending, counted or bulk-accepted) come after a rule and in a quieter style."""
        width = self._evidence_width()
        self._shown_with = ((suggestions, cursor, segment_text, codes, colours, language, empty_message, words),
                            width)
        if not suggestions:
            self._show_text(Text(empty_message, style="dim"))
            return
        text = Text()
        lines = 0
        cursor_line = 0
        rule_drawn = False
        for index, suggestion in enumerate(suggestions):
            if suggestion.status == "candidate" and not rule_drawn:
                rule = words("coding.candidates_below")
                if cell_len(rule) > width > 0:   # at 80 columns the English rule wrapped
                    rule = words("coding.candidates_below_short")
                text.append(rule + "\n", style="dim")
                rule_drawn, lines = True, lines + 1
            if index == cursor:
                cursor_line = lines
            text.append_text(self.row(suggestion, index == cursor, codes, colours, language, words, width=width))
            lines += 1
            if index == cursor:
                text.append_text(evidence_line(suggestion, segment_text, words=words, width=width))
                text.append("\n")
        self._show_text(text)
        self.keep_in_view(cursor_line)

    @staticmethod
    def row(suggestion: Suggestion, highlighted: bool, codes: Mapping[str, Code],
            colours: Mapping[str, str], language: str, words: Callable[..., str], *, width: int = 0) -> Text:
        """One line of ``width`` cells at most: marker, colour, score, label, status (at 80 columns 「教师与学校支持
        待定」 put 待定 alone at the panel's edge on the next line). When label and status do not fit, a pending
        or candidate row leaves its status out (bold, or italic under the candidates' rule, says it) so the
        label stays whole; an accepted or rejected row keeps it and its label ends in "…"."""
        code = codes.get(suggestion.code_id)
        label = code.label(language) if code else suggestion.code_id
        status_style = {"pending": "bold", "accepted": "green", "rejected": "red strike",
                        "candidate": "italic", "coded": "green"}.get(suggestion.status, "")
        status = f"  {words('status.' + suggestion.status)}"
        room = width - len("▶ ■ 0.00 ")
        if width and cell_len(label) + cell_len(status) > room:
            if suggestion.status in ("pending", "candidate"):
                status = ""
            if cell_len(label) + cell_len(status) > room >= cell_len(status) + 4:
                label = set_cell_size(label, room - cell_len(status) - 1).rstrip() + "…"
        text = Text("▶ " if highlighted else "  ")
        text.append("■ ", style=colours.get(suggestion.code_id, "white"))
        text.append(f"{suggestion.score:.2f} ", style="cyan" if suggestion.status != "candidate" else "dim cyan")
        text.append(label, style=status_style)
        text.append(status + "\n", style="dim")
        return text

    def on_resize(self) -> None:
        """The evidence is wrapped to the panel's width: show it again when the width it was wrapped to was
        another (the first show of a screen comes before its layout, when the width is still 0)."""
        shown = self._shown_with
        if shown is not None and shown[1] != self._evidence_width():
            self.show(*shown[0])
        else:
            self._wrap_lines()

    def _evidence_width(self) -> int:
        """The cells an evidence line may take: the panel less its drawn padding and a scroll bar's room."""
        return max(0, self.size.width - 2 * self.PADDING - self.styles.scrollbar_size_vertical)

    def keep_in_view(self, cursor: int) -> None:
        """Scroll so the highlighted suggestion (line ``cursor``) and its evidence show."""
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, force=True)
        elif cursor + 2 > top + height:
            self.scroll_to(y=cursor + 2 - height, animate=False, force=True)


EVIDENCE_INDENT = "    "  # an evidence line's indent under its row; its wrapped lines keep it


def evidence_line(suggestion: Suggestion, segment_text: str, context: int = 8,
                  words: Callable[..., str] = ENGLISH, width: int = 0) -> Text:
    """The segment text around each keyword hit, the matched words highlighted; a learned score as the
    coded turns it resembles and its strongest terms ("like your codings of S01_pre #4"), wrapped to
    ``width`` cells when it is known."""
    line = Text(EVIDENCE_INDENT)
    for index, evidence in enumerate(suggestion.evidence):
        if index:   # each piece of evidence on its own line: run together they read as one sentence
            line.append("\n" + EVIDENCE_INDENT)
        reason = learned_reason(evidence)
        if reason is not None:
            line.append_text(_learned_words(reason, words, width))
            continue
        start, end = max(0, evidence.start - context), min(len(segment_text), evidence.end + context)
        piece = Text("…" if start > 0 else "")
        piece.append(segment_text[start:evidence.start])
        piece.append(segment_text[evidence.start:evidence.end], style="bold reverse yellow")
        piece.append(segment_text[evidence.end:end])
        piece.append("…" if end < len(segment_text) else "")
        because = Text(words("evidence.because", kind=words("evidence." + evidence.kind), keyword=evidence.keyword),
                       style="dim")
        line.append_text(_wrapped(piece, because, width))
    return line


def _wrapped(context: Text, because: Text, width: int) -> Text:
    """A keyword's evidence -- the words around the hit, then why (「（关键词：自卑）」) -- wrapped to the panel
    as the transcript wraps, its continuation lines indented, its styles kept. The why stays whole on one line
    when it fits one (Rich broke it inside the kind, 「（关键」/「词：自卑）」)."""
    room = width - len(EVIDENCE_INDENT)
    if room < 8 or context.cell_len + because.cell_len <= room:
        return Text.assemble(context, because)
    lines = _cut(context, room)
    if lines[-1].cell_len + because.cell_len <= room:
        lines[-1] = Text.assemble(lines[-1], because)
    else:
        lines += _cut(Text.assemble(because[1:] if because.plain.startswith(" ") else because), room)
    return Text("\n" + EVIDENCE_INDENT).join(lines)


def _cut(text: Text, room: int) -> list[Text]:
    plain = text.plain
    return [text[start:end] for start, end in wrap_paragraph(plain, 0, len(plain), room)]


def _learned_words(reason: LearnedReason, words: Callable[..., str], width: int = 0) -> Text:
    """Two lines: the coded turns the score resembles, then its strongest terms (a narrow panel wraps less).

    Each is wrapped here between its list's items, with its continuation indented: left to Rich,
    「关键的词：grocery、honestly」 has no space to break at, so at 80 columns the English word was cut in two
    (``hone`` / ``stly``), a turn label ``E01_pre #12`` was split from its number, and a wrap after any CJK
    character still cut a Chinese term (一个 / 月)."""
    separator = words("evidence.list_separator")
    text = Text()
    if reason.similar:
        text.append(_listed(words("evidence.like_turns", turns=""), reason.similar, separator, width), style="italic")
    else:
        text.append(_indented(words("evidence.learned"), width), style="italic")
    if reason.terms:
        text.append("\n" + EVIDENCE_INDENT + _listed(words("evidence.terms", terms=""), reason.terms, separator, width),
                    style="dim")
    return text


def _listed(head: str, items: Sequence[str], separator: str, width: int) -> str:
    """``head`` and the ``items`` in lines of the panel's width, broken only between items, so a term (一个月,
    honestly) or a turn label (E01_pre #12) is never cut in two; an item wider than a line alone is wrapped."""
    room = width - len(EVIDENCE_INDENT)
    whole = head + separator.join(items)
    if room < 8 or cell_len(whole) <= room:
        return whole
    lines: list[str] = []
    line = head
    for index, item in enumerate(items):
        piece = item + (separator if index < len(items) - 1 else "")
        if cell_len(line + piece.rstrip()) > room and line.strip():
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    return ("\n" + EVIDENCE_INDENT).join(_indented(one, width) for one in lines)


def _indented(line: str, width: int) -> str:
    """``line`` cut to lines of ``width`` cells less the indent, the lines after the first indented too."""
    room = width - len(EVIDENCE_INDENT)
    if room < 8:
        return line
    return ("\n" + EVIDENCE_INDENT).join(line[start:end] for start, end in wrap_paragraph(line, 0, len(line), room))
