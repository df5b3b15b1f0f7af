"""Printed audit checklists (A4 PDF): header fields, one row per line, signature lines.

The managers edition prints one per role and process with critical steps; an edition without
the audit loop gets none (see `query.checklists`).
"""

from __future__ import annotations

from markupsafe import Markup

from generator.model.handbook import Handbook
from generator.model.markdown import Markdown
from generator.query.checklists import ChecklistKind, checklist_ids, checklist_lines
from generator.render.checklist.groups import checklist_title, groups
from generator.render.common.labels import Labels
from generator.render.common.markdown import markdown_html
from generator.render.common.print import (
    ContentFiles,
    PrintDocument,
    css_string,
    page_counter_css,
    render_print_html,
    stylesheet,
)


def checklist_documents(handbook: Handbook, *, site_url: str | None = None) -> list[PrintDocument]:
    """The printable checklists (critical steps only), one per role and process that has any;
    with the site's `site_url`, each SOP block prints a QR code of the SOP's live page."""
    return [
        _document(handbook, kind, item_id, site_url) for kind, item_id in checklist_ids(handbook)
    ]


def _document(
    handbook: Handbook, kind: ChecklistKind, item_id: str, site_url: str | None
) -> PrintDocument:
    html, assets = _print(handbook, kind, item_id, site_url=site_url)
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
    handbook: Handbook,
    kind: ChecklistKind,
    item_id: str,
    *,
    all_steps: bool = False,
    site_url: str | None = None,
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
    styles = stylesheet("print/print.css", "checklists/print.css")
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
            "groups": groups(handbook, kind, lines, html=html, page_url=None, site_url=site_url),
            "styles": styles,
            "page": page,
            "process": kind == "process",
        },
    )
    return rendered, files.assets
