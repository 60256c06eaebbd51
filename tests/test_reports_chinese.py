"""Issue 17 item 7: --lang zh (or [project] language, or report_language) gives Chinese headings and labels in the agreement,
quotes, pre/post and memo reports; the figures in them are checked against the database and scipy."""

from __future__ import annotations

import sqlite3

import pytest
from scipy import stats

from conftest import REPO_ROOT


@pytest.fixture
def study(run_cli, sample_project):
    root = sample_project.root
    for coder in ("A", "B"):
        result = run_cli("--project", root, "import-codings", root / "codings" / f"researcher-{coder}.csv")
        assert result.exit_code == 0, result.err
    return root


def _table_rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_agreement_in_chinese_has_the_same_figures(run_cli, study):
    english = run_cli("--project", study, "agreement", "--coders", "A", "B", "--lang", "en")
    chinese = run_cli("--project", study, "agreement", "--coders", "A", "B", "--lang", "zh")
    assert english.exit_code == 0 and chinese.exit_code == 0, chinese.err
    assert chinese.out.startswith("# 编码者间一致性：A 与 B")
    assert "| 编码 | 名称 | 单位数 | A | B | 双方 | 仅 A | 仅 B | 均无 | 一致率 |" in chinese.out
    assert "受访者话轮（每个话轮为一个单位）" in chinese.out and "Intercoder" not in chinese.out
    en_rows, zh_rows = _table_rows(english.out), _table_rows(chinese.out)
    assert zh_rows["**全部编码（合并）**"][1:] == en_rows["**All codes (pooled)**"][1:]
    # the pooled 2×2 counts straight from docs/agreement.md's walkthrough of this sample
    assert zh_rows["**全部编码（合并）**"][1:8] == ["1584", "92", "101", "85", "7", "16", "1476"]


def test_the_project_language_decides_and_report_language_overrides_it(run_cli, study):
    """--lang, else [project] report_language, else [project] language (the sample's is zh), else English."""
    config = study / "qualcode.toml"
    original = config.read_text(encoding="utf-8")
    assert 'language = "zh"' in original and "report_language" not in original
    table = run_cli("--project", study, "agreement", "--coders", "A", "B")
    assert table.exit_code == 0 and table.out.startswith("# 编码者间一致性")
    memos = run_cli("--project", study, "memos", "export", "--out", study / "m.md")
    assert memos.exit_code == 0 and (study / "m.md").read_text(encoding="utf-8").startswith("# 备忘录")
    forced = run_cli("--project", study, "agreement", "--coders", "A", "B", "--lang", "en")
    assert forced.out.startswith("# Intercoder agreement")
    config.write_text(original.replace('language = "zh"', 'language = "en"', 1), encoding="utf-8")
    assert run_cli("--project", study, "agreement", "--coders", "A", "B").out.startswith("# Intercoder agreement")
    config.write_text(original.replace('language = "zh"', 'language = "en"\nreport_language = "zh"', 1),
                      encoding="utf-8")
    assert run_cli("--project", study, "agreement", "--coders", "A", "B").out.startswith("# 编码者间一致性")


def test_init_language_sets_the_reports_language(run_cli, tmp_path):
    from qualcode.app.project import open_project
    from qualcode.app.exporting.report_info import report_language

    assert run_cli("init", tmp_path / "en", "--language", "en").exit_code == 0
    assert run_cli("init", tmp_path / "zh").exit_code == 0
    with open_project(tmp_path / "en") as english, open_project(tmp_path / "zh") as chinese:
        assert (report_language(english, None), report_language(chinese, None)) == ("en", "zh")
        assert report_language(chinese, "en") == "en"
    memos = run_cli("--project", tmp_path / "en", "memos", "export", "--out", tmp_path / "m.md")
    assert memos.exit_code == 0 and (tmp_path / "m.md").read_text(encoding="utf-8").startswith("# Memos")


def test_quotes_in_chinese(run_cli, study):
    out = study / "q.md"
    result = run_cli("--project", study, "export", "quotes", "--only-coder", "A", "--lang", "zh", "--out", out)
    assert result.exit_code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 访谈摘录") and "条摘录" in text and "excerpt" not in text
    with sqlite3.connect(study / ".qualcode" / "project.db") as conn:
        name, ordinal = conn.execute(
            "SELECT d.name, s.ordinal FROM codings c JOIN segments s ON s.id = c.segment_id JOIN documents d "
            "ON d.id = c.document_id WHERE c.coder = 'A' AND s.role = 'participant' ORDER BY d.name, s.ordinal"
        ).fetchone()
    assert f"{name} 第{ordinal}段" in text


def test_quotes_in_chinese_name_the_waves_as_the_prepost_report_does(run_cli, study):
    """The quotes said `— S01，pre，S01_pre 第4段` beside the pre/post report's 前测 (thesis QA round 31)."""
    out = study / "q.md"
    assert run_cli("--project", study, "export", "quotes", "--lang", "zh", "--out", out).exit_code == 0
    sources = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("> — ")]
    assert sources and all(("，前测，" in line) != ("，后测，" in line) for line in sources)
    english = study / "q-en.md"
    assert run_cli("--project", study, "export", "quotes", "--lang", "en", "--out", english).exit_code == 0
    assert ", pre, " in english.read_text(encoding="utf-8")


def _presence(root, code):
    """participant -> (present pre, present post) for coder A's participant codings, from the database."""
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        rows = conn.execute(
            "SELECT d.case_id, json_extract(d.attributes, '$.wave'), count(c.id) FROM documents d "
            "LEFT JOIN codings c ON c.document_id = d.id AND c.code_id = ? AND c.coder = 'A' AND EXISTS "
            "(SELECT 1 FROM segments s WHERE s.id = c.segment_id AND s.role = 'participant') "
            "WHERE d.is_current GROUP BY d.case_id, json_extract(d.attributes, '$.wave')", (code,)).fetchall()
    waves: dict[str, dict[str, int]] = {}
    for case, wave, n in rows:
        waves.setdefault(case, {})[wave] = int(n > 0)
    return {case: (w["pre"], w["post"]) for case, w in waves.items() if "pre" in w and "post" in w}


def test_prepost_report_in_chinese_with_mcnemar_from_scipy(run_cli, study):
    out = study / "exports" / "pp.csv"
    scored = study / "exports" / "rsca.csv"
    assert run_cli("--project", study, "scores", "compute", "--scale", "rsca", "--in",
                   REPO_ROOT / "scores" / "rsca-sample.csv", "--id-column", "id", "--out", scored).exit_code == 0
    result = run_cli("--project", study, "export", "prepost", "--only-coder", "A", "--lang", "zh", "--out", out,
                     "--scores", scored)
    assert result.exit_code == 0, result.err
    assert "only coder(s): A" in result.err
    text = out.with_name("pp-report.md").read_text(encoding="utf-8")
    assert text.startswith("# 前后测变化：前测 → 后测") and "## 编码" in text and "## 问卷得分" in text
    assert "| 编码 | 配对数 | 前测出现" in text
    rows = _table_rows(text)
    checked = 0
    for key, cells in rows.items():
        if not key.endswith(")") or "(" not in key or "(RSCA_" in key:  # scores are labelled too
            continue
        code = key.rsplit("(", 1)[1].rstrip(")")
        pairs = _presence(study, code)
        lost = sum(1 for a, b in pairs.values() if a and not b)
        gained = sum(1 for a, b in pairs.values() if b and not a)
        assert cells[0] == str(len(pairs))
        if lost + gained:
            assert cells[3] == f"{stats.binomtest(gained, lost + gained, 0.5).pvalue:.3f}"
            checked += 1
        else:
            assert cells[3] == "—"
    assert checked >= 1


def test_word_reports_are_a4_with_the_projects_title_and_author(run_cli, study):
    from docx import Document

    config = study / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[project]\n", '[project]\ntitle = "中职生心理韧性：一项干预研究"\nauthor = "林晓"\n', 1), encoding="utf-8")
    assert run_cli("--project", study, "memo", "case", "S01", "家庭支持很强").exit_code == 0
    outputs = {"quotes": ("export", "quotes", "--format", "docx", "--out", study / "q.docx"),
               "memos": ("memos", "export", "--out", study / "m.docx"),
               "transcript": ("export", "transcript", "S02_post", "--out", study / "t.docx", "--lang", "zh")}
    for name, args in outputs.items():
        result = run_cli("--project", study, *args)
        assert result.exit_code == 0, (name, result.err)
        document = Document(str(args[-1] if name != "transcript" else study / "t.docx"))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), name
        assert document.core_properties.title == "中职生心理韧性：一项干预研究", name
        assert document.core_properties.author == "林晓", name
    heading = Document(str(study / "t.docx")).paragraphs[0].text
    assert heading == "编码标注的访谈转录稿：S02_post"


def test_a_chinese_transcript_names_the_wave_in_chinese_and_an_english_one_as_stored(run_cli, study, tmp_path):
    from docx import Document

    for lang, wave in (("zh", "波次：前测"), ("en", "Wave: pre")):
        out = tmp_path / lang
        result = run_cli("--project", study, "export", "transcript", "S01_pre", "--lang", lang, "--out", out)
        assert result.exit_code == 0, result.err
        written = next(out.rglob("*.docx")) if out.is_dir() else out
        meta = Document(str(written)).paragraphs[1].text
        assert wave in meta, meta
        assert lang == "en" or "pre" not in meta
