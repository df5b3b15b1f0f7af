"""Books and checklists built from the CLI, read back as assistive tools and phones read them:
the structure tree and language (pypdf) and the QR codes printed beside each SOP (page images
from poppler's `pdftoppm`, decoded with zbar)."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from pyzbar.pyzbar import decode

from generator.model.handbook import Handbook

from support import MINIMAL, TODAY, copy_project, load_handbook, run_handbook

pytestmark = pytest.mark.e2e

SITE_URL = "https://handbook.example.vn/tra-sen"  # no trailing slash: one is added


def _build(project: Path, out: Path) -> Path:
    run = run_handbook(
        "build", str(project), "--out", str(out), "--audience", "managers", "--today", TODAY
    )
    assert run.code == 0, run.err
    return out


@pytest.fixture(scope="module")
def vi_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Handbook, Path]:
    root = tmp_path_factory.mktemp("vi")
    project = copy_project(MINIMAL, root / "project")
    (project / "mkdocs.yml").write_text(f"site_url: {SITE_URL}\n", encoding="utf-8")
    return load_handbook(project), _build(project, root / "out")


@pytest.fixture(scope="module")
def en_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English, and no mkdocs.yml at all: no site_url, so no QR codes."""
    root = tmp_path_factory.mktemp("en")
    project = copy_project(MINIMAL, root / "project")
    organisation = project / "content" / "organisation.yml"
    text = organisation.read_text(encoding="utf-8").replace("language: vi", "language: en")
    organisation.write_text(text, encoding="utf-8")
    return _build(project, root / "out")


def _pdfs(out: Path) -> list[Path]:
    found = sorted(out.glob("pdf/*.pdf")) + sorted(out.glob("checklists/*.pdf"))
    assert len(found) >= 4  # books and checklists both
    return found


def _elements(node: DictionaryObject) -> list[DictionaryObject]:
    """The structure elements below `node`, depth first (in reading order)."""
    found: list[DictionaryObject] = []
    kids = node.get("/K")
    for item in kids if isinstance(kids, ArrayObject) else [kids]:
        element = item.get_object() if item is not None else None
        if isinstance(element, DictionaryObject) and "/S" in element:
            found.append(element)
            found.extend(_elements(element))
    return found


def _assert_tagged(path: Path, language: str) -> list[str]:
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"], path.name
    assert catalog["/Lang"] == language, path.name
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], path.name
    assert reader.metadata is not None and reader.metadata.title, path.name
    elements = _elements(catalog["/StructTreeRoot"].get_object())
    # Each element names the page it is on: every page with content, the last one too.
    pages = {page.indirect_reference.idnum for page in reader.pages}
    named = {element.raw_get("/Pg").idnum for element in elements if "/Pg" in element}
    assert named <= pages and reader.pages[-1].indirect_reference.idnum in named, path.name
    return [str(element["/S"]) for element in elements]


def test_books_and_checklists_are_tagged_in_their_language(
    vi_site: tuple[Handbook, Path], en_site: Path
) -> None:
    for out, language in ((vi_site[1], "vi"), (en_site, "en")):
        for path in _pdfs(out):
            tags = _assert_tagged(path, language)
            assert "/H1" in tags, path.name
            assert "/TH" in tags and "/Table" in tags, path.name


def test_document_titles(vi_site: tuple[Handbook, Path], en_site: Path) -> None:
    handbook, out = vi_site
    title = PdfReader(out / "pdf" / "truong-ca.pdf").metadata.title
    assert title == f"Giáo trình vị trí {handbook.roles['truong-ca'].title}"
    english = PdfReader(en_site / "checklists" / "role-truong-ca.pdf").metadata.title
    assert english.startswith("Audit checklist: ") and handbook.roles["truong-ca"].title in english


def test_headings_never_skip_a_level(vi_site: tuple[Handbook, Path]) -> None:
    for path in _pdfs(vi_site[1]):
        levels = [int(tag[2]) for tag in _assert_tagged(path, "vi") if tag[:2] == "/H"]
        assert levels[0] == 1, path.name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path.name, levels)


def test_every_data_cell_knows_its_headers(vi_site: tuple[Handbook, Path]) -> None:
    """In a table with header cells, each data cell lists the headers that name it (column
    headers, and row headers where `th scope="row"`), so a screen reader can announce them."""
    out = vi_site[1]
    for path in (out / "pdf" / "truong-ca.pdf", out / "checklists" / "role-truong-ca.pdf"):
        root = PdfReader(path).trailer["/Root"]["/StructTreeRoot"].get_object()
        tables = [element for element in _elements(root) if element["/S"] == "/Table"]
        checked = 0
        for table in tables:
            cells = _elements(table)
            ids = {str(cell["/ID"]) for cell in cells if cell["/S"] == "/TH"}
            if not ids:
                continue
            for cell in cells:
                if cell["/S"] == "/TD":
                    headers = [str(h) for h in cell["/A"].get_object().get("/Headers", [])]
                    assert headers and set(headers) <= ids, (path.name, headers)
                    checked += 1
        assert checked > 10, path.name


def _qr_codes(path: Path, tmp_path: Path) -> list[list[str]]:
    """The QR codes on each page, read from 150 dpi page images."""
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{path.stem}-*.png"))
    assert pages
    return [[code.data.decode("utf-8") for code in decode(Image.open(page))] for page in pages]


def _sop_url(sop_id: str) -> str:
    return f"{SITE_URL}/sops/{sop_id}/"


def test_each_sop_chapter_prints_a_qr_code_of_its_page(
    vi_site: tuple[Handbook, Path], tmp_path: Path
) -> None:
    handbook, out = vi_site
    for role_id, role in handbook.roles.items():
        found = [
            code for page in _qr_codes(out / "pdf" / f"{role_id}.pdf", tmp_path) for code in page
        ]
        assert found == [_sop_url(sop_id) for sop_id in role.sops], role_id


def test_each_sop_block_of_a_checklist_prints_its_qr_code(
    vi_site: tuple[Handbook, Path], tmp_path: Path
) -> None:
    handbook, out = vi_site
    checklists = sorted((out / "checklists").glob("*.pdf"))
    assert checklists
    for path in checklists:
        found = [code for page in _qr_codes(path, tmp_path) for code in page]
        assert found, path.name
        assert len(found) == len(set(found)), path.name  # an SOP appears once
        assert all(code.removeprefix(SITE_URL + "/sops/")[:-1] in handbook.sops for code in found)


def test_the_url_beside_the_code_is_a_link(vi_site: tuple[Handbook, Path]) -> None:
    reader = PdfReader(vi_site[1] / "pdf" / "nhan-vien-pha-che.pdf")
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert _sop_url("pha-tra") in uris


def test_no_qr_code_without_site_url(en_site: Path, tmp_path: Path) -> None:
    for path in _pdfs(en_site):
        assert not any(_qr_codes(path, tmp_path)), path.name
