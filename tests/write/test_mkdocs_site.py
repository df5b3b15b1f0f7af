"""The MkDocs adapter: the user's mkdocs.yml, raw HTML of generated pages, and the built site
driven in real headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from generator.check.site_config import PythonName, read_site_config
from generator.diagnostics import Diagnostics
from generator.write.mkdocs_site import _bind_placeholders, stash_raw_html

from support import REPO, TODAY, run_handbook
from support_site import CHROMIUM_ARGS, search_pages, serve_folder

ARTIFACTS = REPO / "test-artifacts"


def test_mkdocs_yml_tags_are_resolved_without_running_user_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [HB_SITE_NAME, Mặc định]\n"
        "copyright: !ENV HB_MISSING\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n"
        "  folder: !relative $config_dir\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HB_SITE_NAME", "Tên từ biến môi trường")
    diagnostics = Diagnostics()
    config = read_site_config(tmp_path, diagnostics)
    assert diagnostics.items == []
    # Checking keeps the names as markers; only the adapter looks them up, in its own table.
    extensions = config.values["markdown_extensions"]
    assert isinstance(extensions, list) and isinstance(extensions[0], dict)
    emoji = extensions[0]["pymdownx.emoji"]
    assert emoji == {"emoji_index": PythonName("material.extensions.emoji.twemoji")}
    from material.extensions.emoji import twemoji
    from mkdocs.config.defaults import MkDocsConfig

    bound = _bind_placeholders(config.values, MkDocsConfig(config_file_path=str(tmp_path)))
    assert bound["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] is twemoji
    assert bound["site_name"] == "Tên từ biến môi trường"
    assert bound["copyright"] is None


def test_stash_keeps_headings_and_replaces_html_runs() -> None:
    page = "---\ntitle: X\n---\n\n# Tiêu đề\n\n<div>\n\n<p>a</p>\n#không phải tiêu đề\n</div>\n\n## Hai {: #hai }\n\n<p>b</p>\n"
    text, chunks = stash_raw_html(page)
    assert (
        text
        == "---\ntitle: X\n---\n\n# Tiêu đề\n\nHBSTASH0HB\n\n## Hai {: #hai }\n\nHBSTASH1HB\n\n"
    )
    assert chunks == ["<div>\n\n<p>a</p>\n#không phải tiêu đề\n</div>", "<p>b</p>"]


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    run = run_handbook("build", str(REPO), "--out", str(out), "--no-pdf", "--today", TODAY)
    assert run.code == 0, run.err
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _page(browser: object, width: int) -> Page:
    page: Page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.mark.e2e
def test_a_new_hire_finds_their_role_then_an_sop(browser: object, base_url: str) -> None:
    page = _page(browser, 1280)
    page.goto(base_url)
    page.get_by_role("link", name="Nhân viên lễ tân").first.click()
    page.wait_for_url(re.compile(r"roles/nhan-vien-le-tan/$"))
    assert page.locator("h1").inner_text().rstrip("¶") == "Nhân viên lễ tân"
    page.locator("article a[href*='sops/don-tiep-khach/']").first.click()
    page.wait_for_url(re.compile(r"sops/don-tiep-khach/$"))
    assert "Đón tiếp khách tại quầy" in page.locator("h1").inner_text()
    assert page.locator("#step-1").count() == 1
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("đón tiếp khách", "sops/don-tiep-khach/"),
        ("don tiep khach", "sops/don-tiep-khach/"),
        ("le tan", "roles/nhan-vien-le-tan/"),
        ("khử khuẩn dụng cụ", "sops/khu-khuan-dung-cu/"),
        ("khu khuan dung cu", "sops/khu-khuan-dung-cu/"),
    ],
)
def test_search_finds_pages_with_and_without_diacritics(
    browser: object, base_url: str, query: str, expected: str
) -> None:
    page = _page(browser, 1280)
    page.goto(base_url)
    links = search_pages(page, query)
    assert any(expected in link for link in links[:5]), links[:5]


@pytest.mark.e2e
def test_accented_query_ranks_exact_matches_first(browser: object, base_url: str) -> None:
    page = _page(browser, 1280)
    page.goto(base_url)
    links = search_pages(page, "Đón tiếp khách tại quầy")
    assert "sops/don-tiep-khach/" in links[0]


@pytest.mark.e2e
def test_quiz_gives_feedback_in_the_built_site(browser: object, base_url: str) -> None:
    page = _page(browser, 390)
    page.goto(base_url + "sops/don-tiep-khach/")
    item = page.locator(".hb-quiz__item").first
    item.scroll_into_view_if_needed()
    item.locator(".hb-quiz__choice").first.click()
    feedback = item.locator(".hb-quiz__feedback")
    feedback.wait_for(state="visible")
    assert "is-answered" in (item.get_attribute("class") or "")
    assert feedback.inner_text().strip()
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.e2e
@pytest.mark.parametrize(
    "path",
    [
        "",
        "roles/nhan-vien-le-tan/",
        "sops/don-tiep-khach/",
        "processes/phuc-vu-khach-tu-dat-lich-den-thanh-toan/",
        "raci/",
        "kpis/ty-le-hai-long/",
    ],
)
def test_phone_width_never_scrolls_sideways(browser: object, base_url: str, path: str) -> None:
    page = _page(browser, 390)
    page.goto(base_url + path)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    name = (path.strip("/").replace("/", "-") or "home") + "-390.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
