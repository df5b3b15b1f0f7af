"""Completed audit checklists (content/audits/*.csv) -> positioned, checked audit records."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Position, did_you_mean
from generator.loader import CsvField, CsvTable, load_csv
from generator.model import AuditData, AuditRecord, AuditResult, Organisation, Role, Sop

if TYPE_CHECKING:
    from generator.validate import Context

REQUIRED_COLUMNS = ("date", "branch", "auditor", "role", "sop", "step", "result")
# Written by `handbook audit sheet` for the person filling it in; not read back.
IGNORED_COLUMNS = ("action", "standard")
COLUMNS = ("date", "branch", "auditor", "person", "role", "sop", "step", "result", "note")
RESULTS: tuple[AuditResult, ...] = ("pass", "fail", "na")
_RESULT_ALIASES = {"n.a.": "na", "n/a": "na"}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SPACES = re.compile(r"\s+")


def _calendar_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def normalise_branch(branch: str) -> str:
    return _SPACES.sub(" ", branch).strip()


def read_audits(
    files: list[tuple[Path, str]],
    context: Context,
    roles: dict[str, Role],
    sops: dict[str, Sop],
    organisation: Organisation | None,
) -> AuditData:
    records: list[AuditRecord] = []
    empty_rows = 0
    for path, rel in files:
        table = load_csv(path, rel, context.diagnostics)
        if table is not None:
            reader = _TableReader(table, context, roles, sops, organisation)
            records.extend(reader.records())
            empty_rows += reader.empty_rows
    return AuditData(tuple(records), tuple(rel for _, rel in files), empty_rows)


class _TableReader:
    def __init__(
        self,
        table: CsvTable,
        context: Context,
        roles: dict[str, Role],
        sops: dict[str, Sop],
        organisation: Organisation | None,
    ) -> None:
        self.table = table
        self.context = context
        self.diagnostics = context.diagnostics
        self.roles = roles
        self.sops = sops
        self.day_first = organisation is not None and organisation.language == "vi"
        self.empty_rows = 0

    def records(self) -> list[AuditRecord]:
        if not self.table.records or all(not f.value.strip() for f in self.table.records[0].fields):
            self.diagnostics.error(Position(self.table.path), "missing header row")
            return []
        columns = self._columns(self.table.records[0].fields)
        if columns is None:
            return []
        found = []
        for record in self.table.records[1:]:
            if all(not f.value.strip() for f in record.fields):
                self.empty_rows += 1
                continue
            if len(record.fields) != len(self.table.records[0].fields):
                self.diagnostics.error(
                    record.fields[0].pos,
                    f"record has {len(record.fields)} fields, but the header has"
                    f" {len(self.table.records[0].fields)}",
                )
                continue
            row = {name: record.fields[index] for name, index in columns.items()}
            checked = self._record(record.line, row)
            if checked is not None:
                found.append(checked)
        return found

    def _columns(self, header: tuple[CsvField, ...]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for index, cell in enumerate(header):
            name = cell.value.strip().lower()
            if name in columns:
                self.diagnostics.error(cell.pos, f"duplicate column '{name}'")
            elif name in COLUMNS:
                columns[name] = index
            elif name not in IGNORED_COLUMNS:
                self.diagnostics.warning(
                    cell.pos,
                    f"unknown column '{cell.value.strip()}' is ignored"
                    f"{did_you_mean(name, COLUMNS)}",
                )
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        for name in missing:
            self.diagnostics.error(Position(self.table.path), f"missing required column '{name}'")
        return None if missing else columns

    def _record(self, line: int, row: dict[str, CsvField]) -> AuditRecord | None:
        empty = [name for name in REQUIRED_COLUMNS if not row[name].value.strip()]
        for name in empty:
            self.diagnostics.error(row[name].pos, f"field '{name}' is empty")
        audit_date = None if "date" in empty else self._date(row["date"])
        role_id = None if "role" in empty else self._reference(row["role"], "role")
        sop_id = None if "sop" in empty else self._reference(row["sop"], "sop")
        result = None if "result" in empty else self._result(row["result"])
        if empty or audit_date is None or role_id is None or sop_id is None or result is None:
            return None
        role, sop = self.roles.get(role_id), self.sops.get(sop_id)
        if sop is None:  # its file has errors of its own
            return None
        if role is not None and sop_id not in role.sops:
            self.diagnostics.warning(
                row["sop"].pos, f"role '{role_id}' does not list SOP '{sop_id}'"
            )
        earlier = audit_date < sop.effective
        step_key = row["step"].value.strip()
        step = sop.step(step_key)
        if step is None:
            keys = [s.audit_key for s in sop.steps]
            message = f"SOP '{sop_id}' has no step '{step_key}'{did_you_mean(step_key, keys)}"
            if not earlier:
                self.diagnostics.error(row["step"].pos, message)
                return None
            self.diagnostics.warning(row["step"].pos, f"{message} (an earlier version was audited)")
        return AuditRecord(
            file=self.table.path,
            line=line,
            date=audit_date,
            branch=normalise_branch(row["branch"].value),
            auditor=row["auditor"].value.strip(),
            person=row["person"].value.strip() if "person" in row else "",
            role=role_id,
            sop=sop_id,
            step=step.number if step else None,
            step_key=step_key,
            result=result,
            note=row["note"].value.strip() if "note" in row else "",
            earlier_version=earlier,
        )

    def _date(self, cell: CsvField) -> date | None:
        text = cell.value.strip()
        parsed = None
        if match := _ISO.fullmatch(text):
            parsed = _calendar_date(match.group(1), match.group(2), match.group(3))
        elif self.day_first and (match := _DMY.fullmatch(text)):
            parsed = _calendar_date(match.group(3), match.group(2), match.group(1))
        if parsed is None:
            expected = "YYYY-MM-DD or d/m/yyyy" if self.day_first else "YYYY-MM-DD"
            self.diagnostics.error(cell.pos, f"'{text}' is not a valid date (expected {expected})")
        return parsed

    def _reference(self, cell: CsvField, kind: str) -> str | None:
        text = cell.value.strip()
        known = self.context.known[kind]
        if text not in known:
            label = "SOP" if kind == "sop" else kind
            self.diagnostics.error(cell.pos, f"unknown {label} '{text}'{did_you_mean(text, known)}")
            return None
        return text

    def _result(self, cell: CsvField) -> AuditResult | None:
        text = cell.value.strip().lower()
        text = _RESULT_ALIASES.get(text, text)
        if text not in RESULTS:
            self.diagnostics.error(
                cell.pos,
                f"'{cell.value.strip()}' is not a valid result (expected pass, fail or na)"
                f"{did_you_mean(text, RESULTS)}",
            )
            return None
        return text
