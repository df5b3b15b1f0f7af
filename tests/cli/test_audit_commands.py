"""`handbook audit report` and `handbook audit sheet`: output, formats and exit codes."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from support import MINIMAL, copy_project, run_handbook
from support_audit import EXPECTED_REPORT_CSV, audit_project, without_audits

SHEET_HEADER = "date,branch,auditor,person,role,sop,step,action,standard,result,note"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return audit_project(tmp_path / "project")


# --- audit report ----------------------------------------------------------------------------


def test_report_csv_exact_text(project: Path) -> None:
    run = run_handbook("audit", "report", str(project), "--format", "csv")
    assert run.code == 0, run.err
    assert run.out == EXPECTED_REPORT_CSV


def test_report_csv_since_is_inclusive(project: Path) -> None:
    run = run_handbook("audit", "report", str(project), "--format", "csv", "--since", "2026-10-12")
    assert run.code == 0
    # Records 7, 8 (12 Oct) and 12 (20 Oct): pass 7, 12; fail 8.
    assert run.out == (
        "scope,key,title,pass,fail,na,adherence\n"
        "overall,,,2,1,0,66.7\n"
        "sop,pha-tra,Pha trà sen,2,1,0,66.7\n"
        "step,pha-tra#1,Tráng ấm bằng nước sôi.,0,1,0,0.0\n"
        'step,pha-tra#3,"Rót nước 85 °C, ủ 3 phút.",1,0,0,100.0\n'
        "step,pha-tra#4,Rót ra ly và phục vụ.,1,0,0,100.0\n"
        "role,nhan-vien-pha-che,Nhân viên pha chế,1,1,0,50.0\n"
        "role,truong-ca,Trưởng ca,1,0,0,100.0\n"
        "branch,Ân Thi,,1,0,0,100.0\n"
        "branch,Quận 1,,1,1,0,50.0\n"
        "month,2026-10,,2,1,0,66.7\n"
    )


def test_report_csv_quotes_titles_by_the_csv_rules(tmp_path: Path) -> None:
    project = audit_project(tmp_path / "project")
    sop = project / "content" / "sops" / "dong-ca.yml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace("title: Đóng ca", "title: 'Đóng ca \"cuối\"'"),
        encoding="utf-8",
    )
    run = run_handbook("audit", "report", str(project), "--format", "csv")
    rows = list(csv.reader(io.StringIO(run.out)))
    assert ["sop", "dong-ca", 'Đóng ca "cuối"', "1", "0", "0", "100.0"] in rows
    assert 'sop,dong-ca,"Đóng ca ""cuối""",1,0,0,100.0\n' in run.out


def test_report_with_no_records_is_one_overall_row_of_zeros(tmp_path: Path) -> None:
    project = without_audits(tmp_path / "project")
    run = run_handbook("audit", "report", str(project), "--format", "csv")
    assert run.code == 0
    assert run.out == "scope,key,title,pass,fail,na,adherence\noverall,,,0,0,0,\n"
    markdown = run_handbook("audit", "report", str(project))
    assert markdown.code == 0
    assert "| 0 | 0 | 0 |  |" in markdown.out and "Chưa có dữ liệu kiểm tra." in markdown.out


def test_report_with_content_errors_prints_diagnostics_only(project: Path) -> None:
    (project / "content" / "audits" / "c.csv").write_text(
        "date,branch,auditor,role,sop,step,result\n2026-10-01,Q1,Lan,truong-ca,pha-tra,3,done\n",
        encoding="utf-8",
    )
    for fmt in ("md", "csv"):
        run = run_handbook("audit", "report", str(project), "--format", fmt)
        assert run.code == 1
        assert run.out == ""
        assert (
            "content/audits/c.csv:2:39: error: 'done' is not a valid result"
            " (expected pass, fail or na)" in run.err
        )
        assert run.err.endswith("1 error, 1 warning in 13 files\n")


def test_report_markdown_tables_counts_and_coaching_list(project: Path) -> None:
    run = run_handbook("audit", "report", str(project))
    assert run.code == 0
    out = run.out
    assert out.startswith("# Báo cáo tuân thủ quy trình\n\n12 bản ghi từ 2 tệp · 1 dòng trống")
    assert "| Đạt | Không đạt | Không áp dụng | Tỷ lệ tuân thủ |\n|---:|---:|---:|---:|\n" in out
    assert "| 5 | 3 | 1 | 62.5% |" in out
    assert "| pha-tra#3 | Rót nước 85 °C, ủ 3 phút. | 1 | 2 | 0 | 33.3% |" in out
    assert "| Ân Thi | 1 | 0 | 0 | 100.0% |" in out
    # Sections in the spec's order, the coaching lists last.
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Tổng thể",
        "## Theo SOP",
        "## Theo bước (bước bị bỏ qua nhiều nhất trước)",
        "## Theo vị trí",
        "## Theo chi nhánh",
        "## Theo tháng",
        "## Kiểm tra theo phiên bản cũ",
        "## Danh sách cần kèm cặp (các lần không đạt)",
        "## Không đạt khi kiểm tra theo phiên bản cũ",
    ]
    coaching = out.split("## Danh sách cần kèm cặp (các lần không đạt)")[1]
    assert coaching.index("2026-10-12 | Quận 1 | Minh") < coaching.index("2026-10-05 | Thủ Đức")
    assert (
        "| 2026-10-05 | Thủ Đức | Hoa | pha-tra (SOP-PC-01) | 3. Rót nước 85 °C, ủ 3 phút. | Quên, hẹn giờ |"
        in coaching
    )
    assert "| 2026-02-20 | Quận 1 | Minh | pha-tra (SOP-PC-01) | 3 | Bản cũ |" in coaching


def test_report_markdown_escapes_table_characters(project: Path) -> None:
    (project / "content" / "audits" / "c.csv").write_text(
        "date,branch,auditor,role,sop,step,result,note\n"
        "2026-10-01,Q1,Lan,truong-ca,pha-tra,3,fail,a | b\n",
        encoding="utf-8",
    )
    run = run_handbook("audit", "report", str(project))
    assert "| a \\| b |" in run.out


def test_report_bad_since_is_a_usage_error(project: Path) -> None:
    assert run_handbook("audit", "report", str(project), "--since", "1/10/2026").code == 2


# --- audit sheet -----------------------------------------------------------------------------


def test_sheet_csv_critical_steps_in_role_order(project: Path) -> None:
    run = run_handbook("audit", "sheet", str(project), "--role", "truong-ca")
    assert run.code == 0, run.err
    assert run.out == (
        f"\ufeff{SHEET_HEADER}\r\n"
        ",,,,truong-ca,dong-ca,1,Đếm tiền trong két.,,,\r\n"
        ",,,,truong-ca,pha-tra,trang-am,Tráng ấm bằng nước sôi.,,,\r\n"
        ',,,,truong-ca,pha-tra,3,"Rót nước 85 °C, ủ 3 phút.",,,\r\n'
    )


def test_sheet_all_steps_and_process(project: Path) -> None:
    run = run_handbook("audit", "sheet", str(project), "--role", "nhan-vien-pha-che", "--all-steps")
    steps = [row["step"] for row in csv.DictReader(io.StringIO(run.out.removeprefix("\ufeff")))]
    assert steps == ["trang-am", "2", "3", "4"]
    run = run_handbook("audit", "sheet", str(project), "--process", "phuc-vu-khach")
    rows = list(csv.DictReader(io.StringIO(run.out.removeprefix("\ufeff"))))
    # The process's only SOP step is done by the barista: that role goes in the `role` column.
    assert [(r["role"], r["sop"], r["step"]) for r in rows] == [
        ("nhan-vien-pha-che", "pha-tra", "trang-am"),
        ("nhan-vien-pha-che", "pha-tra", "3"),
    ]


def test_sheet_to_a_file_is_bytes_with_bom(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.csv"
    run = run_handbook("audit", "sheet", str(project), "--role", "chu-tiem", "-o", str(out))
    assert run.code == 0 and "sheet.csv" in run.out
    assert (
        out.read_bytes()
        == (f"\ufeff{SHEET_HEADER}\r\n,,,,chu-tiem,dong-ca,1,Đếm tiền trong két.,,,\r\n").encode()
    )


def test_unknown_role_is_a_usage_error_with_a_hint(project: Path) -> None:
    run = run_handbook("audit", "sheet", str(project), "--role", "truong-c")
    assert run.code == 2
    assert "handbook: error: unknown role 'truong-c'; did you mean 'truong-ca'?" in run.err
    run = run_handbook("audit", "sheet", str(project), "--process", "nope")
    assert run.code == 2 and "unknown process 'nope'" in run.err


def test_sheet_needs_role_or_process_not_both(project: Path) -> None:
    assert run_handbook("audit", "sheet", str(project)).code == 2
    both = run_handbook(
        "audit", "sheet", str(project), "--role", "chu-tiem", "--process", "phuc-vu-khach"
    )
    assert both.code == 2


def test_xlsx_needs_an_output_file(project: Path) -> None:
    run = run_handbook("audit", "sheet", str(project), "--role", "truong-ca", "--format", "xlsx")
    assert run.code == 2 and "-o FILE" in run.err and run.out == ""


def test_sheet_with_content_errors_exits_1(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    (project / "roles" / "truong-ca.yml").write_text("title: Trưởng ca\n", encoding="utf-8")
    run = run_handbook("audit", "sheet", str(project), "--role", "chu-tiem")
    assert run.code == 1 and run.out == "" and "missing required field" in run.err


def _xlsx(project: Path, target: Path, *args: str) -> openpyxl.Workbook:
    run = run_handbook("audit", "sheet", str(project), *args, "--format", "xlsx", "-o", str(target))
    assert run.code == 0, run.err
    return openpyxl.load_workbook(target)


def test_xlsx_rows_drop_down_and_frozen_header(project: Path, tmp_path: Path) -> None:
    book = _xlsx(project, tmp_path / "sheet.xlsx", "--role", "truong-ca")
    sheet = book.active
    assert sheet is not None
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        SHEET_HEADER.split(","),
        ["", "", "", "", "truong-ca", "dong-ca", "1", "Đếm tiền trong két.", "", "", ""],
        ["", "", "", "", "truong-ca", "pha-tra", "trang-am", "Tráng ấm bằng nước sôi.", "", "", ""],
        ["", "", "", "", "truong-ca", "pha-tra", "3", "Rót nước 85 °C, ủ 3 phút.", "", "", ""],
    ]
    assert sheet.freeze_panes == "A2"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    choice = validations[0]
    assert choice.type == "list" and choice.formula1 == '"pass,fail,na"'
    assert str(choice.sqref) == "J2:J4"  # the result column, every row to fill in
    assert sheet["H2"].alignment.wrap_text is True  # the action text wraps
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["A"].width


def test_xlsx_bytes_are_deterministic(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _xlsx(project, first, "--process", "phuc-vu-khach")
    _xlsx(project, second, "--process", "phuc-vu-khach")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-03-01T00:00:00Z" in core  # the edition date, not the time of the run


def _fill(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    results = ["pass", "fail", "na"]
    for index, row in enumerate(rows):
        row.update(
            date="2026-11-02",
            branch="Quận 1",
            auditor="Lan",
            person="Minh",
            result=results[index % 3],
            note="" if index % 3 != 1 else "Quên bước, nhắc lại",
        )
    return rows


def _write(rows: list[dict[str, str]], fieldnames: list[str], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(("delimiter", "bom"), [(",", ""), (";", "\ufeff")])
def test_filled_csv_sheet_imports_with_no_errors(project: Path, delimiter: str, bom: str) -> None:
    run = run_handbook("audit", "sheet", str(project), "--role", "truong-ca", "--all-steps")
    reader = csv.DictReader(io.StringIO(run.out.removeprefix("\ufeff")))
    rows = _fill(list(reader))
    text = bom + _write(rows, list(reader.fieldnames or []), delimiter)
    (project / "content" / "audits" / "filled.csv").write_bytes(text.encode("utf-8"))
    check = run_handbook("check", str(project), "--today", "2026-11-29")
    assert check.code == 0 and "error:" not in check.err, check.err
    assert check.err.splitlines()[-1].startswith("0 errors, ")
    report = run_handbook("audit", "report", str(project), "--format", "csv")
    # Six steps: pass, fail, na, pass, fail, na added to overall 5 / 3 / 1.
    assert "overall,,,7,5,3,58.3\n" in report.out
    assert "month,2026-11,,2,2,2,50.0\n" in report.out


def test_filled_xlsx_saved_as_csv_in_vietnamese_locale_imports(
    project: Path, tmp_path: Path
) -> None:
    book = _xlsx(project, tmp_path / "sheet.xlsx", "--role", "nhan-vien-pha-che")
    sheet = book.active
    assert sheet is not None
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    header, body = [str(v) for v in values[0]], values[1:]
    rows = _fill([dict(zip(header, map(str, row), strict=True)) for row in body])
    text = "\ufeff" + _write(rows, header, ";")
    (project / "content" / "audits" / "from-xlsx.csv").write_bytes(text.encode("utf-8"))
    check = run_handbook("check", str(project), "--today", "2026-11-29")
    assert check.code == 0 and "error:" not in check.err, check.err
    assert check.err.splitlines()[-1].startswith("0 errors, ")


def test_sheet_output_that_cannot_be_written_is_exit_3(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "sheet.csv"
    run = run_handbook("audit", "sheet", str(project), "--role", "chu-tiem", "-o", str(target))
    assert run.code == 3 and f"cannot write {target}" in run.err


def test_sheet_of_a_role_without_critical_steps_hints_at_all_steps(
    tmp_path: Path,
) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    sop = project / "content" / "sops" / "dong-ca.yml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace("    critical: true\n", ""), encoding="utf-8"
    )
    target = tmp_path / "sheet.csv"
    run = run_handbook("audit", "sheet", str(project), "--role", "chu-tiem", "-o", str(target))
    assert run.code == 0 and "0 steps to check; --all-steps lists every step" in run.out
    assert target.read_bytes() == f"\ufeff{SHEET_HEADER}\r\n".encode()
