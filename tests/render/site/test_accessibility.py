"""The built site in real headless Chromium, served over local http: axe-core (the copy that
ships with axe-playwright-python; nothing is downloaded) checks every page type of both
editions at phone and desktop width against WCAG 2.1 A/AA, and the quiz and the web checklist
are used with the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from support import MINIMAL, REPO, TODAY, copy_project, run_handbook
from support_site import CHROMIUM_ARGS, serve_folder

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1280)
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# One page of each type of the example organisation (the home page, an item of each kind and
# the index pages, a hand-written page); the managers edition adds the audit, training and
# scorecard pages.
STAFF_PAGES = [
    "",
    "roles/",
    "roles/ky-thuat-vien/",
    "sops/",
    "sops/giat-ui-khan/",  # a step image, a quiz
    "processes/",
    "processes/phuc-vu-khach-tu-dat-lich-den-thanh-toan/",  # a linked flow diagram
    "kpis/",
    "kpis/ty-le-hai-long/",
    "okrs/2026-q4/",
    "raci/",
    "glossary/",
    "tags/an-toan/",
    "van-hoa-phuc-vu/",
]
MANAGERS_PAGES = [
    *STAFF_PAGES,
    "roles/quan-ly-chi-nhanh/",  # coaching
    "audit/",
    "training/",  # the summaries, a matrix per branch, the action list
    "scorecard/",
    "checklists/",
    "checklists/role-ky-thuat-vien/",
    "checklists/process-mo-cua-chi-nhanh/",
]


def _build(project: Path, out: Path, *extra: str) -> Path:
    run = run_handbook("build", str(project), "--out", str(out), "--today", TODAY, *extra)
    assert run.code == 0, run.err
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the example, without PDFs (the pages are checked, not the books)."""
    root = tmp_path_factory.mktemp("sites")
    return {
        "staff": _build(REPO, root / "staff", "--no-pdf"),
        "managers": _build(REPO, root / "managers", "--no-pdf", "--audience", "managers"),
    }


def _serious(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the loaded page."""
    response = Axe().run(page, options=WCAG_21_AA).response
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def _check_pages(browser: Browser, site: Path, pages: list[str]) -> list[str]:
    problems: list[str] = []
    with serve_folder(site) as base:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for url in pages:
                page.goto(base + url, wait_until="load")
                problems += [f"{width} px /{url}: {problem}" for problem in _serious(page)]
            page.close()
    return problems


@pytest.mark.parametrize(
    ("edition", "pages"), [("staff", STAFF_PAGES), ("managers", MANAGERS_PAGES)]
)
def test_every_page_type_passes_axe(
    browser: Browser, sites: dict[str, Path], edition: str, pages: list[str]
) -> None:
    for url in pages:
        assert (sites[edition] / url / "index.html").is_file(), url
    problems = _check_pages(browser, sites[edition], pages)
    assert not problems, "\n".join(problems)


def test_pages_with_pdf_links_pass_axe(browser: Browser, tmp_path: Path) -> None:
    """The download links only exist when books are built (a small project keeps this quick)."""
    project = copy_project(MINIMAL, tmp_path / "project")
    site = _build(project, tmp_path / "out", "--audience", "managers")
    pages = ["", "roles/truong-ca/", "checklists/", "checklists/role-truong-ca/"]
    problems = _check_pages(browser, site, pages)
    assert not problems, "\n".join(problems)


def _tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_quiz_with_the_keyboard_alone(browser: Browser, sites: dict[str, Path]) -> None:
    with serve_folder(sites["staff"]) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "sops/giat-ui-khan/")
        items = page.locator(".hb-quiz__item")
        count = items.count()
        assert count > 0
        for index in range(count):
            _tab_to(page, f".hb-quiz__item:nth-of-type({index + 1}) .hb-quiz__choice")
            page.keyboard.press("Enter" if index % 2 else "Space")
            assert "is-answered" in (items.nth(index).get_attribute("class") or "")
        score = page.locator(".hb-quiz__score")
        assert score.is_visible() and score.inner_text().strip()
        page.close()


def test_checklist_line_with_the_keyboard_alone(browser: Browser, sites: dict[str, Path]) -> None:
    with serve_folder(sites["managers"]) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "checklists/role-ky-thuat-vien/")
        count = page.locator(".hb-checklist-count")
        before = count.inner_text()
        _tab_to(page, 'input[name="result-0"]')
        page.keyboard.press("Space")  # the first choice of the group: pass
        assert page.locator('input[name="result-0"][value="pass"]').is_checked()
        page.keyboard.press("ArrowRight")  # the next choice in the group: fail
        assert page.locator('input[name="result-0"][value="fail"]').is_checked()
        _tab_to(page, 'input[name="note-0"]')
        page.keyboard.type("Khăn còn ẩm")
        assert count.inner_text() != before
        page.close()
