"""Suggest detects the language only of the turns it scores: an interviewer turn is skipped (no suggestion) and
its language is never read, so it is not detected; with ``suggest_interviewer`` it is scored in its own language.
Real keyword engine, real jieba and spaCy (blank + lookups)."""

from __future__ import annotations

from _nlp_fixtures import resilience_codebook
from qualcode.core.models import Segment
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.settings import NlpSettings

# A Chinese interview whose interviewer asks in English: the participant answers in Chinese.
QUESTION = Segment(1, 1, 1, 0, 40, "I", "interviewer", text="Do your parents support your goal and plan?")
ANSWER = Segment(2, 1, 2, 41, 60, "R", "participant", text="我家里人一直很支持我，我有目标。")


def test_a_skipped_interviewer_turn_is_not_language_detected():
    engine = SuggestionEngine([resilience_codebook()])
    question, answer = engine.suggest_segments([QUESTION, ANSWER], ["", QUESTION.text], default_language="zh")
    # The English question would be detected "en"; skipped, it keeps the document's language, unread.
    assert (question.language, question.codes) == ("zh", ())
    assert answer.language == "zh" and {s.code_id for s in answer.codes} >= {"PF_FAMILY", "PF_GOAL"}


def test_an_interviewer_turn_that_is_suggested_is_detected_and_scored_in_its_own_language():
    engine = SuggestionEngine([resilience_codebook()], NlpSettings(suggest_interviewer=True))
    question = engine.suggest_segment(QUESTION, default_language="zh")
    assert question.language == "en"
    assert {s.code_id for s in question.codes} >= {"PF_GOAL"}     # "goal" and "plan" matched as English lemmas
