"""Excel (.xlsx) -> blocks: the first sheet as one table, with openpyxl.

Cells are read as their shown values (a formula's last computed result); dates become ISO
dates, whole numbers lose Excel's ".0", and text typed with Alt+Enter keeps its lines. Bold
and italic words inside a cell (rich text) become Markdown; a whole cell in bold is a header
style, not emphasis, and stays plain.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.utils.exceptions import InvalidFileException

from generator.importers.blocks import (
    Cell,
    Document,
    Paragraph,
    Span,
    Table,
    clean,
    text_paragraphs,
)

DAMAGED: tuple[type[Exception], ...] = (InvalidFileException,)


def read(path: Path) -> Document:
    workbook = openpyxl.load_workbook(path, read_only=False, data_only=True, rich_text=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows():
            rows.append(tuple(Cell(tuple(_cell_paragraphs(cell.value))) for cell in row))
        while rows and not any(cell.plain for cell in rows[-1]):
            rows.pop()
        images = len(getattr(sheet, "_images", ()))
    finally:
        workbook.close()
    return Document(blocks=[Table(tuple(rows))] if rows else [], images=images)


def cell_text(value: Any) -> str:
    """A cell value as the text a reader sees in the sheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell_paragraphs(value: Any) -> list[Paragraph]:
    if isinstance(value, CellRichText):
        return _rich_paragraphs(value)
    return text_paragraphs(cell_text(value))


def _rich_paragraphs(value: CellRichText) -> list[Paragraph]:
    """Rich text split into lines, each line's bold and italic pieces kept as spans."""
    lines: list[list[Span]] = [[]]
    for piece in value:
        bold = italic = False
        if isinstance(piece, TextBlock):
            text = piece.text
            bold, italic = bool(piece.font.b), bool(piece.font.i)
        else:
            text = str(piece)
        for index, part in enumerate(clean(text).split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Span(part, bold=bold, italic=italic))
    paragraphs = []
    for spans in lines:
        if "".join(span.text for span in spans).strip():
            plain = text_paragraphs("".join(span.text for span in spans))
            if plain and plain[0].list_level is not None:  # a typed bullet: keep it a list item
                paragraphs.append(plain[0])
            else:
                paragraphs.append(Paragraph(tuple(spans)))
    return paragraphs
