"""The SOP self-check in real headless Chromium, on a 390 px phone, opened from disk.

The page is the generated Markdown turned into HTML by Python-Markdown (as MkDocs does) inside
Material's content class, with the site's own CSS and script: no server, no network."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
import pytest
from playwright.sync_api import sync_playwright

from generator.check.project import validate_project
from generator.render.site.pages import QUIZ_SCRIPT, STYLESHEET, site_pages
from generator.text import slugify

from support import MINIMAL, copy_project
from support_site import CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}


def write_sop_page(project: Path, folder: Path) -> Path:
    handbook = validate_project(project, today=date(2026, 11, 29)).handbook
    assert handbook is not None
    site = site_pages(handbook, pdf_links=False)
    for path, data in site.assets.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    converter = markdown.Markdown(
        extensions=["toc", "attr_list", "tables", "admonition", "md_in_html"],
        extension_configs={"toc": {"slugify": lambda value, separator: slugify(value)}},
    )
    body = converter.convert(site.pages["sops/pha-tra/index.md"].split("---\n", 2)[2])
    page = folder / "sops" / "pha-tra" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<link rel="stylesheet" href="../../{STYLESHEET}"></head>'
        f'<body dir="ltr"><article class="md-typeset">{body}</article>'
        f'<script src="../../{QUIZ_SCRIPT}"></script></body></html>',
        encoding="utf-8",
    )
    return page


@pytest.mark.e2e
def test_quiz_answers_on_a_phone_without_scrolling_sideways(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    sop = project / "content" / "sops" / "pha-tra.yml"
    question = (
        "  - question: Tráng ấm bằng gì?\n    choices: [Nước lạnh, Nước sôi, Không cần]\n"
        "    answer: 1\n    explain: Nước sôi làm **nóng** ấm.\n"
    )
    text = sop.read_text(encoding="utf-8")
    sop.write_text(text.replace("revisions:", question + "revisions:", 1), encoding="utf-8")
    page = write_sop_page(project, tmp_path / "site")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=CHROMIUM_ARGS,
        )
        try:
            phone = browser.new_page(viewport=PHONE, has_touch=True, is_mobile=True)
            errors: list[str] = []
            phone.on("pageerror", lambda error: errors.append(str(error)))
            phone.goto(page.as_uri())
            items = phone.locator(".hb-quiz__item")
            assert items.count() == 2
            score = phone.locator(".hb-quiz__score")

            first_item = items.nth(0)
            first_item.locator(".hb-quiz__choice").nth(0).tap()  # 100 °C: wrong
            assert "is-wrong" in (first_item.get_attribute("class") or "")
            verdict = first_item.locator(".hb-quiz__verdict--wrong")
            assert verdict.is_visible() and "85 °C" in verdict.inner_text()
            assert not first_item.locator(".hb-quiz__verdict--right").is_visible()
            right_choice = first_item.locator(".hb-quiz__choice").nth(1)
            assert "is-answer" in (right_choice.get_attribute("class") or "")
            assert not score.is_visible()  # one question still open

            second_item = items.nth(1)
            second_item.locator(".hb-quiz__choice").nth(1).tap()  # right
            assert second_item.locator(".hb-quiz__verdict--right").is_visible()
            assert "nóng" in second_item.locator(".hb-quiz__explain").inner_text()
            assert score.is_visible() and score.inner_text() == "Bạn trả lời đúng 1/2 câu"

            box = right_choice.bounding_box()
            assert box is not None and box["height"] >= 44 and box["width"] >= 300
            assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

            first_item.locator(".hb-quiz__retry").tap()
            assert "is-answered" not in (first_item.get_attribute("class") or "")
            assert not first_item.locator(".hb-quiz__feedback").is_visible()
            assert not score.is_visible()
            first_item.locator(".hb-quiz__choice").nth(1).tap()
            assert score.inner_text() == "Bạn trả lời đúng 2/2 câu"
            assert errors == []
        finally:
            browser.close()
