"""Dialog questions wrap between Chinese characters, never inside an id (at 80 columns, `--lang zh`).

Textual breaks lines only at spaces, and a Chinese sentence has none: the undo question was folded wherever
the width fell, `…编码「家庭支持」（S0` / `1_pre 第 2 段）…`, so the document's name was split over two lines.
Real project, the real app at 80×24, the question's lines as the terminal shows them.
"""

from __future__ import annotations

import re

from textual.geometry import Region

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.test_tui_app import open_s01
from tests.test_tui_undo_elsewhere import question
from tests.tui_fixtures import import_transcripts

SIZE = (80, 24)


def shown_lines(app) -> list[str]:
    label = app.screen.query_one(".dialog-title")
    return [strip.text.rstrip() for strip in label.render_lines(Region(0, 0, label.size.width, label.size.height))]


async def test_the_undo_question_keeps_document_names_and_code_ids_whole(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    s01 = repo.get_document(project.conn, "S01_pre", with_text=False)
    api.code_segment(project, repo.segment_by_ordinal(project.conn, s01.id, 2).id, "PF_FAMILY")
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("u")
        await pilot.pause()
        asked = question(app)
        lines = shown_lines(app)
    assert "（S01_pre 第 2 段）" in asked, asked
    assert len([line for line in lines if line.strip()]) > 1, lines   # it does wrap at this width
    for word in re.findall(r"[A-Za-z0-9_:.-]{3,}", asked):   # S01_pre, qualcode, the date and the time
        assert any(word in line for line in lines), (word, lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == asked.replace(" ", "")   # nothing lost


def test_an_opening_mark_stays_with_what_it_opens():
    from qualcode.tui.widgets.cjk_wrap import wrap_cells

    lines = wrap_cells("你最近的操作不是在本窗口做的：编码「家庭支持」（S01_pre 第 4 段）——在命令行中做的", 50)
    assert not any(line.endswith(("（", "「")) for line in lines), lines
    assert "".join(lines) == "你最近的操作不是在本窗口做的：编码「家庭支持」（S01_pre 第 4 段）——在命令行中做的"
