"""Locale formatting for every output: dates, numbers with units, KPI targets, sort order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from generator.model.handbook import Kpi
from generator.render.common.labels import Labels
from generator.text import Language, format_date, format_month, format_number, sort_key

T = TypeVar("T")


class Locale:
    """How one language writes dates and numbers and orders text (the site, books and charts
    all format through this)."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self.labels = Labels(language)

    def date(self, value: date) -> str:
        return format_date(value, self.language)

    def month(self, month: str) -> str:
        return format_month(month, self.language)

    def number(self, value: Decimal) -> str:
        return format_number(value, self.language)

    def quantity(self, value: Decimal, unit: str) -> str:
        """A number with its unit: '97,5%', '650.000 ₫', '4 phút'."""
        number = self.number(value)
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}"

    def target(self, kpi: Kpi, value: Decimal | None = None) -> str:
        """A target with its direction: '≥ 95%', '≤ 3 phút' (`value`: a role's own target)."""
        sign = "≥" if kpi.direction == "higher_is_better" else "≤"
        return f"{sign} {self.quantity(kpi.target if value is None else value, kpi.unit)}"

    def threshold_rule(self, kpi: Kpi) -> str | None:
        """The threshold as the rule a reader acts on: 'Off track below 90%'."""
        if kpi.threshold is None:
            return None
        key = "off_track_below" if kpi.direction == "higher_is_better" else "off_track_above"
        return self.labels(key, threshold=self.quantity(kpi.threshold, kpi.unit))

    def sorted(
        self, items: Iterable[T], title: Callable[[T], str], ident: Callable[[T], str]
    ) -> list[T]:
        """Items in the locale's order of their displayed title, ties by id."""
        key = sort_key(self.language)
        return sorted(items, key=lambda item: (key(title(item)), ident(item)))
