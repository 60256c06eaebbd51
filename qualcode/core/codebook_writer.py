"""Turn codebook models (or plain field mappings) into YAML in the canonical layout.

The layout is the one the shipped codebooks use: block mappings for codes, flow
style for labels and keyword lists, keys in the order of ``NODE_KEYS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from qualcode.core.codebook import validate_codebook_text
from qualcode.core.codebook_schema import NODE_KEYS
from qualcode.core.codebook_yaml import dump_yaml, write_atomically
from qualcode.core.models import Code, Codebook

FLOW_KEYS = ("label", "keywords", "negated_suggests")

# ruamel.yaml emits a plain scalar that starts with ':' or '?' unquoted inside a
# flow collection (`{en: : x}`), which no YAML parser reads back; quote those.
_FLOW_UNSAFE_START = (":", "?")


def flow_scalar(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FLOW_UNSAFE_START):
        return SingleQuotedScalarString(value)
    return value


def flow_seq(items) -> CommentedSeq:
    seq = CommentedSeq([flow_scalar(item) for item in items])
    seq.fa.set_flow_style()
    return seq


def flow_map(pairs: Mapping[str, Any]) -> CommentedMap:
    mapping = CommentedMap()
    for key, value in pairs.items():
        mapping[key] = flow_seq(value) if isinstance(value, (list, tuple)) else flow_scalar(value)
    mapping.fa.set_flow_style()
    return mapping


def node_document(fields: Mapping[str, Any]) -> CommentedMap:
    """A code node from plain fields, keys in canonical order (unknown keys kept last,
    so validation can name them)."""
    node = CommentedMap()
    ordered = [k for k in NODE_KEYS if k in fields] + [k for k in fields if k not in NODE_KEYS]
    for key in ordered:
        value = fields[key]
        if key in ("label", "keywords") and isinstance(value, Mapping):
            node[key] = flow_map(value)
        elif key == "negated_suggests" and isinstance(value, (list, tuple)):
            node[key] = flow_seq(value)
        elif key == "codes" and isinstance(value, (list, tuple)):
            node[key] = CommentedSeq([node_document(child) for child in value])
        elif key == "examples" and isinstance(value, (list, tuple)):
            node[key] = CommentedSeq(list(value))
        else:
            node[key] = value
    return node


def code_fields(code: Code, children: list[dict[str, Any]]) -> dict[str, Any]:
    """The non-empty fields of a model code, as plain data."""
    fields: dict[str, Any] = {"id": code.id, "label": dict(code.labels)}
    for key in ("description", "include", "exclude"):
        if getattr(code, key):
            fields[key] = getattr(code, key)
    if code.examples:
        fields["examples"] = list(code.examples)
    keywords = {lang: list(words) for lang in ("zh", "en") if (words := code.keywords.for_language(lang))}
    if keywords:
        fields["keywords"] = keywords
    if code.key:
        fields["key"] = code.key
    if code.color:
        fields["color"] = code.color
    if code.negated_suggests:
        fields["negated_suggests"] = list(code.negated_suggests)
    if children:
        fields["codes"] = children
    return fields


def codebook_document(codebook: Codebook, header: str | None = None) -> CommentedMap:
    """The whole codebook as a commented YAML tree, nesting rebuilt from parent ids."""

    def subtree(parent_id: str | None) -> list[dict[str, Any]]:
        return [code_fields(code, subtree(code.id)) for code in codebook.children(parent_id)]

    document = CommentedMap()
    document["codebook"] = codebook.name
    document["version"] = codebook.version
    document["language"] = flow_seq(codebook.languages)
    document["themes"] = CommentedSeq([node_document(theme) for theme in subtree(None)])
    if header:
        document.yaml_set_start_comment(header)
    return document


def codebook_yaml_text(codebook: Codebook, path: Path | str, *, header: str | None = None) -> str:
    """A codebook as YAML text, validated as if read from ``path`` (so a bad file is never written)."""
    text = dump_yaml(codebook_document(codebook, header))
    validate_codebook_text(text, path)
    return text


def write_codebook_yaml(codebook: Codebook, path: Path | str, *, header: str | None = None) -> Path:
    """Write a codebook as YAML (validated first, then written atomically)."""
    path = Path(path)
    write_atomically(path, codebook_yaml_text(codebook, path, header=header))
    return path
