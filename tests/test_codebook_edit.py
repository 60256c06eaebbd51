"""Editing a codebook file keeps its comments and order, validates, and writes atomically."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from qualcode.core.codebook import load_codebook, load_codebooks, shipped_codebook_paths
from qualcode.core.codebook_edit import (
    add_code,
    add_keywords,
    merge_codes,
    move_code,
    rename_code,
    set_keywords,
)
from qualcode.core.errors import CodebookError, NotFoundError

SOURCE = """\
# Demo codebook -- the header comment must survive every edit.
codebook: demo
version: 1
language: [zh, en]
themes:
  # Personal strengths come first.
  - id: T1
    label: {zh: 个人力, en: Personal strengths}
    codes:
      - id: GOAL
        label: {zh: 目标专注, en: Goal focus}
        examples:
          - 我想先把电工证考下来。
        keywords:
          zh: [目标, 计划]  # keep these short
          en: [goal, plan*]
        key: g
        color: "#4e79a7"
      - id: DREAM
        label: {zh: 梦想, en: Dreams}
        examples:
          - 我的梦想是开一家汽修店。
        keywords:
          zh: [梦想, 目标]
          en: [dream*]
        negated_suggests: [LOST]
  - id: T2
    label: {zh: 逆境, en: Adversities}
    codes:
      - id: LOST
        label: {zh: 迷茫, en: Confusion}
        keywords: {zh: [迷茫]}
        negated_suggests: [DREAM]
"""


@pytest.fixture
def codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def assert_comments_kept(text: str) -> None:
    assert text.startswith("# Demo codebook -- the header comment must survive every edit.\n")
    assert "  # Personal strengths come first.\n" in text
    assert "# keep these short" in text  # ruamel may re-space an end-of-line comment


def test_add_keywords_changes_only_that_line(codebook_file):
    codebook = add_keywords(codebook_file, "GOAL", ["打算", "计划", "考证"], "zh")
    after = codebook_file.read_text(encoding="utf-8")
    assert [" ".join(line.split()) for line in changed_lines(SOURCE, after)] == [
        "- zh: [目标, 计划] # keep these short",
        "+ zh: [目标, 计划, 打算, 考证] # keep these short",
    ]
    assert codebook.by_id()["GOAL"].keywords.zh == ("目标", "计划", "打算", "考证")
    assert load_codebook(codebook_file).by_id()["GOAL"].keywords.zh == ("目标", "计划", "打算", "考证")


def test_add_keywords_to_a_code_without_keywords_creates_the_list(codebook_file):
    add_keywords(codebook_file, "T1", ["strength*", "re:good at \\w+"], "en")
    code = load_codebook(codebook_file).by_id()["T1"]
    assert code.keywords.en == ("strength*", "re:good at \\w+")
    assert_comments_kept(codebook_file.read_text(encoding="utf-8"))


def test_set_keywords_replaces_the_list(codebook_file):
    set_keywords(codebook_file, "GOAL", "en", ["goal", "aim*", "work toward"])
    after = codebook_file.read_text(encoding="utf-8")
    assert changed_lines(SOURCE, after) == [
        "-          en: [goal, plan*]",
        '+          en: [goal, aim*, work toward]',
    ]
    assert load_codebook(codebook_file).by_id()["GOAL"].keywords.en == ("goal", "aim*", "work toward")


def test_add_code_under_a_parent_and_as_a_theme(codebook_file):
    add_code(codebook_file, "T2", {
        "id": "EXAM", "label": {"zh": "中考失利", "en": "Exam failure"},
        "keywords": {"zh": ["中考", "考砸"]}, "key": "z", "color": "#e15759",
        "examples": ["中考我差了二十多分。", "我中考考砸了。"],
    })
    add_code(codebook_file, None, {"id": "T3", "label": {"zh": "需求", "en": "Needs"}})
    codebook = load_codebook(codebook_file)
    exam = codebook.by_id()["EXAM"]
    assert (exam.parent_id, exam.position, exam.depth, exam.key) == ("T2", 1, 1, "z")
    assert codebook.codes[-1].id == "T3" and codebook.codes[-1].depth == 0
    text = codebook_file.read_text(encoding="utf-8")
    assert_comments_kept(text)
    assert "        label: {zh: 中考失利, en: Exam failure}\n" in text
    assert text.index("- id: EXAM") < text.index("- id: T3")


def test_rename_code(codebook_file):
    rename_code(codebook_file, "DREAM", {"en": "Dreams and hopes"})
    after = codebook_file.read_text(encoding="utf-8")
    assert changed_lines(SOURCE, after) == [
        "-        label: {zh: 梦想, en: Dreams}",
        "+        label: {zh: 梦想, en: Dreams and hopes}",
    ]


def test_move_code_to_another_parent_and_to_the_top(codebook_file):
    move_code(codebook_file, "DREAM", "T2")
    codebook = load_codebook(codebook_file)
    assert [c.id for c in codebook.children("T2")] == ["LOST", "DREAM"]
    assert [c.id for c in codebook.children("T1")] == ["GOAL"]
    move_code(codebook_file, "LOST", None)
    codebook = load_codebook(codebook_file)
    assert [c.id for c in codebook.children(None)] == ["T1", "T2", "LOST"]
    assert_comments_kept(codebook_file.read_text(encoding="utf-8"))


def test_move_code_under_its_own_descendant_is_refused(codebook_file):
    with pytest.raises(CodebookError, match="under itself or its own descendant"):
        move_code(codebook_file, "T1", "GOAL")
    assert codebook_file.read_text(encoding="utf-8") == SOURCE


def test_merge_moves_keywords_examples_children_and_references(codebook_file):
    add_code(codebook_file, "DREAM", {"id": "DREAM_JOB", "label": {"zh": "理想职业", "en": "Dream job"}})
    codebook = merge_codes(codebook_file, "DREAM", "GOAL")
    goal = codebook.by_id()["GOAL"]
    assert "DREAM" not in codebook.by_id()
    assert goal.keywords.zh == ("目标", "计划", "梦想")  # 目标 was already there
    assert goal.keywords.en == ("goal", "plan*", "dream*")
    assert goal.examples == ("我想先把电工证考下来。", "我的梦想是开一家汽修店。")
    assert goal.negated_suggests == ("LOST",)
    assert (codebook.by_id()["DREAM_JOB"].parent_id, goal.key, goal.labels["en"]) == ("GOAL", "g", "Goal focus")
    assert codebook.by_id()["LOST"].negated_suggests == ("GOAL",)
    assert_comments_kept(codebook_file.read_text(encoding="utf-8"))


def test_merge_into_a_descendant_or_itself_is_refused(codebook_file):
    with pytest.raises(CodebookError, match="its own descendant"):
        merge_codes(codebook_file, "T1", "GOAL")
    with pytest.raises(CodebookError, match="into itself"):
        merge_codes(codebook_file, "GOAL", "GOAL")
    assert codebook_file.read_text(encoding="utf-8") == SOURCE


def test_unknown_code(codebook_file):
    with pytest.raises(NotFoundError, match="no code 'NOPE'"):
        add_keywords(codebook_file, "NOPE", ["x"], "en")


@pytest.mark.parametrize(
    "edit",
    [
        lambda p: add_keywords(p, "GOAL", ["家人 支持"], "zh"),
        lambda p: add_keywords(p, "GOAL", ["re:(考"], "zh"),
        lambda p: set_keywords(p, "GOAL", "en", ["goal", "Goal"]),
        lambda p: add_code(p, "T1", {"id": "GOAL", "label": {"zh": "重复", "en": "Duplicate"}}),
        lambda p: add_code(p, "T1", {"id": "NEW", "label": {"zh": "新"}}),
        lambda p: add_code(p, "T1", {"id": "NEW", "label": {"zh": "新", "en": "New"}, "colour": "#fff"}),
        lambda p: add_code(p, "T1", {"id": "NEW", "label": {"zh": "新", "en": "New"}, "key": "g"}),
        lambda p: rename_code(p, "GOAL", {"en": ""}),
    ],
)
def test_an_invalid_result_leaves_the_file_untouched(codebook_file, edit):
    before = codebook_file.stat().st_mtime_ns
    with pytest.raises(CodebookError, match="change not saved"):
        edit(codebook_file)
    assert codebook_file.read_text(encoding="utf-8") == SOURCE
    assert codebook_file.stat().st_mtime_ns == before
    assert [p.name for p in codebook_file.parent.iterdir()] == ["demo.yaml"]  # no temp file left


def test_an_already_broken_file_is_not_edited(codebook_file):
    broken = SOURCE.replace('"#4e79a7"', '"blue"')
    codebook_file.write_text(broken, encoding="utf-8")
    with pytest.raises(CodebookError, match="bad colour") as info:
        add_keywords(codebook_file, "GOAL", ["打算"], "zh")
    assert info.value.location.line == 18
    assert codebook_file.read_text(encoding="utf-8") == broken


def test_siblings_catch_ids_and_keys_used_in_another_codebook(codebook_file, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(SOURCE.replace("codebook: demo", "codebook: other")
                     .replace("T1", "O1").replace("T2", "O2").replace("GOAL", "O_GOAL")
                     .replace("DREAM", "O_DREAM").replace("LOST", "O_LOST").replace("key: g", "key: h"),
                     encoding="utf-8")
    with pytest.raises(CodebookError, match="key 'h'"):
        add_code(codebook_file, "T1", {"id": "NEW", "label": {"zh": "新", "en": "New"}, "key": "h"},
                 siblings=[codebook_file, other])
    add_code(codebook_file, "T1", {"id": "NEW", "label": {"zh": "新", "en": "New"}, "key": "i"},
             siblings=[codebook_file, other])
    assert "NEW" in load_codebooks([codebook_file, other]).by_id()


def test_file_mode_is_kept(codebook_file):
    os.chmod(codebook_file, 0o640)
    add_keywords(codebook_file, "GOAL", ["打算"], "zh")
    assert codebook_file.stat().st_mode & 0o777 == 0o640


def test_read_only_folder_gives_a_clear_error(codebook_file):
    if os.geteuid() == 0:
        pytest.skip("root can write to read-only folders")
    os.chmod(codebook_file.parent, 0o555)
    try:
        with pytest.raises(CodebookError, match="cannot write codebook"):
            add_keywords(codebook_file, "GOAL", ["打算"], "zh")
    finally:
        os.chmod(codebook_file.parent, 0o755)
    assert codebook_file.read_text(encoding="utf-8") == SOURCE


def test_editing_a_copy_of_a_shipped_codebook_keeps_everything_else(tmp_path):
    shipped = next(p for p in shipped_codebook_paths() if p.name == "resilience-protective-factors.yaml")
    copy = tmp_path / shipped.name
    original = shipped.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    add_keywords(copy, "PF_FAMILY", ["家里人都支持我"], "zh")
    diff = changed_lines(original, copy.read_text(encoding="utf-8"))
    assert len(diff) == 2 and diff[1].endswith(", 家里人都支持我]")


def test_a_list_saved_from_a_stale_view_keeps_what_was_added_and_removed_elsewhere():
    from qualcode.core.codebook_edit import rebased

    shown = ["家里支持", "妈妈"]
    # nobody changed the file: the editor's list as it is, order included
    assert rebased(["家里支持", "妈妈"], shown, ["妈妈", "家里支持", "外婆"]) == ["妈妈", "家里支持", "外婆"]
    # the CLI added 爸爸 and removed 家里支持 meanwhile; the editor removed 妈妈 and added 外婆
    assert rebased(["爸爸"], shown, ["家里支持", "外婆"]) == ["爸爸", "外婆"]
    assert rebased(["家里支持", "妈妈", "爸爸"], shown, ["家里支持"]) == ["家里支持", "爸爸"]
    assert rebased(["x"], None, ["y"]) == ["y"]  # no base known: replaced as before
