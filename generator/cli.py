"""The `handbook` command: argument parsing, exit codes, and nothing else.

Exit codes: 0 success; 1 content errors (or warnings under --strict); 2 wrong usage;
3 a failure of ours while rendering or writing (a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.project import UsageError, find_project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class InternalError(Exception):
    """A failure of ours or of the environment while rendering or writing (exit 3)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except UsageError as problem:
        print(f"handbook: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except InternalError as problem:
        if args.debug:
            raise
        print(
            f"handbook: internal error: {problem} (run with --debug for details)", file=sys.stderr
        )
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except Exception as problem:  # a bug: short message, traceback on request
        if args.debug:
            raise
        print(
            f"handbook: internal error: {type(problem).__name__}: {problem}"
            " (this is a bug; run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description=(
            "Turn YAML job roles, processes, SOPs, KPIs and OKRs into an onboarding website,"
            " printable role textbooks (PDF) and audit checklists."
        ),
        epilog="Run 'handbook COMMAND --help' for a command's options.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.set_defaults(debug=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    init = commands.add_parser(
        "init",
        help="create a small starter handbook to edit",
        description="Create a small, valid"
        " starter handbook in DIR (default: the current folder), which must be empty.",
    )
    init.add_argument("dir", nargs="?", default=".", metavar="DIR")
    init.add_argument("--language", choices=("vi", "en"), default="vi", help="content language")
    init.set_defaults(run=_init)

    check = commands.add_parser(
        "check",
        help="validate content, roles, audits and mkdocs.yml",
        description="Validate every file of the project and report all problems as"
        " PATH:LINE:COL: error|warning: MESSAGE. Exit 1 when there are errors.",
    )
    _add_project(check)
    _add_strict_today(check)
    check.set_defaults(run=_check)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the content files",
        description="Print one JSON Schema (draft 2020-12) with a definition per file kind,"
        " for editor autocompletion.",
    )
    schema.set_defaults(run=_schema)

    from generator.cli_audit import add_audit_commands
    from generator.cli_build import add_build_commands
    from generator.cli_import import add_import_command

    add_build_commands(commands, _add_project, _add_strict_today)
    add_audit_commands(commands, _add_project)
    add_import_command(commands, _add_project)
    return parser


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project", nargs="?", default=".", metavar="PROJECT", help="handbook folder (default: .)"
    )


def _add_strict_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
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


def _check(args: argparse.Namespace) -> int:
    from generator.build import check_project

    root = find_project(Path(args.project))
    checked = check_project(root, today=today(args.today))
    print_diagnostics(checked.diagnostics, checked.file_count)
    return content_exit_code(checked.diagnostics, strict=args.strict)


def _schema(args: argparse.Namespace) -> int:
    from generator.schema import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from generator.starter import create_starter

    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} is not empty; 'handbook init' only writes into an empty folder")
    written = create_starter(target, args.language)
    print(f"Created a starter handbook in {target} ({len(written)} files).")
    print("Next: edit content/ and roles/, then run 'handbook check' and 'handbook build'.")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
