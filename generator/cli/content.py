"""`handbook init`, `handbook check` and `handbook schema`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from generator.cli.common import (
    EXIT_OK,
    add_project,
    add_strict_today,
    content_exit_code,
    print_diagnostics,
    today,
)
from generator.diagnostics import UsageError
from generator.load.project import find_project


def add_content_commands(commands: argparse._SubParsersAction[Any]) -> None:
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
    add_project(check)
    add_strict_today(check)
    check.set_defaults(run=_check)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the content files",
        description="Print one JSON Schema (draft 2020-12) with a definition per file kind,"
        " for editor autocompletion.",
    )
    schema.set_defaults(run=_schema)


def _check(args: argparse.Namespace) -> int:
    from generator.build import check_project

    root = find_project(Path(args.project))
    checked = check_project(root, today=today(args.today))
    print_diagnostics(checked.diagnostics, checked.file_count)
    return content_exit_code(checked.diagnostics, strict=args.strict)


def _schema(args: argparse.Namespace) -> int:
    from generator.check.schema import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from generator.write.starter import create_starter

    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} is not empty; 'handbook init' only writes into an empty folder")
    written = create_starter(target, args.language)
    print(f"Created a starter handbook in {target} ({len(written)} files).")
    print("Next: edit content/ and roles/, then run 'handbook check' and 'handbook build'.")
    return EXIT_OK
