"""Walk through two coders' disagreements side by side and record the team's consensus.

Self-contained: ``DisagreementsScreen(project, coders=("A", "B"))`` needs only a
Project (its UI-thread connection). Each saved decision is one consensus coding
per chosen code (coder ``consensus``, with the memo) through
:func:`qualcode.app.team.coders.record_consensus`; ctrl+z takes back the last one.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, SelectionList, Static

from qualcode.analysis.agreement.compute import AgreementOptions, AgreementResult, parse_share
from qualcode.analysis.agreement.disagreements import Disagreement, list_disagreements
from qualcode.analysis.agreement.source import CONSENSUS, ENGINE
from qualcode.core.errors import QualcodeError
from qualcode.app.project import Project
from qualcode.app.team.coders import agreement, consensus_codes, record_consensus, undo_consensus
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.widgets.ordered_input import OrderedInput

TEXT = {
    "en": {"title": "Disagreements", "of": "of", "none": "No disagreements: the two coders agree on every unit.",
           "resolved": "consensus recorded", "open": "open", "memo": "Consensus memo: why the team decided so",
           "choose": "Codes that apply (space toggles, ctrl+s saves)", "saved": "Consensus saved",
           "undone": "Last consensus coding undone", "nothing": "No consensus coding to undo",
           "passage": "same code, different passage", "engine": "Suggestion engine (engine)"},
    "zh": {"title": "编码分歧", "of": "/", "none": "没有分歧：两位编码者在每个单元上都一致。", "resolved": "已达成共识",
           "open": "待讨论", "memo": "共识备忘：为什么这样决定", "choose": "适用的编码（空格选择，ctrl+s 保存）",
           "saved": "共识已保存", "undone": "已撤销上一条共识编码", "nothing": "没有可撤销的共识编码",
           "passage": "同一编码，不同片段", "engine": "建议引擎（engine）"},
}


def default_coders(project: Project) -> tuple[str, str]:
    """qualcode.toml [agreement] coders, else the two coders with the most codings (consensus aside)."""
    configured = project.setting("agreement.coders")
    if isinstance(configured, list) and len(configured) == 2:
        return str(configured[0]), str(configured[1])
    rows = project.conn.execute("SELECT coder FROM codings WHERE coder <> ? GROUP BY coder "
                                "ORDER BY COUNT(*) DESC, coder LIMIT 2", (CONSENSUS,)).fetchall()
    if len(rows) < 2:
        raise QualcodeError("disagreements need two coders' codings in this project")
    return rows[0][0], rows[1][0]


class DisagreementsScreen(Screen[None]):
    """Each unit the coders disagree on: its text, both coders' codes, and the consensus form."""

    DEFAULT_CSS = """
    DisagreementsScreen { layout: vertical; }
    DisagreementsScreen #dis-position { height: 1; background: $panel; padding: 0 1; }
    DisagreementsScreen #dis-text-box { height: 1fr; min-height: 4; border: round $primary; padding: 0 1; }
    DisagreementsScreen #dis-coders { height: auto; max-height: 10; }
    DisagreementsScreen .dis-coder { width: 1fr; border: round $secondary; padding: 0 1; height: auto; }
    DisagreementsScreen #dis-form { height: auto; }
    DisagreementsScreen SelectionList { height: auto; max-height: 10; }
    """

    # From the app's action registry, so [tui.keys] remaps them and help and the palette list them.
    SCOPE = "disagreements"
    BINDINGS = bindings_for("disagreements")

    def __init__(self, project: Project, coders: tuple[str, str] | None = None, *,
                 options: AgreementOptions | None = None, language: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.options = options or AgreementOptions(
            coders or default_coders(project), overlap=parse_share(project.setting("agreement.overlap", 0.9)))
        self.language = language
        self.result: AgreementResult | None = None
        self.items: list[Disagreement] = []
        self.index = 0

    def t(self, key: str) -> str:
        language = self.language or getattr(self.app, "language", "en")
        return TEXT.get(language, TEXT["en"])[key]

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.language or getattr(self.app, "language", "en"))
        yield Static(id="dis-position")
        with VerticalScroll(id="dis-text-box"):
            yield Static(id="dis-text")
        with Horizontal(id="dis-coders"):
            yield Static(id="dis-a", classes="dis-coder")
            yield Static(id="dis-b", classes="dis-coder")
        with Vertical(id="dis-form"):
            yield Label(id="dis-choose")
            yield SelectionList[str](id="dis-codes")
            yield OrderedInput(id="dis-memo")
        # The workbench's key line, as on every other screen: in the interface language, every key of the
        # screen shown (Textual's Footer said "^p palette" in English and lost Esc and ctrl+z at 80 columns).
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.query_one("#dis-choose", Label).update(self.t("choose"))
        self.query_one("#dis-memo", Input).placeholder = self.t("memo")
        self.reload_data()

    def reload_data(self, outside: bool = False) -> None:
        """Recompute (also when another window changed the project)."""
        try:
            self.result = agreement(self.project, self.options)
        except QualcodeError as error:
            self.notify(self.app.error_text(error), severity="error")
            self.result, self.items = None, []
        else:
            self.items = list_disagreements(self.result)
        self.index = min(self.index, max(len(self.items) - 1, 0))
        self.show()

    # ------------------------------------------------------------------ display
    def _labels(self) -> dict[str, str]:
        return {row.code_id: row.label for row in self.result.rows} if self.result else {}

    def _coder_panel(self, coder: str, codes: tuple[str, ...], item: Disagreement) -> str:
        labels = self._labels()
        lines = [f"[b]{self.t('engine') if coder == ENGINE else coder}[/b]"]
        for code in codes:
            mark = "≠ " if code in item.differing else "  "
            lines.append(f"{mark}{code}  {labels.get(code, '')}")
        return "\n".join(lines) if codes else lines[0] + "\n  —"

    def show(self) -> None:
        position = self.query_one("#dis-position", Static)
        codes = self.query_one("#dis-codes", SelectionList)
        codes.clear_options()
        if not self.items:
            position.update(f"{self.t('title')}: {self.t('none')}")
            for widget_id in ("#dis-text", "#dis-a", "#dis-b"):
                self.query_one(widget_id, Static).update("")
            return
        item = self.items[self.index]
        decided = consensus_codes(self.project, item.unit)
        state = self.t("resolved") if decided else self.t("open")
        position.update(f"{self.t('title')} {self.index + 1} {self.t('of')} {len(self.items)} · {item.label} · {state}")
        self.query_one("#dis-text", Static).update(item.text)
        a, b = self.options.coders
        self.query_one("#dis-a", Static).update(self._coder_panel(a, item.codes_a, item))
        self.query_one("#dis-b", Static).update(self._coder_panel(b, item.codes_b, item))
        labels = self._labels()
        candidates = list(dict.fromkeys(item.codes_a + item.codes_b + tuple(decided)))
        agreed = set(item.codes_a) & set(item.codes_b) - set(item.passage_only)
        for code in candidates:
            codes.add_option((f"{code}  {labels.get(code, '')}", code, code in agreed or code in decided))
        self.query_one("#dis-memo", Input).value = ""

    # ------------------------------------------------------------------ actions
    def action_move(self, step: int) -> None:
        if self.items:
            self.index = (self.index + step) % len(self.items)
            self.show()

    def action_save(self) -> None:
        if not self.items:
            return
        item = self.items[self.index]
        memo = self.query_one("#dis-memo", Input).value.strip()
        already = set(consensus_codes(self.project, item.unit))
        chosen = [c for c in self.query_one("#dis-codes", SelectionList).selected if c not in already]
        try:
            for code in chosen:
                record_consensus(self.project, item.unit, code, memo)
        except QualcodeError as error:
            self.notify(self.app.error_text(error), severity="error")
            self.show()
            return
        self.notify(f"{self.t('saved')}: {item.label} {', '.join(chosen) or '—'}")
        self.action_move(1)

    def action_undo(self) -> None:
        try:
            event = undo_consensus(self.project)
        except QualcodeError as error:
            self.notify(self.app.error_text(error), severity="error")
            return
        self.notify(self.t("undone") if event else self.t("nothing"))
        self.show()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#dis-memo")
    def _memo_submitted(self) -> None:
        self.action_save()
