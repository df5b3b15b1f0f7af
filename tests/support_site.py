"""Reading a built site the way a browser would: files, links, anchors, and a local server."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import json
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `root`."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        for name in ("href", "src"):
            value = values.get(name)
            if value and tag in ("a", "img", "link", "script"):
                self.links.append(value)


@functools.cache
def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every relative link or asset in every page that does not resolve to a file and anchor."""
    problems: list[str] = []
    # 404.html is served for any missing path, so MkDocs writes it with root-absolute links.
    for page in sorted(p for p in site.rglob("*.html") if p.name != "404.html"):
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "tel:", "data:")):
                continue
            if parts.path == "" and parts.fragment:
                target = page
            else:
                target = (page.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {link} (no file)")
                continue
            anchored = parts.fragment and target.suffix == ".html"
            if anchored and unquote(parts.fragment) not in _parse(target).ids:
                problems.append(f"{page.relative_to(site)}: {link} (no anchor)")
    return problems


def files_containing(root: Path, needle: str) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if needle.encode("utf-8") in data or _json_escaped(needle).encode() in data:
                found.append(path.relative_to(root).as_posix())
    return found


def _json_escaped(text: str) -> str:
    return "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in text)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    """A static server on a free localhost port (search needs http://, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def html_text(page: Path) -> str:
    return re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))


# --- Pagefind's files, and Material's search box in a browser ------------------------------------

_PAGEFIND_SIGNATURE = b"pagefind_dcd"
# The index spells đ as ď (see generator/write/search.py).
_AS_SHOWN = str.maketrans({"ď": "đ", "Ď": "Đ"})


def _pagefind_file(path: Path) -> bytes:
    """A Pagefind data file decompressed: gzip, then a signature, then the data."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(_PAGEFIND_SIGNATURE), path
    return data[len(_PAGEFIND_SIGNATURE) :]


def pagefind_fragments(site: Path) -> list[dict[str, Any]]:
    """One fragment per indexed page (URL, title, text, anchors), with đ as the site shows it."""
    return [
        json.loads(_pagefind_file(path).decode("utf-8").translate(_AS_SHOWN))
        for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    ]


def pagefind_text(site: Path) -> str:
    """Everything Pagefind wrote (fragments, index chunks, metadata), decompressed, as text."""
    folder = site / "pagefind"
    parts = [
        _pagefind_file(path).decode("utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta")
    ]
    return "\n".join(parts).translate(_AS_SHOWN)


def search_pages(page: Page, query: str) -> list[str]:
    """Result pages (site-relative URLs, without highlight query or section) for `query`, best first,
    typed into Material's search box. The worker answers after the page loads, so results are
    read until three reads in a row agree on an answer (a count, or the "none" label)."""
    box = page.locator("input.md-search__input")
    if not page.locator("#__search").is_checked():
        button = page.locator("header label[for=__search]").first
        # On a phone the search box opens from the header's button.
        (button if button.is_visible() else box).click()
    box.fill(query)
    box.press("End")  # a key event too, as when typing
    none = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.none']"
    )
    origin = re.match(r"https?://[^/]+/", page.url).group(0)  # type: ignore[union-attr]
    previous: tuple[str, list[str]] | None = None
    agreed = 0
    for _ in range(80):
        page.wait_for_timeout(250)
        meta = page.locator(".md-search-result__meta").inner_text()
        found = page.locator(".md-search-result__item > a.md-search-result__link")
        links = [found.nth(i).get_attribute("href") or "" for i in range(found.count())]
        pages = list(
            dict.fromkeys(re.split("[?#]", link)[0].removeprefix(origin) for link in links)
        )
        answered = bool(re.search(r"\d", meta)) or meta == none
        agreed = agreed + 1 if (meta, pages) == previous and answered else 0
        if agreed == 2:
            return pages
        previous = (meta, pages)
    raise AssertionError(f"no settled results for {query!r}: {previous}")
