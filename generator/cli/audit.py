"""`handbook audit sheet` and `handbook audit report`: blank audit sheets and adherence figures.

Both validate the project first, like `handbook check`: with content errors they print the
diagnostics only and exit 1. Machine output uses ISO dates and a decimal point.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli.common import (
    EXIT_CONTENT,
    EXIT_OK,
    add_project,
    iso_date,
    validated_handbook,
    write_file,
)
from generator.diagnostics import UsageError, did_you_mean

if TYPE_CHECKING:
    from generator.query.checklists import ChecklistKind


def add_audit_commands(commands: argparse._SubParsersAction[Any]) -> None:
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


def _report(args: argparse.Namespace) -> int:
    from generator.model.records import AuditData
    from generator.query.adherence import adherence_report
    from generator.render.sheet.audit_report import report_csv, report_markdown

    handbook = validated_handbook(args.project, None)
    if handbook is None:
        return EXIT_CONTENT
    audits = handbook.audits or AuditData((), (), 0)
    report = adherence_report(audits, handbook.organisation.language, since=args.since)
    if args.format == "csv":
        sys.stdout.write(report_csv(report, handbook))
    else:
        sys.stdout.write(report_markdown(report, handbook))
    return EXIT_OK


def _sheet(args: argparse.Namespace) -> int:
    from generator.render.sheet.audit_sheet import sheet_csv, sheet_rows, sheet_xlsx
    from generator.write.output import write_stdout

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a binary file: give one with -o FILE")
    handbook = validated_handbook(args.project, None)
    if handbook is None:
        return EXIT_CONTENT
    kind: ChecklistKind = "role" if args.role is not None else "process"
    item_id: str = args.role if args.role is not None else args.process
    items = handbook.items(kind)
    if item_id not in items:
        raise UsageError(f"unknown {kind} '{item_id}'{did_you_mean(item_id, items)}")
    rows = sheet_rows(handbook, kind, item_id, all_steps=args.all_steps)
    if args.format == "xlsx":
        data = sheet_xlsx(rows, handbook, sheet_title=f"{kind}-{item_id}")
    else:
        data = sheet_csv(rows)
    if args.output:
        write_file(Path(args.output), data)
        hint = "" if rows or args.all_steps else "; --all-steps lists every step"
        print(f"Wrote {args.output} ({len(rows)} steps to check{hint}).")
    else:
        write_stdout(data)
    return EXIT_OK
