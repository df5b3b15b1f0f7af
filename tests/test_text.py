"""Slugs, Vietnamese collation and locale formatting."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from generator.text import (
    fold,
    format_date,
    format_month,
    format_number,
    match_key,
    slugify,
    sort_key,
    spreadsheet_text,
    unprefixed_spreadsheet_text,
)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đánh giá KPI", "danh-gia-kpi"),
        ("Lễ tân & Đón khách!", "le-tan-don-khach"),
        ("  Quy trình 5S  ", "quy-trinh-5s"),
        (unicodedata.normalize("NFD", "Ủ trà"), "u-tra"),
        ("☃", ""),
    ],
)
def test_slug_follows_the_spec(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_fold_keeps_case_and_spacing() -> None:
    assert fold("Đón Khách ở Quận 1") == "Don Khach o Quan 1"


def test_vietnamese_order_letters_then_tones_then_case() -> None:
    words = [
        "đa",
        "da",
        "Ba",
        "bạ",
        "bá",
        "bã",
        "bả",
        "bà",
        "ba",
        "ân",
        "ăn",
        "an",
        "ơi",
        "ở",
        "ôm",
    ]
    assert sorted(words, key=sort_key("vi")) == [
        "an", "ăn", "ân", "ba", "Ba", "bà", "bả", "bã", "bá", "bạ", "da", "đa", "ôm", "ở", "ơi",
    ]  # fmt: skip


def test_vietnamese_order_of_real_titles_and_digit_runs() -> None:
    titles = ["Đặt lịch", "Dọn phòng", "Ưu đãi", "Uống trà", "Ca 10", "Ca 9", "An toàn"]
    assert sorted(titles, key=sort_key("vi")) == [
        "An toàn", "Ca 9", "Ca 10", "Dọn phòng", "Đặt lịch", "Uống trà", "Ưu đãi",
    ]  # fmt: skip


def test_english_order_treats_vietnamese_letters_as_accented() -> None:
    assert sorted(["Zebra", "Đặt lịch", "apple", "Dọn", "étude", "Eagle"], key=sort_key("en")) == [
        "apple", "Đặt lịch", "Dọn", "Eagle", "étude", "Zebra",
    ]  # fmt: skip


def test_numbers_keep_their_digits_with_locale_marks() -> None:
    cases = {
        "97.5": ("97,5", "97.5"),
        "1450000": ("1.450.000", "1,450,000"),
        "9500": ("9500", "9500"),
    }
    for written, (vi, en) in cases.items():
        assert format_number(Decimal(written), "vi") == vi
        assert format_number(Decimal(written), "en") == en
    assert format_number(Decimal("-12345.50"), "vi") == "-12.345,50"


def test_months_by_locale_without_the_machine_locale() -> None:
    assert format_month("2026-10", "vi") == "10/2026"
    assert format_month("2026-10", "en") == "Oct 2026"


def test_dates_by_locale() -> None:
    assert format_date(date(2026, 1, 15), "vi") == "15/01/2026"
    assert format_date(date(2026, 1, 15), "en") == "15 Jan 2026"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_formula_start_is_written_behind_a_quote_and_read_back(start: str) -> None:
    value = f"{start}SUM(A1)"
    assert spreadsheet_text(value) == f"'{value}"
    assert unprefixed_spreadsheet_text(spreadsheet_text(value)) == value


def test_plain_text_and_a_typed_apostrophe_are_left_alone() -> None:
    assert spreadsheet_text("Đếm tiền") == "Đếm tiền"
    assert unprefixed_spreadsheet_text("'tên") == "'tên"


def test_match_key_compares_people_and_branches_as_the_spec_says() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị   Lan ")
    assert match_key(decomposed) == match_key("nguyễn thị lan") == "nguyễn thị lan"
    assert match_key("\tQUẬN\u00a01 ") == "quận 1"
    assert match_key("Lan (Q1)") != match_key("Lan (Q2)")
