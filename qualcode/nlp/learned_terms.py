"""The strongest terms of a learned suggestion, as words a researcher reads in the turn itself.

Pure: a turn's tokens and the model's per-feature contributions in, words out; scores are never touched.
"""

from __future__ import annotations

import re

from qualcode.nlp.function_words import is_function_word

EVIDENCE_TERMS = 3      # strongest terms shown per learned score
EVIDENCE_CANDIDATES = 12  # heaviest features looked at to find them

_HAS_LETTER = re.compile(r"[^\W\d_]").search   # a letter or CJK character: not punctuation, digits or space


def _readable(word: str) -> bool:
    """A term worth showing: it has a letter and is no function word (she, the, 她, 说), see function_words."""
    return bool(_HAS_LETTER(word)) and not is_function_word(word)


class TurnWords:
    """Turns a code's heaviest features into words a researcher reads in the turn itself: a word feature as
    the turn's own word (an English lemma as the word written), a character n-gram as the whole word of the
    turn that contains it, and nothing for a question word (it is not in the turn) or an n-gram across words.
    Each feature is looked up once per turn, however many ranked codes name it."""

    def __init__(self, text: str, tokens, language: str, kinds: list[str], names: list[str]):
        self._text, self._tokens, self._language = text, tokens, language
        self._kinds, self._names = kinds, names
        self._found: dict[int, str | None] = {}
        self._first: dict[str, str] | None = None   # lemma or word -> its first occurrence as written
        self._written: list[str] = []
        self._lowered = ""                          # the written words, lower-cased, one per line

    def terms(self, features) -> tuple[str, ...]:
        found: list[str] = []
        seen: set[str] = set()
        known = self._found
        for feature in features:
            word = known[feature] if feature in known else self._word(feature)
            if word and word.lower() not in seen and _readable(word):
                seen.add(word.lower())
                found.append(word)
                if len(found) == EVIDENCE_TERMS:
                    break
        return tuple(found)

    def _word(self, feature: int) -> str | None:
        kind, name = self._kinds[feature], self._names[feature]
        word = None
        if kind != "q":   # a question word is not in the turn (single characters are masked by strongest_terms)
            if self._first is None:
                self._index_words()
            if kind == "w":
                word = self._first.get(name)
            else:
                # The first word containing the n-gram: a name holds no whitespace (n-grams are cut from the
                # text without it), so a match in the newline-joined words lies inside one word, and the
                # newlines before it count the words before that one.
                at = self._lowered.find(name)
                word = self._written[self._lowered.count("\n", 0, at)] if at >= 0 else None
        self._found[feature] = word
        return word

    def _index_words(self) -> None:
        if self._language == "en":
            tokens, text = self._tokens, self._text
            lemmas = tokens.lemmas
            self._written = [text[start:end] for start, end in zip(tokens.starts, tokens.ends)]
        else:
            lemmas = self._written = self._tokens
        self._first = dict(zip(reversed(lemmas), reversed(self._written)))   # the first occurrence wins
        lowered = map(str.lower, self._written)
        if "\n" in self._text:   # a word holding a newline would throw the count of words off
            lowered = (word.replace("\n", " ") for word in lowered)
        self._lowered = "\n".join(lowered)


def strongest_terms(readable: TurnWords, indices, values, rows, kept: list[int], pieces) -> list[tuple[str, ...]]:
    """Per ranked code, up to EVIDENCE_TERMS words of the turn whose features add most to its logit.
    ``pieces`` (a boolean per feature of the model) marks features that never name a term -- a Chinese turn's
    single characters, pieces of words whose own word and n-gram features speak for them (shown, they named
    好 and 大 for 好学校, 很大): they take no place among the heaviest features looked at."""
    import numpy as np

    values = values * ~pieces[indices]   # a piece's share counts as none
    contributions = rows[:, kept] * values[:, None]   # each feature's share of each ranked code's logit
    # One sort per matrix, then plain lists: the same order as sorting each code's column on its own.
    # A few more features than terms shown: a question word or a fragment across words is passed over.
    strongest = contributions.argsort(axis=0)[::-1][:EVIDENCE_CANDIDATES]
    features = indices[strongest].T.tolist()
    shares = contributions[strongest, np.arange(len(kept))].T.tolist()
    return [readable.terms(feature for feature, share in zip(column, weights) if share > 0)
            for column, weights in zip(features, shares)]
