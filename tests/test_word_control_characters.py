"""Text copied out of Word (QA round 28): a manual line break (Shift+Enter) comes out as \\v, a page break as \\f.
A transcript holding one imported fine, and then every Word and Excel export of the project -- the annotated
transcript, the quotes, the codings as .xlsx -- ended in `internal error: ValueError: All strings must be XML
compatible`. Now import stores a line break for each (one character for one, so offsets are unchanged), and a
migration does the same to text stored before."""

from __future__ import annotations

import pytest

WORD_TEXT = "访谈者：你好，最近怎么样？\n受访者：还行吧。\x0b就是压力挺大的，\x0c家里经济不好。\n访谈者：那你怎么应对？\n受访者：找社工姐姐聊聊天。\n"


def test_a_transcript_with_words_line_breaks_imports_and_exports_to_word_and_excel(project, run_cli):
    source = project.root / "transcripts" / "S61_pre.txt"
    source.write_text(WORD_TEXT, encoding="utf-8")
    assert run_cli("import", source, cwd=project.root).exit_code == 0
    assert run_cli("code", "S61_pre", "2", "AD_PRESSURE_LIFE", cwd=project.root).exit_code == 0
    for args in (("export", "transcript", "S61_pre"), ("export", "quotes", "--format", "docx"),
                 ("export", "long", "--with-text", "--out", project.root / "exports" / "codings.xlsx")):
        result = run_cli(*args, cwd=project.root)
        assert result.exit_code == 0, (args, result.err)
    turn = project.conn.execute(
        "SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE s.ordinal = 2").fetchone()[0]
    assert turn == "还行吧。\n就是压力挺大的，\n家里经济不好。"
    assert run_cli("import", source, cwd=project.root).out.rstrip().endswith("0 imported, 0 new version(s), 1 unchanged")


def test_the_migration_cleans_stored_text_one_character_for_one(tmp_path):
    from _migration_helpers import database_before
    from qualcode.storage import db

    path = tmp_path / "project.db"
    stored = "受访者：还行吧。\x0b就是压力挺大的，\x0c家里经济不好\x01。"
    old = database_before(path, "m0086_xml_safe_text", text=stored)
    old.execute("INSERT INTO memos (target_type, target_id, text, author, created_at, updated_at) "
                "VALUES ('document', '1', ?, 'A', 'then', 'then')", ("从 Word 粘贴的\x0b备忘",))
    old.commit()
    old.close()
    conn = db.connect(path)
    text = conn.execute("SELECT text FROM documents WHERE id = 1").fetchone()[0]
    assert text == "受访者：还行吧。\n就是压力挺大的，\n家里经济不好 。"
    assert len(text) == len(stored)  # every offset stays on the same words
    assert conn.execute("SELECT text FROM memos").fetchone()[0] == "从 Word 粘贴的\n备忘"
    conn.close()


@pytest.mark.parametrize(("given", "kept"), [("a\x0bb", "a\nb"), ("a\x0cb", "a\nb"), ("a\x1fb\x08c", "a b c"),
                                             ("tab\tnewline\n", "tab\tnewline\n"), ("中文", "中文")])
def test_xml_safe_replaces_one_for_one(given, kept):
    from qualcode.core.decoding import xml_safe

    assert xml_safe(given) == kept and len(xml_safe(given)) == len(given)


def test_a_memo_pasted_from_word_is_stored_so_the_memo_report_can_be_written(project, run_cli):
    source = project.root / "transcripts" / "S61_pre.txt"
    source.write_text(WORD_TEXT.replace("\x0b", "").replace("\x0c", ""), encoding="utf-8")
    assert run_cli("import", source, cwd=project.root).exit_code == 0
    assert run_cli("memo", "segment", "S61_pre:2", "经济压力\x0b需要追问", cwd=project.root).exit_code == 0
    assert project.conn.execute("SELECT text FROM memos").fetchone()[0] == "经济压力\n需要追问"
    result = run_cli("memos", "export", "--format", "docx", cwd=project.root)
    assert result.exit_code == 0, result.err
