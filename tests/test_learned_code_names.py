"""A code's labels train the learned model as extra positives, with its description, include note and
examples: a researcher's code name is often the claim itself. Real codebook YAML, real SQLite, real jieba."""

from __future__ import annotations

from test_suggest_learned import CODEBOOK, coded_project  # noqa: F401  (the fixture)
from qualcode.app.suggesting.learning import code_hints, train_for_project
from qualcode.core.codebook import load_codebook

NAMED = """codebook: named
version: 1
language: [zh, en]
themes:
  - id: LABEL_CLUES
    label: {zh: 补充式标签提供细节线索协助判断, en: Supplementary labels give detail clues}
    description: 标签帮助判断照片
    examples: ["看了标签才知道照片哪里不对。"]
  - id: BARE
    label: {zh: BARE, en: BARE}
  - id: SAME
    label: {zh: 同一个名字, en: 同一个名字}
"""


def test_hints_hold_each_distinct_label_but_not_one_that_repeats_the_id(tmp_path):
    path = tmp_path / "named.yaml"
    path.write_text(NAMED, encoding="utf-8")
    hints = code_hints([load_codebook(path)], {"LABEL_CLUES", "BARE", "SAME"})
    assert hints["LABEL_CLUES"] == ["补充式标签提供细节线索协助判断", "Supplementary labels give detail clues",
                                    "标签帮助判断照片", "看了标签才知道照片哪里不对。"]
    assert hints["BARE"] == []            # a label that is only the id says nothing about the code
    assert hints["SAME"] == ["同一个名字"]   # the same label in two languages trains once


def test_renaming_a_code_retrains_the_model(coded_project):
    books = [load_codebook(coded_project.root / "codebooks" / "plain.yaml")]
    first = train_for_project(coded_project, books)
    assert first.how == "built" and first.engine is not None
    assert train_for_project(coded_project, books).how == "reused"
    (coded_project.root / "codebooks" / "plain.yaml").write_text(
        CODEBOOK.replace("label: {zh: 同伴}", "label: {zh: 和同学朋友相处得好}"), encoding="utf-8")
    renamed = [load_codebook(coded_project.root / "codebooks" / "plain.yaml")]
    again = train_for_project(coded_project, renamed)
    assert again.how == "built" and again.key != first.key   # the new name is new training text
