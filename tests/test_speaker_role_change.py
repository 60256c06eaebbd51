"""Changing a speaker's role after import: one undoable action, in the app and in the TUI (ctrl+t)."""

from __future__ import annotations

import shutil
from pathlib import Path

from qualcode.app import api
from qualcode.app.importing.speaker_roles import set_speaker_role
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready

SAMPLES = Path(__file__).parent / "speaker_samples"


def _roles(project, name: str):
    document = repo.get_document(project.conn, name)
    return [(s.speaker, s.role, s.case_id) for s in repo.list_segments(project.conn, document.id)]


def _import(project, name: str):
    shutil.copy(SAMPLES / name, project.root / "transcripts" / name)
    api.import_paths(project, [project.root / "transcripts" / name])
    return repo.get_document(project.conn, Path(name).stem)


def test_a_role_change_keeps_codings_is_undone_in_one_step_and_survives_a_re_import(project):
    document = _import(project, "names_S16.txt")
    tom_turn = repo.list_segments(project.conn, document.id)[0]
    api.toggle_code(project, tom_turn.id, "PF_GOAL")
    before = _roles(project, "names_S16")

    change = set_speaker_role(project, document.id, "Mary", "P09")
    assert change.describe() == "Mary in names_S16 is now participant (P09) (3 turns)"
    after = _roles(project, "names_S16")
    assert [r for r in after if r[0] == "Mary"] == [("Mary", "participant", "P09")] * 3
    assert [r for r in after if r[0] == "Tom"] == [r for r in before if r[0] == "Tom"]
    assert [c.segment_id for c in repo.list_codings(project.conn, document_id=document.id)] == [tom_turn.id]

    # a plain re-import keeps the choice (remembered like --speakers): nothing to re-split
    again = api.import_paths(project, [project.root / "transcripts" / "names_S16.txt"])
    assert again.files[0].status == "unchanged"

    event = api.undo(project)
    assert event is not None and event.action == "speaker.resplit"
    assert _roles(project, "names_S16") == before
    assert api.import_paths(project, [project.root / "transcripts" / "names_S16.txt"]).files[0].status == "unchanged"
    api.redo(project)
    assert _roles(project, "names_S16") == after


async def test_ctrl_t_in_the_coding_screen_changes_the_speakers_role_and_u_undoes_it(project):
    _import(project, "names_S16.txt")
    before = _roles(project, "names_S16")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j")  # turn 2: Mary, chosen as the interviewer
        await pilot.press("ctrl+t")
        await pilot.pause()
        for key in "participant":
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert {r[1] for r in _roles(project, "names_S16")} == {"participant"}
        messages = [n.message for n in app._notifications]
        assert any("Mary is now participant (S16) in 3 turns" in m for m in messages), messages
        assert app.screen.segment.speaker == "Mary" and app.screen.segment.role == "participant"
        await pilot.press("u")
        await pilot.pause()
        assert _roles(project, "names_S16") == before
        assert app.screen.segment.role == "interviewer"


def test_deleting_a_document_forgets_the_roles_set_for_it(project):
    from qualcode.app.maintenance.documents import delete_document

    document = _import(project, "names_S16.txt")
    set_speaker_role(project, document.id, "Mary", "participant")
    delete_document(project, "names_S16")
    assert project.conn.execute("SELECT count(*) FROM speaker_overrides").fetchone()[0] == 0
    # the same file imported again is read afresh: Mary is the interviewer by the questions she asks
    _import(project, "names_S16.txt")
    assert ("Mary", "interviewer", None) in _roles(project, "names_S16")


async def test_home_marks_a_document_with_no_participant_turns_and_says_so(project):
    from textual.widgets import DataTable

    text = "Interviewer: Tell me about the year.\nIt was long. I moved twice.\nSo I stayed home.\n"
    (project.root / "transcripts" / "S31.txt").write_text(text, encoding="utf-8")
    _import(project, "names_S16.txt")
    api.import_paths(project, [project.root / "transcripts" / "S31.txt"])
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.pause()
        table = app.screen.query_one("#documents", DataTable)
        names = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
        assert sorted(names) == ["names_S16", "⚠ S31"]
        messages = [n.message for n in app._notifications]
        assert any("1 document(s) need a speaker check (S31)" in m for m in messages), messages
