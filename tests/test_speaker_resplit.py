"""A speaker's role change re-splits the document from its stored text, as one undoable action.

The sample has a label wrongly taken as a speaker: Tom quotes his mother on lines of their own
("Mom: ..."), which recur, so the import made Mom a participant with turns of her own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.geometry import Region

from qualcode.app import api
from qualcode.app.importing.resplit import document_speakers as resplit_document_speakers
from qualcode.app.importing.resplit import resplit_speakers
from qualcode.app.importing.speaker_roles import set_speaker_role
from qualcode.app.project import init_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready

MOM_QUOTED = """Interviewer: How was school last year?
Tom: It was hard. My mom kept saying one thing.
Mom: You have to study, no excuses.
I did study, every night.
Interviewer: And what changed after that?
Tom: I moved to a new school and made friends.
Mom: Friends will not pay the rent.
But I kept them anyway.
Interviewer: Thank you.
"""


def _import(project, name: str = "S07.txt", text: str = MOM_QUOTED, speakers: str | None = None):
    path = project.root / "transcripts" / name
    path.write_text(text, encoding="utf-8")
    report = api.import_paths(project, [path], speakers=speakers)
    assert not report.errors, [f.error for f in report.errors]
    return repo.get_document(project.conn, Path(name).stem)


def _turns(project, document_id: int):
    text = project.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    return [(s.speaker, s.role, s.case_id, text[s.start:s.end]) for s in repo.list_segments(project.conn, document_id)]


def _coded_words(project, document_id: int):
    """Each coding's code and exact characters, and the words of the turn it sits on (None: no turn)."""
    conn = project.conn
    text = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    rows = conn.execute("SELECT c.code_id, c.start, c.end, s.start, s.end FROM codings c LEFT JOIN segments s "
                        "ON s.id = c.segment_id WHERE c.document_id = ? ORDER BY c.id", (document_id,)).fetchall()
    return [(code, text[start:end], None if s_start is None else text[s_start:s_end])
            for code, start, end, s_start, s_end in rows]


def _everything(project, document_id: int):
    """Every row a re-split touches, ids included: what undo must give back exactly."""
    conn = project.conn
    queries = {
        "segments": ("SELECT * FROM segments WHERE document_id = ? ORDER BY id", (document_id,)),
        "codings": ("SELECT * FROM codings WHERE document_id = ? ORDER BY id", (document_id,)),
        "suggestions": ("SELECT * FROM suggestions ORDER BY id", ()),
        "segment_reviews": ("SELECT * FROM segment_reviews ORDER BY segment_id", ()),
        "memos": ("SELECT id, target_type, target_id, text FROM memos ORDER BY id", ()),
        "document": ("SELECT case_id, text FROM documents WHERE id = ?", (document_id,)),
        "overrides": ("SELECT * FROM speaker_overrides ORDER BY document_name, speaker", ()),
    }
    return {name: [tuple(row) for row in conn.execute(sql, params)] for name, (sql, params) in queries.items()}


def _span(project, document_id: int, words: str) -> tuple[int, int]:
    text = project.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    start = text.index(words)
    return start, start + len(words)


def _decided_suggestion(project, segment_id: int, code_id: str) -> None:
    from qualcode.app.suggesting.review import decide_ids

    cursor = project.conn.execute(
        "INSERT INTO suggestions (segment_id, code_id, score, evidence, engine_version, created_at) "
        "VALUES (?, ?, 0.8, '[]', 'test', '2026-12-06T00:00:00')", (segment_id, code_id))
    project.conn.commit()
    decide_ids(project, [cursor.lastrowid], "reject")


def test_the_wrongly_found_speaker_made_text_joins_the_turn_before_and_undo_restores_every_row(project):
    document = _import(project)
    turns = repo.list_segments(project.conn, document.id)
    assert [t.speaker for t in turns] == ["Interviewer", "Tom", "Mom", "Interviewer", "Tom", "Mom", "Interviewer"]
    api.toggle_code(project, turns[1].id, "PF_GOAL")
    start, end = _span(project, document.id, "You have to study")
    api.add_coding(project, document_id=document.id, code_id="PF_FAMILY", start=start, end=end)
    api.toggle_code(project, turns[5].id, "PF_FAMILY")
    _decided_suggestion(project, turns[2].id, "PF_GOAL")
    from qualcode.app.coding.reviews import toggle_reviewed

    toggle_reviewed(project, turns[2].id)
    api.set_memo(project, "segment", turns[2].id, "his mother's voice")
    words_before = _coded_words(project, document.id)
    before = _everything(project, document.id)

    result = resplit_speakers(project, document.id, [("Mom", "text")])

    assert _turns(project, document.id) == [
        ("Interviewer", "interviewer", None, "How was school last year?"),
        ("Tom", "participant", "S07", "It was hard. My mom kept saying one thing.\n"
                                      "Mom: You have to study, no excuses.\nI did study, every night."),
        ("Interviewer", "interviewer", None, "And what changed after that?"),
        ("Tom", "participant", "S07", "I moved to a new school and made friends.\n"
                                      "Mom: Friends will not pay the rent.\nBut I kept them anyway."),
        ("Interviewer", "interviewer", None, "Thank you."),
    ]
    merged = [t[3] for t in _turns(project, document.id)]
    # every coding kept its exact characters and now sits on the turn that holds them
    assert [(code, words) for code, words, _ in _coded_words(project, document.id)] == \
        [(code, words) for code, words, _ in words_before]
    assert [turn for _, _, turn in _coded_words(project, document.id)] == [merged[1], merged[1], merged[3]]
    assert (result.turns_before, result.turns_after, result.turns_gone, result.turns_new) == (7, 5, 4, 2)
    assert (result.codings_moved, result.codings_unplaced) == (3, 0)
    assert (result.decisions_set_aside, result.reviewed_marks_set_aside, result.memos_moved) == (1, 1, 1)
    memo_turn = project.conn.execute("SELECT target_id FROM memos WHERE target_type = 'segment'").fetchone()[0]
    assert repo.get_segment(project.conn, int(memo_turn)).start == _span(project, document.id, "It was hard")[0]
    after = _everything(project, document.id)
    # the choice is stored like --speakers: a plain import of the unchanged file finds nothing to do
    again = api.import_paths(project, [project.root / "transcripts" / "S07.txt"])
    assert again.files[0].status == "unchanged"

    event = api.undo(project)
    assert event is not None and event.action == "speaker.resplit"
    assert _everything(project, document.id) == before
    api.redo(project)
    assert _everything(project, document.id) == after


def test_the_re_split_gives_the_segments_of_an_import_with_the_same_speakers_option(project, tmp_path):
    document = _import(project)
    resplit_speakers(project, document.id, [("Mom", "text")])
    resplit_speakers(project, document.id, [("Tom", "P03")])
    other = init_project(tmp_path / "fresh")
    try:
        fresh = _import(other, speakers="Mom=text,Tom=P03")
        assert _turns(other, fresh.id) == _turns(project, document.id)
        assert other.conn.execute("SELECT case_id FROM documents").fetchone()[0] == "S07"
    finally:
        other.close()


def test_a_coding_across_a_new_turn_boundary_is_counted_kept_on_its_words_and_put_back_by_undo(project):
    from qualcode.app.maintenance.span_repair import find_span_problems

    document = _import(project, speakers="Mom=text")
    tom = [s for s in repo.list_segments(project.conn, document.id) if s.speaker == "Tom"][0]
    api.toggle_code(project, tom.id, "PF_GOAL")  # the whole turn, with the quoted "Mom:" line inside
    before = _everything(project, document.id)

    result = resplit_speakers(project, document.id, [("Mom", "participant")])

    assert result.codings_unplaced == 1
    assert any("1 coding(s) span a new turn boundary" in line for line in result.lines())
    [(code, words, turn)] = _coded_words(project, document.id)
    assert (code, turn) == ("PF_GOAL", None) and words.startswith("It was hard") and words.endswith("every night.")
    assert len(find_span_problems(project.conn).without_turn) == 1  # `qualcode doctor` names it
    api.undo(project)
    assert _everything(project, document.id) == before


def test_a_speaker_made_text_can_be_made_a_speaker_again_and_a_wrong_name_changes_nothing(project, run_cli):
    document = _import(project)
    resplit_speakers(project, document.id, [("Mom", "text")])
    before = _everything(project, document.id)
    result = run_cli("--project", project.root, "documents", "speakers", "S07", "--set", "Mum=text")
    assert result.exit_code == 2
    assert "S07 has no speaker 'Mum' (speakers: Interviewer, Mom, Tom)" in result.err
    assert _everything(project, document.id) == before
    result = run_cli("--project", project.root, "documents", "speakers", "S07", "--set", "Mom=other")
    assert result.exit_code == 0, result.err
    assert "S07: Mom=other; 5 turns -> 7 (2 turn(s) replaced by 4)" in result.out
    undone = run_cli("--project", project.root, "undo")
    assert "Undone: speaker roles Mom=other in S07" in undone.out
    assert run_cli("--project", project.root, "redo").exit_code == 0
    assert [t[:2] for t in _turns(project, document.id)][2] == ("Mom", "other")


def test_documents_speakers_lists_the_roles_and_text_labels(project, run_cli):
    _import(project, speakers="Mom=text")
    result = run_cli("--project", project.root, "documents", "speakers", "S07")
    assert result.exit_code == 0, result.err
    rows = [line.split() for line in result.out.splitlines()[1:]]
    assert rows == [["Interviewer", "interviewer", "-", "3"], ["Tom", "participant", "S07", "2"],
                    ["Mom", "text", "-", "0"]]


def test_a_caption_speaker_cannot_become_text_and_nothing_changes(project):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>How are you?\n\n"
           "00:00:04.000 --> 00:00:06.000\n<v Ben>Fine, thanks.\n\n"
           "00:00:07.000 --> 00:00:09.000\n<v Ann>And school?\n\n"
           "00:00:10.000 --> 00:00:12.000\n<v Ben>Better now.\n")
    document = _import(project, "P05.vtt", vtt)
    before = _everything(project, document.id)
    with pytest.raises(Exception, match="one turn per caption or table row"):
        resplit_speakers(project, document.id, [("Ben", "text")])
    assert _everything(project, document.id) == before
    resplit_speakers(project, document.id, [("Ann", "participant"), ("Ben", "interviewer")])
    assert [(t[0], t[1]) for t in _turns(project, document.id)] == [
        ("Ann", "participant"), ("Ben", "interviewer"), ("Ann", "participant"), ("Ben", "interviewer")]


async def test_ctrl_t_text_re_splits_in_the_tui_codings_stay_on_their_words_and_u_restores(project):
    document = _import(project)
    turns = repo.list_segments(project.conn, document.id)
    api.toggle_code(project, turns[1].id, "PF_GOAL")
    start, end = _span(project, document.id, "no excuses")
    api.add_coding(project, document_id=document.id, code_id="PF_FAMILY", start=start, end=end)
    words_before = _coded_words(project, document.id)
    before = _everything(project, document.id)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j", "j")  # turn 3: "Mom: You have to study, no excuses."
        await pilot.pause()
        assert app.screen.segment.speaker == "Mom"
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"text", "enter")
        await pilot.pause()
        assert [t[0] for t in _turns(project, document.id)] == ["Interviewer", "Tom", "Interviewer", "Tom",
                                                                 "Interviewer"]
        assert [(c, w) for c, w, _ in _coded_words(project, document.id)] == [(c, w) for c, w, _ in words_before]
        merged = _turns(project, document.id)[1][3]
        assert [turn for _, _, turn in _coded_words(project, document.id)] == [merged, merged]
        # the screen shows the new turns and stays on the same words
        assert len(app.screen.data.segments) == 5
        assert app.screen.segment.speaker == "Tom" and app.screen.segment.start == turns[1].start
        messages = [n.message for n in app._notifications]
        assert any("Mom is no speaker now" in m for m in messages), messages
        assert any("Turns re-split: 4 replaced by 2" in m for m in messages), messages
        await pilot.press("u")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("speaker roles Mom=text in S07" in m for m in messages), messages
        assert _everything(project, document.id) == before
        assert len(app.screen.data.segments) == 7


async def test_a_cli_change_made_while_the_tui_is_open_is_kept_by_the_tui_re_split(project, run_cli):
    document = _import(project)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        # another process, while the TUI shows the document: a coding and a role of its own
        assert run_cli("--project", project.root, "code", "S07", "5", "PF_GOAL").exit_code == 0
        assert run_cli("--project", project.root, "documents", "speakers", "S07", "--set", "Tom=P03").exit_code == 0
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"text", "enter")
        await pilot.pause()
    assert [t[:3] for t in _turns(project, document.id)] == [
        ("Interviewer", "interviewer", None), ("Tom", "participant", "P03"), ("Interviewer", "interviewer", None),
        ("Tom", "participant", "P03"), ("Interviewer", "interviewer", None)]
    [(code, words, turn)] = _coded_words(project, document.id)
    assert (code, words) == ("PF_GOAL", "I moved to a new school and made friends.")
    assert turn.startswith("I moved to a new school") and turn.endswith("But I kept them anyway.")


def test_a_qdpx_import_report_lists_each_sources_speakers_with_the_role_chosen_and_why(project, run_cli, tmp_path):
    from tests.refiqda_support import G, make_qdpx, qde

    text = MOM_QUOTED.replace("Tom:", "Student:")  # Student is not a built-in label: its role is inferred
    codes = f'<CodeBook><Codes><Code guid="{G(1)}" name="Family" isCodable="true"/></Codes></CodeBook>'
    body = codes + (f'<Sources><TextSource guid="{G(10)}" name="S07.txt" plainTextPath="internal://{G(10)}.txt">'
                    '</TextSource>'
                    f'<TextSource guid="{G(11)}" name="notes.txt" plainTextPath="internal://{G(11)}.txt">'
                    '</TextSource></Sources>')
    archive = make_qdpx(tmp_path / "other-tool.qdpx", qde(body, origin="QualCoder 3.5"),
                        {f"sources/{G(10)}.txt": text, f"sources/{G(11)}.txt": "Interviewer: Anything else?\n"})
    result = run_cli("--project", project.root, "import", archive)
    assert result.exit_code == 0, result.err
    lines = [line.strip() for line in result.out.splitlines()]
    start = lines.index("S07 speakers:")
    assert lines[start + 1:start + 4] == [
        "Interviewer: interviewer — a recognised label (3 turns)",
        "Student: participant — 'Student' names a participant (2 turns)",
        "Mom: participant — not the interviewer (Interviewer is) (2 turns)",
    ]
    # the source with no participant turn is named, as a plain-text import names it
    assert any(line.startswith("note: notes: no participant turns") for line in lines), result.out


COMMENT_DUMP = ("I will never take it, never.\nNobody can force me.\nPSZ: Schools may close in January\n"
                "Teachers will quit over this.\nPSZ: Schools may close in January\nWhat a mess.\n")


def _comment_archive(tmp_path, name: str = "nvivo.qdpx"):
    """A comment dump: a video title recurs like a label, a coding sits on a comment before the first one."""
    from tests.refiqda_support import G, make_qdpx, qde

    start = COMMENT_DUMP.index("Nobody can force me.")
    codes = f'<CodeBook><Codes><Code guid="{G(1)}" name="Refusal" isCodable="true"/></Codes></CodeBook>'
    selection = (f'<PlainTextSelection guid="{G(20)}" name="" startPosition="{start}" endPosition="{start + 20}">'
                 f'<Coding guid="{G(60)}"><CodeRef targetGUID="{G(1)}"/></Coding></PlainTextSelection>')
    body = codes + (f'<Sources><TextSource guid="{G(10)}" name="comments" plainTextPath="internal://{G(10)}.txt">'
                    f'{selection}</TextSource></Sources>')
    return make_qdpx(tmp_path / name, qde(body, origin="NVivo for Windows 12.6"), {f"sources/{G(10)}.txt": COMMENT_DUMP})


def test_a_qdpx_source_whose_inferred_labels_would_strand_codings_is_read_without_them(project, run_cli, tmp_path):
    archive = _comment_archive(tmp_path)
    result = run_cli("--project", project.root, "import", archive)
    assert result.exit_code == 0, result.err
    assert "codings: 1" in result.out and "skipped" not in result.out, result.out
    assert ("note: comments: read without inferred speaker labels (PSZ), by paragraphs: with them 1 of its 1 "
            "coding(s) would lie outside every turn, without them 0") in result.out
    document = repo.get_document(project.conn, "comments")
    [(code, words, turn)] = _coded_words(project, document.id)
    assert (words, turn) == ("Nobody can force me.", "Nobody can force me.")
    assert {s.speaker for s in repo.list_segments(project.conn, document.id)} == {None}


def test_a_label_named_by_speakers_stays_a_speaker_and_the_report_says_how_to_bring_the_codings_in(
        project, run_cli, tmp_path):
    archive = _comment_archive(tmp_path)
    result = run_cli("--project", project.root, "import", "--speakers", "PSZ=participant", archive)
    assert result.exit_code == 0, result.err
    assert "codings: 0 (skipped 1)" in result.out
    assert ('note: comments: 1 coding(s) lie outside every turn; if its labels (PSZ ...) are not speakers, import '
            'the archive again with --speakers "PSZ=text"') in result.out
    # following the advice re-splits the document in place and brings the coding in, on its words
    again = run_cli("--project", project.root, "import", "--speakers", "PSZ=text", archive)
    assert again.exit_code == 0, again.err
    assert "codings: 1" in again.out and "skipped" not in again.out, again.out
    assert "comments: already in the project with the same text; turns re-split in place" in again.out
    document = repo.get_document(project.conn, "comments")
    assert document.version == 1
    [(_, words, turn)] = _coded_words(project, document.id)
    assert words == "Nobody can force me." and turn is not None and "Nobody can force me." in turn


def test_undo_stops_while_another_coders_coding_needs_the_new_turn_and_works_once_it_is_gone(project):
    from qualcode.core.errors import QualcodeError

    document = _import(project)
    before = _everything(project, document.id)
    resplit_speakers(project, document.id, [("Mom", "text")])
    merged = [s for s in repo.list_segments(project.conn, document.id) if s.speaker == "Tom"][0]
    theirs = api.toggle_code(project, merged.id, "PF_GOAL", coder="B")  # spans the old Tom and Mom turns
    after = _everything(project, document.id)
    with pytest.raises(QualcodeError, match="1 coding\\(s\\) made since would lose their turn"):
        api.undo(project)
    assert _everything(project, document.id) == after
    api.undo(project, actor="B")  # B takes back that coding
    api.undo(project)  # the re-split was not set aside: it undoes now
    assert _everything(project, document.id) == before
    assert theirs is not None


def test_an_otter_docx_keeps_its_turns_when_a_role_changes_and_refuses_text(project):
    import docx

    document = docx.Document()
    for line in ["Interview with P03", "Interviewer  0:03", "So tell me about your first week.",
                 "Speaker 2  0:09", "It was a lot. I did not know anyone.",
                 "Speaker 3  0:20", "Same for me, really.", "Interviewer  0:40", "What changed?",
                 "Speaker 3  0:45", "My roommate invited me to dinner."]:
        document.add_paragraph(line)
    path = project.root / "transcripts" / "otter.docx"
    document.save(path)
    assert not api.import_paths(project, [path]).errors
    stored = repo.get_document(project.conn, "otter")
    spans = [(s.start, s.end) for s in repo.list_segments(project.conn, stored.id)]
    before = _everything(project, stored.id)
    with pytest.raises(Exception, match="cannot become text"):
        resplit_speakers(project, stored.id, [("Speaker 3", "text")])
    assert _everything(project, stored.id) == before
    resplit_speakers(project, stored.id, [("Speaker 3", "P04")])
    assert [(s.start, s.end) for s in repo.list_segments(project.conn, stored.id)] == spans
    assert [t[:3] for t in _turns(project, stored.id)] == [
        (None, "other", None), ("Interviewer", "interviewer", None), ("Speaker 2", "participant", None),
        ("Speaker 3", "participant", "P04"), ("Interviewer", "interviewer", None), ("Speaker 3", "participant", "P04")]


async def test_the_chinese_prompt_names_roles_in_chinese_takes_them_typed_and_is_not_cut_at_80_columns(project):
    document = _import(project)
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j", "j")  # Mom's turn
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        title = app.screen.query_one(".dialog-title")
        words = "「Mom」的角色（现为受访者）：访谈者、受访者、其他、个案编号，或「文本」（不是说话人）"
        assert str(title.render()).replace("\n", "") == words
        assert title.size.height >= 2  # wrapped inside the dialog, not cut at its edge
        shown = [strip.text.strip() for strip in title.render_lines(Region(0, 0, *title.size))]
        assert "".join(shown) == words  # every character shown, none cut
        assert shown[0].startswith("「Mom」的角色"), shown  # the name starts the sentence, not a line of its own
        await pilot.press(*"其他", "enter")
        await pilot.pause()
        assert [(t[0], t[1]) for t in _turns(project, document.id)][2] == ("Mom", "other")
        messages = [n.message for n in app._notifications]
        assert any("Mom 现为其他" in m for m in messages), messages


def _pending_suggestion(project, segment_id: int, code_id: str) -> int:
    cursor = project.conn.execute(
        "INSERT INTO suggestions (segment_id, code_id, score, evidence, engine_version, created_at) "
        "VALUES (?, ?, 0.7, '[]', 'test', '2026-12-06T00:00:00')", (segment_id, code_id))
    project.conn.commit()
    return int(cursor.lastrowid)


def test_pending_suggestions_on_turns_undo_or_redo_takes_away_are_set_aside_and_come_back(project, run_cli):
    """`qualcode suggest` after a re-split fills the new turns; undo must not drop those silently."""
    document = _import(project)
    resplit_speakers(project, document.id, [("Mom", "text")])
    merged = [s for s in repo.list_segments(project.conn, document.id) if s.speaker == "Tom"][0]
    _pending_suggestion(project, merged.id, "PF_GOAL")  # on a turn only the re-split made
    after = _everything(project, document.id)

    result = run_cli("--project", project.root, "undo")
    assert ("Undone: speaker roles Mom=text in S07; 1 pending suggestion(s) of turns now gone set aside "
            "(undo or redo brings them back)") in result.out, result.out
    assert not project.conn.execute("SELECT 1 FROM suggestions WHERE segment_id = ?", (merged.id,)).fetchone()
    mom = [s for s in repo.list_segments(project.conn, document.id) if s.speaker == "Mom"][0]
    _pending_suggestion(project, mom.id, "PF_FAMILY")  # on a turn only the undo brought back
    undone = _everything(project, document.id)

    result = run_cli("--project", project.root, "redo")
    assert "Redone: speaker roles Mom=text in S07; 1 pending suggestion(s)" in result.out, result.out
    assert _everything(project, document.id) == after  # the suggestion of the merged turn is back, id and all
    api.undo(project)
    assert _everything(project, document.id) == undone  # and so is the one made after the first undo


async def test_the_tui_says_in_chinese_how_many_pending_suggestions_an_undo_set_aside(project):
    document = _import(project)
    resplit_speakers(project, document.id, [("Mom", "text")])
    merged = [s for s in repo.list_segments(project.conn, document.id) if s.speaker == "Tom"][0]
    _pending_suggestion(project, merged.id, "PF_GOAL")
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("u", "y")   # the re-split was made before this window opened: y to the question
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("说话人角色 Mom=text（S07）；已移出 1 条待定建议（其语段已不在，撤销或重做可恢复）" in m
                   for m in messages), messages


def _coded_and_reviewed(project):
    """S07 imported, coded on three turns, a decision and a memo on Mom's first turn."""
    document = _import(project)
    turns = repo.list_segments(project.conn, document.id)
    api.toggle_code(project, turns[1].id, "PF_GOAL")
    start, end = _span(project, document.id, "You have to study")
    api.add_coding(project, document_id=document.id, code_id="PF_FAMILY", start=start, end=end)
    _decided_suggestion(project, turns[2].id, "PF_GOAL")
    api.set_memo(project, "segment", turns[5].id, "the rent again")
    return document


def test_import_speakers_of_the_unchanged_file_re_splits_in_place_exactly_as_a_role_change(project, tmp_path,
                                                                                           run_cli):
    """`qualcode import --speakers "Mom=text"` and ctrl+t (or `documents speakers --set`) go through one
    function: same document and version, same turns, codings on the same turns, the same report counts and
    one undoable event named the same way."""
    from qualcode.app.coding.memo_targets import describe_event

    by_role = _coded_and_reviewed(project)
    role_before = _everything(project, by_role.id)
    changed = resplit_speakers(project, by_role.id, [("Mom", "text")])
    other = init_project(tmp_path / "other")
    try:
        api.sync_codes(other)
        by_import = _coded_and_reviewed(other)
        import_before = _everything(other, by_import.id)
        result = run_cli("--project", other.root, "import", "--speakers", "Mom=text", other.root / "transcripts")
        assert result.exit_code == 0, result.err
        assert "0 imported, 0 new version(s), 1 re-split, 0 unchanged" in result.out
        for line in changed.lines():  # the same report, line for line
            assert line in result.out, (line, result.out)
        current = repo.get_document(other.conn, "S07")
        assert (current.id, current.version) == (by_import.id, by_import.version)
        assert _turns(other, current.id) == _turns(project, by_role.id)
        assert _coded_words(other, current.id) == _coded_words(project, by_role.id)
        assert _everything(other, current.id)["segments"] == _everything(project, by_role.id)["segments"]
        import_after = _everything(other, current.id)
        event = api.undo(other)
        assert describe_event(other, event) == "speaker roles Mom=text in S07"
        assert _everything(other, current.id) == import_before
        api.redo(other)
        assert _everything(other, current.id) == import_after
        # the other path undoes the same way
        assert describe_event(project, api.undo(project)) == "speaker roles Mom=text in S07"
        assert _everything(project, by_role.id) == role_before
    finally:
        other.close()


def _interview_archive(tmp_path, text: str = MOM_QUOTED, name: str = "other-tool.qdpx"):
    """S07 as another tool exports it, with a coding on Mom's first line."""
    from tests.refiqda_support import G, make_qdpx, qde

    start = text.index("You have to study")
    codes = f'<CodeBook><Codes><Code guid="{G(1)}" name="Family" isCodable="true"/></Codes></CodeBook>'
    selection = (f'<PlainTextSelection guid="{G(20)}" name="You have to study" startPosition="{start}" '
                 f'endPosition="{start + 17}"><Coding guid="{G(60)}"><CodeRef targetGUID="{G(1)}"/></Coding>'
                 '</PlainTextSelection>')
    body = codes + (f'<Sources><TextSource guid="{G(10)}" name="S07.txt" plainTextPath="internal://{G(10)}.txt">'
                    f'{selection}</TextSource></Sources>')
    return make_qdpx(tmp_path / name, qde(body, origin="QualCoder 3.5"), {f"sources/{G(10)}.txt": text})


def test_import_speakers_applies_to_the_sources_of_a_qdpx_as_to_plain_files(project, run_cli, tmp_path):
    archive = _interview_archive(tmp_path)
    wrong = run_cli("--project", project.root, "import", "--speakers", "Mum=text", archive)
    assert wrong.exit_code != 0
    assert "--speakers names 'Mum', but no file being imported has such a speaker" in wrong.err
    assert "Mom" in wrong.err and project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0

    result = run_cli("--project", project.root, "import", "--speakers", "Mom=text,Tom=P03", archive)
    assert result.exit_code == 0, result.err
    assert "Tom: participant (P03) — set by --speakers (2 turns)" in result.out
    document = repo.get_document(project.conn, "S07")
    assert [t[:3] for t in _turns(project, document.id)] == [
        ("Interviewer", "interviewer", None), ("Tom", "participant", "P03"), ("Interviewer", "interviewer", None),
        ("Tom", "participant", "P03"), ("Interviewer", "interviewer", None)]
    [(_, words, turn)] = _coded_words(project, document.id)
    assert words == "You have to study" and turn.startswith("It was hard")
    # the roles are remembered for the document, as for a plain file
    assert [(r.name, r.role) for r in resplit_document_speakers(project, "S07") if r.role == "text"] == [
        ("Mom", "text")]


def test_roles_stored_for_a_document_apply_when_the_archive_comes_again(project, run_cli, tmp_path):
    archive = _interview_archive(tmp_path)
    assert run_cli("--project", project.root, "import", archive).exit_code == 0
    document = repo.get_document(project.conn, "S07")
    assert [t[0] for t in _turns(project, document.id)].count("Mom") == 2
    assert run_cli("--project", project.root, "documents", "speakers", "S07", "--set", "Mom=text").exit_code == 0
    merged = _turns(project, document.id)

    # the same export again: the document keeps the roles set for it, nothing is re-split
    again = run_cli("--project", project.root, "import", archive)
    assert "S07: already in the project with the same text; codings are added to it" in again.out, again.out
    assert _turns(project, document.id) == merged

    # the other tool's text was edited and exported again: it comes in as S07's next version (as a revised plain
    # file does), read with S07's roles
    edited = _interview_archive(tmp_path, MOM_QUOTED.replace("Thank you.", "Thank you very much."), "edited.qdpx")
    later = run_cli("--project", project.root, "import", edited)
    assert later.exit_code == 0, later.err
    revised = repo.get_document(project.conn, "S07")
    assert revised.version == 2 and revised.id != document.id
    assert [t[0] for t in _turns(project, revised.id)] == ["Interviewer", "Tom", "Interviewer", "Tom", "Interviewer"]
    assert "Mom: participant" not in later.out


def test_an_interview_from_another_tool_keeps_its_inferred_speakers_and_a_title_dump_does_not(project, run_cli,
                                                                                              tmp_path):
    """The fallback is for texts that are not transcripts: an interview with a title line and codings on
    its turns keeps Mary and Tom; a comment table whose recurring titles would leave a tenth of the text
    in no turn (no codings to go by) is read by paragraphs."""
    from tests.refiqda_support import G, make_qdpx, qde

    interview = ("Interview 3, March 2024\n" + "Mary: What did you study?\nTom: Electrics, two years of it.\n" * 6)
    start = interview.index("Electrics")
    titles = ["PSZ", "Mozaik", "Covid", "Pfizer", "Bexsero"]
    dump = "video_title\ncomment_text\n" + "".join(
        f"comment {n} on nothing in particular, written before the first title\n" for n in range(12)) + "".join(
        f"{title}: a video about vaccines\ncomment {n} here\n" for n in range(3) for title in titles)
    codes = f'<CodeBook><Codes><Code guid="{G(1)}" name="Study" isCodable="true"/></Codes></CodeBook>'
    selection = (f'<PlainTextSelection guid="{G(20)}" name="Electrics" startPosition="{start}" '
                 f'endPosition="{start + 9}"><Coding guid="{G(60)}"><CodeRef targetGUID="{G(1)}"/></Coding>'
                 '</PlainTextSelection>')
    body = codes + (f'<Sources><TextSource guid="{G(10)}" name="P03.txt" plainTextPath="internal://{G(10)}.txt">'
                    f'{selection}</TextSource>'
                    f'<TextSource guid="{G(11)}" name="comments" plainTextPath="internal://{G(11)}.txt">'
                    '</TextSource></Sources>')
    archive = make_qdpx(tmp_path / "mixed.qdpx", qde(body, origin="NVivo for Windows 12.6"),
                        {f"sources/{G(10)}.txt": interview, f"sources/{G(11)}.txt": dump})
    result = run_cli("--project", project.root, "import", archive)
    assert result.exit_code == 0, result.err
    interview_doc = repo.get_document(project.conn, "P03")
    assert {(t[0], t[1]) for t in _turns(project, interview_doc.id)} == {("Mary", "interviewer"), ("Tom", "participant")}
    assert "P03: read without" not in result.out
    comments = repo.get_document(project.conn, "comments")
    assert {t[0] for t in _turns(project, comments.id)} == {None}
    assert "note: comments: read without inferred speaker labels (PSZ, Mozaik, Covid ...), by paragraphs: with " \
           "them " in result.out and "of its text would belong to no turn, without them 0%" in result.out


def test_importing_the_same_archive_twice_re_splits_nothing_even_with_timestamps(project, run_cli, tmp_path):
    text = ("[00:00:03] Interviewer: How was school?\n[00:00:09] Student: Hard at first.\n"
            "[00:00:15] Interviewer: And now?\n[00:00:20] Student: Better, I have friends.\n")
    archive = _interview_archive(tmp_path, text.replace("Hard at first.", "You have to study, hard at first."))
    assert run_cli("--project", project.root, "import", archive).exit_code == 0
    document = repo.get_document(project.conn, "S07")
    assert [s.start_time for s in repo.list_segments(project.conn, document.id)][:2] == ["00:00:03", "00:00:09"]
    events = project.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    again = run_cli("--project", project.root, "import", archive)
    assert "S07: already in the project with the same text; codings are added to it" in again.out, again.out
    assert project.conn.execute("SELECT count(*) FROM history").fetchone()[0] == events
