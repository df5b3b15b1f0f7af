"""`handbook training report`: every required pair as CSV, or the summary tables and the action
list as Markdown. Machine output: ISO dates, a decimal point."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from generator.model.handbook import Handbook
from generator.query.training import STATUSES, TrainingCounts, TrainingReport
from generator.render.common.kpi import machine_number
from generator.render.common.labels import Labels
from generator.render.common.training import TrainingText
from generator.render.sheet.kpi_report import markdown_table
from generator.text import spreadsheet_text

REPORT_COLUMNS = (
    "branch",
    "person",
    "name",
    "role",
    "sop",
    "code",
    "status",
    "version",
    "date",
    "due",
)


def report_csv(report: TrainingReport, handbook: Handbook) -> str:
    """`branch,person,name,role,sop,code,status,version,date,due`, one row per required pair."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for pair in report.pairs:
        latest = pair.latest
        cells = (
            pair.person.branch,
            pair.person.key,
            pair.person.name,
            pair.role,
            pair.sop,
            handbook.sops[pair.sop].code,
            pair.status,
            "" if latest is None else latest.version,
            "" if latest is None else latest.date.isoformat(),
            "" if pair.due is None else pair.due.isoformat(),
        )
        writer.writerow([spreadsheet_text(cell) for cell in cells])
    return out.getvalue()


def summary_header(labels: Labels, first: str, text: TrainingText) -> list[str]:
    return [
        first,
        labels("required_pairs"),
        *(text.status(s) for s in STATUSES),
        labels("coverage"),
    ]


def summary_cells(name: str, counts: TrainingCounts, text: TrainingText) -> list[str]:
    return [
        name,
        str(counts.required),
        *(str(counts.statuses[s]) for s in STATUSES),
        text.coverage(counts),
    ]


def report_markdown(report: TrainingReport, handbook: Handbook) -> str:
    """The summary by branch and by role, then the action list."""
    labels = Labels(handbook.organisation.language)
    text = TrainingText(labels, machine_number, lambda day: day.isoformat())
    lines = [f"# {labels('training')}", ""]
    lines += [
        labels(
            "training_counts",
            people=report.people,
            records=report.records_read,
            files=report.files_read,
        ),
        "",
    ]
    if not report.pairs:
        return "\n".join([*lines, labels("no_training_pairs"), ""])
    by_branch = [summary_cells(f.branch, f.counts, text) for f in report.by_branch]
    by_branch.append(summary_cells(labels("overall"), report.total, text))
    lines += [f"## {labels('by_branch')}", ""]
    lines += [*markdown_table(summary_header(labels, labels("branch"), text), by_branch), ""]
    by_role = [summary_cells(handbook.roles[f.role].title, f.counts, text) for f in report.by_role]
    lines += [f"## {labels('by_role')}", ""]
    lines += [*markdown_table(summary_header(labels, labels("role"), text), by_role), ""]
    lines += [f"## {labels('training_actions')}", ""]
    if not report.actions:
        return "\n".join([*lines, labels("no_training_actions"), ""])
    header: Sequence[str] = (
        labels("kpi_status"),
        labels("branch"),
        labels("person"),
        labels("sop"),
        labels("trained_on"),
        labels("due_date"),
    )
    rows = [
        [
            " ".join(filter(None, (text.status(p.status), text.since(p, handbook)))),
            p.person.branch,
            f"{p.person.name} ({p.person.key})" if p.person.name != p.person.key else p.person.key,
            f"{handbook.sops[p.sop].code} {handbook.sops[p.sop].title}",
            "" if p.latest is None else f"{p.latest.date.isoformat()} · {p.latest.version}",
            "" if p.due is None else p.due.isoformat(),
        ]
        for p in report.actions
    ]
    lines += [*markdown_table(header, rows), ""]
    return "\n".join(lines)
