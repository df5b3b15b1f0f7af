"""Site search: the Pagefind index the build writes, and Material's search box answered from
it in real headless Chromium (served over http, as search needs)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from generator.write.search import (
    INDEX_FOLDER,
    SearchIndexError,
    index_site,
    indexed_form,
    indexed_page,
)

from support import MINIMAL, TODAY, copy_project, run_handbook
from support_site import (
    CHROMIUM_ARGS,
    pagefind_fragments,
    search_pages,
    serve_folder,
    tree_digest,
)


def _material_page(title: str, article: str) -> str:
    return (
        f'<!doctype html><html lang="vi"><head><title>{title}</title></head><body>'
        '<nav class="md-nav">Điều hướng: mọi trang</nav><div class="md-content">'
        f'<article class="md-content__inner md-typeset">{article}</article></div>'
        "<footer>Chân trang</footer></body></html>"
    )


def test_d_with_stroke_is_indexed_as_a_letter_that_folds_to_d() -> None:
    assert indexed_form("Đón khách đúng giờ") == "Ďón khách ďúng giờ"
    # Pagefind folds a word by NFD and dropping the marks: ď reaches d, đ would not.
    for letter, folded in (("ď", "d"), ("Ď", "D"), ("đ", "đ")):
        marks = unicodedata.normalize("NFD", letter)
        assert "".join(c for c in marks if not unicodedata.combining(c)) == folded


def test_indexed_page_is_the_article_alone_in_the_site_language() -> None:
    page = _material_page("Đón khách - Cẩm nang", '<h1 id="don-khach">Đón khách</h1><p>Chào.</p>')
    document = indexed_page(page, "vi")
    assert document is not None
    assert '<html lang="vi">' in document and "<title>Đón khách - Cẩm nang</title>" in document
    assert '<h1 id="don-khach">Ďón khách</h1><p>Chào.</p>' in document
    assert "Điều hướng" not in document and "Chân trang" not in document
    assert indexed_page("<html><body><p>Chuyển hướng…</p></body></html>", "vi") is None


def _small_site(root: Path) -> Path:
    pages = {
        "index.html": _material_page("Trang chủ", "<h1>Trang chủ</h1><p>Chào mừng.</p>"),
        "sops/dung-gio/index.html": _material_page(
            "Đúng giờ",
            '<h1 id="dung-gio">Đúng giờ<a class="headerlink" href="#dung-gio">¶</a></h1>'
            "<p><span data-search-exclude>Nhãn</span>Mở cửa đúng 7 giờ.</p>"
            '<h2 id="step-1">Bước 1</h2><p>Bật đèn.</p>',
        ),
        "404.html": _material_page("404", "<h1>404</h1><p>Không có trang này.</p>"),
        "redirect/index.html": "<html><body>Chuyển hướng</body></html>",
    }
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_index_site_writes_one_fragment_per_page_without_what_is_ignored(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site")
    assert index_site(site, "vi") == 2
    fragments = {fragment["url"]: fragment for fragment in pagefind_fragments(site)}
    assert sorted(fragments) == ["/", "/sops/dung-gio/"]
    sop = fragments["/sops/dung-gio/"]
    assert sop["meta"]["title"] == "Đúng giờ"  # no permalink sign
    assert "Mở cửa đúng 7 giờ." in sop["content"] and "Bật đèn." in sop["content"]
    assert "Nhãn" not in sop["content"] and "¶" not in sop["content"]
    assert "step-1" in [anchor["id"] for anchor in sop["anchors"]]
    # Only what the search worker loads: Pagefind's own interfaces and worker are not shipped.
    names = {path.name for path in (site / INDEX_FOLDER).iterdir()}
    assert "pagefind.js" in names and "pagefind-worker.js" not in names
    assert not [name for name in names if "-ui" in name or "highlight" in name]


def test_index_site_is_deterministic(tmp_path: Path) -> None:
    first, second = _small_site(tmp_path / "a"), _small_site(tmp_path / "b")
    index_site(first, "vi")
    index_site(second, "vi")
    index_site(second, "vi")  # rebuilt over an index of its own (handbook serve)
    assert tree_digest(first / INDEX_FOLDER) == tree_digest(second / INDEX_FOLDER)


def test_a_failing_pagefind_is_an_error_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'cannot index' >&2\nexit 2\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr("pagefind_bin.get_executable", lambda: broken)
    with pytest.raises(SearchIndexError, match=r"Pagefind failed \(2\): cannot index"):
        index_site(_small_site(tmp_path / "site"), "vi")


# --- in the browser ---------------------------------------------------------------------------

_SOPS = {
    # "đúng" only in the text; the title matches "dung" folded.
    "kiem-tra-gio": (
        "Kiểm tra giờ mở cửa",
        "Mở cửa đúng giờ mỗi sáng.",
        ["Đến sớm 15 phút.", "Bật đèn biển hiệu."],
    ),
    "khan-sach": (
        "Dùng khăn sạch cho khách",
        "Khăn sạch cho mỗi khách.",
        ["Gấp khăn thành ba.", "Xếp khăn vào tủ ấm."],
    ),
    # "trà sen" in the text only, three times; "Pha trà sen" has it in its title.
    "ve-sinh-am": (
        "Vệ sinh ấm",
        "Ấm sạch giữ hương trà sen.",
        ["Đổ bã trà sen.", "Rửa ấm trà sen bằng nước nóng."],
    ),
    # Text that looks like HTML: results must show it, never run it.
    "nhan-chai": (
        "Nhãn <b>in</b> chai",
        "Dán nhãn `<img src=x onerror=window.__hacked=1>` lên chai.",
        ["Ghi ngày mở nắp."],
    ),
}


def _sop_yaml(sop_id: str, title: str, purpose: str, steps: list[str]) -> str:
    lines = [
        f"title: {title}",
        f"code: {sop_id.upper()}",
        'version: "1.0"',
        "effective: 2026-02-01",
    ]
    lines += ["owner: truong-ca", f"purpose: {purpose}", "steps:"]
    lines += [f"  - action: {step}" for step in steps]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def vietnamese_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-vi")
    project = copy_project(MINIMAL, root / "project")
    for sop_id, (title, purpose, steps) in _SOPS.items():
        (project / "content" / "sops" / f"{sop_id}.yml").write_text(
            _sop_yaml(sop_id, title, purpose, steps), encoding="utf-8"
        )
    (project / "docs").mkdir()
    (project / "docs" / "noi-quy.md").write_text(
        "# Nội quy quầy\n\nĐeo bảng tên suốt ca làm việc.\n", encoding="utf-8"
    )
    out = root / "site"
    run = run_handbook("build", str(project), "--out", str(out), "--no-pdf", "--today", TODAY)
    assert run.code == 0, run.err
    return out


def test_list_rows_index_title_and_code_as_separate_words(vietnamese_site: Path) -> None:
    # A row shows its title and code as blocks of a grid; without a space between them in the
    # source, Pagefind indexed "kháchKHAN-SACH" as one word (and a screen reader read it so).
    fragments = {
        fragment["url"]: fragment["content"] for fragment in pagefind_fragments(vietnamese_site)
    }
    assert "Dùng khăn sạch cho khách KHAN-SACH" in fragments["/sops/"]
    assert not any("kháchKHAN-SACH" in content for content in fragments.values())
    assert "KHAN-SACH Phiên bản 1.0" in fragments["/sops/khan-sach/"]  # the SOP's own head
    assert "Bước 1: Gấp khăn thành ba." in fragments["/sops/khan-sach/"]


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-en")
    project = copy_project(MINIMAL, root / "project")
    organisation = project / "content" / "organisation.yml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("language: vi", "language: en"), "utf-8"
    )
    (project / "content" / "sops" / "clean-machine.yml").write_text(
        _sop_yaml(
            "clean-machine",
            "Cleaning the espresso machine",
            "Coffee tastes burnt when the machine is dirty.",
            ["Flush the group heads.", "Soak the portafilters overnight."],
        ),
        encoding="utf-8",
    )
    out = root / "site"
    run = run_handbook("build", str(project), "--out", str(out), "--no-pdf", "--today", TODAY)
    assert run.code == 0, run.err
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def vietnamese(browser: object, vietnamese_site: Path) -> Iterator[Page]:
    with serve_folder(vietnamese_site) as url:
        page: Page = browser.new_page(viewport={"width": 390, "height": 800})  # type: ignore[attr-defined]
        page.goto(url)
        yield page
        page.close()


@pytest.fixture(scope="module")
def english(browser: object, english_site: Path) -> Iterator[Page]:
    with serve_folder(english_site) as url:
        page: Page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
        page.goto(url)
        yield page
        page.close()


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pha trà sen", "sops/pha-tra/"),
        ("pha tra sen", "sops/pha-tra/"),
        ("PHA TRA", "sops/pha-tra/"),
        ("đúng giờ", "sops/kiem-tra-gio/"),
        ("dung gio", "sops/kiem-tra-gio/"),
        ("Đeo bảng tên", "noi-quy/"),  # a hand-written docs/ page
        ("deo bang ten", "noi-quy/"),
    ],
)
def test_vietnamese_queries_find_pages_with_or_without_diacritics(
    vietnamese: Page, query: str, expected: str
) -> None:
    assert search_pages(vietnamese, query)[0] == expected


@pytest.mark.e2e
def test_dung_finds_dung_with_d_stroke(vietnamese: Page) -> None:
    pages = search_pages(vietnamese, "dung")
    assert "sops/kiem-tra-gio/" in pages  # only "đúng" there
    assert "sops/khan-sach/" in pages  # "Dùng"


@pytest.mark.e2e
def test_every_query_word_must_match(vietnamese: Page) -> None:
    # "Gấp khăn" and "Bật đèn" are steps of two different SOPs.
    assert search_pages(vietnamese, "gấp") == ["sops/khan-sach/"]
    assert search_pages(vietnamese, "đèn")[0] == "sops/kiem-tra-gio/"
    assert search_pages(vietnamese, "gấp đèn") == []
    assert search_pages(vietnamese, "khan xyzzy") == []
    both = search_pages(vietnamese, "dung khan")
    assert both[0] == "sops/khan-sach/" and "sops/kiem-tra-gio/" not in both


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("query", "first"),
    [
        # Exact words first, even over a title that matches only folded.
        ("đúng", "sops/kiem-tra-gio/"),
        ("dùng", "sops/khan-sach/"),
        # Then a title match above text matches.
        ("trà sen", "sops/pha-tra/"),
        ("tra sen", "sops/pha-tra/"),
    ],
)
def test_exact_matches_rank_first_then_titles(vietnamese: Page, query: str, first: str) -> None:
    pages = search_pages(vietnamese, query)
    assert pages[0] == first, pages


@pytest.mark.e2e
def test_the_opened_page_highlights_the_words_as_written(vietnamese: Page) -> None:
    search_pages(vietnamese, "dung gio")
    vietnamese.locator(".md-search-result__item > a.md-search-result__link").first.click()
    vietnamese.wait_for_url(re.compile(r"sops/kiem-tra-gio/"))
    marks = vietnamese.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    marked = " ".join(marks.nth(i).inner_text().lower() for i in range(marks.count()))
    assert "đúng" in marked.split() and "giờ" in marked.split()
    vietnamese.go_back()


@pytest.mark.e2e
def test_results_show_the_text_as_written(vietnamese: Page) -> None:
    search_pages(vietnamese, "dung gio")
    result = vietnamese.locator(".md-search-result__item").first.inner_text()
    assert "đúng" in result and "ď" not in result


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("espresso machine", "sops/clean-machine/"),
        ("Espresso", "sops/clean-machine/"),
        ("portafilter", "sops/clean-machine/"),  # "portafilters": a prefix
        ("burnt coffee", "sops/clean-machine/"),
    ],
)
def test_english_queries(english: Page, query: str, expected: str) -> None:
    assert search_pages(english, query)[0] == expected


@pytest.mark.e2e
def test_english_every_word_must_match(english: Page) -> None:
    assert search_pages(english, "espresso xyzzy") == []


@pytest.mark.e2e
def test_results_show_text_that_looks_like_html_as_text(vietnamese: Page) -> None:
    assert search_pages(vietnamese, "nhan chai")[0] == "sops/nhan-chai/"
    result = vietnamese.locator(".md-search-result__item").first.inner_text()
    assert "Nhãn <b>in</b> chai" in result and "<img src=x" in result
    assert vietnamese.evaluate("window.__hacked") is None
