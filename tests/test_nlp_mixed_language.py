"""English keywords of a mixed codebook match the English words of a Chinese turn (code-switching, common in
Chinese interviews: 我最近stress很大), and Chinese keywords the Chinese words of a turn read as English. Real
jieba and spaCy, the shipped codebooks and a real project through `qualcode suggest`."""

from __future__ import annotations

import pytest

from _nlp_fixtures import code
from qualcode.core.models import Codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.language import detect_segment_language
from qualcode.storage import suggestions as store


@pytest.fixture(scope="module")
def engine() -> SuggestionEngine:
    return SuggestionEngine([Codebook("t", 1, ("zh", "en"), (
        code("STRESS", zh=["压力"], en=["stress", "under pressure", "panic*", "exam NEAR/3 stress"]),
        code("GOAL", zh=["目标"], en=["goal"]),
        code("CRY", en=["cry"]),
    ))])


def found(engine: SuggestionEngine, text: str) -> dict[str, list[tuple[str, str, str]]]:
    result = {}
    for scored in engine.suggest_text(text, min_score=0):
        for evidence in scored.evidence:   # offsets are code points into the turn, as everywhere
            assert text[evidence.start:evidence.end] == evidence.matched
        result[scored.code_id] = [(e.keyword, e.matched, e.kind) for e in scored.evidence]
    return result


@pytest.mark.parametrize(("text", "code_id", "evidence"), [
    ("我最近stress很大", "STRESS", ("stress", "stress", "exact")),
    ("我最近Stress很大。", "STRESS", ("stress", "Stress", "exact")),
    ("我最近 stress 很大", "STRESS", ("stress", "stress", "exact")),
    ("考试前我总是panicking，睡不着", "STRESS", ("panic*", "panicking", "exact")),
    ("我的goal是先考电工证", "GOAL", ("goal", "goal", "exact")),
    ("最近老是cried，压不住", "CRY", ("cry", "cried", "lemma")),       # a short keyword word, inflected
])
def test_an_english_keyword_matches_an_english_word_inside_a_chinese_turn(engine, text, code_id, evidence):
    assert detect_segment_language(text) == "zh"
    assert found(engine, text) == {code_id: [evidence]}


def test_a_mixed_turn_read_as_english_finds_both_languages_keywords(engine):
    text = "我感觉under pressure"           # more Latin letters than Han: read as English
    assert detect_segment_language(text) == "en"
    assert found(engine, text) == {"STRESS": [("under pressure", "under pressure", "exact")]}
    other = "I set a goal, but 压力 every day"
    assert detect_segment_language(other) == "en"
    assert set(found(engine, other)) == {"GOAL", "STRESS"}
    assert ("压力", "压力", "exact") in found(engine, other)["STRESS"]


def test_a_chinese_negation_before_an_english_keyword_counts_as_before_a_chinese_one(engine):
    # 没有压力 is negated, so no STRESS; 没有stress is the same statement and is treated the same.
    assert found(engine, "我现在没有压力了") == found(engine, "我现在没有stress了") == {}
    assert "STRESS" in found(engine, "我现在stress了")


def test_latin_words_that_begin_no_keyword_are_no_hit(engine):
    assert found(engine, "平时用QQ和微信聊天，ok的") == {}


def test_the_shipped_codebooks_find_english_inside_chinese(repo_root):
    from qualcode.core.codebook import load_codebooks

    books = load_codebooks(sorted((repo_root / "codebooks").glob("*.yaml"))).codebooks
    shipped = SuggestionEngine(books)
    codes = {s.code_id for s in shipped.suggest_text("这学期coursework太多了，每天都写到很晚", min_score=0)}
    assert "AD_PRESSURE_STUDY" in codes, codes


def test_suggest_stores_the_english_evidence_of_a_chinese_turn(project, run_cli):
    (project.root / "transcripts" / "S09_pre.txt").write_text(
        "访谈者：最近怎么样？\n受访者：这学期coursework太多了，每天都写到很晚。\n", encoding="utf-8")
    assert run_cli("--project", project.root, "import", project.root / "transcripts").exit_code == 0
    result = run_cli("--project", project.root, "suggest", "--engine", "keywords", "--jobs", "1")
    assert result.exit_code == 0, result.err
    rows = [r for r in store.list_suggestions(project.conn) if r.suggestion.code_id == "AD_PRESSURE_STUDY"]
    assert rows and rows[0].suggestion.evidence[0].matched == "coursework", rows
