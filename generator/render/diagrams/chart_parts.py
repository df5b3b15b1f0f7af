"""What the charts share: their width, text sizes, figures and the target legend."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from generator.render.common.locale import Locale
from generator.render.diagrams.svg import Canvas, Number, num
from generator.render.diagrams.text_metrics import text_width

# Charts fit a phone without scrolling (scale 0.8 at 358 px) and an A4 column at 1:1.
CHART_WIDTH = 440.0
LABEL_SIZE, LABEL_LINE = 13.0, 17.0
SMALL_SIZE, SMALL_LINE = 11.0, 14.0
_BAR_HEIGHT, _BAR_GAP = 12.0, 16.0
LEGEND_HEIGHT = 24.0
_PLOT_HEIGHT, _AXIS_HEIGHT = 180.0, 34.0


def figure_text(value: Number, unit: str, locale: Locale) -> str:
    """A value rounded half up to one decimal ('71,4%'), without a trailing ',0'."""
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return locale.quantity(number, unit)


def target_legend(canvas: Canvas, legend: str) -> None:
    """A dashed sample and "Target: 90%" at the chart's top right."""
    marker = CHART_WIDTH - text_width(legend, SMALL_SIZE) - 6
    canvas.path(
        f"M{num(marker - 18)} 8H{num(marker)}",
        "target",
        stroke_width=1.5,
        stroke_dasharray="4 3",
    )
    canvas.text(CHART_WIDTH, 12, legend, paint="muted", size=SMALL_SIZE, anchor="end")


def gridlines(low: float, high: float) -> list[float]:
    """Round gridline values from `low` to `high`, four to six of them."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]
