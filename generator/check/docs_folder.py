"""Hand-written pages in docs/: copied beside the generated ones, never over them, and only
regular files inside docs/ (a symlink that leaves it, or leads nowhere, is an error).

Their links are checked like MkDocs checks them, so that `check` reports a broken link that
the build would (and `--strict` fails on it in both)."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote

from generator.diagnostics import Diagnostics, Position
from generator.load.files import read_text

# "pagefind": the search index (write.search) replaces that folder of the site.
RESERVED_SECTIONS = frozenset(
    {"roles", "sops", "processes", "kpis", "okrs", "glossary", "raci", "tags", "audit",
     "checklists", "_content", "pdf", "assets", "search", "pagefind"}
)  # fmt: skip
DOCS = "docs"

# Relative links in Markdown: inline `[text](target "title")`, reference definitions, and
# raw HTML `href`/`src`; code spans and fenced blocks are left out first.
_LINK = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)>?"
    r"|^\s{0,3}\[[^\]]+\]:\s*<?(?P<reference>[^\s>]+)"
    r"|\s(?:href|src)=\"(?P<html>[^\"]+)\"",
    re.MULTILINE,
)
_FENCE = re.compile(r"(?ms)^(`{3,}|~{3,}).*?^\1[ \t]*$|`[^`\n]+`")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")


def docs_files(project: Path, diagnostics: Diagnostics) -> list[str]:
    """The files of docs/ that may be copied (paths relative to docs/, sorted), each problem
    with a file reported at it."""
    docs = project / DOCS
    if not docs.is_dir():
        return []
    root = docs.resolve()
    usable: list[str] = []
    for folder, subfolders, names in os.walk(docs, followlinks=False):
        base = Path(folder)
        for name in sorted(subfolders):
            path = base / name
            if name.startswith(".") or not path.is_symlink():
                continue
            diagnostics.error(
                Position(_rel(docs, path)),
                "this folder is a link that leaves docs/; copy its files into docs/",
            )
        subfolders[:] = sorted(
            s for s in subfolders if not s.startswith(".") and not (base / s).is_symlink()
        )
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = base / name
            problem = _file_problem(path, root)
            if problem is None:
                usable.append(path.relative_to(docs).as_posix())
            else:
                diagnostics.error(Position(_rel(docs, path)), problem)
    return sorted(usable)


def _rel(docs: Path, path: Path) -> str:
    return f"{DOCS}/{path.relative_to(docs).as_posix()}"


def _file_problem(path: Path, root: Path) -> str | None:
    if not path.exists():
        return "this file is a link to nothing; remove it"
    if not path.resolve().is_relative_to(root):
        return "this file is a link that leaves docs/; copy the file into docs/"
    if not path.resolve().is_file():
        return "this is not a regular file"
    return None


def check_docs_folder(project: Path, diagnostics: Diagnostics) -> list[str]:
    """The usable docs/ files; hand-written pages at generated paths are errors."""
    files = docs_files(project, diagnostics)
    for rel in files:
        parts = rel.split("/")
        first = parts[0] if len(parts) > 1 else ""
        is_home = rel in ("index.md", "README.md")
        whole_folder = first in ("assets", "pagefind")
        ours = first in RESERVED_SECTIONS and (rel.endswith(".md") or whole_folder)
        if first == "assets" and parts[1:2] != ["handbook"]:
            ours = False  # the user's own assets; only assets/handbook/ is ours
        if is_home or ours:
            diagnostics.error(
                Position(f"{DOCS}/{rel}"),
                "this page would replace a page handbook generates; move it to another folder",
            )
    return files


def check_docs_links(
    project: Path, files: Collection[str], generated: Collection[str], diagnostics: Diagnostics
) -> None:
    """A warning at each relative link of a docs/ page whose target is neither a docs/ file
    nor a generated page (`generated`: paths of generated Markdown files, like docs/)."""
    existing = set(files) | set(generated)
    for rel in files:
        if not rel.endswith(".md"):
            continue
        path = f"{DOCS}/{rel}"
        text = read_text(project / DOCS / rel, path, diagnostics, root=project)
        if text is None:
            continue
        blanked = _FENCE.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)
        for match in _LINK.finditer(blanked):
            target = next(group for group in match.groups() if group is not None)
            if _SCHEME.match(target) or _reaches(rel, target, existing):
                continue
            start = match.start(match.lastgroup or 0)
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            diagnostics.warning(
                Position(path, line, col),
                f"link '{target}' leads to no page or file of the site",
            )


def _reaches(page: str, target: str, existing: set[str]) -> bool:
    path = unquote(target.split("#")[0].split("?")[0])
    if not path:
        return True
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/"):
        resolved += "/index.md"
    candidates = {resolved, f"{resolved}.md", f"{resolved}/index.md"}
    return not resolved.startswith("..") and bool(candidates & existing)
