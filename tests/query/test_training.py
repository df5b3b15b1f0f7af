"""Training statuses, coverage and ordering: each rule of the spec at its exact boundary, on the
minimal fixture's roles and SOPs with a roster and records made here.

Roles: chu-tiem [dong-ca], nhan-vien-pha-che [pha-tra] (onboarding phase "Tuần 1" lists
pha-tra), truong-ca [dong-ca, pha-tra]. Codes: pha-tra SOP-PC-01 sorts before dong-ca SOP-QL-01.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from generator.model.handbook import Handbook, Revision
from generator.model.markdown import Markdown
from generator.model.people import Person, TrainingData, TrainingRecord
from generator.query.training import (
    Pair,
    TrainingReport,
    coaching_lookup,
    coverage,
    is_current_version,
    training_report,
    training_version,
)

from support import MINIMAL, load_handbook

TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def base() -> Handbook:
    return load_handbook(MINIMAL)


def person(
    key: str,
    roles: str = "nhan-vien-pha-che",
    branch: str = "Quận 1",
    joined: date = date(2026, 1, 1),
    left: date | None = None,
    name: str | None = None,
    line: int = 2,
) -> Person:
    return Person(
        "content/people.csv", line, key, name or key, tuple(roles.split("|")), branch, joined, left
    )


def record(
    key: str,
    day: date,
    result: str = "pass",
    version: str = "1.1",
    sop: str = "pha-tra",
    file: str = "content/training/a.csv",
    line: int = 2,
) -> TrainingRecord:
    return TrainingRecord(file, line, day, key, sop, version, "Chị Hạnh", result, None, "")  # type: ignore[arg-type]


def revision(version: str, day: date, *, retrain: bool = True) -> Revision:
    return Revision(version=version, date=day, changes=Markdown("x", "<p>x</p>"), retrain=retrain)


def with_training(
    handbook: Handbook,
    people: list[Person],
    records: list[TrainingRecord],
    today: date = TODAY,
) -> Handbook:
    files = tuple(sorted({r.file for r in records}))
    return replace(
        handbook, training=TrainingData(tuple(people), tuple(records), files, 0), today=today
    )


def report_of(handbook: Handbook) -> TrainingReport:
    report = training_report(handbook)
    assert report is not None
    return report


def only(report: TrainingReport, key: str, sop: str = "pha-tra") -> Pair:
    (found,) = [p for p in report.pairs if p.person.key == key and p.sop == sop]
    return found


def with_pha_tra(handbook: Handbook, **changes: object) -> Handbook:
    sop = replace(handbook.sops["pha-tra"], **changes)  # type: ignore[arg-type]
    return replace(handbook, sops={**handbook.sops, "pha-tra": sop})


# --- training version --------------------------------------------------------------------


def test_the_training_version_is_the_newest_revision_that_needs_retraining(
    base: Handbook,
) -> None:
    sop = replace(
        base.sops["pha-tra"],
        version="2.1",
        revisions=(
            revision("2.1", date(2026, 6, 1), retrain=False),
            revision("2.0", date(2026, 4, 1)),
            revision("1.0", date(2026, 1, 1)),
        ),
    )
    assert training_version(sop) == "2.0"
    assert [v for v in ("2.1", "2.0", "1.0", "1.9", "") if is_current_version(sop, v)] == [
        "2.1",
        "2.0",
    ]


def test_without_a_retraining_revision_the_version_is_the_training_version(
    base: Handbook,
) -> None:
    none = replace(base.sops["pha-tra"], version="3", revisions=())
    wording = replace(none, revisions=(revision("2", date(2026, 1, 1), retrain=False),))
    assert training_version(none) == training_version(wording) == "3"
    assert is_current_version(wording, "3") and not is_current_version(wording, "2")


# --- statuses ----------------------------------------------------------------------------


def test_no_record_is_due_up_to_the_due_date_and_overdue_the_day_after(base: Handbook) -> None:
    # truong-ca's pha-tra has no onboarding due_days: joined + training_due_days (30).
    people = [person("A", roles="truong-ca", joined=date(2026, 10, 1))]
    on_the_day = only(report_of(with_training(base, people, [], date(2026, 10, 31))), "A")
    assert (on_the_day.status, on_the_day.due) == ("due", date(2026, 10, 31))
    after = only(report_of(with_training(base, people, [], date(2026, 11, 1))), "A")
    assert (after.status, after.due) == ("overdue", date(2026, 10, 31))


def test_the_organisations_due_days_and_an_onboarding_phases_due_days(base: Handbook) -> None:
    people = [
        person("Pha", roles="nhan-vien-pha-che", joined=date(2026, 10, 1)),
        person("Ca", roles="truong-ca", joined=date(2026, 10, 1)),
        person("Cả hai", roles="truong-ca|nhan-vien-pha-che", joined=date(2026, 10, 1)),
    ]
    organisation = replace(base.organisation, training_due_days=10)
    role = base.roles["nhan-vien-pha-che"]
    phases = (
        replace(role.onboarding[0], due_days=60),
        replace(role.onboarding[0], phase="Tuần 2", due_days=45),
        replace(role.onboarding[0], phase="Tuần 3", sops=(), due_days=1),  # not this SOP
    )
    handbook = replace(
        base,
        organisation=organisation,
        roles={**base.roles, role.id: replace(role, onboarding=phases)},
    )
    report = report_of(with_training(handbook, people, []))
    # The phase overrides the organisation even when larger; the smallest phase wins; a
    # phase of any of the person's roles counts.
    assert only(report, "Pha").due == date(2026, 11, 15)
    assert only(report, "Ca").due == date(2026, 10, 11)
    assert only(report, "Cả hai").due == date(2026, 11, 15)
    assert only(report, "Ca", "dong-ca").due == date(2026, 10, 11)
    zero = replace(phases[0], due_days=0)
    handbook = replace(base, roles={**base.roles, role.id: replace(role, onboarding=(zero,))})
    day_one = report_of(with_training(handbook, people[:1], [], date(2026, 10, 1)))
    assert (only(day_one, "Pha").due, only(day_one, "Pha").status) == (date(2026, 10, 1), "due")


@pytest.mark.parametrize(
    ("trained", "today", "expected"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), "current"),  # 31 Jan + 1 month = 28 Feb
        (date(2026, 1, 31), date(2026, 3, 1), "expired"),
        (date(2028, 1, 31), date(2028, 2, 29), "current"),  # leap year: 29 Feb
        (date(2028, 1, 31), date(2028, 3, 1), "expired"),
        (date(2026, 3, 15), date(2026, 4, 15), "current"),
        (date(2026, 3, 15), date(2026, 4, 16), "expired"),
    ],
)
def test_a_pass_expires_the_day_after_its_refresh_months(
    base: Handbook, trained: date, today: date, expected: str
) -> None:
    handbook = with_pha_tra(base, refresh_months=1)
    people = [person("A")]
    report = report_of(with_training(handbook, people, [record("A", trained)], today))
    assert only(report, "A").status == expected


def test_without_refresh_months_a_pass_never_expires(base: Handbook) -> None:
    people = [person("A")]
    report = report_of(with_training(base, people, [record("A", date(2020, 1, 1))]))
    assert only(report, "A").status == "current"


def test_the_latest_record_decides_by_date_then_file_then_line(base: Handbook) -> None:
    day = date(2026, 10, 5)
    people = [person("A"), person("B", line=3), person("C", line=4)]
    records = [
        # A: the same date in two files: the later file by path wins (fail).
        record("A", day, "pass", file="content/training/b.csv"),
        record("A", day, "fail", file="content/training/c.csv"),
        # B: the same date in one file: the later line wins (pass).
        record("B", day, "fail", line=2),
        record("B", day, "pass", line=9),
        # C: a later date wins whatever the file order.
        record("C", date(2026, 10, 6), "pass", file="content/training/a.csv"),
        record("C", day, "fail", file="content/training/z.csv"),
    ]
    report = report_of(with_training(base, people, records))
    assert only(report, "A").status == "failed"
    assert only(report, "A").latest == records[1]
    assert only(report, "B").status == "current"
    assert only(report, "C").status == "current"
    # The order in which records arrive does not matter.
    flipped = report_of(with_training(base, people, records[::-1]))
    assert [p.status for p in flipped.pairs] == [p.status for p in report.pairs]


def test_retrain_true_makes_older_passes_outdated_retrain_false_does_not(
    base: Handbook,
) -> None:
    needs = revision("2.0", date(2026, 4, 1))
    handbook = with_pha_tra(
        base,
        version="2.1",
        revisions=(revision("2.1", date(2026, 6, 1), retrain=False), needs),
    )
    people = [person(key, line=n) for n, key in enumerate(("A", "B", "C", "D"), start=2)]
    records = [
        record("A", date(2026, 7, 1), version="2.1"),
        record("B", date(2026, 5, 1), version="2.0"),  # before the wording fix: still current
        record("C", date(2026, 3, 1), version="1.1"),  # before the retraining revision
        record("D", date(2026, 8, 1), version="9.9"),  # unknown: older than every version
    ]
    report = report_of(with_training(handbook, people, records))
    assert [only(report, k).status for k in "ABCD"] == [
        "current",
        "current",
        "outdated",
        "outdated",
    ]
    assert only(report, "C").since == needs and only(report, "A").since is None


def test_a_fail_is_failed_until_a_later_pass(base: Handbook) -> None:
    people = [person("A")]
    failed = [record("A", date(2026, 9, 1), "fail")]
    assert only(report_of(with_training(base, people, failed)), "A").status == "failed"
    passed = [*failed, record("A", date(2026, 9, 2), "pass", line=3)]
    assert only(report_of(with_training(base, people, passed)), "A").status == "current"
    # A fail of an older version is still a fail.
    older = [record("A", date(2026, 9, 1), "fail", version="0.1")]
    assert only(report_of(with_training(base, people, older)), "A").status == "failed"


def test_people_who_have_left_count_nowhere(base: Handbook) -> None:
    people = [
        person("Left today", left=TODAY),
        person("Leaves tomorrow", left=date(2026, 11, 30), line=3),
    ]
    records = [record("Left today", date(2026, 9, 1)), record("Leaves tomorrow", date(2026, 9, 1))]
    report = report_of(with_training(base, people, records))
    assert [p.person.key for p in report.pairs] == ["Leaves tomorrow"]
    assert report.people == 1 and report.total.required == 1


def test_two_roles_require_the_union_and_the_first_listing_role_is_named(
    base: Handbook,
) -> None:
    people = [
        person("A", roles="nhan-vien-pha-che|truong-ca"),
        person("B", roles="truong-ca|nhan-vien-pha-che", line=3),
    ]
    report = report_of(with_training(base, people, []))
    assert [(p.person.key, p.sop, p.role) for p in report.pairs] == [
        ("A", "pha-tra", "nhan-vien-pha-che"),  # SOP-PC-01 before SOP-QL-01
        ("A", "dong-ca", "truong-ca"),
        ("B", "pha-tra", "truong-ca"),
        ("B", "dong-ca", "truong-ca"),
    ]


def test_records_for_an_sop_not_required_count_in_no_status(base: Handbook) -> None:
    people = [person("A", roles="nhan-vien-pha-che")]
    records = [record("A", date(2026, 9, 1), sop="dong-ca", version="1.0")]
    report = report_of(with_training(base, people, records))
    assert [(p.sop, p.status) for p in report.pairs] == [("pha-tra", "overdue")]
    assert "dong-ca" not in report.by_sop


# --- figures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "required", "expected"),
    [
        (1, 16, "6.3"),  # 6.25: half up, not to even
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (0, 5, "0.0"),
        (5, 5, "100.0"),
    ],
)
def test_coverage_has_one_decimal_rounded_half_up(
    current: int, required: int, expected: str
) -> None:
    assert coverage(current, required) == Decimal(expected)
    assert str(coverage(current, required)) == expected


def test_coverage_is_empty_without_required_pairs(base: Handbook) -> None:
    assert coverage(0, 0) is None
    report = report_of(with_training(base, [], []))
    assert report.total.required == 0 and report.total.coverage is None
    assert report.pairs == () and report.matrices == ()


def test_no_roster_means_no_report(base: Handbook) -> None:
    assert base.training is None
    assert training_report(base) is None and coaching_lookup(base) is None


def _organisation(base: Handbook) -> Handbook:
    """Three branches, people out of name order, every status but expired."""
    people = [
        person("NV3", name="Bảo", branch="Thủ Đức", joined=date(2026, 11, 20), line=2),
        person("NV1", name="Yến", branch="Quận 1", roles="truong-ca", line=3),
        person("NV2", name="An", branch="quận  1", line=4),  # the same branch, written otherwise
        person("NV4", name="Đức", branch="Ân Thi", roles="chu-tiem", line=5),
    ]
    records = [
        record("NV1", date(2026, 10, 1), sop="dong-ca", version="1.0"),
        record("NV1", date(2026, 10, 1), "fail"),
        record("NV2", date(2026, 10, 1), version="1.0"),
    ]
    return with_training(base, people, records)


def test_pairs_are_ordered_by_branch_person_key_and_sop_code(base: Handbook) -> None:
    report = report_of(_organisation(base))
    assert [(p.person.branch, p.person.key, p.sop, p.status) for p in report.pairs] == [
        ("Ân Thi", "NV4", "dong-ca", "overdue"),
        ("Quận 1", "NV1", "pha-tra", "failed"),
        ("Quận 1", "NV1", "dong-ca", "current"),
        ("quận  1", "NV2", "pha-tra", "outdated"),
        ("Thủ Đức", "NV3", "pha-tra", "due"),
    ]
    assert [f.branch for f in report.by_branch] == ["Ân Thi", "Quận 1", "Thủ Đức"]


def test_the_action_list_is_ordered_by_urgency_then_as_the_pairs(base: Handbook) -> None:
    report = report_of(_organisation(base))
    assert [(p.person.key, p.status) for p in report.actions] == [
        ("NV4", "overdue"),
        ("NV1", "failed"),
        ("NV2", "outdated"),
        ("NV3", "due"),
    ]


def test_counts_by_branch_role_and_sop(base: Handbook) -> None:
    report = report_of(_organisation(base))
    quan_1 = report.by_branch[1].counts
    assert (quan_1.current, quan_1.required, quan_1.coverage) == (1, 3, Decimal("33.3"))
    assert dict(quan_1.statuses) == {
        "current": 1,
        "expired": 0,
        "outdated": 1,
        "failed": 1,
        "due": 0,
        "overdue": 0,
    }
    assert [(f.role, f.counts.required) for f in report.by_role] == [
        ("chu-tiem", 1),
        ("nhan-vien-pha-che", 2),
        ("truong-ca", 2),
    ]
    assert report.by_sop["pha-tra"].required == 3 and report.by_sop["dong-ca"].current == 1
    assert (report.total.current, report.total.required) == (1, 5)
    assert report.total.coverage == Decimal("20.0")


def test_a_matrix_per_branch_rows_by_shown_name_columns_by_code(base: Handbook) -> None:
    report = report_of(_organisation(base))
    quan_1 = report.matrices[1]
    assert quan_1.branch == "Quận 1"
    assert [p.name for p in quan_1.people] == ["An", "Yến"]
    assert quan_1.sops == ("pha-tra", "dong-ca")
    assert "dong-ca" not in quan_1.cells["NV2"]  # not required of An: an empty cell
    assert quan_1.cells["NV1"]["dong-ca"].status == "current"
    assert [m.sops for m in report.matrices] == [("dong-ca",), ("pha-tra", "dong-ca"), ("pha-tra",)]


def test_the_coaching_lookup_counts_a_branch_or_every_branch(base: Handbook) -> None:
    lookup = coaching_lookup(_organisation(base))
    assert lookup is not None
    quan_1 = lookup("quận 1", ("pha-tra",))
    assert quan_1 is not None and (quan_1.current, quan_1.required) == (0, 2)
    everyone = lookup("", ("pha-tra", "dong-ca", "pha-tra"))  # each SOP counted once
    assert everyone is not None and (everyone.current, everyone.required) == (1, 5)
    nobody = lookup("hà nội", ("pha-tra",))
    assert nobody is not None and (nobody.required, nobody.coverage) == (0, None)
