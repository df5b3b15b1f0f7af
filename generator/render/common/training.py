"""How training figures read in every output (the site's `training/` page, SOP and role pages,
`training report`): each status as a symbol and a word (never colour alone), coverage as a
percentage, "since which version" for a pair that needs retraining."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from generator.model.handbook import Handbook
from generator.query.training import Pair, TrainingCounts, TrainingStatus
from generator.render.common.labels import Labels

STATUS_SYMBOLS: dict[TrainingStatus, str] = {
    "current": "✓",
    "expired": "⌛",
    "outdated": "↻",
    "failed": "✕",
    "due": "○",
    "overdue": "⚠",
}


class TrainingText:
    def __init__(
        self, labels: Labels, number: Callable[[Decimal], str], day: Callable[[date], str]
    ) -> None:
        self.labels = labels
        self.number = number
        self.day = day

    def word(self, status: TrainingStatus) -> str:
        return self.labels(f"training_{status}")

    def status(self, status: TrainingStatus) -> str:
        """'↻ Học lại'."""
        return f"{STATUS_SYMBOLS[status]} {self.word(status)}"

    def coverage(self, counts: TrainingCounts) -> str:
        return "" if counts.coverage is None else f"{self.number(counts.coverage)}%"

    def since(self, pair: Pair, handbook: Handbook) -> str:
        """For an outdated pair: 'since v2.0, 01/04/2026' (the SOP's own version and effective
        date when no revision set the training version)."""
        if pair.status != "outdated":
            return ""
        sop = handbook.sops[pair.sop]
        version, day = (
            (pair.since.version, pair.since.date) if pair.since else (sop.version, sop.effective)
        )
        shown = version if version[:1] in ("v", "V") else f"v{version}"
        return self.labels("since_version", version=shown, date=self.day(day))

    def figures(self, counts: TrainingCounts | None) -> str:
        """'Training: 3/5 current (60%) · Retrain 1 · Overdue 1' for SOP and role pages."""
        if counts is None or not counts.required:
            return self.labels("training_figures_none")
        head = self.labels(
            "training_figures",
            current=counts.current,
            required=counts.required,
            coverage=self.coverage(counts),
        )
        rest = [
            f"{self.status(status)} {number}"  # type: ignore[arg-type]
            for status, number in counts.statuses.items()
            if number and status != "current"
        ]
        return " · ".join([head, *rest])
