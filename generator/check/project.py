"""Stage 2 for a whole project: files -> the typed, cross-linked `Handbook`, every problem reported.

Ids are known from file names before any file is checked, so a reference to a file that has
its own errors is not reported again. All problems of all files come out of one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from generator.check import rules
from generator.check.audits import read_audits
from generator.check.files import ContentFiles
from generator.check.markdown import MarkdownCompiler
from generator.check.objects import Checked, ObjectChecker
from generator.check.people import Roster, read_roster
from generator.check.results import read_results
from generator.check.training import read_training, report_missing_roster
from generator.check.values import Context
from generator.diagnostics import Diagnostics, Position
from generator.fontset import FontCoverage
from generator.load.project import ItemFile, ProjectFiles, discover
from generator.load.yaml_tree import Mapping as MappingNode
from generator.load.yaml_tree import Node, Scalar, Sequence, YamlDocument, load_yaml
from generator.model.fields import ContentField, ListOf, Obj
from generator.model.handbook import (
    ITEM_KINDS,
    Handbook,
    Kpi,
    OkrPeriod,
    Organisation,
    Process,
    Role,
    Sop,
    Term,
)
from generator.model.links import link
from generator.model.people import TrainingData

T = TypeVar("T", Role, Sop, Process, Kpi, OkrPeriod)
GLOSSARY = ContentField("glossary", ListOf(Obj(Term)), False, None, "", False)


@dataclass
class ValidationResult:
    handbook: Handbook | None  # None when there are errors
    diagnostics: Diagnostics
    file_count: int


def validate_project(root: Path, *, today: date) -> ValidationResult:
    diagnostics = Diagnostics()
    files = discover(root, diagnostics)
    documents = {
        item.rel: load_yaml(item.path, item.rel, diagnostics, root=root)
        for item in _yaml_files(files)
    }
    managers_only = _managers_only(files, documents)
    context = Context(
        diagnostics=diagnostics,
        known=_known_ids(files, documents),
        managers_only=managers_only,
        managers_sources=frozenset(
            item.rel.removeprefix("content/")
            for item in files.items
            if (item.kind, item.id) in managers_only and item.rel.startswith("content/")
        ),
        fonts=FontCoverage.shipped(),
        files=ContentFiles(root / "content", root),
        compiler=MarkdownCompiler(),
    )
    items = _Items(context, documents)
    organisation = items.organisation(files.organisation)
    glossary = items.glossary(files.glossary)
    review_months = organisation.review_every_months if organisation else 12
    role_files = items.of_kind(files, "role", Role)
    sop_files = items.of_kind(files, "sop", Sop)
    roles = _by_id(role_files)
    rules.reports_to_cycles(roles, diagnostics)
    rules.duplicate_codes(sop_files, diagnostics)
    built_roles = {i: rules.role_rules(c) for i, c in roles.items()}
    built_sops = {
        i: rules.sop_rules(c, diagnostics, today=today, review_months=review_months)
        for i, c in _by_id(sop_files).items()
    }
    rules.unlisted_sops(files.of_kind("sop"), built_roles.values(), built_sops, diagnostics)
    processes = {
        i: rules.process_rules(c)
        for i, c in _by_id(items.of_kind(files, "process", Process)).items()
    }
    kpis = {i: c.value for i, c in _by_id(items.of_kind(files, "kpi", Kpi)).items()}
    okrs = {
        i: rules.okr_rules(c, diagnostics)
        for i, c in _by_id(items.of_kind(files, "okr", OkrPeriod)).items()
    }
    day_first = organisation is not None and organisation.language == "vi"
    roster = (
        read_roster(
            *files.people, context.known["role"], diagnostics, root=root, day_first=day_first
        )
        if files.people
        else None
    )
    audits = read_audits(
        files.audits,
        built_roles,
        built_sops,
        context.known,
        diagnostics,
        root=root,
        day_first=day_first,
        today=today,
        roster=roster,
    )
    training = _training(files, roster, built_roles, built_sops, context, root, day_first, today)
    results = read_results(
        files.results,
        kpis,
        context.known["kpi"],
        diagnostics,
        root=root,
        day_first=day_first,
    )
    file_count = (
        len(documents)
        + len(files.audits)
        + len(files.results)
        + (1 if files.people else 0)
        + len(files.training)
    )
    if organisation is None or diagnostics.has_errors():
        return ValidationResult(None, diagnostics, file_count)
    handbook = Handbook(
        organisation=organisation,
        roles=dict(sorted(built_roles.items())),
        sops=dict(sorted(built_sops.items())),
        processes=dict(sorted(processes.items())),
        kpis=dict(sorted(kpis.items())),
        okrs=dict(sorted(okrs.items())),
        glossary=glossary,
        audits=audits,
        today=today,
        results=results,
        training=training,
    )
    return ValidationResult(link(handbook), diagnostics, file_count)


def _training(
    files: ProjectFiles,
    roster: Roster | None,
    roles: Mapping[str, Role],
    sops: Mapping[str, Sop],
    context: Context,
    root: Path,
    day_first: bool,
    today: date,
) -> TrainingData | None:
    """The roster with its training records; None without content/people.csv (training files
    then each get an error) or when it cannot be read (reported already: naming every record's
    person unknown would bury that one error)."""
    if files.people is None:
        report_missing_roster(files.training, context.diagnostics)
    if roster is None:
        return None
    read = read_training(
        files.training,
        roster,
        roles,
        sops,
        context.known["sop"],
        context.diagnostics,
        root=root,
        day_first=day_first,
        today=today,
    )
    return TrainingData(
        people=roster.people,
        records=read.records,
        files=tuple(rel for _, rel in files.training),
        empty_rows=roster.empty_rows + read.empty_rows,
    )


def _by_id(checked: list[tuple[ItemFile, Checked[T]]]) -> dict[str, Checked[T]]:
    """The items whose file name is a valid id (others are reported, not referenced)."""
    return {file.id: item for file, item in checked if file.valid_id}


class _Items:
    """Builds each file's object with the checker for its kind and visibility."""

    def __init__(self, context: Context, documents: Mapping[str, YamlDocument | None]) -> None:
        self.context = context
        self.documents = documents

    def organisation(self, file: ItemFile | None) -> Organisation | None:
        document = self.documents.get(file.rel) if file else None
        if file is None or document is None:
            return None
        checker = ObjectChecker(self.context, "organisation", "staff")
        checked = checker.build(document.root, Organisation, Position(file.rel))
        return None if checked is None else rules.organisation_rules(checked, checker.diagnostics)

    def glossary(self, file: ItemFile | None) -> dict[str, Term]:
        document = self.documents.get(file.rel) if file else None
        if file is None or document is None or document.root is None:
            return {}
        checker = ObjectChecker(self.context, "glossary", "staff")
        checked = checker.value(document.root, GLOSSARY.type, GLOSSARY)
        if checked is None or not isinstance(checked.value, tuple):
            return {}
        terms = tuple(term for term in checked.value if isinstance(term, Term))
        return rules.glossary_terms(Checked(terms, checked.where), checker.diagnostics)

    def of_kind(
        self, files: ProjectFiles, kind: str, model: type[T]
    ) -> list[tuple[ItemFile, Checked[T]]]:
        """Every file of a kind that builds, valid file name or not (its content is checked
        either way)."""
        built: list[tuple[ItemFile, Checked[T]]] = []
        for file in files.of_kind(kind):
            document = self.documents.get(file.rel)
            if document is None:
                continue
            managers = _scalar_value(document, "visibility") == "managers"
            checker = ObjectChecker(self.context, kind, "managers" if managers else "staff")
            checked = checker.build(document.root, model, Position(file.rel), id=file.id)
            if checked is not None:
                built.append((file, checked))
        return built


def _yaml_files(files: ProjectFiles) -> list[ItemFile]:
    singles = [f for f in (files.organisation, files.glossary) if f is not None]
    return singles + files.items


def _scalar_value(document: YamlDocument | None, key: str) -> str | None:
    node = _mapping_value(document, key)
    return node.value if isinstance(node, Scalar) else None


def _mapping_value(document: YamlDocument | None, key: str) -> Node | None:
    if document is None or not isinstance(document.root, MappingNode):
        return None
    entry = document.root.entries.get(key)
    return entry[1] if entry else None


def _known_ids(
    files: ProjectFiles, documents: Mapping[str, YamlDocument | None]
) -> dict[str, frozenset[str]]:
    """Every id a reference may name, from file names and raw nodes (before checking); frozen
    so that hints for many unknown ids share one index (`did_you_mean`)."""
    known = {kind: {f.id for f in files.of_kind(kind) if f.valid_id} for kind in ITEM_KINDS}
    known["department"] = set()
    if files.organisation:
        departments = _mapping_value(documents.get(files.organisation.rel), "departments")
        if isinstance(departments, Sequence):
            for department in departments.items:
                department_id = _entry_text(department, "id")
                if department_id is not None:
                    known["department"].add(department_id)
    known["term"] = set()
    document = documents.get(files.glossary.rel) if files.glossary else None
    if document is not None and isinstance(document.root, Sequence):
        for entry in document.root.items:
            term = _entry_text(entry, "term")
            term_id = rules.glossary_id(term or "", _entry_text(entry, "id"))
            if term_id:
                known["term"].add(term_id)
    return {kind: frozenset(ids) for kind, ids in known.items()}


def _entry_text(node: Node, key: str) -> str | None:
    if not isinstance(node, MappingNode) or key not in node.entries:
        return None
    value = node.entries[key][1]
    return value.value if isinstance(value, Scalar) and value.value else None


def _managers_only(
    files: ProjectFiles, documents: Mapping[str, YamlDocument | None]
) -> set[tuple[str, str]]:
    return {
        (item.kind, item.id)
        for item in files.items
        if _scalar_value(documents.get(item.rel), "visibility") == "managers"
    }
