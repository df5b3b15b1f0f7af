"""The role books of the example organisation as PDFs, read back as a reader's tools see them:
pypdfium2 for text, pypdf for structure (outline, fonts, links, metadata).

Writes page images to `test-artifacts/books/` at the repository root for a person to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from generator.check.project import validate_project
from generator.edition import edition_date, for_audience, source_date_epoch
from generator.fontset import fonts_dir
from generator.model.handbook import Audience, Handbook
from generator.render.book.textbook import BookView, book_document
from generator.write.pdf import render_pdfs

from support import REPO, TODAY

pytestmark = pytest.mark.e2e

ARTIFACTS = REPO / "test-artifacts" / "books"
MANAGERS_ONLY_SOP = "kiem-quy-cuoi-ngay"
TARGET_LABEL = "Mục tiêu của vị trí".upper()  # the stylesheet prints this label in capitals


@dataclass
class Book:
    role_id: str
    path: Path
    edition: Handbook

    @cached_property
    def pages(self) -> list[str]:
        """Each page's text, whitespace collapsed (lines joined with a space)."""
        pdf = pdfium.PdfDocument(self.path)
        try:
            return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
        finally:
            pdf.close()

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @property
    def view(self) -> BookView:
        return BookView(self.edition, self.role_id, edition_date(self.edition))


def _render(edition: Handbook, out: Path, role_ids: list[str] | None = None) -> dict[str, Book]:
    day = edition_date(edition)
    ids = role_ids or list(edition.roles)
    documents = [book_document(edition, role_id, edition_date=day) for role_id in ids]
    paths = render_pdfs(
        documents,
        out_dir=out,
        content_dir=REPO / "content",
        jobs=None,
        timeout=300.0,
        source_date_epoch=source_date_epoch(day),
        progress=False,
    )
    return {role_id: Book(role_id, path, edition) for role_id, path in zip(ids, paths, strict=True)}


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    result = validate_project(REPO, today=date.fromisoformat(TODAY))
    assert not result.diagnostics.has_errors()
    return result.handbook


def _edition_books(
    handbook: Handbook, audience: Audience, factory: pytest.TempPathFactory
) -> dict[str, Book]:
    return _render(for_audience(handbook, audience), factory.mktemp(audience))


@pytest.fixture(scope="module")
def staff_books(handbook: Handbook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Book]:
    return _edition_books(handbook, "staff", tmp_path_factory)


@pytest.fixture(scope="module")
def managers_books(handbook: Handbook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Book]:
    return _edition_books(handbook, "managers", tmp_path_factory)


def _plain(source: str) -> bool:
    """Markdown that prints exactly as written (no markup, links or entities)."""
    return not re.search(r"[*_`\[\]<>&#\\]|\n\s*\n|^\s*[-+]\s", source)


def test_every_role_has_a_book(
    handbook: Handbook, staff_books: dict[str, Book], managers_books: dict[str, Book]
) -> None:
    assert set(managers_books) == set(handbook.roles)
    staff_roles = {r.id for r in handbook.roles.values() if r.visibility == "staff"}
    assert set(staff_books) == staff_roles
    assert len(managers_books) > len(staff_books)  # the example has a managers-only role


def test_page_count_is_plausible(managers_books: dict[str, Book]) -> None:
    for book in managers_books.values():
        view = book.view
        # Cover, contents, then every chapter and every SOP on a page of its own at least.
        least = 2 + len(view.chapters) + len(view.sops)
        assert least <= len(book.pages) <= 10 * least, book.role_id


def test_outline_mirrors_chapters_and_sops(managers_books: dict[str, Book]) -> None:
    for book in managers_books.values():
        view = book.view
        expected: list[object] = []
        for chapter in view.chapters:
            expected.append(chapter.title)
            if chapter.key == "sops":
                expected.append([sop.title for sop in view.sops])
        outline = [
            [child.title for child in item] if isinstance(item, list) else item.title
            for item in book.reader.outline
        ]
        assert outline == expected, book.role_id


def test_text_holds_the_content_verbatim(staff_books: dict[str, Book]) -> None:
    checked_actions = 0
    for book in staff_books.values():
        view = book.view
        assert view.role.title in book.pages[0]
        for sop in view.sops:
            assert sop.title in book.text, (book.role_id, sop.title)
            for step in sop.steps:
                if _plain(step.action.source):
                    assert " ".join(step.action.source.split()) in book.text, step.action.source
                    checked_actions += 1
        for entry in view.kpis:
            target = view.locale.quantity(entry.target, entry.kpi.unit)
            assert f"{entry.kpi.name} {TARGET_LABEL} {target}" in book.text
    assert checked_actions > 50


def test_kpi_targets_are_the_roles_own_in_vi_format(staff_books: dict[str, Book]) -> None:
    text = staff_books["nhan-vien-le-tan"].text
    assert f"Tỷ lệ lịch hẹn được xác nhận từ hôm trước {TARGET_LABEL} 98%" in text
    assert f"Tỷ lệ khách đặt lịch tiếp trước khi ra về {TARGET_LABEL} 40%" in text


def test_staff_books_hold_no_managers_only_text(
    handbook: Handbook, staff_books: dict[str, Book], managers_books: dict[str, Book]
) -> None:
    hidden = [handbook.sops[MANAGERS_ONLY_SOP].title, handbook.sops[MANAGERS_ONLY_SOP].code]
    hidden += [s.title for s in handbook.sops.values() if s.visibility == "managers"]
    hidden += [k.name for k in handbook.kpis.values() if k.visibility == "managers"]
    coaching = [
        " ".join(item.source.split())
        for role in handbook.roles.values()
        for item in role.coaching
        if _plain(item.source)
    ]
    assert coaching
    for book in staff_books.values():
        for text in [*hidden, *coaching]:
            assert text not in book.text, (book.role_id, text)
    # The same strings do reach the managers edition, so the check above can fail.
    managers_text = " ".join(book.text for book in managers_books.values())
    for text in [*hidden, *coaching]:
        assert text in managers_text, text


def test_coaching_guide_in_managers_books(managers_books: dict[str, Book]) -> None:
    book = managers_books["nhan-vien-le-tan"]
    assert "Hướng dẫn kèm cặp" in [
        item.title for item in book.reader.outline if not isinstance(item, list)
    ]
    assert "Góp ý ngay sau khi thấy nhân viên quên check-in hoặc quên nói giá" in book.text


def _family(font: TTFont) -> str:
    return str(font["name"].getDebugName(1))


def test_fonts_are_embedded_and_only_shipped_ones(managers_books: dict[str, Book]) -> None:
    shipped = set()
    for path in fonts_dir().glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            shipped.add(_family(font))
    for book in managers_books.values():
        fonts = _fonts(book.reader)
        used = set()
        for name, descriptor in fonts.items():
            assert "/FontFile2" in descriptor, name  # embedded TrueType
            data = descriptor["/FontFile2"].get_object().get_data()
            with TTFont(io.BytesIO(data)) as embedded:
                used.add(_family(embedded))
        assert used <= shipped, book.role_id
        assert {"Be Vietnam Pro", "Be Vietnam Pro SemiBold", "JetBrains Mono"} <= used


def _fonts(reader: PdfReader) -> dict[str, DictionaryObject]:
    """BaseFont name -> font descriptor, for every font a page or a form XObject uses."""
    found: dict[str, DictionaryObject] = {}
    seen: set[int] = set()

    def visit(resources: DictionaryObject) -> None:
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                if "/FontDescriptor" in part:
                    found[str(part["/BaseFont"]).lstrip("/")] = part["/FontDescriptor"].get_object()
        for xobject in resources.get("/XObject", {}).values():
            if isinstance(xobject, IndirectObject):
                if xobject.idnum in seen:
                    continue
                seen.add(xobject.idnum)
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"].get_object())

    for page in reader.pages:
        visit(page["/Resources"].get_object())
    return found


def _internal_links(reader: PdfReader, page_index: int) -> int:
    count = 0
    for annotation in reader.pages[page_index].get("/Annots", []):
        annotation = annotation.get_object()
        action = annotation.get("/A", {})
        if annotation.get("/Subtype") == "/Link" and (
            "/Dest" in annotation or action.get("/S") == "/GoTo"
        ):
            count += 1
    return count


def test_contents_and_references_link_inside_the_book(staff_books: dict[str, Book]) -> None:
    book = staff_books["nhan-vien-le-tan"]
    view = book.view
    contents = next(i for i, text in enumerate(book.pages) if text.startswith("Mục lục"))
    entries = len(view.chapters) + len(view.sops) + len(view.processes)
    assert _internal_links(book.reader, contents) >= entries
    # The role chapter: its responsibilities link to SOPs with `[[sop:...]]`.
    role_page = next(i for i, text in enumerate(book.pages) if "CHƯƠNG 1" in text)
    assert _internal_links(book.reader, role_page) >= 2


def test_running_header_and_footer(staff_books: dict[str, Book]) -> None:
    book = staff_books["nhan-vien-le-tan"]
    view = book.view
    codes = {sop.code for sop in view.sops}
    # The margin boxes come last in a page's text: header left and right, footer left and right.
    furniture = re.compile(r"HOA SEN SPA Nhân viên lễ tân (.+?) trang (\d+) / (\d+)$")
    total = len(book.pages)
    assert "trang" not in book.pages[0]  # the cover has none
    sop_pages = 0
    for number, text in enumerate(book.pages[1:], start=2):
        match = furniture.search(text)
        assert match, (number, text[-120:])
        footer, page, pages = match.groups()
        assert (page, pages) == (str(number), str(total))
        if footer in codes:  # an SOP page: the code of the SOP that starts or goes on here
            sop_pages += 1
            starting = [sop.code for sop in view.sops if f"{sop.code} {sop.title}" in text]
            assert starting in ([], [footer]), (number, starting, footer)
        else:
            assert re.fullmatch(r"nhan-vien-le-tan · [0-9a-f]{8}", footer), footer
    assert sop_pages >= len(codes)


def test_edition_id_on_cover_footer_and_acknowledgement(staff_books: dict[str, Book]) -> None:
    book = staff_books["nhan-vien-le-tan"]
    edition = re.search(r"Ấn bản ([0-9a-f]{8})", book.pages[0])
    assert edition
    assert f"nhan-vien-le-tan · {edition.group(1)}" in book.pages[1]
    assert f"ấn bản {edition.group(1)}." in book.pages[-1]
    assert "Ngày ban hành " + book.view.locale.date(edition_date(book.edition)) in book.pages[0]


def test_metadata(staff_books: dict[str, Book]) -> None:
    book = staff_books["nhan-vien-le-tan"]
    metadata = book.reader.metadata
    assert metadata is not None
    assert metadata.title == "Giáo trình vị trí Nhân viên lễ tân"
    assert metadata.author == "Công ty TNHH Dịch vụ Hoa Sen"
    assert book.reader.trailer["/Root"]["/Lang"] == "vi"


def test_two_renders_give_identical_bytes(
    handbook: Handbook, staff_books: dict[str, Book], tmp_path: Path
) -> None:
    again = _render(for_audience(handbook, "staff"), tmp_path, ["nhan-vien-le-tan", "truong-ca"])
    for role_id, book in again.items():
        assert book.path.read_bytes() == staff_books[role_id].path.read_bytes(), role_id


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_page_images_for_a_person_to_look_at(
    staff_books: dict[str, Book], managers_books: dict[str, Book]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chosen = {  # a page that only this kind of book has: a critical step, the coaching guide
        "staff": (staff_books["nhan-vien-le-tan"], "sop-critical-step", "⚠ BƯỚC TRỌNG YẾU"),
        "managers": (managers_books["truong-ca"], "coaching", "Hướng dẫn kèm cặp Gợi ý"),
    }
    for edition, (book, special, marker) in chosen.items():
        pages = {
            "cover": 0,
            "contents": 1,
            "role": next(i for i, t in enumerate(book.pages) if "CHƯƠNG 1" in t),
            special: next(i for i, t in enumerate(book.pages) if marker in t),
            "acknowledgement": len(book.pages) - 1,
        }
        for label, index in pages.items():
            target = ARTIFACTS / f"{edition}-{book.role_id}-{label}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "100",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(index + 1),
                    "-l",
                    str(index + 1),
                    str(book.path),
                    str(target),
                ],
                check=True,
            )
            with Image.open(target.with_suffix(".png")) as image:
                assert image.size == (827, 1170)  # A4 at 100 dpi
                low, high = image.convert("L").getextrema()
                assert low < 100 and high > 240  # ink on paper, not a blank page
