"""Questionnaire scales: definitions in YAML, item answers -> factor scores.

A scale file (see ``qualcode/data/scales/rsca.yaml``) gives the number of items,
the response range, ``scoring: mean|sum``, reverse-scored items, factors with
their items and ``min_answered`` (fewer answered items leave the factor empty),
higher-order factors built from factors, and an optional total.

Item columns are found by ``item_prefix`` (``RSCA``): ``RSCA1``, ``rsca_01``,
``RSCA-1``, ``RSCA_Q1``, ``Q1``, ``q_1`` all mean item 1 (case-insensitive), or by
an explicit ``columns: {1: 第1题, ...}`` map in the file or from the caller.

Higher-order factors and the total use the items of their factors: the mean of
the answered items, or for ``sum`` that mean times the number of items (the plain
sum when everything is answered). They are left empty unless every factor in
them has a score. Answers that are missing, not numbers, not whole numbers or out
of range are reported by row and item; the last three stop scoring unless the
caller asks to score anyway (then they count as unanswered).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from qualcode.core.errors import Location, ScoreError

PROBLEM_KINDS = ("missing", "non-numeric", "not-whole", "out-of-range")


@dataclass(frozen=True)
class Factor:
    id: str
    labels: tuple[str, str]
    items: tuple[int, ...]
    min_answered: int


@dataclass(frozen=True)
class HigherOrder:
    id: str
    labels: tuple[str, str]
    factors: tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    id: str
    title: tuple[str, str]
    n_items: int
    minimum: float
    maximum: float
    scoring: str
    reverse: frozenset[int]
    factors: tuple[Factor, ...]
    higher_order: tuple[HigherOrder, ...] = ()
    total: HigherOrder | None = None
    item_prefix: str = ""
    columns: dict[int, str] = field(default_factory=dict)
    path: str | None = None
    answer_labels: dict[str, float] = field(default_factory=dict)  # 完全符合 -> 5: answers exported as words

    def column(self, factor_id: str) -> str:
        """The output column of a factor score, e.g. ``RSCA_GOAL``."""
        return f"{self.id.upper()}_{factor_id}"

    def score_columns(self) -> list[str]:
        ids = [f.id for f in self.factors] + [h.id for h in self.higher_order]
        ids += [self.total.id] if self.total else []
        return [self.column(i) for i in ids]

    def labels(self) -> dict[str, tuple[str, str]]:
        nodes = [*self.factors, *self.higher_order, *([self.total] if self.total else [])]
        return {self.column(n.id): n.labels for n in nodes}

    def unscored_items(self) -> list[int]:
        """Items in no factor: read and checked, but in no score (the total included)."""
        scored = {item for factor in self.factors for item in factor.items}
        return [item for item in range(1, self.n_items + 1) if item not in scored]

    def items_of(self, node: HigherOrder) -> list[int]:
        by_id = {f.id: f for f in self.factors}
        return [item for factor_id in node.factors for item in by_id[factor_id].items]


# --------------------------------------------------------------------------- loading
def scale_search_path(project_root: Path | None = None) -> list[Path | resources.abc.Traversable]:
    places: list = []
    if project_root is not None:
        places.append(Path(project_root) / "scales")
    places.append(resources.files("qualcode").joinpath("data", "scales"))
    return places


def available_scales(project_root: Path | None = None) -> list[str]:
    names: set[str] = set()
    for place in scale_search_path(project_root):
        if place.is_dir():
            names.update(p.name[:-5] for p in place.iterdir() if p.name.endswith(".yaml"))
    return sorted(names)


def load_scale(name_or_path: str | Path, project_root: Path | None = None) -> Scale:
    """A scale by file path, else by name from the project's ``scales/`` then the shipped ones."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return parse_scale(candidate.read_text(encoding="utf-8"), str(candidate))
    for place in scale_search_path(project_root):
        found = place.joinpath(f"{name_or_path}.yaml")
        if found.is_file():
            return parse_scale(found.read_text(encoding="utf-8"), str(found))
    known = ", ".join(available_scales(project_root)) or "none"
    raise ScoreError(f"no scale named {str(name_or_path)!r} (available: {known}; or give a .yaml path)")


def _labels(value: object) -> tuple[str, str]:
    if isinstance(value, dict):
        return str(value.get("zh", "") or ""), str(value.get("en", "") or "")
    return str(value or ""), str(value or "")


def parse_scale(text: str, source: str = "<scale>") -> Scale:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ScoreError(f"not valid YAML: {getattr(exc, 'problem', exc)}", Location(source, line)) from exc
    if not isinstance(data, dict):
        raise ScoreError("a scale file is a mapping with scale, items, response and factors", Location(source))
    where = Location(source)
    try:
        n_items = int(data["items"])
        response = data.get("response") or {}
        minimum, maximum = float(response["min"]), float(response["max"])
        factors = tuple(
            Factor(str(f["id"]), _labels(f.get("label")), tuple(int(i) for i in f["items"]),
                   int(f.get("min_answered", data.get("min_answered", len(f["items"])))))
            for f in data["factors"])
        higher = tuple(HigherOrder(str(h["id"]), _labels(h.get("label")), tuple(str(x) for x in h["factors"]))
                       for h in data.get("higher_order") or [])
        total = data.get("total")
        total_node = (HigherOrder(str(total.get("id", "TOTAL")), _labels(total.get("label")),
                                  tuple(f.id for f in factors)) if total else None)
        scale = Scale(
            id=str(data["scale"]), title=_labels(data.get("title")), n_items=n_items,
            minimum=minimum, maximum=maximum, scoring=str(data.get("scoring", "mean")),
            reverse=frozenset(int(i) for i in data.get("reverse") or []), factors=factors,
            higher_order=higher, total=total_node, item_prefix=str(data.get("item_prefix", "")),
            columns={int(k): str(v) for k, v in (data.get("columns") or {}).items()}, path=source,
            answer_labels=_answer_labels(response.get("labels"), where))
    except (KeyError, TypeError, ValueError) as exc:
        raise ScoreError(f"incomplete scale definition ({exc!s}); see docs/exports.md", where) from exc
    _validate(scale, where)
    return scale


def answer_label_key(text: str) -> str:
    """An answer as the labels are compared: full-width forms folded, spaces gone (`完全 符合`, `（跳过）`)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _answer_labels(labels: object, where: Location) -> dict[str, float]:
    """``labels: {5: [完全符合, 非常符合], 4: 比较符合}`` -> ``{"完全符合": 5, "非常符合": 5, "比较符合": 4}``."""
    if labels is None:
        return {}
    if not isinstance(labels, dict):
        raise ScoreError("response labels map each answer number to its words, e.g. {5: [完全符合, 非常符合]}", where)
    found: dict[str, float] = {}
    for number, words in labels.items():
        for word in words if isinstance(words, list) else [words]:
            key = answer_label_key(str(word))
            if key in found and found[key] != float(number):
                raise ScoreError(f"the answer label {word!r} is given two numbers, {found[key]:g} and {number}", where)
            found[key] = float(number)
    return found


def _validate(scale: Scale, where: Location) -> None:
    if scale.scoring not in ("mean", "sum"):
        raise ScoreError(f"scoring must be mean or sum, not {scale.scoring!r}", where)
    if scale.minimum >= scale.maximum:
        raise ScoreError("response min must be below max", where)
    valid = set(range(1, scale.n_items + 1))
    ids = [node.id for node in (*scale.factors, *scale.higher_order, *([scale.total] if scale.total else []))]
    twice = sorted({node_id for node_id in ids if ids.count(node_id) > 1})
    if twice:  # one column per id: the second factor's scores would replace the first's
        raise ScoreError(f"the id {twice[0]} is given to two factors (each id is one column, "
                         f"{scale.column(twice[0])}); give each factor its own id", where)
    for factor in scale.factors:
        repeated = sorted({item for item in factor.items if factor.items.count(item) > 1})
        if repeated:  # the item would weigh twice in the factor's mean and in α
            raise ScoreError(f"factor {factor.id} lists item(s) {repeated} twice", where)
        outside = sorted(set(factor.items) - valid)
        if outside:
            raise ScoreError(f"factor {factor.id} lists items {outside} outside 1..{scale.n_items}", where)
        if not 1 <= factor.min_answered <= len(factor.items):
            raise ScoreError(f"factor {factor.id}: min_answered must be 1..{len(factor.items)}", where)
    if not scale.reverse <= valid:
        raise ScoreError(f"reverse-scored items outside 1..{scale.n_items}: {sorted(scale.reverse - valid)}", where)
    factor_ids = {f.id for f in scale.factors}
    for node in scale.higher_order:
        unknown = [f for f in node.factors if f not in factor_ids]
        if unknown:
            raise ScoreError(f"higher-order factor {node.id} names unknown factors {unknown}", where)
    outside = sorted({n for n in scale.answer_labels.values() if not scale.minimum <= n <= scale.maximum})
    if outside:
        raise ScoreError(f"response labels give answers {[f'{n:g}' for n in outside]} outside "
                         f"{scale.minimum:g}–{scale.maximum:g}", where)
    if not scale.item_prefix and not scale.columns:
        raise ScoreError("give item_prefix (e.g. RSCA) or a columns map", where)
