"""Completed audit checklists (content/audits/*.csv) -> checked audit records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from generator.check.people import Roster
from generator.check.records import Row, read_records, record_date
from generator.check.references import unknown_reference
from generator.diagnostics import Diagnostics, did_you_mean
from generator.load.csv_table import CsvField
from generator.model.handbook import Role, Sop
from generator.model.records import (
    AUDIT_COLUMNS,
    AUDIT_RESULTS,
    AuditData,
    AuditRecord,
    AuditResult,
)
from generator.text import collapse_spaces

_RESULT_ALIASES = {"n.a.": "na", "n/a": "na"}


def read_audits(
    files: Sequence[tuple[Path, str]],
    roles: Mapping[str, Role],
    sops: Mapping[str, Sop],
    known: Mapping[str, frozenset[str]],
    diagnostics: Diagnostics,
    *,
    root: Path,
    day_first: bool,
    today: date,
    roster: Roster | None = None,
) -> AuditData:
    """Every valid record of the files; `roster`: when the project has one, an audited person
    not in it is a warning."""
    reader = _AuditReader(roles, sops, known, diagnostics, day_first, today, roster)
    records, empty_rows = read_records(files, AUDIT_COLUMNS, reader.record, diagnostics, root=root)
    return AuditData(records, tuple(rel for _, rel in files), empty_rows)


class _AuditReader:
    def __init__(
        self,
        roles: Mapping[str, Role],
        sops: Mapping[str, Sop],
        known: Mapping[str, frozenset[str]],
        diagnostics: Diagnostics,
        day_first: bool,
        today: date,
        roster: Roster | None,
    ) -> None:
        self.roster = roster
        self.roles = roles
        self.sops = sops
        self.known = known
        self.diagnostics = diagnostics
        self.day_first = day_first
        self.today = today

    def record(self, rel: str, row: Row) -> AuditRecord | None:
        """The checked record, or None after its problems were reported."""
        fields = row.fields
        date_field, role_field = row.filled("date"), row.filled("role")
        sop_field, result_field = row.filled("sop"), row.filled("result")
        audit_date = date_field and record_date(
            date_field, self.diagnostics, day_first=self.day_first
        )
        role_id = role_field and self._reference(role_field, "role")
        sop_id = sop_field and self._reference(sop_field, "sop")
        result = result_field and self._result(result_field)
        self._check_person(row.filled("person"))
        if not (row.complete and audit_date and role_id and sop_id and result):
            return None
        role, sop = self.roles.get(role_id), self.sops.get(sop_id)
        if sop is None:  # its file has errors of its own
            return None
        if role is not None and sop_id not in role.sops:
            self.diagnostics.warning(
                fields["sop"].pos, f"role '{role_id}' does not list SOP '{sop_id}'"
            )
        if audit_date > self.today and date_field is not None:
            self.diagnostics.warning(
                date_field.pos,
                f"audit dated {audit_date.isoformat()}, after today ({self.today.isoformat()});"
                " check the date",
            )
        earlier = audit_date < sop.effective
        step_key = row.text("step")
        step = sop.step(step_key)
        if step is None:
            keys = [s.audit_key for s in sop.steps]
            message = f"SOP '{sop_id}' has no step '{step_key}'{did_you_mean(step_key, keys)}"
            if not earlier:
                self.diagnostics.error(fields["step"].pos, message)
                return None
            self.diagnostics.warning(
                fields["step"].pos, f"{message} (an earlier version was audited)"
            )
        return AuditRecord(
            file=rel,
            line=row.line,
            date=audit_date,
            branch=collapse_spaces(row.text("branch")),
            auditor=row.text("auditor"),
            person=row.text("person"),
            role=role_id,
            sop=sop_id,
            step=step.number if step else None,
            step_key=step_key,
            result=result,
            note=row.text("note"),
            earlier_version=earlier,
        )

    def _check_person(self, cell: CsvField | None) -> None:
        if cell is not None and self.roster is not None and self.roster.find(cell.value) is None:
            self.diagnostics.warning(cell.pos, self.roster.unknown(collapse_spaces(cell.value)))

    def _reference(self, cell: CsvField, kind: str) -> str | None:
        text = cell.value.strip()
        problem = unknown_reference(kind, text, self.known[kind])
        if problem is not None:
            self.diagnostics.error(cell.pos, problem)
            return None
        return text

    def _result(self, cell: CsvField) -> AuditResult | None:
        text = cell.value.strip().lower()
        text = _RESULT_ALIASES.get(text, text)
        for result in AUDIT_RESULTS:
            if text == result:
                return result
        self.diagnostics.error(
            cell.pos,
            f"'{cell.value.strip()}' is not a valid result (expected pass, fail or na)"
            f"{did_you_mean(text, AUDIT_RESULTS)}",
        )
        return None
