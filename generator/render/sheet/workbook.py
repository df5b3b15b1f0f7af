"""Spreadsheets people fill in and save back into content/: CSV that Excel opens right, and
xlsx with a drop-down, wrapped text and fixed timestamps (the same content, the same bytes)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from generator.text import spreadsheet_text

Row = Mapping[str, str]


@dataclass(frozen=True)
class SheetLayout:
    """How a sheet's columns look in xlsx: widths, wrapped and text-only columns, and the one
    column whose cells offer a drop-down of `choices`."""

    columns: tuple[str, ...]
    widths: Mapping[str, int]
    wrapped: frozenset[str]
    text_only: frozenset[str]  # a spreadsheet must not turn '3' into 3.0 or a date
    choice_column: str
    choices: tuple[str, ...]


def csv_bytes(columns: Sequence[str], rows: Sequence[Row]) -> bytes:
    """UTF-8 with BOM so that Excel opens Vietnamese text right; `,` and CRLF as RFC 4180."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_text(row.get(column, "")) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(layout: SheetLayout, rows: Sequence[Row], *, title: str, day: date) -> bytes:
    """One sheet named `title` with a frozen header; timestamps fixed to `day`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(layout.columns))
    for row in rows:
        sheet.append([row.get(column, "") for column in layout.columns])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with '=' (never a formula)
    last = max(len(rows) + 1, 2)
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = layout.widths[column]
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", start_color="FFE8EDF2")
        for row_number in range(2, last + 1):
            cell = sheet.cell(row=row_number, column=index)
            cell.alignment = Alignment(vertical="top", wrap_text=column in layout.wrapped)
            if column in layout.text_only:
                cell.number_format = "@"
    choice_letter = get_column_letter(layout.columns.index(layout.choice_column) + 1)
    choices = DataValidation(
        type="list",
        formula1=f'"{",".join(layout.choices)}"',
        allow_blank=True,
        showErrorMessage=True,
        error=_or_list(layout.choices),
        errorTitle=layout.choice_column,
    )
    choices.add(f"{choice_letter}2:{choice_letter}{last}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = "A2"
    fixed = datetime.combine(day, datetime.min.time())
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "handbook"
    workbook.properties.title = title
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_zip_times(buffer.getvalue(), fixed)


def _or_list(words: Sequence[str]) -> str:
    """'pass, fail or na'."""
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)


def _fixed_zip_times(data: bytes, moment: datetime) -> bytes:
    """The same archive with every member's time set to `moment` (zip stores local times)."""
    # The zip format stores years 1980 to 2107 only.
    stamp = (min(max(moment.year, 1980), 2107), moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
