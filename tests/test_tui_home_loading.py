"""The home screen names its first documents in the first frame; the counts come from a worker thread."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Static

from qualcode.tui import data
from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready, import_transcripts


async def test_home_shows_loading_then_the_table_counted_off_the_ui_thread(project, tmp_path, monkeypatch):
    import_transcripts(project, tmp_path / "incoming")
    counted_on: list[threading.Thread] = []
    release = threading.Event()
    real_document_rows = data.document_rows

    def document_rows_held_until_released(proj, **kwargs):
        # Hold the real count until the test has seen the loading state (and record the thread).
        counted_on.append(threading.current_thread())
        release.wait(30)
        return real_document_rows(proj, **kwargs)

    monkeypatch.setattr(data, "document_rows", document_rows_held_until_released)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        table = home.query_one("#documents", DataTable)
        # While the worker counts, the first frame already names the documents, with "…" for the counts.
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["S01_pre", "S02_post"]
        assert [str(cell) for cell in table.get_row_at(0)[4:]] == ["…", "…"]
        assert not home.rows_loaded
        assert "Loading" in str(home.query_one("#home-empty", Static).render())
        release.set()
        await home_ready(pilot)
        assert table.row_count == 2
        assert [row.name for row in home.rows] == ["S01_pre", "S02_post"]
        assert str(table.get_row_at(0)[4]).endswith("0/3")  # the counts replaced the placeholders
        assert home.query_one("#home-empty", Static).display is False
    assert counted_on and all(thread is not threading.main_thread() for thread in counted_on)


def _many_documents(project, folder, count: int) -> list[str]:
    from qualcode.app.api import import_paths

    folder.mkdir(parents=True)
    names = [f"P{index:03d}[pre]" for index in range(count)]  # brackets: never read as markup
    for index, name in enumerate(names):
        (folder / f"{name}.txt").write_text(f"访谈者：好吗？\n受访者：我有目标{index}。\n", encoding="utf-8")
    assert not import_paths(project, [folder]).errors
    return names


async def test_a_long_table_streams_in_after_the_first_screenful_and_ends_complete(project, tmp_path, monkeypatch):
    from qualcode.tui.screens import home as home_module

    names = _many_documents(project, tmp_path / "many", home_module.FIRST_ROWS + home_module.ROWS_PER_CHUNK + 20)
    release = threading.Event()
    real_document_rows = data.document_rows
    monkeypatch.setattr(data, "document_rows", lambda proj, **kw: release.wait(30) and real_document_rows(proj, **kw))
    app = make_app(project, poll_seconds=None)
    painted: list[int] = []  # rows in the table at each frame sent to the terminal
    display = app._display

    def display_and_count(screen, renderable):
        if isinstance(screen, home_module.HomeScreen):
            painted.append(screen.query_one("#documents", DataTable).row_count)
        display(screen, renderable)

    app._display = display_and_count
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        table = home.query_one("#documents", DataTable)
        assert table.row_count == home_module.FIRST_ROWS  # the first screenful, before any count
        assert painted and painted[0] == home_module.FIRST_ROWS
        release.set()
        await home_ready(pilot)
        # the counted rows came in chunks, frames painted in between
        assert any(home_module.FIRST_ROWS < size < len(names) for size in painted), painted
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert shown == sorted(names)
        assert all(str(table.get_row_at(i)[4]).endswith("0/1") for i in range(table.row_count))
        await pilot.press("o")  # sorting refills the whole table the same way
        await home_ready(pilot)
        assert table.row_count == len(names)


def test_code_counts_equal_a_count_of_every_coding_on_a_participant_turn(project, tmp_path):
    """The home screen counts what the exports count: distinct participant turns per code, a coding outside any
    turn by the turn its start is in (stop 29: it counted interviewer turns too, and such a coding by its span)."""
    from collections import Counter

    from qualcode.app import api, queries
    from qualcode.tui.data import code_counts

    import_transcripts(project, tmp_path / "incoming")
    segments = queries.list_segments(project, queries.get_document(project, "S01_pre").id)
    first, second, third = (s for s in segments if s.role == "participant")
    api.code_segment(project, first.id, "AD_EXAM")
    api.code_segment(project, first.id, "AD_EXAM", coder="B")  # a second coder: still one coded turn
    api.code_segment(project, second.id, "AD_EXAM")
    api.code_segment(project, third.id, "PF_GOAL", coder="B")
    with project.conn:  # a coding outside any turn counts by the turn its start is in (this one: a participant's)
        project.conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                             "created_at) VALUES (?, NULL, ?, ?, 'PF_GOAL', 'A', 'manual', '')",
                             (first.document_id, second.start, second.start + 2))
    question = next(s for s in segments if s.role == "interviewer")
    api.code_segment(project, question.id, "PF_GOAL")  # an interviewer's turn: not counted

    def by_hand(coder=None) -> Counter:
        current = {d.id for d in queries.list_documents(project)}
        turns = {s.id: s for d in current for s in queries.list_segments(project, d)}

        def turn_of(c):
            if c.segment_id is not None:
                return turns[c.segment_id]
            return next(s for s in turns.values() if s.document_id == c.document_id and s.start <= c.start < s.end)

        units = {(c.code_id, turn_of(c).id) for c in queries.list_codings(project, coder=coder)
                 if c.document_id in current and turn_of(c).role == "participant"}
        return Counter(code for code, _ in units)

    assert code_counts(project) == by_hand() == Counter({"AD_EXAM": 2, "PF_GOAL": 2})
    assert code_counts(project, coder="B") == by_hand("B") == Counter({"AD_EXAM": 1, "PF_GOAL": 1})
