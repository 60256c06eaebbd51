"""The ``[nlp]`` section of ``qualcode.toml``, validated once.

```toml
[nlp]
english_model = ""          # an installed spaCy pipeline such as "en_core_web_sm"; empty: built-in lemmas
min_score = 0.3             # below it a code is at most a ranked candidate, never pending
fuzzy = true                # near matches (typos, variants) through rapidfuzz
fuzzy_threshold = 88        # 50-100 similarity needed for a fuzzy match
fuzzy_chinese = false       # fuzzy matching of Chinese words too (needs a full jieba pass; rarely finds more)
negation_window_zh = 4      # characters between a negation cue and a Chinese keyword
negation_window_en = 3      # tokens between a negation cue and an English keyword
suggest_interviewer = false # also suggest codes for interviewer turns
negation_cues = []          # extra cues, e.g. ["未曾", "seldom"]
```
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from qualcode.core.errors import Location, QualcodeError


@dataclass(frozen=True)
class NlpSettings:
    english_model: str | None = None
    min_score: float = 0.3
    fuzzy: bool = True
    fuzzy_threshold: float = 88.0
    fuzzy_chinese: bool = False
    fuzzy_min_length_en: int = 5
    fuzzy_min_length_zh: int = 3
    negation_window_zh: int = 4
    negation_window_en: int = 3
    suggest_interviewer: bool = False
    negation_cues: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None, *, path: str = "qualcode.toml") -> "NlpSettings":
        section = dict((config or {}).get("nlp") or {})
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in section.items():
            where = Location(path=path, detail=f"[nlp] {key}")
            if key not in known:
                raise QualcodeError(f"unknown setting; known: {', '.join(sorted(known))}", where)
            values[key] = _validate(key, value, where)
        return cls(**values)


def _validate(key: str, value: Any, where: Location) -> Any:
    if key == "english_model":
        if not isinstance(value, str):
            raise QualcodeError("must be the name of an installed spaCy pipeline, e.g. \"en_core_web_sm\"", where)
        return value.strip() or None
    if key in ("fuzzy", "fuzzy_chinese", "suggest_interviewer"):
        if not isinstance(value, bool):
            raise QualcodeError("must be true or false", where)
        return value
    if key == "negation_cues":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise QualcodeError("must be a list of words", where)
        return frozenset(v.strip().lower() for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise QualcodeError("must be a number", where)
    limits = {"min_score": (0.0, 1.0), "fuzzy_threshold": (50.0, 100.0)}
    low, high = limits.get(key, (0, 50))
    if not low <= value <= high:
        raise QualcodeError(f"must be between {low} and {high}, not {value}", where)
    return float(value) if key in limits else int(value)
