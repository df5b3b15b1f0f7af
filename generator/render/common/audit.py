"""What the audit report's outputs (site page, Markdown, CSV) show beside the figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from generator.model.handbook import Handbook
from generator.query.adherence import AdherenceReport, Figure
from generator.render.common.labels import Labels
from generator.render.common.locale import Locale
from generator.render.common.markdown import plain_text


def figure_title(figure: Figure, handbook: Handbook) -> str:
    """The SOP, step action or role title of a row, as plain text ('' where there is none)."""
    if figure.scope == "step" and figure.sop is not None and figure.step is not None:
        sop = handbook.sops.get(figure.sop)
        if sop is None or not 1 <= figure.step <= len(sop.steps):
            return ""
        return plain_text(sop.steps[figure.step - 1].action, handbook)
    if figure.scope in ("sop", "earlier-version"):
        found_sop = handbook.sops.get(figure.key)
        return found_sop.title if found_sop else ""
    if figure.scope == "role":
        role = handbook.roles.get(figure.key)
        return role.title if role else ""
    return ""


def format_percent(value: Decimal | None, locale: Locale) -> str:
    return "" if value is None else locale.quantity(value, "%")


def counts_summary(
    report: AdherenceReport, labels: Labels, show_date: Callable[[date], str]
) -> list[str]:
    """What a report read, so that nothing is lost silently: records and files, empty rows
    skipped, records before --since."""
    lines = [
        labels(
            "records_read",
            records=labels.count("count_records", report.records_read),
            files=labels.count("count_files", report.files_read),
        )
    ]
    if report.empty_rows:
        lines.append(labels("empty_rows_skipped", count=report.empty_rows))
    if report.before_since and report.since is not None:
        lines.append(
            labels("records_before_since", count=report.before_since, date=show_date(report.since))
        )
    return lines
