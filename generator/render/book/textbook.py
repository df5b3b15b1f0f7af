"""A role's printed textbook: model -> complete print HTML (pure; `write.pdf` renders it).

The book holds, in this order: cover, contents, the role, onboarding path, processes the role
takes part in, its SOPs in learning order, KPIs and OKRs, self-check questions, the coaching
guide (managers edition), then appendices: answer key, glossary, revision history and the
acknowledgement page. A chapter with nothing to say is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

from generator.edition import EDITION_LABELS, NO_DATE
from generator.model.handbook import (
    Handbook,
    KeyResult,
    Kpi,
    OkrPeriod,
    Process,
    Role,
    Sop,
    Term,
)
from generator.model.markdown import Markdown
from generator.query.kpi import KpiReport
from generator.render.book.diagrams import (
    Diagram,
    kpi_results_chart,
    process_flow,
    reporting_line,
)
from generator.render.common.kpi import ValueRow, value_rows
from generator.render.common.locale import Locale
from generator.render.common.markdown import markdown_html, plain_text
from generator.render.common.print import (
    EDITION_ID_PLACEHOLDER,
    ContentFiles,
    PrintDocument,
    css_string,
    page_counter_css,
    render_print_html,
    stylesheet,
)
from generator.render.common.qr import SopLink, sop_link

_APPENDIX_LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class Chapter:
    key: str  # template name under print/book/ and anchor `ch-<key>`
    title: str
    number: str  # "1", "2" ... for chapters, "A", "B" ... for appendices
    appendix: bool


@dataclass(frozen=True)
class RoleKpiTarget:
    kpi: Kpi
    target: Decimal  # this role's target, else the KPI's


@dataclass(frozen=True)
class KeyResultEntry:
    number: int  # 1-based within its objective
    key_result: KeyResult


@dataclass(frozen=True)
class ObjectiveEntry:
    objective: Markdown
    owner: str
    key_results: tuple[KeyResultEntry, ...]


@dataclass(frozen=True)
class OkrEntry:
    period: OkrPeriod
    objectives: tuple[ObjectiveEntry, ...]


@dataclass(frozen=True)
class ProcessEntry:
    process: Process
    letters: str  # this role's RACI letters, e.g. "R/C"
    flow: Diagram  # the build-time SVG diagram


@dataclass(frozen=True)
class KpiResultsEntry:
    chart: Diagram
    values: tuple[ValueRow, ...]


class BookView:
    """What the templates read: the role's items in book order and formatting helpers."""

    def __init__(
        self,
        handbook: Handbook,
        role_id: str,
        edition_date: date,
        results: KpiReport | None = None,
        site_url: str | None = None,
    ) -> None:
        self.handbook = handbook
        self.results = results
        self.organisation = handbook.organisation
        self.role: Role = handbook.roles[role_id]
        self.language = handbook.organisation.language
        self.locale = Locale(self.language)
        self.t = self.locale.labels
        self.files = ContentFiles()
        self.edition_date = edition_date if edition_date != NO_DATE else None
        self.edition_id = Markup(EDITION_ID_PLACEHOLDER)
        self.edition_name = self.t(EDITION_LABELS[handbook.audience])
        self.site_url = site_url

        role = self.role
        self.sops: tuple[Sop, ...] = tuple(handbook.sops[i] for i in role.sops)
        processes = tuple(handbook.processes[i] for i in role.processes)
        self.kpis = tuple(
            RoleKpiTarget(handbook.kpis[k.kpi], handbook.kpis[k.kpi].target)
            if k.target is None
            else RoleKpiTarget(handbook.kpis[k.kpi], k.target)
            for k in role.kpis
        )
        self.okrs = self._okrs()
        self.quiz_sops = tuple(sop for sop in self.sops if sop.quiz)
        self.glossary: tuple[Term, ...] = tuple(
            self.locale.sorted(handbook.glossary.values(), lambda t: t.term, lambda t: t.id)
        )
        self._anchors = self._book_anchors(processes)
        self.processes = tuple(
            ProcessEntry(
                process,
                process.raci()[role_id],
                process_flow(handbook, process, role_id, self.url_for),
            )
            for process in processes
        )
        # A role with neither a manager nor reports has no line to draw.
        self.reporting_line = (
            reporting_line(handbook, role_id, self.url_for)
            if role.reports_to or role.direct_reports
            else None
        )
        self.chapters = self._chapters()

    # --- structure -------------------------------------------------------------------------

    def _chapters(self) -> tuple[Chapter, ...]:
        t = self.t
        main = [
            ("role", t("chapter_role"), True),
            ("onboarding", t("chapter_onboarding"), bool(self.role.onboarding)),
            ("processes", t("chapter_processes"), bool(self.processes)),
            ("sops", t("chapter_sops"), bool(self.sops)),
            ("kpis", t("chapter_kpis_okrs"), bool(self.kpis or self.okrs)),
            ("self_check", t("chapter_self_check"), bool(self.quiz_sops)),
            ("coaching", t("coaching_guide"), bool(self.role.coaching)),
        ]
        appendices = [
            ("answer_key", t("answer_key"), bool(self.quiz_sops)),
            ("glossary", t("glossary"), bool(self.glossary)),
            ("revisions", t("revision_history"), bool(self.sops)),
            ("acknowledgement", t("acknowledgement"), True),
        ]
        chapters = [
            Chapter(key, title, str(number), appendix=False)
            for number, (key, title, _) in enumerate((c for c in main if c[2]), start=1)
        ]
        chapters += [
            Chapter(key, title, _APPENDIX_LETTERS[index], appendix=True)
            for index, (key, title, _) in enumerate(a for a in appendices if a[2])
        ]
        return tuple(chapters)

    def _okrs(self) -> tuple[OkrEntry, ...]:
        """The key results this role contributes to, by period and objective."""
        handbook = self.handbook
        entries: list[OkrEntry] = []
        for okr_id in dict.fromkeys(ref.okr for ref in self.role.key_results):
            okr = handbook.okrs[okr_id]
            objectives: list[ObjectiveEntry] = []
            for o_index, objective in enumerate(okr.objectives):
                mine = tuple(
                    KeyResultEntry(ref.key_result + 1, handbook.key_result(ref))
                    for ref in self.role.key_results
                    if ref.okr == okr_id and ref.objective == o_index
                )
                if mine:
                    objectives.append(ObjectiveEntry(objective.objective, objective.owner, mine))
            entries.append(OkrEntry(okr, tuple(objectives)))
        return tuple(entries)

    def _book_anchors(self, processes: tuple[Process, ...]) -> dict[tuple[str, str], str]:
        """Targets that have a place in this book: a `[[kind:id]]` to them becomes a link."""
        anchors = {("role", self.role.id): "ch-role"}
        anchors.update({("sop", sop.id): f"sop-{sop.id}" for sop in self.sops})
        anchors.update({("process", p.id): f"process-{p.id}" for p in processes})
        anchors.update({("kpi", k.kpi.id): f"kpi-{k.kpi.id}" for k in self.kpis})
        anchors.update({("okr", o.period.id): f"okr-{o.period.id}" for o in self.okrs})
        anchors.update({("term", term.id): f"term-{term.id}" for term in self.glossary})
        return anchors

    # --- helpers for templates -------------------------------------------------------------

    def url_for(self, kind: str, item_id: str) -> str | None:
        anchor = self._anchors.get((kind, item_id))
        return f"#{anchor}" if anchor else None

    def md(self, value: Markdown | None, *, inline: bool = False) -> Markup:
        """Content Markdown for print; `[[...]]` links only to things inside this book."""
        html = markdown_html(value, self.handbook, self.url_for, ContentFiles.url, as_inline=inline)
        return Markup(self.files.content_html(str(html)))

    def sop_link(self, sop_id: str) -> SopLink | None:
        """The SOP's live page (QR code and URL) when the site has a `site_url`."""
        return sop_link(self.site_url, sop_id)

    def plain(self, value: Markdown) -> str:
        """A Markdown value as one line of text (an image's alt text)."""
        return plain_text(value, self.handbook)

    def ref(self, kind: str, item_id: str) -> Markup:
        """An item's name, linked when the book holds it."""
        text = escape(self.handbook.label(kind, item_id))
        url = self.url_for(kind, item_id)
        return Markup(f'<a href="{url}">{text}</a>') if url else text

    def results_of(self, kpi_id: str) -> KpiResultsEntry | None:
        """The KPI's chart and values (managers edition, a KPI with results)."""
        series = self.results.of_kpi(kpi_id) if self.results is not None else ()
        if not series:
            return None
        title = self.t("results_chart", kpi=series[0].kpi.name)
        return KpiResultsEntry(
            kpi_results_chart(series, self.locale, title), value_rows(series, self.locale)
        )

    def role_title(self, role_id: str) -> str:
        return self.handbook.roles[role_id].title

    def choice_letter(self, index: int) -> str:
        return chr(ord("A") + index)

    def image(self, path: str) -> str:
        return self.files.image(path)

    def acknowledgement_text(self) -> Markup:
        """The acknowledgement sentence, naming the role and this edition's id."""
        slot = "\x00"
        text = escape(self.t("acknowledgement_text", role=self.role.title, edition=slot))
        return Markup(str(text).replace(slot, EDITION_ID_PLACEHOLDER))

    def department_name(self) -> str:
        return self.organisation.department(self.role.department).name


def book_document(
    handbook: Handbook,
    role_id: str,
    *,
    edition_date: date,
    results: KpiReport | None = None,
    site_url: str | None = None,
) -> PrintDocument:
    """The print HTML of one role's textbook in this edition (with the edition id placeholder:
    `write.pdf` fills it in from the hash of the HTML and its assets); `results` (managers
    edition) adds each KPI's chart and values. With the site's `site_url`, each SOP chapter
    prints a QR code of the SOP's live page."""
    view = BookView(handbook, role_id, edition_date, results, site_url)
    t = view.t
    organisation = handbook.organisation
    title = t("book_title", role=view.role.title)
    page_css = {
        "header_left": css_string(organisation.display_name),
        "header_right": css_string(view.role.title),
        "footer_left": Markup(f'{css_string(role_id + " · ")} "{EDITION_ID_PLACEHOLDER}"'),
        "page_counter": page_counter_css(t("page_of", page="{page}", pages="{pages}")),
    }
    html = render_print_html(
        "print/book.html.j2",
        {
            "book": view,
            "t": t,
            "title": title,
            "author": organisation.name,
            "language": organisation.language,
            "styles": stylesheet("print/print.css", "print/book.css"),
            "page": page_css,
        },
    )
    return PrintDocument(
        name=f"pdf/{role_id}.pdf",
        html=html,
        title=title,
        author=organisation.name,
        language=organisation.language,
        assets=view.files.assets,
    )
