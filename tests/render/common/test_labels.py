"""Shared rendering helpers: the label catalogues, locale formatting, Markdown with links."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.render.common.labels import Labels
from generator.render.common.locale import Locale


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    # Singular forms (`<key>_one`) exist only where a language has them (English, not Vietnamese).
    vietnamese, english = Labels("vi"), Labels("en")

    def base_keys(labels: Labels) -> set[str]:
        return {key for key in labels.names() if not key.endswith("_one")}

    assert base_keys(vietnamese) == base_keys(english)
    for key in base_keys(vietnamese):
        assert re.findall(r"\{\w+\}", vietnamese(key)) == re.findall(r"\{\w+\}", english(key)), key


def test_singular_forms_have_a_plural_to_fall_back_on() -> None:
    for labels in (Labels("vi"), Labels("en")):
        for key in labels.names():
            if key.endswith("_one"):
                assert key.removesuffix("_one") in labels.names()


def test_count_picks_the_singular_only_for_one() -> None:
    english = Labels("en")
    assert english.count("count_files", 1) == "1 file"
    assert english.count("count_files", 2) == "2 files"
    assert Labels("vi").count("count_files", 1) == "1 tệp"


def test_quantities_follow_the_locale() -> None:
    assert Locale("vi").quantity(Decimal("97.5"), "%") == "97,5%"
    assert Locale("vi").quantity(Decimal("650000"), "₫") == "650.000 ₫"
    assert Locale("en").quantity(Decimal("650000"), "₫") == "650,000 ₫"
