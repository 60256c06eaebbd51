"""Issue 17 item 6: charts carry axis titles and a colour-bar label, and Chinese text is drawn with a
simplified-Chinese face that really holds every character on the chart."""

from __future__ import annotations

import pytest
from matplotlib import font_manager

from _exports_fixture import build_small_project
from qualcode.analysis.matrix import build_matrix
from qualcode.io.charts import draw_chart, find_cjk_font


@pytest.fixture
def small(tmp_path):
    built = build_small_project(tmp_path / "small")
    yield built
    built.conn.close()


def _texts(figure):
    return [t.get_text() for ax in figure.axes for t in (*ax.get_xticklabels(), *ax.get_yticklabels(),
                                                        ax.xaxis.label, ax.yaxis.label, ax.title)]


def test_heatmap_and_bars_say_what_their_axes_and_colours_are(small):
    table = build_matrix(small.conn, small.codebooks, unit="count")
    heatmap = draw_chart(table, kind="heatmap", labels="en", unit="count")
    image_axes, colour_bar = heatmap.axes
    assert image_axes.get_xlabel() == "Code" and image_axes.get_ylabel() == "Participant"
    assert colour_bar.get_ylabel() == "Coded segments"
    per1000 = draw_chart(build_matrix(small.conn, small.codebooks, unit="per1000", by="wave"), labels="en",
                         unit="per1000")
    assert per1000.axes[1].get_ylabel() == "Coded segments per 1,000 characters"
    assert per1000.axes[0].get_ylabel() == "Participant × wave"
    bars = draw_chart(build_matrix(small.conn, small.codebooks, unit="presence"), kind="bars", labels="zh",
                      unit="presence")
    assert bars.axes[0].get_ylabel() == "编码" and "参与者" in bars.axes[0].get_xlabel()


def test_chinese_labels_use_a_simplified_chinese_face_holding_every_character(small):
    family = find_cjk_font()
    assert family is not None, "noto-cjk-sans-otc (a dependency) should always give a font"
    assert "SC" in family or "CN" in family or family in ("SimHei", "Microsoft YaHei", "WenQuanYi Zen Hei")
    table = build_matrix(small.conn, small.codebooks, unit="count")
    figure = draw_chart(table, kind="heatmap", labels="zh", title="参与者 × 编码", unit="count")
    image_axes, colour_bar = figure.axes
    assert image_axes.get_xlabel() == "编码" and colour_bar.get_ylabel() == "编码片段数"
    fonts = {t.get_fontfamily()[0] for t in image_axes.get_xticklabels()} | {image_axes.xaxis.label.get_fontfamily()[0]}
    assert fonts == {family}
    face = font_manager.get_font(font_manager.findfont(font_manager.FontProperties(family=family),
                                                       fallback_to_default=False))
    assert face.family_name == family  # the face drawn is the simplified-Chinese one, not face 0 of a collection
    chars = {ch for text in _texts(figure) + [colour_bar.get_ylabel()] for ch in text if ord(ch) > 0x2E80}
    assert chars, "the chart should hold Chinese text"
    assert all(face.get_char_index(ord(ch)) for ch in chars)


def test_a_presence_heatmap_has_a_two_step_colour_bar_and_counts_whole_ticks(small):
    presence = draw_chart(build_matrix(small.conn, small.codebooks, unit="presence"), labels="en", unit="presence")
    ticks = [t for t in presence.axes[1].get_yticks() if 0 <= t <= 1]
    assert ticks == [0, 1]  # present or absent: no 0.2, 0.4 … shades that no cell can take
    counts = draw_chart(build_matrix(small.conn, small.codebooks, unit="count"), labels="en", unit="count")
    assert all(float(t).is_integer() for t in counts.axes[1].get_yticks())  # 2.5 coded segments do not exist
