"""The report of a REFI-QDA (.qdpx) import in the interface language.

The library writes it as lines (:meth:`qualcode.io.refiqda.model.ImportReport.summary_lines`): ``imported from
X:``, then ``  kind: count`` with ``(skipped n)``, the speakers of each document, ``  note: …`` and ``  skipped:
…``. In English they are shown as written; in Chinese each part is put into words here and each note goes
through :func:`qualcode.cli.words.library_note`, also when it begins with the document it is about (``S01_pre:
codings: …``, the lines a revised transcript's new version writes).
"""

from __future__ import annotations

import re

from qualcode.cli.words import library_note

# kind -> (its name, its measure word)
_KINDS_ZH: dict[str, tuple[str, str]] = {
    "cases": ("个案", "个"),
    "codes": ("编码", "个"),
    "codes mapped onto existing codes": ("对应到已有编码的编码", "个"),
    "codings": ("编码记录", "条"),
    "codings already there": ("已有的编码记录", "条"),
    "documents already there": ("已有的文档", "个"),
    "documents re-split": ("重新切分的已有文档", "个"),
    "codings made by splitting": ("拆分产生的编码记录", "条"),
    "codings exactly on a turn": ("正好落在一个段落上的编码记录", "条"),
    "codings trimmed to their turn (label, whitespace)": ("裁到所在段落的编码记录（说话人标签、空白）", "条"),
    "codings over several turns, split per turn": ("跨多个段落、按段落拆分的编码记录", "条"),
    "documents": ("文档", "个"),
    "memos": ("备忘", "条"),
    "new versions": ("新版本", "个"),
    "notes": ("注释", "条"),
    "sources": ("来源", "个"),
    "users": ("用户", "个"),
}
_HEADING = re.compile(r"imported from (?P<path>.+):")
_COUNT = re.compile(r"(?P<indent>\s*)(?P<kind>[a-z][a-z ,()]*): (?P<count>\d+)(?: \(skipped (?P<skipped>\d+)\))?")
_SAID = re.compile(r"(?P<indent>\s*)(?P<what>note|skipped): (?P<text>.+)", re.DOTALL)
_SPEAKERS = re.compile(r"(?P<indent>\s*)(?P<document>\S+) speakers:")
_ABOUT = re.compile(r"(?P<document>[^\s:]+): (?:(?P<warning>warning): )?(?P<rest>.+)", re.DOTALL)


def archive_line(tr, line: str) -> str:  # type: ignore[no-untyped-def]
    """One line of the archive's report in ``tr``'s language (unchanged in English, and where no words are known)."""
    if tr.language != "zh":
        return line
    if found := _HEADING.fullmatch(line):
        return f"从 {found['path']} 导入："
    if (found := _COUNT.fullmatch(line)) and found["kind"] in _KINDS_ZH:
        name, measure = _KINDS_ZH[found["kind"]]
        skipped = f"（跳过 {found['skipped']} {measure}）" if found["skipped"] else ""
        return f"{found['indent']}{name}：{found['count']} {measure}{skipped}"
    if found := _SPEAKERS.fullmatch(line):
        return f"{found['indent']}{found['document']} 的说话人："
    if found := _SAID.fullmatch(line):
        label = "注意" if found["what"] == "note" else "跳过"
        return f"{found['indent']}{label}：{_note(tr, found['text'])}"
    return library_note(tr, line)


def _note(tr, text: str) -> str:  # type: ignore[no-untyped-def]
    said = library_note(tr, text)
    if said != text:
        return said
    about = _ABOUT.fullmatch(text)
    if about is None:
        return text
    rest = library_note(tr, about["rest"])
    if rest == about["rest"] and not about["warning"]:
        return text   # nothing known: the line stays English whole rather than half translated
    return f"{about['document']}：{'警告：' if about['warning'] else ''}{rest}"
