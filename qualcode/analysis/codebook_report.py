"""The codebook as a table for the thesis's methods chapter or appendix: per theme and code, its name, definition,
when to use it and when not, and an example, in codebook order (a theme above its codes)."""

from __future__ import annotations

from collections.abc import Sequence

from qualcode.analysis.codetree import CodeTree
from qualcode.core.models import Codebook
from qualcode.core.report_words import pick_label

CODEBOOK_WORDS = {
    "en": {"title": "Codebook", "code": "Theme / code", "description": "Definition", "include": "Include",
           "exclude": "Exclude", "example": "Example", "count": "{themes} themes, {codes} codes"},
    "zh": {"title": "编码本", "code": "主题 / 编码", "description": "定义", "include": "纳入标准",
           "exclude": "排除标准", "example": "示例", "count": "{themes} 个主题，{codes} 个编码"},
}


def codebook_rows(codebooks: Sequence[Codebook], language: str, examples: int = 1
                  ) -> tuple[list[str], list[list[str]], list[int], list[bool], str]:
    """Header, body rows, each row's depth, which rows are themes, and the count line."""
    words = CODEBOOK_WORDS.get(language, CODEBOOK_WORDS["en"])
    tree = CodeTree.from_codebooks(codebooks)
    codes = {code.id: code for book in codebooks for code in book.codes}
    header = [words["code"], words["description"], words["include"], words["exclude"], words["example"]]
    body, depths, themes = [], [], []
    for code_id in tree.order():
        code = codes[code_id]
        name = pick_label((code.labels.get("zh", ""), code.labels.get("en", "")), code.id, language)
        body.append([f"{name} ({code.id})", code.description, code.include, code.exclude,
                     " / ".join(code.examples[:examples])])
        depths.append(code.depth)
        themes.append(tree.is_theme(code_id))
    count = words["count"].format(themes=sum(themes), codes=len(themes) - sum(themes))
    return header, body, depths, themes, count


def render_codebook_markdown(codebooks: Sequence[Codebook], *, language: str) -> str:
    words = CODEBOOK_WORDS.get(language, CODEBOOK_WORDS["en"])
    header, body, depths, themes, count = codebook_rows(codebooks, language)
    lines = [f"# {words['title']}", "", count, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for cells, depth, theme in zip(body, depths, themes, strict=True):
        first = "&emsp;" * depth + (f"**{_cell(cells[0])}**" if theme else _cell(cells[0]))
        lines.append("| " + " | ".join([first, *(_cell(c) for c in cells[1:])]) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A table cell keeps its line breaks and its pipes (a definition of several lines, 是|否)."""
    return " <br> ".join(line.strip() for line in str(text).strip().splitlines()).replace("|", "\\|")
