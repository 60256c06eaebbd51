"""Learning keywords from coded segments: which words mark a code?

Keyness is the log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4), eq. 16-22):
for word w, code segments c and the other segments r,

    δ_w = log((y_cw + α_w) / (n_c + α_0 - y_cw - α_w)) - log((y_rw + α_w) / (n_r + α_0 - y_rw - α_w))
    σ²_w ≈ 1 / (y_cw + α_w) + 1 / (y_rw + α_w),   z_w = δ_w / σ_w

with the prior α_w = α_0 · (y_cw + y_rw) / (n_c + n_r), proportional to the
word's share of the whole corpus, which shrinks rare words toward zero.
Counts are segment presence (a word said five times in one turn counts once),
on jieba tokens for Chinese and spaCy lemmas for English, without stop words.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from qualcode.nlp.settings import NlpSettings
from qualcode.nlp.tokenizers import cut_chinese, english_tokenizer

PRIOR_SCALE = 500.0  # α_0 in segment-presence counts (never more than the corpus itself)
MIN_Z = 1.96


@dataclass(frozen=True)
class LabeledSegment:
    key: object  # anything identifying it (segment id, (document, ordinal) ...)
    text: str
    language: str
    codes: frozenset[str]
    document: object = None  # for cross-validation by document


@dataclass(frozen=True)
class KeywordCandidate:
    code_id: str
    word: str
    language: str
    z: float
    in_code: int  # segments coded with the code that contain the word
    total: int  # segments that contain the word
    precision: float  # in_code / total: how often the word's segments carry the code


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    from spacy.lang.en.stop_words import STOP_WORDS as english
    from spacy.lang.zh.stop_words import STOP_WORDS as chinese

    return {"zh": frozenset(chinese), "en": frozenset(english)}


def content_words(text: str, language: str, settings: NlpSettings | None = None) -> set[str]:
    """The distinct content words of a text: jieba tokens (2+ characters) or English lemmas (2+ letters)."""
    stop = _stop_words()[language if language in ("zh", "en") else "zh"]
    if language == "en":
        tokens = english_tokenizer((settings or NlpSettings()).english_model).analyse(text)
        return {lemma for lemma in tokens.lemmas if len(lemma) > 1 and lemma.isalpha() and lemma not in stop}
    return {token for token in cut_chinese(text)
            if len(token) > 1 and not token.isspace() and token not in stop and not token.isdigit()
            and any(ch.isalpha() for ch in token)}


def rank_keywords(segments: Sequence[LabeledSegment], *, code_ids: Iterable[str] | None = None,
                  already_matched: Callable[[str, str, str], bool] | None = None, top: int = 10, min_count: int = 2,
                  min_z: float = MIN_Z, settings: NlpSettings | None = None) -> dict[str, list[KeywordCandidate]]:
    """Candidate keywords per code, best first.

    ``already_matched(code_id, word, language)`` leaves out words the code's
    keywords find anyway (the engine is the judge: 人生目标 contains 目标).
    """
    words = [(segment, content_words(segment.text, segment.language, settings)) for segment in segments]
    all_codes = sorted({c for s in segments for c in s.codes}) if code_ids is None else list(code_ids)
    presence: Counter[tuple[str, str]] = Counter()
    for segment, found in words:
        presence.update((segment.language, w) for w in found)
    total_tokens = sum(presence.values())
    ranked: dict[str, list[KeywordCandidate]] = {}
    for code_id in all_codes:
        inside: Counter[tuple[str, str]] = Counter()
        for segment, found in words:
            if code_id in segment.codes:
                inside.update((segment.language, w) for w in found)
        n_c = sum(inside.values())
        n_r = total_tokens - n_c
        candidates = []
        for (language, word), y_c in inside.items():
            if y_c < min_count:
                continue
            y_all = presence[(language, word)]
            z = _log_odds_z(y_c, y_all - y_c, n_c, n_r, y_all / total_tokens, min(PRIOR_SCALE, total_tokens))
            if z >= min_z and not (already_matched and already_matched(code_id, word, language)):
                candidates.append(KeywordCandidate(code_id, word, language, round(z, 3), y_c, y_all,
                                                   round(y_c / y_all, 3)))
        ranked[code_id] = sorted(candidates, key=lambda c: (-c.z, c.word))[:top]
    return ranked


def _log_odds_z(y_c: int, y_r: int, n_c: int, n_r: int, share: float, alpha_0: float) -> float:
    alpha_w = alpha_0 * share
    odds_c = (y_c + alpha_w) / max(n_c + alpha_0 - y_c - alpha_w, 1e-9)
    odds_r = (y_r + alpha_w) / max(n_r + alpha_0 - y_r - alpha_w, 1e-9)
    delta = math.log(odds_c) - math.log(odds_r)
    variance = 1.0 / (y_c + alpha_w) + 1.0 / (y_r + alpha_w)
    return delta / math.sqrt(variance)
