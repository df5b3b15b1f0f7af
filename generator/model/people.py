"""The roster (content/people.csv) and training records (content/training/*.csv): who holds which
role in which branch, and who was trained on which SOP version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from generator.model.records import Columns
from generator.text import match_key

PEOPLE_COLUMNS = Columns(
    order=("person", "name", "role", "branch", "joined", "left"),
    required=("person", "role", "branch", "joined"),
)
TRAINING_COLUMNS = Columns(
    order=("date", "person", "sop", "version", "trainer", "result", "score", "note"),
    required=("date", "person", "sop", "version", "trainer", "result"),
    # Written by `handbook training sheet` so the trainer sees who signs where.
    ignored=("name",),
)

TrainingResult = Literal["pass", "fail"]
TRAINING_RESULTS: tuple[TrainingResult, ...] = ("pass", "fail")


@dataclass(frozen=True)
class Person:
    file: str  # path relative to the project
    line: int
    key: str  # the `person` cell as written (NFC, trimmed, inner spaces collapsed)
    name: str  # display name; default: the key
    roles: tuple[str, ...]  # role ids in the order written (split on '|')
    branch: str  # as written (spaces collapsed)
    joined: date
    left: date | None

    @property
    def match_key(self) -> str:
        return match_key(self.key)

    @property
    def branch_key(self) -> str:
        return match_key(self.branch)

    def has_left(self, today: date) -> bool:
        """Whether the person has left by `today` (kept for history, in no status or count)."""
        return self.left is not None and self.left <= today


@dataclass(frozen=True)
class TrainingRecord:
    file: str  # path relative to the project
    line: int
    date: date
    person: str  # the roster `Person.key` it matched (not the cell text)
    sop: str  # SOP id
    version: str  # as written (trimmed)
    trainer: str
    result: TrainingResult
    score: Decimal | None
    note: str


@dataclass(frozen=True)
class TrainingData:
    people: tuple[Person, ...]  # roster order (file line order)
    records: tuple[TrainingRecord, ...]  # valid records: training files by path, then line
    files: tuple[str, ...]  # training files read (relative paths)
    empty_rows: int  # all-empty rows skipped, roster and training files together
