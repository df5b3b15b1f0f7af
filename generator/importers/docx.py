"""Word (.docx) -> blocks, with python-docx for the package and its styles.

The body is walked at the XML level (python-docx's own element classes) because the parts a
plain `document.paragraphs` misses are where SOPs keep things: content controls (`w:sdt`),
tracked insertions, hyperlinks, text boxes, and the page header that holds the document code.
List numbering is resolved the way Word does it: `w:numPr` on the paragraph, else on its style
(or a style it is based on), then the numbering part says whether that level is a bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from generator.importers.blocks import Cell, Document, Paragraph, Span, Table, clean
from generator.text import is_ascii_digits

_TAG = {name: qn(f"w:{name}") for name in (
    "p", "tbl", "sdt", "sdtContent", "customXml", "r", "hyperlink", "ins", "smartTag", "fldSimple",
    "dir", "bdo", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "sym", "drawing", "pict",
    "txbxContent", "tr", "tc", "numPr", "numId", "ilvl", "outlineLvl", "abstractNum", "num",
    "abstractNumId", "lvl", "numFmt", "lvlOverride", "numStyleLink", "docDefaults", "sz", "val",
    "rFonts", "ascii", "hAnsi", "gridBefore", "pPr",
)}  # fmt: skip
_MC_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_RELATIONSHIP_ID = qn("r:id")
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_WRAPPERS = frozenset(
    _TAG[name] for name in ("ins", "smartTag", "fldSimple", "dir", "bdo", "customXml")
)
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$")
_LIST_STYLE = re.compile(r"^list (number|bullet)(?: (\d))?$")
# Check boxes and ticks typed in Wingdings fonts (the glyph's code, in the font's own encoding).
_SYMBOL_FONTS = {
    "wingdings": {0xFC: "✓", 0xFB: "✗", 0xFD: "☒", 0xFE: "☑", 0xA8: "☐", 0x6F: "☐"},
    "wingdings 2": {0x50: "✓", 0x4F: "✗", 0x52: "☑", 0x54: "☒", 0xA3: "☐", 0xA2: "☐"},
}
LARGER_TYPE = 1.2  # a paragraph set this much above the body size reads as a heading
HEADING_LENGTH = 120  # longer than this, a bold paragraph is body text that is bold


# python-docx's package errors, and lxml's XMLSyntaxError (a SyntaxError): a damaged file.
DAMAGED: tuple[type[Exception], ...] = (OpcError, SyntaxError)


def read(path: Path) -> Document:
    word = docx.Document(str(path))
    return _Reader(word).read()


class _Reader:
    def __init__(self, word: WordDocument) -> None:
        self.word = word
        self.numbering = _Numbering(word)
        self.body_size = _body_size(word)
        self.document = Document()

    def read(self) -> Document:
        for part in self._header_parts("header"):
            self.document.blocks.extend(self._blocks(part.element, "header", _Story(part)))
        body = self.word.element.body
        self.document.blocks.extend(self._blocks(body, "body", _Story(self.word.part)))
        for part in self._header_parts("footer"):
            self.document.blocks.extend(self._blocks(part.element, "footer", _Story(part)))
        return self.document

    def _header_parts(self, kind: str) -> Iterator[Any]:
        """Each distinct page header (or footer) in use, once: they often hold the code."""
        seen: set[str] = set()
        odd_even = self.word.settings.odd_and_even_pages_header_footer
        for section in self.word.sections:
            names = ["first_page_", "", "even_page_"]
            wanted = [section.different_first_page_header_footer, True, odd_even]
            for prefix, used in zip(names, wanted, strict=True):
                part = getattr(section, f"{prefix}{kind}")
                if not used or part.is_linked_to_previous:
                    continue
                name = str(part.part.partname)
                if name not in seen:
                    seen.add(name)
                    yield part.part

    # --- blocks ---

    def _blocks(self, container: Any, origin: str, story: _Story) -> Iterator[Paragraph | Table]:
        for child in container.iterchildren():
            if child.tag == _TAG["p"]:
                textboxes: list[Any] = []
                paragraph = self._paragraph(WordParagraph(child, story), origin, textboxes)
                if paragraph is not None:
                    yield paragraph
                for box in textboxes:
                    yield from self._blocks(box, origin, story)
            elif child.tag == _TAG["tbl"]:
                yield self._table(child, origin, story)
            elif child.tag == _TAG["sdt"]:
                content = child.find(_TAG["sdtContent"])
                if content is not None:
                    yield from self._blocks(content, origin, story)
            elif child.tag == _TAG["customXml"]:
                yield from self._blocks(child, origin, story)

    def _table(self, element: Any, origin: str, story: _Story) -> Table:
        rows = []
        for tr in element.iterchildren(_TAG["tr"]):
            cells: list[Cell] = []
            before = tr.find(f"{qn('w:trPr')}/{_TAG['gridBefore']}")
            if before is not None:
                cells.extend(Cell(()) for _ in range(int(before.get(_TAG["val"], "0"))))
            for tc in tr.iterchildren(_TAG["tc"]):
                # The second and later rows of a vertical merge repeat the first row's cell:
                # read its text once, keep the columns aligned with empty cells.
                merged_below = tc.vMerge == "continue"
                content = () if merged_below else tuple(self._blocks(tc, origin, story))
                cells.append(Cell(content))
                cells.extend(Cell(()) for _ in range(tc.grid_span - 1))
            rows.append(tuple(cells))
        return Table(tuple(rows))

    def _paragraph(
        self, paragraph: WordParagraph, origin: str, textboxes: list[Any]
    ) -> Paragraph | None:
        spans = tuple(self._spans(paragraph._p, paragraph, None, textboxes))
        if not "".join(span.text for span in spans).strip():
            return None
        styles = list(_style_chain(self._style(paragraph)))
        level, numbered = self._list(paragraph, styles)
        heading = _heading_level(paragraph, styles)
        names = [(style.name or "").lower() for style in styles]
        continues = level is None and any(n.startswith("list") for n in names)
        return Paragraph(
            spans=spans,
            heading=heading,
            emphasised=heading is None and level is None and self._emphasised(paragraph, spans),
            list_level=level,
            numbered=numbered,
            continues_list=continues or (level is None and _indented(paragraph)),
            origin=origin,
        )

    def _style(self, paragraph: WordParagraph) -> BaseStyle | None:
        style_id = paragraph._p.style
        styles = self.word.styles
        found: BaseStyle | None
        if style_id is None:
            found = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        else:
            found = styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
        return found

    # --- runs ---

    def _spans(
        self, element: Any, paragraph: WordParagraph, link: str | None, textboxes: list[Any]
    ) -> Iterator[Span]:
        for child in element.iterchildren():
            if child.tag == _TAG["r"]:
                yield from self._run(Run(child, paragraph), link, textboxes)
            elif child.tag == _TAG["hyperlink"]:
                yield from self._spans(child, paragraph, self._url(child, paragraph), textboxes)
            elif child.tag in _WRAPPERS:
                yield from self._spans(child, paragraph, link, textboxes)
            elif child.tag == _TAG["sdt"]:
                content = child.find(_TAG["sdtContent"])
                if content is not None:
                    yield from self._spans(content, paragraph, link, textboxes)
            # w:del and w:moveFrom (deleted text), bookmarks, proofing marks: nothing to read

    def _run(self, run: Run, link: str | None, textboxes: list[Any]) -> Iterator[Span]:
        bold, italic = _effective(run, "bold"), _effective(run, "italic")
        font = _symbol_font(run)
        text: list[str] = []
        for child in run._r.iterchildren():
            tag = child.tag
            if tag == _TAG["t"]:
                text.append(_in_symbol_font(child.text or "", font))
            elif tag in (_TAG["tab"], _TAG["ptab"]):
                text.append("\t")
            elif tag in (_TAG["br"], _TAG["cr"]):
                text.append("\n")
            elif tag == _TAG["noBreakHyphen"]:
                text.append("-")
            elif tag == _TAG["sym"]:
                text.append(_symbol(child))
            elif tag in (_TAG["drawing"], _TAG["pict"], _MC_ALTERNATE):
                self._picture(child, textboxes)
        joined = clean("".join(text))
        if joined:
            yield Span(joined, bold=bold, italic=italic, link=link)

    def _picture(self, element: Any, textboxes: list[Any]) -> None:
        """Count a picture; keep the text boxes inside a drawing (not the VML fallback copy)."""
        if element.tag == _MC_ALTERNATE:
            choice = element.find(_MC_CHOICE)
            element = choice if choice is not None else element
        boxes = list(element.iter(_TAG["txbxContent"]))
        if boxes:
            textboxes.extend(boxes)
        else:
            self.document.images += 1

    def _url(self, hyperlink: Any, paragraph: WordParagraph) -> str | None:
        relationship = hyperlink.get(_RELATIONSHIP_ID)
        if relationship is None:
            return None
        rel = paragraph.part.rels.get(relationship)
        if rel is None:
            return None
        target = str(rel.target_ref) if rel.is_external else ""
        return target if target.lower().startswith(_LINK_SCHEMES) else None

    # --- formatting ---

    def _list(self, paragraph: WordParagraph, styles: list[BaseStyle]) -> tuple[int | None, bool]:
        """(level, numbered) of a list item; (None, False) for a paragraph not in a list."""
        ppr: Any = paragraph._p.pPr
        numbering: Any = ppr.numPr if ppr is not None else None
        for style in styles:
            if numbering is not None:
                break
            ppr = style.element.pPr
            numbering = ppr.numPr if ppr is not None else None
        offset = _style_list_offset(styles)
        if numbering is None:
            return self._list_from_style_name(styles)
        num_id = numbering.numId.val if numbering.numId is not None else None
        level = numbering.ilvl.val if numbering.ilvl is not None else 0
        if num_id is None or num_id == 0:  # numId 0: numbering switched off on purpose
            return None, False
        numbered = self.numbering.numbered(num_id, level)
        if numbered is None:
            return self._list_from_style_name(styles)
        return level + offset, numbered

    def _list_from_style_name(self, styles: list[BaseStyle]) -> tuple[int | None, bool]:
        for style in styles:
            found = _LIST_STYLE.match((style.name or "").lower())
            if found:
                return int(found.group(2) or 1) - 1, found.group(1) == "number"
        return None, False

    def _emphasised(self, paragraph: WordParagraph, spans: tuple[Span, ...]) -> bool:
        """Bold throughout, or set in larger type: how Google Docs and hand-formatted documents
        mark headings when they use no heading style."""
        text = "".join(span.text for span in spans).strip()
        if len(text) > HEADING_LENGTH or "\n" in text or text.endswith((".", "!", "?", ";")):
            return False  # a sentence, even in bold
        runs = [run for run in paragraph.runs if run.text.strip()]
        if not runs:
            return False
        if all(span.bold for span in spans if span.text.strip()):
            return True
        sizes = [_size(run, paragraph) for run in runs]
        return all(size is not None and size >= self.body_size * LARGER_TYPE for size in sizes)


class _Story:
    """The part a paragraph lives in (body, header, footer): its styles and link targets."""

    def __init__(self, part: Any) -> None:
        self.part = part


class _Numbering:
    """Which list levels are bullets and which are numbered, from word/numbering.xml."""

    def __init__(self, word: WordDocument) -> None:
        self.formats: dict[str, dict[int, str]] = {}
        self.nums: dict[int, tuple[str, dict[int, str]]] = {}
        self.style_links: dict[str, str] = {}
        self.word = word
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part: lists come from style names
            return
        for abstract in root.iterchildren(_TAG["abstractNum"]):
            key = abstract.get(_TAG["abstractNumId"], "")
            self.formats[key] = _level_formats(abstract)
            link = abstract.find(_TAG["numStyleLink"])
            if link is not None:
                self.style_links[key] = link.get(_TAG["val"], "")
        for num in root.iterchildren(_TAG["num"]):
            abstract_id = num.find(_TAG["abstractNumId"])
            overrides: dict[int, str] = {}
            for override in num.iterchildren(_TAG["lvlOverride"]):
                lvl = override.find(_TAG["lvl"])
                if lvl is not None:
                    overrides.update(_level_formats_of(lvl, override.get(_TAG["ilvl"], "0")))
            self.nums[int(num.get(qn("w:numId"), "-1"))] = (
                "" if abstract_id is None else abstract_id.get(_TAG["val"], ""),
                overrides,
            )

    def numbered(self, num_id: int, level: int) -> bool | None:
        """True for a numbered level, False for a bullet or unnumbered level, None if unknown."""
        if num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        fmt = overrides.get(level) or self.formats.get(abstract_id, {}).get(level)
        if fmt is None and abstract_id in self.style_links:
            fmt = self._linked_format(self.style_links[abstract_id], level)
        if fmt is None:
            return None
        return fmt not in ("bullet", "none")

    def _linked_format(self, style_id: str, level: int) -> str | None:
        """A list that borrows its levels from a numbering style (w:numStyleLink)."""
        style = self.word.styles.get_by_id(style_id, WD_STYLE_TYPE.LIST)
        ppr = style.element.pPr if style is not None else None
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None or num_pr.numId is None or num_pr.numId.val not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_pr.numId.val]
        return overrides.get(level) or self.formats.get(abstract_id, {}).get(level)


def _level_formats(abstract: Any) -> dict[int, str]:
    formats: dict[int, str] = {}
    for lvl in abstract.iterchildren(_TAG["lvl"]):
        formats.update(_level_formats_of(lvl, lvl.get(_TAG["ilvl"], "0")))
    return formats


def _level_formats_of(lvl: Any, ilvl: str) -> dict[int, str]:
    fmt = lvl.find(_TAG["numFmt"])
    if fmt is None or not is_ascii_digits(ilvl):
        return {}
    return {int(ilvl): fmt.get(_TAG["val"], "decimal")}


def _style_chain(style: BaseStyle | None) -> Iterator[BaseStyle]:
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = getattr(style, "base_style", None)


def _style_list_offset(styles: list[BaseStyle]) -> int:
    """ "List Bullet 2" is one level in from "List Bullet", even on a list's level 0."""
    for style in styles:
        found = _LIST_STYLE.match((style.name or "").lower())
        if found:
            return int(found.group(2) or 1) - 1
    return 0


def _heading_level(paragraph: WordParagraph, styles: list[BaseStyle]) -> int | None:
    for style in styles:
        name = (style.name or "").lower().strip()
        if name == "title":
            return 0
        if name == "subtitle":
            return 1
        found = _HEADING_STYLE.match(name)
        if found:
            return int(found.group(1))
    for ppr in [paragraph._p.pPr, *(style.element.pPr for style in styles)]:
        outline = ppr.find(_TAG["outlineLvl"]) if ppr is not None else None
        if outline is not None:
            value = int(outline.get(_TAG["val"], "9"))
            return value + 1 if value < 9 else None  # 9 = body text
    return None


def _indented(paragraph: WordParagraph) -> bool:
    indent = paragraph.paragraph_format.left_indent
    return indent is not None and indent > Pt(12)


def _effective(run: Run, attribute: str) -> bool:
    """Bold or italic as the reader sees it: the run's own setting, else its character style."""
    value = getattr(run, attribute)
    if value is not None:
        return bool(value)
    style: Any = run.style
    while style is not None:
        styled = getattr(style.font, attribute)
        if styled is not None:
            return bool(styled)
        style = style.base_style
    return False


def _size(run: Run, paragraph: WordParagraph) -> float | None:
    if run.font.size is not None:
        return float(run.font.size.pt)
    style: Any = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return None


def _body_size(word: WordDocument) -> float:
    """The body text size: the Normal style's, else the document default, else Word's 11 pt."""
    normal: Any = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    if normal is not None and normal.font.size is not None:
        return float(normal.font.size.pt)
    defaults = word.styles.element.find(_TAG["docDefaults"])
    size = defaults.find(f".//{_TAG['sz']}") if defaults is not None else None
    if size is not None and is_ascii_digits(size.get(_TAG["val"], "")):
        return int(size.get(_TAG["val"])) / 2
    return 11.0


def _symbol_font(run: Run) -> dict[int, str] | None:
    name = (run.font.name or "").lower()
    return _SYMBOL_FONTS.get(name)


def _in_symbol_font(text: str, font: dict[int, str] | None) -> str:
    if font is None:
        return text
    return "".join(font.get(ord(char) & 0xFF, char) for char in text)


def _symbol(sym: Any) -> str:
    """A `w:sym` (Insert > Symbol): ticks and boxes from Wingdings as the Unicode characters."""
    font = _SYMBOL_FONTS.get((sym.get(qn("w:font")) or "").lower(), {})
    code = sym.get(qn("w:char")) or ""
    try:
        number = int(code, 16)
    except ValueError:
        return ""
    return font.get(number & 0xFF, "" if number >= 0xE000 else chr(number))
