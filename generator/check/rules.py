"""Checks that span fields of one item or several files, run after each object is built.

Each rule reads the typed object and `Where` its parts were written, reports problems at those
positions, and returns the object (normalised where the spec says so: a list of ids keeps the
first of each duplicate).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from generator.check.objects import Checked, Where
from generator.diagnostics import Diagnostics, Position
from generator.load.project import ItemFile
from generator.model.handbook import OkrPeriod, Organisation, Process, Role, Sop, Term
from generator.text import slugify


def organisation_rules(checked: Checked[Organisation], diagnostics: Diagnostics) -> Organisation:
    organisation, where = checked.value, checked.where
    _duplicates(
        (
            (d.id, item.at("id"))
            for d, item in zip(organisation.departments, _items(where, "departments"), strict=True)
        ),
        "department id",
        diagnostics,
    )
    return organisation


def role_rules(checked: Checked[Role]) -> Role:
    return replace(checked.value, sops=_unique(checked.value.sops))


def sop_rules(
    checked: Checked[Sop], diagnostics: Diagnostics, *, today: date, review_months: int
) -> Sop:
    sop, where = checked.value, checked.where
    steps = zip(sop.steps, _items(where, "steps"), strict=True)
    _duplicates(
        ((step.id, item.at("id")) for step, item in steps if step.id is not None),
        "step id",
        diagnostics,
    )
    for question, item in zip(sop.quiz, _items(where, "quiz"), strict=True):
        if len(question.choices) < 2:
            diagnostics.error(item.at("choices"), "a question needs at least 2 choices")
        elif question.answer >= len(question.choices):
            diagnostics.error(
                item.at("answer"),
                f"answer {question.answer} is out of range: the question has"
                f" {len(question.choices)} choices, numbered from 0",
            )
    if sop.revisions and sop.revisions[0].version != sop.version:
        diagnostics.error(
            _items(where, "revisions")[0].at("version"),
            f"the newest revision is version '{sop.revisions[0].version}', but the SOP"
            f" is version '{sop.version}' (list revisions newest first)",
        )
    review_due = sop.review_due(review_months)
    if review_due < today:
        diagnostics.warning(
            where.at("reviewed" if sop.reviewed else "effective"),
            f"SOP '{sop.id}' is overdue for review (due {review_due.isoformat()})",
        )
    return replace(sop, kpis=_unique(sop.kpis))


def process_rules(checked: Checked[Process]) -> Process:
    return replace(checked.value, kpis=_unique(checked.value.kpis))


def okr_rules(checked: Checked[OkrPeriod], diagnostics: Diagnostics) -> OkrPeriod:
    okr = checked.value
    if okr.end <= okr.start:
        diagnostics.error(
            checked.where.at("end"),
            f"end {okr.end.isoformat()} is not after start {okr.start.isoformat()}",
        )
    return okr


def glossary_terms(checked: Checked[tuple[Term, ...]], diagnostics: Diagnostics) -> dict[str, Term]:
    """The glossary by id (an entry's `id`, else the slug of its term), sorted by id."""
    terms: dict[str, Term] = {}
    first_line: dict[str, int] = {}
    for term, where in zip(checked.value, checked.where.items, strict=True):
        term_id = glossary_id(term.term, term.id)
        if not term_id:
            diagnostics.error(
                where.at("term"), "this term has no letters or digits for an id; add 'id'"
            )
            continue
        if term_id in terms:
            diagnostics.error(
                where.at("id" if term.id else "term"),
                f"duplicate glossary id '{term_id}' (first at line {first_line[term_id]})",
            )
            continue
        first_line[term_id] = where.pos.line
        terms[term_id] = replace(term, id=term_id)
    return dict(sorted(terms.items()))


def glossary_id(term: str, given: str | None) -> str:
    """The id a glossary entry goes by (the same rule before and after checking)."""
    return given or slugify(term)


# --- across files --------------------------------------------------------------------------


def reports_to_cycles(roles: Mapping[str, Checked[Role]], diagnostics: Diagnostics) -> None:
    """One error per `reports_to` cycle, at the `reports_to` of its smallest role id."""
    reported: set[str] = set()
    for start in sorted(roles):
        path: list[str] = []
        current: str | None = start
        while current is not None and current in roles and current not in path:
            path.append(current)
            current = roles[current].value.reports_to
        if current is None or current not in path:
            continue
        cycle = path[path.index(current) :]
        if reported.intersection(cycle):
            continue
        reported.update(cycle)
        first = min(cycle)
        turn = cycle.index(first)
        ordered = cycle[turn:] + cycle[:turn]
        diagnostics.error(
            roles[first].where.at("reports_to"),
            "reports_to cycle: " + " -> ".join([*ordered, first]),
        )


def duplicate_codes(
    sops: Iterable[tuple[ItemFile, Checked[Sop]]], diagnostics: Diagnostics
) -> None:
    """A `code` used by an earlier file (by path) is an error at the later one's value."""
    first_file: dict[str, str] = {}
    for file, checked in sorted(sops, key=lambda pair: pair[0].rel):
        code = checked.value.code
        if code in first_file:
            diagnostics.error(
                checked.where.at("code"),
                f"duplicate SOP code '{code}' (also in {first_file[code]})",
            )
        else:
            first_file[code] = file.rel


def unlisted_sops(
    sop_files: Iterable[ItemFile],
    roles: Iterable[Role],
    built: Mapping[str, Sop],
    diagnostics: Diagnostics,
) -> None:
    listed = {sop_id for role in roles for sop_id in role.sops}
    for file in sop_files:
        if file.valid_id and file.id in built and file.id not in listed:
            diagnostics.warning(
                Position(file.rel),
                f"no role lists SOP '{file.id}'; add it to the 'sops' of the roles that perform it",
            )


# --- helpers -----------------------------------------------------------------------------


def _items(where: Where, name: str) -> list[Where]:
    found = where.fields.get(name)
    return found.items if found else []


def _duplicates(
    values: Iterable[tuple[str, Position]], what: str, diagnostics: Diagnostics
) -> None:
    seen: dict[str, Position] = {}
    for value, pos in values:
        if value in seen:
            diagnostics.error(pos, f"duplicate {what} '{value}' (first at line {seen[value].line})")
        else:
            seen[value] = pos


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
