"""The typed, validated handbook: frozen dataclasses, no I/O.

Validation builds these; `link()` fills the derived, two-way links (who performs an SOP, which
SOPs drive a KPI ...) so that renderers only read attributes and never search.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from generator.text import Language

Audience = Literal["staff", "managers"]
Visibility = Literal["staff", "managers"]
LINK_KINDS = ("role", "process", "sop", "kpi", "okr", "term")


@dataclass(frozen=True)
class Link:
    """A `[[kind:id|text]]` reference inside Markdown text."""

    kind: str
    target: str
    text: str | None


@dataclass(frozen=True)
class Markdown:
    """Content Markdown, already converted and sanitised.

    `html` holds placeholders for `[[...]]` links (`LINK_OPEN n LINK_CLOSE`, n indexing `links`)
    and for content files (`FILE_MARK` + path under content/), because both render differently
    in the site and in the books. `markup.to_html` replaces them.
    """

    source: str
    html: str
    links: tuple[Link, ...] = ()
    files: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.source.strip())


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    description: Markdown | None


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str | None
    language: Language
    logo: str | None  # path under content/
    review_every_months: int
    departments: tuple[Department, ...]

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def department(self, department_id: str) -> Department:
        return next(d for d in self.departments if d.id == department_id)


@dataclass(frozen=True)
class Competency:
    name: str
    level: int | None
    description: Markdown | None


@dataclass(frozen=True)
class RoleKpi:
    kpi: str
    target: Decimal | None


@dataclass(frozen=True)
class RoleTarget:
    """A role measured on a KPI, with that role's own target (None: the KPI's target)."""

    role: str
    target: Decimal | None


@dataclass(frozen=True)
class OnboardingPhase:
    phase: str
    goals: tuple[Markdown, ...]
    sops: tuple[str, ...]
    check: Markdown | None


@dataclass(frozen=True, order=True)
class KeyResultRef:
    """Address of one key result: OKR period id, objective and key result indexes (0-based)."""

    okr: str
    objective: int
    key_result: int


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    department: str
    reports_to: str | None
    visibility: Visibility
    purpose: Markdown
    responsibilities: tuple[Markdown, ...]
    competencies: tuple[Competency, ...]
    sops: tuple[str, ...]  # learning order
    kpis: tuple[RoleKpi, ...]
    onboarding: tuple[OnboardingPhase, ...]
    coaching: tuple[Markdown, ...]
    # Derived by link():
    direct_reports: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    key_results: tuple[KeyResultRef, ...] = ()


@dataclass(frozen=True)
class Step:
    number: int
    id: str | None
    action: Markdown
    standard: Markdown | None
    why: Markdown | None
    critical: bool
    time: str | None
    image: str | None
    warnings: tuple[Markdown, ...]

    @property
    def audit_key(self) -> str:
        """What audit sheets write in the `step` column: the stable id, else the number."""
        return self.id or str(self.number)


@dataclass(frozen=True)
class Mistake:
    mistake: Markdown
    consequence: Markdown | None


@dataclass(frozen=True)
class QuizQuestion:
    question: Markdown
    choices: tuple[str, ...]
    answer: int
    explain: Markdown | None


@dataclass(frozen=True)
class Revision:
    version: str
    date: date
    changes: Markdown
    by: str | None


@dataclass(frozen=True)
class Sop:
    id: str
    title: str
    code: str
    version: str
    effective: date
    reviewed: date | None
    owner: str
    visibility: Visibility
    purpose: Markdown
    scope: Markdown | None
    tools: tuple[str, ...]
    prerequisites: tuple[Markdown, ...]
    steps: tuple[Step, ...]
    common_mistakes: tuple[Mistake, ...]
    kpis: tuple[str, ...]
    quiz: tuple[QuizQuestion, ...]
    revisions: tuple[Revision, ...]
    tags: tuple[str, ...]
    review_due: date
    # Derived by link():
    performed_by: tuple[str, ...] = ()
    used_in: tuple[str, ...] = ()

    @property
    def critical_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.critical)

    def is_overdue(self, today: date) -> bool:
        return self.review_due < today

    def step(self, key: str) -> Step | None:
        """A step by audit key: all digits = number, anything else = step id."""
        if key.isdigit():
            number = int(key)
            return self.steps[number - 1] if 1 <= number <= len(self.steps) else None
        return next((step for step in self.steps if step.id == key), None)


@dataclass(frozen=True)
class ProcessStep:
    number: int
    title: str
    role: str
    sop: str | None
    description: Markdown | None
    consulted: tuple[str, ...]
    informed: tuple[str, ...]


@dataclass(frozen=True)
class Process:
    id: str
    title: str
    owner: str
    visibility: Visibility
    purpose: Markdown
    trigger: Markdown | None
    outcome: Markdown | None
    steps: tuple[ProcessStep, ...]
    kpis: tuple[str, ...]

    def raci(self) -> dict[str, str]:
        """Role id -> RACI letters in the order R, A, C, I joined with '/' (e.g. 'R/A')."""
        letters: dict[str, set[str]] = {}
        letters.setdefault(self.owner, set()).add("A")
        for step in self.steps:
            letters.setdefault(step.role, set()).add("R")
            for role in step.consulted:
                letters.setdefault(role, set()).add("C")
            for role in step.informed:
                letters.setdefault(role, set()).add("I")
        return {
            role: "/".join(letter for letter in "RACI" if letter in found)
            for role, found in letters.items()
        }


@dataclass(frozen=True)
class Kpi:
    id: str
    name: str
    visibility: Visibility
    definition: Markdown
    value: Markdown
    formula: str
    unit: str
    direction: Literal["higher_is_better", "lower_is_better"]
    target: Decimal
    threshold: Decimal | None
    frequency: Literal["daily", "weekly", "monthly", "quarterly", "yearly"]
    data_source: str
    owner: str
    kind: Literal["leading", "lagging"] | None
    # Derived by link():
    driven_by: tuple[str, ...] = ()  # SOP ids
    measured: tuple[RoleTarget, ...] = ()
    key_results: tuple[KeyResultRef, ...] = ()
    processes: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyResult:
    result: Markdown
    kpi: str | None
    target: Decimal | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Objective:
    objective: Markdown
    owner: str
    key_results: tuple[KeyResult, ...]


@dataclass(frozen=True)
class OkrPeriod:
    id: str
    period: str
    visibility: Visibility
    start: date
    end: date
    objectives: tuple[Objective, ...]


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: Markdown


AuditResult = Literal["pass", "fail", "na"]


@dataclass(frozen=True)
class AuditRecord:
    file: str  # path relative to the project
    line: int
    date: date
    branch: str
    auditor: str
    person: str
    role: str
    sop: str
    step: int | None  # None only for an earlier-version record whose step no longer exists
    step_key: str  # as written in the file
    result: AuditResult
    note: str
    earlier_version: bool  # dated before the SOP's current `effective`


@dataclass(frozen=True)
class AuditData:
    records: tuple[AuditRecord, ...]
    files: tuple[str, ...]
    empty_rows: int


@dataclass(frozen=True)
class Handbook:
    organisation: Organisation
    roles: Mapping[str, Role]
    sops: Mapping[str, Sop]
    processes: Mapping[str, Process]
    kpis: Mapping[str, Kpi]
    okrs: Mapping[str, OkrPeriod]
    glossary: Mapping[str, Term]
    audits: AuditData
    today: date
    audience: Audience = "managers"
    content_files: tuple[str, ...] = field(default=())  # every file under content/ referenced

    def key_result(self, ref: KeyResultRef) -> KeyResult:
        return self.okrs[ref.okr].objectives[ref.objective].key_results[ref.key_result]

    def markdown_values(self) -> Iterator[Markdown]:
        """Every Markdown value of the handbook, for collecting the files it references."""
        yield from markdown_in(self.organisation)
        for items in (self.roles, self.sops, self.processes, self.kpis, self.okrs, self.glossary):
            for item in items.values():
                yield from markdown_in(item)


def markdown_in(value: object) -> Iterator[Markdown]:
    """Every Markdown value inside a model value (dataclasses and tuples, recursively)."""
    if isinstance(value, Markdown):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from markdown_in(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from markdown_in(getattr(value, name))


def add_months(start: date, months: int) -> date:
    """`start` plus whole months, the day clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def link(handbook: Handbook) -> Handbook:
    """Fill every derived link from the base items (run again after filtering an edition)."""
    roles, sops, processes, kpis, okrs = (
        handbook.roles,
        handbook.sops,
        handbook.processes,
        handbook.kpis,
        handbook.okrs,
    )
    key_results_of_role: dict[str, list[KeyResultRef]] = {}
    key_results_of_kpi: dict[str, list[KeyResultRef]] = {}
    for okr in okrs.values():
        for o_index, objective in enumerate(okr.objectives):
            for k_index, key_result in enumerate(objective.key_results):
                ref = KeyResultRef(okr.id, o_index, k_index)
                for role_id in key_result.roles:
                    key_results_of_role.setdefault(role_id, []).append(ref)
                if key_result.kpi:
                    key_results_of_kpi.setdefault(key_result.kpi, []).append(ref)

    processes_of_role: dict[str, list[str]] = {}
    for process in processes.values():
        for role_id in process.raci():
            processes_of_role.setdefault(role_id, []).append(process.id)

    linked_roles = {
        role.id: replace(
            role,
            direct_reports=tuple(r.id for r in roles.values() if r.reports_to == role.id),
            processes=tuple(processes_of_role.get(role.id, ())),
            key_results=tuple(key_results_of_role.get(role.id, ())),
        )
        for role in roles.values()
    }
    linked_sops = {
        sop.id: replace(
            sop,
            performed_by=tuple(r.id for r in roles.values() if sop.id in r.sops),
            used_in=tuple(
                p.id for p in processes.values() if any(s.sop == sop.id for s in p.steps)
            ),
        )
        for sop in sops.values()
    }
    linked_kpis = {
        kpi.id: replace(
            kpi,
            driven_by=tuple(s.id for s in sops.values() if kpi.id in s.kpis),
            measured=tuple(
                RoleTarget(role.id, role_kpi.target)
                for role in roles.values()
                for role_kpi in role.kpis
                if role_kpi.kpi == kpi.id
            ),
            key_results=tuple(key_results_of_kpi.get(kpi.id, ())),
            processes=tuple(p.id for p in processes.values() if kpi.id in p.kpis),
        )
        for kpi in kpis.values()
    }
    return replace(handbook, roles=linked_roles, sops=linked_sops, kpis=linked_kpis)
