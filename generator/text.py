"""Text rules shared by every stage: NFC, the spec's slug, locale-aware sorting and formatting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Literal

Language = Literal["vi", "en"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Drop diacritics the way the slug does (NFD, no combining marks, đ -> d), keep the rest."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def slugify(text: str) -> str:
    """The spec's slug: "Đánh giá KPI" -> "danh-gia-kpi"."""
    return _NON_SLUG.sub("-", fold(text).lower()).strip("-")


ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def is_valid_id(value: str) -> bool:
    return ID_PATTERN.fullmatch(value) is not None


# --- Collation -------------------------------------------------------------------------------

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# CLDR `vi` tone order: none, grave, hook above, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_VI_LETTERS = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip
_EN_LETTERS = tuple("abcdefghijklmnopqrstuvwxyz")

_CLASS_SPACE, _CLASS_DIGITS, _CLASS_LETTER, _CLASS_OTHER = 0, 1, 2, 3

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _letter_units(text: str) -> list[tuple[str, str, bool]]:
    """Split NFD text into (base letter with Vietnamese vowel marks, other marks, is_upper)."""
    units: list[tuple[str, str, bool]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and units:
            base, marks, upper = units[-1]
            units[-1] = (base, marks + char, upper)
        else:
            units.append((char.lower(), "", char != char.lower()))
    return units


def _collation_key(text: str, rank: Mapping[str, int]) -> SortKey:
    """Three-level key: letters (digit runs as numbers), then tones/accents, then case;
    `rank`: the alphabet's letters by position."""
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    digits = ""
    for base, marks, upper in [*_letter_units(text), ("", "", False)]:
        if base.isdigit() and base.isascii():
            digits += base
            continue
        if digits:
            primary.append((_CLASS_DIGITS, int(digits)))
            digits = ""
        if not base:
            break
        letter, accents = base, 0
        for mark in marks:
            marked = _VOWEL_MARKED.get(letter + mark)
            if marked is not None and marked in rank:
                letter = marked
            else:
                accents = accents * 8 + _TONES.get(mark, 6)
        if letter == "đ" and letter not in rank:
            letter, accents = "d", accents * 8 + 7
        if letter in rank:
            primary.append((_CLASS_LETTER, rank[letter]))
            secondary.append(accents)
            tertiary.append(1 if upper else 0)
        elif base.isspace() or unicodedata.category(base)[0] in "PSZC":
            primary.append((_CLASS_SPACE, ord(base)))
        else:
            primary.append((_CLASS_OTHER, ord(base)))
            tertiary.append(1 if upper else 0)
    return (tuple(primary), tuple(secondary), tuple(tertiary))


_VOWEL_MARKED = {
    "a" + _BREVE: "ă",
    "a" + _CIRCUMFLEX: "â",
    "e" + _CIRCUMFLEX: "ê",
    "o" + _CIRCUMFLEX: "ô",
    "o" + _HORN: "ơ",
    "u" + _HORN: "ư",
}


def sort_key(language: Language) -> Callable[[str], SortKey]:
    """The locale's collation key for displayed text (ties are broken by the caller, by id)."""
    letters = _VI_LETTERS if language == "vi" else _EN_LETTERS
    rank = {letter: index for index, letter in enumerate(letters)}
    return lambda text: _collation_key(text, rank)


# --- Formatting ------------------------------------------------------------------------------

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date, language: Language) -> str:
    if language == "vi":
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year:04d}"


def format_month(month: str, language: Language) -> str:
    """A "YYYY-MM" month as the locale writes it: '10/2026' or 'Oct 2026'."""
    year, number = month.split("-")
    if language == "vi":
        return f"{number}/{year}"
    return f"{_EN_MONTHS[int(number) - 1]} {year}"


def format_number(value: Decimal, language: Language) -> str:
    """Digits as written, with the locale's marks; groups only from 10 000 up."""
    text = format(value, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    group_mark, decimal_mark = (".", ",") if language == "vi" else (",", ".")
    if len(whole) >= 5:
        head = len(whole) % 3 or 3
        whole = group_mark.join(
            [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        )
    return sign + whole + (decimal_mark + fraction if fraction else "")


_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Trimmed, each run of whitespace one space: how branch and person names compare."""
    return _SPACES.sub(" ", text).strip()


def match_key(text: str) -> str:
    """How person and branch texts compare (the roster, training records, audits, results):
    NFC, trimmed, inner spaces collapsed, case folded."""
    return collapse_spaces(nfc(text)).casefold()


_ASCII_DIGITS = re.compile(r"[0-9]+")
# C0 controls but tab, newline and carriage return (CRLF files), DEL and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def is_ascii_digits(text: str) -> bool:
    """Only 0-9 (`str.isdigit` also takes '²' and '١٢', which are no numbers here)."""
    return _ASCII_DIGITS.fullmatch(text) is not None


def control_characters(text: str) -> list[str]:
    """The control characters in `text` other than tab and line breaks, each once."""
    return list(dict.fromkeys(_CONTROL.findall(text)))


# A spreadsheet evaluates a cell that starts with one of these (spec, "Safety rules added in
# v2"): our CSV outputs write such text behind a `'`, and our CSV reader drops it again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """`value` as a CSV cell no spreadsheet evaluates: a leading `'` before a formula start."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unprefixed_spreadsheet_text(value: str) -> str:
    """A cell as `spreadsheet_text` wrote it, back as the text it came from."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
