"""The code frequency table of a findings chapter (thesis QA round 31): per theme and code, the coded
segments and how many participants mention it, overall and per wave. There was no such table: the numbers had
to be summed by hand from the matrix (segments) and a presence matrix (participants) for every code.

Hand-worked values: the small project of _exports_fixture (see its docstring for every coding).
"""

from __future__ import annotations

import pandas as pd
from _exports_fixture import build_small_project

from qualcode.analysis.frequencies import build_frequencies


def test_frequencies_count_segments_once_and_participants_among_everyone_interviewed(tmp_path):
    small = build_small_project(tmp_path)
    result = build_frequencies(small.conn, small.codebooks)
    frame = result.table.frame.set_index("code")
    assert result.participants == 3  # S01, S02, and S03 who was never coded; S04 has no transcript
    assert result.waves == {"pre": 3, "post": 1}
    expected = {  # code: segments, participants, pre segments, pre participants, post segments, post participants
        "PF_PERSONAL": (3, 2, 2, 2, 1, 1), "PF_GOAL": (2, 1, 1, 1, 1, 1),  # S01_pre #1 is the interviewer's
        "PF_FAMILY": (1, 1, 1, 1, 0, 0),  # coded by A (part) and B (whole): one segment
        "PF_PEER": (2, 2, 1, 1, 1, 1),
        "AD_ADVERSITY": (2, 2, 2, 2, 0, 0),  # S02_pre #2 carries three of its codes: counted once
        "AD_PRESSURE": (2, 2, 2, 2, 0, 0), "AD_PRESSURE_SELF": (1, 1, 1, 1, 0, 0),
        "AD_PRESSURE_STUDY": (2, 2, 2, 2, 0, 0),
    }
    columns = ["segments", "participants", "pre_segments", "pre_participants", "post_segments", "post_participants"]
    for code, values in expected.items():
        assert tuple(frame.loc[code, columns]) == values, code
    assert frame.loc["PF_PEER", "participants_pct"] == 66.7 and frame.loc["PF_PEER", "post_participants_pct"] == 100
    assert frame.loc["PF_PERSONAL", "level"] == "theme" and frame.loc["PF_GOAL", "level"] == "code"
    order = list(frame.index)
    assert order.index("PF_PERSONAL") < order.index("PF_GOAL") < order.index("PF_SUPPORT")  # codebook order


def test_the_thesis_table_in_chinese_markdown_and_word(sample_project, run_cli):
    import docx

    root = sample_project.root
    run_cli("import-codings", root / "codings" / "researcher-A.csv", cwd=root)
    md = root / "exports" / "frequencies.md"
    result = run_cli("export", "frequencies", "--lang", "zh", "--out", md, cwd=root)
    assert result.exit_code == 0, result.err
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 编码频次\n\nN = 4 名受访者\n")
    assert "| 主题 / 编码 | 编码片段数 | 提及人数 | % | 前测 编码片段数 | 前测 提及人数 (N = 4) |" in text
    matrix = root / "exports" / "presence.csv"
    assert run_cli("export", "matrix", "--unit", "presence", "--themes", "--out", matrix, cwd=root).exit_code == 0
    present = int(pd.read_csv(matrix)["PF_FAMILY"].sum())
    assert f"| &emsp;家庭支持 (PF_FAMILY) | " in text
    row = next(line for line in text.splitlines() if "(PF_FAMILY)" in line)
    assert row.split(" | ")[2] == str(present)

    out = root / "exports" / "frequencies.docx"
    assert run_cli("export", "frequencies", "--lang", "zh", "--out", out, cwd=root).exit_code == 0
    table = docx.Document(str(out)).tables[0]
    assert table.rows[0].cells[2].text == "提及人数"
    family = next(r for r in table.rows if "(PF_FAMILY)" in r.cells[0].text)
    assert family.cells[0].text == "\u3000家庭支持 (PF_FAMILY)" and family.cells[2].text == str(present)


def test_the_codebook_table_lists_every_code_with_its_definition_in_chinese(sample_project, run_cli):
    """A codebook appendix had to be copied out of the YAML by hand; `export codebook` writes it as a table."""
    import docx
    from ruamel.yaml import YAML

    root = sample_project.root
    book = YAML(typ="safe").load((root / "codebooks" / "resilience-protective-factors.yaml").read_text("utf-8"))
    goal = next(code for theme in book["themes"] for code in theme.get("codes", []) if code["id"] == "PF_GOAL")
    out = root / "exports" / "codebook.md"
    result = run_cli("export", "codebook", "--lang", "zh", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 编码本\n") and "| 主题 / 编码 | 定义 | 纳入标准 | 排除标准 | 示例 |" in text
    row = next(line for line in text.splitlines() if line.startswith(f"| &emsp;{goal['label']['zh']} (PF_GOAL)"))
    assert row.startswith(f"| &emsp;{goal['label']['zh']} (PF_GOAL) | {goal['description']} |")
    assert goal["examples"][0] in row
    assert "| **个人力 (PF_PERSONAL)** |" in text

    word = root / "exports" / "codebook.docx"
    assert run_cli("export", "codebook", "--lang", "zh", "--out", word, cwd=root).exit_code == 0
    rows = docx.Document(str(word)).tables[0].rows
    cells = next(r.cells for r in rows if r.cells[0].text.endswith("(PF_GOAL)"))
    assert [c.text for c in cells[:2]] == [f"\u3000{goal['label']['zh']} (PF_GOAL)", goal["description"]]
    ids = [r.cells[0].text.rsplit("(", 1)[-1].rstrip(")") for r in rows[1:]]
    assert len(ids) == len(set(ids)) and "AD_PRESSURE_JOB" in ids and "PF_CAMPUS" in ids


def test_a_project_with_no_participant_yet_shows_a_dash_not_nan(sample_project, run_cli):
    # before the first import the share of participants is undefined; the Markdown table printed "nan"
    root = sample_project.root
    md = root / "exports" / "empty.md"
    assert run_cli("init", root / "empty", cwd=root).exit_code == 0
    result = run_cli("export", "frequencies", "--lang", "zh", "--out", md, cwd=root / "empty")
    assert result.exit_code == 0, result.err
    text = md.read_text(encoding="utf-8")
    assert "N = 0 名受访者" in text and "nan" not in text
    assert "| &emsp;家庭支持 (PF_FAMILY) | 0 | 0 | — |" in text


def test_codings_of_a_code_removed_from_the_codebook_are_said_beside_the_tables(sample_project, run_cli):
    # the code's codings still count (under the old id and its old theme); `status` said so, the exports did not
    root = sample_project.root
    assert run_cli("import-codings", root / "codings" / "researcher-A.csv", cwd=root).exit_code == 0
    book = root / "codebooks" / "resilience-protective-factors.yaml"
    lines = book.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "- id: PF_CAMPUS")
    book.write_text("".join(lines[:start]), encoding="utf-8")   # the last code of the file, removed
    counted = int(pd.read_csv(root / "codings" / "researcher-A.csv").query("code == 'PF_CAMPUS'").shape[0])
    assert counted > 0
    for command in (("export", "matrix", "--themes"), ("export", "frequencies")):
        result = run_cli(*command, cwd=root)
        assert result.exit_code == 0, result.err
        assert "of PF_CAMPUS are counted, though no codebook defines it now" in result.out + result.err
