"""A suggestion named by id that sits on a transcript version a re-import replaced: accepting or rejecting it
says where it is and why nothing was decided, instead of "no suggestion with id N" (QA, stop 27).
Real CLI in-process, real SQLite, real jieba."""

from __future__ import annotations

from conftest import CHINESE_INTERVIEW


def test_accepting_a_suggestion_on_a_replaced_version_says_so(project, run_cli):
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text(CHINESE_INTERVIEW, encoding="utf-8")
    root = project.root
    assert run_cli("--project", root, "import", path).exit_code == 0
    assert run_cli("--project", root, "suggest", "--engine", "keywords", "--jobs", "1").exit_code == 0
    old = project.conn.execute("SELECT min(id) FROM suggestions WHERE status = 'pending'").fetchone()[0]
    assert old is not None
    path.write_text(CHINESE_INTERVIEW.replace("那现在呢？", "那你现在呢？"), encoding="utf-8")
    assert run_cli("--project", root, "import", path).exit_code == 0
    for decision in ("accept", "reject"):
        result = run_cli("--project", root, "suggestions", decision, str(old))
        assert result.exit_code == 2
        assert (f"suggestion {old} is on S01_pre version 1, which importing the transcript again replaced"
                in result.err), result.err
    assert project.conn.execute("SELECT status FROM suggestions WHERE id = ?", (old,)).fetchone()[0] == "pending"
    unknown = run_cli("--project", root, "suggestions", "accept", "999999")
    assert unknown.exit_code == 2 and "no suggestion with id 999999" in unknown.err
