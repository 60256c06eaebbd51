"""`qualcode export …`, `scores compute` and `join` run in-process on the hand-built project."""

from __future__ import annotations


import pandas as pd
import pytest

from _exports_fixture import build_small_project
from conftest import REPO_ROOT

SAMPLE_SCORES = REPO_ROOT / "scores" / "rsca-sample.csv"


@pytest.fixture
def small(tmp_path):
    built = build_small_project(tmp_path / "small")
    built.conn.close()
    (built.root / "qualcode.toml").write_text('[project]\nname = "small"\ncoder = "A"\n', encoding="utf-8")
    return built.root


def test_matrix_csv_for_excel_and_no_overwrite(run_cli, small):
    out = small / "exports" / "m.csv"
    result = run_cli("--project", small, "export", "matrix", "--themes", "--excel", "--out", out)
    assert result.exit_code == 0, result.err
    assert "Wrote" in result.out and "(3 rows × 13 columns)" in result.out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig").set_index("participant")
    assert frame.at["S01", "PF_GOAL"] == 2 and frame.at["S02", "AD_ADVERSITY"] == 1
    again = run_cli("--project", small, "export", "matrix", "--out", out)
    assert again.exit_code == 2 and "already exists; use --force" in again.err
    assert run_cli("--project", small, "export", "matrix", "--out", out, "--force").exit_code == 0


def test_matrix_sav_by_wave_default_path_and_filters(run_cli, small):
    result = run_cli("--project", small, "export", "matrix", "--unit", "presence", "--by", "wave",
                     "--only-coder", "A", "--codes", "PF_SUPPORT,AD_EXAM", "--format", "sav")
    assert result.exit_code == 0, result.err
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(small / "exports" / "matrix-presence.sav"))
    # no codebooks/ folder here: the codes table gives the order (codebooks by name)
    assert list(frame.columns) == ["participant", "wave", "AD_EXAM", "PF_FAMILY", "PF_PEER"]
    assert meta.column_names_to_labels["PF_FAMILY"] == "家庭支持 / Family support"
    row = frame[(frame["participant"] == "S01") & (frame["wave"] == "post")].iloc[0]
    assert (row["PF_FAMILY"], row["PF_PEER"]) == (0, 1)


def test_long_cooccurrence_crosstab(run_cli, small):
    out = small / "long.csv"
    assert run_cli("--project", small, "export", "long", "--with-text", "--codes", "AD_PRESSURE_LIFE",
                   "--out", out).exit_code == 0
    assert list(pd.read_csv(out)["text"]) == ["家里也缺钱"]
    co = small / "co.xlsx"
    assert run_cli("--project", small, "export", "cooccurrence", "--window", "2", "--out", co).exit_code == 0
    table = pd.read_excel(co, sheet_name="data").set_index("code")
    assert table.at["PF_GOAL", "AD_PRESSURE_STUDY"] == 1
    ct = small / "ct.csv"
    result = run_cli("--project", small, "export", "crosstab", "--attribute", "gender", "--unit", "presence",
                     "--out", ct)
    assert result.exit_code == 0, result.err
    assert pd.read_csv(ct).set_index("code").at["PF_GOAL", "gender_女_pct"] == 50.0
    missing = run_cli("--project", small, "export", "crosstab", "--attribute", "hobby")
    assert missing.exit_code == 2 and "unknown attribute(s) 'hobby'" in missing.err


def test_quotes_markdown_and_docx(run_cli, small):
    assert run_cli("--project", small, "export", "quotes").exit_code == 0
    text = (small / "exports" / "quotes.md").read_text(encoding="utf-8")
    assert "> — S01, pre, S01_pre #2" in text and "你有什么目标吗" not in text
    result = run_cli("--project", small, "export", "quotes", "--format", "docx", "--codes", "PF_PERSONAL")
    assert result.exit_code == 0, result.err
    from docx import Document

    document = Document(str(small / "exports" / "quotes.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert "个人力 / Personal strengths (PF_PERSONAL)" in paragraphs
    assert "目标更清楚，同学帮我" in paragraphs and "— S01, post, S01_post #2" in paragraphs
    assert "家里也缺钱" not in " ".join(paragraphs)
    quoted = next(p for p in document.paragraphs if p.text == "目标更清楚，同学帮我")
    assert quoted.style.name == "Quote"


def test_chart_png_and_svg_with_ids(run_cli, small):
    png = small / "h.png"
    result = run_cli("--project", small, "export", "chart", "--kind", "heatmap", "--themes", "--out", png)
    assert result.exit_code == 0, result.err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = small / "b.svg"
    assert run_cli("--project", small, "export", "chart", "--kind", "bars", "--out", svg, "--labels", "en").exit_code == 0
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]


def test_chart_of_nothing_is_a_clear_error(run_cli, small):
    result = run_cli("--project", small, "export", "chart", "--wave", "post", "--documents", "S01_pre", "--out",
                     small / "x.png")
    assert result.exit_code == 2 and "nothing to chart" in result.err
    # a wave no document has is named as such, before anything is drawn
    result = run_cli("--project", small, "export", "chart", "--wave", "mid", "--out", small / "x.png")
    assert result.exit_code == 2 and "no document of wave mid" in result.err


def test_chart_with_chinese_labels_draws_with_the_packaged_font(run_cli, small):
    out = small / "zh.png"
    result = run_cli("--project", small, "export", "chart", "--labels", "zh", "--out", out)
    assert result.exit_code == 0 and out.exists(), result.err


def test_scores_compute_reports_missing_answers(run_cli, small, tmp_path):
    out = tmp_path / "rsca.csv"
    result = run_cli("--project", small, "scores", "compute", "--scale", "rsca", "--in", SAMPLE_SCORES,
                     "--id-column", "id", "--out", out)
    assert result.exit_code == 0, result.err
    assert "row 6 (id S03), column RSCA19 (item 19): missing" in result.err
    scores = pd.read_csv(out).set_index(["id", "wave"])
    # scores/README.md: S01 pre goal focus 10 over 5 items, emotion control 12 over 6, total 61 over 27;
    # S03 pre family support 10 over the 5 answered items, total 55 over 26 answered items.
    assert scores.at[("S01", "pre"), "RSCA_GOAL"] == pytest.approx(10 / 5)
    assert scores.at[("S01", "pre"), "RSCA_EMOTION"] == pytest.approx(12 / 6)
    assert scores.at[("S01", "pre"), "RSCA_TOTAL"] == pytest.approx(61 / 27)
    assert scores.at[("S03", "pre"), "RSCA_FAMILY"] == pytest.approx(10 / 5)
    assert scores.at[("S03", "pre"), "RSCA_TOTAL"] == pytest.approx(55 / 26)


def test_scores_compute_bad_answers_fail_without_writing(run_cli, small, tmp_path):
    answers = tmp_path / "answers.csv"
    text = SAMPLE_SCORES.read_text(encoding="utf-8").replace("S02,pre,4,4,2", "S02,pre,4,7,2")
    answers.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run_cli("--project", small, "scores", "compute", "--scale", "rsca", "--in", answers,
                     "--id-column", "id", "--out", out)
    assert result.exit_code == 2 and "Traceback" not in result.err
    assert "row 4 (id S02), column RSCA2 (item 2): out-of-range '7'" in result.err
    assert not out.exists()
    lenient = run_cli("--project", small, "scores", "compute", "--scale", "rsca", "--in", answers,
                      "--id-column", "id", "--out", out, "--allow-problems")
    assert lenient.exit_code == 0 and out.exists()


def test_join_by_wave_with_scale_and_correlations(run_cli, small, tmp_path):
    out = tmp_path / "joined.csv"
    result = run_cli("--project", small, "join", "--scores", SAMPLE_SCORES, "--scale", "rsca", "--id-column",
                     "id", "--by", "wave", "--themes", "--correlate", "--out", out)
    assert result.exit_code == 0, result.err
    # S02 and S03 were interviewed before only: their pre rows matched, so the line names the post rows alone
    assert ("only in the scores (no transcript): C01 (pre, post), C02 (pre, post), E01 (pre, post), S02 (post), "
            "S03 (post)\n") in result.err
    joined = pd.read_csv(out).set_index(["participant", "wave"])
    assert joined.at[("S01", "pre"), "RSCA_GOAL"] == pytest.approx(2.0)
    assert joined.at[("S01", "pre"), "PF_GOAL"] == 1 and joined.at[("S01", "post"), "PF_PEER"] == 1
    assert joined.at[("S01", "pre"), "matched"] == "both"
    correlations = pd.read_csv(tmp_path / "joined-correlations.csv")
    assert list(correlations.columns) == ["wave", "code", "score", "n", "rho", "p"]
    pre_goal = correlations[(correlations["wave"] == "pre") & (correlations["code"] == "PF_GOAL")
                            & (correlations["score"] == "RSCA_TOTAL")].iloc[0]
    assert pre_goal["n"] == 3  # S01, S02, S03 have a pre interview and pre scores


def test_join_needs_a_wave_choice_and_an_id_column(run_cli, small, tmp_path):
    result = run_cli("--project", small, "join", "--scores", SAMPLE_SCORES, "--scale", "rsca", "--id-column", "id",
                     "--out", tmp_path / "j.csv")
    assert result.exit_code == 2 and "use --by wave, or --wave post" in result.err
    pre = run_cli("--project", small, "join", "--scores", SAMPLE_SCORES, "--scale", "rsca", "--id-column", "id",
                  "--wave", "pre", "--out", tmp_path / "j.csv")
    assert pre.exit_code == 0, pre.err
    # S04 has no pre interview, so with --wave pre every matrix row finds its scores
    assert "only in the matrix" not in pre.err
    # C01, C02 (questionnaire only) and E01 (no interview in this project) are one-sided rows, said apart
    assert "6 rows: 3 matched on both sides, 3 only in the scores" in pre.err
    wrong = run_cli("--project", small, "join", "--scores", SAMPLE_SCORES, "--id-column", "编号",
                    "--out", tmp_path / "k.csv")
    assert wrong.exit_code == 2 and f"{SAMPLE_SCORES}: no column '编号' in this file; its columns are: id, wave, RSCA1" \
        in wrong.err and "(29 in all); name the right one with --id-column COLUMN" in wrong.err


def test_join_scores_compute_and_prepost_all_read_the_id_from_id_unless_told(run_cli, small, tmp_path):
    """One default for the participant id column, and one message naming the file and its columns without it."""
    joined = run_cli("--project", small, "join", "--scores", SAMPLE_SCORES, "--scale", "rsca", "--wave", "pre",
                     "--out", tmp_path / "j.csv")
    assert joined.exit_code == 0, joined.err
    assert "6 rows: 3 matched on both sides, 3 only in the scores" in joined.err
    scored = run_cli("--project", small, "scores", "compute", "--scale", "rsca", "--in", SAMPLE_SCORES,
                     "--out", tmp_path / "rsca.csv")
    assert scored.exit_code == 0, scored.err
    assert pd.read_csv(tmp_path / "rsca.csv")["id"].iloc[0] == "S01"
    renamed = tmp_path / "学号.csv"  # the same answers with the id column called 学号
    renamed.write_text(SAMPLE_SCORES.read_text(encoding="utf-8").replace("id,wave,", "学号,wave,", 1), encoding="utf-8")
    for args in (("join", "--scores", renamed, "--scale", "rsca", "--wave", "pre"),
                 ("scores", "compute", "--scale", "rsca", "--in", renamed),
                 ("export", "prepost", "--scores", tmp_path / "rsca.csv", "--id-column", "学号")):
        result = run_cli("--project", small, *args, "--out", tmp_path / "x.csv")
        assert result.exit_code == 2, (args, result.out)
        named = renamed if args[0] != "export" else tmp_path / "rsca.csv"
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert f"{named}: no column " in result.err and "; its columns are: " in result.err, result.err
        assert "name the right one with --id-column COLUMN" in result.err
    assert "its columns are: 学号, wave, RSCA1," in run_cli("--project", small, "join", "--scores", renamed).err
    assert not (tmp_path / "x.csv").exists()


def test_every_command_has_help(run_cli):
    for args in (["export", "matrix"], ["export", "long"], ["export", "cooccurrence"], ["export", "crosstab"],
                 ["export", "quotes"], ["export", "chart"], ["scores", "compute"], ["join"]):
        result = run_cli(*args, "--help")
        assert result.exit_code == 0 and len(result.out) > 200, args


def test_the_coder_index_migration_lists_the_same_coders_from_the_index(tmp_path):
    """m0083: the pooled-coders line reads the coder index, not every coding, with the same answer."""
    from _migration_helpers import database_before

    from qualcode.storage import db

    path = tmp_path / "project.db"
    old = database_before(path, "m0083_codings_coder_index")
    old.execute("INSERT INTO codes (id, codebook, position, depth) VALUES ('PF_GOAL', 'b', 0, 0)")
    old.executemany("INSERT INTO codings (document_id, start, end, code_id, coder, origin, created_at) "
                    "VALUES (1, ?, ?, 'PF_GOAL', ?, 'manual', 'then')", [(0, 1, "B"), (1, 2, "A"), (2, 3, "B")])
    old.commit()
    old.close()
    conn = db.connect(path)
    plan = " ".join(str(row[3]) for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT coder FROM codings ORDER BY coder"))
    assert "codings_coder" in plan
    from types import SimpleNamespace

    from qualcode.app.queries import coders_with_codings

    assert coders_with_codings(SimpleNamespace(conn=conn)) == ["A", "B"]
    conn.close()


def test_the_widened_turn_index_migration_answers_the_characters_per_participant_from_the_index(tmp_path):
    """m0085: an old project upgrades; each participant's characters are summed from the widened
    index alone (no read of the turns' rows), with the same figures, and the narrow index is gone."""
    from _migration_helpers import database_before

    from qualcode.analysis.frames import load_documents
    from qualcode.storage import db

    path = tmp_path / "project.db"
    old = database_before(path, "m0085_segments_covering_index", text="我说了很多话。你呢？我也说了。")
    old.execute("UPDATE documents SET case_id = 'S01'")
    old.executemany("INSERT INTO cases (id) VALUES (?)", [("S01",), ("S02",)])
    old.executemany("INSERT INTO segments (document_id, ordinal, start, end, role, case_id) VALUES (1, ?, ?, ?, ?, ?)",
                    [(1, 0, 7, "participant", "S01"), (2, 7, 10, "interviewer", None),
                     (3, 10, 15, "participant", "S02"), (4, 15, 16, "participant", "S01")])
    old.commit()
    before = load_documents(old)
    old.close()

    conn = db.connect(path)
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'segments'")}
    assert "segments_document_role_span" in indexes and "segments_document_role" not in indexes
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    after = load_documents(conn)
    conn.set_trace_callback(None)
    [asked] = [sql for sql in seen if "SUM(s.end - s.start)" in sql]
    plan = " ".join(str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {asked}"))
    assert "COVERING INDEX segments_document_role_span" in plan and "TEMP B-TREE" not in plan, plan
    assert after.to_dict("records") == before.to_dict("records")
    assert dict(zip(after["participant"], after["chars"])) == {"S01": 8, "S02": 5}
    conn.close()


def test_a_matrix_is_read_through_a_memory_map_and_larger_cache_with_fewer_collections_and_leaves_all_as_they_were(
        small):
    """The export reads every coding with the database memory-mapped, 32 MiB of page cache and the collector
    paused; after it the connection's settings and the process's collector are as before, and the table is
    the one build_matrix gives."""
    import gc

    from qualcode.analysis.matrix import build_matrix
    from qualcode.app.exporting.coded_tables import MatrixOptions, matrix_table
    from qualcode.app.exporting.results import codebooks_of
    from qualcode.app.project import open_project
    from qualcode.storage.db import READ_CACHE_KIB, READ_MMAP_BYTES

    project = open_project(small)
    try:
        def settings() -> tuple[int, int]:
            return tuple(project.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "mmap_size"))

        before = settings()
        gc_before = gc.get_threshold(), gc.get_freeze_count()
        seen: list[tuple[str, int]] = []
        project.conn.set_trace_callback(lambda sql: seen.append((sql, gc.get_threshold()[0])))
        table = matrix_table(project, MatrixOptions())
        project.conn.set_trace_callback(None)
        statements = [sql for sql, _ in seen]
        opened = max(statements.index(f"PRAGMA cache_size = {-READ_CACHE_KIB}"),
                     statements.index(f"PRAGMA mmap_size = {READ_MMAP_BYTES}"))
        restored = min(statements.index(f"PRAGMA cache_size = {before[0]}"),
                       statements.index(f"PRAGMA mmap_size = {before[1]}"))
        reads = [n for n, (sql, _) in enumerate(seen) if "FROM codings c" in sql]
        assert reads and all(opened < n < restored for n in reads)
        assert all(young > gc_before[0][0] for sql, young in seen if "FROM codings c" in sql)
        assert settings() == before
        assert (gc.get_threshold(), gc.get_freeze_count()) == gc_before
        plain = build_matrix(project.conn, codebooks_of(project))
        assert table.frame.equals(plain.frame) and table.labels == plain.labels
    finally:
        project.close()
