"""Text widths from the shipped fonts, so diagrams wrap titles where a reader will see them break.

SVG text never wraps by itself: a title longer than its box overflows. The diagrams are set in
Be Vietnam Pro (the books embed it; the site names it first), so widths come from its advance
widths (hmtx via cmap), read once per process. Kerning is ignored: it only narrows text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from generator.fontset import fonts_dir

Weight = Literal["regular", "semibold"]

ELLIPSIS = "…"
_FILES: dict[Weight, tuple[str, str]] = {
    # Primary face, then the books' Latin fallback (Noto Sans has no SemiBold: Bold is wider,
    # which errs on the safe side).
    "regular": ("BeVietnamPro-Regular.ttf", "NotoSans-Regular.ttf"),
    "semibold": ("BeVietnamPro-SemiBold.ttf", "NotoSans-Bold.ttf"),
}
_WIDE_EM = 1.0  # emoji and CJK that neither face has
_NARROW_EM = 0.6


def _advances(file_name: str) -> dict[int, float]:
    from fontTools.ttLib import TTFont

    with TTFont(fonts_dir() / file_name, lazy=True) as font:
        units = font["head"].unitsPerEm
        widths = font["hmtx"].metrics
        return {code: widths[glyph][0] / units for code, glyph in font.getBestCmap().items()}


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths in em of one weight; characters the primary face lacks use the fallback."""

    primary: Mapping[int, float]
    fallback_file: str

    def advance(self, char: str) -> float:
        code = ord(char)
        found = self.primary.get(code)
        if found is not None:
            return found
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            return 0.0
        found = _fallback(self.fallback_file).get(code)
        if found is not None:
            return found
        return _WIDE_EM if unicodedata.east_asian_width(char) in ("W", "F") else _NARROW_EM

    def width(self, text: str, size: float) -> float:
        """Width of `text` set at `size` (same unit as size), without kerning."""
        return sum(self.advance(char) for char in text) * size


@cache
def _fallback(file_name: str) -> dict[int, float]:
    return _advances(file_name)


@cache
def metrics(weight: Weight) -> FontMetrics:
    primary, fallback = _FILES[weight]
    return FontMetrics(_advances(primary), fallback)


def text_width(text: str, size: float, weight: Weight = "regular") -> float:
    return metrics(weight).width(text, size)


def ellipsize(text: str, max_width: float, size: float, weight: Weight = "regular") -> str:
    """`text` if it fits, else its longest prefix that fits with an ellipsis after it."""
    font = metrics(weight)
    if font.width(text, size) <= max_width:
        return text
    budget = max_width - font.width(ELLIPSIS, size)
    used, kept = 0.0, 0
    for char in text:
        used += font.advance(char) * size
        if used > budget:
            break
        kept += 1
    head = text[:kept]
    if kept < len(text) and not text[kept].isspace():
        # Prefer ending on a whole word ("vệ…" rather than "vệ sin…") when that keeps most of it.
        space = head.rfind(" ")
        if space > len(head) // 2:
            head = head[:space]
    return head.rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[str, ...]
    truncated: bool  # some text was cut and an ellipsis added: show the full text elsewhere


def wrap(
    text: str, max_width: float, size: float, weight: Weight = "regular", max_lines: int = 3
) -> Wrapped:
    """Greedy word wrap into at most `max_lines` lines no wider than `max_width`.

    A word wider than a whole line is split between characters (long codes, URLs); text left
    over after the last line is cut with an ellipsis.
    """
    font = metrics(weight)
    space = font.advance(" ") * size
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in _fitting_pieces(text.split(), max_width, size, font):
        word_width = font.width(word, size)
        if current and current_width + space + word_width > max_width:
            lines.append(" ".join(current))
            current, current_width = [], 0.0
        current_width += (space if current else 0.0) + word_width
        current.append(word)
    if current:
        lines.append(" ".join(current))
    if len(lines) <= max_lines:
        return Wrapped(tuple(lines), truncated=False)
    rest = " ".join(lines[max_lines - 1 :])
    last = ellipsize(rest, max_width, size, weight)
    return Wrapped((*lines[: max_lines - 1], last), truncated=last != rest)


def _fitting_pieces(
    words: list[str], max_width: float, size: float, font: FontMetrics
) -> list[str]:
    pieces: list[str] = []
    for word in words:
        if font.width(word, size) <= max_width:
            pieces.append(word)
            continue
        piece, used = "", 0.0
        for char in word:
            advance = font.advance(char) * size
            if piece and used + advance > max_width:
                pieces.append(piece)
                piece, used = "", 0.0
            piece += char
            used += advance
        pieces.append(piece)
    return pieces
