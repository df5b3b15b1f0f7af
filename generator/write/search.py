"""The site's search index: Pagefind over the built pages, Vietnamese-aware.

The only module that imports Pagefind. Material's lunr search downloads and builds its whole
index in the browser before the first result (tens of seconds on a phone for thousands of
SOPs); Pagefind splits its index into chunks and fetches only what a query needs.

Each built page's article (without the site's navigation, which every page repeats) is copied
into a staging folder and indexed from there, so the pages served stay as MkDocs wrote them.
Folding (the spec's: no tones, `đ` -> `d`): Pagefind 1.5 folds tones itself (NFD, combining
marks dropped) and ranks the variant typed exactly above the others, but `đ` has no
decomposition. In the indexed copy `đ`/`Đ` become `ď`/`Ď` (d with caron, a letter Vietnamese
never uses, which does decompose to `d` + a mark): "dung" then finds "đúng", and "đúng", which
the browser side converts the same way, still prefers pages that say "đúng". The browser side
(site_templates/site/assets/search.js) turns `ď` back into `đ` wherever indexed text is shown.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

INDEX_FOLDER = "pagefind"
# Parts of a page that are not searched: heading permalinks (¶) and the labels the templates
# mark (a "Standard" label under every step would match every query for "chuẩn").
IGNORED = (".headerlink", "[data-search-exclude]")
# Pagefind's own user interfaces (the site keeps Material's) and its worker (it runs inside
# ours): never loaded.
_UNUSED_FILES = (
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# Generated blocks left out before Pagefind parses the page (no nested <div> inside): the
# training matrices and action list, hundreds of thousands of cells that a search hit would
# not explain; parsing them cost more than the rest of the managers' index.
_UNINDEXED = '<div class="hb-unindexed'
_INDEXED_FORM = str.maketrans({"đ": "ď", "Đ": "Ď"})


def indexed_form(text: str) -> str:
    """The text as Pagefind indexes it: `đ` spelt so that Pagefind's own folding reaches `d`."""
    return text.translate(_INDEXED_FORM)


def indexed_page(page_html: str, language: str) -> str | None:
    """The part of a built page that is searched, as a document of its own; None for a page
    without an article (a redirect)."""
    article = _ARTICLE.search(page_html)
    if article is None:
        return None
    title = _TITLE.search(page_html)
    head = f"<title>{title.group(1)}</title>" if title else ""
    body = indexed_form(_without_unindexed(article.group(1)))
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"{head}</head><body>{body}</body></html>\n"
    )


def _without_unindexed(article: str) -> str:
    """The article without its unindexed blocks (found with `str.find`: a lazy regex over a
    training page's megabytes of cells took a tenth of a second)."""
    kept: list[str] = []
    start = 0
    while (block := article.find(_UNINDEXED, start)) >= 0:
        kept.append(article[start:block])
        end = article.find("</div>", block)
        start = len(article) if end < 0 else end + len("</div>")
    kept.append(article[start:])
    return "".join(kept)


def index_site(site_dir: Path, language: str) -> int:
    """Write the Pagefind index of every page under `site_dir` into `site_dir/pagefind`;
    returns the number of pages indexed."""
    with tempfile.TemporaryDirectory(prefix="handbook-search-") as staging_name:
        staging = Path(staging_name)
        count = 0
        for page in sorted(site_dir.rglob("*.html")):
            rel = page.relative_to(site_dir)
            if rel.as_posix() == "404.html":  # served for every missing path, not a page
                continue
            document = indexed_page(page.read_text(encoding="utf-8"), language)
            if document is None:
                continue
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
            count += 1
        _write_index(staging, site_dir / INDEX_FOLDER, language)
    for name in _UNUSED_FILES:
        (site_dir / INDEX_FOLDER / name).unlink(missing_ok=True)
    return count


class SearchIndexError(Exception):
    """Pagefind failed on pages we built: a bug of ours or a broken install (exit 3)."""


def _write_index(pages: Path, output: Path, language: str) -> None:
    """Pagefind's command line over the staged pages. Not its Python API: that stops its
    service right after the answer to "write files", and files still being written then
    can be left empty (seen once: an empty `pagefind-entry.json`); the command exits only
    when everything is written."""
    from pagefind_bin import get_executable

    if output.exists():
        shutil.rmtree(output)
    command = [str(get_executable()), "--site", str(pages), "--output-path", str(output)]
    command += ["--force-language", language, "--silent"]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({done.returncode}): {done.stderr.strip()}")
