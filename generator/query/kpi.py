"""KPI results as figures: status against target and threshold, trend, and the coaching view
(adherence of the linked SOPs in the same branch and period, the most-skipped steps, training).

Pure functions of the checked handbook. One `KpiReport` feeds `handbook kpi report`, the
managers site's `scorecard/` page, the KPI pages and the managers' books. The figures are put
side by side; nothing here claims that one causes the other.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from generator.model.handbook import Handbook, Kpi
from generator.model.periods import Period
from generator.model.records import AuditRecord
from generator.model.results import KpiResult, branch_key
from generator.query.adherence import Tally
from generator.query.training import TrainingCounts, TrainingLookup
from generator.text import sort_key

Status = Literal["on_target", "at_risk", "off_track"]
Trend = Literal["up", "down", "flat"]
# The most-skipped steps look back over this many periods with a value, the shown one included.
SKIPPED_PERIODS = 3
SKIPPED_STEPS = 3


def status(kpi: Kpi, value: Decimal) -> Status:
    """The spec's rule against the KPI's own target and threshold (role targets do not apply);
    without a threshold, whatever is not on target is off track."""
    if kpi.direction == "higher_is_better":
        if value >= kpi.target:
            return "on_target"
        off = kpi.threshold is None or value < kpi.threshold
    else:
        if value <= kpi.target:
            return "on_target"
        off = kpi.threshold is None or value > kpi.threshold
    return "off_track" if off else "at_risk"


def trend(previous: Decimal | None, value: Decimal) -> Trend | None:
    """The change from the previous period with a value (None when there is none)."""
    if previous is None:
        return None
    if value > previous:
        return "up"
    return "down" if value < previous else "flat"


@dataclass(frozen=True)
class SkippedStep:
    sop: str
    step: int  # the step number
    fails: int


@dataclass(frozen=True)
class ResultRow:
    """One measured value and what is put beside it."""

    result: KpiResult
    status: Status
    trend: Trend | None
    change: Decimal | None  # value minus the previous period's value
    adherence: Tally  # linked SOPs, same branch (every branch when organisation-wide), period
    skipped: tuple[SkippedStep, ...]  # over the latest SKIPPED_PERIODS periods, most fails first

    @property
    def period(self) -> Period:
        return self.result.period

    @property
    def value(self) -> Decimal:
        return self.result.value


@dataclass(frozen=True)
class KpiSeries:
    """The results of one KPI in one branch ('' = the whole organisation), by period."""

    kpi: Kpi
    branch: str  # as first written
    rows: tuple[ResultRow, ...]  # oldest first
    training: TrainingCounts | None

    @property
    def latest(self) -> ResultRow:
        return self.rows[-1]


@dataclass(frozen=True)
class KpiReport:
    series: tuple[KpiSeries, ...]  # by KPI id, then branch: organisation-wide first, locale order
    since: date | None
    files_read: int
    results_read: int

    def rows(self) -> Iterator[tuple[KpiSeries, ResultRow]]:
        """Every result in the CSV order: KPI id, branch, period."""
        for series in self.series:
            for row in series.rows:
                yield series, row

    def of_kpi(self, kpi_id: str) -> tuple[KpiSeries, ...]:
        return tuple(series for series in self.series if series.kpi.id == kpi_id)

    def kpis(self) -> tuple[str, ...]:
        """The ids of the KPIs with results, in the report's order."""
        return tuple(dict.fromkeys(series.kpi.id for series in self.series))


def kpi_report(
    handbook: Handbook,
    *,
    since: date | None = None,
    training: TrainingLookup | None = None,
) -> KpiReport:
    """Every result with its status, trend and coaching figures. `since` keeps the periods
    that end on or after it; trends and skipped steps still look at the earlier periods."""
    data = handbook.results
    results = data.results if data else ()
    audits = _AuditIndex(handbook.audits.records if handbook.audits else ())
    grouped: dict[tuple[str, str], list[KpiResult]] = {}
    shown: dict[str, str] = {}
    for result in results:
        grouped.setdefault((result.kpi, result.branch_key), []).append(result)
        shown.setdefault(result.branch_key, result.branch)
    branch_order = sort_key(handbook.organisation.language)
    series = []
    for kpi_id, key in sorted(
        grouped, key=lambda k: (k[0], k[1] != "", branch_order(shown[k[1]]), k[1])
    ):
        kpi = handbook.kpis[kpi_id]
        rows = _rows(kpi, key, sorted(grouped[kpi_id, key], key=lambda r: r.period), audits)
        kept = tuple(row for row in rows if since is None or row.period.end >= since)
        if kept:
            linked = kpi.driven_by
            counts = training(key, linked) if training is not None else None
            series.append(KpiSeries(kpi, shown[key], kept, counts))
    return KpiReport(
        tuple(series),
        since,
        files_read=len(data.files) if data else 0,
        results_read=len(results),
    )


def scorecard(report: KpiReport, handbook: Handbook) -> tuple[KpiSeries, ...]:
    """The scorecard's rows (each series' latest period): off track first, then the others,
    each group by KPI name in locale order, then branch as in the report."""
    key = sort_key(handbook.organisation.language)
    # A stable sort keeps the report's branch order within each KPI.
    ordered = sorted(report.series, key=lambda s: (key(s.kpi.name), s.kpi.id))
    return tuple(
        [s for s in ordered if s.latest.status == "off_track"]
        + [s for s in ordered if s.latest.status != "off_track"]
    )


@dataclass(frozen=True)
class KeyResultValue:
    """A KPI value shown on a key result, with its status against the key result's target."""

    series: KpiSeries
    row: ResultRow
    status: Status


def key_result_values(
    report: KpiReport, kpi: Kpi, target: Decimal, start: date, end: date
) -> tuple[KeyResultValue, ...]:
    """The latest organisation-wide value of the KPI in a period inside the OKR's dates; with
    none, the latest such value of each branch. The status uses the key result's target with
    the KPI's direction; a key result has no threshold, so it is on target or off track."""
    goal = replace(kpi, target=target, threshold=None)
    found = []
    for series in report.of_kpi(kpi.id):
        inside = [row for row in series.rows if start <= row.period.start <= row.period.end <= end]
        if inside:
            found.append(KeyResultValue(series, inside[-1], status(goal, inside[-1].value)))
    whole = [value for value in found if value.series.branch == ""]
    return tuple(whole or found)


def kpis_by_name(report: KpiReport, handbook: Handbook) -> tuple[str, ...]:
    """The KPIs with results in locale order of their names (the scorecard's order)."""
    key = sort_key(handbook.organisation.language)
    return tuple(sorted(report.kpis(), key=lambda i: (key(handbook.kpis[i].name), i)))


def _rows(
    kpi: Kpi, branch: str, results: Sequence[KpiResult], audits: _AuditIndex
) -> list[ResultRow]:
    rows: list[ResultRow] = []
    previous: Decimal | None = None
    for index, result in enumerate(results):
        window = [r.period for r in results[max(0, index - SKIPPED_PERIODS + 1) : index + 1]]
        rows.append(
            ResultRow(
                result=result,
                status=status(kpi, result.value),
                trend=trend(previous, result.value),
                change=None if previous is None else result.value - previous,
                adherence=audits.tally(branch, kpi.driven_by, result.period),
                skipped=audits.most_skipped(branch, kpi.driven_by, window),
            )
        )
        previous = result.value
    return rows


class _AuditIndex:
    """Current-version audit records by (branch key, SOP) and by SOP alone (every branch),
    sorted by date with running counts, so a period's tally is two binary searches."""

    def __init__(self, records: Sequence[AuditRecord]) -> None:
        current = sorted(
            (r for r in records if not r.earlier_version), key=lambda r: (r.date, r.file, r.line)
        )
        self._groups: dict[tuple[str, str], _Dated] = {}
        for record in current:
            for key in ((branch_key(record.branch), record.sop), ("", record.sop)):
                self._groups.setdefault(key, _Dated()).add(record)

    def tally(self, branch: str, sops: Sequence[str], period: Period) -> Tally:
        total = Tally()
        for sop in sops:
            group = self._groups.get((branch, sop))
            if group is not None:
                part = group.tally(period)
                total = Tally(
                    total.passed + part.passed,
                    total.failed + part.failed,
                    total.not_applicable + part.not_applicable,
                )
        return total

    def most_skipped(
        self, branch: str, sops: Sequence[str], periods: Sequence[Period]
    ) -> tuple[SkippedStep, ...]:
        """The steps with the most fails inside the periods: at most SKIPPED_STEPS, ties by
        SOP id and step number; none without fails."""
        fails: dict[tuple[str, int], int] = {}
        for sop in sops:
            group = self._groups.get((branch, sop))
            if group is None:
                continue
            for period in periods:
                for step in group.failed_steps(period):
                    fails[sop, step] = fails.get((sop, step), 0) + 1
        ranked = sorted(fails.items(), key=lambda item: (-item[1], item[0]))
        return tuple(SkippedStep(sop, step, n) for (sop, step), n in ranked[:SKIPPED_STEPS])


class _Dated:
    """One group's records by date, with running pass / fail / na counts."""

    def __init__(self) -> None:
        self.dates: list[date] = []
        self.running: list[tuple[int, int, int]] = [(0, 0, 0)]
        self.steps: list[int | None] = []  # the failed step of each record, None if it passed

    def add(self, record: AuditRecord) -> None:
        passed, failed, na = self.running[-1]
        self.dates.append(record.date)
        self.running.append(
            (
                passed + (record.result == "pass"),
                failed + (record.result == "fail"),
                na + (record.result == "na"),
            )
        )
        self.steps.append(record.step if record.result == "fail" else None)

    def _span(self, period: Period) -> tuple[int, int]:
        return bisect_left(self.dates, period.start), bisect_right(self.dates, period.end)

    def tally(self, period: Period) -> Tally:
        low, high = self._span(period)
        before, until = self.running[low], self.running[high]
        return Tally(until[0] - before[0], until[1] - before[1], until[2] - before[2])

    def failed_steps(self, period: Period) -> Iterator[int]:
        low, high = self._span(period)
        if self.running[high][1] == self.running[low][1]:
            return
        for step in self.steps[low:high]:
            if step is not None:
                yield step
