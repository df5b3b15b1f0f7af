"""Model helpers: review dates, RACI letters, derived two-way links."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.check.project import validate_project
from generator.model.dates import add_months

from support import TODAY


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 12) == date(2026, 11, 15)
    assert add_months(date(2025, 12, 31), 14) == date(2027, 2, 28)


def test_derived_links_are_computed_once(minimal_project: Path) -> None:
    result = validate_project(minimal_project, today=date.fromisoformat(TODAY))
    handbook = result.handbook
    assert handbook is not None
    assert handbook.roles["chu-tiem"].direct_reports == ("truong-ca",)
    assert handbook.roles["truong-ca"].direct_reports == ("nhan-vien-pha-che",)
    assert handbook.sops["pha-tra"].performed_by == ("nhan-vien-pha-che", "truong-ca")
    assert handbook.sops["pha-tra"].used_in == ("phuc-vu-khach",)
    kpi = handbook.kpis["thoi-gian-phuc-vu"]
    assert kpi.driven_by == ("pha-tra",)
    assert [(m.role, m.target) for m in kpi.measured] == [
        ("nhan-vien-pha-che", None),
        ("truong-ca", 4),
    ]
    assert [(r.okr, r.objective, r.key_result) for r in kpi.key_results] == [("2026-q4", 0, 0)]
    assert kpi.processes == ("phuc-vu-khach",)
    assert handbook.roles["nhan-vien-pha-che"].processes == ("phuc-vu-khach",)
    assert handbook.roles["nhan-vien-pha-che"].key_results == kpi.key_results
    assert handbook.processes["phuc-vu-khach"].raci() == {
        "truong-ca": "R/A/I",
        "nhan-vien-pha-che": "R",
    }


def test_review_due_uses_the_later_of_effective_and_reviewed(minimal_project: Path) -> None:
    handbook = validate_project(minimal_project, today=date(2026, 11, 29)).handbook
    assert handbook is not None
    sop = handbook.sops["pha-tra"]
    assert sop.review_due(12) == handbook.review_due(sop) == date(2027, 3, 1)
    assert sop.review_due(1) == date(2026, 4, 1)
    assert not replace(handbook, today=date(2027, 3, 1)).is_overdue(sop)
    assert replace(handbook, today=date(2027, 3, 2)).is_overdue(sop)


def test_audit_records_resolve_steps_by_id_and_number(minimal_project: Path) -> None:
    handbook = validate_project(minimal_project, today=date(2026, 11, 29)).handbook
    assert handbook is not None
    records = handbook.audits.records
    assert [(r.step, r.step_key, r.result, r.branch) for r in records] == [
        (1, "trang-am", "pass", "Quận 1"),
        (3, "3", "fail", "Quận 1"),
    ]
    assert [(r.file, r.line) for r in records] == [
        ("content/audits/2026-10.csv", 2),
        ("content/audits/2026-10.csv", 3),
    ]
