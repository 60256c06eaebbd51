"""Two coders on one study, each with a copy of the project, exchanging codings as a sheet.

The supervisor codes in their copy, writes ``qualcode export long`` and the student brings it in with
``qualcode import-codings``; meanwhile the student may have imported a revised transcript.
"""

from __future__ import annotations

import csv

from qualcode.app.api import import_paths, sync_codes
from qualcode.app.project import init_project

FIRST = """---
participant: S01
wave: pre
---
访谈者：你能说说中考以后的感受吗？
受访者：中考没考好呗。差了普高线三十多分，家里就让我来这儿学个技术。
访谈者：家里人怎么说？
受访者：我妈妈一直鼓励我，说学技术也能有出息。
访谈者：你当时怎么想？
受访者：嗯。
访谈者：现在呢？
受访者：现在我有了目标，想先考电工证。
"""
INSERTED = "访谈者：录音开始了吗？\n受访者：开始了。\n"


def _project(root, transcript: str):
    project = init_project(root)
    sync_codes(project)
    (root / "transcripts").mkdir(exist_ok=True)
    (root / "transcripts" / "S01_pre.txt").write_text(transcript, encoding="utf-8")
    assert not import_paths(project, [root / "transcripts"]).errors
    return project


def _codings(project, coder: str) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in project.conn.execute(
        "SELECT s.ordinal, c.code_id, substr(d.text, c.start + 1, c.end - c.start) FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id "
        "WHERE d.is_current = 1 AND c.coder = ? ORDER BY s.ordinal, c.code_id", (coder,))]


def _revise(project) -> None:
    """The student's copy: two turns added at the start (every later turn's number goes up by two)."""
    source = project.root / "transcripts" / "S01_pre.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("访谈者：你能说说", INSERTED + "访谈者：你能说说"), encoding="utf-8")
    assert not import_paths(project, [source]).errors


def test_a_part_of_a_turn_exported_long_comes_back_as_that_part(tmp_path, run_cli):
    """`export long` writes each coding's offsets; `import-codings` ignored them and coded the whole turn, so a
    seven-character passage came back as a turn of thirty-odd (and the span-overlap agreement changed)."""
    supervisor = _project(tmp_path / "supervisor", FIRST)
    student = _project(tmp_path / "student", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "2", "AD_EXAM", "--start", "0", "--end", "7",
                   cwd=supervisor.root).exit_code == 0
    assert run_cli("--coder", "B", "code", "S01_pre", "4", "PF_FAMILY", cwd=supervisor.root).exit_code == 0
    sheet = tmp_path / "B.csv"
    assert run_cli("export", "long", "--out", sheet, cwd=supervisor.root).exit_code == 0

    result = run_cli("import-codings", sheet, cwd=student.root)
    assert result.exit_code == 0, result.out + result.err
    assert _codings(student, "B") == _codings(supervisor, "B") == [
        (2, "AD_EXAM", "中考没考好呗。"), (4, "PF_FAMILY", "我妈妈一直鼓励我，说学技术也能有出息。")]
    assert "warning" not in result.out


def test_a_part_of_a_turn_follows_its_words_into_a_revised_transcript(tmp_path, run_cli):
    """The sheet (with its text) was written before the student imported the revised transcript: the row finds its
    turn by its words, and codes the same words there, not the whole turn."""
    supervisor = _project(tmp_path / "supervisor", FIRST)
    student = _project(tmp_path / "student", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "2", "AD_EXAM", "--start", "7", "--end", "16",
                   cwd=supervisor.root).exit_code == 0
    sheet = tmp_path / "B.csv"
    assert run_cli("export", "long", "--with-text", "--out", sheet, cwd=supervisor.root).exit_code == 0
    _revise(student)

    result = run_cli("import-codings", sheet, cwd=student.root)
    assert result.exit_code == 0, result.out + result.err
    assert _codings(student, "B") == [(4, "AD_EXAM", "差了普高线三十多分")]


def test_offsets_that_fit_no_longer_are_warned_of(tmp_path, run_cli):
    """A sheet without text whose offsets belong to the transcript before its revision: the numbered turn is coded
    (nothing tells which turn it was), and the report says so instead of nothing."""
    supervisor = _project(tmp_path / "supervisor", FIRST)
    student = _project(tmp_path / "student", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "4", "PF_FAMILY", "--start", "0", "--end", "8",
                   cwd=supervisor.root).exit_code == 0
    sheet = tmp_path / "B.csv"
    assert run_cli("export", "long", "--out", sheet, cwd=supervisor.root).exit_code == 0
    _revise(student)

    result = run_cli("import-codings", sheet, cwd=student.root)
    assert result.exit_code == 0
    assert ("warning: row 2: its offsets 69\u201377 are not inside S01_pre segment 4 (the transcript was revised "
            "since the sheet was written?): coded that turn whole") in result.out
    assert "export the sheet with --with-text" in result.out


def test_a_short_turn_after_a_revision_lands_on_its_own_turn(tmp_path, run_cli):
    """Turn numbers from before the revision, with their text: 嗯。 is too short to find by its words, so it was
    coded on the turn its old number now names (another answer), and counted as 'already there' when that turn
    had the code: the coding of 嗯。 was gone with a warning only. The rows before it show the numbers are off by
    two, and 嗯。 now goes two turns on, where 嗯。 is."""
    supervisor = _project(tmp_path / "supervisor", FIRST)
    student = _project(tmp_path / "student", FIRST)
    for turn in ("4", "6"):
        assert run_cli("--coder", "B", "code", "S01_pre", turn, "PF_FAMILY", cwd=supervisor.root).exit_code == 0
    sheet = tmp_path / "B.csv"
    assert run_cli("export", "long", "--with-text", "--out", sheet, cwd=supervisor.root).exit_code == 0
    with sheet.open(encoding="utf-8") as handle:
        assert [row["text"] for row in csv.DictReader(handle)] == ["我妈妈一直鼓励我，说学技术也能有出息。", "嗯。"]
    _revise(student)

    result = run_cli("import-codings", sheet, cwd=student.root)
    assert result.exit_code == 0, result.out + result.err
    assert _codings(student, "B") == [(6, "PF_FAMILY", "我妈妈一直鼓励我，说学技术也能有出息。"),
                                      (8, "PF_FAMILY", "嗯。")]
    assert "codings added: 2\n" in result.out


def _add_code(project, code_id: str, zh: str, en: str) -> None:
    """Each coder adds a code to their copy's codebook by hand, under the peers' code."""
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    text = book.read_text(encoding="utf-8")
    entry = f"      - id: {code_id}\n        label: {{zh: {zh}, en: {en}}}\n        description: 宿舍里的事。\n"
    book.write_text(text.replace("      - id: PF_PEER\n", entry + "      - id: PF_PEER\n", 1), encoding="utf-8")


def test_a_code_both_coders_created_with_one_id_and_two_meanings_is_not_pooled(tmp_path, run_cli):
    """Student and supervisor each added PF_DORM to their codebook, one meaning dorm life (宿舍生活), the other dorm
    conflict (宿舍矛盾). `qualcode merge` pooled the supervisor's codings under the student's code without a word,
    and the agreement table then counted them as agreeing on one code. Now they stay behind, named with both
    meanings, exit 1; giving the code the same labels (it was one code after all) merges them."""
    student = _project(tmp_path / "student", FIRST)
    supervisor = _project(tmp_path / "supervisor", FIRST)
    _add_code(student, "PF_DORM", "宿舍生活", "Dorm life")
    _add_code(supervisor, "PF_DORM", "宿舍矛盾", "Dorm conflict")
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "PF_DORM", cwd=student.root).exit_code == 0
    for turn, code in (("2", "PF_DORM"), ("4", "PF_DORM"), ("4", "PF_FAMILY")):
        assert run_cli("--coder", "B", "code", "S01_pre", turn, code, cwd=supervisor.root).exit_code == 0

    result = run_cli("merge", supervisor.root, cwd=student.root)
    assert result.exit_code == 1
    assert ("code PF_DORM is 宿舍矛盾 / Dorm conflict there but 宿舍生活 / Dorm life here: 2 codings not merged -- if "
            "it is one code, give it the same labels in both codebooks; if two, give one of them another id in its "
            "codebook; then merge again") in result.out
    assert "2 coding(s) of codes whose labels differ were not merged" in result.err
    assert _codings(student, "B") == [(4, "PF_FAMILY", "我妈妈一直鼓励我，说学技术也能有出息。")]

    book = supervisor.root / "codebooks" / "resilience-protective-factors.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("宿舍矛盾, en: Dorm conflict", "宿舍生活, en: Dorm life"),
                    encoding="utf-8")
    assert run_cli("status", cwd=supervisor.root).exit_code == 0  # the supervisor's copy reads its codebook
    again = run_cli("merge", supervisor.root, cwd=student.root)
    assert again.exit_code == 0, again.out + again.err
    assert [code for _, code, _ in _codings(student, "B")] == ["PF_DORM", "PF_DORM", "PF_FAMILY"]


def test_a_qdpx_of_a_code_with_this_id_and_other_labels_becomes_a_code_of_its_own(tmp_path, run_cli):
    """The same two codebooks exchanged as a .qdpx: qualcode gives each code a GUID made from its id, so the
    supervisor's PF_DORM (宿舍矛盾) was mapped onto the student's PF_DORM (宿舍生活) and its codings pooled with
    the student's. Now it comes in as a code of its own, with a note naming both."""
    student = _project(tmp_path / "student", FIRST)
    supervisor = _project(tmp_path / "supervisor", FIRST)
    _add_code(student, "PF_DORM", "宿舍生活", "Dorm life")
    _add_code(supervisor, "PF_DORM", "宿舍矛盾", "Dorm conflict")
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "PF_DORM", cwd=student.root).exit_code == 0
    assert run_cli("--coder", "B", "code", "S01_pre", "4", "PF_DORM", cwd=supervisor.root).exit_code == 0
    archive = tmp_path / "supervisor.qdpx"
    assert run_cli("export", "qdpx", "--out", archive, cwd=supervisor.root).exit_code == 0

    result = run_cli("import", archive, cwd=student.root)
    assert result.exit_code == 0, result.out + result.err
    assert ("note: code '宿舍矛盾' has the id PF_DORM of this project's code 宿舍生活 / Dorm life but other labels: "
            "imported as a new code, not pooled with it") in result.out
    labelled = dict(student.conn.execute("SELECT c.coder, k.label_zh FROM codings c JOIN codes k ON k.id = c.code_id "
                                         "WHERE k.label_zh LIKE '宿舍%'").fetchall())
    assert labelled == {"A": "宿舍生活", "B": "宿舍矛盾"}


def test_the_list_of_disagreements_speaks_chinese_with_lang_zh(tmp_path, run_cli):
    """`agreement --list --lang zh` printed its heading and its passage line in English
    (`2 units where A and B disagree:`, `same code, different passage: AD_EXAM`)."""
    study = _project(tmp_path / "study", FIRST)
    for args in (("A", "2", "AD_EXAM"), ("A", "4", "PF_FAMILY"), ("B", "2", "AD_EXAM", "--start", "0", "--end", "7"),
                 ("B", "6", "PF_FAMILY")):
        assert run_cli("--coder", args[0], "code", "S01_pre", *args[1:], cwd=study.root).exit_code == 0

    result = run_cli("agreement", "--coders", "A", "B", "--list", "--lang", "zh", cwd=study.root)
    assert result.exit_code == 0
    lines = result.out.splitlines()
    assert lines[0] == "A 与 B 有分歧的单位：3 个"
    assert "  同一编码，不同片段：AD_EXAM" in lines
    assert "disagree" not in result.out and "different passage" not in result.out
    english = run_cli("agreement", "--coders", "A", "B", "--list", cwd=study.root)
    assert english.out.splitlines()[0] == "3 units where A and B disagree:"


def test_a_sheet_naming_a_coder_in_another_spelling_is_refused(tmp_path, run_cli):
    """The supervisor's sheet says `b` (or the full-width `Ｂ` of a Chinese keyboard) where the project's coder is `B`:
    the rows were filed under a new coder `b`, left out of `agreement --coders A B` and pooled as `B, b` in exports,
    while `--coder b` has been refused for that very reason."""
    study = _project(tmp_path / "study", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "2", "AD_EXAM", cwd=study.root).exit_code == 0
    sheet = tmp_path / "supervisor.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,4,PF_FAMILY,B\nS01_pre,6,PF_FAMILY,Ｂ\n", encoding="utf-8")

    result = run_cli("import-codings", sheet, cwd=study.root)
    assert result.exit_code == 2
    assert (f"{sheet} (row 3): coder 'Ｂ' is another spelling of 'B', who has codings in the project (coder names are "
            "compared exactly); write B in the sheet, so the work is filed under one name; nothing was imported"
            ) in result.err
    assert [tuple(r) for r in study.conn.execute("SELECT coder, count(*) FROM codings GROUP BY coder")] == [("B", 1)]

    sheet.write_text("document,segment,code,coder\nS01_pre,4,PF_FAMILY,C\nS01_pre,6,PF_FAMILY,c\n", encoding="utf-8")
    within = run_cli("import-codings", sheet, cwd=study.root)
    assert within.exit_code == 2
    assert "(row 3): coder 'c' is another spelling of 'C' (row 2); write one spelling" in within.err
    assert run_cli("--coder", "Ｂ", "status", cwd=study.root).exit_code == 2


def test_a_merge_bringing_a_coder_of_another_spelling_is_refused_until_renamed(tmp_path, run_cli):
    """The supervisor's copy was coded as `b`; the student's project has B's earlier codings. The merge added the
    codings under `b`, a third coder beside A and B."""
    student = _project(tmp_path / "student", FIRST)
    supervisor = _project(tmp_path / "supervisor", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "2", "AD_EXAM", cwd=student.root).exit_code == 0
    assert run_cli("--coder", "b", "code", "S01_pre", "4", "PF_FAMILY", cwd=supervisor.root).exit_code == 0

    result = run_cli("merge", supervisor.root, cwd=student.root)
    assert result.exit_code == 2
    assert (f"coder 'b' of {supervisor.root} is another spelling of 'B', who has codings here (coder names are "
            "compared exactly); merge with --rename b=B to file them under B, or --rename b=NAME to keep them apart; "
            "nothing was merged") in result.err
    assert _codings(student, "b") == []
    renamed = run_cli("merge", supervisor.root, "--rename", "b=B", cwd=student.root)
    assert renamed.exit_code == 0, renamed.out + renamed.err
    assert [code for _, code, _ in _codings(student, "B")] == ["AD_EXAM", "PF_FAMILY"]


def test_a_merge_bringing_a_coder_written_with_a_title_merges_as_written_and_says_so(tmp_path, run_cli):
    """The supervisor's copy was coded as `编码员B` (a title before the letter); the student's project has B's
    codings. Perhaps a colleague, so not refused: merged as written, and said, naming both and the way back, as
    import-codings and --coder say it; the merge said nothing."""
    student = _project(tmp_path / "student", FIRST)
    supervisor = _project(tmp_path / "supervisor", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "2", "AD_EXAM", cwd=student.root).exit_code == 0
    assert run_cli("--coder", "编码员B", "code", "S01_pre", "4", "PF_FAMILY", cwd=supervisor.root).exit_code == 0

    result = run_cli("merge", supervisor.root, cwd=student.root)
    assert result.exit_code == 0, result.err
    assert ("coder '编码员B' may be the same person as 'B', who has codings here: kept as a coder of their own (coder "
            "names are compared exactly); if they are one person, take this back with `qualcode undo` and merge "
            "again with --rename 编码员B=B") in result.out
    assert [code for _, code, _ in _codings(student, "编码员B")] == ["PF_FAMILY"]


def test_a_label_renamed_in_one_language_is_still_one_code(tmp_path, run_cli):
    """The supervisor renamed PF_FAMILY's Chinese label (家庭支持 → 家人支持); the English one is the same, so it is
    the same code: merged (and said), and a .qdpx maps onto it."""
    student = _project(tmp_path / "student", FIRST)
    supervisor = _project(tmp_path / "supervisor", FIRST)
    book = supervisor.root / "codebooks" / "resilience-protective-factors.yaml"
    text = book.read_text(encoding="utf-8")
    assert "zh: 家庭支持, en: Family support" in text
    book.write_text(text.replace("zh: 家庭支持, en: Family support", "zh: 家人支持, en: Family support"), encoding="utf-8")
    assert run_cli("--coder", "B", "code", "S01_pre", "4", "PF_FAMILY", cwd=supervisor.root).exit_code == 0

    archive = tmp_path / "supervisor.qdpx"
    assert run_cli("export", "qdpx", "--out", archive, cwd=supervisor.root).exit_code == 0
    copy = _project(tmp_path / "copy", FIRST)
    imported = run_cli("import", archive, cwd=copy.root)
    assert imported.exit_code == 0 and "not pooled" not in imported.out
    assert [code for _, code, _ in _codings(copy, "B")] == ["PF_FAMILY"]

    result = run_cli("merge", supervisor.root, cwd=student.root)
    assert result.exit_code == 0, result.out + result.err
    assert ("code PF_FAMILY is 家人支持 / Family support there but 家庭支持 / Family support here (one label renamed, "
            "the other the same): merged as one code") in result.out
    assert [code for _, code, _ in _codings(student, "B")] == ["PF_FAMILY"]


def test_an_excel_export_of_the_codings_imports_back(tmp_path, run_cli):
    """`export long --out B.xlsx` writes the codings on sheet `data` and adds sheets `variables` and `codebook`;
    `import-codings B.xlsx` refused the whole workbook: `(sheet variables): no text column and no code column`."""
    supervisor = _project(tmp_path / "supervisor", FIRST)
    student = _project(tmp_path / "student", FIRST)
    assert run_cli("--coder", "B", "code", "S01_pre", "2", "AD_EXAM", "--start", "0", "--end", "7",
                   cwd=supervisor.root).exit_code == 0
    workbook = tmp_path / "B.xlsx"
    assert run_cli("export", "long", "--out", workbook, cwd=supervisor.root).exit_code == 0

    result = run_cli("import-codings", workbook, cwd=student.root)
    assert result.exit_code == 0, result.out + result.err
    assert "warning: sheets with no code column and no text column, left out: variables, codebook" in result.out
    assert _codings(student, "B") == [(2, "AD_EXAM", "中考没考好呗。")]


def test_a_sheet_naming_no_coder_imported_by_a_coder_with_codings_says_whose_they_became(tmp_path, run_cli):
    """The supervisor's hand-made sheet has no coder column; the student imports it in their copy (coder A in
    qualcode.toml): every row became A's, pooled with A's own codings (`already there` where both coded alike),
    without a word."""
    student = _project(tmp_path / "student", FIRST)
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "AD_EXAM", cwd=student.root).exit_code == 0
    sheet = tmp_path / "supervisor.csv"
    sheet.write_text("document,segment,code\nS01_pre,2,AD_EXAM\nS01_pre,4,PF_FAMILY\n", encoding="utf-8")

    result = run_cli("--coder", "A", "import-codings", sheet, cwd=student.root)
    assert result.exit_code == 0
    assert ("warning: 2 row(s) name no coder (no coder column, and no sheet named after one): filed under A, who had "
            "codings here already; if they are another coder's work, take them back with `qualcode undo` and import "
            "again with --coder NAME") in result.out
    assert run_cli("--coder", "A", "undo", cwd=student.root).exit_code == 0
    again = run_cli("--coder", "B", "import-codings", sheet, cwd=student.root)
    assert again.exit_code == 0 and "name no coder" not in again.out
    assert [code for _, code, _ in _codings(student, "B")] == ["AD_EXAM", "PF_FAMILY"]


def test_a_code_merged_away_here_takes_the_colleagues_codings_of_it(tmp_path, run_cli):
    """The student merged AD_AVOID into ND_EMOTION (`qualcode codes merge`); the supervisor still codes AD_AVOID.
    `qualcode merge` put the supervisor's codings on the merged-away code (gone from the codebook: left out of the
    agreement table, still AD_AVOID in exports), and `import-codings` created AD_AVOID again under 'Imported'."""
    student = _project(tmp_path / "student", FIRST)
    supervisor = _project(tmp_path / "supervisor", FIRST)
    assert run_cli("--coder", "A", "code", "S01_pre", "2", "ND_EMOTION", cwd=student.root).exit_code == 0
    assert run_cli("--coder", "A", "codes", "merge", "-y", "AD_AVOID", "ND_EMOTION", cwd=student.root).exit_code == 0
    for turn in ("2", "4"):
        assert run_cli("--coder", "B", "code", "S01_pre", turn, "AD_AVOID", cwd=supervisor.root).exit_code == 0

    merged = run_cli("merge", supervisor.root, cwd=student.root)
    assert merged.exit_code == 0, merged.out + merged.err
    assert ("code AD_AVOID was merged into ND_EMOTION here (`qualcode codes merge`): its 2 codings there are merged "
            "as ND_EMOTION") in merged.out
    assert [code for _, code, _ in _codings(student, "B")] == ["ND_EMOTION", "ND_EMOTION"]
    table = run_cli("agreement", "--coders", "A", "B", "--lang", "en", cwd=student.root)
    assert "| ND_EMOTION | Need for emotion management | 4 | 1 | 2 | 1 | 0 | 1 | 2 |" in table.out

    undone = run_cli("undo", cwd=student.root)  # the merge of projects, by the coder who ran it
    assert undone.exit_code == 0 and "merge" in undone.out, undone.out
    sheet = tmp_path / "supervisor.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,2,AD_AVOID,B\nS01_pre,4,AD_AVOID,B\n", encoding="utf-8")
    imported = run_cli("import-codings", sheet, cwd=student.root)
    assert imported.exit_code == 0
    assert ("warning: code AD_AVOID was merged into ND_EMOTION in this project (`qualcode codes merge`): its rows are "
            "coded ND_EMOTION") in imported.out
    assert "Imported" not in imported.out and not (student.root / "codebooks" / "imported.yaml").exists()
    assert [code for _, code, _ in _codings(student, "B")] == ["ND_EMOTION", "ND_EMOTION"]
