"""Transcripts named and saved the way a Chinese researcher's Windows tools make them (QA round 30).

A Chinese input method left in full-width mode types `Ｓ07` or `S０７`, and Windows names a copy `S07（前测）.txt`
or `S07_pre (2).txt`. The participant came from the file name only for half-width ASCII between `_`, `-`, `.` and
spaces: `Ｓ07_pre.txt` had no participant at all, `S０７_pre.txt` became a case `S０７` of its own, and a
participants table that wrote the ids as S07 was then refused as "another spelling", so nothing was imported.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

TURNS = "访谈者：你好，请先介绍一下自己。\r\n受访者：中考没考好，刚来的时候很自卑。\r\n访谈者：现在呢？\r\n受访者：现在有目标了。\r\n"


def test_full_width_ids_and_bracketed_waves_in_file_names_are_the_participants_the_table_names(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    folder = root / "transcripts" / "第一轮 访谈"
    folder.mkdir()
    (folder / "Ｓ07_pre.txt").write_bytes(TURNS.encode("gbk"))                # Notepad's ANSI on a Chinese Windows
    (folder / "S０８（前测）.txt").write_bytes(TURNS.encode("gbk"))
    (folder / "S09_post (2).txt").write_bytes(b"\xef\xbb\xbf" + TURNS.encode("utf-8"))
    (folder / "访谈11.txt").write_bytes(("---\r\nparticipant: Ｓ１１\r\nwave: 后测\r\n---\r\n" + TURNS).encode("gbk"))
    (folder / "participants.csv").write_bytes("编号,性别\r\nS07,男\r\nS08,女\r\nS09,女\r\nS11,男\r\n".encode("gbk"))

    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err

    listed = run_cli("cases", "list", cwd=root).out
    for case, gender in (("S07", "男"), ("S08", "女"), ("S09", "女"), ("S11", "男")):
        assert f"{case}   性别={gender}" in listed
    assert "０" not in listed and "Ｓ" not in listed
    status = run_cli("status", cwd=root).out
    for document, participant, wave in (("Ｓ07_pre", "S07", "pre"), ("S０８（前测）", "S08", "pre"),
                                        (r"S09_post \(2\)", "S09", "post"), ("访谈11", "S11", "post")):
        assert re.search(rf"^{document}\s+{participant}\s+{wave}\s", status, re.MULTILINE), status
    out = root / "exports" / "m.csv"
    assert run_cli("export", "matrix", "--by", "wave", "--out", out, cwd=root).exit_code == 0
    rows = pd.read_csv(out, dtype=str)
    assert sorted(zip(rows["participant"], rows["wave"])) == [
        ("S07", "pre"), ("S08", "pre"), ("S09", "post"), ("S11", "post")]


def test_speaker_labels_typed_in_full_width_letters_are_read(tmp_path, run_cli):
    """`Ｉ：`/`Ｒ：` and `Ｐ０１：` (full-width mode): no labels were found, so the interviewer's questions were
    participant turns (coded, suggested and counted as the student's words), or the participant's lines were read
    as the interviewer's, with only a warning."""
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S41_pre.txt").write_bytes(
        "Ｉ：你好，请介绍一下自己。\r\nＲ：我是护理专业的，很自卑。\r\nＩ：现在呢？\r\nＲ：现在有目标了。\r\n".encode("gbk"))
    (root / "transcripts" / "group.txt").write_bytes(
        "访谈者：你好。\r\nＰ０１：我很自卑。\r\n访谈者：现在呢？\r\nＰ０１：现在有目标了。\r\n".encode("gbk"))
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err
    assert "no speaker labels found" not in result.out + result.err
    assert "no participant turns" not in result.out + result.err

    out = root / "exports" / "turns.csv"
    assert run_cli("export", "matrix", "--out", out, cwd=root).exit_code == 0
    assert sorted(pd.read_csv(out, dtype=str)["participant"]) == ["P01", "S41"]
    status = run_cli("status", cwd=root).out   # two participant turns of four in each
    assert re.search(r"^S41_pre\s+S41\s+pre\s+zh\s+0/2\s", status, re.MULTILINE), status
    assert re.search(r"^group\s+P01\s+-\s+zh\s+0/2\s", status, re.MULTILINE), status


@pytest.mark.parametrize(("times", "shown"), [(5000, "5000 hits"), (5001, "5000+ hits")])
async def test_corpus_search_says_when_it_listed_only_the_first_hits(project, tmp_path, times, shown):
    """A search in a project of 1,200 interviews for a common word (技能比赛, 留守儿童) stops listing at 5,000 hits
    and said `5000 处结果`, read as the word's count in the corpus; it says `5000+` now."""
    from qualcode.app import api
    from qualcode.tui.app import make_app
    from qualcode.tui.screens.search import CorpusSearchScreen
    from tests.tui_fixtures import settle

    folder = tmp_path / "incoming"
    folder.mkdir()
    turns = ["访谈者：压力大吗？\n受访者：有压力。"] * times
    (folder / "S01_pre.txt").write_text("\n".join(turns) + "\n", encoding="utf-8")
    api.import_paths(project, [folder])
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2", *"有压力", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusSearchScreen)
        assert len(screen.hits) == 5000
        assert str(screen.query_one("#search-count").render()) == shown


def test_an_import_of_many_interviews_names_recognised_speakers_once(tmp_path, run_cli):
    """1,200 interviews printed 4,800 lines of `S0001_前测 的说话人： 访谈者：访谈者——识别出的说话人标签（82 个话轮）`
    after the table, one block per document; the one document whose roles were chosen from evidence was lost
    among them. Documents whose speakers are all recognised labels are one line when there are more than 10."""
    root = tmp_path / "study"
    assert run_cli("init", root, "--lang", "zh").exit_code == 0
    for number in range(1, 13):
        (root / "transcripts" / f"S{number:02d}_pre.txt").write_bytes(TURNS.encode("gbk"))
    (root / "transcripts" / "S13_pre.txt").write_text(
        "老师：你好，最近怎么样？\n小王：还行吧。\n老师：压力大吗？\n小王：有一点。\n", encoding="utf-8")
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err
    assert "12 个文档的说话人都是识别出的说话人标签：访谈者（访谈者）、受访者（受访者）" in result.out
    assert "S01_pre 的说话人" not in result.out and result.out.count("的说话人：") == 1
    assert "S13_pre 的说话人：" in result.out and "小王：受访者" in result.out


def test_labels_written_with_the_colons_look_alikes_are_read(tmp_path, run_cli):
    """`访谈者∶` with the ratio sign a GBK input method offers beside the colon, and `訪談者︰` with Big5's vertical
    colon: no labels were found, so every line, the interviewer's questions too, became participant data."""
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S61_pre.txt").write_bytes(
        "访谈者∶你好，请介绍一下自己。\r\n受访者∶我是护理专业的，很自卑。\r\n访谈者∶现在呢？\r\n受访者∶现在有目标了。\r\n"
        .encode("gbk"))
    (root / "transcripts" / "S62_pre.txt").write_bytes(
        "訪談者︰你好，請介紹一下自己。\r\n受訪者︰我是護理專業的，很自卑。\r\n訪談者︰現在呢？\r\n受訪者︰現在有目標了。\r\n"
        .encode("big5"))
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err
    assert "no speaker labels found" not in result.out + result.err
    status = run_cli("status", cwd=root).out   # two participant turns of four in each
    for document in ("S61_pre", "S62_pre"):
        assert re.search(rf"^{document}\s+S6\d\s+pre\s+zh\s+0/2\s", status, re.MULTILINE), status


def test_a_transcript_saved_again_in_another_encoding_is_unchanged(tmp_path, run_cli):
    """The same transcript saved again as UTF-8 (a GBK file opened and saved by a newer editor) or with LF for CRLF
    was a new version: `new version`, every coding moved onto it, an import step in the undo history, for nothing.
    Other front matter over the same text is still a new version."""
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    path = root / "transcripts" / "S01_pre.txt"
    path.write_bytes(TURNS.encode("gbk"))
    dated = root / "transcripts" / "S02_pre.txt"
    dated.write_bytes(("---\r\ndate: 2026-03-09\r\n---\r\n" + TURNS).encode("gbk"))
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    assert run_cli("code", "S01_pre", "2", "AD_EXAM", cwd=root).exit_code == 0

    path.write_bytes(b"\xef\xbb\xbf" + TURNS.replace("\r\n", "\n").encode("utf-8"))
    dated.write_bytes(("---\r\ndate: 2026-03-10\r\n---\r\n" + TURNS).encode("utf-8"))
    again = run_cli("import", "transcripts", cwd=root)
    assert again.exit_code == 0, again.err
    assert re.search(r"^transcripts/S01_pre\.txt\s+unchanged\s", again.out, re.MULTILINE), again.out
    assert re.search(r"^transcripts/S02_pre\.txt\s+new version\s", again.out, re.MULTILINE), again.out
    assert "0 imported, 1 new version(s), 1 unchanged" in again.out
    undone = run_cli("undo", cwd=root)   # the import step is S02_pre's alone
    assert undone.exit_code == 0 and "S02_pre back to version 1" in undone.out and "S01_pre" not in undone.out
    assert run_cli("undo", cwd=root).out.startswith("Undone: coding")


async def test_searches_and_the_filter_find_words_typed_in_either_width(project, tmp_path):
    """Transcribers type ＱＱ and ３年 in full-width mode, the researcher searches `qq` and `3年` (or filters the home
    list with `Ｓ０１` typed in full-width mode): nothing was found, so a count read off the list was short, unsaid."""
    from qualcode.app import api
    from qualcode.tui.app import make_app
    from qualcode.tui.screens.search import CorpusSearchScreen
    from tests.tui_fixtures import settle

    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "S01_pre.txt").write_bytes(
        "访谈者：平时做什么？\r\n受访者：我每天玩ＱＱ，上职校３年了。\r\n访谈者：还有呢？\r\n受访者：也玩qq，3年都这样。\r\n"
        .encode("gbk"))
    (folder / "S02_pre.txt").write_bytes(TURNS.encode("gbk"))
    api.import_paths(project, [folder])
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Ｓ０１")
        await settle(pilot)
        assert [r.name for r in app.screen._sorted_filtered()] == ["S01_pre"]
        await pilot.press("escape", "f2", *"qq", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusSearchScreen)
        assert [(hit.ordinal, hit.match) for hit in screen.hits] == [(2, "ＱＱ"), (4, "qq")]
        await pilot.press("escape", "f2", *"3年", "enter")
        await settle(pilot)
        assert [(hit.ordinal, hit.match) for hit in app.screen.hits] == [(2, "３年"), (4, "3年")]
        await pilot.press("enter")   # the first hit opens S01_pre; `/` searches in it
        await settle(pilot)
        await pilot.press("slash", *"qq", "enter")
        await settle(pilot)
        text = app.screen.data.text
        assert [text[start:end] for start, end in app.screen.matches] == ["ＱＱ", "qq"]


def test_numbered_turns_as_word_saves_them_as_text_are_read(tmp_path, run_cli):
    """Word saves a numbered list as `1.<TAB>访谈者：…` in a .txt, and transcribers number turns by hand (`12、受访者：`,
    `（3）访谈者：`): no labels were found, and every line, the interviewer's questions too, became participant data.
    A numbered list inside an answer stays its words."""
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S71_pre.txt").write_bytes(
        "1.\t访谈者：你好，请介绍一下自己。\r\n2.\t受访者：我是护理专业的，很自卑。\r\n3.\t访谈者：现在呢？\r\n"
        "4.\t受访者：现在有目标了。\r\n".encode("gbk"))
    (root / "transcripts" / "S72_pre.txt").write_bytes(
        "（1）访谈者：你的目标？\r\n（2）受访者：有两个。\r\n1、考证\r\n2、实习\r\n（3）访谈者：好的。\r\n（4）受访者：就这些。\r\n"
        .encode("gbk"))
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err
    assert "no speaker labels found" not in result.out + result.err
    status = run_cli("status", cwd=root).out   # two participant turns of four in each
    for document in ("S71_pre", "S72_pre"):
        assert re.search(rf"^{document}\s+S7\d\s+pre\s+zh\s+0/2\s", status, re.MULTILINE), status
    out = root / "exports" / "long.csv"
    assert run_cli("code", "S72_pre", "2", "PF_GOAL", cwd=root).exit_code == 0
    assert run_cli("export", "long", "--with-text", "--out", out, cwd=root).exit_code == 0
    assert list(pd.read_csv(out)["text"]) == ["有两个。\n1、考证\n2、实习"]
