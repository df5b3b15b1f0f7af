"""Records read from CSV files (audits; the roster, training and KPI results follow), and the
columns each file kind declares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class Columns:
    """The header of one CSV file kind: columns in the order our own files write them, which of
    them a file must have, and columns that are known but not read back."""

    order: tuple[str, ...]
    required: tuple[str, ...]
    ignored: tuple[str, ...] = ()


AUDIT_COLUMNS = Columns(
    order=("date", "branch", "auditor", "person", "role", "sop", "step", "result", "note"),
    required=("date", "branch", "auditor", "role", "sop", "step", "result"),
    # Written by `handbook audit sheet` for the person filling it in.
    ignored=("action", "standard"),
)

AuditResult = Literal["pass", "fail", "na"]
AUDIT_RESULTS: tuple[AuditResult, ...] = ("pass", "fail", "na")


@dataclass(frozen=True)
class AuditRecord:
    file: str  # path relative to the project
    line: int
    date: date
    branch: str
    auditor: str
    person: str
    role: str
    sop: str
    step: int | None  # None only for an earlier-version record whose step no longer exists
    step_key: str  # as written in the file
    result: AuditResult
    note: str
    earlier_version: bool  # dated before the SOP's current `effective`


@dataclass(frozen=True)
class AuditData:
    records: tuple[AuditRecord, ...]
    files: tuple[str, ...]
    empty_rows: int
