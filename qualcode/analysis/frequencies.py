"""The code frequency table of a findings chapter: per theme and code, the coded segments and how many
participants mention it (of how many interviewed), overall and per wave.

Counts come from the participant × wave matrix, so they are the matrix's numbers: a segment counts once however
many coders or overlapping codings it has, a theme counts each segment once however many of its codes it carries,
and a participant interviewed but never coded is one of the N.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import DEFAULT_WAVE_ORDER, ExportFilter
from qualcode.analysis.table import LabelledTable
from qualcode.core.report_words import pick_label, wave_name


@dataclass(frozen=True)
class Frequencies:
    table: LabelledTable
    participants: int  # N: participants (rows named after a document count as one each)
    waves: dict[str, int]  # wave -> participants interviewed in it, in the project's wave order


def build_frequencies(conn: sqlite3.Connection, codebooks, *, filt: ExportFilter = ExportFilter(),
                      wave_order: Sequence[str] = DEFAULT_WAVE_ORDER) -> Frequencies:
    from qualcode.analysis.matrix import build_matrix

    matrix = build_matrix(conn, codebooks, unit="count", by="wave", themes=True, filt=filt, wave_order=wave_order)
    frame = matrix.frame
    value_columns = [c for c in frame.columns if c not in ("participant", "wave")]
    tree = CodeTree.load(conn, codebooks)
    known = set(tree.order())
    ordered = [c for c in tree.order() if c in value_columns]
    ordered += [c for c in value_columns if c not in ordered]  # <id>_SELF columns, codes in no codebook
    waves = [w for w in dict.fromkeys(frame["wave"]) if w]
    waves = waves if len(waves) > 1 else []
    people = frame.groupby("participant", sort=False)[value_columns].sum()
    n_people = len(people)
    per_wave = {w: frame[frame["wave"] == w] for w in waves}
    rows = []
    for column in ordered:
        applied_theme = column.endswith("_SELF") and column.removesuffix("_SELF") in known
        node = column.removesuffix("_SELF") if applied_theme else column
        labels = tree.labels(node) if node in known else ("", "")
        depth = (len(tree.ancestors(node)) if node in known else 0) + applied_theme
        row = {"level": "theme" if node in known and tree.is_theme(node) and not applied_theme else "code",
               "depth": depth, "code": column, "label_zh": labels[0], "label_en": labels[1],
               "segments": int(people[column].sum()), "participants": int((people[column] > 0).sum()),
               "participants_pct": _pct((people[column] > 0).sum(), n_people)}
        for wave, part in per_wave.items():
            stem = wave_stem(wave)
            row[f"{stem}_segments"] = int(part[column].sum())
            row[f"{stem}_participants"] = int((part[column] > 0).sum())
            row[f"{stem}_participants_pct"] = _pct((part[column] > 0).sum(), len(part))
        rows.append(row)
    table = LabelledTable(pd.DataFrame(rows), _labels(waves), name="frequencies")
    return Frequencies(table, n_people, {w: len(part) for w, part in per_wave.items()})


def wave_stem(wave: str) -> str:
    """The wave as the start of a variable name: SPSS names begin with a letter, so wave ``1`` gives ``w1_…``."""
    return wave if wave[:1].isalpha() else f"w{wave}"


def _pct(count, total: int) -> float:
    return round(100 * float(count) / total, 1) if total else float("nan")


def _labels(waves: list[str]) -> dict[str, tuple[str, str]]:
    labels = {"level": ("层级（theme 主题 / code 编码）", "Level (theme / code)"), "depth": ("深度", "Depth in the tree"),
              "code": ("编码", "Code"), "label_zh": ("中文名称", "Chinese label"), "label_en": ("英文名称", "English label"),
              "segments": ("编码片段数", "Coded segments"), "participants": ("提及人数", "Participants mentioning it"),
              "participants_pct": ("提及人数占比 %", "Participants mentioning it, %")}
    for wave in waves:
        zh, stem = wave_name(wave, "zh"), wave_stem(wave)
        labels[f"{stem}_segments"] = (f"{zh} 编码片段数", f"{wave}: coded segments")
        labels[f"{stem}_participants"] = (f"{zh} 提及人数", f"{wave}: participants mentioning it")
        labels[f"{stem}_participants_pct"] = (f"{zh} 提及人数占比 %", f"{wave}: participants mentioning it, %")
    return labels


FREQUENCY_WORDS = {
    "en": {"title": "Code frequencies", "code": "Theme / code", "segments": "Coded segments",
           "participants": "Participants (n)", "pct": "%", "of": "N = {n} participants",
           "note": "Coded segments: turns coded with the code (a turn counts once, whoever coded it and however many "
                   "of a theme's codes it carries). Participants: those with at least one such turn; % of the "
                   "participants interviewed{waves}."},
    "zh": {"title": "编码频次", "code": "主题 / 编码", "segments": "编码片段数", "participants": "提及人数",
           "pct": "%", "of": "N = {n} 名受访者",
           "note": "编码片段数：带有该编码的话轮数（一个话轮只计一次，不论几位编码者编码、带有该主题的几个编码）。"
                   "提及人数：至少有一个这样话轮的受访者人数；% 为占受访者{waves}的百分比。"},
}


def frequency_rows(result: Frequencies, language: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, body rows and each row's depth, for the Markdown and Word tables."""
    words = FREQUENCY_WORDS.get(language, FREQUENCY_WORDS["en"])
    frame = result.table.frame
    header = [words["code"], words["segments"], words["participants"], words["pct"]]
    for wave, n in result.waves.items():
        name = wave_name(wave, language)
        header += [f"{name} {words['segments']}", f"{name} {words['participants']} (N = {n})"]
    body, depths = [], []
    for record in frame.to_dict("records"):
        name = pick_label((record["label_zh"], record["label_en"]), record["code"], language)
        cells = [f"{name} ({record['code']})", str(record["segments"]), str(record["participants"]),
                 _shown_pct(record["participants_pct"])]
        for wave in result.waves:
            cells += [str(record[f"{wave_stem(wave)}_segments"]), str(record[f"{wave_stem(wave)}_participants"])]
        body.append(cells)
        depths.append(int(record["depth"]))
    return header, body, depths


def _shown_pct(pct: float) -> str:
    # no participant yet: the share is undefined, which a thesis table writes as a dash, never "nan"
    return "—" if pct != pct else f"{pct:.1f}"


def frequency_note(result: Frequencies, language: str) -> str:
    words = FREQUENCY_WORDS.get(language, FREQUENCY_WORDS["en"])
    if not result.waves:
        waves = ""
    elif language == "zh":
        waves = "（各波次列：占该波次受访者）"
    else:
        waves = " (wave columns: of those interviewed in that wave)"
    return words["note"].format(waves=waves)


def render_frequencies_markdown(result: Frequencies, *, title: str, language: str) -> str:
    words = FREQUENCY_WORDS.get(language, FREQUENCY_WORDS["en"])
    header, body, depths = frequency_rows(result, language)
    lines = [f"# {title}", "", words["of"].format(n=result.participants), "",
             "| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for cells, depth, level in zip(body, depths, result.table.frame["level"], strict=True):
        name = "&emsp;" * depth + (f"**{cells[0]}**" if level == "theme" else cells[0])
        lines.append("| " + " | ".join([name, *cells[1:]]) + " |")
    lines += ["", frequency_note(result, language), ""]
    return "\n".join(lines)


def frequencies_title(language: str) -> str:
    return FREQUENCY_WORDS.get(language, FREQUENCY_WORDS["en"])["title"]
