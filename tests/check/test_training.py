"""Reading content/training/*.csv: records of roster people, each rule at its position."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.check.project import validate_project

from support import MINIMAL, REPO, TODAY_DATE, copy_project, load_handbook

ROSTER = (
    "person,name,role,branch,joined\n"
    "NV01,Nguyễn Thị Lan,nhan-vien-pha-che,Quận 1,2026-01-05\n"
    "NV02,Trần Văn Minh,truong-ca|nhan-vien-pha-che,Quận 1,2025-06-01\n"
)
HEADER = "date,person,sop,version,trainer,result,score,note\n"


def _project(tmp_path: Path, training: dict[str, str | bytes], *, roster: bool = True) -> Path:
    project = copy_project(MINIMAL, tmp_path / "p")
    shutil.rmtree(project / "content" / "audits")  # they name a person of no roster
    if roster:
        (project / "content" / "people.csv").write_text(ROSTER, encoding="utf-8")
    folder = project / "content" / "training"
    folder.mkdir()
    for name, text in training.items():
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return project


def _messages(project: Path) -> list[str]:
    result = validate_project(project, today=TODAY_DATE)
    return [d.format() for d in result.diagnostics.sorted()]


def test_records_keep_the_roster_key_and_their_fields(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "b.csv": HEADER + "2026-03-02, nv02 ,pha-tra,1.0,Chị  Hà,FAIL,0,Quên ủ\n",
            "a.csv": "date,person,name,sop,version,trainer,result,score,note\n"
            '2026-03-01,NV01,Nguyễn Thị Lan,pha-tra,1.1,Chị Hà,Pass,"92,5","Hai\ndòng"\n'
            ",,,,,,,,\n"
            "2026-03-02,NV01,,dong-ca,1.0,Chị Hà,pass,,\n",
        },
    )
    training = load_handbook(project).training
    assert training is not None
    assert training.files == ("content/training/a.csv", "content/training/b.csv")
    assert training.empty_rows == 1
    assert [
        (r.file[-5:], r.line, r.date, r.person, r.sop, r.version, r.trainer, r.result, r.score)
        for r in training.records
    ] == [
        ("a.csv", 2, date(2026, 3, 1), "NV01", "pha-tra", "1.1", "Chị Hà", "pass", Decimal("92.5")),
        ("a.csv", 5, date(2026, 3, 2), "NV01", "dong-ca", "1.0", "Chị Hà", "pass", None),
        ("b.csv", 2, date(2026, 3, 2), "NV02", "pha-tra", "1.0", "Chị Hà", "fail", Decimal(0)),
    ]
    assert training.records[0].note == "Hai dòng"
    assert training.records[2].note == "Quên ủ"


def test_a_person_with_two_roles_may_be_trained_on_the_sops_of_either(tmp_path: Path) -> None:
    # NV02 is truong-ca|nhan-vien-pha-che: dong-ca (truong-ca) and pha-tra (both) are listed.
    project = _project(
        tmp_path,
        {
            "a.csv": HEADER + "2026-03-02,NV02,dong-ca,1.0,Hà,pass,,\n"
            "2026-03-02,NV02,pha-tra,1.1,Hà,pass,,\n"
            "2026-03-02,NV01,dong-ca,1.0,Hà,pass,,\n"
        },
    )
    assert _messages(project) == [
        "content/training/a.csv:4:17: warning: none of the roles of 'NV01' (nhan-vien-pha-che)"
        " lists SOP 'dong-ca'"
    ]


def test_semicolon_file_with_day_first_dates(tmp_path: Path) -> None:
    text = "\ufeffdate;person;sop;version;trainer;result\r\n2/3/2026;NV01;pha-tra;1.1;Hà;pass\r\n"
    training = load_handbook(_project(tmp_path, {"vi.csv": text.encode("utf-8")})).training
    assert training is not None
    assert [(r.date, r.person) for r in training.records] == [(date(2026, 3, 2), "NV01")]


def test_unknown_person_and_sop_are_errors_with_hints(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "a.csv": HEADER
            + "2026-03-02,NV1,pha-tra,1.1,Hà,pass,,\n2026-03-02,NV01,pha,1.1,Hà,pass,,\n"
        },
    )
    assert _messages(project) == [
        "content/training/a.csv:2:12: error: unknown person 'NV1'; did you mean 'NV01'?",
        "content/training/a.csv:3:17: error: unknown SOP 'pha'; did you mean 'pha-tra'?",
    ]


def test_a_version_the_sop_never_had_is_a_warning(tmp_path: Path) -> None:
    # pha-tra is 1.1 with revisions 1.1 and 1.0.
    project = _project(
        tmp_path,
        {
            "a.csv": HEADER
            + "2026-03-02,NV01,pha-tra,1.0,Hà,pass,,\n2026-03-02,NV01,pha-tra,2.0,Hà,pass,,\n"
        },
    )
    assert _messages(project) == [
        "content/training/a.csv:3:25: warning: SOP 'pha-tra' has no version '2.0'"
        " (known: 1.1, 1.0); it counts as older than every listed version"
    ]
    training = load_handbook(project).training
    assert training is not None and [r.version for r in training.records] == ["1.0", "2.0"]


def test_result_and_score_rules(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "a.csv": HEADER + "2026-03-02,NV01,pha-tra,1.1,Hà,PASS,100,\n"
            "2026-03-02,NV01,pha-tra,1.1,Hà,na,,\n"
            "2026-03-02,NV01,pha-tra,1.1,Hà,pass,100.5,\n"
            "2026-03-02,NV01,pha-tra,1.1,Hà,pass,tám,\n"
            "2026-03-02,NV01,pha-tra,1.1,Hà,pass,-1,\n"
        },
    )
    assert _messages(project) == [
        "content/training/a.csv:3:32: error: 'na' is not a valid result (expected pass or fail)",
        "content/training/a.csv:4:37: error: '100.5' is not a valid score"
        " (expected a number from 0 to 100)",
        "content/training/a.csv:5:37: error: 'tám' is not a valid score"
        " (expected a number from 0 to 100)",
        "content/training/a.csv:6:37: error: '-1' is not a valid score"
        " (expected a number from 0 to 100)",
    ]


def test_a_date_after_today_is_a_warning(tmp_path: Path) -> None:
    day_after = "2026-11-30"  # TODAY is 2026-11-29
    project = _project(
        tmp_path,
        {
            "a.csv": HEADER
            + "2026-11-29,NV01,pha-tra,1.1,Hà,pass,,\n"
            + day_after
            + ",NV01,pha-tra,1.1,Hà,pass,,\n"
        },
    )
    assert _messages(project) == [
        "content/training/a.csv:3:1: warning: training dated 2026-11-30, after today"
        " (2026-11-29); check the date"
    ]


def test_training_files_without_a_roster_are_each_an_error_at_1_1(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {"a.csv": HEADER, "b.csv": HEADER + "2026-03-02,NV01,pha-tra,1.1,Hà,pass,,\n"},
        roster=False,
    )
    assert _messages(project) == [
        "content/training/a.csv:1:1: error: training records need content/people.csv",
        "content/training/b.csv:1:1: error: training records need content/people.csv",
    ]


def test_header_rules_name_is_ignored_others_warned_required_at_1_1(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "a.csv": "date,person,name,sop,version,trainer,result,chữ ký\n"
            "2026-03-02,NV01,Lan,pha-tra,1.1,Hà,pass,x\n",
            "b.csv": "date,person,sop,version,result\n2026-03-02,NV01,pha-tra,1.1,pass\n",
        },
    )
    assert _messages(project) == [
        "content/training/a.csv:1:45: warning: unknown column 'chữ ký' is ignored",
        "content/training/b.csv:1:1: error: missing required column 'trainer'",
    ]


def test_no_roster_means_no_training_data(minimal_project: Path) -> None:
    assert load_handbook(minimal_project).training is None


def test_the_new_sop_and_organisation_fields_are_validated(tmp_path: Path) -> None:
    project = _project(tmp_path, {})
    sop = project / "content" / "sops" / "pha-tra.yml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace(
            "    changes: Hạ nhiệt độ nước xuống 85 °C.\n",
            "    changes: Hạ nhiệt độ nước xuống 85 °C.\n    retrain: no\n",
        )
        + "refresh_months: 0\n",
        encoding="utf-8",
    )
    organisation = project / "content" / "organisation.yml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + "training_due_days: 0\n", encoding="utf-8"
    )
    messages = [m.split(": ", 2)[1:] for m in _messages(project)]
    assert [severity for severity, _ in messages] == ["error"] * 3
    texts = " | ".join(message for _, message in messages)
    assert "'no'" in texts and "'0'" in texts


def test_the_new_fields_reach_the_model(tmp_path: Path) -> None:
    project = _project(tmp_path, {})
    sop = project / "content" / "sops" / "pha-tra.yml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace(
            "    changes: Ban hành.\n", "    changes: Ban hành.\n    retrain: false\n"
        )
        + "refresh_months: 12\n",
        encoding="utf-8",
    )
    role = project / "roles" / "nhan-vien-pha-che.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace(
            "    sops: [pha-tra]\n", "    sops: [pha-tra]\n    due_days: 7\n"
        ),
        encoding="utf-8",
    )
    handbook = load_handbook(project)
    tea = handbook.sops["pha-tra"]
    assert tea.refresh_months == 12
    assert [r.retrain for r in tea.revisions] == [True, False]
    assert handbook.sops["dong-ca"].refresh_months is None
    assert handbook.organisation.training_due_days == 30
    assert handbook.roles["nhan-vien-pha-che"].onboarding[0].due_days == 7


def test_the_example_organisation_has_a_roster_and_training_history() -> None:
    training = load_handbook(REPO).training
    assert training is not None
    assert training.files == (
        "content/training/2025-2026-h1.csv",  # ',' and ISO dates
        "content/training/2026-h2.csv",  # ';' and d/m/yyyy dates, as Vietnamese Excel saves
    )
    assert len({person.branch for person in training.people}) == 3
    assert 15 <= len(training.people) <= 30
    assert [p.key for p in training.people if p.has_left(TODAY_DATE)] == ["Phan Thị Yến Nhi"]
    assert [p.roles for p in training.people if len(p.roles) > 1] == [
        ("thu-ngan", "nhan-vien-le-tan")
    ]
    h2 = [r for r in training.records if r.file.endswith("2026-h2.csv")]
    assert h2 and all(r.date >= date(2026, 7, 1) for r in h2)
