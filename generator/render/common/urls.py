"""The site's URL scheme (spec: use_directory_urls) and relative links between pages."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from generator.text import slugify

_SECTION = {"role": "roles", "sop": "sops", "process": "processes", "kpi": "kpis", "okr": "okrs"}
CONTENT_FOLDER = "_content"
CHECKLISTS_URL = "checklists/"


def page_path(kind: str, item_id: str) -> str:
    """Root-relative directory URL of an item's page: 'sops/don-tiep-khach/'."""
    if kind == "term":
        return f"glossary/#{item_id}"
    return f"{_SECTION[kind]}/{item_id}/"


def step_anchor(number: int) -> str:
    """The id of a step's heading on its SOP page (spec: `step-<n>`)."""
    return f"step-{number}"


def step_path(sop_id: str, number: int) -> str:
    """Root-relative URL of one step of an SOP page."""
    return f"{page_path('sop', sop_id)}#{step_anchor(number)}"


def tag_path(tag: str) -> str:
    return f"tags/{slugify(tag) or 'tag'}/"


def checklist_path(kind: str, item_id: str) -> str:
    return f"checklists/{kind}-{item_id}/"


def docs_file(url: str) -> str:
    """The Markdown file in the generated docs folder that MkDocs turns into `url`."""
    path = url.split("#")[0]
    return "index.md" if path in ("", "/") else path.rstrip("/") + "/index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both root-relative directory URLs)."""
    path, _, fragment = to_url.partition("#")
    target = posixpath.relpath(path or ".", from_url.rstrip("/") or ".")
    if (path == "" or path.endswith("/")) and not target.endswith("/"):
        target = "./" if target == "." else target + "/"
    return quote(target) + (f"#{fragment}" if fragment else "")


def content_file_url(from_url: str, path: str) -> str:
    """Link from a page to a copied content file (under `_content/`).

    A file name may hold '#' or '?', so the whole path is encoded: it has no fragment.
    """
    target = posixpath.relpath(f"{CONTENT_FOLDER}/{path}", from_url.rstrip("/") or ".")
    return quote(target)
