"""Think-aloud transcripts that label only the moderator: with ``[transcripts] unlabelled_paragraphs =
"participant"`` each paragraph without a label is a participant turn of its own (default: it continues the
moderator's turn). Real parser, real files imported through the CLI, real SQLite."""

from __future__ import annotations

import docx
import pytest

from qualcode.core.errors import ProjectError
from qualcode.core.transcript import TranscriptSettings, parse_text

SESSION = """Session 3, recorded in the library

MODERATOR: Please think aloud while you find the opening hours on this page.

Okay, so I am looking at the top menu first. There is nothing about hours here.

(laughs)

Maybe under Contact? Let me click that.
Hmm, it shows an address but no times.

MODERATOR: What would you expect to see?

I would expect a small table with the days of the week.

## Task 2

I scroll down... here it is, at the very bottom, in tiny print.
"""
PARTICIPANT = "participant"


def _turns(settings: TranscriptSettings):
    parsed = parse_text(SESSION, settings=settings, source_name="P01_session.txt")
    return parsed, [(t.role, t.speaker, parsed.text[t.start:t.end]) for t in parsed.turns]


def test_by_default_an_unlabelled_paragraph_continues_the_moderator_s_turn():
    parsed, turns = _turns(TranscriptSettings())
    assert [(role, speaker) for role, speaker, _ in turns] == [("interviewer", "MODERATOR")] * 2
    assert any(w.startswith("no participant turns") for w in parsed.warnings)


def test_each_unlabelled_paragraph_is_a_participant_turn_when_asked():
    parsed, turns = _turns(TranscriptSettings(unlabelled_paragraphs=PARTICIPANT))
    assert turns == [
        (PARTICIPANT, None, "Session 3, recorded in the library"),   # before the first label: said, not dropped
        ("interviewer", "MODERATOR", "Please think aloud while you find the opening hours on this page."),
        (PARTICIPANT, None, "Okay, so I am looking at the top menu first. There is nothing about hours here."),
        (PARTICIPANT, None, "Maybe under Contact? Let me click that.\nHmm, it shows an address but no times."),
        ("interviewer", "MODERATOR", "What would you expect to see?"),
        (PARTICIPANT, None, "I would expect a small table with the days of the week."),
        (PARTICIPANT, None, "I scroll down... here it is, at the very bottom, in tiny print."),
    ]   # the note "(laughs)" and the heading belong to no turn, as in any transcript
    assert parsed.warnings == ("line(s) 7: a note at the end of a turn ('(laughs)') belongs to no turn",
                               '5 paragraph(s) without a speaker label read as participant turns '
                               '([transcripts] unlabelled_paragraphs = "participant")')


def test_a_file_without_any_label_is_split_as_before():
    text = "First answer here.\n\nSecond answer here.\n"
    for value in ("continue", PARTICIPANT):
        parsed = parse_text(text, settings=TranscriptSettings(unlabelled_paragraphs=value), source_name="S01.txt")
        assert [(t.role, t.speaker) for t in parsed.turns] == [(PARTICIPANT, None)] * 2
        assert parsed.warnings[0].startswith("no speaker labels found")


def test_a_bad_value_names_the_setting():
    with pytest.raises(ProjectError, match=r'unlabelled_paragraphs must be "continue" or "participant", not '
                                           r"'yes'"):
        TranscriptSettings.from_config({"transcripts": {"unlabelled_paragraphs": "yes"}})


def _set(root, value: str) -> None:
    path = root / "qualcode.toml"
    text = path.read_text(encoding="utf-8").replace(
        "[transcripts]\n", f'[transcripts]\nunlabelled_paragraphs = "{value}"\n', 1)
    path.write_text(text, encoding="utf-8")


def test_import_with_the_setting_and_a_change_of_it_re_splits(run_cli, tmp_path):
    root = tmp_path / "study"
    assert run_cli("init", root, "--language", "en").exit_code == 0
    (root / "transcripts" / "P01_session.txt").write_text(SESSION, encoding="utf-8")
    word = docx.Document()
    for paragraph in SESSION.replace("P01", "P02").split("\n\n"):
        word.add_paragraph(paragraph)
    word.save(root / "transcripts" / "P02_session.docx")
    _set(root, PARTICIPANT)
    imported = run_cli("--project", root, "import", root / "transcripts")
    assert imported.exit_code == 0, imported.err
    # Word gives paragraphs as lines with no blank line between them: each line is a paragraph there, so the
    # line break inside "Maybe under Contact? …" makes two turns in the .docx, one in the .txt.
    for count in (5, 6):
        assert imported.out.count(f"{count} paragraph(s) without a speaker label read as participant turns") == 1
    status = run_cli("--project", root, "status").out
    assert "2 documents, 2 cases, 15 segments (11 by participants)" in status, status

    (root / "qualcode.toml").write_text((root / "qualcode.toml").read_text(encoding="utf-8").replace(
        f'unlabelled_paragraphs = "{PARTICIPANT}"', 'unlabelled_paragraphs = "continue"'), encoding="utf-8")
    again = run_cli("--project", root, "import", root / "transcripts")
    assert again.exit_code == 0 and "2 re-split" in again.out, again.out
    assert "4 segments (0 by participants)" in run_cli("--project", root, "status").out


def test_a_word_file_labelling_only_the_moderator_is_told_about_the_setting(run_cli, tmp_path):
    # Without the setting the participant's words vanish into the moderator's turns: the warning must name
    # the setting that reads them, not only "--speakers Name=participant" (which would make the moderator
    # the participant).
    root = tmp_path / "study"
    assert run_cli("init", root, "--language", "en").exit_code == 0
    word = docx.Document()
    for paragraph in SESSION.split("\n\n"):
        word.add_paragraph(paragraph)
    word.save(root / "transcripts" / "P03_session.docx")
    imported = run_cli("--project", root, "import", root / "transcripts")
    assert imported.exit_code == 0, imported.err
    assert "no participant turns (speakers: MODERATOR (interviewer))" in imported.out
    assert 'set [transcripts] unlabelled_paragraphs = "participant" in qualcode.toml and import again' in \
        imported.out, imported.out
    _set(root, PARTICIPANT)
    again = run_cli("--project", root, "import", root / "transcripts")
    assert again.exit_code == 0 and "1 re-split" in again.out and "no participant turns" not in again.out, again.out


def test_only_when_every_labelled_speaker_is_an_interviewer_is_the_think_aloud_setting_named():
    from qualcode.core.speaker_roles import balance_warnings

    only_moderator = balance_warnings([("MODERATOR", "interviewer", 300)], participant_turns=0)
    with_another = balance_warnings([("Interviewer", "interviewer", 300), ("Tom", "other", 200)],
                                    participant_turns=0)
    assert "unlabelled_paragraphs" in only_moderator[0]
    assert with_another[0].startswith("no participant turns") and "unlabelled_paragraphs" not in with_another[0]


TABLE = [("speaker", "text"), ("Moderator", "Please open the page and think aloud."),
         ("", "I am looking at the menu now."), ("", "Hmm, where is it? 它太小了。"),
         ("Moderator", "Any thoughts?"), ("", "It was easier than I thought.")]


def _write_tables(folder) -> None:
    import csv

    import openpyxl

    with open(folder / "P04_table.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(TABLE)
    book = openpyxl.Workbook()
    for row in TABLE:
        book.active.append(list(row))
    book.save(folder / "P05_table.xlsx")


def _roles(root, name: str) -> list[tuple[str | None, str]]:
    from qualcode.app.project import open_project
    from qualcode.storage import repository as repo

    with open_project(root) as project:
        document = repo.get_document(project.conn, name, with_text=False)
        return [(s.speaker, s.role) for s in repo.list_segments(project.conn, document.id)]


def test_a_think_aloud_table_naming_only_the_moderator_follows_the_setting(run_cli, tmp_path):
    # One row per turn with the speaker cell empty for the participant: the setting read such rows as "other"
    # (no participant turns, nothing to code or suggest) while saying nothing of it.
    root = tmp_path / "study"
    assert run_cli("init", root, "--language", "en").exit_code == 0
    _write_tables(root / "transcripts")
    first = run_cli("--project", root, "import", root / "transcripts")
    assert first.exit_code == 0, first.err
    assert first.out.count('set [transcripts] unlabelled_paragraphs = "participant"') == 2, first.out
    assert _roles(root, "P04_table") == [("Moderator", "interviewer"), (None, "other"), (None, "other"),
                                         ("Moderator", "interviewer"), (None, "other")]
    _set(root, PARTICIPANT)
    again = run_cli("--project", root, "import", root / "transcripts")
    assert again.exit_code == 0 and "2 re-split" in again.out, again.out
    assert again.out.count('3 row(s) without a speaker read as participant turns') == 2, again.out
    assert "no participant turns" not in again.out and "holds 100%" not in again.out, again.out
    for name in ("P04_table", "P05_table"):
        assert _roles(root, name) == [("Moderator", "interviewer"), (None, "participant"), (None, "participant"),
                                      ("Moderator", "interviewer"), (None, "participant")]


CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:05.000
Moderator: Please find the settings page.

00:00:05.500 --> 00:00:12.000
Okay I'm looking at the top bar now.

00:00:12.500 --> 00:00:15.000
There's no gear icon, hmm.

00:00:15.500 --> 00:00:19.000
Moderator: What would you expect?

00:00:19.500 --> 00:00:23.000
A gear, definitely. 我觉得应该在右上角。
"""


def _segment_texts(root, name: str) -> list[tuple[str | None, str, str]]:
    from qualcode.app.project import open_project
    from qualcode.storage import repository as repo

    with open_project(root) as project:
        document = repo.get_document(project.conn, name)
        return [(s.speaker, s.role, document.text[s.start:s.end])
                for s in repo.list_segments(project.conn, document.id)]


def test_captions_naming_only_the_moderator_follow_the_setting_and_keep_their_words(run_cli, tmp_path):
    # Each cue without a name joined the moderator's turn whatever the setting said; and once the setting
    # joined cues differently, a re-split "in place" kept the old text under the new offsets (turns pointing
    # at the wrong words). The same bytes read into another text are a new version.
    root = tmp_path / "study"
    assert run_cli("init", root, "--language", "en").exit_code == 0
    (root / "transcripts" / "P06_session.vtt").write_text(CAPTIONS, encoding="utf-8")
    first = run_cli("--project", root, "import", root / "transcripts")
    assert first.exit_code == 0, first.err
    assert [role for _, role, _ in _segment_texts(root, "P06_session")] == ["interviewer"]
    _set(root, PARTICIPANT)
    again = run_cli("--project", root, "import", root / "transcripts")
    assert again.exit_code == 0 and "1 new version(s)" in again.out, again.out
    assert "2 caption turn(s) without a speaker name read as participant turns" in again.out, again.out
    assert _segment_texts(root, "P06_session") == [
        ("Moderator", "interviewer", "Please find the settings page."),
        (None, "participant", "Okay I'm looking at the top bar now. There's no gear icon, hmm."),
        ("Moderator", "interviewer", "What would you expect?"),
        (None, "participant", "A gear, definitely. 我觉得应该在右上角。")]
    assert "unchanged" in run_cli("--project", root, "import", root / "transcripts").out


def test_captions_naming_every_speaker_read_the_same_with_the_setting(tmp_path):
    from qualcode.io.readers import read_transcript

    path = tmp_path / "P06.vtt"
    path.write_text(CAPTIONS.replace("Okay I'm", "P06: Okay I'm").replace("There's", "P06: There's")
                    .replace("A gear,", "P06: A gear,"), encoding="utf-8")
    plain = read_transcript(path, settings=TranscriptSettings())
    chosen = read_transcript(path, settings=TranscriptSettings(unlabelled_paragraphs=PARTICIPANT))
    assert plain.text == chosen.text and plain.turns == chosen.turns and plain.warnings == chosen.warnings
    assert [t.role for t in chosen.turns] == ["interviewer", "participant", "interviewer", "participant"]
