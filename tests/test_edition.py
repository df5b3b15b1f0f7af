"""The staff edition carries no managers-only data: no roster, no training records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.edition import for_audience
from generator.model.people import Person, TrainingData, TrainingRecord

from support import REPO, load_handbook


def _training() -> TrainingData:
    person = Person(
        file="content/people.csv",
        line=2,
        key="NV01",
        name="Nguyễn Thị Lan",
        roles=("nhan-vien-pha-che",),
        branch="Quận 1",
        joined=date(2026, 1, 5),
        left=None,
    )
    record = TrainingRecord(
        file="content/training/2026.csv",
        line=2,
        date=date(2026, 3, 2),
        person="NV01",
        sop="pha-tra",
        version="1.1",
        trainer="Trưởng ca",
        result="pass",
        score=None,
        note="",
    )
    return TrainingData((person,), (record,), ("content/training/2026.csv",), 0)


def test_the_staff_edition_has_no_training_data(minimal_project: Path) -> None:
    handbook = replace(load_handbook(minimal_project), training=_training())
    assert for_audience(handbook, "staff").training is None
    assert for_audience(handbook, "managers").training == handbook.training


def test_the_example_roster_stays_in_the_managers_edition() -> None:
    handbook = load_handbook(REPO)
    assert handbook.training is not None and handbook.training.records
    assert for_audience(handbook, "managers").training is handbook.training
    assert for_audience(handbook, "staff").training is None
