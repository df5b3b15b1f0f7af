"""The managers site's web checklists: a tablet page per role and process that writes the audit
CSV in the browser (nothing is sent anywhere), and the page listing them."""

from __future__ import annotations

import json

from markupsafe import Markup

from generator.model.handbook import Handbook
from generator.model.markdown import Markdown
from generator.model.records import AUDIT_COLUMNS
from generator.query.checklists import (
    CHECKLIST_KINDS,
    ChecklistKind,
    checklist_ids,
    checklist_lines,
)
from generator.render.checklist.groups import checklist_title, groups
from generator.render.common.labels import Labels
from generator.render.common.markdown import markdown_html
from generator.render.common.urls import (
    CHECKLISTS_URL,
    checklist_path,
    content_file_url,
    docs_file,
    page_path,
    relative,
)
from generator.render.site.markdown import markdown_text
from generator.render.site.templates import render_page
from generator.resources import templates_dir
from generator.text import sort_key

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


def checklist_pages(handbook: Handbook, *, pdf_links: bool = False) -> dict[str, str]:
    """Docs-relative Markdown pages: `checklists/index.md` and one tablet page per checklist.

    `pdf_links`: link each page to its printable PDF (only when the build writes PDFs). An
    edition without the audit loop has none.
    """
    if handbook.audits is None:
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
    return render_page("checklists/index.md.j2", labels=labels, sections=sections, empty=not ids)


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
        "columns": list(AUDIT_COLUMNS.order),
        "lines": [{"role": ln.role, "sop": ln.sop.id, "step": ln.step_key} for ln in lines],
        "labels": {
            "marked_of": labels("marked_of", marked="{marked}", total="{total}"),
            "missing_fields": labels("checklist_missing_fields"),
            "nothing_marked": labels("checklist_nothing_marked"),
            "saved": labels("checklist_saved", file="{file}"),
        },
    }
    item_url = page_path(kind, item_id)
    return render_page(
        "checklists/page.md.j2",
        labels=labels,
        title=markdown_text(labels("checklist_of", title=checklist_title(handbook, kind, item_id))),
        item_title=checklist_title(handbook, kind, item_id),
        item_url=relative(url, item_url),
        scope=labels("critical_steps_only"),
        line_count=labels("checklist_lines", count=len(lines)),
        pdf_url=relative(url, f"checklists/{kind}-{item_id}.pdf") if pdf_links else None,
        groups=groups(handbook, kind, lines, html=html, page_url=url),
        branches=_known_branches(handbook),
        data=Markup(_script_json(data)),
        marked=labels("marked_of", marked=0, total=len(lines)),
        process=kind == "process",
    )


def _known_branches(handbook: Handbook) -> list[str]:
    """Branches already in the audit data, offered as suggestions so spellings stay the same."""
    records = handbook.audits.records if handbook.audits else ()
    branches = {record.branch for record in records}
    key = sort_key(handbook.organisation.language)
    return sorted(branches, key=lambda branch: (key(branch), branch))


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or `&` can appear raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
