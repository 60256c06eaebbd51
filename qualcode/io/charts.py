"""Charts of a matrix for the thesis: a participant × code heatmap or code totals as bars.

matplotlib draws off-screen (the Agg canvas, never pyplot's global state). Every chart has axis titles
and (heatmap) a colour-bar label saying what the numbers are, in Chinese with ``--labels zh``.

Chinese text needs a simplified-Chinese font, chosen by file rather than by whatever matplotlib's font
cache happens to list first (a cache may hold only the Japanese face of Noto CJK, whose 骨/写 differ): the
Noto Sans CJK SC face of the ``noto-cjk-sans-otc`` package (SIL OFL 1.1, a dependency, ~20 MB), else an
installed simplified-Chinese family, else one from ``fc-list :lang=zh``. Without any, Chinese labels stop
with a message; ids and English labels need none.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from qualcode.analysis.table import LabelledTable
from qualcode.core.errors import ExportError, Location
from qualcode.io.tables import atomic_write

KINDS = ("heatmap", "bars")
CHART_FORMATS = {".png": "png", ".svg": "svg"}
# simplified-Chinese families first: a JP/KR/TC face draws some characters the way another script writes them
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC",
                "AR PL UMing CN", "AR PL UKai CN", "Noto Sans CJK TC", "Noto Sans CJK JP", "Droid Sans Fallback")
PACKAGED_FAMILY = "Noto Sans CJK SC"
FONT_PACKAGE = "fonts-noto-cjk"
UNIT_TITLES = {  # colour-bar / value axis: what a cell's number is
    "count": ("编码片段数", "Coded segments"),
    "presence": ("是否出现（1 = 出现，0 = 未出现）", "Present (1) or absent (0)"),
    "coverage": ("编码字符占比", "Share of characters coded"),
    "per1000": ("每千字编码片段数", "Coded segments per 1,000 characters"),
}
BAR_TITLES = {"count": ("编码片段总数", "Coded segments (all rows)"),
              "presence": ("提及该编码的行数（参与者）", "Rows (participants) with the code")}
ROW_TITLES = {"participant": ("参与者", "Participant"), "wave": ("参与者 × 波次", "Participant × wave"),
              "document": ("文档", "Document")}
CODE_TITLE = ("编码", "Code")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
KEY_COLUMNS = ("participant", "wave", "document")


def needs_cjk(texts: list[str]) -> bool:
    return any(_CJK.search(t) for t in texts)


def packaged_cjk_font() -> str | None:
    """The Noto Sans CJK SC face shipped by the ``noto-cjk-sans-otc`` package, registered with matplotlib."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    from matplotlib import font_manager

    path = str(noto_cjk_sans_otc.FONT_PATH)
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)  # one entry per face of the collection: JP, KR, SC, TC, HK
    return PACKAGED_FAMILY if any(f.name == PACKAGED_FAMILY and f.fname == path
                                  for f in font_manager.fontManager.ttflist) else None


def find_cjk_font() -> str | None:
    """The family name of a simplified-Chinese (else any CJK) font, or None."""
    from matplotlib import font_manager

    packaged = packaged_cjk_font()
    if packaged:
        return packaged
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    if shutil.which("fc-list"):
        try:
            listing = subprocess.run(["fc-list", ":lang=zh-cn", "family", "file"], capture_output=True, text=True,
                                     timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        for line in listing.splitlines():
            path = line.split(":", 1)[0].strip()
            if path and Path(path).is_file():
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
    return None


def _title(pair: tuple[str, str], labels: str) -> str:
    zh, en = pair
    return zh if labels == "zh" else f"{zh} / {en}" if labels == "both" else en


def _axis_labels(table: LabelledTable, columns: list[str], labels: str) -> list[str]:
    return list(columns) if labels == "id" else [table.label(c, labels) for c in columns]


def write_chart(table: LabelledTable, path: Path | str, *, kind: str = "heatmap", labels: str = "id",
                title: str | None = None, force: bool = False, unit: str = "count") -> Path:
    """A PNG or SVG (by suffix) of the matrix ``table``."""
    path = Path(path)
    if kind not in KINDS:
        raise ExportError(f"unknown chart kind {kind!r}; use heatmap or bars")
    fmt = CHART_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExportError("a chart is written as .png or .svg", Location(path=path))
    frame = table.frame
    if frame.empty:
        raise ExportError("nothing to chart: no participant matches (import and code transcripts, or widen "
                          "the filters)", Location(path=path))
    texts = _axis_labels(table, _value_columns(table), labels) + _row_names(frame) + [title or ""]
    if labels in ("zh", "both") or needs_cjk(texts):
        if find_cjk_font() is None:
            raise ExportError(
                f"no Chinese (CJK) font found for the chart labels; reinstall qualcode (it brings "
                f"noto-cjk-sans-otc) or install one (Debian/Ubuntu: sudo apt install {FONT_PACKAGE}), or use "
                f"--labels id or --labels en", Location(path=path))
    figure = draw_chart(table, kind=kind, labels=labels, title=title, unit=unit)
    return atomic_write(path, lambda temp: figure.savefig(temp, format=fmt, bbox_inches="tight", dpi=150),
                        force=force)


def _value_columns(table: LabelledTable) -> list[str]:
    return [c for c in table.frame.columns if c not in KEY_COLUMNS and c not in table.attribute_columns]


def _row_names(frame) -> list[str]:
    keys = [c for c in KEY_COLUMNS if c in frame.columns]
    return [" ".join(str(v) for v in row if v) for row in frame[keys].itertuples(index=False)]


def draw_chart(table: LabelledTable, *, kind: str = "heatmap", labels: str = "id", title: str | None = None,
               unit: str = "count"):
    """The matplotlib Figure of the chart (not saved): axis titles, colour-bar label, CJK font when needed."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    frame = table.frame
    value_columns = _value_columns(table)
    values = frame[value_columns].to_numpy(dtype=float)
    row_names, column_names = _row_names(frame), _axis_labels(table, value_columns, labels)
    words = "zh" if labels == "zh" else "both" if labels == "both" else "en"
    font = find_cjk_font() if words != "en" or needs_cjk(row_names + column_names + [title or ""]) else None
    rc_font = {"family": font} if font else {}
    rows_are = "document" if "document" in frame.columns else "wave" if "wave" in frame.columns else "participant"
    rows_title = _title(ROW_TITLES[rows_are], words)
    value_title = _title(UNIT_TITLES.get(unit, UNIT_TITLES["count"]), words)
    if kind == "heatmap":
        figure = Figure(figsize=(max(6, 0.45 * len(column_names) + 2), max(3, 0.35 * len(row_names) + 1.5)))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        image = axes.imshow(values, aspect="auto", cmap="Blues")
        axes.set_xticks(range(len(column_names)), column_names, rotation=60, ha="right", fontdict=rc_font)
        axes.set_yticks(range(len(row_names)), row_names, fontdict=rc_font)
        if values.size <= 400:  # numbers in cells only while they stay readable
            for (i, j), value in _cells(values):
                axes.text(j, i, f"{value:g}", ha="center", va="center", fontsize=7)
        bar = figure.colorbar(image, ax=axes)
        if unit == "presence":  # two states, not a gradient of shares no cell can take
            bar.set_ticks([0, 1])
        elif unit == "count":  # whole coded segments on the scale too
            bar.locator = MaxNLocator(integer=True)
            bar.update_ticks()
        bar.set_label(value_title, fontdict=rc_font)
        axes.set_xlabel(_title(CODE_TITLE, words), fontdict=rc_font)
        axes.set_ylabel(rows_title, fontdict=rc_font)
    else:
        totals = values.sum(axis=0)
        figure = Figure(figsize=(7, max(3, 0.3 * len(column_names) + 1)))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.barh(range(len(column_names)), totals, color="#4e79a7")
        axes.set_yticks(range(len(column_names)), column_names, fontdict=rc_font)
        axes.invert_yaxis()
        bar_title = _title(BAR_TITLES[unit], words) if unit in BAR_TITLES else f"{value_title} (Σ)"
        axes.set_xlabel(bar_title, fontdict=rc_font)
        axes.set_ylabel(_title(CODE_TITLE, words), fontdict=rc_font)
    if title:
        axes.set_title(title, fontdict=rc_font)
    return figure


def _cells(values):
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            yield (i, j), round(float(values[i, j]), 3)
