"""A KPI's results as a line chart: one line per branch over its last periods, with the target
and the threshold drawn as lines. Built at build time as plain SVG (no script), the same
picture on the KPI page and in the managers' books.

Each branch has its own colour and marker shape (never colour alone); every point is a group
carrying `data-branch`, `data-period` and `data-value`, each line `data-line` and `data-value`
(what they show, read by tests), with a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.query.kpi import KpiSeries
from generator.render.common.locale import Locale
from generator.render.diagrams.chart_parts import (
    CHART_WIDTH,
    SMALL_SIZE,
    figure_text,
    gridlines,
)
from generator.render.diagrams.svg import Canvas, num
from generator.render.diagrams.text_metrics import text_width

_PLOT_HEIGHT, _AXIS_HEIGHT, _LEGEND_LINE = 180.0, 30.0, 18.0
# Okabe-Ito colours: told apart with colour-blindness, on paper and on the dark scheme.
_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
_MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class ChartPoint:
    period: str  # the period's name, e.g. "2026-10"; its position on the x axis
    value: Decimal


@dataclass(frozen=True)
class ChartSeries:
    label: str  # the branch as shown
    points: tuple[ChartPoint, ...]  # oldest first


@dataclass(frozen=True)
class ChartLine:
    kind: str  # "target" or "threshold"
    label: str  # "Mục tiêu: ≥ 95%"
    value: Decimal
    dashes: str


@dataclass(frozen=True)
class _Plot:
    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float

    def y(self, value: Decimal) -> float:
        share = (float(value) - self.low) / ((self.high - self.low) or 1.0)
        return self.bottom - share * (self.bottom - self.top)


def kpi_chart_svg(
    series: Sequence[ChartSeries],
    *,
    periods: Sequence[tuple[str, str]],  # (period name, x label), in time order
    lines: Sequence[ChartLine],
    unit: str,
    locale: Locale,
    title: str,
) -> str:
    canvas = Canvas()
    legend_rows = _legend(canvas, series, lines)
    top = 8 + legend_rows * _LEGEND_LINE + 8
    low, high = _value_range(series, lines)
    ticks = gridlines(low, high)
    tick_labels = [figure_text(tick, unit, locale) for tick in ticks]
    axis = max(text_width(text, SMALL_SIZE) for text in tick_labels) + 10
    label_width = max((text_width(label, SMALL_SIZE) for _, label in periods), default=0.0)
    plot = _Plot(
        left=axis + label_width / 2 + 4,
        right=CHART_WIDTH - label_width / 2 - 4,
        top=top,
        bottom=top + _PLOT_HEIGHT,
        low=low,
        high=high,
    )
    for tick, text in zip(ticks, tick_labels, strict=True):
        y = plot.y(Decimal(str(tick)))
        canvas.path(f"M{num(axis)} {num(y)}H{num(CHART_WIDTH)}", "rule")
        canvas.text(axis - 6, y + 4, text, paint="muted", size=SMALL_SIZE, anchor="end")
    for line in lines:
        y = plot.y(line.value)
        with canvas.group(None, line.label, line=line.kind, value=f"{line.value:f}"):
            canvas.path(
                f"M{num(axis)} {num(y)}H{num(CHART_WIDTH)}",
                "target",
                stroke_width=1.5,
                stroke_dasharray=line.dashes,
            )
    xs = _xs(plot, len(periods))
    x_of = {name: x for (name, _), x in zip(periods, xs, strict=True)}
    height = plot.bottom + _AXIS_HEIGHT
    # Thin the labels out when they would touch.
    every = math.ceil((label_width + 3) / (xs[1] - xs[0])) if len(xs) > 1 else 1
    for index, ((_, label), x) in enumerate(zip(periods, xs, strict=True)):
        if index % every == 0:
            canvas.text(x, height - 10, label, paint="muted", size=SMALL_SIZE, anchor="middle")
    for number, one in enumerate(series):
        _draw_series(canvas, plot, one, number, x_of, unit, locale)
    return canvas.svg(kind="kpi", width=CHART_WIDTH, height=height, label=title, scrolls=False)


def _xs(plot: _Plot, count: int) -> list[float]:
    if count <= 1:
        return [(plot.left + plot.right) / 2] * count
    pitch = (plot.right - plot.left) / (count - 1)
    return [plot.left + index * pitch for index in range(count)]


def _value_range(series: Sequence[ChartSeries], lines: Sequence[ChartLine]) -> tuple[float, float]:
    """From the smallest to the largest value, target and threshold, with a margin."""
    values = [float(p.value) for s in series for p in s.points] + [
        float(line.value) for line in lines
    ]
    low, high = min(values), max(values)
    margin = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0)
    return low - margin, high + margin


def _legend(canvas: Canvas, series: Sequence[ChartSeries], lines: Sequence[ChartLine]) -> int:
    """One entry per branch (its marker and colour) and per line, wrapped; the number of rows."""
    x, row = 0.0, 0
    entries: list[tuple[str, int | None, str]] = [
        (one.label, number, "") for number, one in enumerate(series)
    ] + [(line.label, None, line.dashes) for line in lines]
    for label, number, dashes in entries:
        width = 22 + text_width(label, SMALL_SIZE) + 14
        if x and x + width > CHART_WIDTH:
            x, row = 0.0, row + 1
        y = 8 + row * _LEGEND_LINE + 6
        if number is None:
            canvas.path(
                f"M{num(x)} {num(y)}H{num(x + 16)}",
                "target",
                stroke_width=1.5,
                stroke_dasharray=dashes,
            )
        else:
            _marker(canvas, number, x + 8, y)
        canvas.text(x + 22, y + 4, label, paint="muted", size=SMALL_SIZE)
        x += width
    return row + 1


def _marker(canvas: Canvas, number: int, x: float, y: float) -> None:
    colour = _COLOURS[number % len(_COLOURS)]
    shape = _MARKERS[number % len(_MARKERS)]
    paint: dict[str, float | str] = {"fill": colour, "stroke": "#ffffff", "stroke_width": 1}
    if shape == "circle":
        canvas.element("circle", None, cx=x, cy=y, r=4.5, **paint)
    elif shape == "square":
        canvas.element("rect", None, x=x - 4, y=y - 4, width=8, height=8, **paint)
    elif shape == "triangle":
        d = f"M{num(x)} {num(y - 5)}L{num(x + 5)} {num(y + 4)}L{num(x - 5)} {num(y + 4)}Z"
        canvas.element("path", None, d=d, **paint)
    else:
        d = (
            f"M{num(x)} {num(y - 5)}L{num(x + 5)} {num(y)}"
            f"L{num(x)} {num(y + 5)}L{num(x - 5)} {num(y)}Z"
        )
        canvas.element("path", None, d=d, **paint)


def _draw_series(
    canvas: Canvas,
    plot: _Plot,
    series: ChartSeries,
    number: int,
    x_of: dict[str, float],
    unit: str,
    locale: Locale,
) -> None:
    """The branch's line through its values (periods without a value are stepped over, as the
    trend is), and a marker per value."""
    colour = _COLOURS[number % len(_COLOURS)]
    spots = [(x_of[p.period], plot.y(p.value), p) for p in series.points]
    if len(spots) > 1:
        d = "M" + "L".join(f"{num(x)} {num(y)}" for x, y, _ in spots)
        canvas.element(
            "path",
            None,
            d=d,
            fill="none",
            stroke=colour,
            stroke_width=2.5,
            stroke_linejoin="round",
            stroke_linecap="round",
        )
    for x, y, point in spots:
        figure = figure_text(point.value, unit, locale)
        with canvas.group(
            None,
            f"{series.label} · {point.period}: {figure}",
            branch=series.label,
            period=point.period,
            value=f"{point.value:f}",
        ):
            _marker(canvas, number, x, y)


# The chart shows each branch's last periods (the spec's twelve).
CHART_PERIODS = 12


def results_chart_svg(series: Sequence[KpiSeries], locale: Locale, title: str) -> str:
    """The chart of one KPI's series (one per branch, '' shown as the whole organisation)."""
    labels = locale.labels
    kpi = series[0].kpi
    shown = [(one, one.rows[-CHART_PERIODS:]) for one in series]
    periods = sorted({row.period for _, rows in shown for row in rows})
    names = [
        (p.name, locale.month(p.name) if kpi.frequency == "monthly" else p.name) for p in periods
    ]
    lines = [ChartLine("target", f"{labels('target')}: {locale.target(kpi)}", kpi.target, "6 4")]
    if kpi.threshold is not None:
        rule = locale.threshold_rule(kpi) or ""
        lines.append(ChartLine("threshold", rule, kpi.threshold, "2 3"))
    return kpi_chart_svg(
        [
            ChartSeries(
                one.branch or labels("whole_organisation"),
                tuple(ChartPoint(row.period.name, row.value) for row in rows),
            )
            for one, rows in shown
        ],
        periods=names,
        lines=lines,
        unit=kpi.unit,
        locale=locale,
        title=title,
    )
