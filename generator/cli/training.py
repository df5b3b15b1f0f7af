"""`handbook training report` and `handbook training sheet`: who is trained on which SOP
version, and a sign-in sheet for the next session.

Both validate the project first, like `handbook check`: with content errors they print the
diagnostics only and exit 1. Machine output uses ISO dates.
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
    add_today,
    validated_handbook,
    write_file,
)
from generator.diagnostics import UsageError, did_you_mean

if TYPE_CHECKING:
    from generator.model.handbook import Handbook
    from generator.query.training import TrainingReport


def add_training_commands(commands: argparse._SubParsersAction[Any]) -> None:
    training = commands.add_parser(
        "training",
        help="training records: who must be trained or retrained, and sign-in sheets",
        description="Work with the roster (content/people.csv) and training records"
        " (content/training/*.csv).",
    )
    subcommands = training.add_subparsers(
        title="training commands", metavar="COMMAND", required=True
    )
    report = subcommands.add_parser(
        "report",
        help="every required training with its status as of today",
        description="Print every required (person, SOP) pair with its status (current,"
        " expired, outdated, failed, due, overdue), the summary by branch and role and the"
        " action list.",
    )
    add_project(report)
    add_today(report)
    report.add_argument("--format", choices=("md", "csv"), default="md", help="default: md")
    report.set_defaults(run=_report)

    sheet = subcommands.add_parser(
        "sheet",
        help="a sign-in sheet for a training session on one SOP (CSV or xlsx)",
        description="Write a sign-in sheet with one pre-filled row per person who needs the"
        " SOP (not current); fill in date, trainer and result and save it into"
        " content/training/ as CSV. CSV goes to stdout unless -o is given; xlsx needs -o.",
    )
    add_project(sheet)
    sheet.add_argument("--sop", metavar="ID", required=True, help="the SOP of the session")
    sheet.add_argument("--branch", metavar="B", help="only the people of this branch")
    sheet.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="default: csv")
    sheet.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    add_today(sheet)
    sheet.set_defaults(run=_sheet)


def _validated(args: argparse.Namespace) -> tuple[Handbook, TrainingReport] | None:
    """The validated handbook and its training report, or None after printing the
    diagnostics of a project with errors. Without a roster: a usage error."""
    from generator.query.training import training_report

    handbook = validated_handbook(args.project, args.today)
    if handbook is None:
        return None
    report = training_report(handbook)
    if report is None:
        raise UsageError("no roster: training needs content/people.csv")
    return handbook, report


def _report(args: argparse.Namespace) -> int:
    from generator.render.sheet.training_report import report_csv, report_markdown

    checked = _validated(args)
    if checked is None:
        return EXIT_CONTENT
    handbook, report = checked
    if args.format == "csv":
        sys.stdout.write(report_csv(report, handbook))
    else:
        sys.stdout.write(report_markdown(report, handbook))
    return EXIT_OK


def _sheet(args: argparse.Namespace) -> int:
    from generator.render.sheet.training_sheet import sheet_csv, sheet_rows, sheet_xlsx
    from generator.text import match_key
    from generator.write.output import write_stdout

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a binary file: give one with -o FILE")
    checked = _validated(args)
    if checked is None:
        return EXIT_CONTENT
    handbook, report = checked
    if args.sop not in handbook.sops:
        raise UsageError(f"unknown sop '{args.sop}'{did_you_mean(args.sop, handbook.sops)}")
    if args.branch is not None:
        branches = {f.key: f.branch for f in report.by_branch}
        if match_key(args.branch) not in branches:
            shown = list(branches.values())
            raise UsageError(f"unknown branch '{args.branch}'{did_you_mean(args.branch, shown)}")
    rows = sheet_rows(report, handbook, args.sop, args.branch)
    if args.format == "xlsx":
        data = sheet_xlsx(rows, handbook, sheet_title=f"training-{args.sop}")
    else:
        data = sheet_csv(rows)
    if args.output:
        write_file(Path(args.output), data)
        print(f"Wrote {args.output} ({len(rows)} people to train).")
    else:
        write_stdout(data)
    return EXIT_OK
