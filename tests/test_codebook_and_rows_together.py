"""Issue 18 item 4: an import that creates codes writes their YAML and its rows together or not at all.

A real `qualcode` subprocess is killed (SIGKILL, through the QUALCODE_KILL_AT hook the fault bench uses) right
after the codebook file is written and right after the database commit; the rerun must succeed and leave
exactly what one uninterrupted import leaves: one codebook file, the same codes and codings, doctor clean.
"""

from __future__ import annotations

import signal
import sqlite3

import pytest

from tests.conftest import CHINESE_INTERVIEW
from tests.refiqda_support import G, codebook_xml, make_qdpx, qde
from tests.safety_helpers import run_qualcode

TEXT = "访谈者：你好。\n受访者：我妈妈一直鼓励我考电工证。"


def _archive(folder):
    codes = codebook_xml(f'<Code guid="{G(100)}" name="母亲鼓励"/><Code guid="{G(101)}" name="考证目标"/>')
    selection = "".join(
        f'<PlainTextSelection guid="{G(200 + n)}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="{G(300 + n)}"><CodeRef targetGUID="{G(100 + n)}"/></Coding></PlainTextSelection>'
        for n, (start, end) in enumerate([(11, 19), (19, 24)]))
    body = codes + (f'<Sources><TextSource guid="{G(1)}" name="S05_pre.txt"><PlainTextContent>{TEXT}'
                    f'</PlainTextContent>{selection}</TextSource></Sources>')
    return make_qdpx(folder / "other-tool.qdpx", qde(body))


def _sheet(root):
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    assert run_qualcode(root, "import", "transcripts").returncode == 0
    sheet = root / "codings.csv"
    sheet.write_text("participant,excerpt,code,coder\nS01,中考失利以后我很自卑,考试焦虑新码,A\n"
                     "S01,现在我有了目标，想先考电工证。,证书目标新码,A\n", encoding="utf-8")
    return sheet


def _state(root) -> tuple:
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    codes = sorted(conn.execute("SELECT id, codebook, label_zh, active FROM codes WHERE codebook NOT IN "
                                "('resilience-protective-factors', 'needs-themes', 'adversity')"))
    codings = sorted(conn.execute("SELECT d.name, c.start, c.end, c.code_id, c.coder FROM codings c "
                                  "JOIN documents d ON d.id = c.document_id"))
    documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    pending = conn.execute("SELECT count(*) FROM pending_codebooks").fetchone()[0]
    conn.close()
    books = sorted(p.name for p in (root / "codebooks").iterdir())
    return codes, codings, documents, pending, books


@pytest.mark.parametrize("point", ["codebook-part-written", "commit", "codebook-committed"])
@pytest.mark.parametrize("command", ["qdpx", "import-codings"])
def test_a_kill_at_each_step_then_a_rerun_gives_what_one_clean_run_gives(tmp_path, command, point):
    results = []
    for name, kill in (("clean", None), ("killed", point)):
        root = tmp_path / name
        assert run_qualcode(tmp_path, "init", str(root)).returncode == 0
        assert run_qualcode(root, "status").returncode == 0  # the shipped codes synced, as after any command
        args = ["import", str(_archive(tmp_path))] if command == "qdpx" else ["import-codings", str(_sheet(root))]
        if kill:
            died = run_qualcode(root, *args, QUALCODE_KILL_AT=kill)
            assert died.returncode == -signal.SIGKILL, died.stderr
            after_kill = run_qualcode(root, "doctor")  # finishes a committed codebook, finds nothing wrong
            assert after_kill.returncode == 0, after_kill.stdout + after_kill.stderr
        rerun = run_qualcode(root, *args)
        assert rerun.returncode == 0, rerun.stderr
        doctor = run_qualcode(root, "doctor")
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        results.append(_state(root))
    clean, resumed = results
    assert clean[0], "the import created codes"
    assert resumed == clean  # same codes, codings, documents; no journal left; one codebook file, no .part
    assert not any(name.endswith(".part") for name in resumed[4])
