"""A suggestion rejected from the CLI (or another window) while the TUI shows it pending (QA round 28).

`a` in the TUI then accepted it: the rejection was overwritten, a coding made, and the toast said only
"Accepted" -- the decision made elsewhere was lost unseen. Now the window leaves it rejected, says it changed
meanwhile and shows it as it is. Real project, real jieba and scikit-learn, the real app driven by Pilot.
"""

from __future__ import annotations

import pytest

from test_suggest_learned import coded_project  # noqa: F401  (the fixture)
from test_tui_learned_panel import SIZE, open_turn, participant_turns, taught  # noqa: F401  (the fixture)
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app


SAID = {"en": ("changed meanwhile", "Accepted"), "zh": ("这条建议已在别处改变", "已接受")}


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_a_suggestion_rejected_from_the_cli_is_not_accepted_by_a_stale_window(taught, run_cli, language):
    changed, accepted = SAID[language]
    turn = participant_turns(taught, "S05_pre")[0]
    app = make_app(taught, language=language, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_turn(pilot, turn)
        shown = screen.segment_suggestions()
        chosen = shown[screen.suggestion_cursor]
        assert chosen.status == "pending", [s.status for s in shown]
        rejected = run_cli("--project", taught.root, "suggestions", "reject", str(chosen.id))
        assert rejected.exit_code == 0, rejected.err
        await pilot.press("a")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(changed in m for m in messages), messages
        assert not any(m.startswith(accepted) for m in messages), messages
        assert {s.id: s.status for s in screen.segment_suggestions()}[chosen.id] == "rejected"
    with open_project(taught.root) as other:
        status = other.conn.execute("SELECT status FROM suggestions WHERE id = ?", (chosen.id,)).fetchone()[0]
        assert status == "rejected"
        assert chosen.code_id not in {c.code_id for c in repo.list_codings(other.conn, segment_id=turn.id)}
