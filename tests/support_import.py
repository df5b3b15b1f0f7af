"""SOP documents made with python-docx and openpyxl for the import tests, and what each must give.

Each builder writes a real file and returns it with `kept`: the source texts that the draft
may consume (labels, step numbers, marks: None) or keep in a normalised form (a date as ISO,
an owner's title as its role id: that form). Every other text of the source must appear in
the draft as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from support import MINIMAL, copy_project

SHIFT_LEAD = "title: Shift lead\ndepartment: quan-ly\npurpose: Runs a shift.\nresponsibilities:\n  - Open and close the shop.\nsops: []\n"


@dataclass
class Made:
    path: Path
    kept: dict[str, str | None] = field(default_factory=dict)


def import_project(target: Path) -> Path:
    """The minimal project plus an English-titled role, for English documents' owners."""
    project = copy_project(MINIMAL, target)
    (project / "roles" / "shift-lead.yml").write_text(SHIFT_LEAD, encoding="utf-8")
    return project


# --- Word helpers -----------------------------------------------------------------------------


def add_numbering(document: WordDocument, formats: list[str]) -> int:
    """A new list definition (one format per level) in the numbering part; its numId.

    This is what Google Docs and LibreOffice write: `w:numPr` on each paragraph, no list style."""
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{"•" if fmt == "bullet" else f"%{level + 1}."}"/></w:lvl>'
        for level, fmt in enumerate(formats)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return num_id


def numbered(paragraph: WordParagraph, num_id: int, level: int = 0) -> WordParagraph:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def direct_heading(document: WordDocument, text: str, size: int = 0) -> WordParagraph:
    """A "heading" the Google Docs way: a Normal paragraph, bold, maybe larger type."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)
    return paragraph


def rich(paragraph: WordParagraph, *pieces: tuple[str, str]) -> WordParagraph:
    """Runs from (text, format) pieces, format "" / "b" / "i" / "bi"."""
    for text, fmt in pieces:
        run = paragraph.add_run(text)
        run.bold = "b" in fmt or None
        run.italic = "i" in fmt or None
    return paragraph


def source_texts(path: Path) -> list[str]:
    """Every non-empty paragraph and table cell of a document, read independently of the
    importer: python-docx's paragraphs and cells, openpyxl's cell values."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        sheet = workbook.worksheets[0]
        return [
            _xlsx_text(cell.value)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(_table_texts(table))
    return [text for text in texts if text.strip()]


def _table_texts(table: WordTable) -> Iterator[str]:
    for row in table.rows:
        for cell in row.cells:
            yield from (p.text for p in cell.paragraphs)
            for inner in cell.tables:
                yield from _table_texts(inner)


def _xlsx_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _normalise(text: str) -> str:
    text = re.sub(r"\\(.)", r"\1", text.replace("**", "").replace("*", ""))
    return " ".join(text.replace("&lt;", "<").split())


def missing_texts(made: Made, draft: str) -> list[str]:
    """Source lines that are neither consumed (per `made.kept`) nor found in the draft."""
    body = _normalise(" ".join(line.lstrip("# ") for line in draft.splitlines()))
    missing = []
    for text in source_texts(made.path):
        if text.strip() in made.kept:
            expected = made.kept[text.strip()]
            if expected is not None and _normalise(expected) not in body:
                missing.append(f"{text!r} (as {expected!r})")
            continue
        for line in text.split("\n"):
            if line.strip() and _normalise(line) not in body:
                missing.append(repr(line))
    return missing


# --- the documents ------------------------------------------------------------------------------


def vi_step_table(folder: Path) -> Made:
    """Vietnamese: Title style, a layout table of fields, sections under Heading 1, a step
    table with critical marks (x, ✓, có, empty) and an unknown column, mistakes as bullets."""
    document = docx.Document()
    document.add_paragraph("Đón tiếp khách tại quầy", style="Title")
    fields = document.add_table(rows=2, cols=4)
    for cell, text in zip(
        fields.rows[0].cells + fields.rows[1].cells,
        [
            "Mã số",
            "SOP-LT-01",
            "Phiên bản",
            "1.2",
            "Ngày hiệu lực",
            "15/01/2026",
            "Người chịu trách nhiệm",
            "Trưởng ca",
        ],
        strict=True,
    ):
        cell.text = text
    document.add_heading("Mục đích", level=1)
    rich(
        document.add_paragraph(),
        ("Khách được chào đón ", ""),
        ("ngay khi bước vào", "b"),
        (" và thấy mình được ", ""),
        ("tôn trọng", "i"),
        (".", ""),
    )
    document.add_heading("Phạm vi áp dụng", level=1)
    document.add_paragraph("Tất cả chi nhánh, ca sáng và ca chiều.")
    document.add_heading("Dụng cụ", level=1)
    document.add_paragraph("Phần mềm đặt lịch", style="List Bullet")
    document.add_paragraph("Sổ khách", style="List Bullet")
    document.add_heading("Các bước thực hiện", level=1)
    document.add_paragraph("Lễ tân làm theo bảng sau:")  # introduces the table: not a step
    rows = [
        ("STT", "Nội dung công việc", "Tiêu chuẩn", "Thời gian (phút)", "Trọng yếu", "Ghi chú"),
        ("1", "Chào khách", "Đứng dậy, mỉm cười", "1", "x", ""),
        ("2", "Hỏi tên và lịch hẹn", "Gọi khách bằng tên", "2", "", "Dùng anh/chị"),
        ("3", "Mời khách ngồi, mời nước", "", "", "✓", ""),
        ("4", "Báo kỹ thuật viên", "Trong 3 phút", "", "có", ""),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.add_heading("Lỗi thường gặp", level=1)
    document.add_paragraph(
        "Vừa nghe điện thoại vừa chào khách → Khách thấy không được tôn trọng", style="List Bullet"
    )
    document.add_paragraph("Quên hỏi lịch hẹn", style="List Bullet")
    document.add_paragraph("Người soạn: Lan")
    path = folder / "don-tiep.docx"
    document.save(str(path))
    kept: dict[str, str | None] = {
        "15/01/2026": "2026-01-15",
        "Trưởng ca": "truong-ca",
        "Vừa nghe điện thoại vừa chào khách → Khách thấy không được tôn trọng": "Vừa nghe điện thoại vừa chào khách",
    }
    consumed = [
        "Mã số",
        "Phiên bản",
        "Ngày hiệu lực",
        "Người chịu trách nhiệm",
        "Mục đích",
        "Phạm vi áp dụng",
        "Dụng cụ",
        "Các bước thực hiện",
        "Lỗi thường gặp",
    ]
    consumed += [
        "STT",
        "Nội dung công việc",
        "Tiêu chuẩn",
        "Thời gian (phút)",
        "Trọng yếu",
        "1",
        "2",
        "3",
        "4",
        "x",
        "✓",
        "có",
    ]
    kept.update(dict.fromkeys(consumed))
    return Made(path, kept)


def en_numbered_list(folder: Path) -> Made:
    """English: no Title, the first Heading 1 is the title; Word's List Number with nested
    List Bullet 2 items and Standard/Why lines; a "(critical)" tag; italic and bold runs."""
    document = docx.Document()
    document.add_heading("Opening the shop", level=1)
    document.add_paragraph("Code: SOP-OPS-01")
    document.add_paragraph("Version: 2.1")
    document.add_paragraph("Effective: 3 March 2026")
    document.add_paragraph("Owner: Shift lead")
    document.add_heading("Purpose", level=2)
    document.add_paragraph("Open on time with a clean, safe shop.")
    document.add_heading("Steps", level=2)
    document.add_paragraph("Switch off the alarm (critical)", style="List Number")
    rich(
        document.add_paragraph(style="List Number"), ("Check the ", ""), ("fridges", "b"), (":", "")
    )
    document.add_paragraph("milk below 5 °C", style="List Bullet 2")
    rich(document.add_paragraph(style="List Bullet 2"), ("cakes ", ""), ("covered", "i"))
    document.add_paragraph("Standard: every fridge checked and signed", style="List Bullet 2")
    document.add_paragraph("Why: warm milk makes guests ill", style="List Bullet 2")
    document.add_paragraph("Unlock the door at 7:00, never earlier", style="List Number")
    document.add_heading("Notes", level=2)
    document.add_paragraph("Ask the manager when in doubt.")
    path = folder / "opening.docx"
    document.save(str(path))
    kept: dict[str, str | None] = {
        "Effective: 3 March 2026": "2026-03-03",
        "Owner: Shift lead": "shift-lead",
        "Code: SOP-OPS-01": "SOP-OPS-01",
        "Version: 2.1": "2.1",
        "Switch off the alarm (critical)": "Switch off the alarm",
        "Standard: every fridge checked and signed": "every fridge checked and signed",
        "Why: warm milk makes guests ill": "warm milk makes guests ill",
    }
    kept.update(dict.fromkeys(["Purpose", "Steps"]))
    return Made(path, kept)


def vi_title_and_heading(folder: Path) -> Made:
    """A Heading 1 that is no label comes before the Title: the Title style wins, the heading
    and its text are not recognised; Mục đích is a Heading 1 section, not the title."""
    document = docx.Document()
    document.add_heading("Giới thiệu chung", level=1)
    document.add_paragraph("Tài liệu nội bộ của chuỗi Trà Sen.")
    document.add_paragraph("Kiểm kê kho cuối tuần", style="Title")
    document.add_heading("Mục đích", level=1)
    document.add_paragraph("Số liệu kho khớp với sổ sách.")
    document.add_heading("Các bước", level=1)
    document.add_paragraph("Đếm hàng theo từng kệ", style="List Number")
    document.add_paragraph("Ghi số lượng vào phiếu", style="List Number")
    path = folder / "kiem-kho.docx"
    document.save(str(path))
    return Made(path, dict.fromkeys(["Mục đích", "Các bước"]))


def vi_unaccented(folder: Path) -> Made:
    """Labels typed without diacritics, steps numbered by hand ("1.", "Buoc 2:"), no styles."""
    document = docx.Document()
    for text in (
        "Quy trinh ve sinh may pha ca phe",
        "Ma so: SOP-PC-05",
        "Phien ban 2.0",
        "Hieu luc: 01/03/2026",
        "Muc dich",
        "May sach, ca phe khong bi dang.",
        "Cac buoc thuc hien",
        "1. Tat may va rut dien",
        "Buoc 2: Thao tay cam, ngam nuoc nong",
        "3. Lau khô và lắp lại",
        "Tieu chuan: khong con vet ca phe",
    ):
        document.add_paragraph(text)
    path = folder / "ve-sinh-may.docx"
    document.save(str(path))
    kept: dict[str, str | None] = {
        "Ma so: SOP-PC-05": "SOP-PC-05",
        "Phien ban 2.0": "2.0",
        "Hieu luc: 01/03/2026": "2026-03-01",
        "1. Tat may va rut dien": "Tat may va rut dien",
        "Buoc 2: Thao tay cam, ngam nuoc nong": "Thao tay cam, ngam nuoc nong",
        "3. Lau khô và lắp lại": "Lau khô và lắp lại",
        "Tieu chuan: khong con vet ca phe": "khong con vet ca phe",
    }
    kept.update(dict.fromkeys(["Muc dich", "Cac buoc thuc hien"]))
    return Made(path, kept)


def google_docs_style(folder: Path) -> Made:
    """As Google Docs exports a document written without styles: the title and labels are
    bold (and larger) Normal paragraphs; lists are `w:numPr` on Normal paragraphs, one list
    definition whose level 0 is numbered and level 1 a bullet."""
    document = docx.Document()
    direct_heading(document, "Closing the till", size=20)
    document.add_paragraph("Version: 1.3")
    direct_heading(document, "Purpose")
    document.add_paragraph("The till balances at the end of every shift.")
    direct_heading(document, "Tools")
    document.add_paragraph("Till, counting tray; calculator")
    direct_heading(document, "Steps")
    num = add_numbering(document, ["decimal", "bullet"])
    numbered(document.add_paragraph("Count the cash"), num)
    numbered(document.add_paragraph("notes first"), num, 1)
    numbered(document.add_paragraph("then coins"), num, 1)
    numbered(
        rich(document.add_paragraph(), ("Write the total in the ", ""), ("till book", "b")), num
    )
    direct_heading(document, "Common mistakes")
    document.add_paragraph("Counting with the drawer open -> notes go missing")
    path = folder / "closing-till.docx"
    document.save(str(path))
    kept: dict[str, str | None] = {
        "Version: 1.3": "1.3",
        "Counting with the drawer open -> notes go missing": "Counting with the drawer open",
    }
    kept.update(
        dict.fromkeys(
            ["Purpose", "Tools", "Steps", "Common mistakes", "Till, counting tray; calculator"]
        )
    )
    kept["Till, counting tray; calculator"] = "counting tray"
    return Made(path, kept)


def vi_step_sheet(folder: Path) -> Made:
    """An Excel sheet: title in A1, field rows, a step header row, steps with ✓ marks, a cell
    with lines typed with Alt+Enter, then a "Lỗi thường gặp" row and mistakes below it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "SOP"
    for row in (
        ["Pha trà sen đá"],
        ["Mã số", "SOP-PC-02"],
        ["Phiên bản", 1.5],
        ["Ngày hiệu lực", datetime(2026, 4, 1)],
        ["Người chịu trách nhiệm", "truong-ca"],
        [],
        ["Bước", "Công việc", "Tiêu chuẩn", "Lý do", "Thời gian", "Trọng yếu"],
        [1, "Tráng ly bằng nước sôi", "Ly nóng đều", "Giữ nhiệt", "30 giây", "✓"],
        [2, "Cho trà và đá:\n- 5 g trà\n- 200 g đá", "Đúng định lượng", None, None, None],
        [3, "Lắc 10 lần rồi rót", None, None, "1 phút", "✓"],
        [],
        ["Lỗi thường gặp"],
        ["Cho đá trước trà → Trà nhạt"],
    ):
        sheet.append(row)
    path = folder / "pha-tra-da.xlsx"
    workbook.save(path)
    kept: dict[str, str | None] = {"2026-04-01": "2026-04-01", "1.5": "1.5"}
    kept.update(
        dict.fromkeys(
            ["Mã số", "Phiên bản", "Ngày hiệu lực", "Người chịu trách nhiệm", "Lỗi thường gặp"]
        )
    )
    kept.update(
        dict.fromkeys(
            [
                "Bước",
                "Công việc",
                "Tiêu chuẩn",
                "Lý do",
                "Thời gian",
                "Trọng yếu",
                "1",
                "2",
                "3",
                "✓",
            ]
        )
    )
    kept["Cho trà và đá:\n- 5 g trà\n- 200 g đá"] = "Cho trà và đá: - 5 g trà - 200 g đá"
    kept["Cho đá trước trà → Trà nhạt"] = "Cho đá trước trà"
    return Made(path, kept)


def vi_page_header(folder: Path) -> Made:
    """An ISO-style form: code, issue and date in a table in the page header; numbered
    section headings typed as "I. MỤC ĐÍCH"; a "(bắt buộc)" tag after a tab."""
    document = docx.Document()
    header = document.sections[0].header.add_table(rows=2, cols=3, width=Pt(430))
    texts = [
        "CÔNG TY TRÀ SEN",
        "Mã hiệu: QT-07",
        "Lần ban hành: 02",
        "QUY TRÌNH",
        "Ngày ban hành: 01/06/2026",
        "Trang 1/1",
    ]
    for cell, text in zip(header.rows[0].cells + header.rows[1].cells, texts, strict=True):
        cell.text = text
    document.add_heading("QUY TRÌNH NHẬN HÀNG", level=1)
    document.add_paragraph("I. MỤC ĐÍCH")
    document.add_paragraph("Hàng nhận đủ, đúng hạn dùng.")
    document.add_paragraph("II. NỘI DUNG")
    document.add_paragraph("Kiểm tra số lượng theo phiếu\t(bắt buộc)", style="List Number")
    document.add_paragraph("Ký nhận", style="List Number")
    path = folder / "nhan-hang.docx"
    document.save(str(path))
    kept: dict[str, str | None] = dict.fromkeys(["I. MỤC ĐÍCH", "II. NỘI DUNG"])
    kept["Kiểm tra số lượng theo phiếu\t(bắt buộc)"] = "Kiểm tra số lượng theo phiếu"
    return Made(path, kept)


DOCUMENTS = {
    "vi-page-header": vi_page_header,
    "vi-step-table": vi_step_table,
    "en-numbered-list": en_numbered_list,
    "vi-title-and-heading": vi_title_and_heading,
    "vi-unaccented": vi_unaccented,
    "google-docs-style": google_docs_style,
    "vi-step-sheet": vi_step_sheet,
}
