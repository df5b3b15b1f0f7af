"""`handbook import FILE...`: draft SOP files from existing Word and Excel documents.

The work is done by `generator.importers`; this module only reads what the importer must know
about the project (roles, SOP ids and codes, the language) and maps the outcome to the exit
codes: 1 when a file could not be imported, 2 for a missing or unknown --owner.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.cli.common import EXIT_CONTENT, EXIT_OK, iso_date, print_diagnostics, today
from generator.diagnostics import Diagnostics, UsageError, did_you_mean
from generator.load.project import ItemFile, discover, find_project
from generator.load.yaml_tree import Mapping, Scalar, load_yaml


def add_import_command(commands: argparse._SubParsersAction[Any]) -> None:
    # PROJECT is an option here: the positional arguments are the files.
    command = commands.add_parser(
        "import",
        help="draft SOP files from existing Word (.docx) and Excel (.xlsx) documents",
        description="Turn existing SOP documents into draft content/sops/<id>.yml files to"
        " edit: title, code, version, dates, owner, purpose, scope, tools, prerequisites,"
        " steps (a numbered list or a step table) and common mistakes. What is not recognised"
        " is kept as comments at the end of the draft. Existing files are never overwritten.",
    )
    command.add_argument("files", nargs="+", metavar="FILE", help=".docx or .xlsx documents")
    command.add_argument(
        "--project", default=".", metavar="PROJECT", help="handbook folder (default: .)"
    )
    command.add_argument(
        "--owner", metavar="ROLE", help="role id for documents that name no owner role"
    )
    command.add_argument(
        "--effective",
        type=iso_date,
        metavar="DATE",
        help="effective date for documents that give none (default: today)",
    )
    command.add_argument("--today", type=iso_date, metavar="DATE", help="the import date")
    command.set_defaults(run=_import)


def _import(args: argparse.Namespace) -> int:
    from generator.importers import ImportSettings, MissingOwnerError, import_documents

    root = find_project(Path(args.project))
    project = _project_facts(root)
    if args.owner is not None:
        _check_owner(args.owner, project)
    settings = ImportSettings(
        project_root=root,
        today=today(args.today),
        owner=args.owner,
        effective=args.effective,
        roles={role: title for role, (title, managers) in project.roles.items() if not managers},
        existing_sops=project.sops,
        existing_codes=project.codes,
        language=project.language,
    )
    try:
        result = import_documents(args.files, settings)
    except MissingOwnerError as needed:
        if needed.diagnostics.items:  # the other files' problems, before the usage error
            print_diagnostics(needed.diagnostics, len(args.files))
        names = ", ".join(needed.sources)
        raise UsageError(
            f"{names}: the document names no owner that is a role of this handbook;"
            f" give one with --owner ROLE (one of: {', '.join(sorted(project.roles))})"
        ) from None
    for draft in result.written:
        print(draft.summary())
    print_diagnostics(result.diagnostics, len(args.files))
    return EXIT_CONTENT if result.diagnostics.has_errors() else EXIT_OK


class _Project:
    def __init__(self) -> None:
        self.roles: dict[str, tuple[str, bool]] = {}  # id -> (title, managers-only)
        self.sops: set[str] = set()
        self.codes: dict[str, str] = {}  # code -> file
        self.language = "vi"


def _project_facts(root: Path) -> _Project:
    """Role titles, SOP ids and codes and the language, read leniently: a project with errors
    elsewhere can still import (check reports those)."""
    quiet = Diagnostics()
    files = discover(root, quiet)
    project = _Project()
    if files.organisation is not None:
        language = _scalars(root, files.organisation).get("language")
        project.language = language if language in ("vi", "en") else "vi"
    for item in files.items:
        if item.kind == "role" and item.valid_id:
            fields = _scalars(root, item)
            managers = fields.get("visibility") == "managers"
            project.roles[item.id] = (fields.get("title") or item.id, managers)
        elif item.kind == "sop":
            project.sops.add(item.id)
            code = _scalars(root, item).get("code")
            if code:
                project.codes.setdefault(code, item.rel)
    return project


def _scalars(root: Path, item: ItemFile) -> dict[str, str]:
    """The top-level text values of a YAML file (nothing when it cannot be read)."""
    document = load_yaml(item.path, item.rel, Diagnostics(), root=root)
    if document is None or not isinstance(document.root, Mapping):
        return {}
    return {
        key: value.value
        for key, (_, value) in document.root.entries.items()
        if isinstance(value, Scalar)
    }


def _check_owner(owner: str, project: _Project) -> None:
    if owner not in project.roles:
        known = sorted(project.roles)
        raise UsageError(
            f"unknown role '{owner}' for --owner{did_you_mean(owner, known)}"
            f" (roles: {', '.join(known) or 'none yet: add roles/<id>.yml first'})"
        )
    if project.roles[owner][1]:
        raise UsageError(
            f"role '{owner}' is managers-only; a staff SOP's owner must be a staff role"
        )
