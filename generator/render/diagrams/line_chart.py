"""Line charts of a monthly trend (audit adherence by month)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
from generator.render.diagrams.chart_parts import (
    CHART_WIDTH,
    LEGEND_HEIGHT,
    SMALL_SIZE,
    figure_text,
    gridlines,
    target_legend,
)
from generator.render.diagrams.svg import Canvas, Number, num
from generator.render.diagrams.text_metrics import text_width

_PLOT_HEIGHT, _AXIS_HEIGHT = 180.0, 34.0


@dataclass(frozen=True)
class Point:
    """One month of a trend: `month` is "YYYY-MM"; `value` None leaves a gap in the line."""

    month: str
    value: Number | None


def _months(points: Sequence[Point]) -> list[tuple[str, Number | None]]:
    """Every month from the first to the last point, None where there is no data."""
    values: dict[str, Number | None] = {}
    for point in points:
        if point.value is not None or point.month not in values:
            values[point.month] = point.value
    first, last = min(values), max(values)
    year, month = int(first[:4]), int(first[5:7])
    months: list[tuple[str, Number | None]] = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append((key, values.get(key)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class _Plot:
    """Where values land: x from `left` to `right` for the months, y from `low` to `high`."""

    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float

    def y(self, value: Number) -> float:
        clamped = min(max(float(value), self.low), self.high)
        share = (clamped - self.low) / ((self.high - self.low) or 1.0)
        return self.bottom - share * (self.bottom - self.top)

    def xs(self, count: int) -> list[float]:
        if count == 1:
            return [(self.left + self.right) / 2]
        pitch = (self.right - self.left) / (count - 1)
        return [self.left + index * pitch for index in range(count)]


def line_chart_svg(
    points: Sequence[Point],
    *,
    locale: Locale,
    title: str,
    min_value: float = 0,
    max_value: float = 100,
    target: float | None = None,
    unit: str = "%",
) -> str:
    """A monthly trend: one dot per month with data, joined by a line that breaks where a month
    has none; x labels like "08/2026" (vi) or "Aug 2026" (en), a dashed target line if given.
    Months missing between the first and the last point count as months without data."""
    labels = Labels(locale.language)
    canvas = Canvas()
    top = 20.0
    if target is not None:
        target_legend(canvas, f"{labels('target')}: {figure_text(target, unit, locale)}")
        top += LEGEND_HEIGHT
    height = top + _PLOT_HEIGHT + _AXIS_HEIGHT
    ticks = gridlines(min_value, max_value)
    tick_labels = [figure_text(tick, unit, locale) for tick in ticks]
    axis = max(text_width(text, SMALL_SIZE) for text in tick_labels) + 10
    months = _months(points) if points else []
    month_labels = [locale.month(month) for month, _ in months]
    label_width = max((text_width(text, SMALL_SIZE) for text in month_labels), default=0)
    plot = _Plot(
        left=axis + label_width / 2 + 4,
        right=CHART_WIDTH - label_width / 2 - 4,
        top=top,
        bottom=top + _PLOT_HEIGHT,
        low=min_value,
        high=max_value,
    )
    for tick, text in zip(ticks, tick_labels, strict=True):
        canvas.path(f"M{num(axis)} {num(plot.y(tick))}H{num(CHART_WIDTH)}", "rule")
        canvas.text(axis - 6, plot.y(tick) + 4, text, paint="muted", size=SMALL_SIZE, anchor="end")
    if target is not None:
        line = f"M{num(axis)} {num(plot.y(target))}H{num(CHART_WIDTH)}"
        canvas.path(line, "target", stroke_width=1.5, stroke_dasharray="6 4")
    if not months:
        middle = ((axis + CHART_WIDTH) / 2, (plot.top + plot.bottom) / 2)
        canvas.text(*middle, labels("no_records"), paint="muted", anchor="middle")
    else:
        xs = plot.xs(len(months))
        pitch = xs[1] - xs[0] if len(xs) > 1 else plot.right - plot.left
        every = math.ceil((label_width + 3) / pitch)  # thin the labels out when they would touch
        for index, (x, text) in enumerate(zip(xs, month_labels, strict=True)):
            if index % every == 0:
                canvas.text(x, height - 12, text, paint="muted", size=SMALL_SIZE, anchor="middle")
        _draw_series(canvas, plot, xs, months, month_labels, unit, locale)
    return canvas.svg(kind="trend", width=CHART_WIDTH, height=height, label=title, scrolls=False)


def _draw_series(
    canvas: Canvas,
    plot: _Plot,
    xs: Sequence[float],
    months: Sequence[tuple[str, Number | None]],
    month_labels: Sequence[str],
    unit: str,
    locale: Locale,
) -> None:
    """The line (broken at months without data), a dot per value and its figure above it."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, (_, value) in zip(xs, months, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, plot.y(value)))
    line = "".join(
        "M" + "L".join(f"{num(x)} {num(y)}" for x, y in run) for run in runs if len(run) > 1
    )
    canvas.path(line, "line", stroke_width=2.5, stroke_linejoin="round", stroke_linecap="round")
    figures = [None if value is None else figure_text(value, unit, locale) for _, value in months]
    widest = max((text_width(f, SMALL_SIZE, "semibold") for f in figures if f), default=0.0)
    pitch = xs[1] - xs[0] if len(xs) > 1 else plot.right - plot.left
    for x, (_, value), text, figure in zip(xs, months, month_labels, figures, strict=True):
        if value is None or figure is None:
            continue
        y = plot.y(value)
        with canvas.group(None, f"{text}: {figure}"):
            canvas.element("circle", "dot", cx=x, cy=y, r=4, stroke_width=1.5)
            if pitch >= widest + 4:
                # A backing plate keeps the figure readable where it crosses a line.
                width = text_width(figure, SMALL_SIZE, "semibold")
                canvas.rect(x - width / 2 - 2, y - 21, width + 4, 15, "plate", 3)
                canvas.text(x, y - 9.5, figure, size=SMALL_SIZE, weight="semibold", anchor="middle")
