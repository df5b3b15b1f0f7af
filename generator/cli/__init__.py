"""Stage 0, cli: the `handbook` command. Argument parsing and exit codes, nothing else.

One module per verb group: `content` (init, check, schema), `build` (build, serve), `audit`
(audit sheet, audit report), `importing` (import); `common` holds what they share. Exit codes:
0 success; 1 content errors (or warnings under --strict); 2 wrong usage; 3 a failure of ours
while rendering or writing (a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from generator.cli.audit import add_audit_commands
from generator.cli.build import add_build_commands
from generator.cli.common import EXIT_INTERNAL, EXIT_USAGE, InternalError
from generator.cli.content import add_content_commands
from generator.cli.importing import add_import_command
from generator.diagnostics import UsageError


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
    add_content_commands(commands)
    add_build_commands(commands)
    add_audit_commands(commands)
    add_import_command(commands)
    return parser
