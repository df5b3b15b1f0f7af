"""Measured KPI values (content/results/*.csv) -> checked results, one per KPI, branch and period.

The same record rules as audits (`check.records`). A value is a plain decimal with `.` or `,`
as its decimal mark; digit grouping is refused, because `1.450` would be read differently in a
Vietnamese and an English spreadsheet.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.check.records import Row, read_table, record_date
from generator.check.references import unknown_reference
from generator.diagnostics import Diagnostics
from generator.load.csv_table import CsvField
from generator.model.handbook import Kpi
from generator.model.periods import period_of
from generator.model.results import RESULT_COLUMNS, KpiResult, ResultData
from generator.text import collapse_spaces

_NUMBER = re.compile(r"([+-]?)([0-9]+)(?:[.,]([0-9]+))?")
# Groups of three after a first group of one to three digits, all with the same mark (a point,
# a comma or a space), then perhaps a decimal part.
_GROUPED = re.compile(
    r"([+-]?)([0-9]{1,3}(?:([., \u00a0\u202f])[0-9]{3})(?:\3[0-9]{3})*)(?:[.,]([0-9]+))?"
)


@dataclass(frozen=True)
class _First:
    """Where a KPI, branch and period was first given a value."""

    file: str
    line: int


def read_results(
    files: Sequence[tuple[Path, str]],
    kpis: Mapping[str, Kpi],
    known_kpis: Collection[str],
    diagnostics: Diagnostics,
    *,
    root: Path,
    day_first: bool,
) -> ResultData:
    """Every valid result of the files, in file then line order; problems reported."""
    results: list[KpiResult] = []
    first: dict[tuple[str, str, str], _First] = {}
    empty_rows = 0
    for path, rel in files:
        table = read_table(path, rel, RESULT_COLUMNS, diagnostics, root=root)
        if table is None:
            continue
        empty_rows += table.empty_rows
        for row in table.rows:
            result = _result(rel, row, kpis, known_kpis, diagnostics, day_first)
            if result is None:
                continue
            key = (result.kpi, result.branch_key, result.period.name)
            if key in first:
                seen = first[key]
                where = f"'{result.branch}'" if result.branch else "the whole organisation"
                diagnostics.error(
                    row.fields["date"].pos,
                    f"duplicate result for '{result.kpi}' in {where} {result.period.name}"
                    f" (first at {seen.file}:{seen.line})",
                )
                continue
            first[key] = _First(rel, row.line)
            results.append(result)
    return ResultData(tuple(results), tuple(rel for _, rel in files), empty_rows)


def _result(
    rel: str,
    row: Row,
    kpis: Mapping[str, Kpi],
    known_kpis: Collection[str],
    diagnostics: Diagnostics,
    day_first: bool,
) -> KpiResult | None:
    """The checked result of one row, or None after its problems were reported."""
    date_field, kpi_field, value_field = row.filled("date"), row.filled("kpi"), row.filled("value")
    day = date_field and record_date(date_field, diagnostics, day_first=day_first)
    kpi_id = None
    if kpi_field is not None:
        problem = unknown_reference("kpi", kpi_field.value.strip(), known_kpis)
        if problem is not None:
            diagnostics.error(kpi_field.pos, problem)
        else:
            kpi_id = kpi_field.value.strip()
    written = value_field and parse_value(value_field, diagnostics)
    if not (day and kpi_id and written):
        return None
    kpi = kpis.get(kpi_id)
    if kpi is None:  # its file has errors of its own
        return None
    return KpiResult(
        file=rel,
        line=row.line,
        kpi=kpi_id,
        branch=collapse_spaces(row.text("branch")),
        period=period_of(kpi.frequency, day),
        value=Decimal(written),
        written=written,
        note=collapse_spaces(row.text("note")),  # one line: pages show it in a table cell
    )


def parse_value(cell: CsvField, diagnostics: Diagnostics) -> str | None:
    """The value's digits as written with a decimal point ('87,5' -> '87.5', '+3' -> '3'), or
    None after reporting what is wrong with it."""
    text = cell.value.strip()
    if match := _NUMBER.fullmatch(text):
        sign, whole, fraction = match.groups()
        return _plain(sign, whole, fraction)
    if match := _GROUPED.fullmatch(text):
        sign, grouped, mark, fraction = match.groups()
        plain = _plain(sign, grouped.replace(mark, ""), fraction)
        diagnostics.error(
            cell.pos,
            f"'{text}' is not a valid value (digit grouping is not allowed); write {plain}",
        )
        return None
    diagnostics.error(
        cell.pos, f"'{text}' is not a valid value (expected a number like 97.5 or 97,5)"
    )
    return None


def _plain(sign: str, whole: str, fraction: str | None) -> str:
    digits = whole + (f".{fraction}" if fraction else "")
    return ("-" if sign == "-" else "") + digits
