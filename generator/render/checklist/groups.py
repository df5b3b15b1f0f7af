"""A checklist's lines grouped under their SOP, as both the printed and the web checklist show
them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from markupsafe import Markup

from generator.model.handbook import Handbook
from generator.model.markdown import Markdown
from generator.query.checklists import ChecklistKind, ChecklistLine
from generator.render.common.qr import SopLink, sop_link
from generator.render.common.urls import page_path, relative, step_path


@dataclass(frozen=True)
class LineView:
    index: int
    number: int
    action: Markup
    standard: Markup
    role: str
    step_url: str | None


@dataclass(frozen=True)
class GroupView:
    sop: str
    code: str
    title: str
    version: str
    url: str | None
    lines: tuple[LineView, ...]
    live: SopLink | None = None  # the SOP's live page for print (QR code), with a site_url


def checklist_title(handbook: Handbook, kind: ChecklistKind, item_id: str) -> str:
    return handbook.label(kind, item_id)


def groups(
    handbook: Handbook,
    kind: ChecklistKind,
    lines: list[ChecklistLine],
    *,
    html: Callable[[Markdown | None], Markup],
    page_url: str | None,
    site_url: str | None = None,
) -> list[GroupView]:
    """Lines grouped under their SOP, content rendered by `html` (for the site or for print);
    with `page_url`, links to SOP pages and step anchors relative to that page; with `site_url`,
    each group carries its SOP's live page (print: a QR code)."""

    def link(url: str) -> str | None:
        return None if page_url is None else relative(page_url, url)

    found: list[GroupView] = []
    for index, line in enumerate(lines):
        sop = line.sop
        if not found or found[-1].sop != sop.id:
            sop_url = link(page_path("sop", sop.id))
            live = sop_link(site_url, sop.id)
            found.append(GroupView(sop.id, sop.code, sop.title, sop.version, sop_url, (), live))
        view = LineView(
            index=index,
            number=line.step.number,
            action=html(line.step.action),
            standard=html(line.step.standard),
            role=handbook.roles[line.role].title if kind == "process" else "",
            step_url=link(step_path(sop.id, line.step.number)),
        )
        last = found[-1]
        found[-1] = replace(last, lines=(*last.lines, view))
    return found
