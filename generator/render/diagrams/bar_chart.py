"""Horizontal bar charts (audit adherence by SOP, step, role or branch)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
from generator.render.diagrams.chart_parts import (
    CHART_WIDTH,
    LABEL_LINE,
    LABEL_SIZE,
    LEGEND_HEIGHT,
    SMALL_LINE,
    SMALL_SIZE,
    figure_text,
    target_legend,
)
from generator.render.diagrams.svg import FIT, Canvas, Number, fit, num, text_block
from generator.render.diagrams.text_metrics import ellipsize, text_width

_BAR_HEIGHT, _BAR_GAP = 12.0, 16.0


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: `value` None means no data (no bar, a dash instead of a figure)."""

    label: str
    value: Number | None
    secondary: str | None = None  # e.g. "12 đạt / 3 không đạt"
    url: str | None = None


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    max_value: float = 100,
    unit: str = "%",
    locale: Locale,
    title: str,
    target: float | None = None,
) -> str:
    """Horizontal bars (audit adherence by SOP, step, role or branch), in the order given.

    Each row: the label (up to two lines, cut with an ellipsis and kept whole in a tooltip),
    the figure, the bar, and the optional secondary text; the label links to `Bar.url`.
    `target`: a marker on every bar, and bars below it drawn in orange.
    """
    labels = Labels(locale.language)
    canvas = Canvas()
    figures = [None if bar.value is None else figure_text(bar.value, unit, locale) for bar in bars]
    widest = max(
        text_width(figure, LABEL_SIZE, "semibold")
        for figure in [figure_text(max_value, unit, locale), *filter(None, figures)]
    )
    y = 0.0
    if target is not None:
        target_legend(canvas, f"{labels('target')}: {figure_text(target, unit, locale)}")
        y = LEGEND_HEIGHT
    if not bars:
        canvas.text(0, y + 14, labels("no_records"), paint="muted")
        y += 22 + _BAR_GAP
    scale = CHART_WIDTH / max_value if max_value > 0 else 0.0
    for bar, figure in zip(bars, figures, strict=True):
        y = _draw_bar(canvas, bar, figure, y, CHART_WIDTH - widest - 16, scale, target)
    return canvas.svg(
        kind="bars", width=CHART_WIDTH, height=y - _BAR_GAP + 4, label=title, scrolls=False
    )


def _draw_bar(
    canvas: Canvas,
    bar: Bar,
    figure: str | None,
    y: float,
    label_width: float,
    scale: float,
    target: float | None,
) -> float:
    """One row from its top `y`; returns the next row's top."""
    wrapped = fit(bar.label, label_width, LABEL_SIZE, "regular", 2)
    with canvas.group(bar.url, bar.label if wrapped.truncated else None):
        paint = "link" if bar.url else "text"
        text_block(
            canvas, 0, y, wrapped.lines, size=LABEL_SIZE, line_height=LABEL_LINE, paint=paint
        )
    baseline = y + (LABEL_LINE + 0.7 * LABEL_SIZE) / 2
    canvas.text(CHART_WIDTH, baseline, figure or "–", weight="semibold", anchor="end")
    y += len(wrapped.lines) * LABEL_LINE + 3
    canvas.rect(0, y, CHART_WIDTH, _BAR_HEIGHT, "track", radius=_BAR_HEIGHT / 2)
    if bar.value is not None and bar.value > 0:
        length = min(CHART_WIDTH, max(_BAR_HEIGHT, float(bar.value) * scale))
        low = target is not None and float(bar.value) < target
        paint = "bar-low" if low else "bar"
        canvas.rect(0, y, length, _BAR_HEIGHT, paint, radius=_BAR_HEIGHT / 2)
    if target is not None:
        x = min(CHART_WIDTH, target * scale)
        marker = f"M{num(x)} {num(y - 3)}V{num(y + _BAR_HEIGHT + 3)}"
        canvas.path(marker, "target", stroke_width=1.5, stroke_dasharray="3 2")
    y += _BAR_HEIGHT
    if bar.secondary:
        secondary = ellipsize(bar.secondary, CHART_WIDTH * FIT, SMALL_SIZE)
        text_block(
            canvas,
            0,
            y + 2,
            [secondary],
            size=SMALL_SIZE,
            line_height=SMALL_LINE,
            paint="muted",
        )
        y += SMALL_LINE + 2
    return y + _BAR_GAP
