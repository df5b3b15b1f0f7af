"""Build-time SVG diagrams: structure read back from the SVG, text fitted by the font metrics,
and (e2e) the same strings rendered by WeasyPrint and by Chromium."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from generator.model.handbook import (
    Department,
    Handbook,
    Organisation,
    Process,
    ProcessStep,
    Role,
    Sop,
    Step,
)
from generator.model.markdown import Markdown
from generator.model.records import AuditData
from generator.render.common.locale import Locale
from generator.render.diagrams.bar_chart import Bar, bar_chart_svg
from generator.render.diagrams.line_chart import Point, line_chart_svg
from generator.render.diagrams.org_chart import org_chart_svg
from generator.render.diagrams.process_flow import process_flow_svg
from generator.render.diagrams.svg import scroll_container
from generator.render.diagrams.text_metrics import ELLIPSIS, text_width, wrap
from generator.resources import package_dir

from support_site import CHROMIUM_ARGS

SVG = "{http://www.w3.org/2000/svg}"
VI, EN = Locale("vi"), Locale("en")
LONG_TITLE = "Chuyên viên kiểm soát chất lượng dịch vụ và an toàn vệ sinh toàn chuỗi chi nhánh"


# --- Building models --------------------------------------------------------------------------


def _md(text: str = "") -> Markdown:
    return Markdown(text, f"<p>{text}</p>")


def role(
    role_id: str, title: str, reports_to: str | None = None, department: str = "le-tan"
) -> Role:
    return Role(
        id=role_id,
        title=title,
        department=department,
        reports_to=reports_to,
        purpose=_md("x"),
        responsibilities=(_md("x"),),
        sops=(),
    )


def sop(sop_id: str, title: str, code: str) -> Sop:
    return Sop(
        id=sop_id,
        title=title,
        code=code,
        version="1.0",
        effective=date(2026, 1, 1),
        owner="truong-ca",
        purpose=_md("x"),
        steps=(Step(number=1, action=_md("x")),),
    )


DEPARTMENTS = (
    Department(id="le-tan", name="Lễ tân"),
    Department(id="ky-thuat", name="Kỹ thuật trị liệu"),
    Department(id="van-hanh", name="Vận hành & Quản lý"),
)


def handbook(
    roles: Sequence[Role], sops: Sequence[Sop] = (), processes: Sequence[Process] = ()
) -> Handbook:
    return Handbook(
        organisation=Organisation(
            name="Công ty Hoa Sen", short_name="Hoa Sen Spa", language="vi", departments=DEPARTMENTS
        ),
        roles={r.id: r for r in roles},
        sops={s.id: s for s in sops},
        processes={p.id: p for p in processes},
        kpis={},
        okrs={},
        glossary={},
        audits=AuditData((), (), 0),
        today=date(2026, 11, 29),
    )


SPA_ROLES = (
    role("giam-doc", "Giám đốc điều hành", department="van-hanh"),
    role("chat-luong", "Chuyên viên kiểm soát chất lượng", "giam-doc", "van-hanh"),
    role("quan-ly", "Quản lý chi nhánh", "giam-doc", "van-hanh"),
    role("truong-ca", "Trưởng ca lễ tân", "quan-ly"),
    role("truong-nhom", "Trưởng nhóm kỹ thuật", "quan-ly", "ky-thuat"),
    role("le-tan", "Nhân viên lễ tân", "truong-ca"),
    role("thu-ngan", "Thu ngân", "truong-ca"),
    role("buong-phong", "Nhân viên buồng phòng", "truong-ca"),
    role("ky-thuat-vien", "Kỹ thuật viên trị liệu", "truong-nhom", "ky-thuat"),
)


def large_organisation(size: int = 50) -> list[Role]:
    """A chief, five directors, two managers each, three or four staff per manager, assistants."""
    roles = [role("r-ceo", "Tổng giám đốc điều hành", department="van-hanh")]
    for d in range(5):
        roles.append(role(f"d{d}", f"Giám đốc khối {d + 1}", "r-ceo", "van-hanh"))
        for m in range(2):
            roles.append(role(f"m{d}{m}", f"Trưởng phòng {d + 1}.{m + 1} {LONG_TITLE}", f"d{d}"))
            for s in range(3 + (d + m) % 2):
                roles.append(role(f"s{d}{m}{s}", f"Nhân viên {d + 1}.{m + 1}.{s + 1}", f"m{d}{m}"))
    roles += [role(f"t{i:02d}", f"Trợ lý {i}", "r-ceo") for i in range(size - len(roles))]
    return roles[:size]


# --- Reading SVG back -------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def touches(self, px: float, py: float) -> bool:
        """(px, py) lies on this box's outline."""
        inside_x = self.x - 0.11 <= px <= self.x + self.width + 0.11
        inside_y = self.y - 0.11 <= py <= self.y + self.height + 0.11
        on_edge = (
            min(
                abs(px - self.x),
                abs(px - self.x - self.width),
                abs(py - self.y),
                abs(py - self.y - self.height),
            )
            <= 0.11
        )
        return inside_x and inside_y and on_edge


def node_groups(root: ET.Element, attribute: str) -> dict[str, ET.Element]:
    return {el.get(attribute, ""): el for el in root.iter() if el.get(attribute) is not None}


def box_of(group: ET.Element) -> Box:
    rect = next(el for el in group.iter(f"{SVG}rect") if el.get("class", "").startswith("hbd-box"))
    return Box(*(float(rect.get(name, "0")) for name in ("x", "y", "width", "height")))


def texts(group: ET.Element) -> list[ET.Element]:
    return list(group.iter(f"{SVG}text"))


def segments(d: str) -> list[tuple[float, float, float, float]]:
    """Our connector paths: 'M x y' followed by V/H/L moves."""
    found: list[tuple[float, float, float, float]] = []
    for move in re.findall(r"M[^M]+", d):
        tokens = re.findall(r"[MVHL]|-?[\d.]+", move)
        x = y = 0.0
        index = 0
        while index < len(tokens):
            command = tokens[index]
            if command in ("M", "L"):
                nx, ny = float(tokens[index + 1]), float(tokens[index + 2])
                if command == "L":
                    found.append((x, y, nx, ny))
                x, y, index = nx, ny, index + 3
            elif command == "V":
                ny = float(tokens[index + 1])
                found.append((x, y, x, ny))
                y, index = ny, index + 2
            else:
                nx = float(tokens[index + 1])
                found.append((x, y, nx, y))
                x, index = nx, index + 2
    return found


def connectors(root: ET.Element) -> dict[str, list[tuple[float, float, float, float]]]:
    return {
        el.get("data-from", ""): segments(el.get("d", ""))
        for el in root.iter(f"{SVG}path")
        if el.get("data-from")
    }


def assert_edges_are_reporting_lines(svg: str, roles: Sequence[Role]) -> None:
    root = parse(svg)
    boxes = {role_id: box_of(group) for role_id, group in node_groups(root, "data-role").items()}
    assert set(boxes) == {r.id for r in roles}, "one node per role"
    assert len([el for el in root.iter() if el.get("data-role")]) == len(roles)
    lines = connectors(root)
    managers = {r.reports_to for r in roles if r.reports_to}
    assert set(lines) == managers, "one connector per manager"
    for manager, drawn in lines.items():
        ends = [(x1, y1) for x1, y1, _, _ in drawn] + [(x2, y2) for _, _, x2, y2 in drawn]
        reports = {r.id for r in roles if r.reports_to == manager}
        touched = {
            role_id for role_id, box in boxes.items() if any(box.touches(*end) for end in ends)
        }
        assert touched == reports | {manager}, f"{manager}'s connector joins exactly its reports"


# --- Reporting tree ---------------------------------------------------------------------------


def test_small_tree_is_top_down_with_one_node_per_role_and_edges_from_reports_to() -> None:
    svg = org_chart_svg(handbook(SPA_ROLES), VI)
    assert_edges_are_reporting_lines(svg, SPA_ROLES)
    boxes = {k: box_of(g) for k, g in node_groups(parse(svg), "data-role").items()}
    # Top-down: reports sit below their manager; two branches side by side.
    assert boxes["quan-ly"].y > boxes["giam-doc"].y
    assert boxes["truong-ca"].y == boxes["truong-nhom"].y
    assert boxes["truong-ca"].x != boxes["truong-nhom"].x
    # The three leaves of one manager are stacked in one column, not spread sideways.
    assert len({boxes[r].x for r in ("le-tan", "thu-ngan", "buong-phong")}) == 1


def test_fifty_roles_become_an_indented_list_that_fits_a_phone() -> None:
    roles = large_organisation(50)
    svg = org_chart_svg(handbook(roles), VI)
    assert_edges_are_reporting_lines(svg, roles)
    width = float(parse(svg).get("viewBox", "").split()[2])
    assert width <= 358
    boxes = {k: box_of(g) for k, g in node_groups(parse(svg), "data-role").items()}
    assert boxes["d0"].x > boxes["r-ceo"].x and boxes["m00"].x > boxes["d0"].x  # one step in


def test_max_rows_flows_the_list_into_columns() -> None:
    roles = large_organisation(50)
    one_column = org_chart_svg(handbook(roles), VI)
    columns = org_chart_svg(handbook(roles), VI, max_rows=20)
    assert_edges_are_reporting_lines(columns, roles)
    lefts = sorted({box_of(g).x for g in node_groups(parse(columns), "data-role").values()})
    # Indent steps are small; a jump wider than a box's half-width starts another column.
    starts = [lefts[0]] + [b for a, b in itertools.pairwise(lefts) if b - a > 100]
    assert len(starts) == 3
    per_column = [
        sum(
            1
            for g in node_groups(parse(columns), "data-role").values()
            if start <= box_of(g).x < end
        )
        for start, end in zip(starts, [*starts[1:], float("inf")], strict=True)
    ]
    assert sum(per_column) == 50 and max(per_column) <= 20
    tall = float(parse(one_column).get("viewBox", "").split()[3])
    short = float(parse(columns).get("viewBox", "").split()[3])
    assert short < tall / 2


def test_several_roots_each_get_their_own_tree() -> None:
    roles = [
        *SPA_ROLES,
        role("ke-toan", "Kế toán trưởng", department="van-hanh"),
        role("thu-quy", "Thủ quỹ", "ke-toan"),
    ]
    svg = org_chart_svg(handbook(roles), VI)
    assert_edges_are_reporting_lines(svg, roles)


def test_links_only_where_url_for_gives_one() -> None:
    def url_for(role_id: str) -> str | None:
        return None if role_id == "thu-ngan" else f"roles/{role_id}/"

    root = parse(org_chart_svg(handbook(SPA_ROLES), VI, url_for))
    links = {a.get("data-role"): a.get("href") for a in root.iter(f"{SVG}a")}
    assert links == {r.id: f"roles/{r.id}/" for r in SPA_ROLES if r.id != "thu-ngan"}
    assert node_groups(root, "data-role")["thu-ngan"].tag == f"{SVG}g"
    assert not list(parse(org_chart_svg(handbook(SPA_ROLES), VI)).iter(f"{SVG}a"))


def test_text_is_escaped() -> None:
    title = 'R&D <Phòng "thí nghiệm">'
    roles = [role("rd", title, department="van-hanh")]
    svg = org_chart_svg(handbook(roles), VI, lambda r: f"?a=1&b={r}")
    assert "&amp;" in svg and "&lt;Phòng" in svg and "<Phòng" not in svg
    root = parse(svg)
    group = node_groups(root, "data-role")["rd"]
    assert " ".join(t.text or "" for t in texts(group) if t.get("font-weight")) == title
    assert group.get("href") == "?a=1&b=rd"


def test_same_input_same_bytes_whatever_the_mapping_order() -> None:
    first = org_chart_svg(handbook(SPA_ROLES), VI, lambda r: f"roles/{r}/")
    again = org_chart_svg(handbook(SPA_ROLES), VI, lambda r: f"roles/{r}/")
    reordered = org_chart_svg(handbook(list(reversed(SPA_ROLES))), VI, lambda r: f"roles/{r}/")
    assert first == again == reordered


def test_long_vietnamese_titles_wrap_inside_their_box() -> None:
    roles = [
        role("a", LONG_TITLE, department="van-hanh"),
        role("b", "Nhân viên chăm sóc khách hàng sau dịch vụ", "a"),
    ]
    root = parse(org_chart_svg(handbook(roles), VI))
    for role_id, group in node_groups(root, "data-role").items():
        box = box_of(group)
        title_lines = [t for t in texts(group) if t.get("font-weight") == "600"]
        assert 1 < len(title_lines) <= 3 or role_id == "b"
        for line in texts(group):
            size = float(line.get("font-size", "13"))
            weight = "semibold" if line.get("font-weight") == "600" else "regular"
            right = float(line.get("x", "0")) + text_width(line.text or "", size, weight)
            assert right <= box.x + box.width - 8, f"{line.text!r} overflows its box"
    long_group = node_groups(root, "data-role")["a"]
    shown = " ".join(t.text or "" for t in texts(long_group) if t.get("font-weight") == "600")
    assert shown.endswith(ELLIPSIS)  # three lines were not enough ...
    assert LONG_TITLE in (long_group.findtext(f"{SVG}title") or "")  # ... the tooltip has it all


def test_wrap_breaks_at_spaces_and_cuts_with_an_ellipsis() -> None:
    wrapped = wrap("Đón tiếp khách tại quầy lễ tân", 90, 13)
    assert " ".join(wrapped.lines) == "Đón tiếp khách tại quầy lễ tân" and not wrapped.truncated
    assert all(text_width(line, 13) <= 90 for line in wrapped.lines)
    cut = wrap(LONG_TITLE, 90, 13, max_lines=2)
    assert len(cut.lines) == 2 and cut.truncated and cut.lines[-1].endswith(ELLIPSIS)
    assert text_width(cut.lines[-1], 13) <= 90


def test_focus_draws_the_line_of_managers_and_the_direct_reports() -> None:
    root = parse(org_chart_svg(handbook(SPA_ROLES), VI, focus="truong-ca"))
    groups = node_groups(root, "data-role")
    assert set(groups) == {"giam-doc", "quan-ly", "truong-ca", "le-tan", "thu-ngan", "buong-phong"}
    focused = [
        k
        for k, g in groups.items()
        if any(r.get("class") == "hbd-box-focus" for r in g.iter(f"{SVG}rect"))
    ]
    assert focused == ["truong-ca"]
    assert "Trưởng ca lễ tân" in (root.get("aria-label") or "")


def test_accessible_and_self_contained() -> None:
    svg = org_chart_svg(handbook(SPA_ROLES), VI, lambda r: f"roles/{r}/")
    root = parse(svg)
    # Its boxes link to the roles: a labelled group of links (an image would hide them).
    assert root.get("role") == "group"
    assert root.get("aria-label") == "Sơ đồ tổ chức: Hoa Sen Spa" == root.findtext(f"{SVG}title")
    assert parse(org_chart_svg(handbook(SPA_ROLES), VI, lambda r: None)).get("role") == "img"
    assert "<script" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "@import" not in svg and "url(" not in svg and "@font-face" not in svg
    assert "Be Vietnam Pro" in (root.get("font-family") or "")
    assert "Nhân viên lễ tân" in "".join(root.itertext())


# --- Process flow -----------------------------------------------------------------------------

FLOW_SOPS = (
    sop("dat-lich", "Đặt lịch hẹn qua điện thoại và Zalo", "SOP-LT-02"),
    sop("don-tiep", "Đón tiếp khách tại quầy", "SOP-LT-01"),
    sop("thanh-toan", "Thanh toán & xuất hoá đơn", "SOP-LT-05"),
)


def step(number: int, title: str, role_id: str, sop_id: str | None = None) -> ProcessStep:
    return ProcessStep(number=number, title=title, role=role_id, sop=sop_id)


SERVE = Process(
    id="phuc-vu",
    title="Phục vụ khách từ đặt lịch đến thanh toán",
    owner="quan-ly",
    purpose=_md("x"),
    steps=(
        step(1, "Nhận và xác nhận lịch hẹn", "le-tan", "dat-lich"),
        step(2, "Nhắc lịch trước 24 giờ", "le-tan", "dat-lich"),
        step(3, "Chuẩn bị phòng trị liệu", "ky-thuat-vien"),
        step(4, "Đón tiếp và check-in", "le-tan", "don-tiep"),
        step(5, "Thanh toán và hẹn lần sau", "thu-ngan", "thanh-toan"),
        step(6, "Gọi lại khách chưa hài lòng trong vòng 24 giờ & ghi nhận", "truong-ca"),
    ),
    kpis=(),
)


def flow(url_for: Callable[[str, str], str | None] | None = None, **options: str) -> ET.Element:
    book = handbook(SPA_ROLES, FLOW_SOPS, (SERVE,))
    return parse(process_flow_svg(book, SERVE, VI, url_for, **options))  # type: ignore[arg-type]


def lane_columns(root: ET.Element) -> list[tuple[str, float, float]]:
    """(role id, left, right) of each lane, from the header texts' centres and the lane width."""
    lanes = []
    width = float(root.get("viewBox", "").split()[2])
    heads = [el for el in root.iter() if el.get("data-lane")]
    for index, head in enumerate(heads):
        lanes.append(
            (
                head.get("data-lane", ""),
                index * width / len(heads),
                (index + 1) * width / len(heads),
            )
        )
    return lanes


def test_one_lane_per_role_in_order_of_first_appearance() -> None:
    root = flow()
    heads = [el for el in root.iter() if el.get("data-lane")]
    assert [h.get("data-lane") for h in heads] == [
        "le-tan",
        "ky-thuat-vien",
        "thu-ngan",
        "truong-ca",
    ]
    assert [" ".join(t.text or "" for t in texts(h)) for h in heads] == [
        "Nhân viên lễ tân",
        "Kỹ thuật viên trị liệu",
        "Thu ngân",
        "Trưởng ca lễ tân",
    ]


def test_steps_are_numbered_in_order_inside_their_roles_lane() -> None:
    root = flow()
    lanes = {role_id: (left, right) for role_id, left, right in lane_columns(root)}
    groups = node_groups(root, "data-step")
    assert list(groups) == [str(s.number) for s in SERVE.steps]
    previous_bottom = 0.0
    for process_step in SERVE.steps:
        group = groups[str(process_step.number)]
        box = box_of(group)
        left, right = lanes[process_step.role]
        assert left <= box.x and box.x + box.width <= right
        assert box.y > previous_bottom  # each step below the one before it
        previous_bottom = box.y + box.height
        words = [t.text for t in texts(group)]
        assert words[0] == str(process_step.number)
        title = " ".join(t.text or "" for t in texts(group)[1:])
        assert title == process_step.title
        for line in texts(group)[1:]:
            right_edge = float(line.get("x", "0")) + text_width(line.text or "", 12.5, "semibold")
            assert right_edge <= box.x + box.width


def test_arrows_lead_from_each_step_to_the_next() -> None:
    root = flow()
    boxes = [box_of(g) for g in node_groups(root, "data-step").values()]
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("class") == "hbd-edge"]
    assert len(arrows) == 1
    drawn = arrows[0].get("d", "")
    assert drawn.count("M") == len(SERVE.steps) - 1
    heads = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "hbd-arrow"]
    assert len(heads) == len(SERVE.steps) - 1
    for head, target in zip(heads, boxes[1:], strict=True):
        tip = head.get("points", "").split()[-1].split(",")
        assert float(tip[0]) == pytest.approx(target.x + target.width / 2, abs=0.1)
        assert float(tip[1]) == pytest.approx(target.y, abs=0.1)


def test_sops_are_shown_and_linked_when_url_for_gives_a_url() -> None:
    linked = flow(lambda kind, item: f"{kind}s/{item}/")
    sops = [el for el in linked.iter() if el.get("data-sop")]
    assert [el.get("data-sop") for el in sops] == ["dat-lich", "dat-lich", "don-tiep", "thanh-toan"]
    assert all(
        el.tag == f"{SVG}a" and el.get("href") == f"sops/{el.get('data-sop')}/" for el in sops
    )
    shown = " ".join(" ".join(t.text or "" for t in texts(el)) for el in sops)
    assert "SOP-LT-02 · Đặt lịch hẹn qua điện thoại và Zalo" in shown
    assert "Thanh toán & xuất hoá đơn" in shown
    lanes = {el.get("data-lane"): el for el in linked.iter() if el.get("data-lane")}
    assert lanes["thu-ngan"].get("href") == "roles/thu-ngan/"
    plain = flow()
    assert not list(plain.iter(f"{SVG}a"))
    assert len([el for el in plain.iter() if el.get("data-sop")]) == 4


def test_highlight_role_marks_only_that_roles_steps() -> None:
    root = flow(highlight_role="le-tan")
    focused = [
        key
        for key, group in node_groups(root, "data-step").items()
        if any(r.get("class") == "hbd-box-focus" for r in group.iter(f"{SVG}rect"))
    ]
    assert focused == ["1", "2", "4"]


def test_flow_is_deterministic_and_escaped() -> None:
    book = handbook(SPA_ROLES, FLOW_SOPS, (SERVE,))
    first = process_flow_svg(book, SERVE, VI, lambda k, i: f"{k}/{i}?x=1&y=2")
    assert first == process_flow_svg(book, SERVE, VI, lambda k, i: f"{k}/{i}?x=1&y=2")
    assert "x=1&amp;y=2" in first and "Thanh toán &amp; xuất" in first
    assert parse(first).get("aria-label") == f"Sơ đồ quy trình: {SERVE.title}"


# --- Charts -----------------------------------------------------------------------------------


def bar_rows(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") in ("hbd-bar", "hbd-bar-low")]


def test_bar_chart_figures_bars_links_and_long_labels() -> None:
    long_label = "Hỏi sức khoẻ và chống chỉ định trước mọi dịch vụ chạm vào da hoặc tóc của khách, kể cả khách quen lâu năm đã từng làm dịch vụ này nhiều lần tại chi nhánh"
    bars = [
        Bar("Đón tiếp khách tại quầy", 92.3, "12 đạt / 1 không đạt", "sops/don-tiep/"),
        Bar(long_label, 71.42857, "10 đạt / 4 không đạt"),
        Bar("Thanh toán", None, "0 đạt / 0 không đạt"),
        Bar("Khử khuẩn <dụng cụ> & khăn", 100),
    ]
    svg = bar_chart_svg(bars, locale=VI, title="Tỷ lệ tuân thủ theo SOP", target=90)
    root = parse(svg)
    words = [t.text for t in root.iter(f"{SVG}text")]
    assert "92,3%" in words and "71,4%" in words and "100%" in words and "–" in words
    assert "Mục tiêu: 90%" in words and "12 đạt / 1 không đạt" in words
    assert "Khử khuẩn <dụng cụ> & khăn" in words and "&lt;dụng cụ&gt; &amp;" in svg
    drawn = bar_rows(root)
    assert len(drawn) == 3  # no bar without data
    width = float(root.get("viewBox", "").split()[2])
    assert [float(r.get("width", "0")) for r in drawn] == pytest.approx(
        [width * 0.923, width * 0.7142857, width], abs=0.1
    )
    assert [r.get("class") for r in drawn] == ["hbd-bar", "hbd-bar-low", "hbd-bar"]
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["sops/don-tiep/"]
    truncated = next(g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == long_label)
    shown = [t.text or "" for t in texts(truncated)]
    assert len(shown) == 2 and shown[-1].endswith(ELLIPSIS)
    assert all(text_width(line, 13) <= width for line in shown)
    english = parse(bar_chart_svg(bars, locale=EN, title="By SOP"))
    assert "71.4%" in [t.text for t in english.iter(f"{SVG}text")]
    assert bar_chart_svg(bars, locale=VI, title="x") == bar_chart_svg(bars, locale=VI, title="x")


def test_line_chart_gaps_labels_and_target() -> None:
    points = [
        Point("2026-06", 78.5),
        Point("2026-07", 81),
        Point("2026-08", None),
        Point("2026-10", 92.25),
        Point("2026-11", 95),
    ]
    svg = line_chart_svg(points, locale=VI, title="Tỷ lệ tuân thủ theo tháng", target=90)
    root = parse(svg)
    words = [t.text for t in root.iter(f"{SVG}text")]
    months = [w for w in words if w and re.fullmatch(r"\d\d/\d{4}", w)]
    assert months == ["06/2026", "07/2026", "08/2026", "09/2026", "10/2026", "11/2026"]
    assert "92,3%" in words and "78,5%" in words and "Mục tiêu: 90%" in words
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "hbd-dot"]
    assert len(dots) == 4
    line = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "hbd-line")
    assert line.get("d", "").count("M") == 2  # June–July, then October–November: gaps for Aug, Sep
    target = [
        p
        for p in root.iter(f"{SVG}path")
        if p.get("class") == "hbd-target" and p.get("stroke-dasharray")
    ]
    assert len(target) == 2  # the line across the plot and its legend sample
    english = [
        t.text for t in parse(line_chart_svg(points, locale=EN, title="t")).iter(f"{SVG}text")
    ]
    assert "Jun 2026" in english and "92.3%" in english
    assert line_chart_svg(points, locale=VI, title="t") == line_chart_svg(
        points, locale=VI, title="t"
    )


def test_charts_without_data_say_so() -> None:
    for svg in (bar_chart_svg([], locale=VI, title="x"), line_chart_svg([], locale=VI, title="x")):
        assert "Chưa có dữ liệu kiểm tra." in "".join(parse(svg).itertext())


# --- Rendered by WeasyPrint and by Chromium (e2e) ---------------------------------------------


def _diagrams_page() -> str:
    book = handbook(SPA_ROLES, FLOW_SOPS, (SERVE,))
    return "".join(
        [
            org_chart_svg(book, VI),
            process_flow_svg(book, SERVE, VI),
            bar_chart_svg([Bar("Đón tiếp khách tại quầy", 100)], locale=VI, title="Tuân thủ"),
        ]
    )


@pytest.mark.e2e
def test_weasyprint_renders_the_text_and_the_print_colours(tmp_path: Path) -> None:
    import pypdfium2

    html = tmp_path / "page.html"
    html.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body>{_diagrams_page()}</body></html>',
        encoding="utf-8",
    )
    pdf = tmp_path / "page.pdf"
    script = textwrap.dedent(
        """
        import sys, weasyprint
        weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
        """
    )
    environment = {
        **os.environ,
        "FONTCONFIG_FILE": str(package_dir("fonts") / "fonts.conf"),
        "XDG_CACHE_HOME": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "-c", script, str(html), str(pdf)],
        check=True,
        env=environment,
        timeout=120,
    )
    document = pypdfium2.PdfDocument(str(pdf))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    for words in (
        "Giám đốc điều hành",
        "Nhân viên buồng phòng",
        "Kỹ thuật trị liệu",
        "Nhận và xác nhận",
        "SOP-LT-02",
        "Đón tiếp khách tại quầy",
    ):
        assert words in text.replace("\r\n", " ").replace("\n", " ")
    # The 100 % bar is painted in the print teal, not black: WeasyPrint must skip the screen CSS.
    last = document[len(document) - 1]
    image = last.render(scale=1).to_pil().convert("RGB")
    assert (0x00, 0x89, 0x7B) in {colour for _, colour in image.getcolors(1 << 24) or []}


@pytest.fixture
def chromium_page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 390, "height": 800})
        yield page
        browser.close()


@pytest.mark.e2e
def test_chromium_phone_scrolls_the_diagram_not_the_page_and_follows_the_theme(
    chromium_page: Page, tmp_path: Path
) -> None:
    page = chromium_page
    html = tmp_path / "page.html"
    body = "".join(
        scroll_container(svg) for svg in re.findall(r"<svg.*?</svg>", _diagrams_page(), re.S)
    )
    html.write_text(
        "<!doctype html><html><head><meta name='viewport' content='width=device-width'></head>"
        "<body style='margin:0 16px;--md-default-fg-color:rgb(1, 2, 3)'>" + body + "</body></html>",
        encoding="utf-8",
    )
    page.goto(html.as_uri())
    assert page.evaluate("document.scrollingElement.scrollWidth") == 390
    boxes = page.evaluate(
        "[...document.querySelectorAll('.hbd-scroll')].map(b => [b.scrollWidth, b.clientWidth])"
    )
    assert boxes[1][0] > boxes[1][1]  # the four-lane flow scrolls inside its own box
    assert boxes[2][0] == boxes[2][1]  # the bar chart fits the phone
    fill = "getComputedStyle(document.querySelector('svg.hbd text.hbd-text')).fill"
    assert page.evaluate(fill) == "rgb(1, 2, 3)"
    page.emulate_media(media="print")
    assert page.evaluate(fill) == "rgb(31, 35, 40)"
