"""Writing a :class:`~qualcode.core.models.Codebook` as a codebook YAML file (DESIGN §4).

Imports (REFI-QDA projects and codebooks, coded spreadsheets) create codes;
the YAML stays the source of truth, so they are written to a codebook file
under ``codebooks/`` and the project re-reads it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from qualcode.core.models import Code, Codebook


def codebook_document(codebook: Codebook) -> dict[str, Any]:
    """The YAML tree (plain dicts and lists) of a codebook, parents holding their children."""
    def node(code: Code) -> dict[str, Any]:
        item: dict[str, Any] = {"id": code.id, "label": dict(code.labels)}
        for key in ("description", "include", "exclude"):
            if getattr(code, key):
                item[key] = getattr(code, key)
        if code.examples:
            item["examples"] = list(code.examples)
        keywords = {lang: list(code.keywords.for_language(lang)) for lang in ("zh", "en")
                    if code.keywords.for_language(lang)}
        if keywords:
            item["keywords"] = keywords
        if code.negated_suggests:
            item["negated_suggests"] = list(code.negated_suggests)
        if code.key:
            item["key"] = code.key
        if code.color:
            item["color"] = code.color
        kids = sorted(codebook.children(code.id), key=lambda c: c.position)
        if kids:
            item["codes"] = [node(kid) for kid in kids]
        return item

    roots = sorted(codebook.children(None), key=lambda c: c.position)
    return {"codebook": codebook.name, "version": codebook.version, "language": list(codebook.languages),
            "themes": [node(root) for root in roots]}


def codebook_yaml_text(codebook: Codebook, *, header: str = "") -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def flow_labels(tree: Any) -> Any:
        if isinstance(tree, dict):
            mapped = CommentedMap((k, flow_labels(v)) for k, v in tree.items())
            for key in ("label", "language"):
                if key in mapped:
                    mapped[key] = _flow(mapped[key], CommentedMap, CommentedSeq)
            return mapped
        if isinstance(tree, list):
            return [flow_labels(v) for v in tree]
        return tree

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    out = io.StringIO()
    if header:
        out.write("".join(f"# {line}\n" for line in header.splitlines()))
    yaml.dump(flow_labels(codebook_document(codebook)), out)
    return out.getvalue()


def _flow(value: Any, map_type: type, seq_type: type) -> Any:
    flowed = map_type(value) if isinstance(value, dict) else seq_type(value)
    flowed.fa.set_flow_style()
    return flowed


def write_codebook_file(codebook: Codebook, path: Path, *, header: str = "") -> Path:
    """Write atomically (a half-written codebook would stop the project from opening)."""
    from qualcode.io.refiqda.writer import write_bytes_atomically

    write_bytes_atomically(path, codebook_yaml_text(codebook, header=header).encode("utf-8"))
    return path
