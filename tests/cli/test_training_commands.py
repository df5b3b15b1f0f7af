"""`handbook training report` and `handbook training sheet` on a real project: the CSV and
Markdown figures, the sheet's rows and its round trip back into content/training/."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from support_training_project import training_project

from generator.render.sheet.training_report import REPORT_COLUMNS
from generator.render.sheet.training_sheet import SHEET_COLUMNS
from generator.text import match_key

from support import MINIMAL, REPO, TODAY, copy_project, load_handbook, run_handbook


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return training_project(tmp_path / "p")


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_report_csv_has_a_row_per_required_pair_in_the_specified_order(project: Path) -> None:
    run = run_handbook("training", "report", str(project), "--today", TODAY, "--format", "csv")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == ",".join(REPORT_COLUMNS)
    assert [
        (r["branch"], r["person"], r["role"], r["code"], r["status"], r["date"], r["due"])
        for r in _csv(run.out)
    ] == [
        ("Quận 1", "NV1", "truong-ca", "SOP-PC-01", "outdated", "2026-10-01", ""),
        ("Quận 1", "NV1", "truong-ca", "SOP-QL-01", "current", "2026-10-01", ""),
        ("Quận 1", "NV2", "nhan-vien-pha-che", "SOP-PC-01", "due", "", "2026-12-01"),
        ("Thủ Đức", "NV3", "nhan-vien-pha-che", "SOP-PC-01", "failed", "2026-10-02", ""),
        ("Thủ Đức", "NV3", "truong-ca", "SOP-QL-01", "overdue", "", "2026-01-31"),
    ]  # NV4 left: in no row


def test_report_markdown_prints_summaries_and_the_action_list(project: Path) -> None:
    run = run_handbook("training", "report", str(project), "--today", TODAY)
    assert run.code == 0, run.err
    assert "| Quận 1 | 3 | 1 | 0 | 1 | 0 | 1 | 0 | 33.3% |" in run.out
    assert "| Tổng thể | 5 | 1 | 0 | 1 | 1 | 1 | 1 | 20.0% |" in run.out
    actions = run.out.split("## Việc cần làm")[1]
    assert actions.index("⚠ Quá hạn") < actions.index("✕ Chưa đạt") < actions.index("↻ Học lại")
    assert "↻ Học lại từ v1.1, 2026-03-01" in actions


def test_report_exits_1_with_content_errors(project: Path) -> None:
    with (project / "content" / "training" / "2026-10.csv").open("a", encoding="utf-8") as f:
        f.write("2026-10-03,NV9,pha-tra,1.1,Chị Hạnh,pass\n")
    run = run_handbook("training", "report", str(project), "--today", TODAY, "--format", "csv")
    assert run.code == 1 and run.out == ""
    assert "content/training/2026-10.csv:6:" in run.err


def test_report_without_a_roster_is_a_usage_error(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "p")
    run = run_handbook("training", "report", str(project), "--today", TODAY)
    assert run.code == 2 and "content/people.csv" in run.err


def test_sheet_lists_who_needs_the_sop_by_branch_then_name(project: Path) -> None:
    run = run_handbook("training", "sheet", str(project), "--sop", "pha-tra", "--today", TODAY)
    assert run.code == 0, run.err
    assert run.out.startswith("\ufeff" + ",".join(SHEET_COLUMNS))
    rows = _csv(run.out)
    assert [(r["person"], r["name"], r["sop"], r["version"]) for r in rows] == [
        ("NV2", "An Khánh Vy", "pha-tra", "1.1"),  # Quận 1: An Khánh Vy before Yến Trần Mai
        ("NV1", "Yến Trần Mai", "pha-tra", "1.1"),
        ("NV3", "Bảo Ngọc Hà", "pha-tra", "1.1"),
    ]
    assert all(r["date"] == r["trainer"] == r["result"] == "" for r in rows)
    one = run_handbook(
        "training", "sheet", str(project), "--sop", "pha-tra", "--branch", "thủ  đức",
        "--today", TODAY,
    )  # fmt: skip
    assert [r["person"] for r in _csv(one.out)] == ["NV3"]


def test_sheet_usage_errors(project: Path) -> None:
    unknown = run_handbook("training", "sheet", str(project), "--sop", "pha-tre")
    assert unknown.code == 2 and "did you mean 'pha-tra'" in unknown.err
    branch = run_handbook("training", "sheet", str(project), "--sop", "pha-tra", "--branch", "Q9")
    assert branch.code == 2 and "unknown branch 'Q9'" in branch.err
    xlsx = run_handbook("training", "sheet", str(project), "--sop", "pha-tra", "--format", "xlsx")
    assert xlsx.code == 2 and "-o FILE" in xlsx.err


def _statuses(project: Path) -> dict[tuple[str, str], str]:
    run = run_handbook("training", "report", str(project), "--today", TODAY, "--format", "csv")
    assert run.code == 0, run.err
    return {(r["person"], r["sop"]): r["status"] for r in _csv(run.out)}


def test_a_filled_in_csv_sheet_makes_its_people_current(project: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    run = run_handbook(
        "training", "sheet", str(project), "--sop", "pha-tra", "-o", str(sheet), "--today", TODAY
    )
    assert run.code == 0 and "3 people" in run.out
    rows = _csv(sheet.read_text(encoding="utf-8"))
    for row in rows:
        row.update(date="2026-11-28", trainer="Chị Hạnh", result="pass", score="90")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHEET_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    (project / "content" / "training" / "2026-11.csv").write_text(out.getvalue(), "utf-8")
    statuses = _statuses(project)
    assert [statuses[k, "pha-tra"] for k in ("NV1", "NV2", "NV3")] == ["current"] * 3
    # Nothing pre-filled remains for the SOP.
    again = run_handbook("training", "sheet", str(project), "--sop", "pha-tra", "--today", TODAY)
    assert _csv(again.out) == []


def test_a_filled_in_xlsx_sheet_saved_as_csv_makes_its_people_current(
    project: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.xlsx"
    run = run_handbook(
        "training", "sheet", str(project), "--sop", "dong-ca", "--format", "xlsx",
        "-o", str(sheet), "--today", TODAY,
    )  # fmt: skip
    assert run.code == 0, run.err
    workbook = openpyxl.load_workbook(sheet)
    page = workbook.active
    assert page is not None
    assert [c.value for c in page[1]] == list(SHEET_COLUMNS)
    (validation,) = page.data_validations.dataValidation
    assert validation.formula1 == '"pass,fail"'
    for row in page.iter_rows(min_row=2):
        row[0].value, row[5].value, row[6].value = "2026-11-28", "Anh Tùng", "pass"
    # What "save as CSV UTF-8" writes: every cell as text, empty cells empty.
    out = io.StringIO()
    writer = csv.writer(out)
    for row in page.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v for v in row])
    (project / "content" / "training" / "2026-11.csv").write_text(out.getvalue(), "utf-8")
    assert _statuses(project)["NV3", "dong-ca"] == "current"


def test_kpi_report_training_columns_count_the_branchs_people_on_the_linked_sops() -> None:
    handbook = load_handbook(REPO)
    training = run_handbook("training", "report", str(REPO), "--today", TODAY, "--format", "csv")
    kpis = run_handbook("kpi", "report", str(REPO), "--today", TODAY, "--format", "csv")
    assert training.code == kpis.code == 0, training.err + kpis.err
    pairs = _csv(training.out)
    rows = _csv(kpis.out)
    assert rows and all(r["required"] for r in rows)
    for row in rows:
        linked = handbook.kpis[row["kpi"]].driven_by
        mine = [
            p
            for p in pairs
            if p["sop"] in linked
            and (not row["branch"] or match_key(p["branch"]) == match_key(row["branch"]))
        ]
        current = sum(p["status"] == "current" for p in mine)
        assert (row["current"], row["required"]) == (str(current), str(len(mine))), row
