"""How KPI results read in every output (site, books, `kpi report`): values with their unit,
status as a symbol and a word (never colour alone), trend as an arrow with the change, the
coaching view's figures. Numbers go through a formatter: the locale's marks on pages and in
books, a decimal point in machine output."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.model.handbook import Handbook, Kpi
from generator.query.adherence import Tally
from generator.query.kpi import ResultRow, SkippedStep, Status, TrainingCounts, Trend
from generator.render.common.labels import Labels
from generator.render.common.markdown import plain_text

STATUS_SYMBOLS: dict[Status, str] = {"on_target": "✓", "at_risk": "⚠", "off_track": "✕"}
TREND_SYMBOLS: dict[Trend, str] = {"up": "▲", "down": "▼", "flat": "▶"}


class ResultText:
    def __init__(self, labels: Labels, number: Callable[[Decimal], str]) -> None:
        self.labels = labels
        self.number = number

    def quantity(self, value: Decimal, unit: str) -> str:
        text = self.number(value)
        return f"{text}{unit}" if unit == "%" else f"{text} {unit}"

    def value(self, kpi: Kpi, row: ResultRow) -> str:
        return self.quantity(row.value, kpi.unit)

    def target(self, kpi: Kpi) -> str:
        sign = "≥" if kpi.direction == "higher_is_better" else "≤"
        return f"{sign} {self.quantity(kpi.target, kpi.unit)}"

    def status(self, status: Status) -> str:
        return f"{STATUS_SYMBOLS[status]} {self.labels(status)}"

    def trend(self, kpi: Kpi, row: ResultRow) -> str:
        """'▲ +2 phút', '▼ −0,1%', '▶ 0%'; '' for a first value."""
        if row.trend is None or row.change is None:
            return ""
        sign = "+" if row.change > 0 else "−" if row.change < 0 else ""
        return f"{TREND_SYMBOLS[row.trend]} {sign}{self.quantity(abs(row.change), kpi.unit)}"

    def branch(self, branch: str) -> str:
        return branch or self.labels("whole_organisation")

    def adherence(self, counts: Tally) -> str:
        value = counts.adherence
        return "" if value is None else self.quantity(value, "%")

    def skipped(self, step: SkippedStep, handbook: Handbook) -> str:
        """'SOP-01 · Bước 3: Rót nước 85 °C, ủ 3 phút. (2 lần không đạt)'."""
        sop = handbook.sops[step.sop]
        action = plain_text(sop.steps[step.step - 1].action, handbook)
        fails = self.labels.count("fails_count", step.fails)
        return f"{sop.code} · {self.labels('step_n', number=step.step)}: {action} ({fails})"

    def training(self, counts: TrainingCounts | None) -> str:
        """'2/5 (40%) · outdated 3', or '' without a roster."""
        if counts is None:
            return ""
        known = set(self.labels.names())
        parts = [f"{counts.current}/{counts.required}"]
        if counts.coverage is not None:
            parts[0] += f" ({self.quantity(counts.coverage, '%')})"
        parts += [
            f"{self.labels(status) if status in known else status} {number}"
            for status, number in counts.statuses.items()
            if number and status != "current"
        ]
        return " · ".join(parts)


def machine_number(value: Decimal) -> str:
    """Digits as written, with a decimal point (machine output)."""
    return f"{value:f}"
