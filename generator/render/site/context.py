"""What the site's templates read: lookups computed once per edition, and per-page links.

Templates only read attributes and call these helpers; nothing here scans all items per page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.edition import announces_edition
from generator.model.handbook import (
    Department,
    Handbook,
    KeyResult,
    KeyResultRef,
    Kpi,
    Objective,
    OkrPeriod,
    Process,
    Role,
    RoleTarget,
    Sop,
    markdown_in,
)
from generator.model.markdown import Markdown
from generator.query.kpi import KpiReport, key_result_values
from generator.query.training import TrainingReport
from generator.render.common.kpi import (
    CoachingRow,
    ResultText,
    ValueRow,
    coaching_rows,
    value_rows,
)
from generator.render.common.locale import Locale
from generator.render.common.markdown import markdown_html
from generator.render.common.training import TrainingText
from generator.render.common.urls import (
    checklist_path,
    content_file_url,
    docs_file,
    page_path,
    relative,
    step_path,
    tag_path,
)
from generator.render.diagrams.kpi_chart import results_chart_svg
from generator.render.diagrams.org_chart import org_chart_svg
from generator.render.diagrams.process_flow import process_flow_svg
from generator.render.diagrams.svg import scroll_container
from generator.render.site.markdown import heading_html, heading_text, no_line_starts_with_hash
from generator.text import Language


@dataclass(frozen=True)
class TagPage:
    url: str
    name: str  # the first spelling in locale order, when several slug alike
    sops: tuple[Sop, ...]


@dataclass(frozen=True)
class KpiResults:
    chart: Markup
    values: tuple[ValueRow, ...]
    coaching: tuple[CoachingRow, ...]


@dataclass(frozen=True)
class ExtraPage:
    path: str
    title: str


@dataclass(frozen=True)
class ProcessUse:
    """A process that uses an SOP, with the numbers of the steps that do."""

    process: Process
    steps: tuple[int, ...]


@dataclass(frozen=True)
class OwnedObjective:
    okr: OkrPeriod
    objective: Objective


@dataclass(frozen=True)
class KeyResultView:
    okr: OkrPeriod
    objective: Objective
    key_result: KeyResult


@dataclass(frozen=True)
class TermUse:
    kind: str  # "role", "sop", ... or "home" for the organisation's departments
    item_id: str
    title: str


@dataclass
class _Owned:
    sops: list[Sop] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    objectives: list[OwnedObjective] = field(default_factory=list)


class SiteIndex:
    """One edition's items in display order and every derived lookup the pages use."""

    def __init__(
        self,
        handbook: Handbook,
        *,
        pdf_links: bool,
        extra_pages: Mapping[str, str],
        results: KpiReport | None = None,
        training: TrainingReport | None = None,
    ) -> None:
        self.handbook = handbook
        self.results = results
        self.training = training
        self.organisation = handbook.organisation
        self.language: Language = handbook.organisation.language
        self.locale = Locale(self.language)
        self.labels = self.locale.labels
        self.pdf_links = pdf_links
        self.announces_edition = announces_edition(handbook)
        self.is_overdue = {sop.id: handbook.is_overdue(sop) for sop in handbook.sops.values()}
        self.review_due = {sop.id: handbook.review_due(sop) for sop in handbook.sops.values()}

        sort = self.locale.sorted
        self.roles = sort(handbook.roles.values(), lambda r: r.title, lambda r: r.id)
        self.sops = sort(handbook.sops.values(), lambda s: s.title, lambda s: s.id)
        self.processes = sort(handbook.processes.values(), lambda p: p.title, lambda p: p.id)
        self.kpis = sort(handbook.kpis.values(), lambda k: k.name, lambda k: k.id)
        self.terms = sort(handbook.glossary.values(), lambda t: t.term, lambda t: t.id)
        # Periods are read by time, newest first; their labels ("Quý 4/2025") do not sort.
        self.okrs = sorted(
            sorted(handbook.okrs.values(), key=lambda o: o.id),
            key=lambda o: (o.start, o.end),
            reverse=True,
        )

        self.roles_by_department: dict[str, list[Role]] = {}
        for role in self.roles:
            self.roles_by_department.setdefault(role.department, []).append(role)
        self.sop_departments = {sop.id: self._sop_departments(sop) for sop in self.sops}
        sops_of_department: dict[str, list[Sop]] = {}
        for sop in self.sops:
            for department in self.sop_departments[sop.id]:
                sops_of_department.setdefault(department.id, []).append(sop)
        self.sops_by_department = [
            (department, sops_of_department[department.id])
            for department in self.organisation.departments
            if department.id in sops_of_department
        ]
        self.raci = {p.id: p.raci() for p in handbook.processes.values()}
        self.raci_roles = [r for r in self.roles if r.processes]
        ordered: dict[str, list[Any]] = {
            "role": self.roles,
            "sop": self.sops,
            "process": self.processes,
            "kpi": self.kpis,
            "okr": self.okrs,
        }
        self._position = {
            kind: {item.id: n for n, item in enumerate(items)} for kind, items in ordered.items()
        }
        self.direct_reports = {
            role.id: self.ordered("role", role.direct_reports) for role in self.roles
        }
        self.process_uses = self._process_uses()
        self.owned = self._owned()
        self.tags, self.tag_urls = self._tags()
        self.term_uses = self._term_uses()
        self.extra_pages = _extra_pages(extra_pages)
        self._extra_paths = set(extra_pages)

    # --- derived lookups, computed once ---------------------------------------------------

    def key_result_values(self, okr: OkrPeriod, key_result: KeyResult) -> list[str]:
        """A key result's latest KPI values in the OKR's dates (managers edition): 'Quận 1 ·
        2026-W44: 94,9% ✕ Chệch hướng'."""
        if self.results is None or key_result.kpi is None or key_result.target is None:
            return []
        kpi = self.handbook.kpis[key_result.kpi]
        text = ResultText(self.labels, self.locale.number)
        return [
            f"{text.branch(value.series.branch)} · {value.row.period.name}:"
            f" {text.value(kpi, value.row)} {text.status(value.status)}"
            for value in key_result_values(self.results, kpi, key_result.target, okr.start, okr.end)
        ]

    def results_of(self, kpi_id: str) -> KpiResults | None:
        """The KPI page's "Results" (managers edition, a KPI with results): chart, values and
        the coaching view."""
        series = self.results.of_kpi(kpi_id) if self.results is not None else ()
        if not series:
            return None
        title = self.labels("results_chart", kpi=series[0].kpi.name)
        return KpiResults(
            Markup(scroll_container(results_chart_svg(series, self.locale, title))),
            value_rows(series, self.locale),
            coaching_rows(series, self.handbook, self.locale),
        )

    def training_of(self, kind: str, item_id: str) -> str | None:
        """An SOP's or role's training figures (managers edition with a roster): 'Đào tạo:
        3/5 đạt (60%) · ↻ Học lại 1'; None without a roster."""
        if self.training is None:
            return None
        if kind == "sop":
            counts = self.training.by_sop.get(item_id)
        else:
            counts = self.training.of_role(item_id)
        return TrainingText(self.labels, self.locale.number, self.locale.date).figures(counts)

    def _sop_departments(self, sop: Sop) -> list[Department]:
        """Where people look for an SOP: the departments of the roles performing it (the
        owner's department when no role lists it), in the organisation's order."""
        roles = sop.performed_by or (sop.owner,)
        found = {self.handbook.roles[role_id].department for role_id in roles}
        return [d for d in self.organisation.departments if d.id in found]

    def _process_uses(self) -> dict[str, list[ProcessUse]]:
        uses: dict[str, list[ProcessUse]] = {}
        for process in self.processes:
            numbers: dict[str, list[int]] = {}
            for step in process.steps:
                if step.sop:
                    numbers.setdefault(step.sop, []).append(step.number)
            for sop_id, steps in numbers.items():
                uses.setdefault(sop_id, []).append(ProcessUse(process, tuple(steps)))
        return uses

    def _owned(self) -> dict[str, _Owned]:
        owned: dict[str, _Owned] = {role.id: _Owned() for role in self.roles}
        for sop in self.sops:
            owned[sop.owner].sops.append(sop)
        for kpi in self.kpis:
            owned[kpi.owner].kpis.append(kpi)
        for okr in self.okrs:
            for objective in okr.objectives:
                owned[objective.owner].objectives.append(OwnedObjective(okr, objective))
        return owned

    def _tags(self) -> tuple[list[TagPage], dict[str, str]]:
        """A page per tag slug (tags that slug alike share one), and each spelling's URL."""
        spellings: dict[str, list[str]] = {}
        sops_of: dict[str, list[Sop]] = {}
        for sop in self.sops:
            for tag in sop.tags:
                url = tag_path(tag)
                if tag not in spellings.setdefault(url, []):
                    spellings[url].append(tag)
                if sop not in sops_of.setdefault(url, []):
                    sops_of[url].append(sop)
        pages = [
            TagPage(url, self.locale.sorted(names, str, str)[0], tuple(sops_of[url]))
            for url, names in spellings.items()
        ]
        urls = {tag: url for url, names in spellings.items() for tag in names}
        return self.locale.sorted(pages, lambda page: page.name, lambda page: page.url), urls

    def _term_uses(self) -> dict[str, list[TermUse]]:
        uses: dict[str, list[TermUse]] = {}

        def record(kind: str, item_id: str, title: str, value: object) -> None:
            for markdown in markdown_in(value):
                for found in markdown.links:
                    if found.kind != "term" or found.target not in self.handbook.glossary:
                        continue
                    use = TermUse(kind, item_id, title)
                    listed = uses.setdefault(found.target, [])
                    if use not in listed:
                        listed.append(use)

        record("home", "", self.organisation.name, self.organisation.departments)
        for role in self.roles:
            record("role", role.id, role.title, role)
        for sop in self.sops:
            record("sop", sop.id, sop.title, sop)
        for process in self.processes:
            record("process", process.id, process.title, process)
        for kpi in self.kpis:
            record("kpi", kpi.id, kpi.name, kpi)
        for okr in self.okrs:
            record("okr", okr.id, okr.period, okr)
        for term in self.terms:
            record("term", term.id, term.term, term)
        return uses

    # --- what templates call --------------------------------------------------------------

    def role(self, role_id: str) -> Role:
        return self.handbook.roles[role_id]

    def sop(self, sop_id: str) -> Sop:
        return self.handbook.sops[sop_id]

    def kpi(self, kpi_id: str) -> Kpi:
        return self.handbook.kpis[kpi_id]

    def process(self, process_id: str) -> Process:
        return self.handbook.processes[process_id]

    def department(self, department_id: str) -> Department:
        return self.organisation.department(department_id)

    def ordered(self, kind: str, ids: Iterable[str]) -> list[str]:
        """Derived links (who performs an SOP ...) in display order: by title, periods by time."""
        return sorted(ids, key=self._position[kind].__getitem__)

    def measured(self, kpi: Kpi) -> list[RoleTarget]:
        return sorted(kpi.measured, key=lambda found: self._position["role"][found.role])

    def key_results_of(self, refs: Iterable[KeyResultRef]) -> list[KeyResultView]:
        views = []
        okr_order = self._position["okr"]
        for ref in sorted(refs, key=lambda r: (okr_order[r.okr], r.objective, r.key_result)):
            okr = self.handbook.okrs[ref.okr]
            objective = okr.objectives[ref.objective]
            views.append(KeyResultView(okr, objective, objective.key_results[ref.key_result]))
        return views

    def key_result_target(self, key_result: KeyResult) -> str | None:
        if key_result.target is None:
            return None
        if key_result.kpi:
            return self.locale.quantity(key_result.target, self.kpi(key_result.kpi).unit)
        return self.locale.number(key_result.target)

    def checklist(self, kind: str, item_id: str) -> str | None:
        """The root-relative URL of a role's or process's web checklist, when there is one."""
        url = checklist_path(kind, item_id)
        return url if docs_file(url) in self._extra_paths else None

    def org_chart(self, page: Page, focus: str | None = None) -> Markup:
        """The reporting tree as build-time SVG, nodes linking to role pages; `focus`: only
        that role's managers and direct reports."""
        svg = org_chart_svg(
            self.handbook, self.locale, lambda role_id: page.to("role", role_id), focus=focus
        )
        return Markup(scroll_container(svg))

    def process_flow(self, process: Process, page: Page) -> Markup:
        """The process as swimlanes, one lane per role, steps linking to their SOPs."""
        return Markup(
            scroll_container(process_flow_svg(self.handbook, process, self.locale, page.to))
        )

    def has_page(self, path: str) -> bool:
        return path in self._extra_paths

    @staticmethod
    def nav_title(text: str) -> str:
        """A nav title: MkDocs and Material print titles without escaping them."""
        return html.escape(text, quote=False)


class Page:
    """Links and content HTML as seen from one page (every link is relative)."""

    def __init__(self, index: SiteIndex, url: str) -> None:
        self.index = index
        self.url = url

    def at(self, root_url: str) -> str:
        """A link to any root-relative URL of the site ('sops/', 'glossary/#spa')."""
        return relative(self.url, root_url)

    def to(self, kind: str, item_id: str) -> str:
        return relative(self.url, page_path(kind, item_id))

    def step(self, sop_id: str, number: int) -> str:
        return relative(self.url, step_path(sop_id, number))

    def tag(self, tag: str) -> str:
        return relative(self.url, self.index.tag_urls[tag])

    def file(self, path: str) -> str:
        return content_file_url(self.url, path)

    def pdf(self, role_id: str) -> str:
        return relative(self.url, f"pdf/{role_id}.pdf")

    def md(self, value: Markdown | None) -> Markup:
        return self._html(value, as_inline=False)

    def md_inline(self, value: Markdown | None) -> Markup:
        return self._html(value, as_inline=True)

    def _html(self, value: Markdown | None, *, as_inline: bool) -> Markup:
        # No content line may start with '#': the site adapter takes such lines for headings.
        html = markdown_html(
            value, self.index.handbook, self._url_for, self.file, as_inline=as_inline
        )
        return no_line_starts_with_hash(html)

    def md_heading(self, value: Markdown) -> tuple[Markup, Markup]:
        """A Markdown value split for a heading: its first paragraph as heading text (shown
        literally by Markdown), and the rest as HTML. No first paragraph: an empty heading."""
        full = str(self.md(value))
        if full.startswith("<p>"):
            end = full.find("</p>")
            return heading_html(full[3:end]), Markup(full[end + 4 :].strip())
        return heading_text(""), Markup(full)

    def _url_for(self, kind: str, item_id: str) -> str:
        return self.to(kind, item_id)


def _extra_pages(pages: Mapping[str, str]) -> list[ExtraPage]:
    """Extra pages for the nav, the managers' pages first, then in path order; a page inside
    a folder that has its own index page is reached from that index, keeping the nav short."""
    folders = {path[: -len("index.md")] for path in pages if path.endswith("/index.md")}
    return [
        ExtraPage(path, _first_heading(text) or path)
        for path, text in sorted(pages.items(), key=lambda item: _nav_order(item[0]))
        if not _inside_indexed_folder(path, folders)
    ]


# The managers' pages in the spec's order (training after the audit report, the scorecard
# after training); any other extra page follows by path.
_NAV_FIRST = ("audit/index.md", "training/index.md", "scorecard/index.md")


def _nav_order(path: str) -> tuple[int, str]:
    return (_NAV_FIRST.index(path) if path in _NAV_FIRST else len(_NAV_FIRST), path)


def _inside_indexed_folder(path: str, folders: set[str]) -> bool:
    parts = path.split("/")[:-1]
    return any("/".join(parts[:n]) + "/" in folders for n in range(1, len(parts)))


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return html.unescape(line[2:].strip().rstrip("#").strip())
    return None
