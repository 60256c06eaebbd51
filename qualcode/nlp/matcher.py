"""Finding keyword hits in one segment (a pure function of the text).

Returns :class:`Hit` objects carrying the rule, the span (relative to the
segment), how it matched and any negation/hedging cue before it. Scoring is
separate (``qualcode.nlp.scoring``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from qualcode.nlp.compile import CompiledKeywords, TermRef, ascii_lower
from qualcode.nlp.negation import Cue, chinese_cue, english_cue
from qualcode.nlp.tokenizers import cut_chinese, english_tokenizer, token_starts

HitKind = Literal["exact", "lemma", "substring", "fuzzy", "regex", "near"]


@dataclass(frozen=True)
class Hit:
    rule_index: int
    start: int
    end: int
    kind: HitKind
    similarity: float = 100.0  # fuzzy matches: rapidfuzz ratio
    cue: Cue | None = None


@dataclass(frozen=True)
class _TermHit:
    ref: TermRef
    start: int
    end: int
    first_token: int
    last_token: int
    kind: HitKind


class _FuzzyCache:
    """Per process: a token's best fuzzy keyword is computed once (vocabularies are small)."""

    def __init__(self) -> None:
        self.best: dict[tuple[int, str, str], tuple[str, float] | None] = {}

    def lookup(self, compiled: CompiledKeywords, language: str, word: str) -> tuple[str, float] | None:
        key = (id(compiled), language, word)
        if key not in self.best:
            choices = compiled.fuzzy_choices[language]
            found = process.extractOne(word, list(choices), scorer=fuzz.ratio,
                                       score_cutoff=compiled.settings.fuzzy_threshold) if choices else None
            self.best[key] = (found[0], found[1]) if found else None
        return self.best[key]


_fuzzy_cache = _FuzzyCache()


def find_hits(compiled: CompiledKeywords, text: str, language: str) -> list[Hit]:
    if language == "en":
        return _english_hits(compiled, text)
    return _chinese_hits(compiled, text)


# --------------------------------------------------------------------------- Chinese
def _chinese_hits(compiled: CompiledKeywords, text: str) -> list[Hit]:
    lowered = ascii_lower(text)
    raw = list(compiled.zh_automaton.iter(lowered)) if compiled.zh_automaton is not None else []
    regex_rules = compiled.regex_rules["zh"]
    regex_spans = [(index, m.start(), m.end()) for index in regex_rules
                   for m in compiled.rule(index).rule.pattern.finditer(text)]
    fuzzy = bool(compiled.fuzzy_choices["zh"])
    if not raw and not regex_spans and not fuzzy:
        return []  # nothing can match: skip tokenising
    tokens = cut_chinese(text)
    starts = token_starts(tokens)
    boundaries = set(starts)
    boundaries.add(len(text))
    settings = compiled.settings

    def cue(start: int) -> Cue | None:
        return chinese_cue(text, tokens, starts, start, settings.negation_window_zh, settings.negation_cues)

    def token_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    term_hits: list[_TermHit] = []
    for end_index, (key, refs) in raw:
        start, end = end_index - len(key) + 1, end_index + 1
        for ref in refs:
            hit_end = end
            if ref.prefix:  # extend a prefix to the end of its token
                last = token_of(end - 1)
                hit_end = max(end, starts[last] + len(tokens[last]))
            aligned = start in boundaries and (ref.prefix or end in boundaries)
            term_hits.append(_TermHit(ref, start, hit_end, token_of(start), token_of(hit_end - 1),
                                      "exact" if aligned else "substring"))
    hits = _resolve_terms(compiled, term_hits, cue)
    hits += [Hit(index, s, e, "regex", cue=cue(s)) for index, s, e in regex_spans]
    if fuzzy:
        hits += _fuzzy_hits(compiled, "zh", tokens, starts, hits, cue)
    return hits


# --------------------------------------------------------------------------- English
def _english_hits(compiled: CompiledKeywords, text: str) -> list[Hit]:
    settings = compiled.settings
    tokens = english_tokenizer(settings.english_model).analyse(text)
    hits_terms: list[_TermHit] = []
    if compiled.en_automaton is not None and tokens.lemmas:
        # Lemmas find every inflection; surface words too, so a prefix written on an
        # inflected form (encourag*) still finds "encouraging" whose lemma is "encourage".
        for words in (tokens.lemmas, tokens.lower):
            source, token_at = _joined(words)
            for end_index, (key, refs) in compiled.en_automaton.iter(source):
                first = token_at.get(end_index - len(key) + 2)
                if first is None:
                    continue
                for ref in refs:
                    last = first + ref.length - 1
                    if last >= len(tokens.lower):
                        continue
                    surface = tokens.lower[first:last + 1]
                    exact = surface == ref.surface or (ref.prefix and surface[:-1] == ref.surface[:-1]
                                                       and surface[-1].startswith(ref.surface[-1]))
                    hits_terms.append(_TermHit(ref, tokens.starts[first], tokens.ends[last], first, last,
                                               "exact" if exact else "lemma"))

    def cue(start: int) -> Cue | None:
        first = bisect_right(tokens.starts, start) - 1
        return english_cue(tokens.lemmas, tokens.lower, tokens.starts, max(first, 0),
                           settings.negation_window_en, settings.negation_cues)

    hits = _resolve_terms(compiled, _dedupe(hits_terms), cue)
    for index in compiled.regex_rules["en"]:
        hits += [Hit(index, m.start(), m.end(), "regex", cue=cue(m.start()))
                 for m in compiled.rule(index).rule.pattern.finditer(text)]
    if compiled.fuzzy_choices["en"]:
        hits += _fuzzy_hits(compiled, "en", list(tokens.lower), list(tokens.starts), hits, cue)
    return hits


def _joined(words: tuple[str, ...]) -> tuple[str, dict[int, int]]:
    """`` w1 w2 … `` and the position of each word in it."""
    token_at: dict[int, int] = {}
    position = 1
    for index, word in enumerate(words):
        token_at[position] = index
        position += len(word) + 1
    return " " + " ".join(words) + " ", token_at


def _dedupe(term_hits: list[_TermHit]) -> list[_TermHit]:
    best: dict[tuple[int, int, int], _TermHit] = {}
    for hit in term_hits:
        key = (hit.ref.rule_index, hit.ref.part, hit.start)
        if key not in best or (best[key].kind != "exact" and hit.kind == "exact"):
            best[key] = hit
    return list(best.values())


# --------------------------------------------------------------------------- shared
def _resolve_terms(compiled: CompiledKeywords, term_hits: list[_TermHit], cue) -> list[Hit]:
    """Plain rules become hits directly; NEAR rules need both parts within their distance."""
    hits: list[Hit] = []
    near_parts: dict[int, tuple[list[_TermHit], list[_TermHit]]] = {}
    for term in term_hits:
        rule = compiled.rule(term.ref.rule_index).rule
        if rule.kind == "near":
            near_parts.setdefault(term.ref.rule_index, ([], []))[term.ref.part].append(term)
        else:
            hits.append(Hit(term.ref.rule_index, term.start, term.end, term.kind, cue=cue(term.start)))
    for index, (firsts, seconds) in near_parts.items():
        distance = compiled.rule(index).rule.distance
        pairs = [(a, b) for a in firsts for b in seconds
                 if (a.start, a.end) != (b.start, b.end)
                 and max(b.first_token - a.last_token, a.first_token - b.last_token) <= distance]
        used: set[int] = set()
        for a, b in sorted(pairs, key=lambda p: abs(p[0].start - p[1].start)):
            if id(a) in used or id(b) in used:
                continue
            used.update((id(a), id(b)))
            start, end = min(a.start, b.start), max(a.end, b.end)
            hits.append(Hit(index, start, end, "near", cue=cue(start)))
    return hits


def _fuzzy_hits(compiled: CompiledKeywords, language: str, words: list[str], starts: list[int],
                hits: list[Hit], cue) -> list[Hit]:
    covered = [(h.start, h.end) for h in hits]
    minimum = (compiled.settings.fuzzy_min_length_en if language == "en"
               else compiled.settings.fuzzy_min_length_zh)
    found: list[Hit] = []
    for word, start in zip(words, starts):
        if len(word) < minimum or not word.isalpha():
            continue
        word_key = ascii_lower(word)
        best = _fuzzy_cache.lookup(compiled, language, word_key)
        if best is None or best[1] >= 100:  # a perfect match is an exact/lemma hit already
            continue
        end = start + len(word)
        if any(s < end and start < e for s, e in covered):
            continue
        for index in compiled.fuzzy_choices[language][best[0]]:
            found.append(Hit(index, start, end, "fuzzy", similarity=best[1], cue=cue(start)))
    return found
