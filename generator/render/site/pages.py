"""The onboarding website's pages: the model of one edition -> MkDocs Markdown, nav and assets.

Pure: no MkDocs here (the adapter in `write.mkdocs_site` writes and builds). Every lookup a page
needs is computed once in `SiteIndex`, each template is compiled once, so rendering stays linear
in the size of the handbook. The nav lists the sections; their index pages list the items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.model.handbook import Handbook
from generator.render.common.urls import docs_file, page_path
from generator.render.site.context import Page, SiteIndex
from generator.render.site.markdown import front_matter
from generator.render.site.templates import site_environment
from generator.resources import templates_dir

ASSETS_FOLDER = "assets/handbook"
STYLESHEET = f"{ASSETS_FOLDER}/handbook.css"
QUIZ_SCRIPT = f"{ASSETS_FOLDER}/quiz.js"
# Material ranks search results by these boosts: SOPs are what people look for at work.
SOP_SEARCH_BOOST = 2.0


@dataclass(frozen=True)
class SitePages:
    pages: dict[str, str]  # docs-relative Markdown path -> Markdown text
    nav: list[Any]  # MkDocs `nav`: titles (HTML-escaped, themes print them raw) -> .md paths
    assets: dict[str, bytes]  # docs-relative path -> bytes of static files
    extra_css: list[str]
    extra_javascript: list[str]


def site_pages(
    handbook: Handbook, *, pdf_links: bool, extra_pages: Mapping[str, str] = {}
) -> SitePages:
    """Every generated page of one edition; `extra_pages` (audit report, checklists) are added
    to the pages and listed in the nav after the generated sections."""
    index = SiteIndex(handbook, pdf_links=pdf_links, extra_pages=extra_pages)
    renderer = _Renderer(index)
    pages = renderer.render_all()
    pages.update(extra_pages)
    return SitePages(
        pages=pages,
        nav=_nav(index),
        assets=_assets(),
        extra_css=[STYLESHEET],
        extra_javascript=[QUIZ_SCRIPT],
    )


class _Renderer:
    def __init__(self, index: SiteIndex) -> None:
        self.index = index

    def _render(
        self, template: str, url: str, title: str, *, boost: float | None = None, **values: Any
    ) -> tuple[str, str]:
        # Jinja caches compiled templates in the environment, which is made once per process.
        compiled = site_environment().get_template(f"site/{template}.md.j2")
        body = compiled.render(
            site=self.index, page=Page(self.index, url), t=self.index.labels, **values
        )
        return docs_file(url), front_matter(title, search_boost=boost) + body

    def render_all(self) -> dict[str, str]:
        index, labels = self.index, self.index.labels
        handbook = index.handbook
        rendered = [
            self._render("home", "", handbook.organisation.name),
            self._render("roles", "roles/", labels("roles")),
        ]
        rendered += [
            self._render("role", page_path("role", role.id), role.title, role=role)
            for role in handbook.roles.values()
        ]
        if handbook.sops:
            rendered.append(self._render("sops", "sops/", labels("sops")))
            rendered += [
                self._render(
                    "sop", page_path("sop", sop.id), sop.title, boost=SOP_SEARCH_BOOST, sop=sop
                )
                for sop in handbook.sops.values()
            ]
        if handbook.processes:
            rendered.append(self._render("processes", "processes/", labels("processes")))
            rendered.append(self._render("raci", "raci/", labels("raci")))
            rendered += [
                self._render("process", page_path("process", p.id), p.title, process=p)
                for p in handbook.processes.values()
            ]
        if handbook.kpis:
            rendered.append(self._render("kpis", "kpis/", labels("kpi_catalogue")))
            rendered += [
                self._render("kpi", page_path("kpi", kpi.id), kpi.name, kpi=kpi)
                for kpi in handbook.kpis.values()
            ]
        if handbook.okrs:
            rendered.append(self._render("okrs", "okrs/", labels("okrs")))
            rendered += [
                self._render("okr", page_path("okr", okr.id), okr.period, okr=okr)
                for okr in handbook.okrs.values()
            ]
        if handbook.glossary:
            rendered.append(self._render("glossary", "glossary/", labels("glossary")))
        if index.tags:
            rendered.append(self._render("tags", "tags/", labels("tags")))
            rendered += [self._render("tag", tag.url, tag.name, tag=tag) for tag in index.tags]
        return dict(rendered)


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
