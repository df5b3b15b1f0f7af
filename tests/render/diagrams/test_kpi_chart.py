"""The KPI results chart: its points follow the values, its lines the target and threshold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from support_results import results_project

from generator.model.handbook import Handbook
from generator.model.periods import period_of
from generator.query.kpi import kpi_report
from generator.render.common.locale import Locale
from generator.render.diagrams.kpi_chart import results_chart_svg

from support import load_handbook

SVG = "{http://www.w3.org/2000/svg}"
VI = Locale("vi")


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    return load_handbook(results_project(tmp_path_factory.mktemp("chart") / "p"))


def _points(svg: str) -> list[tuple[str, str, Decimal, float, float]]:
    """(branch, period, value, x, y) of every point, from the SVG's marks and its markers."""
    found = []
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if "data-branch" not in group.attrib:
            continue
        marker = next(child for child in group if child.tag != f"{SVG}title")
        if marker.tag == f"{SVG}circle":
            x, y = float(marker.get("cx", "")), float(marker.get("cy", ""))
        else:  # a square
            x = float(marker.get("x", "")) + 4
            y = float(marker.get("y", "")) + 4
        found.append(
            (
                group.get("data-branch", ""),
                group.get("data-period", ""),
                Decimal(group.get("data-value", "")),
                x,
                y,
            )
        )
    return found


def _lines(svg: str) -> dict[str, tuple[Decimal, float]]:
    """The target and threshold lines: their value and y."""
    return {
        group.get("data-line", ""): (
            Decimal(group.get("data-value", "")),
            float(next(group.iter(f"{SVG}path")).get("d", "").split()[1].split("H")[0]),
        )
        for group in ET.fromstring(svg).iter(f"{SVG}g")
        if "data-line" in group.attrib
    }


def test_points_follow_the_values_and_lines_the_target_and_threshold(
    handbook: Handbook,
) -> None:
    series = kpi_report(handbook).of_kpi("hai-long")
    svg = results_chart_svg(series, VI, "t")
    points = _points(svg)
    assert [(b, p, v) for b, p, v, _, _ in points] == [
        ("Toàn hệ thống", "2026-10", Decimal("89.9")),
        ("Quận 1", "2026-02", Decimal("96")),
        ("Quận 1", "2026-09", Decimal("95.0")),
        ("Quận 1", "2026-10", Decimal("94.9")),
    ]
    # y is one linear function of the value, higher values drawn higher.
    (_, _, v1, _, y1), (_, _, v2, _, y2) = points[0], points[1]
    scale = (y1 - y2) / float(v2 - v1)
    assert scale > 0
    for _, _, value, _, y in points:
        assert y == pytest.approx(y1 - scale * float(value - v1), abs=0.15)
    # x by period: the same period at the same x, later periods to the right.
    xs = {period: x for _, period, _, x, _ in points}
    assert points[0][3] == points[3][3] == xs["2026-10"]
    assert xs["2026-02"] < xs["2026-09"] < xs["2026-10"]
    # The target (95) and threshold (90) lines lie where those values would.
    lines = _lines(svg)
    assert sorted(lines) == ["target", "threshold"]
    assert [lines["target"][0], lines["threshold"][0]] == [Decimal(95), Decimal(90)]
    for value, y in lines.values():
        assert y == pytest.approx(y1 - scale * float(value - v1), abs=0.15)
    assert "<script" not in svg and "href" not in svg


def test_the_last_twelve_periods_per_branch(handbook: Handbook) -> None:
    results = handbook.results
    assert results is not None
    first = results.results[1]  # hai-long, Quận 1
    days = [date(2025, 1, 15) + timedelta(days=31 * n) for n in range(15)]
    many = tuple(
        replace(first, period=period_of("monthly", day), value=Decimal(80 + n), line=10 + n)
        for n, day in enumerate(days)
    )
    report = kpi_report(replace(handbook, results=replace(results, results=many)))
    points = _points(results_chart_svg(report.of_kpi("hai-long"), VI, "t"))
    assert [p for _, p, _, _, _ in points] == [period_of("monthly", d).name for d in days[3:]]
    assert [v for _, _, v, _, _ in points] == [Decimal(80 + n) for n in range(3, 15)]


def test_same_input_same_chart(handbook: Handbook, tmp_path: Path) -> None:
    series = kpi_report(handbook).of_kpi("thoi-gian-phuc-vu")
    again = load_handbook(results_project(tmp_path / "again"))
    assert results_chart_svg(series, VI, "t") == results_chart_svg(
        kpi_report(again).of_kpi("thoi-gian-phuc-vu"), VI, "t"
    )
