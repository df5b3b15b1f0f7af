"""The one place that decides visibility: a copy of the handbook with only what an audience sees.

Templates and renderers never test `visibility` or the audience. The staff edition leaves out
managers-only items wherever they would appear, every role's coaching notes, all audit data, all
KPI results, the roster and the training records (`audits`, `results` and `training` are None: no
audit report, no checklists, no scorecard, no training page); a leak cannot come from a forgotten
`if`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

from generator.model.handbook import Audience, Handbook
from generator.model.links import link

NO_DATE = date(1980, 1, 1)
# The label naming each edition (books print it on the cover).
EDITION_LABELS: dict[Audience, str] = {"staff": "staff_edition", "managers": "managers_edition"}


def for_audience(handbook: Handbook, audience: Audience) -> Handbook:
    if audience == "managers":
        managers = replace(handbook, audience="managers")
        return replace(managers, content_files=referenced_files(managers))
    staff = link(_staff_items(handbook))
    return replace(staff, content_files=referenced_files(staff))


def _staff_items(handbook: Handbook) -> Handbook:
    roles = {i: r for i, r in handbook.roles.items() if r.visibility == "staff"}
    sops = {i: s for i, s in handbook.sops.items() if s.visibility == "staff"}
    processes = {i: p for i, p in handbook.processes.items() if p.visibility == "staff"}
    kpis = {i: k for i, k in handbook.kpis.items() if k.visibility == "staff"}
    okrs = {i: o for i, o in handbook.okrs.items() if o.visibility == "staff"}

    def keep(ids: tuple[str, ...], allowed: Mapping[str, object]) -> tuple[str, ...]:
        return tuple(i for i in ids if i in allowed)

    staff_roles = {
        i: replace(
            role,
            reports_to=role.reports_to if role.reports_to in roles else None,
            sops=keep(role.sops, sops),
            kpis=tuple(k for k in role.kpis if k.kpi in kpis),
            onboarding=tuple(replace(p, sops=keep(p.sops, sops)) for p in role.onboarding),
            coaching=(),
        )
        for i, role in roles.items()
    }
    staff_sops = {i: replace(sop, kpis=keep(sop.kpis, kpis)) for i, sop in sops.items()}
    staff_processes = {
        i: replace(
            process,
            steps=tuple(
                replace(
                    step,
                    sop=step.sop if step.sop in sops else None,
                    consulted=keep(step.consulted, roles),
                    informed=keep(step.informed, roles),
                )
                for step in process.steps
            ),
            kpis=keep(process.kpis, kpis),
        )
        for i, process in processes.items()
    }
    staff_okrs = {
        i: replace(
            okr,
            objectives=tuple(
                replace(
                    objective,
                    key_results=tuple(
                        replace(
                            kr,
                            kpi=kr.kpi if kr.kpi in kpis else None,
                            roles=keep(kr.roles, roles),
                        )
                        for kr in objective.key_results
                    ),
                )
                for objective in okr.objectives
            ),
        )
        for i, okr in okrs.items()
    }
    return replace(
        handbook,
        roles=staff_roles,
        sops=staff_sops,
        processes=staff_processes,
        kpis=kpis,
        okrs=staff_okrs,
        audits=None,
        results=None,
        training=None,
        audience="staff",
    )


def announces_edition(handbook: Handbook) -> bool:
    """Whether the site's home page says which edition it is: the managers edition does, so a
    shared link is never mistaken for the staff site."""
    return handbook.audience == "managers"


def referenced_files(handbook: Handbook) -> tuple[str, ...]:
    """Files under content/ that the handbook's items use (the logo, images, linked files)."""
    found = {path for value in handbook.markdown_values() for path in value.files}
    found.update(step.image for sop in handbook.sops.values() for step in sop.steps if step.image)
    if handbook.organisation.logo:
        found.add(handbook.organisation.logo)
    return tuple(sorted(found))


def edition_date(handbook: Handbook) -> date:
    """The newest effective, reviewed or revision date in this edition (1980-01-01 if none)."""
    dates = [
        day
        for sop in handbook.sops.values()
        for day in (sop.effective, sop.reviewed, *(r.date for r in sop.revisions))
        if day is not None
    ]
    return max(dates, default=NO_DATE)


def source_date_epoch(day: date) -> int:
    """Seconds since the epoch for midnight UTC of `day` (for SOURCE_DATE_EPOCH)."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


# Tools that stamp files with SOURCE_DATE_EPOCH (gzip, fontTools) take 1970 to 2106 only.
_TOOL_EPOCHS = (0, 2**32 - 1)


def tool_epoch(epoch: int) -> int:
    """SOURCE_DATE_EPOCH as the tools can take it: any date from year 1 to 9999 builds (the
    books still print their own edition date)."""
    low, high = _TOOL_EPOCHS
    return min(max(epoch, low), high)
