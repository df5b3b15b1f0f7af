"""Measured KPI values (content/results/*.csv): one checked result per KPI, branch and period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.periods import Period
from generator.model.records import Columns
from generator.text import match_key

RESULT_COLUMNS = Columns(
    order=("date", "kpi", "value", "branch", "note"), required=("date", "kpi", "value")
)


def branch_key(text: str) -> str:
    """How branch texts compare (results, audits, the roster): NFC, trimmed, inner spaces
    collapsed, case folded. '' is the whole organisation."""
    return match_key(text)


@dataclass(frozen=True)
class KpiResult:
    file: str  # path relative to the project
    line: int
    kpi: str
    branch: str  # as written (spaces collapsed); '' = the whole organisation
    period: Period
    value: Decimal
    written: str  # the value's digits as written, with a decimal point: '87,5' -> '87.5'
    note: str

    @property
    def branch_key(self) -> str:
        return branch_key(self.branch)


@dataclass(frozen=True)
class ResultData:
    results: tuple[KpiResult, ...]
    files: tuple[str, ...]
    empty_rows: int
