"""Command palette (ctrl+p): every action of the registry that applies here.

The commands depend on the screen under the palette (posting's habit): the
app-wide actions plus the current screen's own, matched on the English label,
the Chinese label and the action id, and shown in the interface language with
their keys.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from qualcode.tui.keymap import ActionSpec, actions_for, display_key, effective_keys


class QualcodeCommands(Provider):
    def _specs(self) -> list[ActionSpec]:
        scope = getattr(self.screen, "SCOPE", None)
        specs = actions_for("app")
        if scope:
            specs = actions_for(scope) + specs
        return [spec for spec in specs if spec.action != "command_palette"]

    def _describe(self, spec: ActionSpec) -> tuple[str, str]:
        language = getattr(self.app, "language", "en")
        label = spec.label[1] if language == "zh" else spec.label[0]
        keys = ", ".join(display_key(k) for k in effective_keys(spec, getattr(self.app, "user_keys", {})).split(","))
        return escape(label), escape(f"{spec.id} · {keys}")  # keys such as [ and ] are not markup

    async def _run(self, spec: ActionSpec) -> None:
        target = self.app if spec.scope == "app" else self.screen
        await target.run_action(spec.action)

    async def discover(self) -> Hits:
        for spec in self._specs():
            label, help_text = self._describe(spec)
            yield DiscoveryHit(label, partial(self._run, spec), text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._specs():
            label, help_text = self._describe(spec)
            score = max(matcher.match(spec.label[0]), matcher.match(spec.label[1]), matcher.match(spec.id))
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, spec), text=label, help=help_text)
