"""Suggest skips work it can prove useless: `re:` rules on turns without their required words, and the
tokenizer of a language the project does not use. Both must leave the suggestions exactly as they were."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from qualcode.core.codebook import load_codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.matcher import regex_candidates
from qualcode.nlp.regex_literals import required_string_sets, required_strings

REPO = Path(__file__).resolve().parents[1]
SHIPPED = [load_codebook(path) for path in sorted((REPO / "codebooks").glob("*.yaml"))]
ENGINE = SuggestionEngine(SHIPPED)
REGEX_RULES = [(index, ENGINE.compiled.rule(index).rule.pattern) for language in ("zh", "en")
               for index in ENGINE.compiled.regex_rules[language]]


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # one sample transcript is GBK on purpose


SAMPLE_TURNS = [line.split("：", 1)[-1].split(":", 1)[-1]
                for path in sorted((REPO / "transcripts").glob("*_*.*")) if path.suffix in (".txt", ".md")
                for line in _read(path).splitlines() if line.strip()]


def test_the_shipped_expressions_get_a_test_and_the_test_holds_on_the_sample_turns():
    with_strings = [index for index, pattern in REGEX_RULES if required_strings(pattern.pattern)]
    assert len(with_strings) >= len(REGEX_RULES) * 3 // 4  # most shipped expressions start from words
    matched = 0
    for index, pattern in REGEX_RULES:
        strings = required_strings(pattern.pattern)
        for turn in SAMPLE_TURNS:
            if pattern.search(turn):
                matched += 1
                assert strings is None or any(s in turn for s in strings), (pattern.pattern, turn)
    assert matched > 20  # the sample does exercise the expressions


def _pieces(pattern: str) -> list[str]:
    """The Han characters and ASCII characters of an expression: text made of them often matches it."""
    return sorted(set(regex.findall(r"\p{Han}|[a-z0-9 ]", pattern))) or ["a"]


@pytest.mark.parametrize("seed", range(4))
def test_no_turn_an_expression_matches_is_ever_skipped(seed):
    """Random turns built from each expression's own characters: a match always passes the test."""
    rng = random.Random(seed)
    matched = 0
    for index, pattern in REGEX_RULES:
        pieces = _pieces(pattern.pattern) + ["我", "，", "的"]
        sets = required_string_sets(pattern.pattern) or ()
        for _ in range(300):
            turn = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
            if pattern.search(turn):
                matched += 1
                language = ENGINE.compiled.rule(index).language
                assert index in regex_candidates(ENGINE.compiled, language, turn), (pattern.pattern, turn)
                # the prefilter needs one string of each required set: every match holds one
                assert all(any(s in turn for s in strings) for strings in sets), (pattern.pattern, turn)
    assert matched > 100


@pytest.mark.parametrize("pattern", [
    "(?:自信){e<=1}",           # fuzzy matching: `regex` syntax that Python's parser reads as literal braces
    r"\p{Han}+自信",
    "[[:alpha:]]+",
    "(?i)School",               # cased letters: case-insensitive matching has other spellings
    r"(a)\1",
    "x?",                      # matches the empty string: nothing is required
])
def test_expressions_outside_the_safe_syntax_always_run(pattern):
    assert required_strings(pattern) is None


def test_required_strings_of_typical_expressions():
    assert required_strings("工资(低|少|才)") == frozenset({"工资低", "工资少", "工资才"})
    assert required_strings("(同学|室友).{0,8}(帮|教)") == frozenset({"同学", "室友"})
    assert required_strings("差了?.{0,3}分") == frozenset({"分"})


def _without_prefilter(text: str, language: str) -> list[int]:
    return [index for index in ENGINE.compiled.regex_rules[language]
            if ENGINE.compiled.rule(index).rule.pattern.search(text)]


def test_the_prefilter_keeps_every_rule_that_matches_a_sample_turn():
    for turn in SAMPLE_TURNS:
        for language in ("zh", "en"):
            kept = regex_candidates(ENGINE.compiled, language, turn)
            assert set(_without_prefilter(turn, language)) <= set(kept)
            assert kept == sorted(kept)  # rule order, as before


_LOADED = """
import sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from qualcode.core.codebook import load_codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp import tokenizers
books = [load_codebook(p) for p in sorted(Path({repo!r}, "codebooks").glob("*.yaml"))]
engine = SuggestionEngine(books)
found = engine.suggest_text({text!r}, language={language!r}, min_score=0)
print(bool(found), tokenizers._jieba is not None, "spacy" in sys.modules)
"""


@pytest.mark.parametrize("language, text, jieba_loaded, spacy_loaded", [
    ("zh", "中考失利以后我很自卑，觉得自己不行", True, False),
    # Latin words no English keyword begins with (QQ, app, ok): still no spaCy in a Chinese run
    ("zh", "平时用QQ和app聊天，ok的，中考失利以后我很自卑", True, False),
    # an English keyword inside a Chinese turn (coursework): spaCy reads that run
    ("zh", "这学期coursework太多了，中考失利以后我很自卑", True, True),
    ("en", "My teacher always encouraged me and I was not confident", False, True),
])
def test_only_the_tokenizer_of_the_turns_language_is_loaded(language, text, jieba_loaded, spacy_loaded):
    out = subprocess.run([sys.executable, "-c", _LOADED.format(repo=str(REPO), text=text, language=language)],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", str(jieba_loaded), str(spacy_loaded)]


def test_codebook_words_still_reach_jieba_when_it_loads_after_the_engine():
    """The engine no longer loads jieba itself; its words wait and are added when jieba loads."""
    script = _LOADED.replace("found = engine.suggest_text({text!r}, language={language!r}, min_score=0)",
                             "found = tokenizers.cut_chinese('我觉得中考失利了')") + "print(found)"
    out = subprocess.run([sys.executable, "-c", script.format(repo=str(REPO), text="", language="zh")],
                         capture_output=True, text=True, check=True).stdout
    assert "'中考失利'" in out  # a codebook keyword, kept whole
