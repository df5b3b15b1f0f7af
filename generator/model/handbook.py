"""The typed handbook: one frozen dataclass per content kind, each field declared once.

A field's annotation is its type in the model; its `declare(...)` metadata says what the file
holds (see `model.fields`); a field with no default is required. Derived fields are filled by
validation (an item's id from its file name, a step's number) or by `model.links.link` (who
performs an SOP, which SOPs drive a KPI ...), so that renderers only read attributes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from generator.model.dates import add_months
from generator.model.fields import (
    MD,
    TEXT,
    Boolean,
    Choice,
    ContentPath,
    Date,
    Identifier,
    Integer,
    ListOf,
    Number,
    Obj,
    Ref,
    declare,
    derived,
)
from generator.model.markdown import Markdown
from generator.model.people import TrainingData
from generator.model.periods import Frequency
from generator.model.records import AuditData
from generator.model.results import ResultData
from generator.text import Language, is_ascii_digits

Audience = Literal["staff", "managers"]
Visibility = Literal["staff", "managers"]
Direction = Literal["higher_is_better", "lower_is_better"]
KpiKind = Literal["leading", "lagging"]

_VISIBILITY = declare(Choice(("staff", "managers")), "Who may see it (default staff)")
_FILE_NAME = derived("the file name without .yml")
_STEP_NUMBER = derived("1-based position in the list", position=True)


@dataclass(frozen=True, kw_only=True)
class Department:
    NAME: ClassVar[str] = "department"
    id: str = field(metadata=declare(Identifier("department id")))
    name: str = field(metadata=declare(TEXT))
    description: Markdown | None = field(default=None, metadata=declare(MD))


@dataclass(frozen=True, kw_only=True)
class Organisation:
    NAME: ClassVar[str] = "organisation"
    name: str = field(metadata=declare(TEXT, "The organisation's full name"))
    short_name: str | None = field(
        default=None, metadata=declare(TEXT, "Used in headers and footers")
    )
    language: Language = field(
        metadata=declare(Choice(("vi", "en")), "Labels, search, dates and sorting")
    )
    logo: str | None = field(default=None, metadata=declare(ContentPath(), "Image under content/"))
    review_every_months: int = field(
        default=12, metadata=declare(Integer(1, 120), "SOP review cycle (default 12)")
    )
    training_due_days: int = field(
        default=30,
        metadata=declare(
            Integer(1), "Days after joining by which a new hire is trained (default 30)"
        ),
    )
    departments: tuple[Department, ...] = field(
        metadata=declare(ListOf(Obj(Department), non_empty=True))
    )

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def department(self, department_id: str) -> Department:
        return next(d for d in self.departments if d.id == department_id)


@dataclass(frozen=True, kw_only=True)
class Competency:
    NAME: ClassVar[str] = "competency"
    name: str = field(metadata=declare(TEXT))
    level: int | None = field(default=None, metadata=declare(Integer(1, 5)))
    description: Markdown | None = field(default=None, metadata=declare(MD))


@dataclass(frozen=True, kw_only=True)
class RoleKpi:
    NAME: ClassVar[str] = "role KPI"
    kpi: str = field(metadata=declare(Ref("kpi")))
    target: Decimal | None = field(default=None, metadata=declare(Number()))


@dataclass(frozen=True)
class RoleTarget:
    """A role measured on a KPI, with that role's own target (None: the KPI's target)."""

    role: str
    target: Decimal | None


@dataclass(frozen=True, kw_only=True)
class OnboardingPhase:
    NAME: ClassVar[str] = "onboarding phase"
    phase: str = field(metadata=declare(TEXT))
    goals: tuple[Markdown, ...] = field(metadata=declare(ListOf(MD, non_empty=True)))
    sops: tuple[str, ...] = field(default=(), metadata=declare(ListOf(Ref("sop"))))
    check: Markdown | None = field(default=None, metadata=declare(MD))
    due_days: int | None = field(
        default=None,
        metadata=declare(
            Integer(0), "Days after joining by which this phase's SOPs must be trained"
        ),
    )


@dataclass(frozen=True, order=True)
class KeyResultRef:
    """Address of one key result: OKR period id, objective and key result indexes (0-based)."""

    okr: str
    objective: int
    key_result: int


@dataclass(frozen=True, kw_only=True)
class Role:
    NAME: ClassVar[str] = "role"
    id: str = field(metadata=_FILE_NAME)
    title: str = field(metadata=declare(TEXT, "Job title"))
    department: str = field(metadata=declare(Ref("department")))
    reports_to: str | None = field(
        default=None, metadata=declare(Ref("role"), "Role id of the direct manager")
    )
    visibility: Visibility = field(default="staff", metadata=_VISIBILITY)
    purpose: Markdown = field(metadata=declare(MD, "Why this position exists"))
    responsibilities: tuple[Markdown, ...] = field(metadata=declare(ListOf(MD, non_empty=True)))
    competencies: tuple[Competency, ...] = field(
        default=(), metadata=declare(ListOf(Obj(Competency)))
    )
    sops: tuple[str, ...] = field(metadata=declare(ListOf(Ref("sop")), "SOP ids in learning order"))
    kpis: tuple[RoleKpi, ...] = field(default=(), metadata=declare(ListOf(Obj(RoleKpi))))
    onboarding: tuple[OnboardingPhase, ...] = field(
        default=(), metadata=declare(ListOf(Obj(OnboardingPhase)))
    )
    coaching: tuple[Markdown, ...] = field(
        default=(),
        metadata=declare(ListOf(MD), "Managers edition only", managers_only=True),
    )
    direct_reports: tuple[str, ...] = field(default=(), metadata=derived("roles reporting here"))
    processes: tuple[str, ...] = field(default=(), metadata=derived("processes with a RACI letter"))
    key_results: tuple[KeyResultRef, ...] = field(
        default=(), metadata=derived("key results naming the role")
    )

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, kw_only=True)
class Step:
    NAME: ClassVar[str] = "step"
    number: int = field(metadata=_STEP_NUMBER)
    action: Markdown = field(metadata=declare(MD, "What to do"))
    id: str | None = field(default=None, metadata=declare(Identifier("step id")))
    standard: Markdown | None = field(
        default=None, metadata=declare(MD, "What done right looks like")
    )
    why: Markdown | None = field(default=None, metadata=declare(MD))
    critical: bool = field(default=False, metadata=declare(Boolean()))
    time: str | None = field(default=None, metadata=declare(TEXT))
    image: str | None = field(default=None, metadata=declare(ContentPath()))
    warnings: tuple[Markdown, ...] = field(default=(), metadata=declare(ListOf(MD)))

    @property
    def audit_key(self) -> str:
        """What audit sheets write in the `step` column: the stable id, else the number."""
        return self.id or str(self.number)


@dataclass(frozen=True, kw_only=True)
class Mistake:
    NAME: ClassVar[str] = "common mistake"
    mistake: Markdown = field(metadata=declare(MD))
    consequence: Markdown | None = field(default=None, metadata=declare(MD))


@dataclass(frozen=True, kw_only=True)
class QuizQuestion:
    NAME: ClassVar[str] = "quiz question"
    question: Markdown = field(metadata=declare(MD))
    choices: tuple[str, ...] = field(metadata=declare(ListOf(TEXT)))
    answer: int = field(metadata=declare(Integer(0), "0-based index into choices"))
    explain: Markdown | None = field(default=None, metadata=declare(MD))


@dataclass(frozen=True, kw_only=True)
class Revision:
    NAME: ClassVar[str] = "revision"
    version: str = field(metadata=declare(TEXT))
    date: date = field(metadata=declare(Date()))
    changes: Markdown = field(metadata=declare(MD))
    by: str | None = field(default=None, metadata=declare(TEXT))
    retrain: bool = field(
        default=True,
        metadata=declare(
            Boolean(), "Whether people trained on earlier versions must be trained again"
        ),
    )


@dataclass(frozen=True, kw_only=True)
class Sop:
    NAME: ClassVar[str] = "sop"
    id: str = field(metadata=_FILE_NAME)
    title: str = field(metadata=declare(TEXT))
    code: str = field(metadata=declare(TEXT, "Printed document code, unique"))
    version: str = field(metadata=declare(TEXT))
    effective: date = field(metadata=declare(Date(), "In force since"))
    reviewed: date | None = field(
        default=None, metadata=declare(Date(), "Last confirmed still right")
    )
    owner: str = field(metadata=declare(Ref("role", required_single=True)))
    visibility: Visibility = field(default="staff", metadata=_VISIBILITY)
    purpose: Markdown = field(metadata=declare(MD))
    scope: Markdown | None = field(default=None, metadata=declare(MD))
    tools: tuple[str, ...] = field(default=(), metadata=declare(ListOf(TEXT)))
    prerequisites: tuple[Markdown, ...] = field(default=(), metadata=declare(ListOf(MD)))
    steps: tuple[Step, ...] = field(metadata=declare(ListOf(Obj(Step), non_empty=True)))
    common_mistakes: tuple[Mistake, ...] = field(default=(), metadata=declare(ListOf(Obj(Mistake))))
    kpis: tuple[str, ...] = field(default=(), metadata=declare(ListOf(Ref("kpi"))))
    quiz: tuple[QuizQuestion, ...] = field(default=(), metadata=declare(ListOf(Obj(QuizQuestion))))
    revisions: tuple[Revision, ...] = field(
        default=(), metadata=declare(ListOf(Obj(Revision)), "Newest first")
    )
    tags: tuple[str, ...] = field(default=(), metadata=declare(ListOf(TEXT)))
    refresh_months: int | None = field(
        default=None, metadata=declare(Integer(1), "Months after which a pass must be renewed")
    )
    performed_by: tuple[str, ...] = field(default=(), metadata=derived("roles listing the SOP"))
    used_in: tuple[str, ...] = field(default=(), metadata=derived("processes using the SOP"))

    @property
    def label(self) -> str:
        return self.title

    @property
    def critical_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.critical)

    def review_due(self, every_months: int) -> date:
        """The later of `effective` and `reviewed`, plus the review cycle (day clamped)."""
        return add_months(max(self.effective, self.reviewed or self.effective), every_months)

    def step(self, key: str) -> Step | None:
        """A step by audit key: all digits = number, anything else = step id."""
        if is_ascii_digits(key):
            number = int(key)
            return self.steps[number - 1] if 1 <= number <= len(self.steps) else None
        return next((step for step in self.steps if step.id == key), None)


@dataclass(frozen=True, kw_only=True)
class ProcessStep:
    NAME: ClassVar[str] = "process step"
    number: int = field(metadata=_STEP_NUMBER)
    title: str = field(metadata=declare(TEXT))
    role: str = field(metadata=declare(Ref("role", required_single=True), "Responsible (R)"))
    sop: str | None = field(default=None, metadata=declare(Ref("sop")))
    description: Markdown | None = field(default=None, metadata=declare(MD))
    consulted: tuple[str, ...] = field(default=(), metadata=declare(ListOf(Ref("role"))))
    informed: tuple[str, ...] = field(default=(), metadata=declare(ListOf(Ref("role"))))


@dataclass(frozen=True, kw_only=True)
class Process:
    NAME: ClassVar[str] = "process"
    id: str = field(metadata=_FILE_NAME)
    title: str = field(metadata=declare(TEXT))
    owner: str = field(
        metadata=declare(Ref("role", required_single=True), "Accountable role (the A)")
    )
    visibility: Visibility = field(default="staff", metadata=_VISIBILITY)
    purpose: Markdown = field(metadata=declare(MD))
    trigger: Markdown | None = field(default=None, metadata=declare(MD))
    outcome: Markdown | None = field(default=None, metadata=declare(MD))
    steps: tuple[ProcessStep, ...] = field(
        metadata=declare(ListOf(Obj(ProcessStep), non_empty=True))
    )
    kpis: tuple[str, ...] = field(default=(), metadata=declare(ListOf(Ref("kpi"))))

    @property
    def label(self) -> str:
        return self.title

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


@dataclass(frozen=True, kw_only=True)
class Kpi:
    NAME: ClassVar[str] = "kpi"
    id: str = field(metadata=_FILE_NAME)
    name: str = field(metadata=declare(TEXT))
    visibility: Visibility = field(default="staff", metadata=_VISIBILITY)
    definition: Markdown = field(metadata=declare(MD, "What is measured"))
    value: Markdown = field(metadata=declare(MD, "Why it matters to the customer and the business"))
    formula: str = field(metadata=declare(TEXT))
    unit: str = field(metadata=declare(TEXT))
    direction: Direction = field(metadata=declare(Choice(("higher_is_better", "lower_is_better"))))
    target: Decimal = field(metadata=declare(Number()))
    threshold: Decimal | None = field(
        default=None, metadata=declare(Number(), "Past it, the KPI is off track")
    )
    frequency: Frequency = field(
        metadata=declare(Choice(("daily", "weekly", "monthly", "quarterly", "yearly")))
    )
    data_source: str = field(metadata=declare(TEXT))
    owner: str = field(metadata=declare(Ref("role", required_single=True)))
    kind: KpiKind | None = field(default=None, metadata=declare(Choice(("leading", "lagging"))))
    driven_by: tuple[str, ...] = field(default=(), metadata=derived("SOPs listing the KPI"))
    measured: tuple[RoleTarget, ...] = field(default=(), metadata=derived("roles measured on it"))
    key_results: tuple[KeyResultRef, ...] = field(
        default=(), metadata=derived("key results building on it")
    )
    processes: tuple[str, ...] = field(default=(), metadata=derived("processes it measures"))

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, kw_only=True)
class KeyResult:
    NAME: ClassVar[str] = "key result"
    result: Markdown = field(metadata=declare(MD))
    kpi: str | None = field(default=None, metadata=declare(Ref("kpi")))
    target: Decimal | None = field(default=None, metadata=declare(Number()))
    roles: tuple[str, ...] = field(default=(), metadata=declare(ListOf(Ref("role"))))


@dataclass(frozen=True, kw_only=True)
class Objective:
    NAME: ClassVar[str] = "objective"
    objective: Markdown = field(metadata=declare(MD))
    owner: str = field(metadata=declare(Ref("role", required_single=True)))
    key_results: tuple[KeyResult, ...] = field(
        metadata=declare(ListOf(Obj(KeyResult), non_empty=True))
    )


@dataclass(frozen=True, kw_only=True)
class OkrPeriod:
    NAME: ClassVar[str] = "okr"
    id: str = field(metadata=_FILE_NAME)
    period: str = field(metadata=declare(TEXT))
    visibility: Visibility = field(default="staff", metadata=_VISIBILITY)
    start: date = field(metadata=declare(Date()))
    end: date = field(metadata=declare(Date()))
    objectives: tuple[Objective, ...] = field(
        metadata=declare(ListOf(Obj(Objective), non_empty=True))
    )

    @property
    def label(self) -> str:
        return self.period


@dataclass(frozen=True, kw_only=True)
class Term:
    NAME: ClassVar[str] = "glossary term"
    term: str = field(metadata=declare(TEXT))
    definition: Markdown = field(metadata=declare(MD))
    id: str = field(default="", metadata=declare(Identifier("glossary id"), "Default: the slug"))

    @property
    def label(self) -> str:
        return self.term


Item = Role | Sop | Process | Kpi | OkrPeriod | Term
# Content kinds in the order every output lists them; `term` is a glossary entry.
ITEM_KINDS = ("role", "sop", "process", "kpi", "okr")


@dataclass(frozen=True)
class Handbook:
    organisation: Organisation
    roles: Mapping[str, Role]
    sops: Mapping[str, Sop]
    processes: Mapping[str, Process]
    kpis: Mapping[str, Kpi]
    okrs: Mapping[str, OkrPeriod]
    glossary: Mapping[str, Term]
    audits: AuditData | None  # None in an edition without the audit loop (staff)
    today: date
    results: ResultData | None = None  # measured KPI values; None in the staff edition
    # The roster and training records; None without content/people.csv and in the staff edition.
    training: TrainingData | None = None
    audience: Audience = "managers"
    # Files under content/ that this edition's items use; set by `edition.for_audience`.
    content_files: tuple[str, ...] = ()

    def items(self, kind: str) -> Mapping[str, Item]:
        """The items of one kind (`role` ... `okr`, or `term` for the glossary)."""
        collections: dict[str, Mapping[str, Item]] = {
            "role": self.roles,
            "sop": self.sops,
            "process": self.processes,
            "kpi": self.kpis,
            "okr": self.okrs,
            "term": self.glossary,
        }
        return collections[kind]

    def label(self, kind: str, item_id: str) -> str:
        """What an item is called: a role's or SOP's title, a KPI's name, a period, a term."""
        return self.items(kind)[item_id].label

    def review_due(self, sop: Sop) -> date:
        return sop.review_due(self.organisation.review_every_months)

    def is_overdue(self, sop: Sop) -> bool:
        """Whether the SOP's review is due before today (books never show this: it changes
        from one day to the next)."""
        return self.review_due(sop) < self.today

    def key_result(self, ref: KeyResultRef) -> KeyResult:
        return self.okrs[ref.okr].objectives[ref.objective].key_results[ref.key_result]

    def markdown_values(self) -> Iterator[Markdown]:
        """Every Markdown value of the handbook, for collecting the files it references."""
        yield from markdown_in(self.organisation)
        for kind in (*ITEM_KINDS, "term"):
            for item in self.items(kind).values():
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
