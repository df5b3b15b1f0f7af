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

import asyncio
import html
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
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
_UNINDEXED = re.compile(r'<div class="hb-unindexed[^"]*"[^>]*>.*?</div>', re.S)
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
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"{head}</head><body>{indexed_form(_UNINDEXED.sub('', article.group(1)))}</body></html>\n"
    )


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
        # In a thread of its own: the caller may be running an event loop (a notebook, a test
        # driving a browser), where asyncio.run would refuse to start.
        with ThreadPoolExecutor(max_workers=1) as thread:
            output = site_dir / INDEX_FOLDER
            thread.submit(asyncio.run, _write_index(staging, output, language)).result()
    for name in _UNUSED_FILES:
        (site_dir / INDEX_FOLDER / name).unlink(missing_ok=True)
    return count


async def _write_index(pages: Path, output: Path, language: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        exclude_selectors=list(IGNORED),
        force_language=language,
        output_path=str(output),
    )
    if output.exists():
        shutil.rmtree(output)
    # One request for the whole folder: the service answers each request after a pause
    # (about 0.1 s), which per page would cost minutes on a large site.
    async with PagefindIndex(config) as index:
        await index.add_directory(str(pages))
