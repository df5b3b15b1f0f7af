"""`handbook import` on documents made in the tests: each draft, loaded back by the project's
own validator, compared field by field; and nothing of any source lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from generator.model.handbook import Sop

from support import TODAY, load_handbook, run_handbook
from support_import import DOCUMENTS, Made, import_project, missing_texts


@dataclass
class Imported:
    made: Made
    project: Path
    path: Path
    text: str
    sop: Sop
    summary: str


def _import(tmp_path: Path, name: str, *options: str) -> Imported:
    project = import_project(tmp_path / "project")
    folder = tmp_path / "documents"
    folder.mkdir()
    made = DOCUMENTS[name](folder)
    before = set((project / "content" / "sops").iterdir())
    run = run_handbook(
        "import", str(made.path), "--project", str(project), "--today", TODAY, *options
    )
    assert run.code == 0, run.err
    assert run.err == "0 errors, 0 warnings in 1 file\n"
    [path] = set((project / "content" / "sops").iterdir()) - before
    check = run_handbook("check", str(project), "--today", TODAY)
    assert check.code == 0 and " error:" not in check.err, check.err
    sop = load_handbook(project).sops[path.stem]
    return Imported(made, project, path, path.read_text(encoding="utf-8"), sop, run.out)


def _steps(sop: Sop) -> list[dict[str, Any]]:
    """Each step's fields as written in the draft (Markdown source, trailing newline off)."""
    steps = []
    for step in sop.steps:
        fields: dict[str, Any] = {"action": step.action.source.rstrip("\n")}
        if step.standard:
            fields["standard"] = step.standard.source.rstrip("\n")
        if step.why:
            fields["why"] = step.why.source.rstrip("\n")
        if step.critical:
            fields["critical"] = True
        if step.time:
            fields["time"] = step.time
        if step.warnings:
            fields["warnings"] = [w.source.rstrip("\n") for w in step.warnings]
        steps.append(fields)
    return steps


def _header(sop: Sop) -> tuple[str, str, str, date, str]:
    return (sop.title, sop.code, sop.version, sop.effective, sop.owner)


def _mistakes(sop: Sop) -> list[tuple[str, str | None]]:
    return [
        (m.mistake.source, m.consequence.source if m.consequence else None)
        for m in sop.common_mistakes
    ]


def test_vietnamese_step_table_with_critical_marks(tmp_path: Path) -> None:
    got = _import(tmp_path, "vi-step-table")
    sop = got.sop
    assert got.path.name == "don-tiep-khach-tai-quay.yml"
    assert _header(sop) == (
        "Đón tiếp khách tại quầy",
        "SOP-LT-01",
        "1.2",
        date(2026, 1, 15),
        "truong-ca",
    )
    assert (
        sop.purpose.source
        == "Khách được chào đón **ngay khi bước vào** và thấy mình được *tôn trọng*."
    )
    assert sop.scope is not None and sop.scope.source == "Tất cả chi nhánh, ca sáng và ca chiều."
    assert sop.tools == ("Phần mềm đặt lịch", "Sổ khách")
    assert _steps(sop) == [
        {
            "action": "Chào khách",
            "standard": "Đứng dậy, mỉm cười",
            "critical": True,
            "time": "1 phút",
        },
        {"action": "Hỏi tên và lịch hẹn", "standard": "Gọi khách bằng tên", "time": "2 phút"},
        {"action": "Mời khách ngồi, mời nước", "critical": True},
        {"action": "Báo kỹ thuật viên", "standard": "Trong 3 phút", "critical": True},
    ]
    assert _mistakes(sop) == [
        ("Vừa nghe điện thoại vừa chào khách", "Khách thấy không được tôn trọng"),
        ("Quên hỏi lịch hẹn", None),
    ]
    assert got.text.endswith(
        "# not recognised:\n#   Lễ tân làm theo bảng sau:\n#   Ghi chú\n#   [bước 2, Ghi chú] Dùng anh/chị\n"
        "#   Người soạn: Lan\n"
    )
    assert (
        got.summary
        == "content/sops/don-tiep-khach-tai-quay.yml: 4 steps, 3 critical, 4 paragraphs not recognised\n"
    )
    # Comments in the document's language, and the spec's order of fields.
    assert "# Bản nháp nhập từ don-tiep.docx bằng 'handbook import' ngày 2026-11-29." in got.text
    keys = [line.split(":")[0] for line in got.text.splitlines() if line[:1].isalpha()]
    assert keys == [
        "title",
        "code",
        "version",
        "effective",
        "owner",
        "purpose",
        "scope",
        "tools",
        "steps",
        "common_mistakes",
    ]


def test_word_numbered_list_with_nested_bullets(tmp_path: Path) -> None:
    got = _import(tmp_path, "en-numbered-list")
    sop = got.sop
    assert _header(sop) == ("Opening the shop", "SOP-OPS-01", "2.1", date(2026, 3, 3), "shift-lead")
    assert sop.purpose.source == "Open on time with a clean, safe shop."
    assert _steps(sop) == [
        {"action": "Switch off the alarm", "critical": True},
        {
            "action": "Check the **fridges**:\n\n- milk below 5 °C\n- cakes *covered*",
            "standard": "every fridge checked and signed",
            "why": "warm milk makes guests ill",
        },
        {"action": "Unlock the door at 7:00, never earlier"},
    ]
    # The nested list is a real list in the page, inside its step.
    assert "<li>milk below 5 °C</li>" in sop.steps[1].action.html
    assert "# Draft imported from opening.docx" in got.text
    # "never" reads like a step that may not be skipped: the draft asks.
    assert (
        "  # Might be a critical step? If it may never be skipped: 'critical: true'.\n  - action: Unlock"
        in got.text
    )
    assert got.text.endswith("# not recognised:\n#   Notes\n#   Ask the manager when in doubt.\n")


def test_title_style_wins_over_a_first_heading(tmp_path: Path) -> None:
    got = _import(
        tmp_path, "vi-title-and-heading", "--owner", "chu-tiem", "--effective", "2026-05-01"
    )
    sop = got.sop
    assert _header(sop) == (
        "Kiểm kê kho cuối tuần",
        "SOP-KIEM-KE-KHO-CUOI-TUAN",
        "1.0",
        date(2026, 5, 1),
        "chu-tiem",
    )
    assert sop.purpose.source == "Số liệu kho khớp với sổ sách."
    assert _steps(sop) == [
        {"action": "Đếm hàng theo từng kệ"},
        {"action": "Ghi số lượng vào phiếu"},
    ]
    assert got.text.endswith(
        "# not recognised:\n#   Giới thiệu chung\n#   Tài liệu nội bộ của chuỗi Trà Sen.\n"
    )
    # Defaults are said where they were used, in Vietnamese.
    assert '# Tài liệu không ghi phiên bản: đặt tạm "1.0".\nversion: "1.0"\n' in got.text
    assert (
        "# Tài liệu không ghi ngày hiệu lực: lấy từ --effective.\neffective: 2026-05-01\n"
        in got.text
    )
    assert "# Người chịu trách nhiệm lấy từ --owner.\nowner: chu-tiem\n" in got.text
    assert "# Chưa có bước nào là trọng yếu." in got.text


def test_labels_without_diacritics_and_typed_numbers(tmp_path: Path) -> None:
    got = _import(tmp_path, "vi-unaccented", "--owner", "truong-ca")
    sop = got.sop
    assert _header(sop) == (
        "Quy trinh ve sinh may pha ca phe",
        "SOP-PC-05",
        "2.0",
        date(2026, 3, 1),
        "truong-ca",
    )
    assert sop.purpose.source == "May sach, ca phe khong bi dang."
    assert _steps(sop) == [
        {"action": "Tat may va rut dien"},
        {"action": "Thao tay cam, ngam nuoc nong"},
        {"action": "Lau khô và lắp lại", "standard": "khong con vet ca phe"},
    ]
    assert "# Bản nháp nhập từ" in got.text  # unaccented labels are still Vietnamese
    assert "not recognised" not in got.text


def test_google_docs_style_direct_formatting(tmp_path: Path) -> None:
    got = _import(
        tmp_path, "google-docs-style", "--owner", "shift-lead", "--effective", "2026-02-01"
    )
    sop = got.sop
    assert _header(sop) == (
        "Closing the till",
        "SOP-CLOSING-THE-TILL",
        "1.3",
        date(2026, 2, 1),
        "shift-lead",
    )
    assert sop.purpose.source == "The till balances at the end of every shift."
    assert sop.tools == ("Till", "counting tray", "calculator")
    assert _steps(sop) == [
        {"action": "Count the cash\n\n- notes first\n- then coins"},
        {"action": "Write the total in the **till book**"},
    ]
    assert _mistakes(sop) == [("Counting with the drawer open", "notes go missing")]
    assert got.summary.endswith(": 2 steps, 0 critical, 0 paragraphs not recognised\n")


def test_excel_step_sheet_with_tick_marks(tmp_path: Path) -> None:
    got = _import(tmp_path, "vi-step-sheet")
    sop = got.sop
    assert _header(sop) == ("Pha trà sen đá", "SOP-PC-02", "1.5", date(2026, 4, 1), "truong-ca")
    assert sop.purpose.source.startswith("TODO: ")  # the sheet has no purpose: a placeholder
    assert _steps(sop) == [
        {
            "action": "Tráng ly bằng nước sôi",
            "standard": "Ly nóng đều",
            "why": "Giữ nhiệt",
            "critical": True,
            "time": "30 giây",
        },
        {"action": "Cho trà và đá:\n\n- 5 g trà\n- 200 g đá", "standard": "Đúng định lượng"},
        {"action": "Lắc 10 lần rồi rót", "critical": True, "time": "1 phút"},
    ]
    assert _mistakes(sop) == [("Cho đá trước trà", "Trà nhạt")]
    strict = run_handbook("check", str(got.project), "--today", TODAY, "--strict")
    assert "warning: draft placeholder left in 'purpose'" in strict.err
    assert strict.code == 1  # --strict fails until the trainer writes the purpose


def test_fields_in_the_page_header(tmp_path: Path) -> None:
    got = _import(tmp_path, "vi-page-header", "--owner", "chu-tiem")
    sop = got.sop
    assert _header(sop) == ("QUY TRÌNH NHẬN HÀNG", "QT-07", "02", date(2026, 6, 1), "chu-tiem")
    assert sop.purpose.source == "Hàng nhận đủ, đúng hạn dùng."
    assert _steps(sop) == [
        {"action": "Kiểm tra số lượng theo phiếu", "critical": True},
        {"action": "Ký nhận"},
    ]
    # The header's other cells are kept, marked as coming from the page header.
    assert got.text.endswith(
        "# not recognised:\n#   [đầu trang] CÔNG TY TRÀ SEN\n#   [đầu trang] QUY TRÌNH\n"
        "#   [đầu trang] Trang 1/1\n"
    )


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_nothing_is_lost(name: str, tmp_path: Path) -> None:
    options = ("--owner", "chu-tiem", "--effective", "2026-01-01")
    got = _import(tmp_path, name, *options)
    assert missing_texts(got.made, got.text) == []


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_same_document_gives_the_same_draft(name: str, tmp_path: Path) -> None:
    first = _import(tmp_path / "a", name, "--owner", "chu-tiem")
    again = _import(tmp_path / "b", name, "--owner", "chu-tiem")
    assert first.text == again.text


def test_wingdings_ticks_mark_critical_steps(tmp_path: Path) -> None:
    """Word's Insert > Symbol tick (a `w:sym` in Wingdings) and a "ü" typed in Wingdings
    both show as ✓, so both mark the step critical."""
    document = docx.Document()
    document.add_paragraph("Khoá cửa cuối ngày", style="Title")
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Bước", "Thao tác", "Bắt buộc"), strict=True):
        cell.text = text
    for row, action in zip(table.rows[1:], ("Tắt điện", "Khoá cửa", "Kiểm tra két"), strict=True):
        row.cells[0].text, row.cells[1].text = str(row._index), action
    symbol = table.rows[1].cells[2].paragraphs[0].add_run()
    symbol._r.append(parse_xml(f'<w:sym {nsdecls("w")} w:font="Wingdings" w:char="F0FC"/>'))
    typed = table.rows[3].cells[2].paragraphs[0].add_run("ü")
    typed.font.name = "Wingdings"
    path = tmp_path / "khoa-cua.docx"
    document.save(str(path))
    project = import_project(tmp_path / "project")
    run = run_handbook("import", str(path), "--project", str(project), "--owner", "chu-tiem")
    assert (
        run.out
        == "content/sops/khoa-cua-cuoi-ngay.yml: 3 steps, 2 critical, 0 paragraphs not recognised\n"
    )
    sop = load_handbook(project).sops["khoa-cua-cuoi-ngay"]
    assert [step.critical for step in sop.steps] == [True, False, True]
