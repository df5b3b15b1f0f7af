"""Adherence figures from audit records: pure functions of the checked records.

Adherence = pass / (pass + fail); `na` is left out. Records audited against an earlier version of
their SOP are counted apart and in no other figure. The same `AdherenceReport` feeds
`handbook audit report` (Markdown or CSV) and the managers site's report page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeVar

from generator.model.records import AuditData, AuditRecord
from generator.text import Language, SortKey, sort_key

Scope = Literal["overall", "sop", "step", "role", "branch", "month", "earlier-version"]
_ONE_DECIMAL = Decimal("0.1")
K = TypeVar("K")


@dataclass(frozen=True)
class Tally:
    passed: int = 0
    failed: int = 0
    not_applicable: int = 0

    @property
    def records(self) -> int:
        return self.passed + self.failed + self.not_applicable

    @property
    def adherence(self) -> Decimal | None:
        """Percentage with one decimal, rounded half up; None when nothing passed or failed."""
        checked = self.passed + self.failed
        if checked == 0:
            return None
        return (Decimal(self.passed * 100) / Decimal(checked)).quantize(
            _ONE_DECIMAL, rounding=ROUND_HALF_UP
        )

    def add(self, record: AuditRecord) -> Tally:
        return Tally(
            self.passed + (record.result == "pass"),
            self.failed + (record.result == "fail"),
            self.not_applicable + (record.result == "na"),
        )


def tally(records: Iterable[AuditRecord]) -> Tally:
    total = Tally()
    for record in records:
        total = total.add(record)
    return total


@dataclass(frozen=True)
class Figure:
    """One row of the report: a scope, its key (see the spec's CSV keys) and counts.

    `sop` and `step` address the SOP step a row is about; `step` is the step number.
    """

    scope: Scope
    key: str
    tally: Tally
    sop: str | None = None
    step: int | None = None


@dataclass(frozen=True)
class AdherenceReport:
    overall: Figure
    by_sop: tuple[Figure, ...]
    by_step: tuple[Figure, ...]  # most fails first: where shortcuts happen
    by_role: tuple[Figure, ...]
    by_branch: tuple[Figure, ...]
    by_month: tuple[Figure, ...]
    earlier_version: tuple[Figure, ...]
    fails: tuple[AuditRecord, ...]  # the coaching list: newest first, then branch, SOP, step
    earlier_fails: tuple[AuditRecord, ...]
    files_read: int
    records_read: int  # every valid record in the files, before --since
    empty_rows: int  # all-empty rows skipped while reading
    since: date | None
    before_since: int  # records dated before `since`, left out of every figure

    @property
    def records_counted(self) -> int:
        return self.records_read - self.before_since

    def figures(self) -> Iterator[Figure]:
        """Every row in the spec's order: overall, sop, step, role, branch, month, earlier."""
        yield self.overall
        for rows in (
            self.by_sop,
            self.by_step,
            self.by_role,
            self.by_branch,
            self.by_month,
            self.earlier_version,
        ):
            yield from rows


def adherence_report(
    audits: AuditData, language: Language, *, since: date | None = None
) -> AdherenceReport:
    counted = [r for r in audits.records if since is None or r.date >= since]
    current = [r for r in counted if not r.earlier_version]
    earlier = [r for r in counted if r.earlier_version]
    branch_key = sort_key(language)

    by_sop = _grouped(current, lambda r: r.sop)
    by_step = _grouped(current, lambda r: (r.sop, _step_number(r)))
    by_role = _grouped(current, lambda r: r.role)
    by_branch = _grouped(current, lambda r: r.branch)
    by_month = _grouped(current, lambda r: r.date.strftime("%Y-%m"))
    by_earlier = _grouped(earlier, lambda r: r.sop)

    step_rows = sorted(by_step.items(), key=lambda item: (-item[1].failed, item[0]))
    return AdherenceReport(
        overall=Figure("overall", "", tally(current)),
        by_sop=tuple(Figure("sop", sop, counts, sop=sop) for sop, counts in sorted(by_sop.items())),
        by_step=tuple(
            Figure("step", f"{sop}#{number}", counts, sop, number)
            for (sop, number), counts in step_rows
        ),
        by_role=tuple(Figure("role", role, counts) for role, counts in sorted(by_role.items())),
        by_branch=tuple(
            Figure("branch", branch, counts)
            for branch, counts in sorted(
                by_branch.items(), key=lambda item: (branch_key(item[0]), item[0])
            )
        ),
        by_month=tuple(
            Figure("month", month, counts) for month, counts in sorted(by_month.items())
        ),
        earlier_version=tuple(
            Figure("earlier-version", sop, counts, sop=sop)
            for sop, counts in sorted(by_earlier.items())
        ),
        fails=_coaching_order([r for r in current if r.result == "fail"], branch_key),
        earlier_fails=_coaching_order([r for r in earlier if r.result == "fail"], branch_key),
        files_read=len(audits.files),
        records_read=len(audits.records),
        empty_rows=audits.empty_rows,
        since=since,
        before_since=len(audits.records) - len(counted),
    )


def _step_number(record: AuditRecord) -> int:
    # Only earlier-version records may lack a current step, and those are never grouped by step.
    assert record.step is not None, "a current-version record always has its step"
    return record.step


def _grouped(records: list[AuditRecord], key: Callable[[AuditRecord], K]) -> dict[K, Tally]:
    groups: dict[K, Tally] = {}
    for record in records:
        found = key(record)
        groups[found] = groups.get(found, Tally()).add(record)
    return groups


def _coaching_order(
    records: list[AuditRecord], branch_key: Callable[[str], SortKey]
) -> tuple[AuditRecord, ...]:
    """Newest first, then branch (locale order), SOP, step (as written when it no longer exists)."""
    return tuple(
        sorted(
            records,
            key=lambda r: (
                -r.date.toordinal(),
                branch_key(r.branch),
                r.branch,
                r.sop,
                r.step if r.step is not None else 0,
                r.step_key,
                r.file,
                r.line,
            ),
        )
    )
