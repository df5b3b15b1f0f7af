"""The build-time SVG diagrams a book shows: the same pictures as the site's, links pointing
inside the book (or nowhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.model.handbook import Handbook, Process
from generator.query.kpi import KpiSeries
from generator.render.common.locale import Locale
from generator.render.common.markdown import UrlFor
from generator.render.diagrams.kpi_chart import results_chart_svg
from generator.render.diagrams.org_chart import org_chart_svg
from generator.render.diagrams.process_flow import process_flow_svg

_MM_PER_PX = 25.4 / 96
# The printable box of a diagram (mm): the portrait text width, a page's height less a caption;
# a landscape page. Wider than `_PORTRAIT_MAX_WIDTH` (SVG px), a flow scaled to the portrait
# width would print its words below 6 pt, so it gets a landscape page of its own.
_PORTRAIT_BOX = (172.0, 220.0)
_LANDSCAPE_BOX = (257.0, 148.0)
_PORTRAIT_MAX_WIDTH = 820.0
_VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


@dataclass(frozen=True)
class Diagram:
    svg: Markup
    width: float  # SVG user units (CSS px at 1:1)
    height: float

    @property
    def landscape(self) -> bool:
        return self.width > _PORTRAIT_MAX_WIDTH

    def print_width(self, box: tuple[float, float] | None = None) -> str:
        """CSS width that shows the whole picture in its printable box, never above 1:1."""
        max_width, max_height = box or (_LANDSCAPE_BOX if self.landscape else _PORTRAIT_BOX)
        if not self.width or not self.height:
            return f"{max_width:g}mm"
        scale = min(
            1.0, max_width / (self.width * _MM_PER_PX), max_height / (self.height * _MM_PER_PX)
        )
        return f"{self.width * _MM_PER_PX * scale:.1f}mm"


def process_flow(handbook: Handbook, process: Process, role_id: str, url_for: UrlFor) -> Diagram:
    """The process as swimlanes, this role's steps highlighted."""
    locale = Locale(handbook.organisation.language)
    return _diagram(process_flow_svg(handbook, process, locale, url_for, highlight_role=role_id))


def reporting_line(handbook: Handbook, role_id: str, url_for: UrlFor) -> Diagram:
    """The role's managers up to the top and its direct reports, the role highlighted."""
    locale = Locale(handbook.organisation.language)
    svg = org_chart_svg(
        handbook, locale, lambda target: url_for("role", target), focus=role_id, max_rows=12
    )
    return _diagram(svg)


def kpi_results_chart(series: tuple[KpiSeries, ...], locale: Locale, title: str) -> Diagram:
    """A KPI's results by branch: the same chart as on its page in the managers site."""
    return _diagram(results_chart_svg(series, locale, title))


def _diagram(svg: str) -> Diagram:
    size = _VIEW_BOX.search(svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (0.0, 0.0)
    return Diagram(Markup(svg), width, height)
