"""The agreement table for a methods section, as Markdown or CSV, with its rules stated."""

from __future__ import annotations

import csv
import io
import re
import os
import tempfile
from datetime import date
from pathlib import Path

import qualcode
from qualcode.analysis.agreement.compute import AgreementResult, CodeAgreement
from qualcode.analysis.agreement.source import ENGINE
from qualcode.core.report_words import pick_label
from qualcode.core.errors import ExportError, Location
from qualcode.core.excel_cells import excel_text

UNIT_WORDS = {
    "segment": "{role} (one unit per speaker turn)",
    "sentence": "sentences of {role} (split after 。！？!? and after a '.' followed by a space)",
    "character": "characters of {role} (every code point is a unit, the NVivo convention)",
}
ROLE_WORDS = {"participant": "participant turns", "all": "all turns (interviewer turns included)"}
UNIT_WORDS_ZH = {
    "segment": "{role}（每个话轮为一个单位）",
    "sentence": "{role}的句子（在 。！？!? 之后以及句点加空格之后切分）",
    "character": "{role}的字符（每个字符为一个单位，NVivo 的做法）",
}
ROLE_WORDS_ZH = {"participant": "受访者话轮", "all": "全部话轮（含访谈者话轮）"}
HEADER = {"en": ["Code", "Label", "n units", "A", "B", "Both", "Only A", "Only B", "Neither", "Agreement",
                 "Cohen's κ", "Krippendorff's α", "BP κ", "Split"],
          "zh": ["编码", "名称", "单位数", "A", "B", "双方", "仅 A", "仅 B", "均无", "一致率",
                 "Cohen κ", "Krippendorff α", "BP κ", "拆分"]}
WORDS = {
    "en": {"title": "Intercoder agreement: {a} and {b}", "pooled": "All codes (pooled)",
           "none": "No code was used by either coder on these units.", "notes": "Notes:",
           "unused": "Codes no coder used on these units (not in the table, no figure computed): ",
           "undefined": "undefined", "mean": "Mean over codes (unweighted, each over the codes where it is "
           "defined): ", "codes": "codes", "agreement": "agreement"},
    "zh": {"title": "编码者间一致性：{a} 与 {b}", "pooled": "全部编码（合并）",
           "none": "两位编码者在这些单位上都没有使用任何编码。", "notes": "注：",
           "unused": "在这些单位上无人使用的编码（不在表中，未计算任何指标）：",
           "undefined": "无定义", "mean": "各编码的平均值（不加权，各自只计有定义的编码）：", "codes": "个编码",
           "agreement": "一致率"},
}

CSV_COLUMNS = ["code", "label", "n_units", "coder_a", "coder_b", "a_count", "b_count", "both", "only_a", "only_b",
               "neither", "agreement", "cohen_kappa", "krippendorff_alpha", "bp_kappa", "passage_splits", "note",
               "unit", "role", "overlap", "documents"]


def describe_unit(result: AgreementResult, language: str = "en") -> str:
    o = result.options
    if language == "zh":
        return UNIT_WORDS_ZH[o.unit].format(role=ROLE_WORDS_ZH[o.role])
    return UNIT_WORDS[o.unit].format(role=ROLE_WORDS[o.role])


def rules_zh(result: AgreementResult) -> list[str]:
    """The header lines in Chinese: the same facts as :func:`rules`."""
    o = result.options
    a, b = o.coders
    names = "、".join(d.name for d in result.documents) or "无"
    lines = [f"编码者 A：{a}；编码者 B：{b}。A、B 两列：各编码者标注了该编码的单位数。",
             f"文档：{len(result.documents)} 份（{names}）。",
             f"分析单位：{describe_unit(result, 'zh')}；共 {result.units_total} 个单位，其中 {result.units_missing} 个"
             "因一位编码者未处理其所在文档而剔除（记为缺失，而非未出现）。"]
    if o.unit == "character":
        lines.append("某编码者对某字符的取值为 1，当且仅当其该编码的某条编码覆盖该字符。")
    else:
        lines.append(f"某编码者的某条编码与单位重叠，即视为其用该编码标注了该单位。两位编码者在单位内的编码片段重叠"
                     f"达到二者并集的 {o.overlap:.0%}（|A∩B| / |A∪B| ≥ {o.overlap:g}）时视为一致；否则该单位按"
                     f"每位编码者的片段各计一次（“拆分”列）。")
    if ENGINE in o.coders and result.engine_description:
        lines.append(engine_description_zh(result.engine_description))
    lines += ["一致率为观察一致比例 p_o；Cohen κ（Cohen 1960）=（p_o − p_e）/（1 − p_e）；Krippendorff α（名义尺度，"
              "由符合矩阵计算，Krippendorff 2011）；Brennan–Prediger κ =（p_o − 1/2）/（1 − 1/2）（Brennan & "
              "Prediger 1981）。",
              "“双方 / 仅 A / 仅 B / 均无”为 2×2 列联表的频数，可据此复算每个指标；“全部编码（合并）”把每个"
              "单位 × 编码组合计为一个单位。",
              f"由 qualcode {qualcode.__version__} 于 {date.today().isoformat()} 计算。"]
    return lines


# The English the library writes for what the engine's codes are, and why a coefficient is undefined, with
# its Chinese: a sentence without a pattern here stays English whole (a reworded one fails the zh test).
_ZH_SENTENCES = (
    (re.compile(r"The engine's codes are what it suggests now for each compared turn \(engine (?P<engine>\S+), the "
                r"project's codebooks and \[nlp\] settings\), score ≥ (?P<score>\S+), each covering its whole turn; "
                r"decisions on stored suggestions play no part\."),
     "引擎的编码是它现在对每个比较话轮给出的建议（引擎 {engine}，按项目的编码本与 [nlp] 设置），分数 ≥ {score}，"
     "每条覆盖整个话轮；已存建议的接受或拒绝不起作用。"),
    (re.compile(r"The engine's codes are its stored pending and accepted suggestions with score ≥ (?P<score>\S+), "
                r"each covering its whole turn \(rejected suggestions, and those never stored because the turn was "
                r"already coded, count as not coded\)\."),
     "引擎的编码是已存的待定和已接受建议中分数 ≥ {score} 的那些，每条覆盖整个话轮（被拒绝的建议，以及因话轮已编码而"
     "从未存入的建议，都算作未编码）。"),
    (re.compile(r"no unit was coded by both coders"), "没有两位编码者都处理过的单位"),
    (re.compile(r"no variation: both coders gave every one of the (?P<n>\d+) units the value (?P<value>.+)"),
     "没有变异：两位编码者给全部 {n} 个单位的取值都是 {value}"),
    (re.compile(r"no unit has values from two or more coders \(no pairable values\)"),
     "没有单位同时有两位及以上编码者的取值（无可配对的取值）"),
    (re.compile(r"no variation: every pairable value is (?P<value>.+), so expected disagreement is 0"),
     "没有变异：所有可配对的取值都是 {value}，期望不一致为 0"),
)


def _zh(sentence: str) -> str:
    for pattern, template in _ZH_SENTENCES:
        match = pattern.fullmatch(sentence)
        if match is not None:
            return template.format(**match.groupdict())
    return sentence


def engine_description_zh(description: str) -> str:
    """What the engine's codes are (the compute step writes it in English), in Chinese."""
    return _zh(description)


def rules(result: AgreementResult) -> list[str]:
    """The header lines: what every figure was computed on."""
    o = result.options
    a, b = o.coders
    names = ", ".join(d.name for d in result.documents) or "none"
    lines = [
        f"Coder A: {a}; coder B: {b}. Columns A and B: units each coder marked with the code.",
        f"Documents: {len(result.documents)} ({names}).",
        f"Unit: {describe_unit(result)}; {result.units_total} units, of which {result.units_missing} were left "
        "out because a coder did no work in their document (missing, not absent).",
    ]
    if o.unit == "character":
        lines.append("A coder's value for a character is 1 when one of their codings of the code covers it.")
    else:
        lines.append(f"A coder marks a unit with a code when one of their codings of it overlaps the unit. "
                     f"Two coders' marks agree when their coded passages inside the unit overlap by at least "
                     f"{o.overlap:.0%} of their union (|A∩B| / |A∪B| ≥ {o.overlap:g}); otherwise the unit "
                     f"counts once for each coder's passage (column 'Split').")
    if ENGINE in o.coders and result.engine_description:
        lines.append(result.engine_description)
    lines += [
        "Agreement is the observed share p_o; Cohen's κ (Cohen 1960) = (p_o − p_e)/(1 − p_e); "
        "Krippendorff's α, nominal, from the coincidence matrix (Krippendorff 2011); "
        "Brennan–Prediger κ = (p_o − 1/2)/(1 − 1/2) (Brennan & Prediger 1981).",
        "Both / Only A / Only B / Neither are the 2×2 counts from which every figure can be recomputed; "
        "'All codes (pooled)' counts every unit × code pair as one unit.",
        f"Computed by qualcode {qualcode.__version__} on {date.today().isoformat()}.",
    ]
    return lines


def _percent(statistic, language: str = "en") -> str:
    return f"{statistic.value:.1%}" if statistic.defined else WORDS[language]["undefined"]


def _cells(row: CodeAgreement, notes: list[str], language: str = "en") -> list[str]:
    c = row.counts
    figures = []
    undefined = WORDS[language]["undefined"]
    for name, statistic in (("κ", row.kappa), ("α", row.alpha), ("BP κ", row.bp_kappa)):
        if statistic.defined:
            figures.append(statistic.format())
        else:
            if language == "zh":
                notes.append(f"{row.code_id}：{name} {undefined}——{_zh(statistic.reason)}。")
            else:
                notes.append(f"{row.code_id}: {name} {undefined} — {statistic.reason}.")
            figures.append(f"{undefined} [{len(notes)}]")
    return [str(c.n), str(c.a_present), str(c.b_present), str(c.both), str(c.only_a), str(c.only_b),
            str(c.neither), _percent(row.observed, language), *figures, str(row.passage_splits)]


def mean_line(result: AgreementResult, language: str = "en") -> str:
    """Unweighted means of the per-code figures, each over the codes where it is defined."""
    words = WORDS[language]
    parts = []
    for name, pick, as_percent in ((words["agreement"], lambda r: r.observed, True),
                                   ("Cohen's κ", lambda r: r.kappa, False),
                                   ("Krippendorff's α", lambda r: r.alpha, False),
                                   ("BP κ", lambda r: r.bp_kappa, False)):
        values = [pick(r).value for r in result.rows if pick(r).defined]
        if values:
            mean = sum(values) / len(values)
            parts.append(f"{name} {mean:.1%}" if as_percent else f"{name} {mean:.3f}")
            parts[-1] += (f"（{len(values)} {words['codes']}）" if language == "zh"
                          else f" ({len(values)} {words['codes']})")
    if language == "zh":
        return words["mean"] + "；".join(parts) + "。"
    return words["mean"] + "; ".join(parts) + "."


def to_markdown(result: AgreementResult, language: str = "en") -> str:
    """The table with its rules; ``language`` zh gives Chinese headings, rules and notes (figures unchanged)."""
    language = language if language in WORDS else "en"
    words = WORDS[language]
    a, b = result.options.coders
    out = [f"# {words['title'].format(a=a, b=b)}", ""]
    out += [f"- {line}" for line in (rules_zh(result) if language == "zh" else rules(result))]
    out.append("")
    header = HEADER[language]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|")
    notes: list[str] = []
    rows = list(result.rows) + ([result.overall] if result.overall else [])
    for row in rows:
        name = f"**{words['pooled']}**" if row is result.overall else row.code_id
        label = "" if row is result.overall else pick_label(row.labels, row.label, language).replace("|", "\\|")
        out.append("| " + " | ".join([name, label, *_cells(row, notes, language)]) + " |")
    if not result.rows:
        out.append("")
        out.append(words["none"])
    else:
        out += ["", mean_line(result, language)]
    if notes:
        out += ["", words["notes"], ""] + [f"{i}. {note}" for i, note in enumerate(notes, start=1)]
    if result.unused_codes:
        shape, comma, stop = ("{}（{}）", "、", "。") if language == "zh" else ("{} ({})", ", ", ".")
        out += ["", words["unused"]
                + comma.join(shape.format(c.id, pick_label((c.label_zh or '', c.label_en or ''), c.id, language))
                             for c in result.unused_codes) + stop]
    return "\n".join(out) + "\n"


def to_csv(result: AgreementResult, *, excel: bool = False) -> str:
    """The table as CSV; ``excel``: text cells Excel would run as formulas start with a quote
    (:mod:`qualcode.core.excel_cells`)."""
    o = result.options
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if excel:
        writer = _ExcelRows(writer)
    writer.writerow(CSV_COLUMNS)
    shared = [describe_unit(result), o.role, o.overlap if o.unit != "character" else "",
              ";".join(d.name for d in result.documents)]
    rows = list(result.rows) + ([result.overall] if result.overall else [])
    for row in rows:
        c = row.counts
        stats = [row.observed, row.kappa, row.alpha, row.bp_kappa]
        note = "; ".join(f"{name} undefined: {s.reason}" for name, s in
                         zip(("agreement", "kappa", "alpha", "bp_kappa"), stats) if not s.defined)
        writer.writerow([row.code_id, row.label, c.n, *o.coders, c.a_present, c.b_present, c.both, c.only_a,
                         c.only_b, c.neither, *(f"{s.value:.6f}" if s.defined else "" for s in stats),
                         row.passage_splits, note, *shared])
    for code in result.unused_codes:
        writer.writerow([code.id, code.label(), 0, *o.coders, 0, 0, "", "", "", "", "", "", "", "", "",
                         "no coder used this code on the compared units", *shared])
    return buffer.getvalue()


class _ExcelRows:
    """A csv writer whose rows' text cells are kept as text in Excel."""

    def __init__(self, writer) -> None:  # type: ignore[no-untyped-def]
        self.writer = writer

    def writerow(self, row) -> None:  # type: ignore[no-untyped-def]
        self.writer.writerow([excel_text(cell) for cell in row])


def write_report(result: AgreementResult, path: Path, *, force: bool = False, excel: bool = False,
                 language: str = "en") -> Path:
    """Write ``.md`` or ``.csv`` (UTF-8; a CSV with a byte-order mark for Excel when ``excel``) atomically.

    An existing file needs ``force``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = to_markdown(result, language)
    elif suffix == ".csv":
        text = to_csv(result, excel=excel)
    else:
        raise ExportError("write the agreement table to a .md or .csv file", Location(path=path))
    if path.exists() and not force:
        raise ExportError("exists; add --force to replace it", Location(path=path))
    if not path.parent.is_dir():
        raise ExportError("the folder does not exist", Location(path=path.parent))
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        encoding = "utf-8-sig" if excel and suffix == ".csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ExportError(f"cannot write: {exc.strerror}", Location(path=path)) from exc
    return path
