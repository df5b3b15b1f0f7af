"""The onboarding website's pages: the model of one edition -> MkDocs Markdown, nav and assets.

Pure: no MkDocs here (the adapter in `write.mkdocs_site` writes and builds). Every lookup a page
needs is computed once in `SiteIndex`, each template is compiled once, so rendering stays linear
in the size of the handbook. The nav lists the sections; their index pages list the items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.model.handbook import Handbook
from generator.query.kpi import KpiReport
from generator.query.training import TrainingReport
from generator.render.common.urls import docs_file, page_path
from generator.render.site.context import Page, SiteIndex
from generator.render.site.markdown import front_matter
from generator.render.site.templates import site_environment
from generator.resources import templates_dir

ASSETS_FOLDER = "assets/handbook"
STYLESHEET = f"{ASSETS_FOLDER}/handbook.css"
QUIZ_SCRIPT = f"{ASSETS_FOLDER}/quiz.js"
# Wide tables and diagrams that scroll get a tab stop and a name (keyboard and screen readers).
SCROLL_SCRIPT = f"{ASSETS_FOLDER}/scroll-regions.js"
# The worker behind Material's search box (the write stage points Material at it).
SEARCH_WORKER = f"{ASSETS_FOLDER}/search.js"


@dataclass(frozen=True)
class SitePages:
    pages: dict[str, str]  # docs-relative Markdown path -> Markdown text
    nav: list[Any]  # MkDocs `nav`: titles (HTML-escaped, themes print them raw) -> .md paths
    assets: dict[str, bytes]  # docs-relative path -> bytes of static files
    extra_css: list[str]
    extra_javascript: list[str]


def site_pages(
    handbook: Handbook,
    *,
    pdf_links: bool,
    extra_pages: Mapping[str, str] = {},
    results: KpiReport | None = None,
    training: TrainingReport | None = None,
) -> SitePages:
    """Every generated page of one edition; `extra_pages` (audit report, checklists) are added
    to the pages and listed in the nav after the generated sections; `results` (managers
    edition) adds the "Results" of each KPI page."""
    index = SiteIndex(
        handbook,
        pdf_links=pdf_links,
        extra_pages=extra_pages,
        results=results,
        training=training,
    )
    renderer = _Renderer(index)
    pages = renderer.render_all()
    pages.update(extra_pages)
    return SitePages(
        pages=pages,
        nav=_nav(index),
        assets=_assets(),
        extra_css=[STYLESHEET],
        extra_javascript=[QUIZ_SCRIPT, SCROLL_SCRIPT],
    )


class _Renderer:
    def __init__(self, index: SiteIndex) -> None:
        self.index = index

    def render(self, spec: PageSpec) -> tuple[str, str]:
        # Jinja caches compiled templates in the environment, which is made once per process.
        compiled = site_environment().get_template(f"site/{spec.template}.md.j2")
        body = compiled.render(
            site=self.index, page=Page(self.index, spec.url), t=self.index.labels, **spec.values
        )
        return docs_file(spec.url), front_matter(spec.title) + body

    def render_all(self) -> dict[str, str]:
        return dict(self.render(spec) for spec in page_specs(self.index))


@dataclass(frozen=True)
class PageSpec:
    """One generated page: its template, URL, title and what the template reads."""

    template: str
    url: str
    title: str
    values: Mapping[str, object] = field(default_factory=dict)


def page_specs(index: SiteIndex) -> list[PageSpec]:
    """Every generated page of the edition, in the order they are written."""
    labels, handbook = index.labels, index.handbook
    specs = [
        PageSpec("home", "", handbook.organisation.name),
        PageSpec("roles", "roles/", labels("roles")),
    ]
    specs += [
        PageSpec("role", page_path("role", role.id), role.title, values={"role": role})
        for role in handbook.roles.values()
    ]
    if handbook.sops:
        specs.append(PageSpec("sops", "sops/", labels("sops")))
        specs += [
            PageSpec("sop", page_path("sop", sop.id), sop.title, values={"sop": sop})
            for sop in handbook.sops.values()
        ]
    if handbook.processes:
        specs.append(PageSpec("processes", "processes/", labels("processes")))
        specs.append(PageSpec("raci", "raci/", labels("raci")))
        specs += [
            PageSpec("process", page_path("process", p.id), p.title, values={"process": p})
            for p in handbook.processes.values()
        ]
    if handbook.kpis:
        specs.append(PageSpec("kpis", "kpis/", labels("kpi_catalogue")))
        specs += [
            PageSpec("kpi", page_path("kpi", kpi.id), kpi.name, values={"kpi": kpi})
            for kpi in handbook.kpis.values()
        ]
    if handbook.okrs:
        specs.append(PageSpec("okrs", "okrs/", labels("okrs")))
        specs += [
            PageSpec("okr", page_path("okr", okr.id), okr.period, values={"okr": okr})
            for okr in handbook.okrs.values()
        ]
    if handbook.glossary:
        specs.append(PageSpec("glossary", "glossary/", labels("glossary")))
    if index.tags:
        specs.append(PageSpec("tags", "tags/", labels("tags")))
        specs += [PageSpec("tag", tag.url, tag.name, values={"tag": tag}) for tag in index.tags]
    return specs


def page_files(handbook: Handbook) -> set[str]:
    """The docs-relative Markdown files of an edition's generated pages (no rendering)."""
    index = SiteIndex(handbook, pdf_links=False, extra_pages={})
    return {docs_file(spec.url) for spec in page_specs(index)}


def _nav(index: SiteIndex) -> list[Any]:
    """Home, one entry per section (its index page lists the items) and the extra pages.

    Material writes the whole nav into every page: listing 50 roles and 20 processes doubled
    the size of each page of a 1,000-SOP handbook and cost a sixth of the MkDocs build, so
    item pages are reached from their section's page, not from the nav."""
    labels, handbook = index.labels, index.handbook
    sections = [
        (True, labels("home"), ""),
        (True, labels("roles"), "roles/"),
        (bool(handbook.sops), labels("sops"), "sops/"),
        (bool(handbook.processes), labels("processes"), "processes/"),
        (bool(handbook.processes), labels("raci"), "raci/"),
        (bool(handbook.kpis), labels("kpi_catalogue"), "kpis/"),
        (bool(handbook.okrs), labels("okrs"), "okrs/"),
        (bool(handbook.glossary), labels("glossary"), "glossary/"),
        (bool(index.tags), labels("tags"), "tags/"),
    ]
    nav: list[Any] = [
        {index.nav_title(title): docs_file(url)} for present, title, url in sections if present
    ]
    if index.extra_pages:
        extra = [{index.nav_title(page.title): page.path} for page in index.extra_pages]
        nav.append({index.nav_title(labels("audits_section")): extra})
    return nav


def _assets() -> dict[str, bytes]:
    folder = templates_dir() / "site" / "assets"
    return {
        f"{ASSETS_FOLDER}/{file.name}": file.read_bytes()
        for file in sorted(folder.iterdir())
        if file.is_file() and not file.name.startswith(".")
    }
