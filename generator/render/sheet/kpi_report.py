"""`handbook kpi report`: every KPI result as CSV (one row per result), or the scorecard and the
coaching views as Markdown. Machine output: a decimal point, digits as written."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from generator.model.handbook import Handbook
from generator.query.kpi import KpiReport, KpiSeries, kpis_by_name, scorecard
from generator.render.common.kpi import ResultText, machine_number
from generator.render.common.labels import Labels
from generator.text import spreadsheet_text

REPORT_COLUMNS = (
    "kpi",
    "branch",
    "period",
    "value",
    "target",
    "threshold",
    "status",
    "trend",
    "adherence",
    "current",
    "required",
)


def report_csv(report: KpiReport) -> str:
    """`kpi,branch,period,value,target,threshold,status,trend,adherence,current,required`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for series, row in report.rows():
        kpi, training = series.kpi, series.training
        adherence = row.adherence.adherence
        cells = (
            kpi.id,
            series.branch,
            row.period.name,
            row.result.written,
            machine_number(kpi.target),
            "" if kpi.threshold is None else machine_number(kpi.threshold),
            row.status,
            row.trend or "",
            "" if adherence is None else machine_number(adherence),
            "" if training is None else str(training.current),
            "" if training is None else str(training.required),
        )
        writer.writerow([spreadsheet_text(cell) for cell in cells])
    return out.getvalue()


def report_markdown(report: KpiReport, handbook: Handbook) -> str:
    """The scorecard table, then per KPI the coaching view of each branch's latest period."""
    labels = Labels(handbook.organisation.language)
    text = ResultText(labels, machine_number)
    lines = [f"# {labels('scorecard')}", ""]
    if report.since is not None:
        lines += [labels("report_since", date=report.since.isoformat()), ""]
    counted = labels.count(
        "results_counts", report.files_read, results=report.results_read, files=report.files_read
    )
    lines += [counted, ""]
    if not report.series:
        return "\n".join([*lines, labels("no_results"), ""])
    header = (
        labels("kpi"),
        labels("branch"),
        labels("latest_period"),
        labels("kpi_value"),
        labels("target"),
        labels("kpi_status"),
        labels("kpi_trend"),
        labels("linked_adherence"),
    )
    rows = [_scorecard_cells(series, text) for series in scorecard(report, handbook)]
    lines += [*markdown_table(header, rows), ""]
    for kpi_id in kpis_by_name(report, handbook):
        views = report.of_kpi(kpi_id)
        lines += [f"## {labels('coaching_view_of', kpi=views[0].kpi.name)}", ""]
        lines += [labels("side_by_side"), ""]
        lines += [
            *markdown_table(
                _coaching_header(labels), [_coaching_cells(s, text, handbook) for s in views]
            ),
            "",
        ]
    return "\n".join(lines)


def _scorecard_cells(series: KpiSeries, text: ResultText) -> list[str]:
    kpi, row = series.kpi, series.latest
    return [
        kpi.name,
        text.branch(series.branch),
        row.period.name,
        text.value(kpi, row),
        text.target(kpi),
        text.status(row.status),
        text.trend(kpi, row),
        text.adherence(row.adherence),
    ]


def _coaching_header(labels: Labels) -> tuple[str, ...]:
    return (
        labels("branch"),
        labels("period"),
        labels("kpi_value"),
        labels("kpi_status"),
        labels("linked_adherence"),
        labels("most_skipped"),
        labels("training_of_linked"),
    )


def _coaching_cells(series: KpiSeries, text: ResultText, handbook: Handbook) -> list[str]:
    kpi, row = series.kpi, series.latest
    skipped = "; ".join(text.skipped(step, handbook) for step in row.skipped)
    return [
        text.branch(series.branch),
        row.period.name,
        text.value(kpi, row),
        text.status(row.status),
        text.adherence(row.adherence),
        skipped or text.labels("no_skipped"),
        text.training(series.training),
    ]


def markdown_table(header: Sequence[str], rows: list[list[str]]) -> list[str]:
    def cells(values: Sequence[str]) -> str:
        return "| " + " | ".join(_cell(value) for value in values) + " |"

    return [cells(header), "|" + "|".join("---" for _ in header) + "|", *(cells(r) for r in rows)]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
