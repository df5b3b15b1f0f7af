"""CSV record files (audits; the roster, training records and KPI results use the same rules):
header matched by name, rows with their positions, the spec's date forms.

Headers are trimmed and matched case-insensitively; a known-but-ignored column is skipped, an
unknown one is a warning at its header cell, a missing required column an error at 1:1.
All-empty rows are skipped and counted; an empty required field is an error at the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from generator.diagnostics import Diagnostics, Position, did_you_mean
from generator.load.csv_table import CsvField, CsvRecord, load_csv
from generator.model.records import Columns
from generator.text import control_characters

_Record = TypeVar("_Record")

_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")


@dataclass(frozen=True)
class Row:
    """One record: its first line, its fields by column name (columns the file has), and
    whether every required field holds something (an empty one has been reported)."""

    line: int
    fields: Mapping[str, CsvField]
    complete: bool

    def text(self, column: str) -> str:
        """The trimmed value of a column, '' when the file has no such column."""
        found = self.fields.get(column)
        return found.value.strip() if found else ""

    def filled(self, column: str) -> CsvField | None:
        """The field of a column when it holds something (an empty required field has been
        reported already)."""
        found = self.fields.get(column)
        return found if found is not None and found.value.strip() else None


@dataclass(frozen=True)
class Table:
    path: str
    rows: tuple[Row, ...]  # every non-empty record with the header's field count
    empty_rows: int  # all-empty rows skipped


def read_records(
    files: Sequence[tuple[Path, str]],
    columns: Columns,
    record: Callable[[str, Row], _Record | None],
    diagnostics: Diagnostics,
    *,
    root: Path,
) -> tuple[tuple[_Record, ...], int]:
    """The valid records of every readable file (files in the order given, then line) and the
    all-empty rows skipped; `record` checks one row (None after reporting its problems)."""
    records: list[_Record] = []
    empty_rows = 0
    for path, rel in files:
        table = read_table(path, rel, columns, diagnostics, root=root)
        if table is None:
            continue
        empty_rows += table.empty_rows
        records.extend(found for row in table.rows if (found := record(rel, row)) is not None)
    return tuple(records), empty_rows


def read_table(
    file: Path, rel: str, columns: Columns, diagnostics: Diagnostics, *, root: Path
) -> Table | None:
    """The file's records, or None when it cannot be read or lacks a required column."""
    csv = load_csv(file, rel, diagnostics, root=root)
    if csv is None:
        return None
    if not csv.records or _blank(csv.records[0]):
        diagnostics.error(Position(rel), "missing header row")
        return None
    header = csv.records[0].fields
    indexes = _columns(header, columns, rel, diagnostics)
    if indexes is None:
        return None
    rows: list[Row] = []
    empty_rows = 0
    for record in csv.records[1:]:
        if _blank(record):
            empty_rows += 1
            continue
        if len(record.fields) != len(header):
            diagnostics.error(
                record.fields[0].pos,
                f"record has {len(record.fields)} fields, but the header has {len(header)}",
            )
            continue
        if control_characters("\n".join(field.value for field in record.fields)):
            _report_control_characters(record, diagnostics)
        fields = {name: record.fields[index] for name, index in indexes.items()}
        empty = [name for name in columns.required if not fields[name].value.strip()]
        for name in empty:
            diagnostics.error(fields[name].pos, f"field '{name}' is empty")
        rows.append(Row(record.line, fields, complete=not empty))
    return Table(rel, tuple(rows), empty_rows)


def _report_control_characters(record: CsvRecord, diagnostics: Diagnostics) -> None:
    for field in record.fields:
        for char in control_characters(field.value):
            diagnostics.error(
                field.pos, f"control character U+{ord(char):04X} is not allowed; remove it"
            )


def _blank(record: CsvRecord) -> bool:
    return all(not field.value.strip() for field in record.fields)


def _columns(
    header: tuple[CsvField, ...], columns: Columns, rel: str, diagnostics: Diagnostics
) -> dict[str, int] | None:
    indexes: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.value.strip().lower()
        if name in indexes:
            diagnostics.error(cell.pos, f"duplicate column '{name}'")
        elif name in columns.order:
            indexes[name] = index
        elif name not in columns.ignored:
            diagnostics.warning(
                cell.pos,
                f"unknown column '{cell.value.strip()}' is ignored"
                f"{did_you_mean(name, columns.order)}",
            )
    missing = [name for name in columns.required if name not in indexes]
    for name in missing:
        diagnostics.error(Position(rel), f"missing required column '{name}'")
    return None if missing else indexes


def record_date(cell: CsvField, diagnostics: Diagnostics, *, day_first: bool) -> date | None:
    """An ISO date, or d/m/yyyy where the content's language writes dates day first."""
    text = cell.value.strip()
    parsed = None
    if match := _ISO.fullmatch(text):
        parsed = _calendar_date(match.group(1), match.group(2), match.group(3))
    elif day_first and (match := _DMY.fullmatch(text)):
        parsed = _calendar_date(match.group(3), match.group(2), match.group(1))
    if parsed is None:
        expected = "YYYY-MM-DD or d/m/yyyy" if day_first else "YYYY-MM-DD"
        diagnostics.error(cell.pos, f"'{text}' is not a valid date (expected {expected})")
    return parsed


def _calendar_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
