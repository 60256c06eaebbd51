"""Compiling every keyword rule of a set of codebooks into automata, once.

Chinese terms go into one Aho-Corasick automaton over the raw segment text
(so a keyword is found whatever jieba does with it) and into jieba's
dictionary (so it usually stays one token). English terms are lemmatised with
the same tokenizer as the text and go into an automaton over the segment's
space-joined lemma sequence: `` support me `` contains the key `` support ``
for "supports", "supported" and "supporting" alike; a prefix key has no
trailing space.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

import ahocorasick

from qualcode.core.errors import CodebookError, Location
from qualcode.core.models import Code, Codebook
from qualcode.nlp.rules import Rule, Term, parse_rule
from qualcode.nlp.regex_literals import required_string_sets
from qualcode.nlp.settings import NlpSettings
from qualcode.nlp.tokenizers import add_user_words, english_tokenizer

ENGINE_VERSION = "qualcode-nlp/3"  # 2: English keywords in the Latin words of Chinese turns (and back);
# 3: typographic apostrophes read as ASCII ones, English negation counted in words and raised (don't think)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


_ASCII_UPPER = re.compile("[A-Z]")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII only, so offsets never shift (str.lower can lengthen some letters)."""
    # translate() looks every character up in a dict: a Chinese turn without capitals skips it.
    return text.translate(_ASCII_LOWER) if _ASCII_UPPER.search(text) else text


@dataclass(frozen=True)
class CompiledRule:
    code_id: str
    language: str
    rule: Rule


@dataclass(frozen=True)
class TermRef:
    rule_index: int
    part: int  # 0 for a plain rule or the A of a NEAR rule, 1 for its B
    prefix: bool
    surface: tuple[str, ...]  # English: the term's lower-case words as written
    length: int  # Chinese: characters; English: tokens
    near: int | None = None  # a NEAR rule's distance in tokens; None for a plain rule (read per hit, so kept here)


@dataclass
class CompiledKeywords:
    """Everything the matcher needs, built once per codebook set.

    The English automaton is built on the first English turn, as it needs spaCy to lemmatise the
    keywords: a Chinese project never loads spaCy. (The Chinese one needs no tokenizer; its words
    wait for jieba's dictionary, which loads on the first Chinese turn.)
    """

    rules: list[CompiledRule]
    codes: dict[str, Code]
    settings: NlpSettings
    zh_automaton: ahocorasick.Automaton | None
    regex_rules: dict[str, list[int]]
    fuzzy_choices: dict[str, dict[str, list[int]]]  # language -> keyword form -> rule indexes
    warnings: list[str] = field(default_factory=list)
    fingerprint: str = ""
    _automata: dict[str, ahocorasick.Automaton | None] = field(default_factory=dict, repr=False)
    _prefilters: dict[str, RegexPrefilter] = field(default_factory=dict, repr=False)
    _english_starts: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = field(default=None,
                                                                                      repr=False)

    def __post_init__(self) -> None:
        # Per rule index, read once per hit by scoring: its code and the keyword as written.
        self.rule_codes = [rule.code_id for rule in self.rules]
        self.rule_sources = [rule.rule.source for rule in self.rules]

    def rule(self, index: int) -> CompiledRule:
        return self.rules[index]

    @property
    def english_word_starts(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """How the first word of each English keyword term begins, read without spaCy: the first four letters
        of those of four letters or more, the shorter ones whole (go, my, I), and the shorter prefixes
        (job* as job). A Chinese turn's run of Latin letters is matched as English only when one of its words
        begins so ('stressed' with 'stre' of 'stress', 'jobs' with job*), so a code-switched 'ok', 'app' or
        'QQ' loads no spaCy; only a lemma unlike its word in its first letters ('went' for 'go') is missed
        there."""
        found = self._english_starts
        if found is None:
            long, short, short_prefixes = set(), set(), set()
            for _, _, term, _ in _terms(self.rules, "en"):
                words = ascii_lower(term.text).split()
                first = words[0].rstrip("*") if words else ""
                if len(first) >= 4:
                    long.add(first[:4])
                elif first and term.prefix and len(words) == 1:
                    short_prefixes.add(first)
                elif first:
                    short.add(first)
            found = self._english_starts = (frozenset(long), frozenset(short), frozenset(short_prefixes))
        return found

    @property
    def en_automaton(self) -> ahocorasick.Automaton | None:
        if "en" not in self._automata:
            self._automata["en"] = _english_automaton(self.rules, self.settings)
        return self._automata["en"]

    @property
    def en_surface_automaton(self) -> ahocorasick.Automaton | None:
        """The keys the matcher's surface pass can find that the lemma pass cannot (see
        :func:`_surface_keys`); None when there are none."""
        if "en_surface" not in self._automata:
            automaton = self.en_automaton
            table = _surface_keys(automaton, self.settings) if automaton is not None else {}
            self._automata["en_surface"] = _english_key_automaton(table) if table else None
        return self._automata["en_surface"]

    def regex_prefilter(self, language: str) -> RegexPrefilter:
        """The ``re:`` rules that always run, and an automaton from required strings to the others.

        A search per rule and turn cost more than jieba itself; a turn missing every string of one of
        a rule's required sets cannot match it and is not searched.
        """
        if language not in self._prefilters:
            self._prefilters[language] = _regex_prefilter(self.rules, language)
        return self._prefilters[language]


def _where(code: Code, codebook: Codebook, rule: object, language: str) -> Location:
    return Location(path=codebook.path or codebook.name,
                    detail=f"code {code.id}, keywords.{language}: {rule!r}")


def compile_codebooks(codebooks: Iterable[Codebook], settings: NlpSettings | None = None) -> CompiledKeywords:
    """Parse and compile every rule; raise :class:`CodebookError` for the first bad one."""
    settings = settings or NlpSettings()
    codebooks = list(codebooks)
    rules: list[CompiledRule] = []
    codes: dict[str, Code] = {}
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for codebook in codebooks:
        for code in codebook.codes:
            codes[code.id] = code
            for language in ("zh", "en"):
                for source in code.keywords.for_language(language):
                    rule = parse_rule(source, language, where=_where(code, codebook, source, language))
                    rules.append(CompiledRule(code.id, language, rule))
                    seen[(language, rule.source.lower())].append(code.id)
    _check_negated_targets(codebooks, codes)
    warnings = [f"keyword {key[1]!r} ({key[0]}) is in several codes: {', '.join(ids)}; each is suggested"
                for key, ids in seen.items() if len(set(ids)) > 1]
    compiled = CompiledKeywords(
        rules=rules, codes=codes, settings=settings,
        zh_automaton=_chinese_automaton(rules), regex_rules=_regex_rules(rules),
        fuzzy_choices=_fuzzy_choices(rules, settings), warnings=warnings,
        fingerprint=_fingerprint(rules, codes, settings))
    if settings.english_model:
        compiled.en_automaton  # a named spaCy model is loaded now: not installed is said at once
    return compiled


def _check_negated_targets(codebooks: list[Codebook], codes: dict[str, Code]) -> None:
    for codebook in codebooks:
        for code in codebook.codes:
            for target in code.negated_suggests:
                if target not in codes:
                    raise CodebookError(f"code {code.id}: negated_suggests names unknown code {target!r}",
                                        Location(path=codebook.path or codebook.name))


def _terms(rules: list[CompiledRule], language: str) -> Iterable[tuple[int, int, Term, int | None]]:
    """Each term of the language's non-regex rules: rule index, part, term and the NEAR distance (or None)."""
    for index, compiled in enumerate(rules):
        if compiled.language == language and compiled.rule.kind != "regex":
            near = compiled.rule.distance if compiled.rule.kind == "near" else None
            for part, term in enumerate(compiled.rule.terms):
                yield index, part, term, near


def give_jieba_the_keywords(codebooks: Iterable[Codebook]) -> tuple[str, ...]:
    """Add the codebooks' Chinese keywords to jieba's dictionary, as compiling them does, and return them in order.

    The learned engine calls this before it trains or scores: a turn must split the same in training and in
    scoring, in `suggest`, `next` and `eval` alike, whether or not the process compiled the keyword rules first
    (78 of the sample project's 254 Chinese turns split otherwise: 社工姐姐 whole with the keywords, 社工/姐姐
    without)."""
    rules: list[CompiledRule] = []
    for codebook in codebooks:
        for code in codebook.codes:
            for source in code.keywords.for_language("zh"):
                try:
                    rules.append(CompiledRule(code.id, "zh", parse_rule(source, "zh")))
                except CodebookError:
                    continue   # compile_codebooks names a bad rule wherever the keywords are used
    words = tuple(dict.fromkeys(key for key in (ascii_lower(term.text) for _, _, term, _ in _terms(rules, "zh"))
                                if not key.isascii()))
    add_user_words(words)
    return words


def _chinese_automaton(rules: list[CompiledRule]) -> ahocorasick.Automaton | None:
    table: dict[str, list[TermRef]] = defaultdict(list)
    for index, part, term, near in _terms(rules, "zh"):
        key = ascii_lower(term.text)
        table[key].append(TermRef(index, part, term.prefix, (key,), len(key), near))
    if not table:
        return None
    add_user_words([key for key in table if not key.isascii()])
    return _automaton(table)


def _english_automaton(rules: list[CompiledRule], settings: NlpSettings) -> ahocorasick.Automaton | None:
    table: dict[str, list[TermRef]] = defaultdict(list)
    tokenizer = None
    for index, part, term, near in _terms(rules, "en"):
        tokenizer = tokenizer or english_tokenizer(settings.english_model)
        tokens = tokenizer.analyse(term.text)
        if not tokens.lemmas:
            continue
        lemmas = list(tokens.lemmas)
        if term.prefix:  # the last word is a prefix: match it on the lemma *and* on the surface form
            lemmas[-1] = tokens.lower[-1]
        key = " " + " ".join(lemmas) + ("" if term.prefix else " ")
        table[key].append(TermRef(index, part, term.prefix, tuple(tokens.lower), len(lemmas), near))
    return _english_key_automaton(table) if table else None


def _surface_keys(automaton: ahocorasick.Automaton, settings: NlpSettings) -> dict[str, list[TermRef]]:
    """English keys that surface words can match where their lemmas do not.

    A key is written in lemmas. Surface words equal to a key whose every word is its own lemma have
    those very lemmas, so the lemma pass found them already; only a prefix key (its last word as
    written) or a key holding a word whose lemma is another word (founding -> found, whose own lemma
    is find) can add a match. The lookup lemmas are one per word, whatever its context; a named spaCy
    model's depend on the sentence, so with one every key stays. So does a key the tokenizer would
    cut differently on its own.
    """
    tokenizer = english_tokenizer(settings.english_model)
    table: dict[str, list[TermRef]] = {}
    for key, plain, near, _, _ in automaton.values():
        refs = [*plain, *near]
        words = tuple(key.split(" ")[1:-1]) if key.endswith(" ") else None
        if words is not None and tokenizer.table is not None:
            tokens = tokenizer.analyse(" ".join(words))
            if tokens.lower == words and tokens.lemmas == words:
                continue
        table[key] = list(refs)
    return table


def _automaton(table: dict[str, list[TermRef]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, refs in table.items():
        automaton.add_word(key, (key, tuple(refs)))
    automaton.make_automaton()
    return automaton


def _english_key_automaton(table: dict[str, list[TermRef]]) -> ahocorasick.Automaton:
    """English keys, each with its plain rules' refs, its NEAR parts' refs and the NEAR rules it is the
    first and the second part of: the matcher files a NEAR part only once the turn holds both parts."""
    automaton = ahocorasick.Automaton()
    for key, refs in table.items():
        near = tuple(ref for ref in refs if ref.near is not None)
        automaton.add_word(key, (key, tuple(ref for ref in refs if ref.near is None), near,
                                 frozenset(ref.rule_index for ref in near if ref.part == 0),
                                 frozenset(ref.rule_index for ref in near if ref.part == 1)))
    automaton.make_automaton()
    return automaton


def _regex_rules(rules: list[CompiledRule]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {"zh": [], "en": []}
    for index, compiled in enumerate(rules):
        if compiled.rule.kind == "regex":
            found[compiled.language].append(index)
    return found


@dataclass(frozen=True)
class RegexPrefilter:
    """Which ``re:`` rules can match a turn, from the required strings the turn holds.

    Each rule needs one string of each of its sets (``regex_literals.required_string_sets``); a set
    is a *requirement*, numbered across the language's rules. The automaton maps each string to the
    requirements it meets.
    """

    always: list[int]  # rules without required strings: they run on every turn
    automaton: ahocorasick.Automaton | None
    owner: tuple[int, ...]  # requirement -> its rule
    needs: dict[int, frozenset[int]]  # rule -> every requirement it has


def _regex_prefilter(rules: list[CompiledRule], language: str) -> RegexPrefilter:
    """See :meth:`CompiledKeywords.regex_prefilter`."""
    always: list[int] = []
    table: dict[str, set[int]] = defaultdict(set)
    owner: list[int] = []
    needs: dict[int, frozenset[int]] = {}
    for index, compiled in enumerate(rules):
        if compiled.language != language or compiled.rule.kind != "regex" or compiled.rule.pattern is None:
            continue
        sets = required_string_sets(compiled.rule.pattern.pattern)
        if not sets:
            always.append(index)
            continue
        first = len(owner)
        owner += [index] * len(sets)
        needs[index] = frozenset(range(first, len(owner)))
        for requirement, strings in enumerate(sets, start=first):
            for string in strings:
                table[string].add(requirement)
    if not table:
        return RegexPrefilter(always, None, (), {})
    automaton = ahocorasick.Automaton()
    for string, requirements in table.items():
        automaton.add_word(string, frozenset(requirements))
    automaton.make_automaton()
    return RegexPrefilter(always, automaton, tuple(owner), needs)


def _fuzzy_choices(rules: list[CompiledRule], settings: NlpSettings) -> dict[str, dict[str, list[int]]]:
    choices: dict[str, dict[str, list[int]]] = {"zh": defaultdict(list), "en": defaultdict(list)}
    if not settings.fuzzy:
        return choices
    for index, compiled in enumerate(rules):
        rule = compiled.rule
        if rule.kind != "word" or " " in rule.terms[0].text:
            continue
        word = ascii_lower(rule.terms[0].text)
        if compiled.language == "zh" and not settings.fuzzy_chinese:
            continue
        minimum = settings.fuzzy_min_length_en if compiled.language == "en" else settings.fuzzy_min_length_zh
        if len(word) >= minimum:
            choices[compiled.language][word].append(index)
    return choices


def _fingerprint(rules: list[CompiledRule], codes: dict[str, Code], settings: NlpSettings) -> str:
    """Changes whenever anything that affects suggestions changes (resume skips finished work otherwise)."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for compiled in rules:
        digest.update(f"{compiled.code_id}\x1f{compiled.language}\x1f{compiled.rule.source}\x1e".encode())
    for code in sorted(codes.values(), key=lambda c: c.id):
        digest.update(f"{code.id}>{','.join(code.negated_suggests)}\x1e".encode())
    for key, value in sorted(vars(settings).items()):
        shown = sorted(value) if isinstance(value, frozenset) else value  # set order varies per process
        digest.update(f"{key}={shown}\x1e".encode())
    return digest.hexdigest()[:16]
