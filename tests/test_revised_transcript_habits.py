"""A researcher's habit, tried from outside (issue 12, QA round 12b): code a transcript, fix a typo,
insert an exchange and delete one in the file, import it again. Codings and memos follow their words;
what cannot follow is flagged, and the import says how many of each moved."""

from __future__ import annotations

FIRST = ("访谈者：你最近压力大吗？\nS01：压力挺大的，我每天都睡不好。\n访谈者：家里人支持你吗？\nS01：我妈妈每周都打电话。\n"
         "访谈者：朋友呢？\nS01：朋友很少，我比较孤独。\n")
# a typo fixed in turn 2, an exchange inserted after it, the exchange about friends deleted
REVISED = ("访谈者：你最近压力大吗？\nS01：压力挺大的，我每天都睡不着。\n访谈者：你有兄弟姐妹吗？\nS01：有一个弟弟。\n"
           "访谈者：家里人支持你吗？\nS01：我妈妈每周都打电话。\n")


def memo_targets(run_cli, root) -> dict[str, str]:
    """memo text -> its target as `qualcode memos list` shows it."""
    listing = run_cli("memos", "list", cwd=root).out.splitlines()[1:]
    return {line.split()[-1]: " ".join(line.split()[1:-4]) for line in listing}


def test_a_revised_transcript_carries_codings_and_memos_and_counts_them(project, run_cli):
    source = project.root / "transcripts" / "S01_pre.txt"
    source.write_text(FIRST, encoding="utf-8")
    assert run_cli("import", source, cwd=project.root).exit_code == 0
    for args in (("code", "S01_pre", "2", "AD_PRESSURE"), ("code", "S01_pre", "4", "ND_FAMILY"),
                 ("code", "S01_pre", "6", "ND_PEER"), ("memo", "segment", "S01_pre:4", "妈妈支持"),
                 ("memo", "segment", "S01_pre:6", "孤独感"), ("memo", "document", "S01_pre", "访谈很顺利")):
        assert run_cli(*args, cwd=project.root).exit_code == 0
    source.write_text(REVISED, encoding="utf-8")
    result = run_cli("import", source, cwd=project.root)
    assert result.exit_code == 0
    assert ("codings: 3 on the old version; 1 moved unchanged, 1 moved onto changed words (flagged), "
            "1 on deleted words left on the old version (flagged)") in result.out
    assert ("memos: 1 on the document moved, 1 turn memo(s) moved with their words, "
            "1 on deleted turns left on the old version") in result.out
    current = project.conn.execute(
        "SELECT c.code_id, s.ordinal, substr(d.text, c.start + 1, c.end - c.start) FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id "
        "WHERE d.is_current = 1 ORDER BY s.ordinal").fetchall()
    assert [tuple(r) for r in current] == [("AD_PRESSURE", 2, "压力挺大的，我每天都睡不着。"),
                                           ("ND_FAMILY", 6, "我妈妈每周都打电话。")]
    review = run_cli("review", cwd=project.root).out
    assert "changed" in review and "deleted" in review and "朋友很少，我比较孤独。" in review
    # the memo on the mother's turn is now on turn 6; the one on the deleted turn says where it stayed,
    # instead of reading as turn 6 of the current version
    assert memo_targets(run_cli, project.root) == {
        "妈妈支持": "segment S01_pre:6", "孤独感": "segment S01_pre:6 (version 1, replaced)",
        "访谈很顺利": "document S01_pre"}
    document_id = project.conn.execute("SELECT id FROM documents WHERE is_current = 1").fetchone()[0]
    assert project.conn.execute("SELECT target_id FROM memos WHERE target_type = 'document'").fetchone()[0] == \
        str(document_id)


def documents(project) -> list[tuple[str, str, int]]:
    return [tuple(r) for r in project.conn.execute(
        "SELECT name, path, (SELECT count(*) FROM codings c WHERE c.document_id = d.id) FROM documents d "
        "WHERE is_current = 1 ORDER BY name")]


def test_a_renamed_file_is_the_same_document_with_its_codings_not_a_second_interview(project, run_cli):
    folder = project.root / "transcripts"
    (folder / "S01_pre.txt").write_text(FIRST, encoding="utf-8")
    run_cli("import", folder, cwd=project.root)
    run_cli("code", "S01_pre", "2", "AD_PRESSURE", cwd=project.root)
    (folder / "S01_pre.txt").rename(folder / "S01_pre_final.txt")
    result = run_cli("import", folder, cwd=project.root)
    assert result.exit_code == 0 and "0 imported, 0 new version(s), 1 unchanged" in result.out
    assert documents(project) == [("S01_pre", "transcripts/S01_pre_final.txt", 1)]
    (folder / "pre").mkdir()  # and then moved into a folder of its own
    (folder / "S01_pre_final.txt").rename(folder / "pre" / "S01.txt")
    assert "1 unchanged" in run_cli("import", folder, cwd=project.root).out
    assert documents(project) == [("S01_pre", "transcripts/pre/S01.txt", 1)]


def test_a_copy_of_an_imported_file_comes_in_with_a_warning_naming_the_other(project, run_cli):
    folder = project.root / "transcripts"
    (folder / "S01_pre.txt").write_text(FIRST, encoding="utf-8")
    run_cli("import", folder, cwd=project.root)
    (folder / "backup").mkdir()
    (folder / "backup" / "S01_pre_copy.txt").write_text(FIRST, encoding="utf-8")
    result = run_cli("import", folder, cwd=project.root)
    assert "the same bytes as document S01_pre (transcripts/S01_pre.txt)" in " ".join(result.out.split())


def test_two_files_of_one_participant_and_wave_are_both_kept_and_the_second_says_so(project, run_cli):
    folder = project.root / "transcripts"
    (folder / "S01_pre.txt").write_text(FIRST, encoding="utf-8")
    (folder / "S01_pre_part2.txt").write_text(REVISED, encoding="utf-8")
    (folder / "S01_post.txt").write_text(REVISED, encoding="utf-8")  # another wave: no warning
    result = run_cli("import", folder, cwd=project.root)
    out = " ".join(result.out.split())
    assert out.count("is also in") == 1
    assert "participant S01, wave pre is also in S01_pre; both count for S01" in out
    assert [name for name, _, _ in documents(project)] == ["S01_post", "S01_pre", "S01_pre_part2"]
    status = run_cli("status", cwd=project.root).out  # and again in status, for as long as both are there
    assert "warning: S01_pre_part2: participant S01, wave pre is also in S01_pre; both count for S01" in status
    assert status.count("is also in") == 1


def test_importing_a_folder_twice_changes_nothing(project, run_cli):
    folder = project.root / "transcripts"
    (folder / "S01_pre.txt").write_text(FIRST, encoding="utf-8")
    (folder / "S02_pre.txt").write_text(REVISED.replace("S01", "S02"), encoding="utf-8")
    run_cli("import", folder, cwd=project.root)
    before = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0], documents(project)
    result = run_cli("import", folder, cwd=project.root)
    assert "0 imported, 0 new version(s), 2 unchanged" in result.out
    assert [line.split()[-1] for line in result.out.splitlines()[1:3]] == ["6", "6"]  # no warnings column
    assert (project.conn.execute("SELECT count(*) FROM documents").fetchone()[0], documents(project)) == before


def test_a_revision_saved_under_a_new_name_says_how_to_keep_the_codings_and_that_way_works(project, run_cli):
    folder = project.root / "transcripts"
    (folder / "S01_pre.txt").write_text(FIRST, encoding="utf-8")
    run_cli("import", folder, cwd=project.root)
    run_cli("code", "S01_pre", "4", "ND_FAMILY", cwd=project.root)
    (folder / "S01_pre.txt").unlink()
    (folder / "S01_pre_v2.txt").write_text(REVISED, encoding="utf-8")
    out = " ".join(run_cli("import", folder, cwd=project.root).out.split())
    assert ("participant S01, wave pre is also in S01_pre, whose file transcripts/S01_pre.txt is gone: if this file "
            "is its revision, `qualcode documents delete S01_pre_v2`, save the file as transcripts/S01_pre.txt") in out
    # following the advice carries the coding over
    assert run_cli("documents", "delete", "--yes", "S01_pre_v2", cwd=project.root).exit_code == 0
    (folder / "S01_pre_v2.txt").rename(folder / "S01_pre.txt")
    assert "1 new version(s)" in run_cli("import", folder, cwd=project.root).out
    assert documents(project) == [("S01_pre", "transcripts/S01_pre.txt", 1)]
