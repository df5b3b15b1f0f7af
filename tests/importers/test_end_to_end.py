"""From Word and Excel to a published handbook: import, check, then build the site and the
role's book, and read the imported SOPs back from the HTML page and the PDF text."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from support import TODAY, run_handbook
from support_import import vi_step_sheet, vi_step_table

pytestmark = pytest.mark.e2e

ORGANISATION = """\
name: Tiệm Trà Sen
language: vi
departments:
  - id: quay
    name: Quầy
"""
ROLE = """\
title: Trưởng ca
department: quay
purpose: Điều phối một ca.
responsibilities:
  - Đón khách và pha chế đúng quy trình.
sops: []
"""


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_imported_sops_are_in_the_site_and_the_book(tmp_path: Path) -> None:
    project = tmp_path / "handbook"
    (project / "content").mkdir(parents=True)
    (project / "roles").mkdir()
    (project / "content" / "organisation.yml").write_text(ORGANISATION, encoding="utf-8")
    role = project / "roles" / "truong-ca.yml"
    role.write_text(ROLE, encoding="utf-8")
    table, sheet = vi_step_table(tmp_path).path, vi_step_sheet(tmp_path).path

    run = run_handbook(
        "import", str(table), str(sheet), "--project", str(project), "--today", TODAY
    )
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "content/sops/don-tiep-khach-tai-quay.yml: 4 steps, 3 critical, 4 paragraphs not recognised",
        "content/sops/pha-tra-sen-da.yml: 3 steps, 2 critical, 0 paragraphs not recognised",
    ]
    check = run_handbook("check", str(project), "--today", TODAY)
    assert check.code == 0, check.err
    assert " error:" not in check.err

    # What the drafts' comments ask the trainer to do: list the SOPs in the role.
    role.write_text(
        ROLE.replace("sops: []", "sops: [don-tiep-khach-tai-quay, pha-tra-sen-da]"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build = run_handbook("build", str(project), "--out", str(out), "--today", TODAY)
    assert build.code == 0, build.err

    page = (out / "sops" / "don-tiep-khach-tai-quay" / "index.html").read_text(encoding="utf-8")
    for text in (
        "Đón tiếp khách tại quầy",
        "SOP-LT-01",
        "Chào khách",
        "Đứng dậy, mỉm cười",
        "1 phút",
    ):
        assert text in page
    assert "<strong>ngay khi bước vào</strong>" in page
    sheet_page = (out / "sops" / "pha-tra-sen-da" / "index.html").read_text(encoding="utf-8")
    assert "<li>5 g trà</li>" in sheet_page

    book = _pdf_text(out / "pdf" / "truong-ca.pdf")
    for text in (
        "Đón tiếp khách tại quầy",
        "Mời khách ngồi, mời nước",
        "Pha trà sen đá",
        "Lắc 10 lần rồi rót",
    ):
        assert text in book
