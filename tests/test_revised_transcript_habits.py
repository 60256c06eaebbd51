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
