"""The managers site's adherence report page, read back as HTML after Python-Markdown."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.edition import for_audience
from generator.model.handbook import Handbook
from generator.query.adherence import adherence_report
from generator.render.site.audit_report import audit_report_page, excerpt

from support import MINIMAL, copy_project, load_handbook
from support_audit import audit_project, without_audits

TODAY = date(2026, 11, 29)


def _page(handbook: Handbook, since: date | None = None) -> str:
    return audit_report_page(
        handbook, adherence_report(handbook.audits, handbook.organisation.language, since=since)
    )


class _Tables(HTMLParser):
    """Each table as rows of cell texts; and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _read(page: str) -> _Tables:
    html = markdown.markdown(page, extensions=["tables", "toc", "attr_list"])
    assert "&lt;" not in html, "raw HTML must reach the page as HTML"
    parser = _Tables()
    parser.feed(html)
    return parser


@pytest.fixture
def handbook(tmp_path: Path) -> Handbook:
    return load_handbook(audit_project(tmp_path / "project"))


def test_headings_in_order(handbook: Handbook) -> None:
    headings = [line for line in _page(handbook).splitlines() if line.startswith("#")]
    assert headings == [
        "# Báo cáo tuân thủ quy trình",
        "## Xu hướng tuân thủ theo tháng",
        "## Theo SOP",
        "## Theo bước (bước bị bỏ qua nhiều nhất trước)",
        "## Theo vị trí",
        "## Theo chi nhánh",
        "## Theo tháng",
        "## Danh sách cần kèm cặp (các lần không đạt)",
        "## Kiểm tra theo phiên bản cũ",
        "### Không đạt khi kiểm tra theo phiên bản cũ",
    ]


def test_figures_tables_in_locale_format(handbook: Handbook) -> None:
    page = _page(handbook)
    assert "12 bản ghi từ 2 tệp · 1 dòng trống đã bỏ qua" in page
    assert '<span class="hb-audit-figure">62,5%</span>' in page
    tables = _read(page).tables
    by_sop, by_step, by_role, by_branch, by_month, fails, earlier, earlier_fails = tables
    assert by_sop[1:] == [
        ["SOP-QL-01Đóng ca", "", "1", "0", "0", "100,0%"],
        ["SOP-PC-01Pha trà sen", "Thời gian phục vụ", "4", "3", "1", "57,1%"],
    ]
    assert [row[0] for row in by_step[1:]] == [
        "SOP-PC-01 · Bước 3Rót nước 85 °C, ủ 3 phút.",
        "SOP-PC-01 · Bước 1Tráng ấm bằng nước sôi.",
        "SOP-QL-01 · Bước 1Đếm tiền trong két.",
        "SOP-PC-01 · Bước 4Rót ra ly và phục vụ.",
    ]
    assert by_step[1][1:] == ["Thời gian phục vụ", "1", "2", "0", "33,3%"]
    assert by_step[4][2:] == ["1", "0", "1", "100,0%"]
    assert [row[0] for row in by_role[1:]] == ["Nhân viên pha chế", "Trưởng ca"]
    assert [row[0] for row in by_branch[1:]] == ["Ân Thi", "Quận 1", "Thủ Đức"]
    assert by_month[1:] == [
        ["09/2026", "1", "1", "1", "50,0%"],
        ["10/2026", "4", "2", "0", "66,7%"],
    ]
    assert [row[:3] for row in fails[1:]] == [
        ["12/10/2026", "Quận 1", "Minh"],
        ["05/10/2026", "Thủ Đức", "Hoa"],
        ["03/09/2026", "Quận 1", "Minh"],
    ]
    assert fails[2][3:] == ["SOP-PC-01 · Bước 3Rót nước 85 °C, ủ 3 phút.", "Quên, hẹn giờ", "Lan"]
    assert earlier[1:] == [
        ["SOP-QL-01Đóng ca", "", "0", "0", "1", "–"],
        ["SOP-PC-01Pha trà sen", "Thời gian phục vụ", "1", "1", "0", "50,0%"],
    ]
    assert earlier_fails[1] == [
        "20/02/2026",
        "Quận 1",
        "Minh",
        "SOP-PC-01 · Bước 3",
        "Bản cũ",
        "Bảo",
    ]


def test_steps_link_to_their_anchor_and_sops_to_their_kpis(handbook: Handbook) -> None:
    links = _read(_page(handbook)).links
    assert "../sops/pha-tra/#step-3" in links
    assert "../sops/dong-ca/#step-1" in links
    assert "../sops/pha-tra/" in links
    assert "../kpis/thoi-gian-phuc-vu/" in links
    assert "../roles/truong-ca/" in links
    assert "../checklists/" in links


def test_charts_are_inline_svg_without_script(handbook: Handbook) -> None:
    page = _page(handbook)
    assert page.count("<svg") == 4  # trend, by SOP, weakest steps, by branch
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_since_and_counts(handbook: Handbook) -> None:
    page = _page(handbook, since=date(2026, 10, 5))
    assert "Tính từ ngày 05/10/2026 · 12 bản ghi từ 2 tệp · 1 dòng trống đã bỏ qua" in page
    assert "6 bản ghi trước ngày 05/10/2026 không được tính" in page
    assert "## Kiểm tra theo phiên bản cũ" not in page


def test_no_records(tmp_path: Path) -> None:
    page = _page(load_handbook(without_audits(tmp_path / "project")))
    assert "Chưa có dữ liệu kiểm tra." in page
    assert "<table>" not in page and "<svg" not in page
    assert "0 bản ghi từ 0 tệp" in page


def test_staff_edition_has_no_audit_data_to_report(handbook: Handbook) -> None:
    assert handbook.audits is not None and handbook.audits.records
    assert for_audience(handbook, "staff").audits is None


def test_english_labels_and_number_format(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    organisation = project / "content" / "organisation.yml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("language: vi", "language: en"),
        encoding="utf-8",
    )
    page = _page(load_handbook(project))
    assert page.startswith("# Process adherence report\n")
    assert "2 records from 1 file" in page
    assert "50.0%" in page and "Coaching list (failed checks)" in page
    assert "2 Oct 2026" in page and "Oct 2026" in page


def test_user_text_is_escaped(tmp_path: Path) -> None:
    project = without_audits(tmp_path / "project")
    audits = project / "content" / "audits"
    audits.mkdir()
    (audits / "x.csv").write_text(
        "date,branch,auditor,person,role,sop,step,result,note\n"
        "2026-10-01,<b>Q1</b>,Lan,<i>Minh</i>,truong-ca,pha-tra,3,fail,<script>x</script>\n",
        encoding="utf-8",
    )
    page = _page(load_handbook(project))
    assert "<script>x" not in page and "<b>Q1" not in page and "<i>Minh" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_excerpt_cuts_at_a_word() -> None:
    text = "một " * 60
    short = excerpt(text.strip(), 20)
    assert short == "một một một một…" and len(short) <= 20
    assert excerpt("ngắn") == "ngắn"
    assert re.fullmatch(r"[^…]*", excerpt("a" * 140))
