"""CSV files as records of positioned fields (one reader for every record file kind).

Each field keeps its line and column, which the csv module cannot give: a line without a quote
is split whole, a small tokenizer reads the others (quoted fields may span lines). The
delimiter (`,` or `;`, as spreadsheets in Vietnamese locale write) is detected from the header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator.diagnostics import Diagnostics, Position
from generator.load.files import read_text
from generator.text import nfc, unprefixed_spreadsheet_text

# Where a line ends: CRLF, CR or LF, as spreadsheets on every system write them.
_LINE_END = re.compile(r"\r\n|[\r\n]")


class CsvField(NamedTuple):
    """A field and where it starts. A tuple, and its Position made only when asked for (for a
    diagnostic): a 20,000-record training file has 160,000 fields."""

    value: str
    path: str
    line: int
    col: int

    @property
    def pos(self) -> Position:
        return Position(self.path, self.line, self.col)


@dataclass(frozen=True)
class CsvRecord:
    line: int
    fields: tuple[CsvField, ...]


@dataclass(frozen=True)
class CsvTable:
    path: str
    delimiter: str
    records: tuple[CsvRecord, ...]  # the header first


def load_csv(file: Path, rel: str, diagnostics: Diagnostics, *, root: Path) -> CsvTable | None:
    text = read_text(file, rel, diagnostics, root=root, csv=True)
    if text is None:
        return None
    return parse_csv(text, rel, diagnostics)


def parse_csv(text: str, rel: str, diagnostics: Diagnostics) -> CsvTable:
    delimiter = _detect_delimiter(text)
    records: list[CsvRecord] = []
    fields: list[CsvField] = []
    record_line = 1
    line, col, index = 1, 1, 0
    length = len(text)
    while index < length:
        if not fields:
            # Most records have no quote: the whole line is split at once.
            line_end = _LINE_END.search(text, index)
            end = length if line_end is None else line_end.start()
            if text.find('"', index, end) < 0:
                records.append(_unquoted_record(text[index:end], rel, line, delimiter))
                index = length if line_end is None else line_end.end()
                line += 1
                record_line = line
                continue
        start = Position(rel, line, col)
        if text[index] == '"':
            field_start, start_line = index, line
            value, index, line, col, ok = _quoted_field(text, index, line, col, delimiter)
            if not ok:
                # Report it, drop this record, and read on from the next line: one bad quote
                # must not hide the rest of the file's problems.
                diagnostics.error(start, "CSV field has an unclosed or misplaced quote")
                newline = text.find("\n", field_start)
                index = length if newline < 0 else newline + 1
                line, col = start_line + 1, 1
                record_line, fields = line, []
                continue
        else:
            end = index
            while end < length and text[end] not in (delimiter, "\n", "\r"):
                end += 1
            value = text[index:end]
            col += end - index
            index = end
        fields.append(CsvField(_cell(value), rel, start.line, start.col))
        if index < length and text[index] == delimiter:
            index += 1
            col += 1
            if index == length:  # a delimiter right before the end: one more, empty field
                fields.append(CsvField("", rel, line, col))
            continue
        records.append(CsvRecord(record_line, tuple(fields)))
        fields = []
        if text.startswith("\r\n", index):
            index += 2
        elif index < length:
            index += 1
        line, col = line + 1, 1
        record_line = line
    if fields:
        records.append(CsvRecord(record_line, tuple(fields)))
    return CsvTable(rel, delimiter, tuple(records))


def _unquoted_record(text: str, rel: str, line: int, delimiter: str) -> CsvRecord:
    """One line without a quote: its fields, each at its column."""
    written = text.split(delimiter)
    # Most lines need no cell changed: NFC already, and no `'` that could be our prefix.
    same = "'" not in text and (text.isascii() or unicodedata.is_normalized("NFC", text))
    values = written if same else [_cell(value) for value in written]
    fields: list[CsvField] = []
    col = 1
    for raw, value in zip(written, values, strict=True):
        fields.append(CsvField(value, rel, line, col))
        col += len(raw) + 1
    return CsvRecord(line, tuple(fields))


def _cell(value: str) -> str:
    """A cell's text as the checks read it: NFC, without the prefix our own files put before a
    formula-like text."""
    if value.isascii():  # the common case: nothing to normalise
        return unprefixed_spreadsheet_text(value)
    return nfc(unprefixed_spreadsheet_text(value))


def _quoted_field(
    text: str, index: int, line: int, col: int, delimiter: str
) -> tuple[str, int, int, int, bool]:
    """Read a quoted field starting at text[index] == '"'; returns value, index, line, col, ok."""
    parts: list[str] = []
    index += 1
    col += 1
    length = len(text)
    while index < length:
        char = text[index]
        if char == '"':
            if text.startswith('""', index):
                parts.append('"')
                index += 2
                col += 2
                continue
            index += 1
            col += 1
            if index < length and text[index] not in (delimiter, "\n", "\r"):
                return "", index, line, col, False
            return "".join(parts), index, line, col, True
        if char == "\n" or (char == "\r" and not text.startswith("\r\n", index)):
            line, col = line + 1, 1
        elif char != "\r":
            col += 1
        parts.append(char)
        index += 1
    return "", index, line, col, False


def _detect_delimiter(text: str) -> str:
    """',' or ';', whichever separates more header cells (Vietnamese-locale spreadsheets: ';')."""
    header, quoted = [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted:
            header.append(char)
    return ";" if header.count(";") > header.count(",") else ","
