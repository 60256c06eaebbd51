"""ctrl+g then Esc says what was cancelled and what it left, not only 已取消.

Until stop 30 the run was stopped from its progress callback, which the batch calls only after a commit: Esc
during a small project's run let every document's suggestions be written and then said 已取消, as if nothing
had happened. Now Esc is asked before each document's results are kept, and the message names the run and
says either that nothing changed or how many documents' suggestions were saved before (and kept).
Real project, real jieba, the real app.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from qualcode.tui.app import make_app
from qualcode.tui.i18n import Translator
from tests.test_tui_app import open_s01
from tests.tui_fixtures import import_transcripts, write_transcripts

SIZE = (80, 24)
REPO = Path(__file__).resolve().parent.parent


def saved_documents(project) -> int:
    return project.conn.execute("SELECT count(*) FROM suggest_progress").fetchone()[0]


def long_project(project, folder) -> int:
    """S01_pre and three long interviews (its turns many times over), each committed on its own: a run of
    several seconds, as on a real project, so Esc lands while it runs."""
    from qualcode.app.api import import_paths

    write_transcripts(folder)
    sample = (REPO / "transcripts" / "S01_pre.txt").read_text(encoding="utf-8")
    body = sample.split("---", 2)[2]   # the turns, without the front matter
    for n in (1, 2, 3):
        (folder / f"T{n}_long.txt").write_text(f"---\nparticipant: T{n}\nwave: pre\n---\n" + body * 40,
                                              encoding="utf-8")
    report = import_paths(project, [folder])
    assert not [f for f in report.files if f.error]
    config = project.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("# commit_documents = 200", "commit_documents = 1"),
                      encoding="utf-8")
    return project.conn.execute("SELECT count(*) FROM documents WHERE is_current = 1").fetchone()[0]


@pytest.mark.parametrize("wait_for_a_commit", [False, True])
async def test_esc_during_ctrl_g_says_what_was_cancelled_and_what_was_kept(project, tmp_path, wait_for_a_commit):
    from qualcode.tui.screens.coding_suggestions import BatchProgress

    total = long_project(project, tmp_path / "incoming")
    seen: list[int] = []

    def hook(message) -> None:
        if isinstance(message, BatchProgress) and not message.finished:
            seen.append(message.done)

    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await open_s01(pilot)
        app.simulate_key("ctrl+g")   # not pilot.press: it waits for the app to be idle, i.e. for the run's end
        while not any(done >= 1 or not wait_for_a_commit for done in seen):   # started, or one document saved
            await asyncio.sleep(0.001)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
    saved = saved_documents(project)
    assert saved < total, "the run finished before Esc: the test project is too small for this machine"
    if saved == 0:
        assert "已取消为整个项目生成编码建议（Ctrl+g）：未做任何改动" in said, said
        assert project.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0
    else:   # what was committed before Esc stays, and is counted: never "已取消" over saved work
        assert (f"已取消为整个项目生成编码建议（Ctrl+g）：{total} 个文档中已有 {saved} 个的建议此前已保存，予以保留"
                f"（再按 Ctrl+g 继续处理其余 {total - saved} 个）；其他未做任何改动") in said, said
    assert saved >= 1 or not wait_for_a_commit   # Esc at the start may still land after a short first document


def test_a_run_cancelled_after_a_commit_keeps_and_counts_what_it_saved(project, tmp_path):
    from qualcode.app.suggesting.batch import run_suggest
    from qualcode.tui.screens.coding_suggestions import cancelled_words

    import_transcripts(project, tmp_path / "incoming")
    committed: list[int] = []
    report = run_suggest(project, jobs=1, commit_documents=1, progress=lambda done, total, name: committed.append(done),
                         cancelled=lambda: any(committed))   # Esc pressed once the first document is saved
    assert report.cancelled and (report.documents, report.remaining) == (1, 1)
    assert saved_documents(project) == 1   # the saved document stays; the other was not written
    words = cancelled_words(Translator("zh"), "Ctrl+g", report.documents, report.documents + report.remaining)
    assert words == ("已取消为整个项目生成编码建议（Ctrl+g）：2 个文档中已有 1 个的建议此前已保存，予以保留"
                     "（再按 Ctrl+g 继续处理其余 1 个）；其他未做任何改动")
    again = run_suggest(project, jobs=1)   # ctrl+g again goes on with the rest
    assert (again.documents, again.skipped) == (1, 1)
