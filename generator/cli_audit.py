"""`handbook audit sheet` and `handbook audit report`: blank audit sheets and adherence figures.

Both validate the project first, like `handbook check`: with content errors they print the
diagnostics only and exit 1. Machine output uses ISO dates and a decimal point.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli import (
    EXIT_CONTENT,
    EXIT_OK,
    InternalError,
    iso_date,
    print_diagnostics,
    today,
)
from generator.diagnostics import did_you_mean
from generator.project import UsageError, find_project

if TYPE_CHECKING:
    from generator.audit import AdherenceReport, Figure, Tally
    from generator.model import AuditRecord, Handbook
    from generator.render.checklists import ChecklistKind

SHEET_COLUMNS = (
    "date",
    "branch",
    "auditor",
    "person",
    "role",
    "sop",
    "step",
    "action",
    "standard",
    "result",
    "note",
)
REPORT_COLUMNS = ("scope", "key", "title", "pass", "fail", "na", "adherence")
RESULT_CHOICES = "pass,fail,na"


def add_audit_commands(
    commands: argparse._SubParsersAction[Any],
    add_project: Callable[[argparse.ArgumentParser], None],
) -> None:
    audit = commands.add_parser(
        "audit",
        help="audit sheets to fill in, and adherence reports from completed audits",
        description="Work with process-adherence audits: print a blank sheet for a role or a"
        " process, or report adherence from content/audits/*.csv.",
    )
    subcommands = audit.add_subparsers(title="audit commands", metavar="COMMAND", required=True)

    sheet = subcommands.add_parser(
        "sheet",
        help="a blank audit sheet (CSV or xlsx) with one row per step to check",
        description="Write a blank audit sheet with one pre-filled row per critical step of the"
        " role's SOPs (or the process's), to fill in a spreadsheet and save into"
        " content/audits/ as CSV. CSV goes to stdout unless -o is given; xlsx needs -o.",
    )
    add_project(sheet)
    which = sheet.add_mutually_exclusive_group(required=True)
    which.add_argument("--role", metavar="ID", help="the role to audit")
    which.add_argument("--process", metavar="ID", help="the process to audit")
    sheet.add_argument(
        "--all-steps", action="store_true", help="every step, not only the critical ones"
    )
    sheet.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="default: csv")
    sheet.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    sheet.set_defaults(run=_sheet)

    report = subcommands.add_parser(
        "report",
        help="adherence figures from content/audits/*.csv",
        description="Print adherence (pass / (pass + fail)) overall, by SOP, step, role, branch"
        " and month, the earlier-version records apart, and every failed check.",
    )
    add_project(report)
    report.add_argument(
        "--since", type=iso_date, metavar="DATE", help="only records on or after DATE"
    )
    report.add_argument("--format", choices=("md", "csv"), default="md", help="default: md")
    report.set_defaults(run=_report)


def _validated(project: str) -> Handbook | None:
    """The validated handbook, or None after printing the diagnostics of a project with errors.

    Warnings are printed too (an audit row a role does not list, ...): nothing is hidden."""
    from generator.validate import validate_project

    result = validate_project(find_project(Path(project)), today=today(None))
    print_diagnostics(result.diagnostics, result.file_count)
    return result.handbook


# --- audit report ----------------------------------------------------------------------------


def _report(args: argparse.Namespace) -> int:
    from generator.audit import adherence_report

    handbook = _validated(args.project)
    if handbook is None:
        return EXIT_CONTENT
    report = adherence_report(handbook.audits, handbook, since=args.since)
    text = report_csv(report) if args.format == "csv" else report_markdown(report, handbook)
    sys.stdout.write(text)
    return EXIT_OK


def report_csv(report: AdherenceReport) -> str:
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
                figure.key,
                figure.title,
                counts.passed,
                counts.failed,
                counts.not_applicable,
                adherence,
            )
        )
    return out.getvalue()


def report_markdown(report: AdherenceReport, handbook: Handbook) -> str:
    """The same figures as Markdown tables, then the counts and the coaching list."""
    from generator.render.audit_pages import counts_summary
    from generator.render.common import Labels

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
        rows = [[*_key_cells(figure, len(keys)), *_count_cells(figure.tally)] for figure in figures]
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


def _key_cells(figure: Figure, count: int) -> list[str]:
    return [figure.key, figure.title][:count] if figure.scope != "overall" else []


def _count_cells(counts: Tally) -> list[str]:
    adherence = "" if counts.adherence is None else f"{counts.adherence:f}%"
    return [str(counts.passed), str(counts.failed), str(counts.not_applicable), adherence]


def _fail_cells(record: AuditRecord, handbook: Handbook) -> list[str]:
    from generator.audit import plain_text

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


# --- audit sheet -----------------------------------------------------------------------------


def _sheet(args: argparse.Namespace) -> int:

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a binary file: give one with -o FILE")
    handbook = _validated(args.project)
    if handbook is None:
        return EXIT_CONTENT
    kind: ChecklistKind = "role" if args.role is not None else "process"
    item_id: str = args.role if args.role is not None else args.process
    items = handbook.roles if kind == "role" else handbook.processes
    if item_id not in items:
        raise UsageError(f"unknown {kind} '{item_id}'{did_you_mean(item_id, items)}")
    rows = sheet_rows(handbook, kind, item_id, all_steps=args.all_steps)
    if args.format == "xlsx":
        data = sheet_xlsx(rows, handbook, sheet_title=f"{kind}-{item_id}")
    else:
        data = sheet_csv(rows)
    if args.output:
        _write_file(Path(args.output), data)
        hint = "" if rows or args.all_steps else "; --all-steps lists every step"
        print(f"Wrote {args.output} ({len(rows)} steps to check{hint}).")
    else:
        _write_stdout(data)
    return EXIT_OK


def sheet_rows(
    handbook: Handbook, kind: ChecklistKind, item_id: str, *, all_steps: bool = False
) -> list[dict[str, str]]:
    """One pre-filled row per checklist line; what the auditor fills in is left empty."""
    from generator.audit import plain_text
    from generator.render.checklists import checklist_lines

    rows = []
    for line in checklist_lines(handbook, kind, item_id, all_steps=all_steps):
        standard = line.step.standard
        rows.append(
            {
                "role": line.role,
                "sop": line.sop.id,
                "step": line.step_key,
                "action": plain_text(line.step.action, handbook),
                "standard": plain_text(standard, handbook) if standard else "",
            }
        )
    return rows


def sheet_csv(rows: list[dict[str, str]]) -> bytes:
    """UTF-8 with BOM so that Excel opens Vietnamese text right; `,` and CRLF as RFC 4180."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SHEET_COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in SHEET_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_xlsx(rows: list[dict[str, str]], handbook: Handbook, *, sheet_title: str) -> bytes:
    """The sheet as xlsx: a drop-down on `result`, frozen header, wrapped action text, and
    fixed timestamps (the edition date) so that the same content gives the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    from generator.edition import edition_date

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    sheet.append(list(SHEET_COLUMNS))
    for row in rows:
        sheet.append([row.get(column, "") for column in SHEET_COLUMNS])
    last = max(len(rows) + 1, 2)
    widths = {"date": 12, "branch": 16, "auditor": 18, "person": 18, "role": 20, "sop": 22}
    widths |= {"step": 12, "action": 50, "standard": 40, "result": 10, "note": 36}
    for index, column in enumerate(SHEET_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths[column]
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", start_color="FFE8EDF2")
        for row_number in range(2, last + 1):
            cell = sheet.cell(row=row_number, column=index)
            cell.alignment = Alignment(vertical="top", wrap_text=column in ("action", "standard"))
            if column in ("date", "step"):
                cell.number_format = "@"  # text: a spreadsheet must not turn 3 into 3.0 or a date
    result_letter = get_column_letter(SHEET_COLUMNS.index("result") + 1)
    choices = DataValidation(
        type="list",
        formula1=f'"{RESULT_CHOICES}"',
        allow_blank=True,
        showErrorMessage=True,
        error="pass, fail or na",
        errorTitle="result",
    )
    choices.add(f"{result_letter}2:{result_letter}{last}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = "A2"
    fixed = datetime.combine(edition_date(handbook), datetime.min.time())
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "handbook"
    workbook.properties.title = sheet_title
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_zip_times(buffer.getvalue(), fixed)


def _fixed_zip_times(data: bytes, moment: datetime) -> bytes:
    """The same archive with every member's time set to `moment` (zip stores local times)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def _write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InternalError(f"cannot write {path}: {error.strerror or error}") from error


def _write_stdout(data: bytes) -> None:
    """Bytes as they are (BOM and CRLF kept) when stdout has a binary layer, else as text."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
