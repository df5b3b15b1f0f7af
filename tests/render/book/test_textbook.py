"""The role book's print HTML (no WeasyPrint here: tests/render/test_book_pdf.py opens real PDFs)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator.check.project import validate_project
from generator.edition import NO_DATE, edition_date, for_audience
from generator.model.handbook import Audience, Handbook
from generator.render.book.textbook import EDITION_ID_PLACEHOLDER, BookView, book_document
from generator.render.common.print import ContentFiles, css_string, page_counter_css

from support import TODAY

WriteFiles = Callable[[Path, dict[str, str | bytes]], None]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _edition(project: Path, audience: Audience) -> Handbook:
    result = validate_project(project, today=date.fromisoformat(TODAY))
    assert not result.diagnostics.has_errors()
    return for_audience(result.handbook, audience)


def _html(project: Path, role_id: str, audience: Audience = "staff") -> str:
    edition = _edition(project, audience)
    return book_document(edition, role_id, edition_date=edition_date(edition)).html


def _text(html: str) -> str:
    """Visible text of the body, tags dropped and whitespace collapsed."""
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _margin_content(html: str, box: str) -> str:
    """The `content` the base template gives a page margin box (after the stylesheets)."""
    found = re.findall(rf"@{box} {{ content: (.*?); }}", html)
    assert found, box
    return str(found[-1])


def test_document_record(minimal_project: Path) -> None:
    edition = _edition(minimal_project, "staff")
    document = book_document(edition, "nhan-vien-pha-che", edition_date=date(2026, 3, 1))

    assert document.name == "pdf/nhan-vien-pha-che.pdf"
    assert document.title == "Giáo trình vị trí Nhân viên pha chế"
    assert document.author == "Tiệm Trà Sen"
    assert document.language == "vi"
    assert document.assets == ("assets/logo.svg",)
    assert '<html lang="vi">' in document.html
    assert "<title>Giáo trình vị trí Nhân viên pha chế</title>" in document.html
    assert '<meta name="author" content="Tiệm Trà Sen">' in document.html
    # The edition id: on the cover, in the running footer and in the acknowledgement.
    assert document.html.count(EDITION_ID_PLACEHOLDER) == 3
    assert "01/03/2026" in _text(document.html)
    # The reporting line: the role's manager, drawn with the role highlighted.
    assert '<figure class="diagram reporting-line">' in document.html
    assert 'aria-label="Sơ đồ tổ chức: Nhân viên pha chế"' in document.html


def test_same_model_same_html(minimal_project: Path) -> None:
    assert _html(minimal_project, "truong-ca") == _html(minimal_project, "truong-ca")


def test_chapters_in_book_order_and_empty_ones_left_out(minimal_project: Path) -> None:
    edition = _edition(minimal_project, "managers")
    chapters = BookView(edition, "nhan-vien-pha-che", date(2026, 3, 1)).chapters
    assert [(c.number, c.key) for c in chapters] == [
        ("1", "role"),
        ("2", "onboarding"),
        ("3", "processes"),
        ("4", "sops"),
        ("5", "kpis"),
        ("6", "self_check"),
        ("A", "answer_key"),
        ("B", "glossary"),
        ("C", "revisions"),
        ("D", "acknowledgement"),
    ]
    # The owner: no onboarding, processes, KPIs or quiz; the coaching guide (managers edition).
    keys = [c.key for c in BookView(edition, "chu-tiem", date(2026, 3, 1)).chapters]
    assert keys == ["role", "sops", "coaching", "glossary", "revisions", "acknowledgement"]


def test_links_only_to_what_the_book_holds(minimal_project: Path) -> None:
    html = _html(minimal_project, "nhan-vien-pha-che")
    # `[[sop:pha-tra]]` in a responsibility: the SOP is in this book.
    assert '<a href="#sop-pha-tra">Pha trà sen</a>' in html
    assert 'id="sop-pha-tra"' in html
    # The role's KPI and the glossary are in the book too (TOC and cross references).
    assert 'href="#kpi-thoi-gian-phuc-vu"' in html
    assert 'href="#ch-kpis"' in html
    # `[[role:truong-ca]]` in the owner's book: that role has no chapter there -> plain text.
    owner = _html(minimal_project, "chu-tiem", "managers")
    assert "Kèm cặp Trưởng ca." in _text(owner)
    assert 'href="#role-truong-ca"' not in owner
    assert not re.search(r'<a href="[^#"]', owner)  # no link leaves the book


def test_every_internal_link_has_a_target(minimal_project: Path) -> None:
    for role_id in ("nhan-vien-pha-che", "truong-ca", "chu-tiem"):
        html = _html(minimal_project, role_id, "managers")
        targets = set(re.findall(r'\sid="([^"]+)"', html))
        links = set(re.findall(r'href="#([^"]+)"', html))
        assert links and links <= targets, links - targets


def test_staff_book_has_no_coaching_and_managers_book_has(minimal_project: Path) -> None:
    coaching = "Mỗi tuần hỏi trưởng ca một điều cần cải thiện."
    assert coaching not in _text(_html(minimal_project, "chu-tiem", "staff"))
    assert coaching in _text(_html(minimal_project, "chu-tiem", "managers"))


def test_steps_critical_marks_targets_and_answers(minimal_project: Path) -> None:
    html = _html(minimal_project, "nhan-vien-pha-che")
    text = _text(html)
    # Critical steps carry the icon and the words (not colour alone): two in this SOP.
    assert html.count('class="critical-flag"') == 2
    assert "1 ⚠ Bước trọng yếu Tráng ấm bằng nước sôi." in text
    assert "2 Cho 5 g trà vào ấm." in text
    # This role's own target (none: the KPI's 5 minutes), the threshold as a rule, frequency.
    assert "Mục tiêu của vị trí 5 phút" in text
    assert "Lệch hướng khi trên 7 phút" in text
    assert "Hằng tuần" in text
    # The key result the role contributes to, with its target in the KPI's unit.
    assert "Thời gian phục vụ dưới 4 phút" in text
    assert "Mục tiêu: 4 phút" in text
    # The answer key: letter and choice.
    assert "B. 85 °C" in text
    # The process: this role's step is highlighted, with a mark that is not colour alone.
    mine = r'<tr class="mine">\s*<td class="num"><span class="mine-mark">▶</span>2<'
    assert re.search(mine, html)


def test_no_edition_date_printed_without_dates(minimal_project: Path) -> None:
    edition = _edition(minimal_project, "staff")
    html = book_document(edition, "truong-ca", edition_date=NO_DATE).html
    assert "Ngày ban hành" not in html
    assert "1980" not in html


def test_plain_text_is_escaped_everywhere(minimal_project: Path, write_files: WriteFiles) -> None:
    role_file = minimal_project / "roles" / "truong-ca.yml"
    source = role_file.read_text(encoding="utf-8")
    write_files(
        minimal_project,
        {
            "roles/truong-ca.yml": source.replace(
                "title: Trưởng ca", "title: 'Trưởng ca </style><script>x()</script> \"A\"'"
            )
        },
    )
    html = _html(minimal_project, "truong-ca")
    assert "<script>" not in html
    assert "&lt;/style&gt;&lt;script&gt;" in html
    # In the running header (a CSS string) the title is hex-escaped: no way out of <style>.
    header = _margin_content(html, "top-right")
    assert header.startswith('"Trưởng ca \\3c /style\\3e \\3c script\\3e x()')
    assert "<" not in header


def test_content_images_are_assets_and_file_links_become_text(
    minimal_project: Path, write_files: WriteFiles
) -> None:
    sop = minimal_project / "content" / "sops" / "pha-tra.yml"
    write_files(
        minimal_project,
        {
            "content/assets/am tra.png": PNG,
            "content/forms/phieu.pdf": b"%PDF-1.4\n",
            "content/sops/pha-tra.yml": sop.read_text(encoding="utf-8").replace(
                "    why: Ấm nóng giữ nhiệt cho trà.",
                "    why: Ấm nóng giữ nhiệt cho trà. Xem [phiếu mẫu](forms/phieu.pdf) và"
                " [trang nhà cung cấp](https://example.com/tra).\n"
                "    image: assets/am tra.png",
            ),
        },
    )
    document = book_document(
        _edition(minimal_project, "staff"), "nhan-vien-pha-che", edition_date=date(2026, 3, 1)
    )
    assert document.assets == ("assets/am tra.png", "assets/logo.svg")
    # A tagged PDF needs a text for each image: the step's action for a step's picture, the
    # organisation's name for its logo.
    assert '<img src="assets/am%20tra.png" alt="Tráng ấm bằng nước sôi.">' in document.html
    assert 'src="assets/logo.svg" alt="Tiệm Trà Sen"' in document.html
    assert "Xem phiếu mẫu và" in _text(document.html)
    assert "forms/phieu.pdf" not in document.html
    assert 'href="https://example.com/tra"' in document.html


def test_uncovered_characters_print_as_code_points(
    minimal_project: Path, write_files: WriteFiles
) -> None:
    sop = minimal_project / "content" / "sops" / "pha-tra.yml"
    write_files(
        minimal_project,
        {
            "content/sops/pha-tra.yml": sop.read_text(encoding="utf-8").replace(
                "Cho 5 g trà vào ấm.", "Cho 5 g trà vào ấm 𓀀."
            )
        },
    )
    text = _text(_html(minimal_project, "nhan-vien-pha-che"))
    assert "Cho 5 g trà vào ấm [U+13000]." in text
    assert "𓀀" not in text


def test_english_labels(tmp_path: Path, write_files: WriteFiles) -> None:
    write_files(
        tmp_path,
        {
            "content/organisation.yml": "name: Lotus Tea\nlanguage: en\n"
            "departments:\n  - id: bar\n    name: Bar\n",
            "content/sops/brew.yml": "title: Brew tea\ncode: SOP-1\nversion: '1.0'\n"
            "effective: 2026-01-15\nowner: barista\npurpose: Same taste.\n"
            "steps:\n  - action: Rinse the pot.\n    critical: true\n",
            "roles/barista.yml": "title: Barista\ndepartment: bar\npurpose: Brew.\n"
            "responsibilities: [Brew tea]\nsops: [brew]\n",
        },
    )
    edition = _edition(tmp_path, "staff")
    document = book_document(edition, "barista", edition_date=edition_date(edition))
    text = _text(document.html)
    assert document.title == "Barista textbook"
    assert '<figure class="diagram reporting-line">' not in document.html  # nothing to draw
    assert "Edition date 15 Jan 2026" in text
    assert "Chapter 1 The role" in text
    assert "⚠ Critical step" in text
    assert _margin_content(document.html, "bottom-right") == (
        '"page " counter(page) " / " counter(pages)'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoa Sen", '"Hoa Sen"'),
        ('a"b\\c', '"a\\22 b\\5c c"'),
        ("</style>", '"\\3c /style\\3e "'),
        ("Trà · sen", '"Trà · sen"'),
    ],
)
def test_css_string(text: str, expected: str) -> None:
    assert css_string(text) == expected


def test_page_counter_css() -> None:
    assert page_counter_css("trang {page} / {pages}") == (
        '"trang " counter(page) " / " counter(pages)'
    )
    assert page_counter_css("{page}/{pages}") == 'counter(page) "/" counter(pages)'


def test_content_files_records_images_and_unlinks_files() -> None:
    files = ContentFiles()
    html = files.content_html(
        '<p><img alt="a > b" src="assets/x%20y.png"> <a href="forms/f.pdf" title="x>y">form</a>'
        ' <a href="#sop-a">in</a> <a href="tel:+84901">call</a></p>'
    )
    assert files.assets == ("assets/x y.png",)
    assert html == (
        '<p><img alt="a > b" src="assets/x%20y.png"> form'
        ' <a href="#sop-a">in</a> <a href="tel:+84901">call</a></p>'
    )


def test_content_images_without_alt_text_are_named_by_their_file() -> None:
    html = ContentFiles().content_html(
        '<p><img alt="" src="assets/b%C3%A0n%20tr%C3%A0.png"> <img alt="Ấm" src="a.png"></p>'
    )
    assert (
        html
        == '<p><img alt="bàn trà.png" src="assets/b%C3%A0n%20tr%C3%A0.png"> <img alt="Ấm" src="a.png"></p>'
    )
