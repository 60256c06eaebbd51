"""What an outside tester found next (issue 12, QA round 12b): an SRT written with '.' before the
milliseconds, a Zoom pronoun note kept in one reader's speaker names but not another's, and file
names whose first letters-and-digits word is an encoding, not a participant. Samples written here."""

from __future__ import annotations

import shutil

import pytest

from qualcode.app import api
from qualcode.core.frontmatter import metadata_from_file_name
from qualcode.storage import repository as repo
from tests.test_speaker_inference import SAMPLES, imported
from tests.test_speaker_outside_styles import stored_turns

I, P = "interviewer", "participant"


def test_an_srt_with_a_dot_before_the_milliseconds_imports_without_a_warning(project):
    entry, _, _ = imported(project, "dot_millis_S31.srt")
    assert stored_turns(project, "dot_millis_S31") == [
        ("Interviewer", I, "00:00:01.000", "How was your week?"), ("Tom", P, "00:00:04.000", "Busy, lots of shifts."),
        ("Interviewer", I, "00:00:08.000", "And school?"), ("Tom", P, "00:00:10.500", "Fine."),
    ]
    assert entry.warnings == []


@pytest.mark.parametrize(("timing", "line"), [
    ("00:00:01;000 --> 00:00:03,500", 2),  # a semicolon is no decimal mark
    ("00:00:01.00 --> 00:00:03.500", 2),  # two digits of milliseconds
    ("00:00:01.000 -> 00:00:03.500", 2),  # a short arrow
])
def test_a_truly_malformed_srt_timing_is_still_refused_at_its_line(project, run_cli, timing, line):
    source = project.root / "transcripts" / "bad_S31.srt"
    source.write_text(f"1\n{timing}\nTom: Hi.\n\n2\n00:00:04,000 --> 00:00:05,000\nJane: Hi.\n", encoding="utf-8")
    result = run_cli("import", str(source), cwd=project.root)
    assert result.exit_code != 0
    assert f"bad_S31.srt:{line}: malformed cue timing" in result.err
    assert repo.list_documents(project.conn) == []


@pytest.mark.parametrize("sample", ["zoom_pronouns_S32.vtt", "zoom_pronouns_tab_S32.txt", "teams_pronouns_S33.vtt"])
def test_a_speakers_bracket_note_is_dropped_from_the_name_and_kept_out_of_the_words(project, sample):
    imported(project, sample)
    stored = stored_turns(project, sample.rsplit(".", 1)[0])
    assert [(speaker, role, words) for speaker, role, _, words in stored] == [
        ("Jane Smith", I, "How was your week?"), ("Leo Park", P, "Busy, lots of shifts."),
        ("Jane Smith", I, "And school?"), ("Leo Park", P, "Fine."),
    ]


def test_one_zoom_speaker_is_one_name_across_a_vtt_and_a_txt_in_one_project(project):
    for name in ("zoom_pronouns_S32.vtt", "zoom_pronouns_tab_S32.txt", "zoom_pronouns_S81.txt"):
        shutil.copy(SAMPLES / name, project.root / "transcripts" / name)
    report = api.import_paths(project, [project.root / "transcripts"])
    assert not report.errors
    names = {row[0] for row in project.conn.execute("SELECT DISTINCT speaker FROM segments")}
    assert names == {"Jane Smith", "Leo Park"}
    words = [row[0] for row in project.conn.execute(
        "SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s JOIN documents d ON d.id = s.document_id")]
    assert len(words) == 12 and not any("she/her" in w or "UCL" in w for w in words)  # the note is no turn's words


@pytest.mark.parametrize(("file_name", "participant", "wave"), [
    ("S91_pre.txt", "S91", "pre"),
    ("interview_S91_post.docx", "S91", "post"),
    ("2024-03-01_P03.txt", "P03", None),
    ("utf16_S91.txt", "S91", None),  # the encoding a user saved with is no participant
    ("S91_utf8.txt", "S91", None),
    ("zoom_0304_S12_pre.vtt", "S12", "pre"),
    ("GMT20240304-101500_Recording_mp4_S12.vtt", "S12", None),
    ("访谈_S05_后测.txt", "S05", "post"),
    ("学生07_前测.txt", "学生07", "pre"),
    ("S05_v2.docx", "S05", None),  # a version number is no participant
    ("T1_E01.txt", "E01", None),  # a wave-like word yields to an id
    ("utf8.txt", None, None),  # nothing id-like: no participant rather than UTF8
])
def test_the_file_name_gives_the_word_that_looks_like_a_participant_id(file_name, participant, wave):
    fields = metadata_from_file_name(file_name)
    assert (fields.get("participant"), fields.get("wave")) == (participant, wave)


def test_an_encoding_word_in_the_file_name_does_not_become_the_case(project):
    source = project.root / "transcripts" / "utf16_S91.txt"
    source.write_text("Interviewer: How are you?\nTom: Fine.\nInterviewer: And school?\nTom: Busy.\n",
                      encoding="utf-16")
    report = api.import_paths(project, [source])
    assert not report.errors
    cases = {row[0] for row in project.conn.execute("SELECT DISTINCT case_id FROM segments WHERE role='participant'")}
    assert cases == {"S91"}
    assert [row[0] for row in project.conn.execute("SELECT id FROM cases")] == ["S91"]


def test_a_speakers_override_written_with_the_zoom_note_finds_the_speaker(project):
    entry, _, segments = imported(project, "zoom_pronouns_S32.vtt", speakers="Leo Park (UCL)=P07")
    assert {(s.speaker, s.case_id) for s in segments if s.role == P} == {("Leo Park", "P07")}
