"""`handbook training sheet`: a sign-in sheet for one training session on one SOP, pre-filled
with the people who need it; filled in and saved under content/training/ it is a valid training
record file as it is (the `name` column is known and ignored)."""

from __future__ import annotations

from generator.edition import edition_date
from generator.model.handbook import Handbook
from generator.model.people import TRAINING_RESULTS
from generator.query.training import TrainingReport
from generator.render.sheet.workbook import Row, SheetLayout, csv_bytes, xlsx_bytes
from generator.text import match_key, sort_key

SHEET_COLUMNS = ("date", "person", "name", "sop", "version", "trainer", "result", "score", "note")
_LAYOUT = SheetLayout(
    columns=SHEET_COLUMNS,
    widths={
        "date": 12,
        "person": 16,
        "name": 24,
        "sop": 24,
        "version": 10,
        "trainer": 20,
        "result": 10,
        "score": 8,
        "note": 36,
    },
    wrapped=frozenset({"note"}),
    text_only=frozenset({"date", "person", "version"}),
    choice_column="result",
    choices=TRAINING_RESULTS,
)


def sheet_rows(
    report: TrainingReport, handbook: Handbook, sop_id: str, branch: str | None = None
) -> list[Row]:
    """A row per person with a required, not current pair for the SOP (in `branch` only, when
    given), by branch then shown name; what the session fills in is left empty."""
    sop = handbook.sops[sop_id]
    wanted = None if branch is None else match_key(branch)
    pairs = [
        p
        for p in report.pairs
        if p.sop == sop_id
        and p.status != "current"
        and (wanted is None or report.branch_of[p.person.key] == wanted)
    ]
    text_key = sort_key(handbook.organisation.language)
    branch_order = {f.key: n for n, f in enumerate(report.by_branch)}
    pairs.sort(
        key=lambda p: (
            branch_order[report.branch_of[p.person.key]],
            text_key(p.person.name),
            p.person.key,
        )
    )
    return [
        {"person": p.person.key, "name": p.person.name, "sop": sop.id, "version": sop.version}
        for p in pairs
    ]


def sheet_csv(rows: list[Row]) -> bytes:
    return csv_bytes(SHEET_COLUMNS, rows)


def sheet_xlsx(rows: list[Row], handbook: Handbook, *, sheet_title: str) -> bytes:
    """The sheet as xlsx, its timestamps fixed to the edition date."""
    return xlsx_bytes(_LAYOUT, rows, title=sheet_title, day=edition_date(handbook))
