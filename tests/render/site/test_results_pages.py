"""KPI results end to end on real builds of the results fixture: the scorecard agrees with
`kpi report --format csv`, KPI pages and the managers' books show the chart and the values,
and the staff edition (site, search index, sitemap, books) holds none of it."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from support_results import results_project

from support import TODAY, run_handbook
from support_site import files_containing, pagefind_text

pytestmark = pytest.mark.e2e

# These occur only in content/results/: values (as the site and books write them) and a note.
RESULT_ONLY = ("94,9", "94.9", "89,9", "89.9", "7,1 phút", "Tháng bận")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = results_project(tmp_path_factory.mktemp("results") / "p")
    # A site_url makes MkDocs list every page in the sitemap.
    (project / "mkdocs.yml").write_text("site_url: https://tra-sen.example/\n", "utf-8")
    return project


def _build(project: Path, out: Path, audience: str) -> Path:
    run = run_handbook(
        "build", str(project), "--out", str(out), "--audience", audience, "--today", TODAY
    )
    assert run.code == 0, run.err + run.out
    return out


@pytest.fixture(scope="module")
def managers(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(project, tmp_path_factory.mktemp("managers") / "site", "managers")


@pytest.fixture(scope="module")
def staff(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(project, tmp_path_factory.mktemp("staff") / "site", "staff")


def _cells(row: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
    ]


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)


def test_scorecard_agrees_with_the_csv_report(project: Path, managers: Path) -> None:
    run = run_handbook("kpi", "report", str(project), "--today", TODAY, "--format", "csv")
    latest: dict[tuple[str, str], dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(run.out)):
        latest[row["kpi"], row["branch"]] = row  # rows come by period: the last is the latest
    page = (managers / "scorecard" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-kpi="([^"]+)">(.*?)</tr>', page)
    assert len(rows) == len(latest) == 4
    words = {"on_target": "Đạt mục tiêu", "at_risk": "Có rủi ro", "off_track": "Chệch hướng"}
    for kpi, row in rows:
        _, branch, period, value, _, status, _, adherence = _cells(row)
        expected = latest[kpi, "" if branch == "Toàn hệ thống" else branch]
        month = re.fullmatch(r"([0-9]{4})-([0-9]{2})", expected["period"])
        assert period == (f"{month[2]}/{month[1]}" if month else expected["period"])
        number = value.split()[0].removesuffix("%").replace(",", ".")
        assert number == expected["value"].lstrip("'")
        assert status.endswith(words[expected["status"]])
        assert adherence.removesuffix("%").replace(",", ".") == (expected["adherence"] or "–")
    # Off track first.
    statuses = [_cells(row)[5] for _, row in rows]
    assert [s.endswith("Chệch hướng") for s in statuses] == [True, True, True, False]
    assert "không phải quan hệ nhân quả" in page


def test_kpi_page_shows_chart_values_and_coaching_view(project: Path, managers: Path) -> None:
    page = (managers / "kpis" / "hai-long" / "index.html").read_text(encoding="utf-8")
    svg = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="hbd hbd-kpi".*?</svg>', page, re.S
    )
    assert svg is not None
    points = re.findall(r'data-branch="([^"]*)" data-period="([^"]*)" data-value="([^"]*)"', svg[0])
    run = run_handbook("kpi", "report", str(project), "--format", "csv")
    expected = [
        ("Toàn hệ thống" if r["branch"] == "" else r["branch"], r["period"], r["value"])
        for r in csv.DictReader(io.StringIO(run.out))
        if r["kpi"] == "hai-long"
    ]
    assert points == expected
    assert "<script" not in svg[0]
    assert "94,9%" in page and "Tháng bận" in page
    assert "Các số liệu được đặt cạnh nhau để cùng xem xét, không phải quan hệ nhân quả." in page
    assert 'href="../../sops/pha-tra/#step-1"' in page  # the most-skipped step links to it


def test_managers_book_prints_the_chart_and_values(managers: Path) -> None:
    text = _pdf_text(managers / "pdf" / "truong-ca.pdf")
    assert "Thời gian phục vụ: 12 kỳ gần nhất theo chi nhánh" in text
    assert "2027-W02 7,1 phút ✕ Chệch hướng ▲ +0,1 phút" in text


def test_staff_edition_holds_no_results(staff: Path) -> None:
    assert not (staff / "scorecard").exists()
    for needle in (*RESULT_ONLY, "scorecard", "Bảng điểm KPI", "12 kỳ gần nhất"):
        assert files_containing(staff, needle) == [], needle
    search = pagefind_text(staff)  # compressed: files_containing cannot see inside
    assert [needle for needle in RESULT_ONLY if needle in search] == []
    for book in sorted((staff / "pdf").glob("*.pdf")):
        text = _pdf_text(book)
        for needle in (*RESULT_ONLY, "12 kỳ gần nhất", "Chệch hướng"):
            assert needle not in text, (book.name, needle)
    sitemap = (staff / "sitemap.xml").read_text(encoding="utf-8")
    assert "/kpis/hai-long/" in sitemap and "scorecard" not in sitemap


def test_managers_edition_has_them(managers: Path) -> None:
    for needle in RESULT_ONLY:
        assert files_containing(managers, needle) != [], needle
    assert 'href="scorecard/"' in (managers / "index.html").read_text(encoding="utf-8")
    assert "/scorecard/" in (managers / "sitemap.xml").read_text(encoding="utf-8")
    assert "Tháng bận" in pagefind_text(managers)  # the managers search finds results too
