"""What the readers make of a document: paragraphs and tables, in document order.

Both readers (Word and Excel) produce these blocks; the recogniser only ever sees blocks, so
it does not care where a paragraph came from. Text is cleaned here once: NFC, line breaks
unified, control characters dropped, and inline bold/italic/links written as Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from generator.text import nfc

# YAML and the validator both treat these as line ends; they must never reach a comment.
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
_LINE_BREAKS.update({0x2028: "\n", 0x2029: "\n"})
# The generator's own placeholders (markup.RESERVED_CHARACTERS): never valid in content.
_RESERVED = frozenset({"\ue000", "\ue001", "\ue002"})


def clean(text: str) -> str:
    """NFC text with one kind of line break and no control characters but tab and newline."""
    text = nfc(text).translate(_LINE_BREAKS)
    return "".join(
        char
        for char in text
        if char in "\t\n"
        or (
            unicodedata.category(char) not in ("Cc", "Cs")
            and char not in _RESERVED
            and char not in "\ufffe\uffff"
        )
    )


@dataclass(frozen=True)
class Span:
    """A run of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # an http(s), mailto or tel URL


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    heading: int | None = None  # 0 the document title, 1.. a heading level, None body text
    emphasised: bool = False  # looks like a heading by direct formatting (bold or large type)
    list_level: int | None = None  # a list item's depth (0 = top), None when not in a list
    numbered: bool = False  # a numbered (not bulleted) list item
    continues_list: bool = False  # "List Paragraph"/indented: belongs to the item above it
    origin: str = "body"  # "body", "header" or "footer" (page headers and footers)

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans).strip()

    @property
    def markdown(self) -> str:
        return spans_markdown(self.spans)


@dataclass(frozen=True)
class Cell:
    blocks: tuple[Block, ...]

    def paragraphs(self) -> Iterator[Paragraph]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
            else:
                for row in block.rows:
                    for cell in row:
                        yield from cell.paragraphs()

    @property
    def plain(self) -> str:
        """The cell's text on one line (for codes, numbers, marks and headers)."""
        return " ".join(p.plain for p in self.paragraphs() if p.plain)

    @property
    def markdown(self) -> str:
        return paragraphs_markdown(p for p in self.paragraphs() if p.plain)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    images: int = 0  # pictures found (not imported: the draft says how many)


# --- Markdown ---------------------------------------------------------------------------------

# Characters that would start Markdown syntax where the author meant plain text.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]])")
_ANGLE_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|\d+(?=[.)]\s))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders as that text (no accidental lists, code, links)."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    escaped = _ANGLE_TAG.sub("&lt;", escaped)
    return _LINE_START_SPECIAL.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return f"{match.group(1)}{marker}\\"  # "1." -> "1\." (the dot follows)
    return f"{match.group(1)}\\{marker}"


def spans_markdown(spans: Iterable[Span]) -> str:
    """Bold and italic as `**`/`*` around the words (spaces kept outside the markers)."""
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == (
            span.bold,
            span.italic,
            span.link,
        ):
            previous = merged.pop()
            span = Span(previous.text + span.text, span.bold, span.italic, span.link)
        merged.append(span)
    out = "".join(_span_markdown(span) for span in merged)
    lines = [line.strip() for line in out.strip().split("\n")]
    return "\n".join(lines)


def _span_markdown(span: Span) -> str:
    core = span.text.strip()
    if not core:
        return span.text
    lead = span.text[: len(span.text) - len(span.text.lstrip())]
    trail = span.text[len(span.text.rstrip()) :]
    text = escape_markdown(core)
    if span.link:
        text = f"[{text}]({_url(span.link)})"
    marker = ("**" if span.bold else "") + ("*" if span.italic else "")
    if marker and "\n" not in core:
        text = f"{marker}{text}{marker[::-1]}"
    return f"{lead}{text}{trail}"


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def paragraphs_markdown(paragraphs: Iterable[Paragraph]) -> str:
    """Paragraphs as Markdown: list items as `-`/`1.` lists (nested by four spaces, counted
    from the shallowest item), other paragraphs separated by blank lines."""
    paragraphs = list(paragraphs)
    levels = [p.list_level for p in paragraphs if p.list_level is not None]
    base_level = min(levels, default=0)
    chunks: list[str] = []
    in_list = False
    for paragraph in paragraphs:
        text = paragraph.markdown
        if paragraph.list_level is None:
            chunks.append(("\n" if chunks else "") + text)
            in_list = False
            continue
        depth = max(0, paragraph.list_level - base_level)
        marker = "1." if paragraph.numbered else "-"
        indent = "    " * depth
        item = indent + marker + " " + text.replace("\n", "\n" + indent + "   ")
        chunks.append(item if in_list or not chunks else "\n" + item)
        in_list = True
    return "\n".join(chunks).strip("\n")


# --- Typed list markers ------------------------------------------------------------------------

# "1." "2)" "Bước 3:" "Step 4 -" typed by hand (no Word numbering); "•", "-", "+" bullets.
_TYPED_NUMBER = re.compile(
    r"^\s*(?:(?:bước|buoc|step)\s*)?(\d{1,3})(?:[.)]\s+|\s*:\s*)(?=\S)", re.IGNORECASE
)
_TYPED_STEP = re.compile(r"^\s*(?:bước|buoc|step)\s+(\d{1,3})\s+(?=\S)", re.IGNORECASE)
_TYPED_BULLET = re.compile(r"^\s*[•●▪■◦○·\-–+*\uf0b7\uf0a7]\s+(?=\S)")


def typed_marker(text: str) -> tuple[bool, int] | None:
    """(numbered, length of the marker) when a paragraph starts with a list marker typed by
    hand; None otherwise. A number alone ("2026.") is not a marker."""
    for pattern, numbered in ((_TYPED_NUMBER, True), (_TYPED_STEP, True), (_TYPED_BULLET, False)):
        found = pattern.match(text)
        if found:
            return numbered, found.end()
    return None


def drop_prefix(spans: tuple[Span, ...], length: int) -> tuple[Span, ...]:
    """The spans without their first `length` characters."""
    kept: list[Span] = []
    for span in spans:
        if length >= len(span.text):
            length -= len(span.text)
            continue
        kept.append(Span(span.text[length:], span.bold, span.italic, span.link))
        length = 0
    return tuple(kept)


def drop_span_range(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """The spans without the characters from `start` to `end` of their joined text."""
    kept: list[Span] = []
    offset = 0
    for span in spans:
        low, high = offset, offset + len(span.text)
        offset = high
        text = span.text[: max(0, start - low)] + span.text[max(0, end - low) :]
        if high <= start or low >= end:
            text = span.text
        if text:
            kept.append(Span(text, span.bold, span.italic, span.link))
    return tuple(kept)


def with_typed_marker(paragraph: Paragraph) -> Paragraph:
    """A body paragraph that starts with "1." or "•" typed by hand, as the list item it is."""
    if paragraph.list_level is not None or paragraph.heading is not None:
        return paragraph
    joined = "".join(span.text for span in paragraph.spans)
    leading = len(joined) - len(joined.lstrip())
    found = typed_marker(paragraph.plain)
    if found is None:
        return paragraph
    numbered, length = found
    return Paragraph(
        drop_prefix(paragraph.spans, leading + length),
        emphasised=paragraph.emphasised,
        list_level=0,
        numbered=numbered,
        origin=paragraph.origin,
    )


def text_paragraphs(text: str, origin: str = "body") -> list[Paragraph]:
    """A cell's text (Excel: lines typed with Alt+Enter) as paragraphs, typed bullets as lists."""
    return [
        with_typed_marker(Paragraph((Span(line),), origin=origin))
        for line in clean(text).split("\n")
        if line.strip()
    ]
