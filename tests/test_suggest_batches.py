"""suggest_segments in batches and passes changes no result (h/en14e).

``SuggestionEngine.suggest_segments`` works a document's segments ``BATCH_SEGMENTS`` at a time, in three
passes (the tokens of every English turn, then every turn's hits, then every turn's scores), instead of
``suggest_segment`` one segment after another; ``find_hits_many`` is the matcher's batch. Both must give
exactly what one segment at a time gives: the same language, codes, scores and evidence per segment, in
order, with interviewer turns skipped (or suggested, when ``suggest_interviewer`` asks), Chinese, mixed
and empty turns among English ones, and batches that end inside a document.
"""

from __future__ import annotations

import pytest

from qualcode.core.models import Segment
from qualcode.nlp import engine as engine_module
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.matcher import find_hits, find_hits_many
from qualcode.nlp.settings import NlpSettings
from qualcode.storage import repository as repo

MADE_UP = [
    ("participant", "My family support matters, and my parents supported me when I failed the exam."),
    ("interviewer", "How did your teachers help you with the pressure?"),
    ("participant", "我感觉under pressure, but my teacher always encouraged me."),  # mixed: English path, masked
    ("participant", "老师一直鼓励我要有自信，学习压力很大。"),  # Chinese among English turns
    ("participant", ""),  # empty: the document's language, no codes
    ("participant", "   "),
    ("participant", "I do not feel supported, maybe I was lonely; I never felt confident at school."),
    ("interviewer", "And your family?"),
    ("participant", "Yes, that is right."),
]


def _segments(project) -> list[tuple[list[Segment], str]]:
    """Every current document's segments with its language, as suggest reads them."""
    return [(repo.list_segments(project.conn, document.id), document.language or "zh")
            for document in repo.list_documents(project.conn)]


def _one_at_a_time(engine: SuggestionEngine, segments: list[Segment], default_language: str, min_score):
    return [engine.suggest_segment(segment, min_score=min_score, default_language=default_language)
            for segment in segments]


def _made_up_segments() -> list[Segment]:
    return [Segment(id=1000 + i, document_id=99, ordinal=i, start=0, end=len(text), speaker=role[0].upper(),
                    role=role, text=text) for i, (role, text) in enumerate(MADE_UP)]


@pytest.mark.parametrize("interviewer", [False, True])
@pytest.mark.parametrize("batch", [3, 128])
def test_batched_segments_equal_one_at_a_time(sample_project, monkeypatch, interviewer, batch):
    monkeypatch.setattr(engine_module, "BATCH_SEGMENTS", batch)
    engine = SuggestionEngine(sample_project.codebooks(), NlpSettings(suggest_interviewer=interviewer))
    documents = _segments(sample_project) + [(_made_up_segments(), "en"), (_made_up_segments(), "zh")]
    assert {language for _, language in documents} >= {"zh", "en"}
    for segments, language in documents:
        questions = [""] * len(segments)
        for min_score in (None, 0.0):
            batched = engine.suggest_segments(segments, questions, min_score=min_score, default_language=language)
            assert batched == _one_at_a_time(engine, segments, language, min_score)
    # The texts reach what the batch must keep apart: scored English and Chinese turns, a skipped (or
    # suggested) interviewer turn, an empty one given the document's language.
    made_up = engine.suggest_segments(_made_up_segments(), [""] * len(MADE_UP), default_language="zh")
    assert made_up[0].language == "en" and made_up[0].codes
    assert made_up[3].language == "zh" and made_up[3].codes
    assert made_up[4].language == "zh" and not made_up[4].codes
    assert made_up[1].language == ("en" if interviewer else "zh")


def test_find_hits_many_equals_find_hits(sample_project):
    engine = SuggestionEngine(sample_project.codebooks())
    texts = [segment.text for segments, _ in _segments(sample_project) for segment in segments]
    texts += [text for _, text in MADE_UP]
    languages = [("zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en") for text in texts]
    languages[-7] = "en"  # the mixed turn read as English
    many = find_hits_many(engine.compiled, texts, languages)
    assert many == [find_hits(engine.compiled, text, language) for text, language in zip(texts, languages)]
    assert sum(map(bool, many)) > 20
    assert find_hits_many(engine.compiled, [], []) == []
    chinese = [text for text, language in zip(texts, languages) if language == "zh"]
    assert find_hits_many(engine.compiled, chinese, ["zh"] * len(chinese)) == [
        find_hits(engine.compiled, text, "zh") for text in chinese]


def test_stored_rows_equal_one_at_a_time(sample_project, monkeypatch):
    """The stored rows of the sample project equal a run whose engine suggests one segment at a time."""
    from qualcode.app.suggesting.batch import run_suggest

    def rows():
        return sorted(tuple(row) for row in sample_project.conn.execute(
            "SELECT segment_id, code_id, score, evidence, status FROM suggestions"))

    run_suggest(sample_project, jobs=1, force=True, engine_kind="keywords")
    batched = rows()
    assert len(batched) > 100
    with monkeypatch.context() as slow:
        slow.setattr(SuggestionEngine, "suggest_segments",
                     lambda self, segments, questions, *, min_score=None, default_language="zh":
                     _one_at_a_time(self, segments, default_language, min_score))
        run_suggest(sample_project, jobs=1, force=True, engine_kind="keywords")
        assert rows() == batched


def test_the_combined_engine_reads_the_keyword_batch(sample_project, monkeypatch):
    """The combined engine takes the keyword engine's batch: the same as its keyword part one segment at a
    time (every keyword score, min_score 0), combined as before."""
    from qualcode.nlp.combined import CombinedEngine

    monkeypatch.setattr(engine_module, "BATCH_SEGMENTS", 5)
    keywords = SuggestionEngine(sample_project.codebooks())
    combined = CombinedEngine(keywords, None, 0.5)
    reached_below = False
    for segments, language in _segments(sample_project):
        got = combined.suggest_segments(segments, [""] * len(segments), default_language=language)
        one_by_one = _one_at_a_time(keywords, segments, language, 0.0)
        assert got == [CombinedEngine._combined(k.language, {s.code_id: s for s in k.codes}, (), 0.5, segment.id)
                       for segment, k in zip(segments, one_by_one)]
        reached_below |= any(0 < s.score < 0.5 for k in one_by_one for s in k.codes)
    assert reached_below  # keyword scores under min_score reach the combination
