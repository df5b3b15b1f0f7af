"""Measurement periods of a KPI, from its `frequency`: a day, an ISO week, a month, a quarter or
a year. A period is named the way the spec writes it (`2026-10-05`, `2026-W41`, `2026-10`,
`2026-Q4`, `2026`) and orders by its first day."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

Frequency = Literal["daily", "weekly", "monthly", "quarterly", "yearly"]


@dataclass(frozen=True, order=True)
class Period:
    start: date  # first field: periods of one KPI sort by time
    end: date  # the last day inside the period
    name: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def period_of(frequency: Frequency, day: date) -> Period:
    """The period of `frequency` that holds `day`."""
    if frequency == "daily":
        return Period(day, day, day.isoformat())
    if frequency == "weekly":
        return _iso_week(day)
    if frequency == "monthly":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last), f"{day.year:04d}-{day.month:02d}")
    if frequency == "quarterly":
        quarter = (day.month - 1) // 3 + 1
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        last = calendar.monthrange(day.year, last_month)[1]
        return Period(
            date(day.year, first_month, 1),
            date(day.year, last_month, last),
            f"{day.year:04d}-Q{quarter}",
        )
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), f"{day.year:04d}")


def _iso_week(day: date) -> Period:
    """The ISO week (Monday to Sunday) named by its ISO year: 2026-12-31 is in 2026-W53 and
    2027-01-01 too; 2025-12-29 is in 2026-W01. At the calendar's ends the week is cut to the
    days that exist (ordinals, so nothing overflows there)."""
    year, week, weekday = day.isocalendar()
    monday = day.toordinal() - (weekday - 1)
    start = date.fromordinal(max(monday, date.min.toordinal()))
    end = date.fromordinal(min(monday + 6, date.max.toordinal()))
    return Period(start, end, f"{year:04d}-W{week:02d}")
