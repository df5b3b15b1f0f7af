"""The roster (content/people.csv) -> checked people, one per `person` key.

The same record rules as audits (`check.records`). Keys compare like branches (`text.match_key`),
so `lan (q1)` in a training file finds `Lan (Q1)`; every page shows the key as first written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.check.records import Row, read_table, record_date
from generator.check.references import unknown_reference
from generator.diagnostics import Diagnostics, did_you_mean
from generator.model.people import PEOPLE_COLUMNS, Person
from generator.text import collapse_spaces, match_key

ROLE_SEPARATOR = "|"


@dataclass(frozen=True)
class Roster:
    """The valid people of the roster, and how other files find them."""

    people: tuple[Person, ...]
    empty_rows: int
    by_key: Mapping[str, Person]  # match_key -> person
    keys: frozenset[str]  # every `person` key as written, for hints

    def find(self, text: str) -> Person | None:
        return self.by_key.get(match_key(text))

    def unknown(self, text: str) -> str:
        """The message for a `person` cell that names no one in the roster."""
        return f"unknown person '{text}'{did_you_mean(text, self.keys)}"


def read_roster(
    file: Path,
    rel: str,
    known_roles: Collection[str],
    diagnostics: Diagnostics,
    *,
    root: Path,
    day_first: bool,
) -> Roster | None:
    """The roster's valid people in line order, or None when the file cannot be read or lacks
    a required column; problems reported. A duplicate key is reported and not read again, so
    the first row keeps the key."""
    table = read_table(file, rel, PEOPLE_COLUMNS, diagnostics, root=root)
    if table is None:
        return None
    people: list[Person] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        key_field = row.filled("person")
        if key_field is not None:
            key = match_key(key_field.value)
            if key in first_line:
                diagnostics.error(
                    key_field.pos,
                    f"duplicate person '{collapse_spaces(key_field.value)}'"
                    f" (first at line {first_line[key]})",
                )
                continue
            first_line[key] = row.line
        person = _person(rel, row, known_roles, diagnostics, day_first)
        if person is not None:
            people.append(person)
    by_key = {person.match_key: person for person in people}
    return Roster(
        people=tuple(people),
        empty_rows=table.empty_rows,
        by_key=by_key,
        keys=frozenset(person.key for person in people),
    )


def _person(
    rel: str, row: Row, known_roles: Collection[str], diagnostics: Diagnostics, day_first: bool
) -> Person | None:
    """The checked person of one row, or None after its problems were reported."""
    roles = _roles(row, known_roles, diagnostics)
    joined_field, left_field = row.filled("joined"), row.filled("left")
    joined = joined_field and record_date(joined_field, diagnostics, day_first=day_first)
    left = left_field and record_date(left_field, diagnostics, day_first=day_first)
    if left and joined and left < joined and left_field is not None:
        diagnostics.error(
            left_field.pos,
            f"left {left.isoformat()} is before joined {joined.isoformat()}; check the dates",
        )
        return None
    if not (row.complete and roles and joined) or (left_field and not left):
        return None
    key = collapse_spaces(row.text("person"))
    return Person(
        file=rel,
        line=row.line,
        key=key,
        name=collapse_spaces(row.text("name")) or key,
        roles=roles,
        branch=collapse_spaces(row.text("branch")),
        joined=joined,
        left=left or None,
    )


def _roles(row: Row, known_roles: Collection[str], diagnostics: Diagnostics) -> tuple[str, ...]:
    """The role ids of the `role` field in the order written; () when any is unknown (each
    unknown id reported at the field) or the field is empty."""
    field = row.filled("role")
    if field is None:
        return ()
    ids = [part.strip() for part in field.value.split(ROLE_SEPARATOR)]
    problems = [
        unknown_reference("role", role_id, known_roles) if role_id else "empty role id in the list"
        for role_id in ids
    ]
    for problem in problems:
        if problem is not None:
            diagnostics.error(field.pos, problem)
    if any(problem is not None for problem in problems):
        return ()
    return tuple(dict.fromkeys(ids))
