"""A small results fixture: the audit fixture (support_audit) plus two KPIs and results files.

Every figure the tests expect is counted by hand from these rows and the audit records
numbered in support_audit (pha-tra, the SOP both KPIs are linked to, is audited in Quận 1 in
September and October, in Thủ Đức and Ân Thi in October; records 9-10 are of an earlier version).
"""

from __future__ import annotations

from pathlib import Path

from support_audit import audit_project

SATISFACTION = """\
name: Tỷ lệ khách hài lòng
definition: Phiếu 4–5 sao trên tổng số phiếu.
value: Khách quay lại.
formula: Số phiếu 4–5 sao / tổng số phiếu × 100
unit: "%"
direction: higher_is_better
target: 95
threshold: 90
frequency: monthly
data_source: Phiếu khảo sát
owner: truong-ca
"""
# No threshold: what is not on target is off track.
REVENUE = """\
name: Doanh thu quý
definition: Doanh thu của quý.
value: Tiệm sống được.
formula: Tổng hoá đơn
unit: triệu ₫
direction: higher_is_better
target: 100
frequency: quarterly
data_source: Máy POS
owner: truong-ca
"""
RESULTS_A = (
    "date,kpi,value,branch,note\n"
    "2026-02-10,hai-long,96,Quận 1,\n"  # Feb: only earlier-version audits
    '2026-09-15,hai-long,"95,0",Quận 1,\n'  # on target (= target)
    "2026-10-31,hai-long,94.9,quận  1,Tháng bận\n"  # at risk, down 0.1; same branch
    "2026-10-01,hai-long,89.9,,\n"  # organisation-wide: off track
    "2026-12-28,thoi-gian-phuc-vu,5,Quận 1,\n"  # 2026-W53, on target (lower is better)
    "2027-01-04,thoi-gian-phuc-vu,7,Quận 1,\n"  # 2027-W01, at risk (= threshold)
)
RESULTS_B = (
    "\ufeffdate;kpi;value;branch\r\n"
    "11/1/2027;thoi-gian-phuc-vu;7,1;Quận 1\r\n"  # 2027-W02, off track
    "30/9/2026;doanh-thu;100;\r\n"  # 2026-Q3 on target
    "1/10/2026;doanh-thu;-3;\r\n"  # 2026-Q4 off track (no threshold)
)


def results_project(target: Path) -> Path:
    project = audit_project(target)
    kpis = project / "content" / "kpis"
    (kpis / "hai-long.yml").write_text(SATISFACTION, encoding="utf-8")
    (kpis / "doanh-thu.yml").write_text(REVENUE, encoding="utf-8")
    sop = project / "content" / "sops" / "pha-tra.yml"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(text.replace("kpis: [thoi-gian-phuc-vu]", "kpis: [thoi-gian-phuc-vu, hai-long]"))
    results = project / "content" / "results"
    results.mkdir()
    (results / "a.csv").write_text(RESULTS_A, encoding="utf-8")
    (results / "b.csv").write_bytes(RESULTS_B.encode("utf-8"))
    return project
