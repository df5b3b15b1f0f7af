"""Audit checklists: line order, print HTML and PDF, the tablet page and (e2e) its CSV download
driven in headless Chromium, fed back through `handbook check` and the report."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pypdfium2 as pdfium
import pytest
from playwright.sync_api import sync_playwright

from generator.edition import for_audience
from generator.model.handbook import Handbook
from generator.query.adherence import adherence_report
from generator.query.checklists import checklist_lines
from generator.render.checklist.print import checklist_documents, checklist_print_html
from generator.render.checklist.web import checklist_pages
from generator.write.pdf import render_pdfs

from support import MINIMAL, copy_project, load_handbook, run_handbook
from support_audit import audit_project
from support_site import CHROMIUM_ARGS, serve_folder

TODAY = date(2026, 11, 29)
# A process that uses pha-tra twice (first by the shift lead) and dong-ca in between.
TWICE = """\
title: Ca tối
owner: truong-ca
purpose: Phục vụ và đóng ca.
steps:
  - title: Pha trà mẫu
    role: truong-ca
    sop: pha-tra
  - title: Đóng ca
    role: chu-tiem
    sop: dong-ca
  - title: Pha trà cho khách
    role: nhan-vien-pha-che
    sop: pha-tra
"""
NO_CRITICAL = """\
title: Rửa ly
code: SOP-PC-09
version: "1"
effective: 2026-01-05
owner: truong-ca
purpose: Ly sạch.
steps:
  - action: Rửa ly bằng nước nóng.
"""


@pytest.fixture
def handbook(tmp_path: Path) -> Handbook:
    project = copy_project(MINIMAL, tmp_path / "project")
    # The shift lead learns pha-tra before dong-ca: not alphabetical, and the sheet follows it.
    role = project / "roles" / "truong-ca.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("[dong-ca, pha-tra]", "[pha-tra, dong-ca]"),
        encoding="utf-8",
    )
    (project / "content" / "processes" / "ca-toi.yml").write_text(TWICE, encoding="utf-8")
    (project / "content" / "sops" / "rua-ly.yml").write_text(NO_CRITICAL, encoding="utf-8")
    (project / "roles" / "phu-quay.yml").write_text(
        "title: Phụ quầy\ndepartment: quay\npurpose: Giữ quầy sạch.\n"
        "responsibilities: [Rửa ly]\nsops: [rua-ly]\n",
        encoding="utf-8",
    )
    return load_handbook(project)


def _keys(handbook: Handbook, kind: str, item: str, **options: bool) -> list[tuple[str, str, str]]:
    return [
        (line.role, line.sop.id, line.step_key)
        for line in checklist_lines(handbook, kind, item, **options)  # type: ignore[arg-type]
    ]


def test_role_lines_follow_the_roles_sops_order_then_step_number(handbook: Handbook) -> None:
    assert _keys(handbook, "role", "truong-ca") == [
        ("truong-ca", "pha-tra", "trang-am"),
        ("truong-ca", "pha-tra", "3"),
        ("truong-ca", "dong-ca", "1"),
    ]
    assert [line.step.number for line in checklist_lines(handbook, "role", "truong-ca")] == [
        1,
        3,
        1,
    ]
    assert _keys(handbook, "role", "truong-ca", all_steps=True) == [
        ("truong-ca", "pha-tra", "trang-am"),
        ("truong-ca", "pha-tra", "2"),
        ("truong-ca", "pha-tra", "3"),
        ("truong-ca", "pha-tra", "4"),
        ("truong-ca", "dong-ca", "1"),
        ("truong-ca", "dong-ca", "2"),
    ]


def test_process_lines_follow_its_steps_and_show_an_sop_once(handbook: Handbook) -> None:
    # pha-tra appears once, at its first use, with the role of that step.
    assert _keys(handbook, "process", "ca-toi") == [
        ("truong-ca", "pha-tra", "trang-am"),
        ("truong-ca", "pha-tra", "3"),
        ("chu-tiem", "dong-ca", "1"),
    ]
    # A process step without an SOP adds no line.
    assert _keys(handbook, "process", "phuc-vu-khach") == [
        ("nhan-vien-pha-che", "pha-tra", "trang-am"),
        ("nhan-vien-pha-che", "pha-tra", "3"),
    ]


def test_documents_for_every_role_and_process_with_critical_steps(handbook: Handbook) -> None:
    documents = checklist_documents(handbook)
    assert [d.name for d in documents] == [
        "checklists/role-chu-tiem.pdf",
        "checklists/role-nhan-vien-pha-che.pdf",
        "checklists/role-truong-ca.pdf",
        "checklists/process-ca-toi.pdf",
        "checklists/process-phuc-vu-khach.pdf",
    ]  # no role-phu-quay: its only SOP has no critical step
    first = documents[0]
    assert first.title == "Phiếu kiểm tra: Chủ tiệm"
    assert first.author == "Tiệm Trà Sen" and first.language == "vi" and first.assets == ()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.ticks = 0
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag == "style"
        if ("class", "cl-tick") in attrs:
            self.ticks += 1

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text.append(data.strip())


def test_print_html_has_header_fields_lines_boxes_and_signatures(handbook: Handbook) -> None:
    html = checklist_print_html(handbook, "process", "ca-toi")
    parser = _Text()
    parser.feed(html)
    text = " | ".join(parser.text)
    for label in ("Chi nhánh", "Ngày", "Người kiểm tra", "Người được kiểm tra", "Chữ ký xác nhận"):
        assert label in text
    assert (
        text.index("SOP-PC-01")
        < text.index("Tráng ấm bằng nước sôi.")
        < text.index("Rót nước 85 °C, ủ 3 phút.")
        < text.index("SOP-QL-01")
        < text.index("Đếm tiền trong két.")
    )
    assert "Người thực hiện: Trưởng ca" in text and "Người thực hiện: Chủ tiệm" in text
    assert parser.ticks == 3 * 3  # pass / fail / n.a. for each of the three lines
    assert "Cho 5 g trà vào ấm." not in text  # not critical
    assert "@page" in html and "<script" not in html


def test_staff_edition_has_no_checklists(handbook: Handbook) -> None:
    staff = for_audience(handbook, "staff")
    assert checklist_documents(staff) == []
    assert checklist_pages(staff) == {}


def test_pages_for_every_checklist_and_an_index(handbook: Handbook) -> None:
    pages = checklist_pages(handbook)
    assert sorted(pages) == [
        "checklists/index.md",
        "checklists/process-ca-toi/index.md",
        "checklists/process-phuc-vu-khach/index.md",
        "checklists/role-chu-tiem/index.md",
        "checklists/role-nhan-vien-pha-che/index.md",
        "checklists/role-truong-ca/index.md",
    ]
    index = pages["checklists/index.md"]
    assert index.index("## Theo vị trí") < index.index('href="role-truong-ca/"')
    assert index.index("## Theo quy trình") < index.index('href="process-ca-toi/"')


def _data(page: str) -> dict[str, object]:
    found = re.search(
        r'<script type="application/json" class="hb-checklist-data">(.*?)</script>', page
    )
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_page_embeds_its_lines_as_json_and_links_each_step(handbook: Handbook) -> None:
    page = checklist_pages(handbook)["checklists/process-ca-toi/index.md"]
    assert page.startswith("# Phiếu kiểm tra: Ca tối\n")
    data = _data(page)
    assert data["kind"] == "process" and data["id"] == "ca-toi"
    assert data["columns"] == [
        "date",
        "branch",
        "auditor",
        "person",
        "role",
        "sop",
        "step",
        "result",
        "note",
    ]
    assert data["lines"] == [
        {"role": "truong-ca", "sop": "pha-tra", "step": "trang-am"},
        {"role": "truong-ca", "sop": "pha-tra", "step": "3"},
        {"role": "chu-tiem", "sop": "dong-ca", "step": "1"},
    ]
    assert 'href="../../sops/pha-tra/#step-3"' in page
    assert 'href="../../processes/ca-toi/"' in page
    assert "Đã đánh dấu 0/3 dòng" in page
    assert '<option value="Quận 1">' in page  # branches seen in the audits, as suggestions
    assert ".pdf" not in page
    with_pdf = checklist_pages(handbook, pdf_links=True)["checklists/process-ca-toi/index.md"]
    assert 'href="../process-ca-toi.pdf"' in with_pdf


def test_page_raw_html_survives_markdown(handbook: Handbook) -> None:
    page = checklist_pages(handbook)["checklists/role-truong-ca/index.md"]
    html = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])
    assert html.count('<li class="hb-line"') == 3
    assert html.count('type="radio"') == 9
    assert "&lt;" not in html and "<p><div" not in html


def test_page_escapes_titles(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    role = project / "roles" / "chu-tiem.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: Chủ tiệm", "title: Chủ <b>tiệm</b> *1*"),
        encoding="utf-8",
    )
    page = checklist_pages(load_handbook(project))["checklists/role-chu-tiem/index.md"]
    assert "<b>" not in page
    assert page.startswith("# Phiếu kiểm tra: Chủ &lt;b&gt;tiệm&lt;/b&gt; \\*1\\*\n")


# --- PDF (e2e) -------------------------------------------------------------------------------


@pytest.mark.e2e
def test_checklist_pdf_shows_every_critical_step_in_order(
    handbook: Handbook, tmp_path: Path
) -> None:
    documents = [d for d in checklist_documents(handbook) if d.name.endswith("role-truong-ca.pdf")]
    (path,) = render_pdfs(
        documents,
        out_dir=tmp_path / "out",
        content_dir=MINIMAL / "content",
        jobs=1,
        timeout=300,
        source_date_epoch=1772323200,
        progress=False,
    )
    pdf = pdfium.PdfDocument(path)
    assert len(pdf) <= 2
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    expected = [
        "Phiếu kiểm tra: Trưởng ca",
        "SOP-PC-01",
        "Tráng ấm bằng nước sôi.",
        "Rót nước 85 °C, ủ 3 phút.",
        "SOP-QL-01",
        "Đếm tiền trong két.",
        "Chữ ký xác nhận",
    ]
    positions = [text.index(item) for item in expected]
    assert positions == sorted(positions)
    assert "Cho 5 g trà vào ấm." not in text
    assert "trang 1 /" in text


# --- The tablet page in Chromium (e2e) -------------------------------------------------------


def _managers_site(project: Path, out: Path) -> Path:
    run = run_handbook(
        "build", str(project), "--out", str(out), "--audience", "managers", "--no-pdf",
        "--today", "2026-11-29",
    )  # fmt: skip
    assert run.code == 0, run.err
    return out


@pytest.mark.e2e
def test_tablet_checklist_downloads_csv_that_imports_and_changes_the_report(
    tmp_path: Path,
) -> None:
    project = audit_project(tmp_path / "project")
    before = load_handbook(project)
    before_report = adherence_report(before.audits, before.organisation.language)
    # truong-ca's lines: dong-ca 1, pha-tra trang-am, pha-tra 3.
    site = _managers_site(project, tmp_path / "site")
    assert "2 bản ghi" in (site / "audit" / "index.html").read_text(encoding="utf-8")

    with (
        serve_folder(site) as base_url,
        tempfile.TemporaryDirectory() as profile,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch_persistent_context(
            profile,
            executable_path="/usr/bin/chromium",
            args=CHROMIUM_ARGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 820, "height": 1180},
        )
        page = browser.new_page()
        page.goto(base_url + "checklists/role-truong-ca/")
        today = page.evaluate(
            "(() => { const d = new Date(); return [d.getFullYear(),"
            " String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')]"
            ".join('-'); })()"
        )
        assert page.input_value("input[name=date]") == today
        count = page.locator(".hb-checklist-count")
        assert count.inner_text() == "Đã đánh dấu 0/3 dòng"

        # Download refused until the header is filled in.
        page.click(".hb-checklist-download")
        assert "Điền ngày, chi nhánh và người kiểm tra" in page.inner_text(".hb-checklist-status")

        page.fill("input[name=date]", "2026-11-03")
        page.fill("input[name=branch]", "  Đống   Đa ")
        page.fill("input[name=auditor]", "Ngọc")
        page.fill("input[name=person]", "Hoa")
        lines = page.locator(".hb-line")
        lines.nth(0).locator(".hb-choice--fail").click()
        lines.nth(0).locator(".hb-line-note").fill('Quên đếm két, "vội"')
        lines.nth(2).locator(".hb-choice--pass").click()
        lines.nth(1).locator(".hb-choice--na").click()
        lines.nth(1).locator(".hb-choice--na").click()  # a second tap clears the line
        assert count.inner_text() == "Đã đánh dấu 2/3 dòng"
        assert "hb-line--fail" in (lines.nth(0).get_attribute("class") or "")

        with page.expect_download() as info:
            page.click(".hb-checklist-download")
        download = info.value
        assert download.suggested_filename == "2026-11-03-dong-da-role-truong-ca.csv"
        saved = project / "content" / "audits" / download.suggested_filename
        download.save_as(saved)
        assert download.suggested_filename in page.inner_text(".hb-checklist-status")
        browser.close()

    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdate,branch,auditor,person,role,sop,step,result,note\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1:] == [
        [
            "2026-11-03",
            "Đống Đa",
            "Ngọc",
            "Hoa",
            "truong-ca",
            "dong-ca",
            "1",
            "fail",
            'Quên đếm két, "vội"',
        ],
        ["2026-11-03", "Đống Đa", "Ngọc", "Hoa", "truong-ca", "pha-tra", "3", "pass", ""],
    ]  # the unmarked line is left out

    check = run_handbook("check", str(project), "--today", "2026-11-29")
    assert check.code == 0 and "error:" not in check.err, check.err
    after = load_handbook(project)
    report = adherence_report(after.audits, after.organisation.language)
    assert report.records_read == before_report.records_read + 2
    assert report.overall.tally.passed == before_report.overall.tally.passed + 1
    assert report.overall.tally.failed == before_report.overall.tally.failed + 1
    rebuilt = _managers_site(project, tmp_path / "site")
    assert "4 bản ghi" in (rebuilt / "audit" / "index.html").read_text(encoding="utf-8")
    assert report.by_branch[0].key == "Ân Thi"
    assert any(f.key == "Đống Đa" and f.tally.failed == 1 for f in report.by_branch)
    assert report.fails[0].branch == "Đống Đa" and report.fails[0].note == 'Quên đếm két, "vội"'
    assert [f.key for f in report.by_month][-1] == "2026-11"
