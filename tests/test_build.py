"""`handbook build` end to end on the example organisation: what a user gets on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render.common.labels import Labels

from support import MINIMAL, REPO, TODAY, copy_project, run_handbook
from support_site import (
    broken_links,
    files_containing,
    pagefind_fragments,
    pagefind_text,
    tree_digest,
)

MANAGERS_ONLY_MARKER = "đối soát tiền mặt với báo cáo POS"

pytestmark = pytest.mark.e2e


def _build(project: Path, out: Path, *extra: str) -> None:
    run = run_handbook("build", str(project), "--out", str(out), "--today", TODAY, *extra)
    assert run.code == 0, run.err + run.out
    assert "Traceback" not in run.err


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("staff") / "site"
    _build(REPO, out, "--no-pdf")
    return out


@pytest.fixture(scope="module")
def managers_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("managers") / "site"
    _build(REPO, out, "--no-pdf", "--audience", "managers")
    return out


def _ids(folder: str) -> list[str]:
    return sorted(path.stem for path in (REPO / folder).glob("*.yml"))


def _visible(folder: str) -> list[str]:
    return [
        item
        for item in _ids(folder)
        if "visibility: managers" not in (REPO / folder / f"{item}.yml").read_text(encoding="utf-8")
    ]


def test_every_item_has_a_page(staff_site: Path, managers_site: Path) -> None:
    for folder, section in (
        ("roles", "roles"),
        ("content/sops", "sops"),
        ("content/processes", "processes"),
        ("content/kpis", "kpis"),
        ("content/okrs", "okrs"),
    ):
        for item in _ids(folder):
            assert (managers_site / section / item / "index.html").is_file(), (section, item)
        for item in _visible(folder):
            assert (staff_site / section / item / "index.html").is_file(), (section, item)
    for page in ("index.html", "glossary/index.html", "raci/index.html"):
        assert (staff_site / page).is_file()


def test_every_link_and_anchor_resolves(staff_site: Path, managers_site: Path) -> None:
    assert broken_links(staff_site) == []
    assert broken_links(managers_site) == []


def test_managers_only_content_never_reaches_the_staff_edition(
    staff_site: Path, managers_site: Path
) -> None:
    assert files_containing(staff_site, MANAGERS_ONLY_MARKER) == []
    assert not (staff_site / "sops" / "kiem-quy-cuoi-ngay").exists()
    assert "kiem-quy-cuoi-ngay" not in (staff_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not (staff_site / "audit").exists() and not (staff_site / "checklists").exists()
    # No audit data either: the people audited, the auditors, the checklist tool.
    for audit_only in ("Lâm Thị Diễm My", "khách trả lời không", "checklist", "Checklist"):
        assert files_containing(staff_site, audit_only) == [], audit_only
        assert files_containing(managers_site, audit_only) != [], audit_only
    # No KPI results: notes and values that occur only in content/results/, no scorecard.
    assert not (staff_site / "scorecard").exists()
    for result_only in (
        "Thiếu 1 nhân viên buồng phòng ca chiều",
        "646.000 ₫",
        "89,6%",
        "scorecard",
    ):
        assert files_containing(staff_site, result_only) == [], result_only
        assert files_containing(managers_site, result_only) != [], result_only
    # Key results show the KPI's latest values inside the OKR's dates, managers only.
    okr = (managers_site / "okrs" / "2026-q4" / "index.html").read_text(encoding="utf-8")
    assert "Giá trị gần nhất: Thủ Đức · 2026-W44: 89,6% ✕ Chệch hướng" in okr
    assert files_containing(staff_site, "Giá trị gần nhất") == []


def test_the_staff_search_index_holds_nothing_managers_only(
    staff_site: Path, managers_site: Path
) -> None:
    # Pagefind's files are gzipped: a plain search of the site's bytes would not see their words.
    staff, managers = pagefind_text(staff_site), pagefind_text(managers_site)
    managers_only = [
        MANAGERS_ONLY_MARKER,  # a managers-only SOP's text
        "kiem-quy-cuoi-ngay",  # its URL
        "Lâm Thị Diễm My",  # audit data: a person audited
        "khách trả lời không",  # an audit note
        "Góp ý ngay sau khi thấy nhân viên quên check-in",  # a role's coaching note
        "Chuyên viên kiểm soát chất lượng",  # a managers-only role
        "Đánh giá tuân thủ quy trình tại chi nhánh",  # another managers-only SOP
        "Biên lợi nhuận chi nhánh",  # a managers-only KPI
    ]
    for text in managers_only:
        assert text not in staff, text
        assert text in managers, text
    staff_pages = {fragment["url"] for fragment in pagefind_fragments(staff_site)}
    assert "/sops/don-tiep-khach/" in staff_pages and "/van-hoa-phuc-vu/" in staff_pages
    assert not [url for url in staff_pages if url.startswith(("/audit/", "/checklists/"))]


def test_hand_written_pages_are_kept(staff_site: Path) -> None:
    page = staff_site / "van-hoa-phuc-vu" / "index.html"
    assert "Văn hoá phục vụ Hoa Sen" in page.read_text(encoding="utf-8")


def test_vietnamese_heading_anchor_keeps_its_letters(staff_site: Path) -> None:
    page = (staff_site / "van-hoa-phuc-vu" / "index.html").read_text(encoding="utf-8")
    # MkDocs' default slug would drop "đ" ("Quản lý là người kèm cặp" keeps all letters here).
    assert 'id="quan-ly-la-nguoi-kem-cap"' in page
    assert 'id="ba-dieu-chung-toi-giu-trong-moi-ca-lam-viec"' in page


def test_two_builds_are_identical(staff_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    _build(REPO, again, "--no-pdf")
    assert tree_digest(again) == tree_digest(staff_site)


def test_content_error_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    out = tmp_path / "out"
    _build(project, out, "--no-pdf")
    before = tree_digest(out)
    sop = project / "content" / "sops" / "pha-tra.yml"
    sop.write_text(sop.read_text(encoding="utf-8").replace("answer: 1", "answer: 7"), "utf-8")
    run = run_handbook("build", str(project), "--out", str(out), "--no-pdf", "--today", TODAY)
    assert run.code == 1
    assert "answer 7 is out of range" in run.err
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_output_folder_not_made_by_handbook_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    run = run_handbook("build", str(MINIMAL), "--out", str(out), "--no-pdf")
    assert run.code == 2 and "not created by handbook" in run.err
    assert (out / "thesis.docx").read_bytes() == b"precious"


@pytest.mark.parametrize("out", [".", "content", "roles/x"])
def test_unsafe_out_is_refused(tmp_path: Path, out: str) -> None:
    project = copy_project(MINIMAL, tmp_path / "p")
    run = run_handbook("build", str(project), "--out", str(project / out), "--no-pdf")
    assert run.code == 2 and "unsafe --out" in run.err


def test_english_project_has_english_labels(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "p")
    organisation = project / "content" / "organisation.yml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("language: vi", "language: en"), "utf-8"
    )
    vi_out, en_out = tmp_path / "vi", tmp_path / "en"
    _build(project, en_out, "--no-pdf")
    _build(copy_project(MINIMAL, tmp_path / "p-vi"), vi_out, "--no-pdf")
    english = (en_out / "sops" / "pha-tra" / "index.html").read_text(encoding="utf-8")
    vietnamese = (vi_out / "sops" / "pha-tra" / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in english and 'lang="vi"' in vietnamese
    for label in ("Purpose", "Steps", "Critical step", "Revision history", "Self-check"):
        assert label in english and label not in vietnamese
    for label in ("Mục đích", "Các bước thực hiện", "Lịch sử sửa đổi"):
        assert label in vietnamese and label not in english
    assert "01/03/2026" in vietnamese and "1 Mar 2026" in english


def test_english_starter_has_no_vietnamese_interface_text(tmp_path: Path) -> None:
    project = tmp_path / "starter"
    assert run_handbook("init", str(project), "--language", "en").code == 0
    out = tmp_path / "site"
    _build(project, out, "--no-pdf", "--audience", "managers")
    vietnamese, english = Labels("vi"), Labels("en")
    labels = {
        re.sub(r"\{\w+\}", "", vietnamese(key)).strip(" :·")
        for key in vietnamese.names()
        if not key.endswith("_one") and vietnamese(key) != english(key)
    }
    pages = {page: page.read_text(encoding="utf-8") for page in out.rglob("*.html")}
    assert len(pages) > 10
    leaks = sorted(
        f"{label!r} in {page.relative_to(out)}"
        for label in labels
        if len(label) >= 4
        for page, text in pages.items()
        if label in text
    )
    assert leaks == []
    home = pages[out / "index.html"]
    assert 'lang="en"' in home and "Search" in home
