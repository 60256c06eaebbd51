"""`qualcode next` and the window's `N` with chosen training coders: a turn only another coder coded (or marked
"no code applies") is still uncoded for the chosen coders' model, so it is a candidate, and the output says
who coded it. Real project, real jieba and scikit-learn, the real app driven by Pilot."""

from __future__ import annotations

from test_suggest_learned import coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 uncoded)
from test_suggest_train_coders import _set_train_coders
from test_tui_learned_panel import SIZE, open_turn, participant_turns
from qualcode.app import api
from qualcode.app.coding.reviews import toggle_reviewed
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from tests.tui_fixtures import settle


def _s04_turn(project):
    return participant_turns(project, "S04_pre")[0]


def test_a_turn_only_another_coder_coded_is_a_candidate_for_the_chosen_coders_model(coded_project, run_cli):
    api.code_segment(coded_project, _s04_turn(coded_project).id, "FAMILY", coder="other")
    root = str(coded_project.root)
    chosen = run_cli("--project", root, "next", "--train-coder", "human")
    assert chosen.exit_code == 0, chosen.err
    rows = [line for line in chosen.out.splitlines() if line.startswith("S04_pre")]
    assert len(rows) == 1 and rows[0].rstrip().endswith("other"), chosen.out   # the "coded by" column
    assert "1 of 1 participant turn(s) not coded by human shown" in chosen.out
    assert "1 of them coded by other coders only, whose codings do not train this model" in chosen.out

    # With every coder's codings training the model, "other" coded it: nothing left to order.
    everyone = run_cli("--project", root, "next")
    assert everyone.exit_code == 0, everyone.err
    assert "0 of 0 uncoded participant turn(s) shown" in everyone.out and "S04_pre" not in everyone.out


def test_no_code_applies_by_another_coder_does_not_answer_the_turn_for_the_chosen_coder(coded_project, run_cli):
    turn = _s04_turn(coded_project)
    assert toggle_reviewed(coded_project, turn.id, coder="other")
    root = str(coded_project.root)
    chosen = run_cli("--project", root, "next", "--train-coder", "human")
    assert chosen.exit_code == 0, chosen.err
    assert "1 of 1 participant turn(s) not coded by human shown" in chosen.out
    assert toggle_reviewed(coded_project, turn.id, coder="human")   # the chosen coder's own answer does
    answered = run_cli("--project", root, "next", "--train-coder", "human")
    assert "0 of 0 participant turn(s) not coded by human shown" in answered.out


async def test_n_goes_to_a_turn_only_another_coder_coded_and_says_so(coded_project):
    _set_train_coders(coded_project, '["human"]')
    target = _s04_turn(coded_project)
    api.code_segment(coded_project, target.id, "STUDY", coder="other")
    start = participant_turns(coded_project, "S01_pre")[0]
    app = make_app(coded_project, language="en", poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_turn(pilot, start)
        await pilot.press("N")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen) and screen.segment.id == target.id
        said = [str(n.message) for n in app._notifications if "least sure" in str(n.message)]
        assert said and said[-1].endswith("coded by other only, whose codings do not train it"), said
