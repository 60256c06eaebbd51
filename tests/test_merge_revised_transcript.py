"""Merging a second coder's project after one of the two re-imported a revised transcript (QA round 27).

The merge matches documents by content hash. When coder A had imported a corrected S01_pre and coder B still
coded the first version, B's codings on it were left out, the summary listed S01_pre twice ("only in the other
project", "only in this project") and the command exited 0 with "0 codings added": work lost without a word
about it. Now the summary names the document, which project has the newer version and how many codings stay
behind, says how to bring them in, and exits 1; doing what it says merges them onto the right turns."""

from __future__ import annotations

from qualcode.app.api import sync_codes
from qualcode.app.project import init_project
from tests.test_stale_windows import current_codings, revise_s01
from tests.tui_fixtures import write_transcripts


def _both_imported(project, run_cli, tmp_path, name: str):
    """The transcripts' folder, and a second project ``name`` beside ``project``, both with them imported."""
    folder = write_transcripts(tmp_path / "incoming")
    other_root = tmp_path / name
    other = init_project(other_root)
    sync_codes(other)
    other.close()
    for root in (project.root, other_root):
        assert run_cli("--project", root, "import", folder, cwd=tmp_path).exit_code == 0
    return folder, other_root


def test_codings_on_another_version_of_a_transcript_are_counted_and_merge_after_the_same_import(project, run_cli,
                                                                                               tmp_path):
    folder, other_root = _both_imported(project, run_cli, tmp_path, "coder-b")
    for turn, code in ((2, "AD_EXAM"), (4, "PF_FAMILY")):
        assert run_cli("--project", other_root, "--coder", "B", "code", "S01_pre", turn, code, cwd=tmp_path
                       ).exit_code == 0
    revise_s01(folder)  # A corrects the transcript and imports it again: turn 4 is now turn 6
    run_cli("--project", project.root, "import", folder / "S01_pre.txt", cwd=tmp_path)

    result = run_cli("--project", project.root, "merge", other_root, cwd=tmp_path)
    assert result.exit_code == 1
    assert ("S01_pre: this project has a newer version of the transcript (imported again since); 2 codings there "
            "not merged -- import the same file into both projects") in result.out
    assert "only in the other project" not in result.out and "only in this project" not in result.out
    assert "2 coding(s) on transcripts whose versions differ were not merged" in result.err
    assert current_codings(project) == []

    assert run_cli("--project", other_root, "--coder", "B", "import", folder / "S01_pre.txt", cwd=tmp_path
                   ).exit_code == 0
    again = run_cli("--project", project.root, "merge", other_root, cwd=tmp_path)
    assert again.exit_code == 0 and "matched  S01_pre: 2 codings" in again.out
    assert [(code, turn) for code, turn, _ in current_codings(project)] == [("AD_EXAM", 2), ("PF_FAMILY", 6)]
    assert "我妈妈一直鼓励我" in current_codings(project)[1][2]


def test_the_other_way_round_the_other_project_is_newer_and_only_the_chosen_coders_are_counted(project, run_cli,
                                                                                             tmp_path):
    folder, newer_root = _both_imported(project, run_cli, tmp_path, "coder-a")
    revise_s01(folder)
    assert run_cli("--project", newer_root, "import", folder / "S01_pre.txt", cwd=tmp_path).exit_code == 0
    for coder, turn, code in (("A", 2, "AD_EXAM"), ("A", 6, "PF_FAMILY"), ("C", 2, "PF_FAMILY")):
        assert run_cli("--project", newer_root, "--coder", coder, "code", "S01_pre", turn, code, cwd=tmp_path
                       ).exit_code == 0

    result = run_cli("--project", project.root, "merge", newer_root, "--only", "A", "--dry-run", cwd=tmp_path)
    assert result.exit_code == 1
    assert ("S01_pre: the other project has a newer version of the transcript; 2 codings there not merged -- "
            "import the same file into both projects") in result.out, result.out
    every = run_cli("--project", project.root, "merge", newer_root, "--dry-run", cwd=tmp_path)
    assert "S01_pre: the other project has a newer version of the transcript; 3 codings there" in every.out
