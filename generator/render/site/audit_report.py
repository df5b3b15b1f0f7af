"""The managers site's adherence report page (`audit/`): figures, charts and the coaching list.

Every step links to its anchor on the SOP page and every SOP to the KPIs it drives, so a manager
sees which failing behaviour threatens which result. The staff edition has no report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.model.handbook import Handbook
from generator.model.records import AuditRecord
from generator.query.adherence import AdherenceReport, Figure, Tally
from generator.render.common.audit import counts_summary, figure_title, format_percent
from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
from generator.render.common.markdown import plain_text
from generator.render.common.urls import CHECKLISTS_URL, page_path, relative, step_path
from generator.render.diagrams.bar_chart import Bar, bar_chart_svg
from generator.render.diagrams.line_chart import Point, line_chart_svg
from generator.render.diagrams.svg import scroll_container
from generator.render.site.markdown import markdown_text
from generator.render.site.templates import render_page

REPORT_URL = "audit/"
# The ranked steps' chart shows the weakest few; the table below it lists them all.
TOP_STEPS = 10
_Url = Callable[[Figure], str | None]


# A step's action as a second line in a table: its first words; the link leads to all of it.
EXCERPT_LENGTH = 140


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


@dataclass(frozen=True)
class _Link:
    text: str
    url: str


@dataclass(frozen=True)
class _Row:
    """One table row of the page: what it is about, links, and its counts."""

    label: str
    url: str | None
    detail: str  # a second line: step action, SOP title ...
    kpis: tuple[_Link, ...]
    tally: Tally
    adherence: str


@dataclass(frozen=True)
class _FailRow:
    day: str
    branch: str
    person: str
    auditor: str
    step: str
    url: str
    action: str
    note: str


def audit_report_page(handbook: Handbook, report: AdherenceReport) -> str:
    """Markdown (with raw HTML blocks) for the docs page `audit/index.md`."""
    locale = Locale(handbook.organisation.language)
    labels = locale.labels
    page = _ReportPage(handbook, report, labels, locale)
    return render_page(
        "audit/report.md.j2",
        labels=labels,
        count=lambda number: locale.number(Decimal(number)),
        title=markdown_text(labels("audit_report")),
        summary=page.summary(),
        overall=report.overall.tally,
        overall_adherence=format_percent(report.overall.tally.adherence, locale),
        has_records=report.records_counted > 0,
        checklists_url=relative(REPORT_URL, CHECKLISTS_URL),
        trend_chart=page.trend_chart(),
        sop_chart=page.bar_chart(
            report.by_sop,
            lambda f: f"{handbook.sops[f.key].code} · {figure_title(f, handbook)}",
            lambda f: page.url("sop", f.key),
        ),
        step_chart=page.bar_chart(
            [f for f in report.by_step if f.tally.failed][:TOP_STEPS],
            page.step_label,
            page.step_url,
        ),
        branch_chart=page.bar_chart(report.by_branch, lambda f: f.key, lambda f: None),
        by_sop=[page.sop_row(figure) for figure in report.by_sop],
        by_step=[page.step_row(figure) for figure in report.by_step],
        by_role=[page.role_row(figure) for figure in report.by_role],
        by_branch=[page.plain_row(figure, figure.key) for figure in report.by_branch],
        by_month=[page.plain_row(figure, locale.month(figure.key)) for figure in report.by_month],
        earlier=[page.sop_row(figure) for figure in report.earlier_version],
        fails=[page.fail_row(record, earlier=False) for record in report.fails],
        earlier_fails=[page.fail_row(record, earlier=True) for record in report.earlier_fails],
    )


class _ReportPage:
    def __init__(
        self, handbook: Handbook, report: AdherenceReport, labels: Labels, locale: Locale
    ) -> None:
        self.handbook = handbook
        self.report = report
        self.labels = labels
        self.locale = locale

    def url(self, kind: str, item_id: str) -> str:
        return relative(REPORT_URL, page_path(kind, item_id))

    def step_url(self, figure: Figure) -> str:
        assert figure.sop is not None and figure.step is not None
        return relative(REPORT_URL, step_path(figure.sop, figure.step))

    def summary(self) -> list[str]:
        report, labels = self.report, self.labels
        since = (
            [labels("report_since", date=self.locale.date(report.since))] if report.since else []
        )
        return since + counts_summary(report, labels, self.locale.date)

    def kpis(self, sop_id: str) -> tuple[_Link, ...]:
        sop = self.handbook.sops[sop_id]
        return tuple(
            _Link(self.handbook.kpis[kpi].name, self.url("kpi", kpi))
            for kpi in sop.kpis
            if kpi in self.handbook.kpis
        )

    def _row(
        self, figure: Figure, label: str, url: str | None, detail: str, kpis: tuple[_Link, ...]
    ) -> _Row:
        return _Row(
            label,
            url,
            detail,
            kpis,
            figure.tally,
            format_percent(figure.tally.adherence, self.locale),
        )

    def sop_row(self, figure: Figure) -> _Row:
        sop = self.handbook.sops[figure.key]
        return self._row(figure, sop.code, self.url("sop", sop.id), sop.title, self.kpis(sop.id))

    def step_label(self, figure: Figure) -> str:
        sop = self.handbook.sops[figure.sop or ""]
        title = figure_title(figure, self.handbook)
        return f"{sop.code} · {self.labels('step_n', number=figure.step)}: {title}"

    def step_row(self, figure: Figure) -> _Row:
        assert figure.sop is not None and figure.step is not None
        sop = self.handbook.sops[figure.sop]
        label = f"{sop.code} · {self.labels('step_n', number=figure.step)}"
        title = excerpt(figure_title(figure, self.handbook))
        return self._row(figure, label, self.step_url(figure), title, self.kpis(sop.id))

    def role_row(self, figure: Figure) -> _Row:
        title = figure_title(figure, self.handbook) or figure.key
        return self._row(figure, title, self.url("role", figure.key), "", ())

    def plain_row(self, figure: Figure, label: str) -> _Row:
        return self._row(figure, label, None, "", ())

    def fail_row(self, record: AuditRecord, *, earlier: bool) -> _FailRow:
        sop = self.handbook.sops[record.sop]
        if earlier or record.step is None:
            step = f"{sop.code} · {self.labels('step_n', number=record.step_key)}"
            return _FailRow(
                self.locale.date(record.date),
                record.branch,
                record.person,
                record.auditor,
                step,
                self.url("sop", sop.id),
                "",
                record.note,
            )
        return _FailRow(
            self.locale.date(record.date),
            record.branch,
            record.person,
            record.auditor,
            f"{sop.code} · {self.labels('step_n', number=record.step)}",
            relative(REPORT_URL, step_path(sop.id, record.step)),
            excerpt(plain_text(sop.steps[record.step - 1].action, self.handbook)),
            record.note,
        )

    def trend_chart(self) -> Markup:
        points = [Point(f.key, f.tally.adherence) for f in self.report.by_month]
        return _chart(
            line_chart_svg(points, locale=self.locale, title=self.labels("adherence_trend"))
        )

    def bar_chart(
        self, figures: Iterable[Figure], label: Callable[[Figure], str], url: _Url
    ) -> Markup:
        bars = [Bar(label(f), f.tally.adherence, self.secondary(f.tally), url(f)) for f in figures]
        if not bars:
            return Markup("")
        return _chart(bar_chart_svg(bars, locale=self.locale, title=self.labels("adherence")))

    def secondary(self, counts: Tally) -> str:
        count = self.locale.number
        return " · ".join(
            f"{self.labels(key)} {count(Decimal(value))}"
            for key, value in (
                ("pass", counts.passed),
                ("fail", counts.failed),
                ("na", counts.not_applicable),
            )
        )


def _chart(svg: str) -> Markup:
    """A shared build-time chart (inline SVG, no script), scrolling sideways on a phone."""
    return Markup(scroll_container(svg))
