"""Which lines an audit checklist holds: pure functions of one edition.

A checklist holds the critical steps (or, on request, every step) of the SOPs a role performs
(in the role's `sops` order) or that a process uses (in its step order), then in step number
order; an SOP appears once, at its first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.model.handbook import Handbook, Sop, Step

ChecklistKind = Literal["role", "process"]
CHECKLIST_KINDS: tuple[ChecklistKind, ...] = ("role", "process")


@dataclass(frozen=True)
class ChecklistLine:
    """One step to check. `role` is what the audit record's `role` column holds: the role
    audited, or for a process the role of the step that first uses the SOP."""

    sop: Sop
    step: Step
    role: str

    @property
    def step_key(self) -> str:
        return self.step.audit_key


def checklist_lines(
    handbook: Handbook, kind: ChecklistKind, item_id: str, *, all_steps: bool = False
) -> list[ChecklistLine]:
    """The lines of one checklist, in audit order; KeyError for an unknown role or process."""
    uses: list[tuple[str, str]]  # (sop id, role id) in order of use
    if kind == "role":
        uses = [(sop_id, item_id) for sop_id in handbook.roles[item_id].sops]
    else:
        uses = [
            (step.sop, step.role)
            for step in handbook.processes[item_id].steps
            if step.sop is not None
        ]
    lines: list[ChecklistLine] = []
    seen: set[str] = set()
    for sop_id, role_id in uses:
        if sop_id in seen or sop_id not in handbook.sops:
            continue
        seen.add(sop_id)
        sop = handbook.sops[sop_id]
        steps = sop.steps if all_steps else sop.critical_steps
        lines.extend(ChecklistLine(sop, step, role_id) for step in steps)
    return lines


def checklist_ids(handbook: Handbook) -> list[tuple[ChecklistKind, str]]:
    """Every role and process with at least one critical step to check, roles first; none in
    an edition without the audit loop."""
    if handbook.audits is None:
        return []
    return [
        (kind, item_id)
        for kind in CHECKLIST_KINDS
        for item_id in handbook.items(kind)
        if checklist_lines(handbook, kind, item_id)
    ]
