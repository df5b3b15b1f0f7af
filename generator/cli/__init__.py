"""Stage 0, cli: the `handbook` command. Argument parsing and exit codes, nothing else.

One module per verb group: `content` (init, check, schema), `build` (build, serve), `audit`
(audit sheet, audit report), `kpi` (kpi report), `importing` (import); `common` holds what they
share. Exit codes:
0 success; 1 content errors (or warnings under --strict); 2 wrong usage; 3 a failure of ours
while rendering or writing (a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from types import FrameType

from generator.cli.audit import add_audit_commands
from generator.cli.build import add_build_commands
from generator.cli.common import EXIT_INTERNAL, EXIT_USAGE, InternalError
from generator.cli.content import add_content_commands
from generator.cli.importing import add_import_command
from generator.cli.kpi import add_kpi_commands
from generator.cli.training import add_training_commands
from generator.diagnostics import UsageError, terminal_safe

# The shell's codes for a command ended by SIGPIPE (a reader that stopped early, as `| head`)
# and by SIGTERM.
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so staging folders and PDF workers are cleaned up."""


def main(argv: Sequence[str] | None = None) -> int:
    _reopen_closed_streams()
    signal.signal(signal.SIGTERM, _terminate)
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        code = command(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Terminated:
        return EXIT_TERMINATED
    except UsageError as problem:
        print(terminal_safe(f"handbook: error: {problem}"), file=sys.stderr)
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


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _reopen_closed_streams() -> None:
    """Give a closed stdin, stdout or stderr (`handbook check 2>&-`) the null device, so that
    printing never fails and no file we open later takes the number of a standard stream."""
    for number, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(number)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if null != number:
                os.dup2(null, number)
                os.close(null)
        mode = "r" if number == 0 else "w"
        setattr(sys, name, open(number, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at the null device: Python's flush at exit would
    otherwise report the same broken pipe on stderr."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


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
    add_kpi_commands(commands)
    add_training_commands(commands)
    add_import_command(commands)
    return parser
