"""Finding keyword hits in one segment (a pure function of the text).

Returns :class:`Hit` objects carrying the rule, the span (relative to the
segment), how it matched and any negation/hedging cue before it. Scoring is
separate (``qualcode.nlp.scoring``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, count
from operator import add
from typing import Literal, NamedTuple, Sequence

from rapidfuzz import fuzz, process

from qualcode.core.errors import CodebookError
from qualcode.nlp.compile import CompiledKeywords, TermRef, ascii_lower
from qualcode.nlp.negation import CLAUSE_PUNCTUATION, Cue, chinese_cue, english_cue, english_turn_may_hold_cue
from qualcode.nlp.tokenizers import EnglishTokens, cut_chinese, english_tokenizer, token_starts

_CLAUSE_BREAK = re.compile("[" + re.escape("".join(sorted(CLAUSE_PUNCTUATION))) + "]")

HitKind = Literal["exact", "lemma", "substring", "fuzzy", "regex", "near"]


# Named tuples, not frozen dataclasses: a long transcript makes hundreds of
# thousands of these, and a frozen dataclass is several times slower to build.
class Hit(NamedTuple):
    rule_index: int
    start: int
    end: int
    kind: HitKind
    similarity: float = 100.0  # fuzzy matches: rapidfuzz ratio
    cue: Cue | None = None


class _TermHit(NamedTuple):
    ref: TermRef
    start: int
    end: int
    first_token: int
    last_token: int
    kind: HitKind


class _FuzzyCache:
    """Per process: a token's best fuzzy keyword is computed once (vocabularies are small)."""

    def __init__(self) -> None:
        # (engine, language) -> word -> best keyword and its similarity; one dict per vocabulary, so the
        # lookup per word of every turn is a plain string key
        self.best: dict[tuple[int, str], dict[str, tuple[str, float] | None]] = {}
        # (engine, language) -> the words (as written) that can never give a fuzzy hit: too short, not
        # letters, no keyword near enough, or a keyword itself. Nearly every word of a turn is one, so a
        # turn is checked against this set at once rather than word by word.
        self.fruitless: dict[tuple[int, str], set[str]] = {}

    def for_vocabulary(self, compiled: CompiledKeywords, language: str) -> dict[str, tuple[str, float] | None]:
        return self.best.setdefault((id(compiled), language), {})

    def fruitful(self, compiled: CompiledKeywords, language: str, words: Sequence[str], minimum: int) -> set[str]:
        """The words among ``words`` that have a keyword near enough (but not equal) to be a fuzzy hit."""
        fruitless = self.fruitless.setdefault((id(compiled), language), set())
        if fruitless.issuperset(words):  # nearly every turn once the vocabulary is known: no set built
            return set()
        unknown = set(words).difference(fruitless)
        if not unknown:
            return unknown
        known = self.for_vocabulary(compiled, language)
        found = set()
        for word in unknown:
            best = None
            if len(word) >= minimum and word.isalpha():
                word_key = ascii_lower(word)
                best = known[word_key] if word_key in known else self.best_match(known, compiled, language, word_key)
            if best is None or best[1] >= 100:  # a perfect match is an exact/lemma hit already
                fruitless.add(word)
            else:
                found.add(word)
        return found

    @staticmethod
    def best_match(known: dict, compiled: CompiledKeywords, language: str, word: str) -> tuple[str, float] | None:
        if word not in known:
            # Typos rarely hit the first letter, while "other" vs "mother" (91%) is no typo.
            choices = [c for c in compiled.fuzzy_choices[language] if c[:1] == word[:1]]
            found = process.extractOne(word, choices, scorer=fuzz.ratio,
                                       score_cutoff=compiled.settings.fuzzy_threshold) if choices else None
            known[word] = (found[0], found[1]) if found else None
        return known[word]


_fuzzy_cache = _FuzzyCache()


# Han characters and CJK punctuation: a turn read as English that holds some is a mixed one.
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def find_hits(compiled: CompiledKeywords, text: str, language: str) -> list[Hit]:
    if language == "en":
        if text.isascii() or _CJK.search(text) is None:  # isascii: in C without a regex scan (most turns)
            return _english_hits(compiled, text)
        # A mixed turn read as English ('我感觉under pressure'): its English words with the Chinese blanked out
        # (same length, so offsets hold; spaCy would glue 感觉under into one word), and its Chinese keywords as
        # a Chinese turn's.
        masked = _CJK.sub(lambda m: " " * len(m.group()), text)
        return _english_hits(compiled, masked) + _chinese_hits(compiled, text, english=False)
    return _chinese_hits(compiled, text)


def find_hits_many(compiled: CompiledKeywords, texts: Sequence[str], languages: Sequence[str]) -> list[list[Hit]]:
    """:func:`find_hits` of each text in its language, the same hits, with the tokens of all the English
    turns made first and then matched. spaCy's tokenizer and the matcher each run over the whole batch
    with their own tables warm in the processor's caches, instead of taking turns evicting each other: on
    the 5M bench project, 64 turns at a time, tokens, matching and scoring cost about a sixth less CPU
    than one turn after another (docs/performance.md, h/en14e). The caller bounds the batch."""
    plain = [language == "en" and (text.isascii() or _CJK.search(text) is None)
             for text, language in zip(texts, languages)]
    if not any(plain):
        return [find_hits(compiled, text, language) for text, language in zip(texts, languages)]
    analyse = english_tokenizer(compiled.settings.english_model).analyse
    tokens = [analyse(text) if english else None for text, english in zip(texts, plain)]
    return [find_hits(compiled, text, language) if turn_tokens is None else _english_hits(compiled, text, turn_tokens)
            for text, language, turn_tokens in zip(texts, languages, tokens)]


# --------------------------------------------------------------------------- Chinese
class _ClauseTokens:
    """jieba tokens of only the clauses that need them, cut once each.

    jieba cuts each run of Han characters separately (punctuation always ends
    a run), so cutting one clause gives exactly the tokens a whole-text cut
    would give there -- and most clauses contain no keyword at all.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        self.cache: dict[tuple[int, int], tuple[list[str], list[int], set[int]]] = {}
        self._all_starts: list[int] | None = None

    def all_starts(self) -> list[int]:
        """Start offsets of every token of the text (a NEAR rule counts tokens across clauses).

        Cutting the range between two hits afresh for every pair made a long turn with many hits
        quadratic in its length. jieba yields every character outside a run of Han characters, letters
        and digits as a token of its own, so the whole text's tokens are each clause's tokens with the
        clause breaks between them -- unless a break can sit inside such a run ('.', as in 3.5) or
        pair up with the character before it (\r\n): then the text is cut whole, once.
        """
        if self._all_starts is None:
            text = self.text
            if "." in text or "\r" in text:
                self._all_starts = token_starts(cut_chinese(text))
            else:
                starts: list[int] = []
                begin = 0
                for end in [*self.breaks, len(text)]:
                    if begin < end:
                        starts += self.clause(begin, end)[1]
                    starts.append(end)  # the break itself (past the end: dropped below)
                    begin = end + 1
                starts.pop()
                self._all_starts = starts
        return self._all_starts

    def span(self, start: int, end: int) -> tuple[list[str], list[int], set[int]]:
        """Tokens, their start offsets and every token boundary of the clauses around [start, end)."""
        k = bisect_left(self.breaks, start)
        clause_start = self.breaks[k - 1] + 1 if k > 0 else 0
        k = bisect_left(self.breaks, max(end - 1, start))
        clause_end = self.breaks[k] if k < len(self.breaks) else len(self.text)
        return self.clause(clause_start, clause_end)

    def clause(self, clause_start: int, clause_end: int) -> tuple[list[str], list[int], set[int]]:
        """The tokens of text[clause_start:clause_end], cut once."""
        key = (clause_start, clause_end)
        found = self.cache.get(key)
        if found is None:
            tokens = cut_chinese(self.text[clause_start:clause_end])
            starts = [clause_start + offset for offset in token_starts(tokens)]
            found = (tokens, starts, {*starts, clause_end})
            self.cache[key] = found
        return found


# A run of Latin-letter words inside a Chinese turn ('stress' in 我最近stress很大, 'under pressure' in 感觉 under
# pressure): words joined by spaces or tabs, with inner apostrophes and hyphens (I'm, part-time).
_LATIN_LETTER = re.compile("[A-Za-z]")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9'’-]*)*")
_LATIN_WORD = re.compile("[a-z]+")
_ENDINGS = (("s", ""), ("es", ""), ("d", ""), ("ed", ""), ("ing", ""), ("ied", "y"), ("ies", "y"))


def _chinese_hits(compiled: CompiledKeywords, text: str, *, english: bool = True) -> list[Hit]:
    """Keyword hits in a Chinese turn; with ``english``, the English keywords in its runs of Latin words too."""
    lowered = ascii_lower(text)
    automaton = compiled.zh_automaton
    raw = list(automaton.iter(lowered)) if automaton is not None else []
    regex_spans = [(index, m.start(), m.end()) for index in regex_candidates(compiled, "zh", text)
                   for m in regex_matches(compiled, index, text)]
    fuzzy = bool(compiled.fuzzy_choices["zh"])
    # English keywords of a mixed codebook in the turn's English words: one regex search on a turn without
    # Latin letters (most Chinese turns), and spaCy only for runs whose words begin as a keyword does.
    runs = _english_runs(compiled, text, lowered) if english and _LATIN_LETTER.search(text) is not None else []
    if not raw and not regex_spans and not fuzzy and not runs:
        return []  # nothing can match: no tokenising at all
    clauses = _ClauseTokens(text)
    settings = compiled.settings

    def cue(start: int) -> Cue | None:
        tokens, starts, _ = clauses.span(start, start + 1)
        return chinese_cue(text, tokens, starts, start, settings.negation_window_zh, settings.negation_cues)

    term_hits: list[_TermHit] = []
    for end_index, (key, refs) in raw:
        start, end = end_index - len(key) + 1, end_index + 1
        tokens, starts, boundaries = clauses.span(start, end)
        for ref in refs:
            hit_end = end
            if ref.prefix:  # extend a prefix to the end of its token
                last = bisect_right(starts, end - 1) - 1
                hit_end = max(end, starts[last] + len(tokens[last]))
            aligned = start in boundaries and (ref.prefix or end in boundaries)
            term_hits.append(_TermHit(ref, start, hit_end, -1, -1, "exact" if aligned else "substring"))

    def within(a: _TermHit, b: _TermHit, distance: int) -> bool:
        """At most ``distance`` tokens from the end of the earlier hit to the start of the later one."""
        first, second = (a, b) if a.start <= b.start else (b, a)
        if max(second.start - (first.end - 1), 0) <= distance:
            return True  # no more tokens than characters between them: no need to cut
        starts = clauses.all_starts()
        return (bisect_right(starts, second.start) - 1) - (bisect_right(starts, first.end - 1) - 1) <= distance

    hits = _resolve_terms(term_hits, cue, within)
    hits += [Hit(index, s, e, "regex", cue=cue(s)) for index, s, e in regex_spans]
    if fuzzy:
        tokens, starts, _ = clauses.span(0, len(text))
        hits += _fuzzy_hits(compiled, "zh", tokens, starts, hits, cue)
    for run in runs:
        hits += _english_in_run(compiled, run, cue)
    return hits


def _english_runs(compiled: CompiledKeywords, text: str, lowered: str) -> list[tuple[int, str]]:
    """The Latin-letter runs of a Chinese turn worth matching as English: some word of the run begins as the
    first word of an English keyword does, or an English ``re:`` rule's required strings are in it."""
    long, short, short_prefixes = compiled.english_word_starts
    regex = bool(compiled.regex_rules["en"])
    if not (long or short or short_prefixes or regex):
        return []

    def begins_a_keyword(word: str) -> bool:
        if len(word) >= 4 and word[:4] in long or word in short:
            return True
        # a short keyword word inflected (going, does, gets, cried), or a short prefix (jobs for job*)
        return any(word.endswith(ending) and word[:-len(ending)] + stem_end in short for ending, stem_end in _ENDINGS) \
            or any(word[:k] in short_prefixes for k in range(1, min(len(word), 3) + 1))

    found = []
    for run in _LATIN_RUN.finditer(lowered):
        start, end = run.span()
        if any(map(begins_a_keyword, _LATIN_WORD.findall(run.group()))) or \
                (regex and regex_candidates(compiled, "en", text[start:end])):
            found.append((start, text[start:end]))
    return found


def _english_in_run(compiled: CompiledKeywords, run: tuple[int, str], zh_cue) -> list[Hit]:
    """The English keywords in one Latin run of a Chinese turn, matched as a short English turn (lemmas, NEAR,
    English negation inside the run), at their offsets in the turn; a hit with no English cue before it takes
    the Chinese one (我没有stress: negated)."""
    offset, words = run
    return [hit._replace(start=hit.start + offset, end=hit.end + offset, cue=hit.cue or zh_cue(hit.start + offset))
            for hit in _english_hits(compiled, words)]


# --------------------------------------------------------------------------- English
def _english_hits(compiled: CompiledKeywords, text: str, tokens: EnglishTokens | None = None) -> list[Hit]:
    """The hits of an English text (``tokens``: its tokens, when already made)."""
    settings = compiled.settings
    if tokens is None:
        tokens = english_tokenizer(settings.english_model).analyse(text)
    automaton = compiled.en_automaton
    cue = _english_cues(tokens, settings)
    # No duplicates to drop: each rule part has one key, and each key is taken once per first word (seen).
    hits, near_parts = (_english_terms(compiled, automaton, tokens, cue) if automaton is not None and tokens.lemmas
                        else ([], {}))

    def within(a: _TermHit, b: _TermHit, distance: int) -> bool:
        return max(b.first_token - a.last_token, a.first_token - b.last_token) <= distance

    hits += _pair_near(near_parts, cue, within)  # a rule whose part runs past the last word is skipped there
    for index in regex_candidates(compiled, "en", text):
        hits += [Hit(index, m.start(), m.end(), "regex", cue=cue(m.start()))
                 for m in regex_matches(compiled, index, text)]
    if compiled.fuzzy_choices["en"]:
        hits += _fuzzy_hits(compiled, "en", tokens.lower, tokens.starts, hits, cue)
    return hits


def _no_cue(start: int) -> None:
    return None


def _english_cues(tokens: EnglishTokens, settings):
    """The cue before a hit starting at an offset, computed once per offset; with no negation or hedge
    anywhere in the turn (most turns), None for every hit without reading its window."""
    if not english_turn_may_hold_cue(tokens.lemmas, tokens.lower, settings.negation_cues):
        return _no_cue
    cues: dict[int, Cue | None] = {}

    def cue(start: int) -> Cue | None:
        # Several hits often start at one word (a keyword of several codes, a NEAR pair and its part).
        if start not in cues:
            first = bisect_right(tokens.starts, start) - 1
            cues[start] = english_cue(tokens.lemmas, tokens.lower, tokens.starts, max(first, 0),
                                      settings.negation_window_en, settings.negation_cues)
        return cues[start]

    return cue


def _english_terms(compiled: CompiledKeywords, automaton, tokens: EnglishTokens, cue
                   ) -> tuple[list[Hit], dict[int, tuple[list[_TermHit], list[_TermHit]]]]:
    """Every keyword term in the turn's lemmas, and on its surface words where they differ from the lemmas:
    plain rules' terms as hits (with the ``cue`` before each), and the parts of the NEAR rules with both
    parts in the turn, per rule (most NEAR parts never meet their partner, so they get no term hit).

    Lemmas find every inflection; surface words too, so a prefix written on an inflected form
    (encourag*) still finds "encouraging" whose lemma is "encourage". The surface pass looks only for
    the keys a surface word can add (``en_surface_automaton``, a fifth of them with the shipped
    codebooks), over the whole turn when some word differs from its lemma: a match over words that
    are all their own lemma is the lemma pass's match at the same word, skipped as seen.
    """
    found: list[Hit] = []
    near_found: list[tuple[int, tuple[TermRef, ...]]] = []  # (first word, NEAR parts' refs) per key match
    first_of, second_of = [], []  # per key match: the NEAR rules whose first (second) part it is
    seen: set[tuple[int, str]] = set()
    lower, count_words, starts, ends = tokens.lower, len(tokens.lower), tokens.starts, tokens.ends
    passes = [(tokens.lemmas, automaton)]
    surface_keys = compiled.en_surface_automaton
    if surface_keys is not None and lower != tokens.lemmas:  # a turn whose every word is its lemma: no pass
        passes.append((lower, surface_keys))
    for words, keys in passes:
        source, token_at = _joined(words)
        for end_index, (key, plain, near, as_first, as_second) in keys.iter(source):
            # Every key starts with a space, so it starts a word: the word's index is the number of
            # spaces before the key's own (counted in C, no call per match); words holding a space go
            # through the table instead.
            if token_at is None:
                first = source.count(" ", 0, end_index - len(key) + 1)
            else:
                first = token_at.get(end_index - len(key) + 2)
                if first is None:
                    continue
            if (first, key) in seen:
                continue  # the same key at the same word gives the same hits (most words are their lemma)
            seen.add((first, key))
            for ref in plain:
                last = first + ref.length - 1
                if last >= count_words:
                    continue
                surface = lower[first:last + 1]
                exact = surface == ref.surface or (ref.prefix and surface[:-1] == ref.surface[:-1]
                                                   and surface[-1].startswith(ref.surface[-1]))
                start = starts[first]  # positional: keywords cost a dict per hit
                found.append(Hit(ref.rule_index, start, ends[last], "exact" if exact else "lemma", 100.0, cue(start)))
            if near:  # a NEAR part's kind does not matter, only whether its partner is in the turn too
                near_found.append((first, near))
                first_of.append(as_first)
                second_of.append(as_second)
    return found, _near_parts(near_found, first_of, second_of, starts, ends, count_words)


def _near_parts(near_found: list[tuple[int, tuple[TermRef, ...]]], first_of: list[frozenset[int]],
                second_of: list[frozenset[int]], starts: Sequence[int], ends: Sequence[int], count_words: int
                ) -> dict[int, tuple[list[_TermHit], list[_TermHit]]]:
    """The parts of the NEAR rules whose two parts are both among the turn's key matches, per rule in
    the order first met. Most NEAR parts never meet their partner, so a part is filed only for those."""
    if not near_found:
        return {}
    paired = frozenset().union(*first_of) & frozenset().union(*second_of)  # set unions in C, no loop per part
    near_parts: dict[int, tuple[list[_TermHit], list[_TermHit]]] = {}
    if paired:
        for first, refs in near_found:
            for ref in refs:
                last = first + ref.length - 1
                if ref.rule_index in paired and last < count_words:
                    near_parts.setdefault(ref.rule_index, ([], []))[ref.part].append(
                        _TermHit(ref, starts[first], ends[last], first, last, "near"))
    return near_parts


def _joined(words: tuple[str, ...]) -> tuple[str, dict[int, int] | None]:
    """`` w1 w2 … `` and, when some word holds a space, the position of each word in it (None when the
    spaces before a position count the words before it)."""
    if not words:
        return "  ", {}
    source = " " + " ".join(words) + " "
    if source.count(" ") == len(words) + 1:  # no word holds a space
        return source, None
    # Word i starts after the leading space, the i earlier words and their i spaces: 1 + i + Σ len (all in C).
    starts = map(add, accumulate(map(len, words[:-1]), initial=0), count(1))
    return source, dict(zip(starts, count()))


# --------------------------------------------------------------------------- shared
def _resolve_terms(term_hits: list[_TermHit], cue, within) -> list[Hit]:
    """Plain rules become hits directly; NEAR rules need both parts within their distance."""
    hits: list[Hit] = []
    near_parts: dict[int, tuple[list[_TermHit], list[_TermHit]]] = {}
    for term in term_hits:
        ref = term.ref
        if ref.near is None:  # the rule's kind, read off the term (no rule look-up per hit)
            hits.append(Hit(ref.rule_index, term.start, term.end, term.kind, cue=cue(term.start)))
        else:
            near_parts.setdefault(ref.rule_index, ([], []))[ref.part].append(term)
    return hits + _pair_near(near_parts, cue, within)


def _pair_near(near_parts: dict[int, tuple[list[_TermHit], list[_TermHit]]], cue, within) -> list[Hit]:
    """A NEAR hit per pair of its two parts within the rule's distance, nearest pairs first, each part once."""
    hits: list[Hit] = []
    for index, (firsts, seconds) in near_parts.items():
        if not firsts or not seconds:
            continue  # one part alone: no pair (most turns)
        distance = firsts[0].ref.near
        pairs = [(a, b) for a in firsts for b in seconds
                 if (a.start, a.end) != (b.start, b.end)
                 and within(a, b, distance)]
        used: set[int] = set()
        for a, b in sorted(pairs, key=lambda p: abs(p[0].start - p[1].start)):
            if id(a) in used or id(b) in used:
                continue
            used.update((id(a), id(b)))
            start, end = min(a.start, b.start), max(a.end, b.end)
            hits.append(Hit(index, start, end, "near", cue=cue(start)))
    return hits


def _fuzzy_hits(compiled: CompiledKeywords, language: str, words: Sequence[str], starts: Sequence[int],
                hits: list[Hit], cue) -> list[Hit]:
    minimum = (compiled.settings.fuzzy_min_length_en if language == "en"
               else compiled.settings.fuzzy_min_length_zh)
    fruitful = _fuzzy_cache.fruitful(compiled, language, words, minimum)
    if not fruitful:
        return []
    covered = [(h.start, h.end) for h in hits]
    found: list[Hit] = []
    known = _fuzzy_cache.for_vocabulary(compiled, language)
    for word, start in zip(words, starts):
        if word not in fruitful:
            continue
        best = known[ascii_lower(word)]
        end = start + len(word)
        if any(s < end and start < e for s, e in covered):
            continue
        for index in compiled.fuzzy_choices[language][best[0]]:
            found.append(Hit(index, start, end, "fuzzy", similarity=best[1], cue=cue(start)))
    return found


REGEX_BUDGET_S = 1.0  # per rule and turn; a sane keyword pattern needs microseconds


def regex_candidates(compiled: CompiledKeywords, language: str, text: str) -> list[int]:
    """The ``re:`` rules worth running on ``text``, in rule order: those whose required strings it holds."""
    if not compiled.regex_rules[language]:
        return []
    prefilter = compiled.regex_prefilter(language)
    if prefilter.automaton is None:
        return prefilter.always
    met: set[int] = set()
    for _, requirements in prefilter.automaton.iter(text):
        met.update(requirements)
    if not met:
        return prefilter.always
    owner, needs = prefilter.owner, prefilter.needs
    found = {index for index in {owner[requirement] for requirement in met} if needs[index] <= met}
    return sorted(found.union(prefilter.always)) if found else prefilter.always


def regex_matches(compiled: CompiledKeywords, index: int, text: str) -> list:
    """The matches of a ``re:`` keyword in one turn, or a CodebookError if the pattern runs away."""
    rule = compiled.rule(index)
    try:
        return list(rule.rule.pattern.finditer(text, timeout=REGEX_BUDGET_S))
    except TimeoutError:
        raise CodebookError(
            f"keyword {rule.rule.source!r} of code {rule.code_id} ran for over {REGEX_BUDGET_S:g} s on one turn "
            "without finishing (a regular expression that backtracks, like (a|aa)+b); simplify it and run "
            "suggest again, which resumes where it stopped") from None
