"""How KPI results read in every output (site, books, `kpi report`): values with their unit,
status as a symbol and a word (never colour alone), trend as an arrow with the change, the
coaching view's figures. Numbers go through a formatter: the locale's marks on pages and in
books, a decimal point in machine output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.model.handbook import Handbook, Kpi
from generator.query.adherence import Tally
from generator.query.kpi import (
    KpiSeries,
    ResultRow,
    SkippedStep,
    Status,
    Trend,
)
from generator.query.training import TrainingCounts
from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
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
        parts = [f"{counts.current}/{counts.required}"]
        if counts.coverage is not None:
            parts[0] += f" ({self.quantity(counts.coverage, '%')})"
        parts += [
            f"{self.labels(f'training_{status}')} {number}"
            for status, number in counts.statuses.items()
            if number and status != "current"
        ]
        return " · ".join(parts)


def machine_number(value: Decimal) -> str:
    """Digits as written, with a decimal point (machine output)."""
    return f"{value:f}"


# The table of values shows what the chart shows: each branch's last periods.
TABLE_PERIODS = 12


@dataclass(frozen=True)
class ValueRow:
    branch: str
    period: str
    value: str
    status: Status
    status_text: str
    trend: str
    adherence: str
    note: str


@dataclass(frozen=True)
class SkippedView:
    sop: str
    step: int
    text: str


@dataclass(frozen=True)
class CoachingRow:
    branch: str
    period: str
    value: str
    status: Status
    status_text: str
    adherence: str
    skipped: tuple[SkippedView, ...]
    training: str


def value_rows(series: Sequence[KpiSeries], locale: Locale) -> tuple[ValueRow, ...]:
    """Each branch's last periods, newest first, branches in the report's order."""
    text = ResultText(locale.labels, locale.number)
    return tuple(
        ValueRow(
            text.branch(one.branch),
            _period(one, row, locale),
            text.value(one.kpi, row),
            row.status,
            text.status(row.status),
            text.trend(one.kpi, row),
            text.adherence(row.adherence),
            row.result.note,
        )
        for one in series
        for row in reversed(one.rows[-TABLE_PERIODS:])
    )


def coaching_rows(
    series: Sequence[KpiSeries], handbook: Handbook, locale: Locale
) -> tuple[CoachingRow, ...]:
    """The coaching view of each branch's latest period."""
    text = ResultText(locale.labels, locale.number)
    return tuple(
        CoachingRow(
            text.branch(one.branch),
            _period(one, one.latest, locale),
            text.value(one.kpi, one.latest),
            one.latest.status,
            text.status(one.latest.status),
            text.adherence(one.latest.adherence),
            tuple(
                SkippedView(step.sop, step.step, text.skipped(step, handbook))
                for step in one.latest.skipped
            ),
            text.training(one.training),
        )
        for one in series
    )


def _period(series: KpiSeries, row: ResultRow, locale: Locale) -> str:
    name = row.period.name
    return locale.month(name) if series.kpi.frequency == "monthly" else name


@dataclass(frozen=True)
class ScorecardRow:
    kpi: str  # the KPI id (pages link it)
    name: str
    branch: str
    period: str
    value: str
    target: str
    status: Status
    status_text: str
    trend: str
    adherence: str


def scorecard_rows(series: Sequence[KpiSeries], locale: Locale) -> tuple[ScorecardRow, ...]:
    """A row per series, its latest period, in the order given (the query's scorecard)."""
    text = ResultText(locale.labels, locale.number)
    return tuple(
        ScorecardRow(
            one.kpi.id,
            one.kpi.name,
            text.branch(one.branch),
            _period(one, one.latest, locale),
            text.value(one.kpi, one.latest),
            text.target(one.kpi),
            one.latest.status,
            text.status(one.latest.status),
            text.trend(one.kpi, one.latest),
            text.adherence(one.latest.adherence),
        )
        for one in series
    )
