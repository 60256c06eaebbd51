"""The pre/post tables as a results-chapter report (Markdown) and the column labels of the tables, in zh or en.

The tables themselves (``prepost-codes``, ``prepost-scores``) keep ASCII column names for SPSS and R; their
Chinese and English labels go into the XLSX ``variables`` sheet, SPSS variable labels and ``--labels``.
"""

from __future__ import annotations

import math

import pandas as pd

from qualcode.core.report_words import pick_label, wave_name

NO_CHANGE_ZH = "前后两波之间没有变化"

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "participant": ("参与者", "Participant"), "code": ("编码", "Code"), "score": ("得分", "Score"),
    "pre": ("前测编码片段数", "Coded segments, pre"), "post": ("后测编码片段数", "Coded segments, post"),
    "change": ("变化（后测 − 前测）", "Change (post − pre)"),
    "pre_present": ("前测出现（人数或 0/1）", "Present pre (participants, or 0/1)"),
    "post_present": ("后测出现（人数或 0/1）", "Present post (participants, or 0/1)"),
    "label_zh": ("中文名称", "Label (Chinese)"), "label_en": ("英文名称", "Label (English)"),
    "n_pairs": ("配对数", "Pairs (n)"), "lost": ("前有后无", "Lost (pre only)"), "gained": ("前无后有", "Gained (post only)"),
    "mcnemar_p": ("McNemar 精确检验 p", "McNemar exact p"), "cohens_g": ("Cohen g", "Cohen's g"),
    "pre_mean": ("前测均值", "Mean, pre"), "post_mean": ("后测均值", "Mean, post"),
    "wilcoxon_w": ("Wilcoxon 符号秩 W", "Wilcoxon signed-rank W"), "wilcoxon_p": ("Wilcoxon p", "Wilcoxon p"),
    "rank_biserial_r": ("等级双列相关 r", "Rank-biserial r"), "t": ("配对 t", "Paired t"), "t_p": ("t 检验 p", "t-test p"),
    "cohens_dz": ("Cohen d_z", "Cohen's d_z"), "note": ("说明", "Note"),
}

HEADINGS = {
    "en": {"title": "Pre/post change: {pre} → {post}", "codes": "Codes", "scores": "Questionnaire scores",
           "pairs": "{n} participant(s) seen in both waves.", "none": "No code to compare."},
    "zh": {"title": "前后测变化：{pre} → {post}", "codes": "编码", "scores": "问卷得分",
           "pairs": "两波均有资料的参与者：{n} 人。", "none": "没有可比较的编码。"},
}
CODE_COLUMNS = ["n_pairs", "pre_present", "post_present", "mcnemar_p", "cohens_g", "pre_mean", "post_mean",
                "wilcoxon_p", "rank_biserial_r"]
SCORE_COLUMNS = ["n_pairs", "pre_mean", "post_mean", "t", "t_p", "cohens_dz", "wilcoxon_p", "rank_biserial_r"]


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(frame: pd.DataFrame, first: str, columns: list[str], language: str) -> list[str]:
    pick = 0 if language == "zh" else 1
    header = [COLUMN_LABELS[first][pick], *(COLUMN_LABELS[c][pick] for c in columns)]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * len(columns)]
    for row in frame.to_dict("records"):
        name = row[first]
        if row.get("label_zh") or row.get("label_en"):  # codes always, scores when a scale names them
            name = f"{pick_label((row.get('label_zh', ''), row.get('label_en', '')), name, language)} ({name})"
        lines.append("| " + " | ".join([str(name), *(_cell(row.get(c)) for c in columns)]) + " |")
    return lines


def render_prepost(codes: pd.DataFrame, scores: pd.DataFrame | None, *, pre: str, post: str, pairs: int,
                   language: str = "en",
                   score_pairs: tuple[int, tuple[str, ...], tuple[tuple[str, int], ...]] | None = None) -> str:
    words = HEADINGS.get(language, HEADINGS["en"])
    language = language if language in HEADINGS else "en"
    title = words["title"].format(pre=wave_name(pre, language), post=wave_name(post, language))
    out = [f"# {title}", "", words["pairs"].format(n=pairs), "",
           f"## {words['codes']}", ""]
    out += _table(codes, "code", CODE_COLUMNS, language) if len(codes) else [words["none"]]
    if scores is not None and len(scores):
        out += ["", f"## {words['scores']}", ""]
        if score_pairs is not None:
            out += [_score_pairs_line(*score_pairs, language=language), ""]
        out += _table(scores, "score", SCORE_COLUMNS, language)
    return "\n".join(out) + "\n"


def _score_pairs_line(count: int, outside: tuple[str, ...], groups: tuple[tuple[str, int], ...], *,
                      language: str) -> str:
    """Who the score tests pair, when they are not the participants of the code tests above."""
    if language == "zh":
        parts = [f"其中 {len(outside)} 人没有访谈资料：{'、'.join(outside)}"] if outside else []
        if groups:
            parts.append("合并了各组：" + "，".join(f"{name} {n} 人" for name, n in groups))
        return f"问卷配对：两波均作答者 {count} 人（{'；'.join(parts)}）。"
    parts = [f"{len(outside)} with no transcript: {', '.join(outside)}"] if outside else []
    if groups:
        parts.append("groups pooled: " + ", ".join(f"{name} {n}" for name, n in groups))
    return f"Questionnaire pairs: {count} participant(s) who answered both waves ({'; '.join(parts)})."


def translated_notes(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The ``note`` column in the report's language."""
    from qualcode.analysis.prepost import NO_CHANGE

    if language != "zh" or "note" not in frame.columns:
        return frame
    return frame.assign(note=frame["note"].replace({NO_CHANGE: NO_CHANGE_ZH}))
