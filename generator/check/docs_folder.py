"""Hand-written pages in docs/: copied beside the generated ones, never over them."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostics, Position

RESERVED_SECTIONS = frozenset(
    {"roles", "sops", "processes", "kpis", "okrs", "glossary", "raci", "tags", "audit",
     "checklists", "_content", "pdf", "assets", "search"}
)  # fmt: skip


def check_docs_folder(project: Path, diagnostics: Diagnostics) -> int:
    """Report hand-written pages at generated paths; returns how many docs files were read."""
    docs = project / "docs"
    if not docs.is_dir():
        return 0
    count = 0
    for file in sorted(docs.rglob("*")):
        rel = file.relative_to(docs)
        if not file.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        count += 1
        first = rel.parts[0] if len(rel.parts) > 1 else ""
        is_home = rel.as_posix() in ("index.md", "README.md")
        if is_home or (first in RESERVED_SECTIONS and (file.suffix == ".md" or first == "assets")):
            if first == "assets" and rel.parts[1:2] != ("handbook",):
                continue
            diagnostics.error(
                Position(f"docs/{rel.as_posix()}"),
                "this page would replace a page handbook generates; move it to another folder",
            )
    return count
