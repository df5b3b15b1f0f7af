"""What every command shares: exit codes, the PROJECT and --today arguments, printing
diagnostics, the spec's "today"."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostics
from generator.text import is_ascii_digits

if TYPE_CHECKING:
    from generator.model.handbook import Handbook

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


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date:
    """YYYY-MM-DD only (Python also reads 20260101 and week dates, the spec does not)."""
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date (expected YYYY-MM-DD)")


def positive_int(text: str) -> int:
    if not is_ascii_digits(text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)


def positive_seconds(text: str) -> float:
    """A finite number of seconds above zero (not nan, inf, 0 or negative)."""
    try:
        seconds = float(text) if _DECIMAL.fullmatch(text) else math.nan
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds above 0")
    return seconds


def port_number(text: str) -> int:
    if not is_ascii_digits(text) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (1 to 65535)")
    return int(text)


_DECIMAL = re.compile(r"[0-9]{1,9}(\.[0-9]+)?")


def today(given: date | None) -> date:
    """The spec's today: --today, else the user's SOURCE_DATE_EPOCH, else the local date."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and is_ascii_digits(epoch):
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def print_diagnostics(diagnostics: Diagnostics, file_count: int) -> None:
    colour = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    diagnostics.print(sys.stderr, file_count, colour=colour)


def validated_handbook(project: str, given_today: date | None) -> Handbook | None:
    """The validated handbook of the project folder, or None after printing the diagnostics
    of a project with errors. Warnings are printed too: nothing is hidden."""
    from generator.check.project import validate_project
    from generator.load.project import find_project

    result = validate_project(find_project(Path(project)), today=today(given_today))
    print_diagnostics(result.diagnostics, result.file_count)
    return result.handbook


def write_file(path: Path, data: bytes) -> None:
    """A command's output file (a sheet); a failure to write it is exit 3."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InternalError(f"cannot write {path}: {error.strerror or error}") from error


def content_exit_code(diagnostics: Diagnostics, *, strict: bool) -> int:
    if diagnostics.error_count or (strict and diagnostics.warning_count):
        return EXIT_CONTENT
    return EXIT_OK
