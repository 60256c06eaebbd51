"""`qualcode suggestions list --lang zh`: the learned model's evidence (the coded turns a score resembles, its
strongest terms, its score and threshold, why it stays a candidate) reads in Chinese, in the coding panel's words;
English keeps the line it always printed. Real project, real jieba and scikit-learn, the CLI in-process."""

from __future__ import annotations

import re

from test_suggest_learned import coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 uncoded)
from qualcode.cli.words import cli_translator, evidence_in
from qualcode.core.models import Evidence
from qualcode.nlp.combined import CombinedEngine, learned_evidence
from qualcode.nlp.learned import LearnedSuggestion
from qualcode.tui.i18n import Translator

ENGLISH_WORDS = re.compile(r"like your|learned|terms|model|threshold|few examples|pending from|candidate")


def _listed(run_cli, root: str, lang: str) -> dict[str, str]:
    listed = run_cli("--project", root, "--lang", lang, "suggestions", "list", "--status", "all", "--limit", "0")
    assert listed.exit_code == 0, listed.err
    rows = [re.split(r"\s{2,}", line, maxsplit=6) for line in listed.out.splitlines()[1:-1]]
    return {row[0]: row[6] for row in rows}


def test_the_learned_evidence_of_suggestions_list_reads_in_chinese(coded_project, run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    english, chinese = _listed(run_cli, root, "en"), _listed(run_cli, root, "zh")
    assert english.keys() == chinese.keys() and len(english) > 3
    panel = Translator("zh")
    like, terms = panel("evidence.like_turns", turns=""), panel("evidence.terms", terms="")
    for row_id, said in chinese.items():
        assert not ENGLISH_WORDS.search(said), said
        numbers = re.findall(r"\d\.\d\d", english[row_id])
        assert re.findall(r"\d\.\d\d", said) == numbers, (said, english[row_id])  # the same figures, in order
        assert said.startswith(like if english[row_id].startswith("like your codings of ") else
                               panel("evidence.learned")), said
        assert (terms in said) == ("; terms " in english[row_id]), said
        assert ("例子较少：得分" in said) == ("few examples: pending from" in english[row_id]), said
        assert said.endswith("）") and "（学习模型：模型得分 " in said, said
    pending = next(said for row_id, said in chinese.items() if "S01_pre #2" in said and "S02_pre #2" in said)
    assert pending.startswith(like + "S01_pre #2、S02_pre #2；" + terms), pending


def test_the_notes_that_keep_a_score_a_candidate_are_chinese_too():
    zh, en = cli_translator("zh", None), cli_translator("en", None)
    gated = learned_evidence(LearnedSuggestion("FAMILY", 0.71, 0.4, ("S01_pre #2",), ("支持",), gate=0.2,
                                               gate_threshold=0.35))
    assert evidence_in(zh, [gated]) == ("类似你编码过的：S01_pre #2；主要依据的词：支持（学习模型：模型得分 0.71，阈值 0.40；"
                                        "“有编码适用”的得分 0.20 < 0.35，保留为候选）")
    assert evidence_in(en, [gated]) == ("like your codings of S01_pre #2; terms 支持 (learned, model 0.71, "
                                        "threshold 0.40; any code applies 0.20 < 0.35, kept as a candidate)")
    found = [LearnedSuggestion(code, score, 0.5, (), ()) for code, score in (("A", 0.9), ("B", 0.54))]
    weaker = CombinedEngine._combined("zh", {}, found, 0.3, 7, 0.6).codes[1].evidence
    assert evidence_in(zh, weaker).endswith("；不到本段最高分 0.86 的 0.6：保留为候选）"), evidence_in(zh, weaker)
    # where coded turns carry two codes, the second best score is the one the share is of
    found = [LearnedSuggestion(code, score, 0.5, (), ()) for code, score in (("A", 0.95), ("B", 0.9), ("C", 0.54))]
    third = CombinedEngine._combined("zh", {}, found, 0.3, 7, 0.6, 2).codes[2].evidence
    assert evidence_in(zh, third).endswith("；不到本段第 2 高分 0.86 的 0.6（你编码的段落平均有 2 个编码）：保留为候选）"), \
        evidence_in(zh, third)
    assert evidence_in(en, third).endswith("under 0.6 of this turn's score no. 2, 0.86 (your coded turns carry 2 "
                                           "codes): kept as a candidate)"), evidence_in(en, third)


def test_keyword_hits_name_their_kind_in_chinese_and_repeats_are_counted_once():
    zh = cli_translator("zh", None)
    hit = Evidence("自信", "自信", 3, 5, "exact")
    hedged = Evidence("自信", "自信", 9, 11, "exact", 0.5, "hedge cue '可能' at 7")
    assert evidence_in(zh, [hit, hit, hedged]) == "自信（关键词） ×2, 自信（关键词，模糊语 '可能'（位置 7））"
    assert evidence_in(cli_translator("en", None), [hit, hedged]) == "自信(exact), 自信(exact, hedge cue '可能' at 7)"
