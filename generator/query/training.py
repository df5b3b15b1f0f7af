"""Training records as figures: the training version of each SOP, the required pairs (person x
SOP) with their status as of today, coverage and counts, the per-branch matrices and the action
list.

Pure functions of the checked handbook (managers edition: the staff edition has no roster). One
`TrainingReport` feeds `handbook training report`, the managers site's `training/` page, the SOP
and role pages and `handbook training sheet`; `coaching_lookup` gives the KPI coaching view its
training counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from generator.model.dates import add_months
from generator.model.handbook import Handbook, Revision, Sop
from generator.model.people import Person, TrainingRecord
from generator.text import SortKey, sort_key

TrainingStatus = Literal["current", "expired", "outdated", "failed", "due", "overdue"]
STATUSES: tuple[TrainingStatus, ...] = (
    "current",
    "expired",
    "outdated",
    "failed",
    "due",
    "overdue",
)
# The action list's order: the most urgent first.
URGENCY: tuple[TrainingStatus, ...] = ("overdue", "failed", "outdated", "expired", "due")


@dataclass(frozen=True)
class TrainingCounts:
    """Status counts of some required pairs, as of today."""

    statuses: Mapping[str, int]  # every status -> pairs, in STATUSES order
    current: int
    required: int
    coverage: Decimal | None  # percentage with one decimal; None without required pairs


# (branch key, '' for every branch; the linked SOP ids) -> the counts of the people of that
# branch on those SOPs; the KPI coaching view's training column.
TrainingLookup = Callable[[str, tuple[str, ...]], TrainingCounts | None]


def training_version(sop: Sop) -> str:
    """The newest version whose change needs retraining: the first revision with `retrain`
    (revisions are newest first); without one, the SOP's `version`."""
    return next((r.version for r in sop.revisions if r.retrain), sop.version)


def retraining_revision(sop: Sop) -> Revision | None:
    """The revision that set the training version (None when the SOP's `version` is it)."""
    return next((r for r in sop.revisions if r.retrain), None)


def is_current_version(sop: Sop, version: str) -> bool:
    """Whether a record of `version` counts: the training version, a revision listed before it
    (newer, wording fixes only), or the SOP's `version`. Any other text is older than all."""
    if version == sop.version:
        return True
    needed = retraining_revision(sop)
    if needed is None:  # no revision needs retraining: only `version` is the training version
        return False
    for revision in sop.revisions:
        if revision.version == version:
            return True
        if revision is needed:
            return False
    return False


def due_days(handbook: Handbook, roles: tuple[str, ...], sop_id: str) -> int:
    """Days after `joined` by which the SOP is due: the smallest `due_days` of an onboarding
    phase of the roles that lists the SOP, else the organisation's `training_due_days`."""
    phases = (
        phase.due_days
        for role_id in roles
        for phase in handbook.roles[role_id].onboarding
        if phase.due_days is not None and sop_id in phase.sops
    )
    return min(phases, default=handbook.organisation.training_due_days)


def _joined_plus(person: Person, days: int) -> date:
    """The due date: `joined` plus the due days."""
    try:
        return person.joined + timedelta(days=days)
    except OverflowError:  # past year 9999: never due
        return date.max


def expires(sop: Sop, record: TrainingRecord) -> date | None:
    """The day after which a pass must be renewed (None without `refresh_months`)."""
    if sop.refresh_months is None:
        return None
    return add_months(record.date, sop.refresh_months)


class Pair(NamedTuple):
    """One required (person, SOP) pair and its status as of today. A tuple: a 2,000-person
    roster has some 80,000 pairs, and a frozen dataclass takes twice as long to make."""

    person: Person
    sop: str
    role: str  # the first of the person's roles (in roster order) that lists the SOP
    status: TrainingStatus
    latest: TrainingRecord | None
    due: date | None  # for `due` and `overdue`
    since: Revision | None  # `outdated`: the revision that needs retraining (None: `version`)


def pair_status(sop: Sop, latest: TrainingRecord | None, due: date, today: date) -> TrainingStatus:
    """The status table of the spec, from the pair's latest record."""
    if latest is None:
        return "due" if today <= due else "overdue"
    if latest.result == "fail":
        return "failed"
    if not is_current_version(sop, latest.version):
        return "outdated"
    until = expires(sop, latest)
    return "expired" if until is not None and until < today else "current"


def counts(pairs: Iterable[Pair]) -> TrainingCounts:
    found = _zero()
    for pair in pairs:
        found[pair.status] += 1
    return counts_of(found)


def _zero() -> dict[str, int]:
    return dict.fromkeys(STATUSES, 0)


def counts_of(statuses: Mapping[str, int]) -> TrainingCounts:
    required = sum(statuses.values())
    current = statuses.get("current", 0)
    return TrainingCounts(
        {status: statuses.get(status, 0) for status in STATUSES},
        current,
        required,
        coverage(current, required),
    )


def coverage(current: int, required: int) -> Decimal | None:
    """current / required as a percentage with one decimal, half up."""
    if not required:
        return None
    return (Decimal(100 * current) / Decimal(required)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class BranchFigures:
    branch: str  # as first written in the roster
    key: str
    counts: TrainingCounts


@dataclass(frozen=True)
class RoleFigures:
    role: str  # role id
    counts: TrainingCounts


@dataclass(frozen=True)
class Matrix:
    """One branch's people x the SOPs required of anyone in it."""

    branch: str
    people: tuple[Person, ...]  # locale order of the shown name, ties by key
    sops: tuple[str, ...]  # SOP ids by code
    cells: Mapping[str, Mapping[str, Pair]]  # person key -> SOP id -> pair; absent: not required


@dataclass(frozen=True)
class TrainingReport:
    today: date
    pairs: tuple[Pair, ...]  # by branch (locale order), person key (locale order), SOP code
    total: TrainingCounts
    by_branch: tuple[BranchFigures, ...]  # locale order
    by_role: tuple[RoleFigures, ...]  # role titles in locale order; pairs count under `role`
    by_sop: Mapping[str, TrainingCounts]  # SOP id -> counts (SOPs required of someone)
    matrices: tuple[Matrix, ...]  # one per branch, as `by_branch`
    actions: tuple[Pair, ...]  # every pair not current, by URGENCY, then as `pairs`
    people: int  # people on the roster who have not left
    branch_of: Mapping[str, str]  # person key -> branch key, for the people in `pairs`
    files_read: int
    records_read: int

    def of_role(self, role_id: str) -> TrainingCounts | None:
        return next((f.counts for f in self.by_role if f.role == role_id), None)


def training_report(handbook: Handbook) -> TrainingReport | None:
    """Every required pair with its status and the figures built from them; None without a
    roster (and so always in the staff edition)."""
    data = handbook.training
    if data is None:
        return None
    text_key = sort_key(handbook.organisation.language)
    today = handbook.today
    latest = latest_records(data.records)
    branch_shown: dict[str, str] = {}
    branch_of: dict[str, str] = {}  # person key -> branch key (computed once: it is costly)
    # Due days depend on the roles and the SOP only: a roster repeats a few role sets.
    days_of: dict[tuple[tuple[str, ...], str], int] = {}
    pairs: list[Pair] = []
    for person in data.people:
        if person.has_left(today):
            continue
        branch_of[person.key] = person.branch_key
        branch_shown.setdefault(branch_of[person.key], person.branch)
        for sop_id, role_id in required_sops(handbook, person).items():
            sop = handbook.sops[sop_id]
            record = latest.get((person.key, sop_id))
            due = None
            if record is None:  # the due date counts only before the first record
                key = (person.roles, sop_id)
                if key not in days_of:
                    days_of[key] = due_days(handbook, person.roles, sop_id)
                due = _joined_plus(person, days_of[key])
            status = pair_status(sop, record, date.max if due is None else due, today)
            pairs.append(
                Pair(
                    person,
                    sop_id,
                    role_id,
                    status,
                    record,
                    due,
                    retraining_revision(sop) if status == "outdated" else None,
                )
            )

    # Collation keys are costly: one per SOP and per person, not one per pair; pairs are
    # sorted by the resulting ranks (comparing ints, not nested key tuples).
    sop_keys = {sop_id: (text_key(sop.code), sop_id) for sop_id, sop in handbook.sops.items()}
    sop_rank = _ranks(sop_keys)
    person_rank = _ranks({p.key: (text_key(p.key), p.key) for p in data.people})

    branch_order = {
        key: n
        for n, key in enumerate(sorted(branch_shown, key=lambda k: (text_key(branch_shown[k]), k)))
    }

    def pair_order(pair: Pair) -> tuple[object, ...]:
        person = pair.person
        return (branch_order[branch_of[person.key]], person_rank[person.key], sop_rank[pair.sop])

    ordered = sorted(pairs, key=pair_order)
    urgency = {status: n for n, status in enumerate(URGENCY)}
    actions = sorted((p for p in ordered if p.status != "current"), key=lambda p: urgency[p.status])
    branches = sorted(branch_order, key=branch_order.__getitem__)
    of_branch: dict[str, list[Pair]] = {key: [] for key in branches}
    for pair in ordered:
        of_branch[branch_of[pair.person.key]].append(pair)
    return TrainingReport(
        today=today,
        pairs=tuple(ordered),
        total=counts(ordered),
        by_branch=tuple(
            BranchFigures(branch_shown[key], key, counts(of_branch[key])) for key in branches
        ),
        by_role=_by_role(handbook, ordered, text_key),
        by_sop=_grouped(ordered, lambda p: p.sop),
        matrices=tuple(
            _matrix(handbook, branch_shown[key], of_branch[key], sop_rank) for key in branches
        ),
        actions=tuple(actions),
        people=sum(1 for person in data.people if not person.has_left(today)),
        branch_of=branch_of,
        files_read=len(data.files),
        records_read=len(data.records),
    )


def _ranks(keys: Mapping[str, tuple[SortKey, str]]) -> dict[str, int]:
    """Each id's place in the order of its key."""
    return {item: n for n, item in enumerate(sorted(keys, key=keys.__getitem__))}


def required_sops(handbook: Handbook, person: Person) -> dict[str, str]:
    """SOP id -> the first of the person's roles (in roster order) that lists it."""
    found: dict[str, str] = {}
    for role_id in person.roles:
        for sop_id in handbook.roles[role_id].sops:
            found.setdefault(sop_id, role_id)
    return found


def latest_records(
    records: Iterable[TrainingRecord],
) -> dict[tuple[str, str], TrainingRecord]:
    """(person key, SOP id) -> the latest record: by date; on the same date the later file by
    path, then the later line."""
    latest: dict[tuple[str, str], TrainingRecord] = {}
    for record in records:
        key = (record.person, record.sop)
        known = latest.get(key)
        if known is None or _when(record) > _when(known):
            latest[key] = record
    return latest


def _when(record: TrainingRecord) -> tuple[date, str, int]:
    return record.date, record.file, record.line


def _grouped(pairs: Iterable[Pair], key: Callable[[Pair], str]) -> dict[str, TrainingCounts]:
    # A defaultdict, not setdefault: that would make a zero dict per pair.
    tallies: defaultdict[str, dict[str, int]] = defaultdict(_zero)
    for pair in pairs:
        tallies[key(pair)][pair.status] += 1
    return {group: counts_of(found) for group, found in tallies.items()}


def _by_role(
    handbook: Handbook, pairs: Sequence[Pair], text_key: Callable[[str], SortKey]
) -> tuple[RoleFigures, ...]:
    grouped = _grouped(pairs, lambda p: p.role)
    order = sorted(grouped, key=lambda r: (text_key(handbook.roles[r].title), r))
    return tuple(RoleFigures(role_id, grouped[role_id]) for role_id in order)


def _matrix(
    handbook: Handbook, branch: str, pairs: Sequence[Pair], sop_rank: Mapping[str, int]
) -> Matrix:
    text_key = sort_key(handbook.organisation.language)
    cells: dict[str, dict[str, Pair]] = {}
    people: list[Person] = []
    for pair in pairs:
        row = cells.get(pair.person.key)
        if row is None:
            row = cells[pair.person.key] = {}
            people.append(pair.person)
        row[pair.sop] = pair
    return Matrix(
        branch,
        tuple(sorted(people, key=lambda p: (text_key(p.name), p.key))),
        tuple(sorted({p.sop for p in pairs}, key=sop_rank.__getitem__)),
        cells,
    )


def coaching_lookup(
    handbook: Handbook, report: TrainingReport | None = None
) -> TrainingLookup | None:
    """The KPI coaching view's training counts: for a branch key ('' = every branch) and the
    linked SOPs, the counts of those people's required pairs on those SOPs. None without a
    roster. `report`: the handbook's training report when it is already made."""
    report = report if report is not None else training_report(handbook)
    if report is None:
        return None
    tallies: defaultdict[tuple[str, str], dict[str, int]] = defaultdict(_zero)
    for pair in report.pairs:
        for branch in (report.branch_of[pair.person.key], ""):
            tallies[branch, pair.sop][pair.status] += 1

    def lookup(branch: str, sops: tuple[str, ...]) -> TrainingCounts:
        total = _zero()
        for sop_id in dict.fromkeys(sops):
            for status, number in tallies.get((branch, sop_id), {}).items():
                total[status] += number
        return counts_of(total)

    return lookup
