"""Reading the values a document writes after its labels: dates, versions, times."""

from __future__ import annotations

import re
from datetime import date

from generator.text import fold

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b")
_VI_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b")
_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_EN_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b")
_EN_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_VERSION = re.compile(r"^(?:v|ver\.?\s*)?\d+(?:\.\d+)*[a-z]?$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def find_date(text: str) -> tuple[date, str] | None:
    """The first date written in `text`, and `text` itself when it says more than the date
    (so the caller can keep the rest), else "". Day-first (15/01/2026) as Vietnamese and most
    of the world write it; ISO; English month names; "ngày 15 tháng 1 năm 2026"."""
    folded = fold(text).casefold()
    attempts: list[tuple[re.Pattern[str], tuple[int, int, int]]] = [
        (_ISO, (1, 2, 3)),
        (_DAY_FIRST, (3, 2, 1)),
        (_VI_WORDS, (3, 2, 1)),
        (_EN_DAY_MONTH, (3, 2, 1)),
        (_EN_MONTH_DAY, (3, 1, 2)),
    ]
    for pattern, (year, month, day) in attempts:
        found = pattern.search(folded)
        if found is None:
            continue
        month_text = found.group(month)
        number = _EN_MONTHS.get(month_text) or int(month_text)
        try:
            value = date(int(found.group(year)), number, int(found.group(day)))
        except ValueError:
            continue
        rest = (folded[: found.start()] + folded[found.end() :]).strip(" ,;:()-.")
        return value, text if rest else ""
    return None


def looks_like_version(text: str) -> bool:
    return _VERSION.fullmatch(text.strip()) is not None


def is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text.strip()) is not None
