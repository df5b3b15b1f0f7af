"""Calendar arithmetic the content rules use (review due dates, refresher intervals)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """`start` plus whole months, the day clamped to the month's end (31 Jan + 1 = 28/29 Feb);
    past the calendar's end (year 9999) the result is its last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
