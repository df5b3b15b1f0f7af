"""What every command shares: exit codes, the PROJECT and --today arguments, printing
diagnostics, the spec's "today"."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime

from generator.diagnostics import Diagnostics

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class InternalError(Exception):
    """A failure of ours or of the environment while rendering or writing (exit 3)."""


def add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project", nargs="?", default=".", metavar="PROJECT", help="handbook folder (default: .)"
    )


def add_strict_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    add_today(parser)


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="DATE",
        help="the date for review-overdue checks (default: SOURCE_DATE_EPOCH, else today)",
    )


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (expected YYYY-MM-DD)") from None


def today(given: date | None) -> date:
    """The spec's today: --today, else the user's SOURCE_DATE_EPOCH, else the local date."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def print_diagnostics(diagnostics: Diagnostics, file_count: int) -> None:
    colour = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    diagnostics.print(sys.stderr, file_count, colour=colour)


def content_exit_code(diagnostics: Diagnostics, *, strict: bool) -> int:
    if diagnostics.error_count or (strict and diagnostics.warning_count):
        return EXIT_CONTENT
    return EXIT_OK
