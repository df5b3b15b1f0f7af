"""Audit checklists: the lines to check for a role or a process, as print HTML and as web pages.

A checklist holds the critical steps of the SOPs a role performs (in the role's `sops` order) or
that a process uses (in its step order), then in step number order; an SOP appears once, at its
first use. The managers site gets one tablet page per checklist that writes the audit CSV in the
browser; the build prints each checklist as an A4 PDF. The staff edition gets none of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from markupsafe import Markup

from generator.audit_input import COLUMNS, normalise_branch
from generator.model import Handbook, Markdown, Sop, Step
from generator.render.audit_pages import markdown_text
from generator.render.book_base import (
    ContentFiles,
    PrintDocument,
    css_string,
    page_counter_css,
    render_print_html,
    stylesheet,
)
from generator.render.common import Labels, markdown_html, template_environment
from generator.render.site_urls import (
    checklist_path,
    content_file_url,
    docs_file,
    page_path,
    relative,
)
from generator.resources import templates_dir
from generator.text import sort_key

ChecklistKind = Literal["role", "process"]
CHECKLIST_KINDS: tuple[ChecklistKind, ...] = ("role", "process")
CHECKLISTS_URL = "checklists/"
# The tablet pages' own script and styles, shipped with the managers site only.
CHECKLIST_STYLESHEET = "assets/handbook/checklist.css"
CHECKLIST_SCRIPT = "assets/handbook/checklist.js"


def checklist_assets() -> dict[str, bytes]:
    """Docs-relative path -> bytes of the checklist pages' stylesheet and script."""
    folder = templates_dir() / "checklists" / "assets"
    return {
        path: (folder / path.rsplit("/", 1)[1]).read_bytes()
        for path in (CHECKLIST_STYLESHEET, CHECKLIST_SCRIPT)
    }


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


def checklist_title(handbook: Handbook, kind: ChecklistKind, item_id: str) -> str:
    item = handbook.roles[item_id] if kind == "role" else handbook.processes[item_id]
    return item.title


def checklist_ids(handbook: Handbook) -> list[tuple[ChecklistKind, str]]:
    """Every role and process that has at least one critical step to check, roles first."""
    if handbook.audience != "managers":
        return []
    found: list[tuple[ChecklistKind, str]] = []
    for kind in CHECKLIST_KINDS:
        items = handbook.roles if kind == "role" else handbook.processes
        found.extend(
            (kind, item_id) for item_id in items if checklist_lines(handbook, kind, item_id)
        )
    return found


# --- Print (PDF) ------------------------------------------------------------------------------


def checklist_documents(handbook: Handbook) -> list[PrintDocument]:
    """The managers edition's printable checklists (critical steps only), one per role and
    process that has any; the staff edition gets none."""
    return [_document(handbook, kind, item_id) for kind, item_id in checklist_ids(handbook)]


def _document(handbook: Handbook, kind: ChecklistKind, item_id: str) -> PrintDocument:
    html, assets = _print(handbook, kind, item_id)
    organisation = handbook.organisation
    return PrintDocument(
        name=f"checklists/{kind}-{item_id}.pdf",
        html=html,
        title=Labels(organisation.language)(
            "checklist_of", title=checklist_title(handbook, kind, item_id)
        ),
        author=organisation.name,
        language=organisation.language,
        assets=assets,
    )


def checklist_print_html(
    handbook: Handbook, kind: ChecklistKind, item_id: str, *, all_steps: bool = False
) -> str:
    """A4 print HTML of one checklist: header fields, one row per line, signature lines."""
    return _print(handbook, kind, item_id, all_steps=all_steps)[0]


def _print(
    handbook: Handbook, kind: ChecklistKind, item_id: str, *, all_steps: bool = False
) -> tuple[str, tuple[str, ...]]:
    """The print HTML and the content files (images) it shows."""
    organisation = handbook.organisation
    labels = Labels(organisation.language)
    lines = checklist_lines(handbook, kind, item_id, all_steps=all_steps)
    title = labels("checklist_of", title=checklist_title(handbook, kind, item_id))
    scope = labels("all_steps" if all_steps else "critical_steps_only")
    line_count = labels("checklist_lines", count=len(lines))
    files = ContentFiles()

    def html(value: Markdown | None) -> Markup:
        return Markup(
            files.content_html(markdown_html(value, handbook, lambda k, t: None, files.url))
        )

    page = {
        "header_left": css_string(organisation.display_name),
        "header_right": css_string(title),
        "footer_left": css_string(f"{scope} · {line_count}"),
        "page_counter": page_counter_css(labels("page_of", page="{page}", pages="{pages}")),
    }
    styles = Markup(
        str(stylesheet("print.css"))
        + "\n"
        + (templates_dir() / "checklists" / "print.css").read_text(encoding="utf-8")
    )
    rendered = render_print_html(
        "checklists/print.html.j2",
        {
            "labels": labels,
            "title": title,
            "author": organisation.name,
            "language": organisation.language,
            "organisation": organisation.name,
            "scope": scope,
            "line_count": line_count,
            "groups": _groups(handbook, kind, lines, html=html, page_url=None),
            "styles": styles,
            "page": page,
            "process": kind == "process",
        },
    )
    return rendered, files.assets


# --- Web pages (managers site) ---------------------------------------------------------------


def checklist_pages(handbook: Handbook, *, pdf_links: bool = False) -> dict[str, str]:
    """Docs-relative Markdown pages: `checklists/index.md` and one tablet page per checklist.

    `pdf_links`: link each page to its printable PDF (only when the build writes PDFs).
    """
    if handbook.audience != "managers":
        return {}
    ids = checklist_ids(handbook)
    pages = {docs_file(CHECKLISTS_URL): _index_page(handbook, ids)}
    for kind, item_id in ids:
        url = checklist_path(kind, item_id)
        pages[docs_file(url)] = _checklist_page(handbook, kind, item_id, url, pdf_links=pdf_links)
    return pages


def _index_page(handbook: Handbook, ids: list[tuple[ChecklistKind, str]]) -> str:
    language = handbook.organisation.language
    labels = Labels(language)
    key = sort_key(language)
    sections = []
    for kind in CHECKLIST_KINDS:
        entries = [
            {
                "title": checklist_title(handbook, kind, item_id),
                "url": relative(CHECKLISTS_URL, checklist_path(kind, item_id)),
                "count": labels(
                    "checklist_lines", count=len(checklist_lines(handbook, kind, item_id))
                ),
                "id": item_id,
            }
            for found_kind, item_id in ids
            if found_kind == kind
        ]
        entries.sort(key=lambda entry: (key(entry["title"]), entry["id"]))
        heading = "checklists_by_role" if kind == "role" else "checklists_by_process"
        sections.append({"heading": labels(heading), "entries": entries})
    return _render("checklists/index.md.j2", labels=labels, sections=sections, empty=not ids)


def _checklist_page(
    handbook: Handbook, kind: ChecklistKind, item_id: str, url: str, *, pdf_links: bool
) -> str:
    language = handbook.organisation.language
    labels = Labels(language)
    lines = checklist_lines(handbook, kind, item_id)

    def url_for(link_kind: str, target: str) -> str | None:
        return relative(url, page_path(link_kind, target))

    def html(value: Markdown | None) -> Markup:
        return markdown_html(value, handbook, url_for, lambda path: content_file_url(url, path))

    data = {
        "kind": kind,
        "id": item_id,
        "columns": list(COLUMNS),
        "lines": [{"role": ln.role, "sop": ln.sop.id, "step": ln.step_key} for ln in lines],
        "labels": {
            "marked_of": labels("marked_of", marked="{marked}", total="{total}"),
            "missing_fields": labels("checklist_missing_fields"),
            "nothing_marked": labels("checklist_nothing_marked"),
            "saved": labels("checklist_saved", file="{file}"),
        },
    }
    item_url = page_path(kind, item_id)
    return _render(
        "checklists/page.md.j2",
        labels=labels,
        title=markdown_text(labels("checklist_of", title=checklist_title(handbook, kind, item_id))),
        item_title=checklist_title(handbook, kind, item_id),
        item_url=relative(url, item_url),
        scope=labels("critical_steps_only"),
        line_count=labels("checklist_lines", count=len(lines)),
        pdf_url=relative(url, f"checklists/{kind}-{item_id}.pdf") if pdf_links else None,
        groups=_groups(handbook, kind, lines, html=html, page_url=url),
        branches=_known_branches(handbook),
        data=Markup(_script_json(data)),
        marked=labels("marked_of", marked=0, total=len(lines)),
        process=kind == "process",
    )


def _known_branches(handbook: Handbook) -> list[str]:
    """Branches already in the audit data, offered as suggestions so spellings stay the same."""
    branches = {normalise_branch(record.branch) for record in handbook.audits.records}
    key = sort_key(handbook.organisation.language)
    return sorted(branches, key=lambda branch: (key(branch), branch))


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or `&` can appear raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- Shared ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LineView:
    index: int
    number: int
    action: Markup
    standard: Markup
    role: str
    step_url: str | None


@dataclass(frozen=True)
class _GroupView:
    sop: str
    code: str
    title: str
    version: str
    url: str | None
    lines: tuple[_LineView, ...]


def _groups(
    handbook: Handbook,
    kind: ChecklistKind,
    lines: list[ChecklistLine],
    *,
    html: Callable[[Markdown | None], Markup],
    page_url: str | None,
) -> list[_GroupView]:
    """Lines grouped under their SOP, content rendered by `html` (for the site or for print);
    with `page_url`, links to SOP pages and step anchors relative to that page."""

    def link(sop_id: str, anchor: str = "") -> str | None:
        return None if page_url is None else relative(page_url, page_path("sop", sop_id) + anchor)

    groups: list[_GroupView] = []
    for index, line in enumerate(lines):
        sop = line.sop
        if not groups or groups[-1].sop != sop.id:
            groups.append(_GroupView(sop.id, sop.code, sop.title, sop.version, link(sop.id), ()))
        view = _LineView(
            index=index,
            number=line.step.number,
            action=html(line.step.action),
            standard=html(line.step.standard),
            role=handbook.roles[line.role].title if kind == "process" else "",
            step_url=link(sop.id, f"#step-{line.step.number}"),
        )
        last = groups[-1]
        groups[-1] = replace(last, lines=(*last.lines, view))
    return groups


def _render(template: str, **values: object) -> str:
    return template_environment().get_template(template).render(**values)
