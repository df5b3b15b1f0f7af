"""The SVG writer every diagram and chart uses: paints for print and screen, text set by
the shipped font's metrics, coordinates rounded so output is stable.

Pure functions, model in and SVG text out, byte-for-byte deterministic. Plain inline SVG: no
script, no external reference, no web font; every word is real SVG text (searchable, selectable,
extractable from a PDF), wrapped to fit its box by the shipped font's metrics.

Colours work in both renderers from one string. Each element carries its print colours as
presentation attributes; a `<style>` block maps the same classes to Material's CSS custom
properties (light and dark "slate" schemes) inside `@media screen`. WeasyPrint 70's SVG renderer
ignores `@media` blocks and cannot resolve `var()` (a `var()` rule paints black there), and a
browser printing the page skips the screen block as well, so print always gets the plain colours.

Sizes come from the viewBox: the picture scales down to its container, never beyond 1:1. Wide
diagrams keep a legible minimum width on screen (again only inside `@media screen`), so the
caller places them in `scroll_container()`: on a phone the diagram scrolls sideways inside its
own box and the page never does.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from generator.render.diagrams.text_metrics import Weight, Wrapped, wrap

FONT_FAMILY = '"Be Vietnam Pro", "Noto Sans", sans-serif'
# Wrap a little short of the box: a browser without Be Vietnam Pro substitutes its own sans-serif,
# which can be a few per cent wider.
FIT = 0.94
# Below this scale text gets too small to read on a phone; wider diagrams scroll instead.
_MIN_SCALE = 0.72
_PHONE_WIDTH = 358  # a 390 px phone less Material's content padding

Number = float | Decimal


# --- Paints: print colours as attributes, screen colours from Material's custom properties ----


@dataclass(frozen=True)
class _Paint:
    attributes: tuple[tuple[str, str], ...]
    screen: str


def _fill(colour: str, variable: str) -> _Paint:
    return _Paint((("fill", colour),), f"fill:var({variable},{colour})")


def _stroke(colour: str, variable: str) -> _Paint:
    return _Paint((("fill", "none"), ("stroke", colour)), f"stroke:var({variable},{colour})")


_TEXT, _MUTED, _PRIMARY = "#1f2328", "#5f6368", "#00897b"
_PAINTS: dict[str, _Paint] = {
    "text": _fill(_TEXT, "--md-default-fg-color"),
    "muted": _fill(_MUTED, "--md-default-fg-color--light"),
    "link": _fill("#00796b", "--md-typeset-a-color"),
    "box": _Paint(
        (("fill", "#f6f8fa"), ("stroke", "#aab2bb")),
        "fill:var(--md-code-bg-color,#f6f8fa);stroke:var(--md-default-fg-color--lighter,#aab2bb)",
    ),
    "box-focus": _Paint(
        (("fill", "#e0f2f1"), ("stroke", _PRIMARY)),
        "fill:var(--md-accent-fg-color--transparent,#e0f2f1);"
        f"stroke:var(--md-primary-fg-color,{_PRIMARY})",
    ),
    "lane": _fill("#f1f3f4", "--md-default-fg-color--lightest"),
    "lane-head": _fill("#e3e7ea", "--md-default-fg-color--lightest"),
    "rule": _stroke("#d0d5da", "--md-default-fg-color--lightest"),
    "edge": _stroke("#80868b", "--md-default-fg-color--light"),
    "arrow": _fill("#80868b", "--md-default-fg-color--light"),
    "badge": _fill(_PRIMARY, "--md-primary-fg-color"),
    "badge-text": _fill("#ffffff", "--md-primary-bg-color"),
    "bar": _fill(_PRIMARY, "--md-primary-fg-color"),
    # Below target: a fixed orange that reads on white paper and on the dark scheme alike.
    "bar-low": _Paint((("fill", "#e8710a"),), "fill:#e8710a"),
    "track": _fill("#e8eaed", "--md-default-fg-color--lightest"),
    "line": _stroke(_PRIMARY, "--md-primary-fg-color"),
    "dot": _Paint(
        (("fill", _PRIMARY), ("stroke", "#ffffff")),
        f"fill:var(--md-primary-fg-color,{_PRIMARY});stroke:var(--md-default-bg-color,#fff)",
    ),
    "target": _stroke("#5f6368", "--md-default-fg-color--light"),
    "plate": _fill("#ffffff", "--md-default-bg-color"),
}

_STYLE = (
    "<style>@media screen{"
    "svg.hbd{min-width:var(--hbd-min-width,0)}"
    + "".join(f".hbd .hbd-{name}{{{paint.screen}}}" for name, paint in _PAINTS.items())
    + ".hbd a:hover .hbd-box,.hbd a:focus .hbd-box,.hbd a:hover .hbd-box-focus,"
    ".hbd a:focus .hbd-box-focus{stroke:var(--md-accent-fg-color,#526cfe);stroke-width:2}"
    ".hbd a:hover .hbd-link,.hbd a:focus .hbd-link{text-decoration:underline}"
    "}</style>"
)

# Department colours (Okabe-Ito based: distinguishable with colour-blindness, on light and dark).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    return html.escape(_XML_INVALID.sub("", text), quote=True)


def num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- Writing SVG ------------------------------------------------------------------------------


class Canvas:
    """Collects SVG elements; every coordinate is rounded to 0.1 so output is stable."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._links = False

    def element(self, tag: str, paint: str | None, **attributes: float | str) -> None:
        self._parts.append(f"<{tag}{_attributes(paint, attributes)}/>")

    def rect(self, x: float, y: float, w: float, h: float, paint: str, radius: float = 0) -> None:
        extra: dict[str, float | str] = {"rx": radius} if radius else {}
        self.element("rect", paint, x=x, y=y, width=w, height=h, **extra)

    def path(self, d: str, paint: str, **attributes: float | str) -> None:
        if d:
            self.element("path", paint, d=d, **attributes)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        paint: str = "text",
        size: float = 13,
        weight: Weight = "regular",
        anchor: str = "start",
    ) -> None:
        attributes: dict[str, float | str] = {"x": x, "y": y}
        if size != 13:
            attributes["font-size"] = size
        if weight == "semibold":
            attributes["font-weight"] = "600"
        if anchor != "start":
            attributes["text-anchor"] = anchor
        self._parts.append(f"<text{_attributes(paint, attributes)}>{_escape(content)}</text>")

    def tooltip(self, text: str) -> None:
        self._parts.append(f"<title>{_escape(text)}</title>")

    @contextmanager
    def group(self, url: str | None, tooltip: str | None = None, **data: str) -> Iterator[None]:
        """A link when `url` is given, else a plain group; the tooltip first, as SVG wants it.
        `data` become `data-*` attributes naming what the group shows (read by tests)."""
        marks = "".join(f' data-{name}="{_escape(value)}"' for name, value in data.items())
        self._links = self._links or url is not None
        self._parts.append(f'<a href="{_escape(url)}"{marks}>' if url else f"<g{marks}>")
        if tooltip:
            self.tooltip(tooltip)
        yield
        self._parts.append("</a>" if url else "</g>")

    def svg(
        self, *, kind: str, width: float, height: float, label: str, scrolls: bool = True
    ) -> str:
        """The document; `scrolls`: keep a legible minimum width on screen (wide diagrams)."""
        width, height = math.ceil(width), math.ceil(height)
        style = f"display:block;max-width:{width}px;height:auto"
        if scrolls and width * _MIN_SCALE > _PHONE_WIDTH:
            style += f";--hbd-min-width:{math.floor(width * _MIN_SCALE)}px"
        # An image may not hold links (assistive tools would hide them): a diagram with links is
        # a labelled group of them.
        role = "group" if self._links else "img"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="hbd hbd-{kind}"'
            f' viewBox="0 0 {width} {height}" width="100%" style="{style}"'
            f' role="{role}" aria-label="{_escape(label)}"'
            f' font-family="{_escape(FONT_FAMILY)}" font-size="13">'
        )
        return "\n".join([head, f"<title>{_escape(label)}</title>", _STYLE, *self._parts, "</svg>"])


def _attributes(paint: str | None, attributes: Mapping[str, float | str]) -> str:
    items: list[tuple[str, str]] = []
    if paint:
        items.append(("class", f"hbd-{paint}"))
        items.extend(_PAINTS[paint].attributes)
    for name, value in attributes.items():
        items.append((name.replace("_", "-"), value if isinstance(value, str) else num(value)))
    return "".join(f' {name}="{_escape(value)}"' for name, value in items)


def scroll_container(svg: str) -> str:
    """The diagram in a box that scrolls sideways on its own: a phone page never does."""
    return f'<div class="hbd-scroll" style="overflow-x:auto;overflow-y:hidden">\n{svg}\n</div>'


def text_block(
    canvas: Canvas,
    x: float,
    top: float,
    lines: Sequence[str],
    *,
    size: float,
    line_height: float,
    paint: str = "text",
    weight: Weight = "regular",
    anchor: str = "start",
) -> None:
    """Lines whose first line box starts at `top` (baseline placed for Vietnamese capitals)."""
    for index, line in enumerate(lines):
        baseline = top + index * line_height + (line_height + 0.7 * size) / 2
        canvas.text(x, baseline, line, paint=paint, size=size, weight=weight, anchor=anchor)


def fit(text: str, width: float, size: float, weight: Weight, max_lines: int) -> Wrapped:
    return wrap(text, width * FIT, size, weight, max_lines)


def points(*corners: tuple[float, float]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in corners)
