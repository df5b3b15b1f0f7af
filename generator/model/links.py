"""Derived two-way links, worked out once from the base items (and again for each edition)."""

from __future__ import annotations

from dataclasses import replace

from generator.model.handbook import Handbook, KeyResultRef, RoleTarget


def link(handbook: Handbook) -> Handbook:
    """Fill every derived link from the base items (run again after filtering an edition)."""
    roles, sops, processes, kpis, okrs = (
        handbook.roles,
        handbook.sops,
        handbook.processes,
        handbook.kpis,
        handbook.okrs,
    )
    key_results_of_role: dict[str, list[KeyResultRef]] = {}
    key_results_of_kpi: dict[str, list[KeyResultRef]] = {}
    for okr in okrs.values():
        for o_index, objective in enumerate(okr.objectives):
            for k_index, key_result in enumerate(objective.key_results):
                ref = KeyResultRef(okr.id, o_index, k_index)
                for role_id in key_result.roles:
                    key_results_of_role.setdefault(role_id, []).append(ref)
                if key_result.kpi:
                    key_results_of_kpi.setdefault(key_result.kpi, []).append(ref)

    processes_of_role: dict[str, list[str]] = {}
    for process in processes.values():
        for role_id in process.raci():
            processes_of_role.setdefault(role_id, []).append(process.id)

    linked_roles = {
        role.id: replace(
            role,
            direct_reports=tuple(r.id for r in roles.values() if r.reports_to == role.id),
            processes=tuple(processes_of_role.get(role.id, ())),
            key_results=tuple(key_results_of_role.get(role.id, ())),
        )
        for role in roles.values()
    }
    linked_sops = {
        sop.id: replace(
            sop,
            performed_by=tuple(r.id for r in roles.values() if sop.id in r.sops),
            used_in=tuple(
                p.id for p in processes.values() if any(s.sop == sop.id for s in p.steps)
            ),
        )
        for sop in sops.values()
    }
    linked_kpis = {
        kpi.id: replace(
            kpi,
            driven_by=tuple(s.id for s in sops.values() if kpi.id in s.kpis),
            measured=tuple(
                RoleTarget(role.id, role_kpi.target)
                for role in roles.values()
                for role_kpi in role.kpis
                if role_kpi.kpi == kpi.id
            ),
            key_results=tuple(key_results_of_kpi.get(kpi.id, ())),
            processes=tuple(p.id for p in processes.values() if kpi.id in p.kpis),
        )
        for kpi in kpis.values()
    }
    return replace(handbook, roles=linked_roles, sops=linked_sops, kpis=linked_kpis)
