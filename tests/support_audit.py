"""A small audit fixture for the audit loop's tests: the minimal project plus two audit files.

The figures each test expects are computed by hand from the records listed here, numbered as
in the comments (records 9-11 are dated before their SOP's current `effective`: pha-tra is in
force since 2026-03-01, dong-ca since 2026-02-01).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support import MINIMAL, copy_project

# Comma-separated, plain UTF-8, with one all-empty row (skipped and counted).
AUDIT_A = (
    "date,branch,auditor,person,role,sop,step,result,note\n"
    "2026-09-03,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,trang-am,pass,\n"  # 1
    "2026-09-03,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3,fail,Ủ 2 phút\n"  # 2
    "2026-09-03,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,4,na,\n"  # 3
    ",,,,,,,,\n"
    "2026-10-05,Thủ Đức,Lan,Hoa,truong-ca,dong-ca,1,pass,\n"  # 4
    '2026-10-05,Thủ Đức,Lan,Hoa,truong-ca,pha-tra,3,fail,"Quên, hẹn giờ"\n'  # 5
    "2026-10-05,Thủ Đức,Lan,Hoa,truong-ca,pha-tra,1,pass,\n"  # 6
    "2026-10-20,Ân Thi,Lan,Hoa,truong-ca,pha-tra,4,pass,\n"  # 12
)
# As a spreadsheet in Vietnamese locale saves it: BOM, `;`, d/m/yyyy dates, untidy spaces.
AUDIT_B = (
    "\ufeffdate;branch;auditor;person;role;sop;step;result;note\r\n"
    "12/10/2026;Quận  1 ;Bảo;Minh;nhan-vien-pha-che;pha-tra;3;pass;\r\n"  # 7
    "12/10/2026;Quận 1;Bảo;Minh;nhan-vien-pha-che;pha-tra;trang-am;FAIL;Không tráng ấm\r\n"  # 8
    "2026-02-20;Quận 1;Bảo;Minh;nhan-vien-pha-che;pha-tra;3;fail;Bản cũ\r\n"  # 9 earlier
    "2026-02-20;Quận 1;Bảo;Minh;nhan-vien-pha-che;pha-tra;9;pass;\r\n"  # 10 earlier, step gone
    "2026-01-15;An Phú;Bảo;;chu-tiem;dong-ca;1;n/a;\r\n"  # 11 earlier
)

# `handbook audit report --format csv` for the fixture, figured by hand from records 1-12.
EXPECTED_REPORT_CSV = """\
scope,key,title,pass,fail,na,adherence
overall,,,5,3,1,62.5
sop,dong-ca,Đóng ca,1,0,0,100.0
sop,pha-tra,Pha trà sen,4,3,1,57.1
step,pha-tra#3,"Rót nước 85 °C, ủ 3 phút.",1,2,0,33.3
step,pha-tra#1,Tráng ấm bằng nước sôi.,2,1,0,66.7
step,dong-ca#1,Đếm tiền trong két.,1,0,0,100.0
step,pha-tra#4,Rót ra ly và phục vụ.,1,0,1,100.0
role,nhan-vien-pha-che,Nhân viên pha chế,2,2,1,50.0
role,truong-ca,Trưởng ca,3,1,0,75.0
branch,Ân Thi,,1,0,0,100.0
branch,Quận 1,,2,2,1,50.0
branch,Thủ Đức,,2,1,0,66.7
month,2026-09,,1,1,1,50.0
month,2026-10,,4,2,0,66.7
earlier-version,dong-ca,Đóng ca,0,0,1,
earlier-version,pha-tra,Pha trà sen,1,1,0,50.0
"""


def audit_project(target: Path) -> Path:
    """A copy of the minimal project whose content/audits/ holds AUDIT_A and AUDIT_B only."""
    project = copy_project(MINIMAL, target)
    audits = project / "content" / "audits"
    shutil.rmtree(audits)
    audits.mkdir()
    (audits / "a.csv").write_text(AUDIT_A, encoding="utf-8")
    (audits / "b.csv").write_bytes(AUDIT_B.encode("utf-8"))
    return project


def without_audits(target: Path) -> Path:
    project = copy_project(MINIMAL, target)
    shutil.rmtree(project / "content" / "audits")
    return project
