"""Selections from line-based tools land on our turns (issue 11, item 3).

The archives are written here in the style of ATLAS.ti/MAXQDA line selections: the speaker label
and the line break selected with the words, or one selection running over two turns.
"""

from __future__ import annotations

import pytest
from refiqda_support import ATLAS_SAMPLE, G, codebook_xml, make_qdpx, qde, shared_data

from qualcode.app.api import add_coding
from qualcode.app.interop import import_qdpx
from qualcode.core.errors import QualcodeError
from qualcode.storage import repository as repo

TEXT = ("访谈者：你觉得家里人支持你吗？\n"
        "受访者：我妈妈一直很支持我。\n"
        "访谈者：那老师呢？\n"
        "受访者：老师也会鼓励我。\n"
        "\n")
CODES = codebook_xml(f'<Code guid="{G(1)}" name="家庭支持" isCodable="true"/>'
                     f'<Code guid="{G(2)}" name="学校支持" isCodable="true"/>')


def _span(fragment: str, *, through: str | None = None) -> tuple[int, int]:
    start = TEXT.index(fragment)
    end = TEXT.index(through) + len(through) if through else start + len(fragment)
    return start, end


def _selection(guid: int, span: tuple[int, int], code: int) -> str:
    return (f'<PlainTextSelection guid="{G(guid)}" name="q" startPosition="{span[0]}" endPosition="{span[1]}">'
            f'<Coding guid="{G(guid + 500)}"><CodeRef targetGUID="{G(code)}"/></Coding></PlainTextSelection>')


def _archive(tmp_path, selections: str):
    body = CODES + (f'<Sources><TextSource guid="{G(10)}" name="S01.txt" plainTextPath="internal://{G(10)}.txt">'
                    f'{selections}</TextSource></Sources>')
    return make_qdpx(tmp_path / "line-tool.qdpx", qde(body, origin="MAXQDA 2022"), {f"sources/{G(10)}.txt": TEXT})


def _stored(project):
    rows = project.conn.execute(
        """SELECT c.code_id, d.text, c.start, c.end, c.segment_id, s.ordinal FROM codings c
           JOIN documents d ON d.id = c.document_id LEFT JOIN segments s ON s.id = c.segment_id
           ORDER BY c.start, c.code_id""").fetchall()
    return [(r["code_id"], r["text"][r["start"]:r["end"]], r["ordinal"]) for r in rows]


def test_label_and_line_break_are_trimmed_and_a_two_turn_selection_is_split(project, tmp_path):
    selections = (_selection(20, _span("受访者：我妈妈一直很支持我。\n"), 1)           # label + newline
                  + _selection(21, _span("我妈妈", through="那老师呢？"), 2)           # over two turns
                  + _selection(22, _span("老师也会鼓励我。"), 2)                      # exact
                  + _selection(23, _span("受访者："), 2)                             # the label alone
                  + _selection(24, (len(TEXT) - 1, len(TEXT)), 2))                 # the final blank line
    report = import_qdpx(project, _archive(tmp_path, selections))
    codes = {label: c.id for c in project.code_index().values() for label in c.labels.values()}
    family, school = codes["家庭支持"], codes["学校支持"]
    assert sorted(_stored(project)) == sorted([
        (family, "我妈妈一直很支持我。", 2),  # trimmed: label and line break left out
        (school, "我妈妈一直很支持我。", 2),  # the split selection, first turn ...
        (school, "那老师呢？", 3),             # ... and the second
        (school, "老师也会鼓励我。", 4),
    ])
    assert project.conn.execute("SELECT count(*) FROM codings WHERE segment_id IS NULL").fetchone()[0] == 0
    counts = report.imported
    assert counts["codings exactly on a turn"] == 1
    assert counts["codings trimmed to their turn (label, whitespace)"] == 1
    assert counts["codings over several turns, split per turn"] == 1
    assert counts["codings made by splitting"] == 2
    assert report.skipped["codings"] == 2  # the label alone, the blank line alone
    text = str(report)
    assert "'受访者：'" in text and "only whitespace or line breaks" in text
    # 5 codings in the archive: 1 exact + 1 trimmed + 1 split + 2 skipped; 1 + 1 + 2 stored
    assert counts["codings"] == 4 == len(repo.list_codings(project.conn))


def test_reimport_counts_split_codings_as_already_there(project, tmp_path):
    archive = _archive(tmp_path, _selection(21, _span("我妈妈", through="那老师呢？"), 1))
    import_qdpx(project, archive)
    again = import_qdpx(project, archive)
    assert again.imported["codings"] == 0 and again.imported["codings already there"] == 1
    assert len(repo.list_codings(project.conn)) == 2


def test_a_coding_over_two_turns_is_refused_by_the_api(project, tmp_path):
    from qualcode.app.api import import_paths

    path = tmp_path / "S02.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert not import_paths(project, [path]).errors
    doc = repo.list_documents(project.conn)[0]
    start, end = _span("我妈妈", through="那老师呢？")
    with pytest.raises(QualcodeError, match="not inside one turn"):
        add_coding(project, document_id=doc.id, start=start, end=end, code_id="PF_FAMILY")
    assert repo.list_codings(project.conn) == []


def test_atlas_export_leaves_no_coding_without_a_turn(project):
    try:
        archive = shared_data(*ATLAS_SAMPLE)
    except FileNotFoundError:
        pytest.skip("the ATLAS.ti sample is not in /work/shared/data")
    report = import_qdpx(project, archive)
    assert project.conn.execute("SELECT count(*) FROM codings WHERE segment_id IS NULL").fetchone()[0] == 0
    kinds = report.imported
    stored = len(repo.list_codings(project.conn))
    assert kinds["codings"] == stored
    assert (kinds["codings exactly on a turn"] + kinds["codings trimmed to their turn (label, whitespace)"]
            + kinds["codings made by splitting"]) == stored
