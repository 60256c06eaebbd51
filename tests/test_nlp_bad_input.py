"""Bad keyword rules and settings: one clear message naming the place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from _nlp_fixtures import code
from qualcode.core.errors import CodebookError, QualcodeError
from qualcode.core.models import Codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.rules import parse_rule
from qualcode.nlp.settings import NlpSettings

REPO = Path(__file__).resolve().parents[1]


def build(zh=(), en=(), negated=()):
    return SuggestionEngine([Codebook("t", 1, ("zh", "en"), (code("PF_X", zh=zh, en=en, negated=negated),),
                                      path="codebooks/t.yaml")])


@pytest.mark.parametrize("keywords, message", [
    ([""], "empty keyword"),
    (["   "], "empty keyword"),
    (["re:(考上"], "invalid regular expression"),
    (["re:"], "empty regular expression"),
    (["re:a*"], "matches empty text"),
    (["老师 NEAR/0 鼓励"], "out of range"),
    (["老师 NEAR/x 鼓励"], "NEAR needs a distance"),
    (["老师 NEAR/999 鼓励"], "out of range"),
    (["老师 NEAR 鼓励"], "NEAR needs a distance"),
    (["NEAR/3 鼓励"], "a term on each side"),
    (["老师 鼓励"], "contains a space"),
    (["*"], "may only end a word"),
    (["a*b"], "may only end a word"),
])
def test_bad_rules_name_the_codebook_code_and_rule(keywords, message):
    with pytest.raises(CodebookError) as caught:
        build(zh=keywords)
    text = str(caught.value)
    assert message in text
    assert "codebooks/t.yaml" in text and "PF_X" in text


def test_english_phrases_and_near_without_spaces_are_fine():
    assert parse_rule("work toward", "en").kind == "word"
    near = parse_rule("老师NEAR/3鼓励", "zh")  # the codebook accepts it, so the engine must too
    assert (near.kind, [t.text for t in near.terms], near.distance) == ("near", ["老师", "鼓励"], 3)


def test_duplicate_keyword_across_codes_is_a_warning_and_both_are_suggested():
    book = Codebook("t", 1, ("zh",), (code("A", zh=["压力"]), code("B", zh=["压力"])))
    engine = SuggestionEngine([book])
    assert any("'压力'" in w and "A, B" in w for w in engine.warnings)
    assert {s.code_id for s in engine.suggest_text("压力很大")} == {"A", "B"}


def test_unknown_negated_target_is_reported():
    with pytest.raises(CodebookError, match="negated_suggests names unknown code 'ND_NOPE'"):
        build(zh=["自信"], negated=["ND_NOPE"])


@pytest.mark.parametrize("section, message", [
    ({"min_score": 2}, "between 0.0 and 1.0"),
    ({"fuzzy_threshold": "high"}, "must be a number"),
    ({"fuzzy": "yes"}, "true or false"),
    ({"negation_cues": "不"}, "list of words"),
    ({"colour": 1}, "unknown setting"),
])
def test_bad_settings(section, message):
    with pytest.raises(QualcodeError, match=message) as caught:
        NlpSettings.from_config({"nlp": section})
    assert "qualcode.toml" in str(caught.value)


def test_missing_english_model_is_a_clear_error():
    engine_settings = NlpSettings(english_model="xx_not_installed_model")
    with pytest.raises(QualcodeError, match="not installed"):
        SuggestionEngine([Codebook("t", 1, ("en",), (code("A", en=["goal"]),))], engine_settings)


def test_jieba_cache_goes_to_a_private_cache_folder(tmp_path):
    """jieba would otherwise write /tmp/jieba.cache, shared with every user."""
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), TMPDIR=str(tmp), PYTHONPATH=str(REPO))
    script = "from qualcode.nlp.tokenizers import cut_chinese; print('/'.join(cut_chinese('我有目标')))"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "我/有/目标"
    assert (cache / "qualcode" / "jieba-prefix.cache").is_file()
    assert oct((cache / "qualcode").stat().st_mode & 0o777) == "0o700"
    assert list(tmp.iterdir()) == []
    assert "Building prefix dict" not in result.stderr  # jieba's chatter is silenced
