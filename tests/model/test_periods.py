"""Periods of every frequency, ISO week 53 and the year boundary included."""

from __future__ import annotations

from datetime import date

import pytest

from generator.model.periods import Period, period_of


@pytest.mark.parametrize(
    ("frequency", "day", "name", "start", "end"),
    [
        ("daily", date(2026, 10, 5), "2026-10-05", date(2026, 10, 5), date(2026, 10, 5)),
        ("weekly", date(2026, 10, 5), "2026-W41", date(2026, 10, 5), date(2026, 10, 11)),
        ("weekly", date(2026, 10, 11), "2026-W41", date(2026, 10, 5), date(2026, 10, 11)),
        # 2026 has 53 ISO weeks; its last week runs into 2027 and keeps the ISO year 2026.
        ("weekly", date(2026, 12, 31), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("weekly", date(2027, 1, 3), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("weekly", date(2027, 1, 4), "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        # ... and a week 1 that starts in the year before.
        ("weekly", date(2025, 12, 29), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        ("monthly", date(2026, 2, 14), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("monthly", date(2028, 2, 29), "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("monthly", date(2026, 12, 31), "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("quarterly", date(2026, 10, 1), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("quarterly", date(2026, 9, 30), "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("quarterly", date(2026, 1, 1), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("yearly", date(2026, 6, 30), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_of_each_frequency(
    frequency: str, day: date, name: str, start: date, end: date
) -> None:
    period = period_of(frequency, day)  # type: ignore[arg-type]
    assert period == Period(start, end, name)
    assert day in period


def test_weeks_at_the_calendars_ends_are_cut_to_existing_days() -> None:
    assert period_of("weekly", date(1, 1, 1)) == Period(date(1, 1, 1), date(1, 1, 7), "0001-W01")
    last = period_of("weekly", date(9999, 12, 31))
    assert (last.end, last.name) == (date(9999, 12, 31), "9999-W52")


def test_periods_sort_by_time_not_by_name() -> None:
    names = [
        period_of("weekly", day).name
        for day in sorted([date(2027, 1, 4), date(2026, 12, 31), date(2026, 10, 5)])
    ]
    assert names == ["2026-W41", "2026-W53", "2027-W01"]
    assert period_of("weekly", date(2026, 12, 31)) < period_of("weekly", date(2027, 1, 4))
