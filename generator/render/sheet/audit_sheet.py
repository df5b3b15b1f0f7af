"""`handbook audit sheet`: a blank audit sheet with one pre-filled row per step to check."""

from __future__ import annotations

from generator.edition import edition_date
from generator.model.handbook import Handbook
from generator.model.records import AUDIT_RESULTS
from generator.query.checklists import ChecklistKind, checklist_lines
from generator.render.common.markdown import plain_text
from generator.render.sheet.workbook import Row, SheetLayout, csv_bytes, xlsx_bytes

SHEET_COLUMNS = (
    "date",
    "branch",
    "auditor",
    "person",
    "role",
    "sop",
    "step",
    "action",
    "standard",
    "result",
    "note",
)
_LAYOUT = SheetLayout(
    columns=SHEET_COLUMNS,
    widths={
        "date": 12,
        "branch": 16,
        "auditor": 18,
        "person": 18,
        "role": 20,
        "sop": 22,
        "step": 12,
        "action": 50,
        "standard": 40,
        "result": 10,
        "note": 36,
    },
    wrapped=frozenset({"action", "standard"}),
    text_only=frozenset({"date", "step"}),
    choice_column="result",
    choices=AUDIT_RESULTS,
)


def sheet_rows(
    handbook: Handbook, kind: ChecklistKind, item_id: str, *, all_steps: bool = False
) -> list[Row]:
    """One pre-filled row per checklist line; what the auditor fills in is left empty."""
    rows: list[Row] = []
    for line in checklist_lines(handbook, kind, item_id, all_steps=all_steps):
        standard = line.step.standard
        rows.append(
            {
                "role": line.role,
                "sop": line.sop.id,
                "step": line.step_key,
                "action": plain_text(line.step.action, handbook),
                "standard": plain_text(standard, handbook) if standard else "",
            }
        )
    return rows


def sheet_csv(rows: list[Row]) -> bytes:
    return csv_bytes(SHEET_COLUMNS, rows)


def sheet_xlsx(rows: list[Row], handbook: Handbook, *, sheet_title: str) -> bytes:
    """The sheet as xlsx, its timestamps fixed to the edition date."""
    return xlsx_bytes(_LAYOUT, rows, title=sheet_title, day=edition_date(handbook))
