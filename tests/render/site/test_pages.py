"""The website's pages: the generated Markdown read back through Python-Markdown (the engine
MkDocs runs) with the generator's slug, so links, anchors and headings are checked as built."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest
import yaml
from markupsafe import escape

from generator.edition import for_audience
from generator.model.handbook import Handbook
from generator.render.common.labels import Labels
from generator.render.common.urls import docs_file, page_path
from generator.render.site.pages import QUIZ_SCRIPT, STYLESHEET, SitePages, site_pages
from generator.text import slugify

from support import MINIMAL, REPO, copy_project, load_handbook

TODAY = date(2026, 11, 29)
SECTIONS = {"role": "roles", "sop": "sops", "process": "processes", "kpi": "kpis", "okr": "okrs"}


@pytest.fixture(scope="module")
def example() -> Handbook:
    return load_handbook(REPO)


@pytest.fixture(scope="module")
def managers(example: Handbook) -> SitePages:
    return site_pages(for_audience(example, "managers"), pdf_links=True)


@pytest.fixture(scope="module")
def staff(example: Handbook) -> SitePages:
    return site_pages(for_audience(example, "staff"), pdf_links=True)


def english_minimal(tmp_path: Path) -> Path:
    project = copy_project(MINIMAL, tmp_path / "en")
    organisation = project / "content" / "organisation.yml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(text.replace("language: vi", "language: en"), encoding="utf-8")
    return project


# --- reading pages back ------------------------------------------------------------------------


def body(page: str) -> str:
    """The Markdown after the front matter."""
    assert page.startswith("---\n")
    return page.split("---\n", 2)[2]


def front(page: str) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(page.split("---\n", 2)[1])
    return data


def to_html(page: str) -> str:
    converter = markdown.Markdown(
        extensions=["toc", "attr_list", "tables", "admonition", "md_in_html"],
        extension_configs={"toc": {"slugify": lambda value, separator: slugify(value)}},
    )
    return converter.convert(body(page))


def url_of(path: str) -> str:
    """The directory URL MkDocs gives a docs file: 'sops/x/index.md' -> 'sops/x/'."""
    return "" if path == "index.md" else path[: -len("index.md")]


def ids(page_html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', page_html)


def links(page_html: str) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'\s(?:href|src)="([^"]+)"', page_html)]


def resolve(from_url: str, link: str) -> tuple[str, str]:
    """A relative link as (root-relative path, fragment)."""
    path, _, fragment = link.partition("#")
    if not path:
        return from_url, unquote(fragment)
    joined = posixpath.normpath(posixpath.join(from_url or ".", unquote(path)))
    target = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
    assert not target.startswith(".."), f"{link} from {from_url} leaves the site"
    return target, unquote(fragment)


def linked_pages(site: SitePages, path: str) -> set[str]:
    """The pages one page links to, as docs file paths."""
    url = url_of(path)
    targets = {resolve(url, link)[0] for link in links(to_html(site.pages[path]))}
    return {docs_file(target) for target in targets if target == "" or target.endswith("/")}


def item_file(kind: str, item_id: str) -> str:
    return docs_file(page_path(kind, item_id))


def text_of(site: SitePages) -> Iterator[tuple[str, str]]:
    yield from site.pages.items()
    yield "nav", repr(site.nav)


# --- pages, links, anchors ---------------------------------------------------------------------


def test_every_item_has_a_page(example: Handbook, managers: SitePages) -> None:
    expected = {"index.md", "roles/index.md", "glossary/index.md", "raci/index.md"}
    expected |= {"sops/index.md", "processes/index.md", "kpis/index.md", "okrs/index.md"}
    for kind, items in (
        ("role", example.roles),
        ("sop", example.sops),
        ("process", example.processes),
        ("kpi", example.kpis),
        ("okr", example.okrs),
    ):
        expected |= {item_file(kind, item_id) for item_id in items}
    tags = {tag for sop in example.sops.values() for tag in sop.tags}
    expected |= {f"tags/{slugify(tag)}/index.md" for tag in tags}
    assert expected <= set(managers.pages)
    for term_id in example.glossary:
        assert f"{{: #{term_id} " in managers.pages["glossary/index.md"]


@pytest.mark.parametrize("audience", ["managers", "staff"])
def test_every_link_resolves_to_a_page_a_file_or_an_anchor(
    example: Handbook, audience: str
) -> None:
    edition = for_audience(example, "managers" if audience == "managers" else "staff")
    site = site_pages(edition, pdf_links=True)
    rendered = {path: to_html(text) for path, text in site.pages.items()}
    anchors = {path: set(ids(page)) for path, page in rendered.items()}
    files = {f"_content/{path}" for path in edition.content_files} | set(site.assets)
    files |= {f"pdf/{role_id}.pdf" for role_id in edition.roles}
    checked = 0
    for path, page in rendered.items():
        for link in links(page):
            if re.match(r"^[a-z]+:", link):
                continue
            target, fragment = resolve(url_of(path), link)
            if target == "" or target.endswith("/"):
                assert docs_file(target) in site.pages, f"{path}: {link}"
                if fragment:
                    assert fragment in anchors[docs_file(target)], f"{path}: {link}"
            else:
                assert target in files, f"{path}: {link}"
            checked += 1
    assert checked > 1000


def test_pages_link_to_each_other_both_ways(example: Handbook, managers: SitePages) -> None:
    def both_ways(kind: str, item_id: str, other_kind: str, other_id: str) -> None:
        one, other = item_file(kind, item_id), item_file(other_kind, other_id)
        assert other in linked_pages(managers, one), f"{one} -> {other}"
        assert one in linked_pages(managers, other), f"{other} -> {one}"

    pairs = 0
    for sop in example.sops.values():
        for role_id in sop.performed_by:
            both_ways("sop", sop.id, "role", role_id)
        for process_id in sop.used_in:
            both_ways("sop", sop.id, "process", process_id)
        for kpi_id in sop.kpis:
            both_ways("sop", sop.id, "kpi", kpi_id)
        both_ways("sop", sop.id, "role", sop.owner)
        pairs += len(sop.performed_by) + len(sop.used_in) + len(sop.kpis) + 1
    for kpi in example.kpis.values():
        for measured in kpi.measured:
            both_ways("kpi", kpi.id, "role", measured.role)
        for ref in kpi.key_results:
            both_ways("kpi", kpi.id, "okr", ref.okr)
    for process in example.processes.values():
        for role_id in process.raci():
            both_ways("process", process.id, "role", role_id)
    for role in example.roles.values():
        if role.reports_to:
            both_ways("role", role.id, "role", role.reports_to)
        for ref in role.key_results:
            both_ways("role", role.id, "okr", ref.okr)
    assert pairs > 50


def test_headings_get_the_spec_slug_and_steps_their_own_anchor(
    example: Handbook, managers: SitePages
) -> None:
    for sop in example.sops.values():
        page = to_html(managers.pages[item_file("sop", sop.id)])
        found = ids(page)
        assert len(found) == len(set(found)), f"duplicate ids on {sop.id}"
        for step in sop.steps:
            assert f"step-{step.number}" in found
        assert "muc-dich" in found  # "Mục đích": the Vietnamese heading keeps its letters
        assert "cac-buoc-thuc-hien" in found
    home = ids(to_html(managers.pages["index.md"]))
    assert "cong-ty-tnhh-dich-vu-hoa-sen" in home and "departments" in home


def test_a_heading_slug_never_takes_a_step_anchor(tmp_path: Path) -> None:
    """In English "Step 1" slugs to `step-1`, the anchor of step 1: the step keeps it."""
    project = english_minimal(tmp_path)
    sop = project / "content" / "sops" / "pha-tra.yml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace("title: Pha trà sen", "title: Step 1"),
        encoding="utf-8",
    )
    page = to_html(
        site_pages(load_handbook(project), pdf_links=False).pages["sops/pha-tra/index.md"]
    )
    step_one = re.search(r'<h3[^>]*id="step-1"[^>]*>(.*?)</h3>', page)
    assert step_one is not None and "Tráng ấm" in step_one.group(1)
    assert len(ids(page)) == len(set(ids(page)))


# --- audiences ---------------------------------------------------------------------------------


def test_staff_edition_leaves_out_every_managers_only_item(
    example: Handbook, staff: SitePages, managers: SitePages
) -> None:
    hidden: list[str] = []
    for kind, items in (
        ("role", example.roles),
        ("sop", example.sops),
        ("process", example.processes),
        ("kpi", example.kpis),
        ("okr", example.okrs),
    ):
        for item in items.values():
            if item.visibility == "managers":
                title = displayed_title(item)
                hidden += [f"{SECTIONS[kind]}/{item.id}/", title, str(escape(title))]
    coaching = [
        max(re.findall(r"[^\W\d_][\w ]+", item.source), key=len).strip()
        for role in example.roles.values()
        for item in role.coaching
    ]
    assert len(hidden) >= 4 and coaching
    coaching_label = Labels("vi")("coaching")
    for path, text in text_of(staff):
        for needle in [*hidden, *coaching, coaching_label]:
            assert needle not in html.unescape(text), f"{needle!r} in staff {path}"
    everything = html.unescape("\n".join(text for _, text in text_of(managers)))
    for needle in [*hidden[::3], *hidden[2::3], *coaching, coaching_label]:
        assert needle in everything


def displayed_title(item: object) -> str:
    for name in ("title", "name", "period"):
        if hasattr(item, name):
            return str(getattr(item, name))
    raise AssertionError(item)


# --- language, locale, escaping ----------------------------------------------------------------


def test_labels_dates_and_numbers_follow_the_language(tmp_path: Path) -> None:
    vietnamese = site_pages(load_handbook(copy_project(MINIMAL, tmp_path / "vi")), pdf_links=False)
    english = site_pages(load_handbook(english_minimal(tmp_path)), pdf_links=False)
    sop = "sops/pha-tra/index.md"
    vi_sop, en_sop = (
        html.unescape(to_html(vietnamese.pages[sop])),
        html.unescape(to_html(english.pages[sop])),
    )
    vi_labels, en_labels = Labels("vi"), Labels("en")
    for key in ("purpose", "steps", "quiz", "revision_history", "critical_hint", "owner"):
        assert vi_labels(key) in vi_sop and en_labels(key) in en_sop
        assert all(vi_labels(key) not in page for page in english.pages.values())
    assert "01/03/2026" in vietnamese.pages[sop] and "1 Mar 2026" in english.pages[sop]
    assert "Why it matters" in english.pages[sop] and "Vì sao quan trọng" in vietnamese.pages[sop]
    assert "1 question" in english.pages[sop] and "4 steps" in english.pages[sop]
    kpi = "kpis/thoi-gian-phuc-vu/index.md"
    assert "Off track above 7 phút" in english.pages[kpi]
    assert "Lệch hướng khi trên 7 phút" in vietnamese.pages[kpi]
    assert {"Home": "index.md"} in english.nav and {"Trang chủ": "index.md"} in vietnamese.nav


def test_directories_and_the_glossary_follow_vietnamese_order(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    terms = ["Đón khách", "Dọn phòng", "Ca 10", "Ăn ca", "Chào", "Bàn", "Ánh sáng", "Ca 9"]
    (project / "content" / "glossary.yml").write_text(
        "".join(f"- term: {term}\n  definition: Nghĩa của {term}.\n" for term in terms),
        encoding="utf-8",
    )
    site = site_pages(load_handbook(project), pdf_links=False)
    shown = re.findall(r"^### (.+?) \{: #", site.pages["glossary/index.md"], re.MULTILINE)
    expected = ["Ánh sáng", "Ăn ca", "Bàn", "Ca 9", "Ca 10", "Chào", "Dọn phòng", "Đón khách"]
    assert [html.unescape(term) for term in shown] == expected
    roles = re.findall(r'class="hb-row__title">([^<]+)<', site.pages["roles/index.md"])
    assert roles == ["Chủ tiệm", "Nhân viên pha chế", "Trưởng ca"]


def test_titles_with_markdown_specials_show_literally(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    title = 'Pha *trà* _đá_ #1 [mới](x) <b>đậm</b> {: .lạ } & `mã` ~~gạch~~ "ngoặc" \\ hết #'
    sop = project / "content" / "sops" / "pha-tra.yml"
    text = sop.read_text(encoding="utf-8").replace(
        "title: Pha trà sen", "title: '" + title.replace("'", "''") + "'"
    )
    text = text.replace(
        "action: Cho 5 g trà vào ấm.",
        "action: 'Cho **5 g** trà \\* vào _ấm_ rồi [[term:u-tra]] #2'",
    )
    sop.write_text(text, encoding="utf-8")
    site = site_pages(load_handbook(project), pdf_links=False)
    page = site.pages["sops/pha-tra/index.md"]
    assert front(page)["title"] == html.escape(title, quote=False)
    rendered = to_html(page)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", rendered)
    assert heading is not None and html.unescape(heading.group(1)) == title
    step = re.search(r'<h3[^>]*id="step-2"[^>]*>(.*?)</h3>', rendered)
    assert step is not None
    shown = html.unescape(step.group(1))
    assert "<strong>5 g</strong> trà * vào <em>ấm</em> rồi" in shown
    assert '<a href="../../glossary/#u-tra">Ủ trà</a> #2' in shown
    tagged = site_pages(load_handbook(_with_tag(project, "a*b_c")), pdf_links=False)
    tag_heading = re.search(r"<h1[^>]*>(.*?)</h1>", to_html(tagged.pages["tags/a-b-c/index.md"]))
    assert tag_heading is not None and html.unescape(tag_heading.group(1)) == "#a*b_c"


def _with_tag(project: Path, tag: str) -> Path:
    sop = project / "content" / "sops" / "dong-ca.yml"
    sop.write_text(sop.read_text(encoding="utf-8") + f"tags: ['{tag}']\n", encoding="utf-8")
    return project


def test_nav_lists_sections_and_pages_escape_titles(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    role = project / "roles" / "chu-tiem.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: Chủ tiệm", "title: Chủ <tiệm> & co"),
        encoding="utf-8",
    )
    site = site_pages(load_handbook(project), pdf_links=False)
    assert site.nav == [
        {"Trang chủ": "index.md"},
        {"Vị trí công việc": "roles/index.md"},
        {"Quy trình chuẩn (SOP)": "sops/index.md"},
        {"Quy trình liên phòng ban": "processes/index.md"},
        {"Ma trận RACI": "raci/index.md"},
        {"Danh mục KPI": "kpis/index.md"},
        {"Mục tiêu OKR": "okrs/index.md"},
        {"Thuật ngữ": "glossary/index.md"},
    ]
    assert front(site.pages["roles/chu-tiem/index.md"])["title"] == "Chủ &lt;tiệm&gt; &amp; co"
    roles = to_html(site.pages["roles/index.md"])
    assert '<span class="hb-row__title">Chủ &lt;tiệm&gt; &amp; co</span>' in roles


# --- the quiz, badges, links to PDFs and extra pages -------------------------------------------


def test_quiz_markup_carries_what_the_script_needs(example: Handbook, managers: SitePages) -> None:
    quizzes = [sop for sop in example.sops.values() if sop.quiz]
    assert quizzes
    for sop in quizzes:
        page = to_html(managers.pages[item_file("sop", sop.id)])
        quiz = re.search(r'<section class="hb-quiz" data-hb-quiz data-score="([^"]+)"', page)
        assert quiz is not None and "{correct}" in quiz.group(1) and "{total}" in quiz.group(1)
        items = page.split('<li class="hb-quiz__item" data-answer="')[1:]
        assert [int(item.split('"')[0]) for item in items] == [q.answer for q in sop.quiz]
        for item, question in zip(items, sop.quiz, strict=True):
            choices = re.findall(r'class="hb-quiz__choice" data-choice="(\d+)">([^<]*)<', item)
            assert [(int(n), html.unescape(text)) for n, text in choices] == list(
                enumerate(question.choices)
            )
            assert 'class="hb-quiz__feedback" role="status" aria-live="polite" hidden' in item
            assert str(escape(question.choices[question.answer])) in item
    script = managers.assets[QUIZ_SCRIPT].decode("utf-8")
    for hook in ("data-answer", "data-choice", "data-score", "hb-quiz__retry", "{correct}"):
        assert hook in script
    assert QUIZ_SCRIPT in managers.extra_javascript and STYLESHEET in managers.extra_css
    assert "fetch(" not in script and "XMLHttpRequest" not in script


def test_overdue_badge_follows_today(example: Handbook) -> None:
    sop = next(iter(example.sops.values()))
    page = item_file("sop", sop.id)
    due = example.review_due(sop)
    before = replace(example, today=due)
    after = replace(example, today=date.fromordinal(due.toordinal() + 1))
    assert "hb-badge--overdue" not in site_pages(before, pdf_links=False).pages[page]
    assert "hb-badge--overdue" in site_pages(after, pdf_links=False).pages[page]


def test_role_pages_link_their_book_only_when_pdfs_are_built(example: Handbook) -> None:
    role = next(iter(example.roles))
    with_pdf = site_pages(example, pdf_links=True).pages[item_file("role", role)]
    without = site_pages(example, pdf_links=False).pages[item_file("role", role)]
    assert f'href="../../pdf/{role}.pdf"' in with_pdf
    assert "/pdf/" not in without


def test_extra_pages_are_kept_and_listed_in_the_nav(example: Handbook) -> None:
    role = next(iter(example.roles))
    extra = {
        "audit/index.md": "# Báo cáo tuân thủ\n",
        "checklists/index.md": "---\ntitle: x\n---\n\n# Phiếu &amp; kiểm tra\n",
        f"checklists/role-{role}/index.md": "# Phiếu của vị trí\n",
    }
    site = site_pages(example, pdf_links=False, extra_pages=extra)
    assert all(site.pages[path] == text for path, text in extra.items())
    assert site.nav[-1] == {
        "Kiểm tra tuân thủ": [
            {"Báo cáo tuân thủ": "audit/index.md"},
            {"Phiếu &amp; kiểm tra": "checklists/index.md"},
        ]
    }
    role_page = to_html(site.pages[item_file("role", role)])
    assert f'href="../../checklists/role-{role}/"' in role_page
    assert 'href="audit/"' in to_html(site.pages["index.md"])


def test_the_managers_pages_are_listed_audit_training_scorecard_then_the_rest(
    example: Handbook,
) -> None:
    extra = {
        path: f"# {path.split('/')[0]}\n"
        for path in (
            "checklists/index.md",
            "scorecard/index.md",
            "training/index.md",
            "audit/index.md",
        )
    }
    site = site_pages(example, pdf_links=False, extra_pages=extra)
    (section,) = site.nav[-1].values()
    assert [next(iter(entry.values())) for entry in section] == [
        "audit/index.md",
        "training/index.md",
        "scorecard/index.md",
        "checklists/index.md",
    ]


def test_a_small_shop_without_processes_gets_no_empty_sections(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    for folder in ("processes", "okrs"):
        for file in (project / "content" / folder).iterdir():
            file.unlink()
    site = site_pages(load_handbook(project), pdf_links=False)
    for missing in ("raci/index.md", "processes/index.md", "okrs/index.md"):
        assert missing not in site.pages and missing not in repr(site.nav)
    assert "raci/" not in site.pages["index.md"]


def test_rendering_is_deterministic(example: Handbook) -> None:
    first = site_pages(for_audience(example, "staff"), pdf_links=True)
    second = site_pages(for_audience(example, "staff"), pdf_links=True)
    assert first == second


# --- labels and front matter -------------------------------------------------------------------
