"""KPI status, trend and the coaching view: each rule at its exact boundaries, figures counted
by hand from support_results and support_audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from support_results import results_project

from generator.edition import for_audience
from generator.model.handbook import Handbook, Kpi
from generator.query.adherence import Tally
from generator.query.kpi import (
    KpiReport,
    ResultRow,
    SkippedStep,
    key_result_values,
    kpi_report,
    scorecard,
    status,
    trend,
)
from generator.query.training import TrainingCounts

from support import load_handbook


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    return load_handbook(results_project(tmp_path_factory.mktemp("results") / "p"))


@pytest.fixture(scope="module")
def report(handbook: Handbook) -> KpiReport:
    return kpi_report(handbook)


def _kpi(handbook: Handbook, direction: str, threshold: str | None) -> Kpi:
    return replace(
        handbook.kpis["hai-long"],
        direction=direction,  # type: ignore[arg-type]
        target=Decimal(95),
        threshold=None if threshold is None else Decimal(threshold),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95.01", "on_target"),
        ("95", "on_target"),  # at target exactly
        ("94.99", "at_risk"),
        ("90", "at_risk"),  # at the threshold exactly: not yet past it
        ("89.99", "off_track"),
    ],
)
def test_status_higher_is_better(handbook: Handbook, value: str, expected: str) -> None:
    assert status(_kpi(handbook, "higher_is_better", "90"), Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("94.99", "on_target"),
        ("95", "on_target"),
        ("95.01", "at_risk"),
        ("100", "at_risk"),
        ("100.01", "off_track"),
    ],
)
def test_status_lower_is_better(handbook: Handbook, value: str, expected: str) -> None:
    assert status(_kpi(handbook, "lower_is_better", "100"), Decimal(value)) == expected


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("higher_is_better", "95", "on_target"),
        ("higher_is_better", "94.99", "off_track"),  # no threshold: no at_risk
        ("lower_is_better", "95", "on_target"),
        ("lower_is_better", "95.01", "off_track"),
    ],
)
def test_status_without_threshold(
    handbook: Handbook, direction: str, value: str, expected: str
) -> None:
    assert status(_kpi(handbook, direction, None), Decimal(value)) == expected


def test_trend_from_the_previous_value() -> None:
    assert trend(None, Decimal(5)) is None
    assert trend(Decimal("5"), Decimal("5.0")) == "flat"
    assert trend(Decimal("5"), Decimal("5.01")) == "up"
    assert trend(Decimal("5"), Decimal("4.99")) == "down"


def _rows(report: KpiReport, kpi: str) -> list[tuple[str, str, str, str | None, str | None]]:
    return [
        (
            series.branch,
            row.period.name,
            row.status,
            row.trend,
            None if row.change is None else f"{row.change:f}",
        )
        for series, row in report.rows()
        if series.kpi.id == kpi
    ]


def test_rows_by_branch_then_period_with_status_and_trend(report: KpiReport) -> None:
    assert _rows(report, "hai-long") == [
        ("", "2026-10", "off_track", None, None),  # organisation-wide first
        ("Quận 1", "2026-02", "on_target", None, None),
        ("Quận 1", "2026-09", "on_target", "down", "-1.0"),
        # Written 'quận  1': the same branch (case and spaces), shown as first written.
        ("Quận 1", "2026-10", "at_risk", "down", "-0.1"),
    ]
    # Weekly across the year boundary: 2026-W53 before 2027-W01 and W02.
    assert _rows(report, "thoi-gian-phuc-vu") == [
        ("Quận 1", "2026-W53", "on_target", None, None),
        ("Quận 1", "2027-W01", "at_risk", "up", "2"),
        ("Quận 1", "2027-W02", "off_track", "up", "0.1"),
    ]
    assert _rows(report, "doanh-thu") == [
        ("", "2026-Q3", "on_target", None, None),
        ("", "2026-Q4", "off_track", "down", "-103"),
    ]
    assert report.kpis() == ("doanh-thu", "hai-long", "thoi-gian-phuc-vu")


def _row(report: KpiReport, kpi: str, branch: str, period: str) -> ResultRow:
    for series, row in report.rows():
        if (series.kpi.id, series.branch, row.period.name) == (kpi, branch, period):
            return row
    raise AssertionError((kpi, branch, period))


def test_adherence_of_linked_sops_in_branch_and_period(report: KpiReport) -> None:
    # Quận 1, September: records 1 pass, 2 fail, 3 na.
    assert _row(report, "hai-long", "Quận 1", "2026-09").adherence == Tally(1, 1, 1)
    # Quận 1, October: 7 (written 'Quận  1 ') pass, 8 fail; Thủ Đức and Ân Thi left out.
    assert _row(report, "hai-long", "Quận 1", "2026-10").adherence == Tally(1, 1, 0)
    # February: only the earlier-version records 9 and 10, which count in no figure.
    assert _row(report, "hai-long", "Quận 1", "2026-02").adherence == Tally()
    assert _row(report, "hai-long", "Quận 1", "2026-02").adherence.adherence is None


def test_organisation_wide_value_takes_every_branch(report: KpiReport) -> None:
    # October, pha-tra: 5 fail (Thủ Đức), 6 pass, 12 pass (Ân Thi), 7 pass, 8 fail; dong-ca's
    # record 4 is not a linked SOP.
    row = _row(report, "hai-long", "", "2026-10")
    assert row.adherence == Tally(3, 2, 0)
    assert row.adherence.adherence == Decimal("60.0")


def test_most_skipped_steps_over_the_latest_three_periods(report: KpiReport) -> None:
    # Up to September: February (earlier-version fail 9 excluded) and September (fail 2, step 3).
    assert _row(report, "hai-long", "Quận 1", "2026-09").skipped == (SkippedStep("pha-tra", 3, 1),)
    # Up to October: Feb, Sep, Oct: one fail each on steps 3 and 1; ties by step number.
    assert _row(report, "hai-long", "Quận 1", "2026-10").skipped == (
        SkippedStep("pha-tra", 1, 1),
        SkippedStep("pha-tra", 3, 1),
    )
    # No fails: no steps.
    assert _row(report, "hai-long", "Quận 1", "2026-02").skipped == ()


def test_most_skipped_window_is_periods_with_a_value(handbook: Handbook) -> None:
    # With a value in four months, the oldest falls out of the window of the fourth.
    results = handbook.results
    assert results is not None
    first = results.results[1]  # September, Quận 1
    later = [
        replace(
            first,
            period=replace(
                first.period, start=date(2026, m, 1), end=date(2026, m, 28), name=f"2026-{m:02d}"
            ),
            line=100 + m,
        )
        for m in (11, 12)
    ]
    more = replace(results, results=(*results.results, *later))
    report = kpi_report(replace(handbook, results=more))
    # December's window: October, November, December: only fail 8 (step 1) in October.
    assert _row(report, "hai-long", "Quận 1", "2026-12").skipped == (SkippedStep("pha-tra", 1, 1),)


def test_since_keeps_periods_ending_on_or_after_it(handbook: Handbook) -> None:
    report = kpi_report(handbook, since=date(2026, 9, 30))
    assert _rows(report, "hai-long") == [
        ("", "2026-10", "off_track", None, None),
        # September ends on the 30th: kept; its trend still looks at February.
        ("Quận 1", "2026-09", "on_target", "down", "-1.0"),
        ("Quận 1", "2026-10", "at_risk", "down", "-0.1"),
    ]
    assert _rows(report, "doanh-thu") == [
        ("", "2026-Q3", "on_target", None, None),
        ("", "2026-Q4", "off_track", "down", "-103"),
    ]
    assert [s.kpi.id for s in kpi_report(handbook, since=date(2026, 10, 1)).series] == [
        "doanh-thu",
        "hai-long",
        "hai-long",
        "thoi-gian-phuc-vu",
    ]
    assert kpi_report(handbook, since=date(2027, 1, 11)).kpis() == ("thoi-gian-phuc-vu",)


def test_scorecard_off_track_first_then_by_name_and_branch(
    handbook: Handbook, report: KpiReport
) -> None:
    assert [(s.kpi.name, s.branch, s.latest.status) for s in scorecard(report, handbook)] == [
        ("Doanh thu quý", "", "off_track"),
        ("Thời gian phục vụ", "Quận 1", "off_track"),
        ("Tỷ lệ khách hài lòng", "", "off_track"),
        ("Tỷ lệ khách hài lòng", "Quận 1", "at_risk"),
    ]


def test_training_counts_come_from_the_lookup(handbook: Handbook) -> None:
    asked: list[tuple[str, tuple[str, ...]]] = []
    counts = TrainingCounts({"current": 2, "outdated": 3}, 2, 5, Decimal("40.0"))

    def lookup(branch: str, sops: tuple[str, ...]) -> TrainingCounts:
        asked.append((branch, sops))
        return counts

    report = kpi_report(handbook, training=lookup)
    assert ("quận 1", ("pha-tra",)) in asked and ("", ("pha-tra",)) in asked
    assert all(series.training == counts for series in report.series)
    assert all(series.training is None for series in kpi_report(handbook).series)


def test_the_staff_edition_has_no_results(handbook: Handbook) -> None:
    staff = for_audience(handbook, "staff")
    assert staff.results is None
    assert kpi_report(staff).series == ()
    assert for_audience(handbook, "managers").results == handbook.results


def test_key_result_values_prefer_the_organisation_inside_the_dates(
    handbook: Handbook, report: KpiReport
) -> None:
    satisfaction, service = handbook.kpis["hai-long"], handbook.kpis["thoi-gian-phuc-vu"]

    def values(kpi: Kpi, target: str, start: date, end: date) -> list[tuple[str, str, str]]:
        found = key_result_values(report, kpi, Decimal(target), start, end)
        return [(v.series.branch, v.row.period.name, v.status) for v in found]

    q4 = (date(2026, 10, 1), date(2026, 12, 31))
    # An organisation-wide value in the dates: it alone is shown (89.9).
    assert values(satisfaction, "96", *q4) == [("", "2026-10", "off_track")]
    assert values(satisfaction, "89.9", *q4) == [("", "2026-10", "on_target")]
    # None: the latest branch values inside the dates (September: 95.0).
    september = (date(2026, 9, 1), date(2026, 9, 30))
    assert values(satisfaction, "95", *september) == [("Quận 1", "2026-09", "on_target")]
    # A key result has no threshold: 95.0 against 96 is off track, not at risk.
    assert values(satisfaction, "96", *september) == [("Quận 1", "2026-09", "off_track")]
    # A week that runs past the OKR's end is not inside it (2026-W53 ends 2027-01-03).
    assert values(service, "4", *q4) == []
    # Lower is better: the latest week inside Q1 2027 is W02 (7.1).
    q1 = (date(2027, 1, 1), date(2027, 3, 31))
    assert values(service, "7", *q1) == [("Quận 1", "2027-W02", "off_track")]
    assert values(service, "7.1", *q1) == [("Quận 1", "2027-W02", "on_target")]
