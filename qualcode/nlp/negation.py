"""Negation and hedging cues before a keyword, within the same clause.

Chinese works on jieba tokens so that 不断 (constantly), 不错 (not bad) or
不管 (no matter) are not read as 不; a cue glued to the keyword by jieba
(不自信 as one token) is recognised by its prefix. English works on lemmas
(n't -> not). The window is counted in characters between the cue and the
keyword for Chinese, and in words for English (the clitics of I'm or she's
are part of their word); clause punctuation stops it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal, Sequence

CueKind = Literal["negation", "hedge"]

CLAUSE_PUNCTUATION = frozenset("，。！？；：,.;!?:\n…")

ZH_NEGATIONS = frozenset({
    "不", "没", "没有", "并不", "并没有", "并没", "从不", "从没", "从没有", "从来不", "从来没有", "不太", "不怎么",
    "不够", "不是", "不会", "没什么", "毫无", "缺乏", "缺少", "不再", "别", "无", "未", "不大", "并非", "一点也不",
    "一点都不", "不是很", "没那么",
})
# A jieba token that starts with one of these and continues into the keyword
# (不自信, 没自信, 没目标) is a negated keyword.
ZH_GLUED_PREFIXES = ("没有", "并不", "从不", "不太", "不够", "缺乏", "不", "没", "无")
ZH_HEDGES = frozenset({"好像", "也许", "可能", "或许", "大概", "似乎", "有点", "有些"})
# 不知道 / 不清楚 X: the speaker is unsure about X, not denying it (我不知道学它有什么用 still
# says 有什么用). jieba sometimes cuts these as 不 + 知道, so they are recognised either way.
ZH_UNSURE = frozenset({"知道", "清楚", "确定", "明白", "晓得", "懂"})

EN_NEGATIONS = frozenset({
    "not", "n't", "never", "no", "hardly", "barely", "scarcely", "without", "nobody", "nothing", "none",
    "neither", "nor", "cannot", "lack", "lacking",
})
EN_HEDGES = frozenset({"maybe", "perhaps", "probably", "possibly", "somewhat", "kinda"})
EN_CLAUSE_WORDS = frozenset({"but", "although", "though", "however"})
# spaCy splits I'm into I + 'm; the window counts what a reader counts as words.
EN_CLITICS = frozenset({"'m", "'s", "'re", "'ve", "'ll", "'d"})
# "I don't think I'm really good at it" denies the complement, not the thinking (negation raising):
# a negated verb of these reaches RAISED_REACH words further than the window.
EN_RAISING_VERBS = frozenset({"think", "believe", "feel", "suppose", "guess", "reckon", "expect", "imagine"})
RAISED_REACH = 3


@dataclass(frozen=True)
class Cue:
    text: str
    start: int  # offset in the segment
    kind: CueKind

    def note(self) -> str:
        return f"{self.kind} cue {self.text!r} at {self.start}"


def chinese_cue(text: str, tokens: Sequence[str], starts: Sequence[int], hit_start: int,
                window: int, extra_negations: frozenset[str] = frozenset()) -> Cue | None:
    """The nearest cue before ``text[hit_start:]`` within ``window`` characters, or None."""
    if not tokens:
        return None
    negations = ZH_NEGATIONS | extra_negations if extra_negations else ZH_NEGATIONS  # no new set per hit
    index = bisect_right(starts, hit_start) - 1
    token_start = starts[index]
    if token_start < hit_start:  # the keyword starts inside a token: 不自信
        glued = text[token_start:hit_start]
        if glued in negations or glued.endswith(ZH_GLUED_PREFIXES):
            return Cue(glued, token_start, "negation")
        if glued in ZH_HEDGES:
            return Cue(glued, token_start, "hedge")
    for j in range(index - 1, -1, -1):
        token = tokens[j]
        gap = hit_start - (starts[j] + len(token))
        if gap > window or token in CLAUSE_PUNCTUATION or (len(token) == 1 and token in CLAUSE_PUNCTUATION):
            return None
        if not CLAUSE_PUNCTUATION.isdisjoint(token):  # a token holding clause punctuation
            return None
        if token in negations:
            if token == "不" and j + 1 < len(tokens) and tokens[j + 1] in ZH_UNSURE:
                return Cue(token + tokens[j + 1], starts[j], "hedge")
            return Cue(token, starts[j], "negation")
        if token in ZH_HEDGES or (token.startswith("不") and token[1:] in ZH_UNSURE):
            return Cue(token, starts[j], "hedge")
    return None


def english_turn_may_hold_cue(lemmas: Sequence[str], lower: Sequence[str],
                              extra_negations: frozenset[str] = frozenset()) -> bool:
    """Whether :func:`english_cue` can find a cue anywhere in these words: most turns hold no negation or
    hedge at all, and then no hit needs its window read."""
    negations = EN_NEGATIONS | extra_negations if extra_negations else EN_NEGATIONS
    return not (negations.isdisjoint(lemmas) and negations.isdisjoint(lower) and EN_HEDGES.isdisjoint(lower))


def english_cue(lemmas: Sequence[str], lower: Sequence[str], starts: Sequence[int], first_token: int,
                window: int, extra_negations: frozenset[str] = frozenset()) -> Cue | None:
    """The nearest cue within ``window`` words before token ``first_token``, or a negated verb of thinking
    (don't think) up to ``RAISED_REACH`` words further; None if there is none in the clause."""
    negations = EN_NEGATIONS | extra_negations if extra_negations else EN_NEGATIONS
    words = 0
    for j in range(first_token - 1, -1, -1):
        lemma, word = lemmas[j], lower[j]
        if lemma in CLAUSE_PUNCTUATION or word in CLAUSE_PUNCTUATION or word in EN_CLAUSE_WORDS:
            return None
        if word not in EN_CLITICS:
            words += 1
        if words > window + RAISED_REACH:
            return None
        if lemma in EN_RAISING_VERBS and j > 0 and (lemmas[j - 1] in negations or lower[j - 1] in negations):
            return Cue(lower[j - 1], starts[j - 1], "negation")
        if words > window:
            continue
        if lemma in negations or word in negations:
            return Cue(word, starts[j], "negation")
        if word in EN_HEDGES:
            return Cue(word, starts[j], "hedge")
    return None
