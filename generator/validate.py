"""Stage 2: positioned raw data -> typed, cross-linked `Handbook`, with every problem reported.

Ids are known from file names before any file is checked, so a reference to a file that has
its own errors is not reported again. All problems of all files come out of one run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from generator import schema
from generator.diagnostics import Diagnostics, Position, did_you_mean, suggestion
from generator.fontset import FontCoverage
from generator.loader import Invalid, Mapping, Node, Scalar, Sequence, YamlDocument, load_yaml
from generator.markup import (
    IMAGE_EXTENSIONS,
    RESERVED_CHARACTERS,
    MarkdownCompiler,
    content_path,
    url_problem,
)
from generator.model import (
    LINK_KINDS,
    Competency,
    Department,
    Handbook,
    KeyResult,
    Kpi,
    Markdown,
    Mistake,
    Objective,
    OkrPeriod,
    OnboardingPhase,
    Organisation,
    Process,
    ProcessStep,
    QuizQuestion,
    Revision,
    Role,
    RoleKpi,
    Sop,
    Step,
    Term,
    add_months,
    link,
)
from generator.project import ItemFile, ProjectFiles, discover
from generator.text import is_valid_id, slugify

_NUMBER = re.compile(schema.NUMBER_PATTERN)
_DATE = re.compile(schema.DATE_PATTERN)
_EMPTY_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})
_KIND_LABEL = {"sop": "SOP", "kpi": "KPI", "okr": "OKR period"}
DRAFT_PLACEHOLDER = "TODO:"


def kind_label(kind: str) -> str:
    return _KIND_LABEL.get(kind, kind)


@dataclass(slots=True)
class V:
    """A checked value and where it was written."""

    value: Any
    pos: Position


@dataclass
class Context:
    """What every file's check may consult: known ids, visibilities, the project's files."""

    root: Path
    diagnostics: Diagnostics
    known: dict[str, set[str]]
    managers_only: set[tuple[str, str]]  # (kind, id) of items with visibility: managers
    fonts: FontCoverage
    compiler: MarkdownCompiler = field(default_factory=MarkdownCompiler)
    content_files: set[str] = field(default_factory=set)
    _checked_files: dict[str, str | None] = field(default_factory=dict)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def check_content_file(self, path: str, *, image: bool) -> str | None:
        """Why `path` (under content/) cannot be used, or None; each file is read once."""
        key = f"{path}|{image}"
        if key not in self._checked_files:
            self._checked_files[key] = self._content_file_problem(path, image=image)
        problem = self._checked_files[key]
        if problem is None:
            self.content_files.add(path)
        return problem

    def _content_file_problem(self, path: str, *, image: bool) -> str | None:
        target = self.content_dir / path
        if not target.resolve().is_relative_to(self.content_dir.resolve()):
            return f"'{path}' is a link to a file outside content/"
        if not target.is_file():
            existing = [
                p.relative_to(self.content_dir).as_posix()
                for p in self.content_dir.rglob("*")
                if p.is_file()
            ]
            hint = did_you_mean(path, existing)
            return f"unknown file '{path}' (paths are relative to content/){hint}"
        if image:
            return _image_problem(target, path)
        return None


def _image_problem(file: Path, path: str) -> str | None:
    suffix = file.suffix.lower()
    if suffix not in IMAGE_EXTENSIONS:
        return f"'{path}' is not a supported image (expected PNG, JPEG, GIF, SVG or WebP)"
    if suffix == ".svg":
        return _svg_problem(file, path)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as problem:
        return f"image '{path}' cannot be read ({problem})"
    return None


def _svg_problem(file: Path, path: str) -> str | None:
    from xml.etree import ElementTree

    data = file.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return f"SVG '{path}' declares a DOCTYPE or entities, which are not allowed"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as problem:
        return f"SVG '{path}' cannot be read ({problem})"
    if not root.tag.endswith("svg"):
        return f"'{path}' is not an SVG image"
    return None


class ItemChecker:
    """Walks one file's nodes against a schema spec, reporting problems as it goes."""

    def __init__(self, context: Context, kind: str, item_id: str, visibility: str) -> None:
        self.context = context
        self.diagnostics = context.diagnostics
        self.kind = kind
        self.item_id = item_id
        self.staff_item = visibility == "staff"

    # --- structure ---

    def obj(self, node: Node | None, spec: schema.Obj, at: Position) -> dict[str, V] | None:
        if node is None:
            for field_spec in spec.fields:
                if field_spec.required:
                    self.diagnostics.error(at, f"missing required field '{field_spec.name}'")
            return None
        if isinstance(node, Invalid):
            return None
        if not isinstance(node, Mapping):
            self._wrong_type(node, f"a {spec.name} (a mapping of fields)")
            return None
        checked: dict[str, V] = {}
        for name, (key, value) in node.entries.items():
            if name not in spec.names:
                self.diagnostics.error(
                    key.pos, f"unknown key '{name}'{did_you_mean(name, spec.names)}"
                )
                continue
            field_spec = spec.field(name)
            if _is_empty(value):
                self.diagnostics.error(key.pos, f"field '{name}' is empty")
                continue
            result = self.value(value, field_spec.type, field_spec)
            if result is not None:
                checked[name] = result
        first_key = next(iter(node.entries.values()))[0].pos if node.entries else node.pos
        for field_spec in spec.fields:
            if field_spec.required and field_spec.name not in node.entries:
                self.diagnostics.error(first_key, f"missing required field '{field_spec.name}'")
        if any(f.required and f.name not in checked for f in spec.fields):
            return None
        return checked

    def value(self, node: Node, spec: schema.FieldType, field_spec: schema.Field) -> V | None:
        if isinstance(node, Invalid):
            return None
        if isinstance(spec, schema.Obj):
            checked = self.obj(node, spec, node.pos)
            return None if checked is None else V(checked, node.pos)
        if isinstance(spec, schema.ListOf):
            return self._list(node, spec, field_spec)
        if not isinstance(node, Scalar):
            self._wrong_type(node, _expected(spec))
            return None
        return self._scalar(node, spec, field_spec)

    def _list(self, node: Node, spec: schema.ListOf, field_spec: schema.Field) -> V | None:
        if not isinstance(node, Sequence):
            self._wrong_type(node, f"a list ({_expected(spec.item)} per item)")
            return None
        if spec.non_empty and not node.items:
            self.diagnostics.error(node.pos, f"field '{field_spec.name}' needs at least one item")
            return None
        items = []
        for item in node.items:
            if isinstance(spec.item, schema.Obj) or not _is_empty(item):
                checked = self.value(item, spec.item, field_spec)
            else:
                self.diagnostics.error(item.pos, f"empty item in '{field_spec.name}'")
                checked = None
            if checked is not None:
                items.append(checked)
        if len(items) != len(node.items):
            return None
        return V(items, node.pos)

    def _wrong_type(self, node: Node, expected: str) -> None:
        found = {Mapping: "a mapping", Sequence: "a list", Scalar: "text"}.get(type(node), "?")
        if isinstance(node, Scalar):
            self.diagnostics.error(
                node.pos, f"'{node.value}' is not valid here (expected {expected})"
            )
        else:
            self.diagnostics.error(node.pos, f"expected {expected}, found {found}")

    # --- scalars ---

    def _scalar(self, node: Scalar, spec: schema.FieldType, field_spec: schema.Field) -> V | None:
        self._check_characters(node.value, node.pos)
        if isinstance(spec, (schema.Text, schema.MarkdownText)) and node.value.startswith(
            DRAFT_PLACEHOLDER
        ):
            # `handbook import` writes these where a document lacked a required text.
            self.diagnostics.warning(node.pos, f"draft placeholder left in '{field_spec.name}'")
        convert = getattr(self, f"_as_{type(spec).__name__.lower()}")
        value = convert(node, spec, field_spec)
        return None if value is None else V(value, node.pos)

    def _invalid(self, node: Scalar, what: str, expected: str, hint: str = "") -> None:
        self.diagnostics.error(
            node.pos, f"'{node.value}' is not a valid {what} (expected {expected}){hint}"
        )

    def _as_text(self, node: Scalar, spec: schema.Text, field_spec: schema.Field) -> str:
        return node.value

    def _as_markdowntext(
        self, node: Scalar, spec: schema.MarkdownText, field_spec: schema.Field
    ) -> Markdown:
        return self.markdown(node.value, node.pos, managers_text=field_spec.managers_only)

    def _as_number(
        self, node: Scalar, spec: schema.Number, field_spec: schema.Field
    ) -> Decimal | None:
        if node.plain and _NUMBER.fullmatch(node.value):
            return Decimal(node.value)
        self._invalid(node, "number", "an unquoted decimal number such as 95 or 97.5")
        return None

    def _as_boolean(
        self, node: Scalar, spec: schema.Boolean, field_spec: schema.Field
    ) -> bool | None:
        if node.plain and node.value in ("true", "false"):
            return node.value == "true"
        self._invalid(node, f"value for '{field_spec.name}'", "true or false")
        return None

    def _as_date(self, node: Scalar, spec: schema.Date, field_spec: schema.Field) -> date | None:
        parsed = _parse_iso_date(node.value) if node.plain and _DATE.fullmatch(node.value) else None
        if parsed is None:
            self._invalid(node, "date", "YYYY-MM-DD, unquoted, e.g. 2026-01-15")
        return parsed

    def _as_choice(self, node: Scalar, spec: schema.Choice, field_spec: schema.Field) -> str | None:
        if node.value in spec.values:
            return node.value
        expected = " or ".join(f"'{v}'" for v in spec.values)
        self._invalid(node, field_spec.name, expected, did_you_mean(node.value, spec.values))
        return None

    def _as_ref(self, node: Scalar, spec: schema.Ref, field_spec: schema.Field) -> str | None:
        return self.reference(node.value, node.pos, spec.kind, required_single=spec.required_single)

    def _as_integer(
        self, node: Scalar, spec: schema.Integer, field_spec: schema.Field
    ) -> int | None:
        low, high = spec.minimum, spec.maximum
        if node.plain and node.value.isdigit():
            number = int(node.value)
            if (low is None or number >= low) and (high is None or number <= high):
                return number
        if low is not None and high is not None:
            expected = f"a whole number from {low} to {high}"
        elif low is not None:
            expected = f"a whole number from {low} up"
        else:
            expected = "a whole number"
        self._invalid(node, field_spec.name, expected)
        return None

    def _as_identifier(
        self, node: Scalar, spec: schema.Identifier, field_spec: schema.Field
    ) -> str | None:
        return self._identifier(node, spec)

    def _as_contentpath(
        self, node: Scalar, spec: schema.ContentPath, field_spec: schema.Field
    ) -> str | None:
        return self._content_path(node, spec)

    def _identifier(self, node: Scalar, spec: schema.Identifier) -> str | None:
        text = node.value
        if spec.what == "step id" and text.isdigit():
            self._invalid(node, spec.what, "a name with a letter: digits alone mean a step number")
            return None
        if not is_valid_id(text):
            slug = slugify(text)
            hint = suggestion(slug) if slug else ""
            self._invalid(node, spec.what, "lowercase letters, digits and single hyphens", hint)
            return None
        return text

    def reference(
        self, text: str, pos: Position, kind: str, *, required_single: bool
    ) -> str | None:
        known = self.context.known[kind]
        if text not in known:
            self.diagnostics.error(
                pos, f"unknown {kind_label(kind)} '{text}'{did_you_mean(text, known)}"
            )
            return None
        if required_single and self.staff_item and (kind, text) in self.context.managers_only:
            self.diagnostics.error(
                pos,
                f"{kind_label(kind)} '{text}' is managers-only, but this staff"
                f" {kind_label(self.kind)} needs it (the staff edition could not show it)",
            )
            return None
        return text

    def _content_path(self, node: Scalar, spec: schema.ContentPath) -> str | None:
        problem = url_problem(node.value, image=spec.image)
        path = content_path(node.value)
        if problem is None and path is None:
            problem = f"'{node.value}' is not a path under content/"
        if problem is None and path is not None:
            problem = self.context.check_content_file(path, image=spec.image)
        if problem is not None:
            self.diagnostics.error(node.pos, problem)
            return None
        return path

    def markdown(self, text: str, pos: Position, *, managers_text: bool = False) -> Markdown:
        compiled = self.context.compiler.compile(text)
        for problem in compiled.problems:
            (self.diagnostics.error if problem.error else self.diagnostics.warning)(
                pos, problem.message
            )
        for ref in compiled.file_refs:
            file_problem = self.context.check_content_file(ref.path, image=ref.image)
            if file_problem:
                self.diagnostics.error(pos, file_problem)
        staff_text = self.staff_item and not managers_text
        for target in compiled.markdown.links:
            if target.kind not in LINK_KINDS:
                self.diagnostics.error(
                    pos,
                    f"unknown link kind '{target.kind}' in [[{target.kind}:{target.target}]]"
                    f"{did_you_mean(target.kind, LINK_KINDS)}",
                )
                continue
            known = self.context.known[target.kind]
            if target.target not in known:
                self.diagnostics.error(
                    pos,
                    f"unknown {kind_label(target.kind)} '{target.target}' in [[{target.kind}:"
                    f"{target.target}]]{did_you_mean(target.target, known)}",
                )
            elif staff_text and (target.kind, target.target) in self.context.managers_only:
                self.diagnostics.error(
                    pos,
                    f"[[{target.kind}:{target.target}]] links to a managers-only"
                    f" {kind_label(target.kind)} from text the staff edition shows",
                )
        return compiled.markdown

    def _check_characters(self, text: str, pos: Position) -> None:
        reserved = RESERVED_CHARACTERS.intersection(text)
        for char in sorted(reserved):
            self.diagnostics.error(pos, f"character U+{ord(char):04X} is reserved; remove it")
        for char in self.context.fonts.missing(text):
            self.diagnostics.warning(
                pos,
                f"character '{char}' (U+{ord(char):04X}) is in no font of the books;"
                f" they will show [U+{ord(char):04X}]",
            )


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and (
        node.value == "" if not node.plain else node.value in _EMPTY_SCALARS
    )


def _expected(spec: schema.FieldType) -> str:
    names: dict[type, str] = {
        schema.Text: "text",
        schema.MarkdownText: "text",
        schema.Number: "a number",
        schema.Integer: "a whole number",
        schema.Boolean: "true or false",
        schema.Date: "a date",
        schema.Choice: "one of the allowed words",
        schema.Identifier: "an id",
        schema.Ref: "an id",
        schema.ContentPath: "a path under content/",
    }
    if isinstance(spec, schema.Obj):
        return f"a {spec.name}"
    if isinstance(spec, schema.ListOf):
        return "a list"
    return names[type(spec)]


def _parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- values of checked fields ---------------------------------------------------------------


def _get(fields: dict[str, V], name: str, default: Any = None) -> Any:
    found = fields.get(name)
    return default if found is None else found.value


def _items(fields: dict[str, V], name: str) -> list[dict[str, V]]:
    return [item.value for item in _get(fields, name, [])]


def _values(fields: dict[str, V], name: str) -> tuple[Any, ...]:
    return tuple(item.value for item in _get(fields, name, []))


# --- the run ----------------------------------------------------------------------------------


@dataclass
class ValidationResult:
    handbook: Handbook | None
    diagnostics: Diagnostics
    file_count: int


def validate_project(root: Path, *, today: date) -> ValidationResult:
    diagnostics = Diagnostics()
    files = discover(root, diagnostics)
    documents: dict[str, YamlDocument | None] = {}
    for item in _all_yaml(files):
        documents[item.rel] = load_yaml(item.path, item.rel, diagnostics)
    file_count = len(documents) + len(files.audits)

    context = Context(
        root=root,
        diagnostics=diagnostics,
        known=_known_ids(files, documents),
        managers_only=_managers_only(files, documents),
        fonts=FontCoverage.shipped(),
    )
    builder = _Builder(context, today)
    organisation = builder.organisation(files.organisation, documents)
    glossary = builder.glossary(files.glossary, documents)
    built: dict[str, dict[str, Any]] = {
        kind: {} for kind in ("role", "sop", "process", "kpi", "okr")
    }
    for item in files.items:
        document = documents.get(item.rel)
        if document is None:
            continue
        result = builder.item(item, document, organisation)
        if result is not None and item.valid_id:
            built[item.kind][item.id] = result
    builder.cross_checks(files, built)
    from generator.audit_input import read_audits

    audits = read_audits(files.audits, context, built["role"], built["sop"], organisation)
    if organisation is None or diagnostics.has_errors():
        return ValidationResult(None, diagnostics, file_count)
    handbook = Handbook(
        organisation=organisation,
        roles=dict(sorted(built["role"].items())),
        sops=dict(sorted(built["sop"].items())),
        processes=dict(sorted(built["process"].items())),
        kpis=dict(sorted(built["kpi"].items())),
        okrs=dict(sorted(built["okr"].items())),
        glossary=glossary,
        audits=audits,
        today=today,
        content_files=tuple(sorted(context.content_files)),
    )
    return ValidationResult(link(handbook), diagnostics, file_count)


def _all_yaml(files: ProjectFiles) -> list[ItemFile]:
    singles = [f for f in (files.organisation, files.glossary) if f is not None]
    return singles + files.items


def _mapping_value(document: YamlDocument | None, key: str) -> Node | None:
    if document is None or not isinstance(document.root, Mapping):
        return None
    entry = document.root.entries.get(key)
    return entry[1] if entry else None


def _known_ids(
    files: ProjectFiles, documents: dict[str, YamlDocument | None]
) -> dict[str, set[str]]:
    known = {kind: {f.id for f in files.of_kind(kind) if f.valid_id} for kind in schema_kinds()}
    known["department"] = set()
    if files.organisation:
        departments = _mapping_value(documents.get(files.organisation.rel), "departments")
        if isinstance(departments, Sequence):
            for department in departments.items:
                if isinstance(department, Mapping) and "id" in department.entries:
                    department_id = department.entries["id"][1]
                    if isinstance(department_id, Scalar):
                        known["department"].add(department_id.value)
    known["term"] = set()
    if files.glossary:
        document = documents.get(files.glossary.rel)
        if document is not None and isinstance(document.root, Sequence):
            for entry in document.root.items:
                term_id = _glossary_id(entry)
                if term_id:
                    known["term"].add(term_id)
    return known


def schema_kinds() -> tuple[str, ...]:
    return ("role", "sop", "process", "kpi", "okr")


def _glossary_id(entry: Node) -> str | None:
    if not isinstance(entry, Mapping):
        return None
    for key, make in (("id", lambda text: text), ("term", slugify)):
        if key in entry.entries:
            node = entry.entries[key][1]
            if isinstance(node, Scalar) and node.value:
                return cast(Callable[[str], str], make)(node.value)
    return None


def _managers_only(
    files: ProjectFiles, documents: dict[str, YamlDocument | None]
) -> set[tuple[str, str]]:
    found = set()
    for item in files.items:
        node = _mapping_value(documents.get(item.rel), "visibility")
        if isinstance(node, Scalar) and node.value == "managers":
            found.add((item.kind, item.id))
    return found


class _Builder:
    """Builds model items from checked fields and runs the checks that span fields or files."""

    def __init__(self, context: Context, today: date) -> None:
        self.context = context
        self.diagnostics = context.diagnostics
        self.today = today
        self.review_months = 12
        self.positions: dict[tuple[str, str], dict[str, V]] = {}

    def checker(self, kind: str, item_id: str, visibility: str = "staff") -> ItemChecker:
        return ItemChecker(self.context, kind, item_id, visibility)

    def organisation(
        self, file: ItemFile | None, documents: dict[str, YamlDocument | None]
    ) -> Organisation | None:
        document = documents.get(file.rel) if file else None
        if file is None or document is None:
            return None
        fields = self.checker("organisation", "organisation").obj(
            document.root, schema.ORGANISATION, Position(file.rel)
        )
        if fields is None:
            return None
        departments = []
        seen: dict[str, Position] = {}
        for entry in _get(fields, "departments"):
            department_id = entry.value["id"]
            if department_id.value in seen:
                self.diagnostics.error(
                    department_id.pos,
                    f"duplicate department id '{department_id.value}'"
                    f" (first at line {seen[department_id.value].line})",
                )
                continue
            seen[department_id.value] = department_id.pos
            departments.append(
                Department(
                    department_id.value,
                    _get(entry.value, "name"),
                    _get(entry.value, "description"),
                )
            )
        self.review_months = _get(fields, "review_every_months", 12)
        return Organisation(
            name=_get(fields, "name"),
            short_name=_get(fields, "short_name"),
            language=_get(fields, "language"),
            logo=_get(fields, "logo"),
            review_every_months=self.review_months,
            departments=tuple(departments),
        )

    def glossary(
        self, file: ItemFile | None, documents: dict[str, YamlDocument | None]
    ) -> dict[str, Term]:
        document = documents.get(file.rel) if file else None
        if file is None or document is None or document.root is None:
            return {}
        checker = self.checker("glossary", "glossary")
        checked = checker.value(
            document.root, schema.GLOSSARY, schema.Field("glossary", schema.GLOSSARY)
        )
        terms: dict[str, Term] = {}
        first_line: dict[str, int] = {}
        for entry in checked.value if checked else []:
            fields = entry.value
            term_id = _get(fields, "id") or slugify(_get(fields, "term"))
            if not term_id:
                self.diagnostics.error(
                    fields["term"].pos, "this term has no letters or digits for an id; add 'id'"
                )
                continue
            if term_id in terms:
                self.diagnostics.error(
                    fields.get("id", fields["term"]).pos,
                    f"duplicate glossary id '{term_id}' (first at line {first_line[term_id]})",
                )
                continue
            first_line[term_id] = entry.pos.line
            terms[term_id] = Term(term_id, _get(fields, "term"), _get(fields, "definition"))
        return dict(sorted(terms.items()))

    def item(
        self, file: ItemFile, document: YamlDocument, organisation: Organisation | None
    ) -> Any:
        visibility_node = _mapping_value(document, "visibility")
        visibility = (
            "managers"
            if isinstance(visibility_node, Scalar) and visibility_node.value == "managers"
            else "staff"
        )
        spec = {
            "role": schema.ROLE,
            "sop": schema.SOP,
            "process": schema.PROCESS,
            "kpi": schema.KPI,
            "okr": schema.OKR,
        }[file.kind]
        checker = self.checker(file.kind, file.id, visibility)
        fields = checker.obj(document.root, spec, Position(file.rel))
        if fields is None:
            return None
        self.positions[(file.kind, file.id)] = fields
        make = getattr(self, f"_{file.kind}")
        return make(file, fields)

    def _role(self, file: ItemFile, f: dict[str, V]) -> Role:
        return Role(
            id=file.id,
            title=_get(f, "title"),
            department=_get(f, "department"),
            reports_to=_get(f, "reports_to"),
            visibility=_get(f, "visibility", "staff"),
            purpose=_get(f, "purpose"),
            responsibilities=_values(f, "responsibilities"),
            competencies=tuple(
                Competency(_get(c, "name"), _get(c, "level"), _get(c, "description"))
                for c in _items(f, "competencies")
            ),
            sops=tuple(dict.fromkeys(_values(f, "sops"))),
            kpis=tuple(RoleKpi(_get(k, "kpi"), _get(k, "target")) for k in _items(f, "kpis")),
            onboarding=tuple(
                OnboardingPhase(
                    _get(p, "phase"), _values(p, "goals"), _values(p, "sops"), _get(p, "check")
                )
                for p in _items(f, "onboarding")
            ),
            coaching=_values(f, "coaching"),
        )

    def _sop(self, file: ItemFile, f: dict[str, V]) -> Sop:
        steps = self._steps(f)
        quiz = []
        for question in _items(f, "quiz"):
            choices, answer = question["choices"], question["answer"]
            if len(choices.value) < 2:
                self.diagnostics.error(choices.pos, "a question needs at least 2 choices")
            elif answer.value >= len(choices.value):
                self.diagnostics.error(
                    answer.pos,
                    f"answer {answer.value} is out of range: the question has"
                    f" {len(choices.value)} choices, numbered from 0",
                )
            quiz.append(
                QuizQuestion(
                    _get(question, "question"),
                    tuple(c.value for c in choices.value),
                    answer.value,
                    _get(question, "explain"),
                )
            )
        revisions = _items(f, "revisions")
        if revisions and revisions[0]["version"].value != _get(f, "version"):
            self.diagnostics.error(
                revisions[0]["version"].pos,
                f"the newest revision is version '{revisions[0]['version'].value}', but the SOP"
                f" is version '{_get(f, 'version')}' (list revisions newest first)",
            )
        effective, reviewed = _get(f, "effective"), _get(f, "reviewed")
        review_due = add_months(max(effective, reviewed or effective), self.review_months)
        if review_due < self.today:
            at = f["reviewed"].pos if reviewed else f["effective"].pos
            self.diagnostics.warning(
                at, f"SOP '{file.id}' is overdue for review (due {review_due.isoformat()})"
            )
        return Sop(
            id=file.id,
            title=_get(f, "title"),
            code=_get(f, "code"),
            version=_get(f, "version"),
            effective=effective,
            reviewed=reviewed,
            owner=_get(f, "owner"),
            visibility=_get(f, "visibility", "staff"),
            purpose=_get(f, "purpose"),
            scope=_get(f, "scope"),
            tools=_values(f, "tools"),
            prerequisites=_values(f, "prerequisites"),
            steps=steps,
            common_mistakes=tuple(
                Mistake(_get(m, "mistake"), _get(m, "consequence"))
                for m in _items(f, "common_mistakes")
            ),
            kpis=tuple(dict.fromkeys(_values(f, "kpis"))),
            quiz=tuple(quiz),
            revisions=tuple(
                Revision(_get(r, "version"), _get(r, "date"), _get(r, "changes"), _get(r, "by"))
                for r in revisions
            ),
            tags=_values(f, "tags"),
            review_due=review_due,
        )

    def _steps(self, f: dict[str, V]) -> tuple[Step, ...]:
        steps = []
        seen: dict[str, int] = {}
        for number, s in enumerate(_items(f, "steps"), start=1):
            step_id = s.get("id")
            if step_id is not None:
                if step_id.value in seen:
                    self.diagnostics.error(
                        step_id.pos,
                        f"duplicate step id '{step_id.value}'"
                        f" (first at line {seen[step_id.value]})",
                    )
                seen.setdefault(step_id.value, step_id.pos.line)
            steps.append(
                Step(
                    number=number,
                    id=_get(s, "id"),
                    action=_get(s, "action"),
                    standard=_get(s, "standard"),
                    why=_get(s, "why"),
                    critical=_get(s, "critical", False),
                    time=_get(s, "time"),
                    image=_get(s, "image"),
                    warnings=_values(s, "warnings"),
                )
            )
        return tuple(steps)

    def _process(self, file: ItemFile, f: dict[str, V]) -> Process:
        return Process(
            id=file.id,
            title=_get(f, "title"),
            owner=_get(f, "owner"),
            visibility=_get(f, "visibility", "staff"),
            purpose=_get(f, "purpose"),
            trigger=_get(f, "trigger"),
            outcome=_get(f, "outcome"),
            steps=tuple(
                ProcessStep(
                    number=number,
                    title=_get(s, "title"),
                    role=_get(s, "role"),
                    sop=_get(s, "sop"),
                    description=_get(s, "description"),
                    consulted=_values(s, "consulted"),
                    informed=_values(s, "informed"),
                )
                for number, s in enumerate(_items(f, "steps"), start=1)
            ),
            kpis=tuple(dict.fromkeys(_values(f, "kpis"))),
        )

    def _kpi(self, file: ItemFile, f: dict[str, V]) -> Kpi:
        return Kpi(
            id=file.id,
            name=_get(f, "name"),
            visibility=_get(f, "visibility", "staff"),
            definition=_get(f, "definition"),
            value=_get(f, "value"),
            formula=_get(f, "formula"),
            unit=_get(f, "unit"),
            direction=_get(f, "direction"),
            target=_get(f, "target"),
            threshold=_get(f, "threshold"),
            frequency=_get(f, "frequency"),
            data_source=_get(f, "data_source"),
            owner=_get(f, "owner"),
            kind=_get(f, "kind"),
        )

    def _okr(self, file: ItemFile, f: dict[str, V]) -> OkrPeriod:
        start, end = f["start"], f["end"]
        if end.value <= start.value:
            self.diagnostics.error(
                end.pos,
                f"end {end.value.isoformat()} is not after start {start.value.isoformat()}",
            )
        return OkrPeriod(
            id=file.id,
            period=_get(f, "period"),
            visibility=_get(f, "visibility", "staff"),
            start=start.value,
            end=end.value,
            objectives=tuple(
                Objective(
                    _get(o, "objective"),
                    _get(o, "owner"),
                    tuple(
                        KeyResult(
                            _get(k, "result"),
                            _get(k, "kpi"),
                            _get(k, "target"),
                            _values(k, "roles"),
                        )
                        for k in _items(o, "key_results")
                    ),
                )
                for o in _items(f, "objectives")
            ),
        )

    # --- checks across files ---

    def cross_checks(self, files: ProjectFiles, built: dict[str, dict[str, Any]]) -> None:
        self._reports_to_cycles(built["role"])
        self._duplicate_codes(files)
        listed = {sop_id for role in built["role"].values() for sop_id in role.sops}
        for file in files.of_kind("sop"):
            if file.valid_id and file.id in built["sop"] and file.id not in listed:
                self.diagnostics.warning(
                    Position(file.rel),
                    f"no role lists SOP '{file.id}'; add it to the 'sops' of the roles that"
                    " perform it",
                )

    def _reports_to_cycles(self, roles: dict[str, Role]) -> None:
        reported: set[str] = set()
        for start in sorted(roles):
            path: list[str] = []
            current: str | None = start
            while current is not None and current in roles and current not in path:
                path.append(current)
                current = roles[current].reports_to
            if current is None or current not in path:
                continue
            cycle = path[path.index(current) :]
            if reported.intersection(cycle):
                continue
            reported.update(cycle)
            first = min(cycle)
            turn = cycle.index(first)
            ordered = cycle[turn:] + cycle[:turn]
            at = self.positions[("role", first)]["reports_to"].pos
            self.diagnostics.error(at, "reports_to cycle: " + " -> ".join([*ordered, first]))

    def _duplicate_codes(self, files: ProjectFiles) -> None:
        first_file: dict[str, str] = {}
        for file in sorted(files.of_kind("sop"), key=lambda f: f.rel):
            fields = self.positions.get(("sop", file.id))
            if fields is None or "code" not in fields:
                continue
            code = fields["code"]
            if code.value in first_file:
                self.diagnostics.error(
                    code.pos,
                    f"duplicate SOP code '{code.value}' (also in {first_file[code.value]})",
                )
            else:
                first_file[code.value] = file.rel
