"""`qualcode agreement` and `qualcode merge` in-process on real projects (import, API, SQLite, files)."""

from __future__ import annotations

import csv
import shutil

import pytest

from qualcode.analysis.agreement.compute import AgreementOptions
from qualcode.analysis.agreement.disagreements import list_disagreements
from qualcode.app.api import code_segment, import_paths, sync_codes, undo
from qualcode.app.project import init_project, open_project
from qualcode.storage import repository as repo
from qualcode.app.team.coders import agreement, consensus_codes, record_consensus, undo_consensus


def _participant_segments(project, name):
    document = repo.get_document(project.conn, name)
    return [s for s in repo.list_segments(project.conn, document.id) if s.role == "participant"]


@pytest.fixture
def coded(project, chinese_transcript):
    """The conftest interview (participant turns 2, 4, 6) coded by A and B."""
    import_paths(project, [chinese_transcript])
    s2, s4, s6 = _participant_segments(project, "S01_pre")
    for segment, code in ((s2, "AD_EXAM"), (s2, "AD_LOWSELF"), (s4, "PF_GOAL"), (s4, "PF_FAMILY")):
        code_segment(project, segment.id, code, coder="A")
    for segment, code in ((s2, "AD_EXAM"), (s4, "PF_GOAL"), (s6, "AD_LOWSELF")):
        code_segment(project, segment.id, code, coder="B")
    return project


def test_agreement_table_on_screen(coded, run_cli):
    result = run_cli("--project", coded.root, "agreement", "--coders", "A", "B", "--lang", "en")
    assert result.exit_code == 0, result.err
    # 3 participant units. AD_EXAM: both on #2 -> (1,0,0,2), kappa 1.
    assert "| AD_EXAM | Exam failure (zhongkao) | 3 | 1 | 1 | 1 | 0 | 0 | 2 | 100.0% | 1.000 |" in result.out
    # AD_LOWSELF: A on #2, B on #6 -> (0,1,1,1): p_o 1/3, rows {1:1,0:2} cols {1:1,0:2}, p_e 5/9, kappa -1/2.
    assert "| AD_LOWSELF | Low self-esteem | 3 | 1 | 1 | 0 | 1 | 1 | 1 | 33.3% | -0.500 |" in result.out
    assert "participant turns (one unit per speaker turn); 3 units" in result.out


def test_agreement_to_csv_and_markdown_files(coded, run_cli, tmp_path):
    out = tmp_path / "agreement.csv"
    result = run_cli("--project", coded.root, "agreement", "--coders", "A", "B", "--codes", "PF_GOAL,PF_FAMILY",
                     "--unit", "sentence", "--out", out)
    assert result.exit_code == 0, result.err
    rows = {r["code"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    # Sentences: #2 one, #4 two (现在我有了目标，想先考电工证。 / 我妈妈也一直鼓励我。), #6 one -> 4 units;
    # PF_GOAL coded on all of #4 by both -> 2 both, 2 neither.
    assert (rows["PF_GOAL"]["n_units"], rows["PF_GOAL"]["both"], rows["PF_GOAL"]["neither"]) == ("4", "2", "2")
    assert rows["PF_FAMILY"]["only_a"] == "2" and rows["PF_FAMILY"]["unit"].startswith("sentences of")
    again = run_cli("--project", coded.root, "agreement", "--coders", "A", "B", "--out", out)
    assert again.exit_code == 2 and "--force" in again.err
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run_cli("--project", coded.root, "agreement", "--coders", "A", "B", "--out", out, "--force",
                   "--excel").exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    md = tmp_path / "agreement.md"
    assert run_cli("--project", coded.root, "agreement", "--coders", "A", "B", "--overlap", "80%",
                   "--out", md, "--lang", "en").exit_code == 0
    assert "overlap by at least 80% of their union" in md.read_text(encoding="utf-8")


def test_disagreement_list(coded, run_cli):
    result = run_cli("--project", coded.root, "agreement", "--coders", "A", "B", "--list")
    assert result.exit_code == 0, result.err
    assert result.out.startswith("3 units where A and B disagree:")
    assert "S01_pre #4  现在我有了目标，想先考电工证。 我妈妈也一直鼓励我。\n  A: PF_GOAL, PF_FAMILY\n  B: PF_GOAL" in result.out
    assert "S01_pre #6  嗯。\n  A: —\n  B: AD_LOWSELF" in result.out


def test_user_errors_are_one_line_and_exit_2(coded, run_cli):
    for args, message in ((("--coders", "A", "Z"), "coder 'Z' has no codings"),
                          (("--coders", "A", "B", "--overlap", "lots"), "--overlap takes a share"),
                          (("--coders", "A", "B", "--codes", "NOPE"), "no code NOPE"),
                          (("--coders", "A", "B", "--out", "table.xlsx"), ".md or .csv")):
        result = run_cli("--project", coded.root, "agreement", *args)
        assert result.exit_code == 2, args
        assert message in result.err and "Traceback" not in result.err
        assert len(result.err.strip().splitlines()) == 1


def test_consensus_is_one_undoable_coding_by_coder_consensus(coded):
    result = agreement(coded, AgreementOptions(("A", "B")))
    first = list_disagreements(result)[0]
    coding = record_consensus(coded, first.unit, "AD_LOWSELF", memo="讨论后同意：自卑明确。")
    assert coding.coder == "consensus" and coding.memo == "讨论后同意：自卑明确。"
    assert (coding.start, coding.end, coding.segment_id) == (first.unit.start, first.unit.end, first.unit.segment_id)
    assert consensus_codes(coded, first.unit) == ["AD_LOWSELF"]
    own = undo(coded, actor="B")  # a coder's undo takes back their own last coding, not the consensus
    assert own is not None and own.payload["coder"] == "B"
    assert consensus_codes(coded, first.unit) == ["AD_LOWSELF"]
    event = undo_consensus(coded)
    assert event is not None and event.action == "coding.add"
    assert consensus_codes(coded, first.unit) == []


def test_merge_brings_in_the_other_coders_project_and_undo_removes_it(project, chinese_transcript, tmp_path,
                                                                      run_cli):
    import_paths(project, [chinese_transcript])
    for segment, code in zip(_participant_segments(project, "S01_pre"), ("AD_EXAM", "PF_GOAL", "AD_LOWSELF")):
        code_segment(project, segment.id, code, coder="A")
    other = init_project(tmp_path / "study-B")
    sync_codes(other)
    shutil.copy(chinese_transcript, tmp_path / "S01_pre_B.txt")  # the same bytes under another file name
    import_paths(other, [tmp_path / "S01_pre_B.txt"])
    for segment, code in zip(_participant_segments(other, "S01_pre_B"), ("AD_EXAM", "PF_FAMILY", "AD_LOWSELF")):
        code_segment(other, segment.id, code, coder="me")
    other.close()

    dry = run_cli("--project", project.root, "--coder", "A", "merge", tmp_path / "study-B", "--rename", "me=B",
                  "--dry-run")
    assert dry.exit_code == 0 and "Dry run: nothing was changed" in dry.out and "3 codings added" in dry.out
    assert project.conn.execute("SELECT COUNT(*) FROM codings WHERE coder = 'B'").fetchone()[0] == 0
    result = run_cli("--project", project.root, "--coder", "A", "merge", tmp_path / "study-B",
                     "--rename", "me=B")
    assert result.exit_code == 0, result.err
    assert "3 codings added (B: 3)" in result.out and "matched  S01_pre (there: S01_pre_B): 3 codings" in result.out
    table = run_cli("--project", project.root, "agreement", "--coders", "A", "B", "--codes", "AD_EXAM")
    assert "| AD_EXAM | 中考失利 | 3 | 1 | 1 | 1 | 0 | 0 | 2 |" in table.out
    undone = run_cli("--project", project.root, "--coder", "A", "undo")
    assert undone.exit_code == 0, undone.err
    assert undone.out.startswith("Undone: merge of 3 coding(s) from the project study-B (from "), undone.out
    with open_project(project.root) as reopened:
        assert reopened.conn.execute("SELECT COUNT(*) FROM codings WHERE coder = 'B'").fetchone()[0] == 0
    assert run_cli("--project", project.root, "merge", project.root).exit_code == 2


def test_merge_of_something_that_is_not_a_project(project, tmp_path, run_cli):
    result = run_cli("--project", project.root, "merge", tmp_path / "nowhere")
    assert result.exit_code == 2 and "not a qualcode project" in result.err


def test_coders_and_overlap_from_qualcode_toml(coded, run_cli):
    missing = run_cli("--project", coded.root, "agreement")
    assert missing.exit_code == 2 and "--coders A B" in missing.err
    config = coded.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[agreement]\ncoders = ["A", "B"]\noverlap = "75%"\n',
                      encoding="utf-8")
    result = run_cli("--project", coded.root, "agreement")
    assert result.exit_code == 0, result.err
    # A new project's language is zh, so its reports are Chinese unless report_language or --lang says otherwise.
    assert "编码者 A：A；编码者 B：B。" in result.out and "75%" in result.out
    config.write_text(config.read_text(encoding="utf-8").replace("[project]\n", '[project]\nreport_language = "en"\n'),
                      encoding="utf-8")
    result = run_cli("--project", coded.root, "agreement")
    assert "Coder A: A; coder B: B." in result.out and "at least 75% of their union" in result.out
    assert "编码者 A" in run_cli("--project", coded.root, "agreement", "--lang", "zh").out


def test_a_document_marked_reviewed_counts_as_coded_not_missing(project, chinese_transcript, tmp_path):
    from qualcode.app.coding.reviews import toggle_reviewed

    import_paths(project, [chinese_transcript])
    second = tmp_path / "S02_pre.txt"
    second.write_text(chinese_transcript.read_text(encoding="utf-8").replace("S01", "S02") + "受访者：好的。\n",
                      encoding="utf-8")
    import_paths(project, [second])
    s01, s02 = _participant_segments(project, "S01_pre"), _participant_segments(project, "S02_pre")
    code_segment(project, s01[0].id, "AD_EXAM", coder="A")
    code_segment(project, s01[0].id, "AD_EXAM", coder="B")
    code_segment(project, s02[0].id, "AD_EXAM", coder="A")
    before = agreement(project, AgreementOptions(("A", "B")))
    assert before.units_missing == len(s02)  # B has not touched S02_pre: missing
    toggle_reviewed(project, s02[1].id, coder="B")  # B read S02_pre and found nothing to code
    after = agreement(project, AgreementOptions(("A", "B")))
    assert after.units_missing == 0
    exam = after.rows[0].counts
    assert (exam.both, exam.only_a, exam.only_b, exam.neither) == (1, 1, 0, len(s01) + len(s02) - 2)
