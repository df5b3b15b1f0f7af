"""`handbook kpi report` on real files: the CSV columns, Markdown, --since and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from support_results import results_project

from support import BAD, MINIMAL, TODAY, copy_project, run_handbook

# Counted by hand from support_results and support_audit (see tests/query/test_kpi.py).
EXPECTED_CSV = """\
kpi,branch,period,value,target,threshold,status,trend,adherence,current,required
doanh-thu,,2026-Q3,100,100,,on_target,,,,
doanh-thu,,2026-Q4,'-3,100,,off_track,down,,,
hai-long,,2026-10,89.9,95,90,off_track,,60.0,,
hai-long,Quận 1,2026-02,96,95,90,on_target,,,,
hai-long,Quận 1,2026-09,95.0,95,90,on_target,down,50.0,,
hai-long,Quận 1,2026-10,94.9,95,90,at_risk,down,50.0,,
thoi-gian-phuc-vu,Quận 1,2026-W53,5,5,7,on_target,,,,
thoi-gian-phuc-vu,Quận 1,2027-W01,7,5,7,at_risk,up,,,
thoi-gian-phuc-vu,Quận 1,2027-W02,7.1,5,7,off_track,up,,,
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return results_project(tmp_path / "p")


def test_csv_has_one_row_per_result_in_the_spec_order(project: Path) -> None:
    run = run_handbook("kpi", "report", str(project), "--today", TODAY, "--format", "csv")
    assert run.code == 0, run.err
    assert run.out == EXPECTED_CSV
    assert run.err.endswith("0 errors, 1 warning in 16 files\n")


def test_since_keeps_periods_ending_on_or_after_it(project: Path) -> None:
    run = run_handbook("kpi", "report", str(project), "--format", "csv", "--since", "2026-10-01")
    lines = run.out.splitlines()
    assert lines[1:] == [
        line
        for line in EXPECTED_CSV.splitlines()[1:]
        if "2026-02" not in line and "2026-09" not in line and "2026-Q3" not in line
    ]


def test_formula_like_cells_are_written_as_text(project: Path) -> None:
    results = project / "content" / "results" / "c.csv"
    results.write_text("date,kpi,value,branch\n2026-11-02,hai-long,97,=HYPERLINK(1)\n", "utf-8")
    run = run_handbook("kpi", "report", str(project), "--format", "csv")
    assert "hai-long,'=HYPERLINK(1),2026-11,97,95,90,on_target,,,," in run.out.splitlines()


def test_markdown_has_the_scorecard_and_the_coaching_views(project: Path) -> None:
    run = run_handbook("kpi", "report", str(project), "--today", TODAY)
    assert run.code == 0
    out = run.out
    assert out.startswith("# Bảng điểm KPI\n\n9 kết quả từ 2 tệp\n")
    # Off track first, then KPI name, organisation-wide before branches.
    rows = [line for line in out.splitlines() if line.startswith("| ")][1:5]
    assert [row.split(" | ")[0:2] for row in rows] == [
        ["| Doanh thu quý", "Toàn hệ thống"],
        ["| Thời gian phục vụ", "Quận 1"],
        ["| Tỷ lệ khách hài lòng", "Toàn hệ thống"],
        ["| Tỷ lệ khách hài lòng", "Quận 1"],
    ]
    assert "| ⚠ Có rủi ro | ▼ −0.1% | 50.0% |" in rows[3]
    assert out.count("không phải quan hệ nhân quả") == 3
    assert "SOP-PC-01 · Bước 1: Tráng ấm bằng nước sôi. (1 lần không đạt)" in out


def test_no_results_is_an_empty_report(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "p")
    run = run_handbook("kpi", "report", str(project), "--format", "csv")
    assert (run.code, run.out) == (0, EXPECTED_CSV.splitlines()[0] + "\n")
    markdown = run_handbook("kpi", "report", str(project)).out
    assert "Chưa có kết quả KPI nào." in markdown


def test_content_errors_print_diagnostics_only(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "p", BAD / "bad-results")
    run = run_handbook("kpi", "report", str(project), "--today", TODAY, "--format", "csv")
    assert run.code == 1
    assert run.out == ""
    assert run.err == (BAD / "bad-results" / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in run.err
