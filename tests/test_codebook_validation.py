"""Each validation problem is reported with the file, line and column (1-based).

The expected positions are worked out by hand from the crafted YAML below.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qualcode.core.codebook import CodebookValidationError, load_codebook, load_codebooks
from qualcode.core.errors import CodebookError

VALID = """\
codebook: demo
version: 1
language: [zh, en]
themes:
  - id: T1
    label: {zh: 主题, en: Theme}
    codes:
      - id: C1
        label: {zh: 目标, en: Goal}
        keywords:
          zh: [目标, 计划]
          en: [goal, plan*]
        key: g
        color: "#4e79a7"
"""


def write(tmp_path: Path, text: str, name: str = "cb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(path: Path) -> CodebookError:
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    return info.value


def assert_at(error: CodebookError, path: Path, line: int, column: int, *words: str) -> None:
    assert error.location is not None
    assert (Path(error.location.path), error.location.line, error.location.column) == (path, line, column)
    for word in words:
        assert word in error.message, error.message
    assert str(error).startswith(f"{path}:{line}:{column}: ")


def test_valid_file_loads(tmp_path):
    codebook = load_codebook(write(tmp_path, VALID))
    assert [c.id for c in codebook.codes] == ["T1", "C1"]
    assert codebook.codes[1].keywords.en == ("goal", "plan*")


def test_malformed_yaml_points_at_the_problem(tmp_path):
    path = write(tmp_path, VALID.replace("zh: [目标, 计划]", "zh: [目标, 计划"))
    assert_at(error_of(path), path, 12, 13, "invalid YAML", "flow sequence started at line 11, column 15")


def test_duplicate_mapping_key_in_yaml(tmp_path):
    path = write(tmp_path, VALID.replace('        key: g\n', '        key: g\n        key: h\n'))
    assert_at(error_of(path), path, 14, 9, 'duplicate key "key"')


def test_unknown_key_suggests_the_closest_known_key(tmp_path):
    path = write(tmp_path, VALID.replace("        keywords:", "        keyword:"))
    assert_at(error_of(path), path, 10, 9, "unknown key 'keyword'", "did you mean 'keywords'?")


def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, VALID.replace("version: 1", "versoin: 1"))
    error = error_of(path)
    assert isinstance(error, CodebookValidationError)
    assert_at(error.problems[0], path, 2, 1, "did you mean 'version'?")
    assert "missing key 'version'" in error.problems[1].message


def test_duplicate_id_within_a_file_names_the_first(tmp_path):
    path = write(tmp_path, VALID.replace("- id: C1", "- id: T1"))
    assert_at(error_of(path), path, 8, 13, "duplicate id 'T1'", f"{path}:5:9")


def test_duplicate_id_across_files(tmp_path):
    first = write(tmp_path, VALID, "a.yaml")
    second = write(tmp_path, VALID.replace("key: g", "key: h").replace("codebook: demo", "codebook: other"), "b.yaml")
    with pytest.raises(CodebookError) as info:
        load_codebooks([first, second])
    assert_at(info.value, second, 5, 9, "duplicate id 'T1'", f"{first}:5:9")


def test_missing_label_language(tmp_path):
    path = write(tmp_path, VALID.replace("label: {zh: 目标, en: Goal}", "label: {zh: 目标}"))
    assert_at(error_of(path), path, 9, 16, "code 'C1' is missing its en label")


def test_missing_label_entirely(tmp_path):
    path = write(tmp_path, VALID.replace("        label: {zh: 目标, en: Goal}\n", ""))
    assert_at(error_of(path), path, 8, 9, "code 'C1' has no 'label'")


@pytest.mark.parametrize("colour", ['"#4e79a"', '"blue"', '"#ggg"'])
def test_bad_colour(tmp_path, colour):
    path = write(tmp_path, VALID.replace('"#4e79a7"', colour))
    assert_at(error_of(path), path, 14, 16, "bad colour")


def test_unquoted_colour_is_explained(tmp_path):
    path = write(tmp_path, VALID.replace('"#4e79a7"', "#4e79a7"))
    assert_at(error_of(path), path, 14, 9, "must be quoted")


def test_short_colour_is_accepted_and_expanded(tmp_path):
    codebook = load_codebook(write(tmp_path, VALID.replace('"#4e79a7"', '"#F0A"')))
    assert codebook.codes[1].color == "#ff00aa"


def test_duplicate_tui_key_within_and_across_files(tmp_path):
    text = VALID + '      - id: C2\n        label: {zh: 乙, en: B}\n        key: g\n'
    path = write(tmp_path, text)
    assert_at(error_of(path), path, 17, 14, "key 'g' of 'C2' is already used by 'C1'")
    first = write(tmp_path, VALID, "a.yaml")
    other = VALID.replace("T1", "T9").replace("C1", "C9")
    second = write(tmp_path, other, "b.yaml")
    with pytest.raises(CodebookError) as info:
        load_codebooks([first, second])
    assert_at(info.value, second, 13, 14, "key 'g' of 'C9' is already used by 'C1'")


def test_reserved_key(tmp_path):
    path = write(tmp_path, VALID.replace("key: g", "key: j"))
    assert_at(error_of(path), path, 13, 14, "key 'j'", "reserved")


def test_negated_suggests_unknown_id_is_caught_when_loading_together(tmp_path):
    text = VALID.replace("        key: g\n", "        key: g\n        negated_suggests: [T1, NOPE]\n")
    path = write(tmp_path, text)
    assert load_codebook(path).codes[1].negated_suggests == ("T1", "NOPE")  # may live in another file
    with pytest.raises(CodebookError) as info:
        load_codebooks([path])
    assert_at(info.value, path, 14, 32, "unknown code 'NOPE'")


def test_negated_suggests_resolves_across_files(tmp_path):
    first = write(tmp_path, VALID.replace("        key: g\n", "        key: g\n        negated_suggests: [N1]\n"), "a.yaml")
    second = write(tmp_path, VALID.replace("T1", "N0").replace("C1", "N1").replace("key: g", "key: h"), "b.yaml")
    loaded = load_codebooks([first, second])
    assert loaded.by_id()["C1"].negated_suggests == ("N1",)


def test_empty_keyword(tmp_path):
    path = write(tmp_path, VALID.replace("zh: [目标, 计划]", 'zh: [目标, ""]'))
    assert_at(error_of(path), path, 11, 20, "empty keyword")


def test_same_keyword_twice_in_one_code(tmp_path):
    path = write(tmp_path, VALID.replace("en: [goal, plan*]", "en: [goal, plan*, Goal]"))
    assert_at(error_of(path), path, 12, 29, "lists keyword 'Goal' twice", f"{path}:12:16")


def test_same_keyword_in_two_codes_is_a_warning(tmp_path):
    text = VALID + "      - id: C2\n        label: {zh: 乙, en: B}\n        keywords: {zh: [计划]}\n"
    path = write(tmp_path, text)
    loaded = load_codebooks([path])
    assert [str(w) for w in loaded.warnings] == [
        f"{path}:17:25: keyword '计划' of 'C2' is also a keyword of 'C1' (at {path}:11:20); "
        "a hit will suggest both codes"
    ]


def test_invalid_regular_expression(tmp_path):
    path = write(tmp_path, VALID.replace("zh: [目标, 计划]", "zh: [目标, 're:考(了|到证']"))
    assert_at(error_of(path), path, 11, 20, "invalid regular expression", "missing )")


@pytest.mark.parametrize("rule", ["老师 NEAR/0 帮", "老师 NEAR/51 帮", "老师 NEAR/x 帮", "老师 NEAR 帮"])
def test_near_with_a_bad_distance(tmp_path, rule):
    path = write(tmp_path, VALID.replace("zh: [目标, 计划]", f"zh: [目标, '{rule}']"))
    assert_at(error_of(path), path, 11, 20, "NEAR")


def test_chinese_keyword_with_a_space(tmp_path):
    path = write(tmp_path, VALID.replace("zh: [目标, 计划]", "zh: [目标, 家人 支持]"))
    assert_at(error_of(path), path, 11, 20, "contains a space", "jieba")


def test_all_problems_are_collected(tmp_path):
    text = VALID.replace("key: g", "key: 1").replace('"#4e79a7"', '"red"').replace("keywords:", "kewords:")
    error = error_of(write(tmp_path, text))
    assert isinstance(error, CodebookValidationError)
    assert [p.location.line for p in error.problems] == [10, 13, 14]
    assert "(and 2 more problems)" in error.message


def test_nesting_to_depth_four(tmp_path):
    text = """\
    codebook: deep
    version: 1
    language: [en]
    themes:
      - id: L0
        label: {en: Level 0}
        codes:
          - id: L1
            label: {en: Level 1}
            codes:
              - id: L2
                label: {en: Level 2}
                codes:
                  - id: L3
                    label: {en: Level 3}
                    codes:
                      - id: L4a
                        label: {en: Level 4 a}
                      - id: L4b
                        label: {en: Level 4 b}
                        keywords: {en: [deep]}
      - id: M0
        label: {en: Second theme}
    """
    codebook = load_codebook(write(tmp_path, text))
    flat = [(c.id, c.parent_id, c.depth, c.position) for c in codebook.codes]
    assert flat == [
        ("L0", None, 0, 0), ("L1", "L0", 1, 0), ("L2", "L1", 2, 0), ("L3", "L2", 3, 0),
        ("L4a", "L3", 4, 0), ("L4b", "L3", 4, 1), ("M0", None, 0, 1),
    ]
    assert codebook.theme_of("L4b") == "L0"
    assert codebook.languages == ("en",)


def test_empty_file_and_not_utf8(tmp_path):
    empty = write(tmp_path, "", "empty.yaml")
    assert_at(error_of(empty), empty, 1, 1, "empty")
    binary = tmp_path / "gbk.yaml"
    binary.write_bytes("codebook: demo\nversion: 1\n# 中文\n".encode("gbk"))
    assert_at(error_of(binary), binary, 3, 3, "not UTF-8")


def test_missing_file(tmp_path):
    error = error_of(tmp_path / "nope.yaml")
    assert "not found" in str(error) and "nope.yaml" in str(error)


def test_a_codebook_set_is_a_sequence_of_its_codebooks(tmp_path):
    first = write(tmp_path, VALID, "a.yaml")
    second = write(tmp_path, VALID.replace("T1", "T9").replace("C1", "C9").replace("key: g", "key: h"), "b.yaml")
    loaded = load_codebooks([first, second])
    assert len(loaded) == 2 and loaded[1] is loaded.codebooks[1]
    assert [cb.path for cb in list(loaded)] == [str(first), str(second)]
