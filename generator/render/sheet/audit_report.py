"""`handbook audit report`: the adherence figures as CSV (one row per figure) or Markdown.

Machine output: ISO dates and a decimal point, whatever the content's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from generator.model.handbook import Handbook
from generator.model.records import AuditRecord
from generator.query.adherence import AdherenceReport, Figure, Tally
from generator.render.common.audit import counts_summary, figure_title
from generator.render.common.labels import Labels
from generator.render.common.markdown import plain_text
from generator.text import spreadsheet_text

REPORT_COLUMNS = ("scope", "key", "title", "pass", "fail", "na", "adherence")


def report_csv(report: AdherenceReport, handbook: Handbook) -> str:
    """One row per figure: `scope,key,title,pass,fail,na,adherence` (the spec's order)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for figure in report.figures():
        counts = figure.tally
        adherence = "" if counts.adherence is None else f"{counts.adherence:f}"
        writer.writerow(
            (
                figure.scope,
                spreadsheet_text(figure.key),
                spreadsheet_text(figure_title(figure, handbook)),
                counts.passed,
                counts.failed,
                counts.not_applicable,
                adherence,
            )
        )
    return out.getvalue()


def report_markdown(report: AdherenceReport, handbook: Handbook) -> str:
    """The same figures as Markdown tables, then the counts and the coaching list."""
    labels = Labels(handbook.organisation.language)
    lines = [f"# {labels('audit_report')}", ""]
    if report.since is not None:
        lines += [labels("report_since", date=report.since.isoformat()), ""]
    counted = counts_summary(report, labels, date.isoformat)
    lines += [" · ".join(counted), ""]
    counts = (labels("pass"), labels("fail"), labels("na"), labels("adherence"))
    sections = (
        ("overall", (report.overall,), ()),
        ("by_sop", report.by_sop, (labels("sop"), labels("title"))),
        ("by_step", report.by_step, (labels("step"), labels("title"))),
        ("by_role", report.by_role, (labels("role"), labels("title"))),
        ("by_branch", report.by_branch, (labels("branch"),)),
        ("by_month", report.by_month, (labels("month"),)),
        ("earlier_version", report.earlier_version, (labels("sop"), labels("title"))),
    )
    for heading, figures, keys in sections:
        if not figures:
            continue
        rows = [
            [*_key_cells(figure, handbook, len(keys)), *_count_cells(figure.tally)]
            for figure in figures
        ]
        lines += [f"## {labels(heading)}", "", *_table([*keys, *counts], rows, len(keys)), ""]
    if report.records_counted == 0:
        lines += [labels("no_records"), ""]
    fail_header = (
        labels("date"),
        labels("branch"),
        labels("person_audited"),
        labels("sop"),
        labels("step"),
        labels("note"),
    )
    for heading, records in (
        ("fail_records", report.fails),
        ("earlier_version_fails", report.earlier_fails),
    ):
        if records:
            rows = [_fail_cells(record, handbook) for record in records]
            lines += [f"## {labels(heading)}", "", *_table(fail_header, rows, None), ""]
    return "\n".join(lines)


def _key_cells(figure: Figure, handbook: Handbook, count: int) -> list[str]:
    if figure.scope == "overall":
        return []
    return [figure.key, figure_title(figure, handbook)][:count]


def _count_cells(counts: Tally) -> list[str]:
    adherence = "" if counts.adherence is None else f"{counts.adherence:f}%"
    return [str(counts.passed), str(counts.failed), str(counts.not_applicable), adherence]


def _fail_cells(record: AuditRecord, handbook: Handbook) -> list[str]:
    sop = handbook.sops[record.sop]
    if record.earlier_version or record.step is None:
        step = record.step_key
    else:
        step = f"{record.step}. {plain_text(sop.steps[record.step - 1].action, handbook)}"
    return [
        record.date.isoformat(),
        record.branch,
        record.person,
        f"{record.sop} ({sop.code})",
        step,
        record.note,
    ]


def _table(header: Sequence[str], rows: list[list[str]], right_from: int | None) -> list[str]:
    """A Markdown table; the columns from `right_from` on (the counts) align right."""

    def cells(values: Sequence[str]) -> str:
        return "| " + " | ".join(_cell(value) for value in values) + " |"

    rule = [
        "---:" if right_from is not None and index >= right_from else "---"
        for index in range(len(header))
    ]
    return [cells(header), "|" + "|".join(rule) + "|", *(cells(row) for row in rows)]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
