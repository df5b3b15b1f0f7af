"""Training records (content/training/*.csv) -> checked records of roster people.

The same record rules as audits (`check.records`). A record names a person of the roster
(compared by `text.match_key`) and keeps that person's key, so the query layer never compares
texts again.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.check.people import Roster
from generator.check.records import Row, read_records, record_date
from generator.check.references import unknown_reference
from generator.diagnostics import Diagnostics, Position, did_you_mean
from generator.load.csv_table import CsvField
from generator.model.handbook import Role, Sop
from generator.model.people import (
    TRAINING_COLUMNS,
    TRAINING_RESULTS,
    Person,
    TrainingRecord,
    TrainingResult,
)
from generator.text import collapse_spaces

NEEDS_ROSTER = "training records need content/people.csv"
_SCORE = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_MAX_SCORE = Decimal(100)


@dataclass(frozen=True)
class TrainingFiles:
    records: tuple[TrainingRecord, ...]
    empty_rows: int


def read_training(
    files: Sequence[tuple[Path, str]],
    roster: Roster,
    roles: Mapping[str, Role],
    sops: Mapping[str, Sop],
    known_sops: Collection[str],
    diagnostics: Diagnostics,
    *,
    root: Path,
    day_first: bool,
    today: date,
) -> TrainingFiles:
    """Every valid record of the files, files by path, then line; problems reported."""
    reader = _TrainingReader(roster, roles, sops, known_sops, diagnostics, day_first, today)
    records, empty_rows = read_records(
        files, TRAINING_COLUMNS, reader.record, diagnostics, root=root
    )
    return TrainingFiles(records, empty_rows)


def report_missing_roster(files: Sequence[tuple[Path, str]], diagnostics: Diagnostics) -> None:
    """Training files in a project without people.csv: nobody they could name exists."""
    for _, rel in files:
        diagnostics.error(Position(rel), NEEDS_ROSTER)


class _TrainingReader:
    def __init__(
        self,
        roster: Roster,
        roles: Mapping[str, Role],
        sops: Mapping[str, Sop],
        known_sops: Collection[str],
        diagnostics: Diagnostics,
        day_first: bool,
        today: date,
    ) -> None:
        self.roster = roster
        self.roles = roles
        self.sops = sops
        self.known_sops = known_sops
        self.diagnostics = diagnostics
        self.day_first = day_first
        self.today = today

    def record(self, rel: str, row: Row) -> TrainingRecord | None:
        """The checked record, or None after its problems were reported."""
        date_field, sop_field = row.filled("date"), row.filled("sop")
        result_field, score_field = row.filled("result"), row.filled("score")
        day = date_field and record_date(date_field, self.diagnostics, day_first=self.day_first)
        person = self._person(row.filled("person"))
        sop = sop_field and self._sop(sop_field)
        result = result_field and self._result(result_field)
        score = self._score(score_field) if score_field is not None else None
        if not (row.complete and date_field and day and person and sop):
            return None
        if not result or (score_field is not None and score is None):
            return None
        self._version(sop, row.fields["version"])
        if day > self.today:
            self.diagnostics.warning(
                date_field.pos,
                f"training dated {day.isoformat()}, after today ({self.today.isoformat()});"
                " check the date",
            )
        if self._unlisted(person, sop):
            self.diagnostics.warning(
                row.fields["sop"].pos,
                f"none of the roles of '{person.key}' ({', '.join(person.roles)})"
                f" lists SOP '{sop.id}'",
            )
        return TrainingRecord(
            file=rel,
            line=row.line,
            date=day,
            person=person.key,
            sop=sop.id,
            version=row.text("version"),
            trainer=collapse_spaces(row.text("trainer")),
            result=result,
            score=score,
            note=collapse_spaces(row.text("note")),  # one line: pages show it in a cell
        )

    def _unlisted(self, person: Person, sop: Sop) -> bool:
        """Whether none of the person's roles lists the SOP (not known when a role's own file
        has errors)."""
        roles = [self.roles.get(role_id) for role_id in person.roles]
        return all(role is not None and sop.id not in role.sops for role in roles)

    def _person(self, cell: CsvField | None) -> Person | None:
        if cell is None:
            return None
        person = self.roster.find(cell.value)
        if person is None:
            self.diagnostics.error(cell.pos, self.roster.unknown(collapse_spaces(cell.value)))
        return person

    def _sop(self, cell: CsvField) -> Sop | None:
        text = cell.value.strip()
        problem = unknown_reference("sop", text, self.known_sops)
        if problem is not None:
            self.diagnostics.error(cell.pos, problem)
            return None
        return self.sops.get(text)  # None: its file has errors of its own

    def _result(self, cell: CsvField) -> TrainingResult | None:
        text = cell.value.strip().lower()
        for result in TRAINING_RESULTS:
            if text == result:
                return result
        self.diagnostics.error(
            cell.pos,
            f"'{cell.value.strip()}' is not a valid result (expected pass or fail)"
            f"{did_you_mean(text, TRAINING_RESULTS)}",
        )
        return None

    def _score(self, cell: CsvField) -> Decimal | None:
        text = cell.value.strip()
        if _SCORE.fullmatch(text):
            score = Decimal(text.replace(",", "."))
            if score <= _MAX_SCORE:
                return score
        self.diagnostics.error(
            cell.pos, f"'{text}' is not a valid score (expected a number from 0 to 100)"
        )
        return None

    def _version(self, sop: Sop, cell: CsvField) -> None:
        version = cell.value.strip()
        if version == sop.version:  # most records: no need to list the revisions
            return
        listed = [sop.version, *(revision.version for revision in sop.revisions)]
        if version not in listed:
            known = ", ".join(dict.fromkeys(listed))
            self.diagnostics.warning(
                cell.pos,
                f"SOP '{sop.id}' has no version '{version}' (known: {known});"
                " it counts as older than every listed version",
            )
