"""A small project with a roster and training records: the minimal fixture (roles truong-ca
[dong-ca, pha-tra], nhan-vien-pha-che [pha-tra]) plus content/people.csv and one training file.

As of support.TODAY (2026-11-29): NV1 Quận 1 pha-tra outdated (trained on 1.0, retraining since
1.1 of 01/03/2026), dong-ca current; NV2 Quận 1 pha-tra due (joined 1 Nov, due 1 Dec); NV3 Thủ
Đức pha-tra failed, dong-ca overdue (due 31 Jan); NV4 left on 1 Jun and counts nowhere. The names
and the trainer occur nowhere else in the project.
"""

from __future__ import annotations

from pathlib import Path

from support import MINIMAL, copy_project

PEOPLE_NAMES = ("Yến Trần Mai", "An Khánh Vy", "Bảo Ngọc Hà", "Cù Lệ Thu", "Chị Hạnh Quế")

PEOPLE = (
    "person,name,role,branch,joined,left\n"
    "NV1,Yến Trần Mai,truong-ca,Quận 1,2026-01-01,\n"
    "NV2,An Khánh Vy,nhan-vien-pha-che,Quận 1,2026-11-01,\n"
    "NV3,Bảo Ngọc Hà,nhan-vien-pha-che|truong-ca,Thủ Đức,2026-01-01,\n"
    "NV4,Cù Lệ Thu,truong-ca,Thủ Đức,2025-01-01,2026-06-01\n"
)
RECORDS = (
    "date,person,sop,version,trainer,result\n"
    "2026-10-01,NV1,pha-tra,1.0,Chị Hạnh Quế,pass\n"
    "2026-10-01,NV1,dong-ca,1.0,Chị Hạnh Quế,pass\n"
    "2026-10-02,NV3,pha-tra,1.1,Chị Hạnh Quế,fail\n"
    "2026-10-02,NV4,pha-tra,1.1,Chị Hạnh Quế,pass\n"
)


def training_project(target: Path) -> Path:
    project = copy_project(MINIMAL, target)
    (project / "content" / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (project / "content" / "training").mkdir()
    (project / "content" / "training" / "2026-10.csv").write_text(RECORDS, encoding="utf-8")
    return project
