"""Adherence figures: every number below is counted by hand from the records in support_audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from generator.edition import for_audience
from generator.model.handbook import Handbook
from generator.query.adherence import Figure, Tally, adherence_report
from generator.render.common.audit import figure_title
from generator.render.common.markdown import plain_text

from support import load_handbook
from support_audit import audit_project, without_audits

TODAY = date(2026, 11, 29)


@pytest.fixture
def handbook(tmp_path: Path) -> Handbook:
    return load_handbook(audit_project(tmp_path / "project"))


def _rows(figures: tuple[Figure, ...]) -> list[tuple[str, int, int, int, Decimal | None]]:
    return [
        (f.key, f.tally.passed, f.tally.failed, f.tally.not_applicable, f.tally.adherence)
        for f in figures
    ]


def test_overall_leaves_out_na_and_earlier_versions(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    # Current records 1-8 and 12: pass 1, 4, 6, 7, 12; fail 2, 5, 8; na 3.
    assert report.overall.tally == Tally(5, 3, 1)
    assert report.overall.tally.adherence == Decimal("62.5")  # 5 / 8


def test_by_sop_and_by_step_ranked_by_fails(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    assert _rows(report.by_sop) == [
        ("dong-ca", 1, 0, 0, Decimal("100.0")),
        ("pha-tra", 4, 3, 1, Decimal("57.1")),  # 4 / 7 = 57.14
    ]
    # Most fails first, then SOP id, then step number.
    assert _rows(report.by_step) == [
        ("pha-tra#3", 1, 2, 0, Decimal("33.3")),  # pass 7; fail 2, 5
        ("pha-tra#1", 2, 1, 0, Decimal("66.7")),  # pass 1, 6; fail 8 (written as its id)
        ("dong-ca#1", 1, 0, 0, Decimal("100.0")),
        ("pha-tra#4", 1, 0, 1, Decimal("100.0")),  # na 3 left out
    ]
    assert [figure_title(f, handbook) for f in report.by_step] == [
        "Rót nước 85 °C, ủ 3 phút.",
        "Tráng ấm bằng nước sôi.",
        "Đếm tiền trong két.",
        "Rót ra ly và phục vụ.",
    ]
    assert [(f.sop, f.step) for f in report.by_step] == [
        ("pha-tra", 3),
        ("pha-tra", 1),
        ("dong-ca", 1),
        ("pha-tra", 4),
    ]


def test_step_numbers_sort_as_numbers(tmp_path: Path) -> None:
    project = without_audits(tmp_path / "project")
    sop = project / "content" / "sops" / "dong-ca.yml"
    steps = "".join(f"  - action: Bước số {n}.\n" for n in range(3, 12))
    sop.write_text(sop.read_text(encoding="utf-8") + steps, encoding="utf-8")
    audits = project / "content" / "audits"
    audits.mkdir()
    header = "date,branch,auditor,role,sop,step,result\n"
    rows = "".join(f"2026-10-01,Q1,Lan,truong-ca,dong-ca,{n},pass\n" for n in (10, 2, 9))
    (audits / "x.csv").write_text(header + rows, encoding="utf-8")
    handbook = load_handbook(project)
    keys = [
        f.key for f in adherence_report(handbook.audits, handbook.organisation.language).by_step
    ]
    assert keys == ["dong-ca#2", "dong-ca#9", "dong-ca#10"]


def test_by_role_branch_and_month(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    assert _rows(report.by_role) == [
        ("nhan-vien-pha-che", 2, 2, 1, Decimal("50.0")),
        ("truong-ca", 3, 1, 0, Decimal("75.0")),
    ]
    assert [figure_title(f, handbook) for f in report.by_role] == ["Nhân viên pha chế", "Trưởng ca"]
    # Vietnamese order (Â before Q), and "Quận  1 " read as "Quận 1".
    assert _rows(report.by_branch) == [
        ("Ân Thi", 1, 0, 0, Decimal("100.0")),
        ("Quận 1", 2, 2, 1, Decimal("50.0")),
        ("Thủ Đức", 2, 1, 0, Decimal("66.7")),
    ]
    assert _rows(report.by_month) == [
        ("2026-09", 1, 1, 1, Decimal("50.0")),
        ("2026-10", 4, 2, 0, Decimal("66.7")),
    ]


def test_earlier_version_records_stand_apart(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    # Records 9 and 10 (pha-tra before 2026-03-01, step 9 no longer exists), 11 (dong-ca).
    assert _rows(report.earlier_version) == [
        ("dong-ca", 0, 0, 1, None),
        ("pha-tra", 1, 1, 0, Decimal("50.0")),
    ]
    assert [(r.date, r.step_key, r.note) for r in report.earlier_fails] == [
        (date(2026, 2, 20), "3", "Bản cũ")
    ]


def test_coaching_list_newest_first(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    assert [(r.date.isoformat(), r.branch, r.sop, r.step, r.note) for r in report.fails] == [
        ("2026-10-12", "Quận 1", "pha-tra", 1, "Không tráng ấm"),
        ("2026-10-05", "Thủ Đức", "pha-tra", 3, "Quên, hẹn giờ"),
        ("2026-09-03", "Quận 1", "pha-tra", 3, "Ủ 2 phút"),
    ]


def test_coaching_list_same_day_by_branch_then_sop_then_step(tmp_path: Path) -> None:
    project = without_audits(tmp_path / "project")
    audits = project / "content" / "audits"
    audits.mkdir()
    (audits / "x.csv").write_text(
        "date,branch,auditor,role,sop,step,result\n"
        "2026-10-01,Thủ Đức,Lan,truong-ca,pha-tra,3,fail\n"
        "2026-10-01,Ân Thi,Lan,truong-ca,pha-tra,3,fail\n"
        "2026-10-01,Ân Thi,Lan,truong-ca,pha-tra,1,fail\n"
        "2026-10-01,Ân Thi,Lan,truong-ca,dong-ca,1,fail\n",
        encoding="utf-8",
    )
    handbook = load_handbook(project)
    fails = adherence_report(handbook.audits, handbook.organisation.language).fails
    assert [(r.branch, r.sop, r.step) for r in fails] == [
        ("Ân Thi", "dong-ca", 1),
        ("Ân Thi", "pha-tra", 1),
        ("Ân Thi", "pha-tra", 3),
        ("Thủ Đức", "pha-tra", 3),
    ]


def test_counts_of_what_was_read(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    assert (report.files_read, report.records_read, report.empty_rows) == (2, 12, 1)
    assert report.before_since == 0 and report.records_counted == 12


def test_since_is_inclusive(handbook: Handbook) -> None:
    report = adherence_report(
        handbook.audits, handbook.organisation.language, since=date(2026, 10, 5)
    )
    # Records 4-8 and 12 (on or after 5 Oct): pass 4, 6, 7, 12; fail 5, 8.
    assert report.overall.tally == Tally(4, 2, 0)
    assert report.before_since == 6 and report.records_counted == 6
    assert report.earlier_version == () and report.by_month[0].key == "2026-10"


def test_figures_in_the_spec_order(handbook: Handbook) -> None:
    report = adherence_report(handbook.audits, handbook.organisation.language)
    scopes = [f.scope for f in report.figures()]
    assert (
        scopes
        == ["overall"]
        + ["sop"] * 2
        + ["step"] * 4
        + ["role"] * 2
        + ["branch"] * 3
        + ["month"] * 2
        + ["earlier-version"] * 2
    )


def test_no_records_gives_one_overall_row_of_zeros(tmp_path: Path) -> None:
    handbook = load_handbook(without_audits(tmp_path / "project"))
    report = adherence_report(handbook.audits, handbook.organisation.language)
    assert list(report.figures()) == [Figure("overall", "", Tally(0, 0, 0))]
    assert report.overall.tally.adherence is None


@pytest.mark.parametrize(
    ("passed", "failed", "expected"),
    [
        (1, 15, "6.3"),  # 6.25: half up, where banker's rounding would give 6.2
        (1, 7, "12.5"),
        (2, 1, "66.7"),
        (1, 2, "33.3"),
        (0, 3, "0.0"),
        (4, 0, "100.0"),
    ],
)
def test_adherence_rounds_half_up_to_one_decimal(passed: int, failed: int, expected: str) -> None:
    assert str(Tally(passed, failed, 5).adherence) == expected


def test_staff_edition_has_no_audit_data(handbook: Handbook) -> None:
    assert handbook.audits is not None and handbook.audits.records
    assert for_audience(handbook, "staff").audits is None


def test_plain_text_titles_keep_link_text_and_drop_markup(handbook: Handbook) -> None:
    responsibility = handbook.roles["nhan-vien-pha-che"].responsibilities[0]
    assert plain_text(responsibility, handbook) == "Pha trà theo Pha trà sen."
