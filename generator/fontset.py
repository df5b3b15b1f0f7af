"""Which characters the books' shipped fonts can show (read from their cmaps)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.resources import package_dir

FONT_SUFFIXES = (".ttf", ".otf")


def fonts_dir() -> Path:
    return package_dir("fonts")


def _ignorable(char: str) -> bool:
    """Characters nobody expects to see: controls, spaces, default-ignorables (U+FE0F, ZWJ)."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0000 <= code <= 0xE0FFF
        or 0xE000 <= code <= 0xF8FF  # private use: reserved placeholders are reported apart
    )


@dataclass(frozen=True)
class FontCoverage:
    covered: frozenset[int]

    @staticmethod
    @cache
    def shipped() -> FontCoverage:
        from fontTools.ttLib import TTFont

        codes: set[int] = set()
        for path in sorted(fonts_dir().iterdir()):
            if path.suffix.lower() in FONT_SUFFIXES:
                with TTFont(path, lazy=True) as font:
                    codes.update(font.getBestCmap() or {})
        return FontCoverage(frozenset(codes))

    def missing(self, text: str) -> list[str]:
        """Characters of `text` that no shipped font has, each once, in text order."""
        if text.isascii():
            return []
        return [
            char
            for char in dict.fromkeys(text)
            if ord(char) not in self.covered and not _ignorable(char)
        ]
