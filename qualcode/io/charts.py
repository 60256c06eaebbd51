"""Charts of a matrix for the thesis: a participant × code heatmap or code totals as bars.

matplotlib draws off-screen (the Agg canvas, never pyplot's global state). Chinese
labels need a CJK font; one is looked for among matplotlib's fonts and, where
``fc-list`` exists, the system's. Without one, Chinese labels stop with a message
naming the Debian/Ubuntu package to install; ids and English labels need none.
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
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK", "Noto Serif CJK SC", "Source Han Sans SC",
                "Source Han Sans", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
                "PingFang SC", "Heiti SC", "Droid Sans Fallback", "AR PL UMing CN", "AR PL UKai CN")
FONT_PACKAGE = "fonts-noto-cjk"
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
KEY_COLUMNS = ("participant", "wave", "document")


def needs_cjk(texts: list[str]) -> bool:
    return any(_CJK.search(t) for t in texts)


def find_cjk_font() -> str | None:
    """The family name of an installed CJK font, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    if shutil.which("fc-list"):
        try:
            listing = subprocess.run(["fc-list", ":lang=zh", "family", "file"], capture_output=True, text=True,
                                     timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        for line in listing.splitlines():
            path = line.split(":", 1)[0].strip()
            if path and Path(path).is_file():
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
    return None


def _axis_labels(table: LabelledTable, columns: list[str], labels: str) -> list[str]:
    return list(columns) if labels == "id" else [table.label(c, labels) for c in columns]


def write_chart(table: LabelledTable, path: Path | str, *, kind: str = "heatmap", labels: str = "id",
                title: str | None = None, force: bool = False) -> Path:
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
    value_columns = [c for c in frame.columns if c not in KEY_COLUMNS]
    row_names = [" ".join(str(v) for v in row if v) for row in
                 frame[[c for c in KEY_COLUMNS if c in frame.columns]].itertuples(index=False)]
    column_names = _axis_labels(table, value_columns, labels)
    font = None
    if needs_cjk(column_names + row_names + [title or ""]):
        font = find_cjk_font()
        if font is None:
            raise ExportError(
                f"no Chinese (CJK) font found for the chart labels; install one (Debian/Ubuntu: "
                f"sudo apt install {FONT_PACKAGE}) or use --labels id or --labels en", Location(path=path))
    figure = _draw(frame[value_columns].to_numpy(dtype=float), row_names, column_names, kind, title, font)
    return atomic_write(path, lambda temp: figure.savefig(temp, format=fmt, bbox_inches="tight", dpi=150),
                        force=force)


def _draw(values, row_names: list[str], column_names: list[str], kind: str, title: str | None, font: str | None):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc_font = {"family": font} if font else {}
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
        figure.colorbar(image, ax=axes)
    else:
        totals = values.sum(axis=0)
        figure = Figure(figsize=(7, max(3, 0.3 * len(column_names) + 1)))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.barh(range(len(column_names)), totals, color="#4e79a7")
        axes.set_yticks(range(len(column_names)), column_names, fontdict=rc_font)
        axes.invert_yaxis()
    if title:
        axes.set_title(title, fontdict=rc_font)
    return figure


def _cells(values):
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            yield (i, j), round(float(values[i, j]), 3)
