"""Property: the count matrix's total equals the distinct (segment, code) codings under every filter."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from _exports_fixture import insert_codes, insert_transcript, small_codebooks
from qualcode.analysis.frames import ExportFilter
from qualcode.analysis.matrix import build_matrix
from qualcode.storage.db import connect, transaction

LEAVES = ["PF_GOAL", "PF_EMOTION", "PF_FAMILY", "PF_PEER", "AD_EXAM", "AD_PRESSURE_STUDY", "AD_PRESSURE_LIFE"]
CODED = LEAVES + ["AD_PRESSURE"]  # a sub-theme may be coded directly too
# written out by hand, independent of CodeTree
EXPANDS = {"PF_PERSONAL": {"PF_PERSONAL", "PF_GOAL", "PF_EMOTION"},
           "PF_SUPPORT": {"PF_SUPPORT", "PF_FAMILY", "PF_PEER"},
           "AD_ADVERSITY": {"AD_ADVERSITY", "AD_EXAM", "AD_PRESSURE", "AD_PRESSURE_STUDY", "AD_PRESSURE_LIFE"},
           "AD_PRESSURE": {"AD_PRESSURE", "AD_PRESSURE_STUDY", "AD_PRESSURE_LIFE"},
           **{leaf: {leaf} for leaf in LEAVES}}

documents = st.lists(
    st.tuples(st.sampled_from(["P1", "P2", "P3"]), st.sampled_from(["pre", "post"]), st.integers(1, 4)),
    min_size=1, max_size=4, unique_by=lambda d: (d[0], d[1]))
codings = st.lists(
    st.tuples(st.integers(0, 3), st.integers(1, 4), st.sampled_from(CODED), st.sampled_from(["A", "B"]),
              st.booleans()),
    max_size=25)
filters = st.fixed_dictionaries({
    "coder": st.one_of(st.none(), st.sampled_from([("A",), ("B",), ("A", "B")])),
    "role": st.sampled_from(["participant", "interviewer", "all"]),
    "wave": st.one_of(st.none(), st.sampled_from([("pre",), ("post",)])),
    "codes": st.one_of(st.none(), st.lists(st.sampled_from(sorted(EXPANDS)), min_size=1, max_size=3,
                                           unique=True).map(tuple)),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, codings, filters)
def test_matrix_total_equals_distinct_segment_code_codings(docs, coded, filter_args):
    with tempfile.TemporaryDirectory() as folder:
        conn = connect(Path(folder) / "p.db")
        try:
            books = small_codebooks()
            stored = []  # (segment id, role, wave, code, coder)
            with transaction(conn):
                insert_codes(conn, books)
                conn.executemany("INSERT INTO cases (id) VALUES (?)", [("P1",), ("P2",), ("P3",)])
                spans = []
                for case_id, wave, turns in docs:
                    utterances = [f"turn {n} of {case_id}" for n in range(1, turns + 1)]
                    spans.append((wave, insert_transcript(conn, f"{case_id}_{wave}", case_id, wave, utterances)))
                doc_ids = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]
                for doc_index, ordinal, code, coder, partial in coded:
                    if doc_index >= len(spans) or ordinal not in spans[doc_index][1]:
                        continue
                    wave, segments = spans[doc_index]
                    segment_id, start, end = segments[ordinal]
                    end = start + 2 if partial else end
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, 'manual', 't')",
                        (doc_ids[doc_index], segment_id, start, end, code, coder))
                    if cur.rowcount:
                        role = "interviewer" if ordinal % 2 else "participant"
                        stored.append((segment_id, role, wave, code, coder))
            filt = ExportFilter(**filter_args)
            matrix = build_matrix(conn, books, filt=filt)
            value_columns = [c for c in matrix.frame.columns if c != "participant"]
            total = int(matrix.frame[value_columns].to_numpy().sum()) if value_columns else 0

            wanted = set().union(*(EXPANDS[c] for c in filt.codes)) if filt.codes else None
            expected = {
                (segment, code) for segment, role, wave, code, coder in stored
                if (filt.coder is None or coder in filt.coder)
                and (filt.role == "all" or role == filt.role)
                and (filt.wave is None or wave in filt.wave)
                and (wanted is None or code in wanted)
            }
            assert total == len(expected)
            # a theme counts each segment once: at least its busiest code, at most the sum of its codes
            themed = build_matrix(conn, books, filt=filt, themes=True).frame
            for theme in ("PF_PERSONAL", "PF_SUPPORT", "AD_ADVERSITY", "AD_PRESSURE"):
                if theme not in themed.columns:
                    continue
                parts = [c for c in themed.columns if c.removesuffix("_SELF") in EXPANDS[theme] and c != theme]
                block = themed[parts].to_numpy()
                assert (themed[theme].to_numpy() <= block.sum(axis=1)).all()
                assert (themed[theme].to_numpy() >= block.max(axis=1, initial=0)).all()
            presence = build_matrix(conn, books, filt=filt, unit="presence")
            assert (presence.frame[value_columns].to_numpy() <= matrix.frame[value_columns].to_numpy()).all()
        finally:
            conn.close()

