"""The code hierarchy as exports need it: column order, themes, descendants, labels.

Built from the project's codebooks when they are at hand, otherwise from the
``codes`` table (which the project keeps in sync with the codebooks), so every
export works from a bare SQLite connection.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from collections.abc import Iterable, Sequence

from qualcode.core.errors import NotFoundError
from qualcode.core.models import Codebook


@dataclass(frozen=True)
class CodeNode:
    id: str
    parent_id: str | None
    codebook: str
    label_zh: str
    label_en: str
    description: str = ""


class CodeTree:
    """Every code and theme of the project in codebook order (parents before children).

    A *theme* is any node with children: the top-level nodes and nested sub-themes
    such as ``AD_PRESSURE`` alike.
    """

    def __init__(self, nodes: Iterable[CodeNode]) -> None:
        self.nodes: dict[str, CodeNode] = {}
        for node in nodes:
            self.nodes.setdefault(node.id, node)
        self._children: dict[str | None, list[str]] = {}
        for node in self.nodes.values():
            self._children.setdefault(node.parent_id, []).append(node.id)

    # ------------------------------------------------------------------ building
    @classmethod
    def from_codebooks(cls, codebooks: Sequence[Codebook]) -> "CodeTree":
        return cls(
            CodeNode(
                id=code.id,
                parent_id=code.parent_id,
                codebook=codebook.name,
                label_zh=code.labels.get("zh", ""),
                label_en=code.labels.get("en", ""),
                description=code.description,
            )
            for codebook in codebooks
            for code in codebook.codes
        )

    @classmethod
    def from_database(cls, conn: sqlite3.Connection) -> "CodeTree":
        rows = conn.execute(
            "SELECT id, parent_id, codebook, label_zh, label_en, description, active FROM codes "
            "ORDER BY codebook, depth, position, id"
        ).fetchall()
        kept = _without_unused_retired_codes(conn, rows)
        by_parent: dict[str | None, list[tuple]] = {}
        for row in kept:
            by_parent.setdefault(row[1], []).append(tuple(row))
        ordered: list[CodeNode] = []

        def walk(parent: str | None) -> None:  # depth-first so parents precede children
            for row in by_parent.get(parent, []):
                ordered.append(CodeNode(row[0], row[1], row[2], row[3] or "", row[4] or "", row[5] or ""))
                walk(row[0])

        walk(None)
        return cls(ordered)

    @classmethod
    def load(cls, conn: sqlite3.Connection, codebooks: Sequence[Codebook] | None = None) -> "CodeTree":
        """The codebooks' tree, plus any code only the database knows (removed from every codebook)."""
        stored = cls.from_database(conn)
        if not codebooks:
            return stored
        tree = cls.from_codebooks(codebooks)
        extra = [node for node in stored.nodes.values() if node.id not in tree.nodes]
        return cls([*tree.nodes.values(), *extra]) if extra else tree

    def with_unknown(self, code_ids: Iterable[str]) -> "CodeTree":
        """Add codes found in codings but in no codebook, so no coding is ever dropped from a table."""
        missing = sorted({c for c in code_ids if c not in self.nodes})
        if not missing:
            return self
        return CodeTree([*self.nodes.values(), *(CodeNode(c, None, "", "", "") for c in missing)])

    # ------------------------------------------------------------------ queries
    def order(self) -> list[str]:
        return list(self.nodes)

    def children(self, node_id: str | None) -> list[str]:
        return list(self._children.get(node_id, []))

    def is_theme(self, node_id: str) -> bool:
        return bool(self._children.get(node_id))

    def themes(self) -> list[str]:
        return [n for n in self.nodes if self.is_theme(n)]

    def leaves(self) -> list[str]:
        return [n for n in self.nodes if not self.is_theme(n)]

    def descendants(self, node_id: str, *, include_self: bool = True) -> list[str]:
        found = [node_id] if include_self else []
        for child in self._children.get(node_id, []):
            found.extend(self.descendants(child))
        return found

    def ancestors(self, node_id: str) -> list[str]:
        chain: list[str] = []
        node = self.nodes.get(node_id)
        while node is not None and node.parent_id is not None:
            chain.append(node.parent_id)
            node = self.nodes.get(node.parent_id)
        return chain

    def top_theme(self, node_id: str) -> str:
        chain = self.ancestors(node_id)
        return chain[-1] if chain else node_id

    def themes_containing(self, node_id: str) -> list[str]:
        """The themes a coding with this code counts toward: itself if a theme, and every ancestor."""
        own = [node_id] if self.is_theme(node_id) else []
        return own + self.ancestors(node_id)

    def expand(self, ids: Iterable[str]) -> list[str]:
        """Code ids for a user's ``--codes`` list: a theme stands for itself and all its descendants."""
        result: list[str] = []
        for code_id in ids:
            if code_id not in self.nodes:
                known = ", ".join(self.order()[:12])
                raise NotFoundError(f"unknown code {code_id!r} (known codes include: {known})")
            for found in self.descendants(code_id):
                if found not in result:
                    result.append(found)
        return result

    def label(self, node_id: str, language: str) -> str:
        node = self.nodes.get(node_id)
        if node is None:
            return node_id
        text = node.label_zh if language == "zh" else node.label_en
        return text or node.label_en or node.label_zh or node_id

    def labels(self, node_id: str) -> tuple[str, str]:
        return self.label(node_id, "zh"), self.label(node_id, "en")


def _without_unused_retired_codes(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[sqlite3.Row]:
    """The ``codes`` rows less those no codebook defines any more (``active = 0``) that no coding uses.

    Such a code -- merged into another, or deleted from its YAML -- would otherwise come back in every
    export as a column of zeros beside the code that now holds its codings. A retired code that still
    has codings stays (with the themes above it), so no coding is dropped from a table.
    """
    retired = {row[0]: row[1] for row in rows if not row[6]}
    if not retired:
        return list(rows)
    in_use = {row[0] for row in conn.execute("SELECT DISTINCT code_id FROM codings")}
    keep: set[str] = set()
    for code_id in retired:
        if code_id in in_use:
            node: str | None = code_id
            while node in retired and node not in keep:
                keep.add(node)
                node = retired[node]
    return [row for row in rows if row[0] not in retired or row[0] in keep]

