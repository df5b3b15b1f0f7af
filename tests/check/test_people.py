"""Reading content/people.csv: keys, display names, roles split on '|', dates, who has left."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.check.project import validate_project

from support import MINIMAL, TODAY_DATE, copy_project, load_handbook


def _project(tmp_path: Path, roster: str | bytes, *, audits: bool = False) -> Path:
    """The minimal project with this roster; without its audits (they name 'Minh') unless
    asked for."""
    project = copy_project(MINIMAL, tmp_path / "p")
    if not audits:
        shutil.rmtree(project / "content" / "audits")
    path = project / "content" / "people.csv"
    if isinstance(roster, bytes):
        path.write_bytes(roster)
    else:
        path.write_text(roster, encoding="utf-8")
    return project


def _messages(project: Path) -> list[str]:
    result = validate_project(project, today=TODAY_DATE)
    return [d.format() for d in result.diagnostics.sorted()]


def test_people_keep_order_keys_names_and_two_roles(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "Person , ROLE,branch,joined,name,left\n"
        "NV01,truong-ca|nhan-vien-pha-che,  Quận   1 ,2025-06-01,Trần  Văn Minh,\n"
        "\n"
        "Lan (Q1),nhan-vien-pha-che,Quận 1,2026-01-05,,2026-10-31\n"
        ",,,,,\n",
    )
    training = load_handbook(project).training
    assert training is not None
    minh, lan = training.people
    assert (minh.key, minh.name, minh.roles, minh.branch, minh.line) == (
        "NV01",
        "Trần Văn Minh",
        ("truong-ca", "nhan-vien-pha-che"),
        "Quận 1",
        2,
    )
    assert (lan.key, lan.name, lan.left, lan.line) == (
        "Lan (Q1)",
        "Lan (Q1)",
        date(2026, 10, 31),
        4,
    )
    assert lan.match_key == "lan (q1)" and minh.branch_key == "quận 1"
    assert lan.has_left(date(2026, 10, 31)) and not lan.has_left(date(2026, 10, 30))
    assert not minh.has_left(date(9999, 12, 31))
    assert training.empty_rows == 2
    assert training.records == () and training.files == ()


def test_semicolon_roster_with_day_first_dates(tmp_path: Path) -> None:
    roster = "\ufeffperson;role;branch;joined;left\r\nNV01;truong-ca;Quận 1;1/6/2025;31/10/2026\r\n"
    training = load_handbook(_project(tmp_path, roster.encode("utf-8"))).training
    assert training is not None
    assert [(p.joined, p.left) for p in training.people] == [(date(2025, 6, 1), date(2026, 10, 31))]


def test_day_first_dates_are_refused_in_an_english_organisation(tmp_path: Path) -> None:
    project = _project(tmp_path, "person,role,branch,joined\nNV01,truong-ca,Q1,1/6/2025\n")
    organisation = project / "content" / "organisation.yml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("language: vi", "language: en"),
        encoding="utf-8",
    )
    assert _messages(project) == [
        "content/people.csv:2:19: error: '1/6/2025' is not a valid date (expected YYYY-MM-DD)"
    ]


def test_duplicate_keys_compare_like_branches(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "person,role,branch,joined\n"
        "Lan  (Q1),truong-ca,Q1,2025-06-01\n"
        "NV02,truong-ca,Q1,2025-06-01\n"
        "lan (q1) ,truong-ca,Q1,2025-06-01\n",
    )
    assert _messages(project) == [
        "content/people.csv:4:1: error: duplicate person 'lan (q1)' (first at line 2)"
    ]


def test_each_unknown_role_of_a_list_is_an_error_with_a_hint(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "person,role,branch,joined\nNV01,truong-caa|nhan-vien-pha-che|chu-tiem|nope,Q1,2025-06-01\n",
    )
    assert _messages(project) == [
        # One position: ordered by message.
        "content/people.csv:2:6: error: unknown role 'nope'",
        "content/people.csv:2:6: error: unknown role 'truong-caa'; did you mean 'truong-ca'?",
    ]


def test_left_before_joined_is_an_error_at_left(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "person,role,branch,joined,left\n"
        "NV01,truong-ca,Q1,2025-06-01,2025-05-31\n"
        "NV02,truong-ca,Q1,2025-06-01,2025-06-01\n",
    )
    assert _messages(project) == [
        "content/people.csv:2:30: error: left 2025-05-31 is before joined 2025-06-01;"
        " check the dates"
    ]


def test_missing_required_column_is_an_error_at_1_1(tmp_path: Path) -> None:
    project = _project(tmp_path, "person,role,joined\nNV01,truong-ca,2025-06-01\n")
    assert _messages(project) == ["content/people.csv:1:1: error: missing required column 'branch'"]


def test_audited_person_outside_the_roster_is_a_warning_only_with_a_roster(
    tmp_path: Path,
) -> None:
    # The minimal project's audit names 'Minh'; without a roster nobody is checked.
    assert _messages(copy_project(MINIMAL, tmp_path / "none")) == []
    project = _project(
        tmp_path, "person,role,branch,joined\nminh ,truong-ca,Quận 1,2025-06-01\n", audits=True
    )
    assert _messages(project) == []
    project = _project(
        tmp_path / "other",
        "person,role,branch,joined\nMinhh,truong-ca,Quận 1,2025-06-01\n",
        audits=True,
    )
    assert _messages(project) == [
        "content/audits/2026-10.csv:2:23: warning: unknown person 'Minh'; did you mean 'Minhh'?",
        "content/audits/2026-10.csv:3:23: warning: unknown person 'Minh'; did you mean 'Minhh'?",
    ]


def test_an_unusable_roster_is_one_error_not_one_per_training_record(tmp_path: Path) -> None:
    project = _project(tmp_path, "person,role,joined\nNV01,truong-ca,2025-06-01\n")
    training = project / "content" / "training"
    training.mkdir()
    (training / "a.csv").write_text(
        "date,person,sop,version,trainer,result\n2026-03-02,NV01,pha-tra,1.1,Hà,pass\n",
        encoding="utf-8",
    )
    assert _messages(project) == ["content/people.csv:1:1: error: missing required column 'branch'"]
