"""Golden tests of the participant × code matrix on the hand-built project (see _exports_fixture)."""

from __future__ import annotations

import pytest

from _exports_fixture import build_small_project
from qualcode.analysis.frames import ExportFilter
from qualcode.analysis.matrix import build_matrix
from qualcode.core.errors import NotFoundError
from qualcode.storage.db import transaction

CODE_COLUMNS = ["PF_GOAL", "PF_EMOTION", "PF_FAMILY", "PF_PEER", "AD_EXAM", "AD_PRESSURE_SELF",
                "AD_PRESSURE_STUDY", "AD_PRESSURE_LIFE"]
THEME_COLUMNS = ["PF_PERSONAL", "PF_SUPPORT", "AD_ADVERSITY", "AD_PRESSURE"]


@pytest.fixture
def project(tmp_path):
    built = build_small_project(tmp_path)
    yield built
    built.conn.close()


def rows(table):
    return {r["participant"] if "wave" not in r else (r["participant"], r["wave"]):
            {k: v for k, v in r.items() if k not in ("participant", "wave", "document")}
            for r in table.frame.to_dict("records")}


def test_counts_distinct_participant_segments_and_keeps_empty_participants(project):
    table = build_matrix(project.conn, project.codebooks)
    assert list(table.frame.columns) == ["participant", *CODE_COLUMNS]
    # S03 was interviewed but nothing was coded: zeros. S04 has no transcript: no row.
    assert list(table.frame["participant"]) == ["S01", "S02", "S03"]
    got = rows(table)
    # PF_GOAL for S01: pre #2 and post #2; the interviewer turn pre #1 is not participant data.
    # PF_FAMILY coded by A and B on one segment counts once.
    assert got["S01"] == dict(zip(CODE_COLUMNS, [2, 0, 1, 1, 0, 0, 1, 1]))
    assert got["S02"] == dict(zip(CODE_COLUMNS, [0, 1, 0, 1, 1, 1, 1, 0]))
    assert got["S03"] == dict.fromkeys(CODE_COLUMNS, 0)


def test_theme_columns_count_each_segment_once_including_sub_themes(project):
    table = build_matrix(project.conn, project.codebooks, themes=True)
    assert list(table.frame.columns) == ["participant", *CODE_COLUMNS, *THEME_COLUMNS]
    got = rows(table)
    # S02 pre #2 carries AD_EXAM, AD_PRESSURE_STUDY and AD_PRESSURE: one segment for AD_ADVERSITY.
    assert {k: got["S01"][k] for k in THEME_COLUMNS} == {"PF_PERSONAL": 2, "PF_SUPPORT": 2,
                                                          "AD_ADVERSITY": 1, "AD_PRESSURE": 1}
    assert {k: got["S02"][k] for k in THEME_COLUMNS} == {"PF_PERSONAL": 1, "PF_SUPPORT": 1,
                                                          "AD_ADVERSITY": 1, "AD_PRESSURE": 1}
    assert table.labels["PF_PERSONAL"] == ("个人力（主题）", "Personal strengths (theme)")
    assert table.labels["PF_GOAL"] == ("目标专注", "Goal focus")


def test_presence_role_and_coder_filters(project):
    presence = rows(build_matrix(project.conn, project.codebooks, unit="presence"))
    assert presence["S01"]["PF_GOAL"] == 1 and presence["S03"]["PF_GOAL"] == 0
    every_turn = rows(build_matrix(project.conn, project.codebooks, filt=ExportFilter(role="all")))
    assert every_turn["S01"]["PF_GOAL"] == 3
    coder_a = build_matrix(project.conn, project.codebooks, filt=ExportFilter(coder="A"))
    got = rows(coder_a)
    assert "AD_PRESSURE_SELF" not in coder_a.frame.columns  # only coder B used the sub-theme itself
    assert got["S02"]["PF_EMOTION"] == 0 and got["S01"]["PF_FAMILY"] == 1


def test_coverage_is_share_of_participant_characters(project):
    got = rows(build_matrix(project.conn, project.codebooks, unit="coverage", themes=True))
    # S01 speaks 10 + 20 + 10 = 40 characters, S02 10 + 10 = 20.
    assert got["S01"]["PF_GOAL"] == pytest.approx(20 / 40)
    assert got["S01"]["PF_FAMILY"] == pytest.approx(10 / 40)  # 5-char span inside B's full coding
    assert got["S01"]["AD_PRESSURE_LIFE"] == pytest.approx(5 / 40)
    assert got["S01"]["AD_ADVERSITY"] == pytest.approx(20 / 40)
    assert got["S02"]["AD_PRESSURE_STUDY"] == pytest.approx(4 / 20)
    assert got["S02"]["AD_PRESSURE"] == pytest.approx(10 / 20)
    assert got["S03"]["PF_GOAL"] == 0


def test_per1000_and_by_wave_and_by_document(project):
    per = rows(build_matrix(project.conn, project.codebooks, unit="per1000"))
    assert per["S01"]["PF_GOAL"] == pytest.approx(2 / 40 * 1000)
    assert per["S02"]["AD_EXAM"] == pytest.approx(1 / 20 * 1000)
    waves = build_matrix(project.conn, project.codebooks, by="wave")
    # pre before post: time order, not the alphabet
    assert [tuple(x) for x in waves.frame[["participant", "wave"]].to_numpy()] == [
        ("S01", "pre"), ("S01", "post"), ("S02", "pre"), ("S03", "pre")]
    declared = build_matrix(project.conn, project.codebooks, by="wave", wave_order=("post", "pre"))
    assert [w for p, w in declared.frame[["participant", "wave"]].to_numpy() if p == "S01"] == ["post", "pre"]
    got = rows(waves)
    assert got[("S01", "pre")]["PF_GOAL"] == 1 and got[("S01", "post")]["PF_PEER"] == 1
    docs = build_matrix(project.conn, project.codebooks, by="document")
    assert list(docs.frame.columns[:3]) == ["document", "participant", "wave"]
    assert list(docs.frame["document"]) == ["S01_post", "S01_pre", "S02_pre", "S03_pre"]
    assert docs.frame.set_index("document").loc["S01_pre", "AD_PRESSURE_STUDY"] == 1


def test_wave_and_code_filters_expand_themes(project):
    pre = build_matrix(project.conn, project.codebooks, filt=ExportFilter(wave="pre"))
    assert list(pre.frame["participant"]) == ["S01", "S02", "S03"]
    assert rows(pre)["S01"]["PF_GOAL"] == 1
    support = build_matrix(project.conn, project.codebooks, filt=ExportFilter(codes=("PF_SUPPORT",)),
                           themes=True)
    assert list(support.frame.columns) == ["participant", "PF_FAMILY", "PF_PEER", "PF_SUPPORT"]
    with pytest.raises(NotFoundError, match="PF_NOPE"):
        build_matrix(project.conn, project.codebooks, filt=ExportFilter(codes=("PF_NOPE",)))


def test_works_from_the_codes_table_alone(project):
    from_db = build_matrix(project.conn, None, themes=True)
    from_books = build_matrix(project.conn, project.codebooks, themes=True)
    # The codes table does not record codebook order (codebooks sort by name there), so compare by column.
    assert set(from_db.frame.columns) == set(from_books.frame.columns)
    assert from_db.frame[list(from_books.frame.columns)].equals(from_books.frame)


def test_codings_stored_without_a_turn_count_in_the_turn_holding_their_start(project):
    """The second read (codings with no segment id) feeds every unit and row kind like the first."""
    conn = project.conn
    segment, start, end = conn.execute(
        "SELECT id, start, end FROM segments WHERE id = ?", (project.segment_ids[("S03_pre", 2)],)).fetchone()
    document = conn.execute("SELECT document_id FROM segments WHERE id = ?", (segment,)).fetchone()[0]
    with transaction(conn):
        # Two coders, one attached to the turn and one not: still one coded turn for S03.
        conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                     "VALUES (?, NULL, ?, ?, 'PF_GOAL', 'A', 'manual', 't')", (document, start, start + 5))
        conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                     "VALUES (?, ?, ?, ?, 'PF_GOAL', 'B', 'manual', 't')", (document, segment, start, end))
        # A coding on the label before any turn starts lies in no turn: only role=all counts it, as itself.
        conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                     "VALUES (?, NULL, 0, 1, 'PF_PEER', 'A', 'manual', 't')", (document,))
    assert rows(build_matrix(conn, project.codebooks))["S03"]["PF_GOAL"] == 1
    assert rows(build_matrix(conn, project.codebooks))["S03"]["PF_PEER"] == 0
    assert rows(build_matrix(conn, project.codebooks, filt=ExportFilter(role="all")))["S03"]["PF_PEER"] == 1
    by_document = build_matrix(conn, project.codebooks, by="document").frame.set_index("document")
    assert by_document.loc["S03_pre", "PF_GOAL"] == 1
    coverage = rows(build_matrix(conn, project.codebooks, unit="coverage"))
    assert coverage["S03"]["PF_GOAL"] == pytest.approx(1.0)  # B's whole turn covers A's five characters
    themed = rows(build_matrix(conn, project.codebooks, themes=True))
    assert themed["S03"]["PF_PERSONAL"] == 1
