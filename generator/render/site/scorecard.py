"""The managers site's KPI scorecard (`scorecard/`): every KPI's latest value per branch, the
off-track rows first, then per KPI the coaching view of its latest period. The staff edition
has no results and so no scorecard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.handbook import Handbook
from generator.query.kpi import KpiReport, kpis_by_name, scorecard
from generator.render.common.kpi import CoachingRow, coaching_rows, scorecard_rows
from generator.render.common.locale import Locale
from generator.render.common.urls import page_path, relative, step_path
from generator.render.site.markdown import markdown_text
from generator.render.site.templates import render_page

SCORECARD_URL = "scorecard/"


@dataclass(frozen=True)
class _Coaching:
    kpi: str
    title: str
    rows: tuple[CoachingRow, ...]


def scorecard_page(handbook: Handbook, report: KpiReport) -> str:
    """Markdown (with raw HTML blocks) for the docs page `scorecard/index.md`."""
    locale = Locale(handbook.organisation.language)
    labels = locale.labels
    return render_page(
        "results/scorecard.md.j2",
        t=labels,
        title=markdown_text(labels("scorecard")),
        counts=labels.count(
            "results_counts",
            report.files_read,
            results=locale.number(Decimal(report.results_read)),
            files=report.files_read,
        ),
        rows=scorecard_rows(scorecard(report, handbook), locale),
        coaching=[
            _Coaching(
                kpi_id,
                markdown_text(labels("coaching_view_of", kpi=handbook.kpis[kpi_id].name)),
                coaching_rows(report.of_kpi(kpi_id), handbook, locale),
            )
            for kpi_id in kpis_by_name(report, handbook)
        ],
        kpi_url=lambda kpi_id: relative(SCORECARD_URL, page_path("kpi", kpi_id)),
        step_url=lambda sop, number: relative(SCORECARD_URL, step_path(sop, number)),
    )
