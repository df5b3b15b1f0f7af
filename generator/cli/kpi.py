"""`handbook kpi report`: KPI results with status, trend and the coaching view's figures.

Validates the project first, like `handbook check`: with content errors it prints the
diagnostics only and exits 1. Machine output uses ISO periods and a decimal point.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.cli.common import (
    EXIT_CONTENT,
    EXIT_OK,
    add_project,
    add_today,
    iso_date,
    validated_handbook,
)


def add_kpi_commands(commands: argparse._SubParsersAction[Any]) -> None:
    kpi = commands.add_parser(
        "kpi",
        help="KPI results: the scorecard and what moves each KPI",
        description="Work with measured KPI values from content/results/*.csv.",
    )
    subcommands = kpi.add_subparsers(title="kpi commands", metavar="COMMAND", required=True)
    report = subcommands.add_parser(
        "report",
        help="every KPI result with status, trend, adherence and training counts",
        description="Print every result of content/results/*.csv with its status against the"
        " KPI's target and threshold, its trend, the adherence of the linked SOPs in the same"
        " branch and period and, with a roster, the training counts. The figures are shown"
        " side by side, not as cause and effect.",
    )
    add_project(report)
    report.add_argument(
        "--since", type=iso_date, metavar="DATE", help="only periods that end on or after DATE"
    )
    add_today(report)
    report.add_argument("--format", choices=("md", "csv"), default="md", help="default: md")
    report.set_defaults(run=_report)


def _report(args: argparse.Namespace) -> int:
    from generator.query.kpi import kpi_report
    from generator.query.training import coaching_lookup
    from generator.render.sheet.kpi_report import report_csv, report_markdown

    handbook = validated_handbook(args.project, args.today)
    if handbook is None:
        return EXIT_CONTENT
    report = kpi_report(handbook, since=args.since, training=coaching_lookup(handbook))
    if args.format == "csv":
        sys.stdout.write(report_csv(report))
    else:
        sys.stdout.write(report_markdown(report, handbook))
    return EXIT_OK
