"""What every printed document shares (books and checklists): the document record that
`write.pdf` renders, content file URLs for print, CSS strings and the running page furniture.

Print HTML is complete and self-contained: the stylesheets are inlined, content files are
referenced by paths relative to content/ (the PDF adapter resolves them against the project's
content folder), and nothing in it depends on the machine, so its hash can name an edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote, unquote

import jinja2
from markupsafe import Markup, escape

from generator.fontset import FontCoverage
from generator.render.common.templates import new_environment
from generator.resources import templates_dir

# Replaced by the edition id (first 8 hex digits of the SHA-256 of the HTML holding this very
# placeholder and of the assets' bytes) just before rendering. An HTML comment cannot come from
# content: plain text is escaped and the sanitiser drops comments from Markdown.
EDITION_ID_PLACEHOLDER = "<!--edition-id-->"


@dataclass(frozen=True)
class PrintDocument:
    """One PDF to render: `name` is its path relative to the output folder."""

    name: str
    html: str
    title: str
    author: str
    language: str
    assets: tuple[str, ...]  # paths under content/ that the HTML uses (images, logo)


class ContentFiles:
    """Content files in print: paths relative to content/, resolved by the PDF adapter.

    Records the images a document shows (its assets, hashed into the edition id). A link to a
    content file (a PDF form) is useless on paper and would carry a machine's absolute path into
    the PDF, so in print it becomes its text.
    """

    def __init__(self) -> None:
        self._images: set[str] = set()

    @staticmethod
    def url(path: str) -> str:
        """`file_url` for `markdown_html`."""
        return quote(path)

    def image(self, path: str) -> str:
        """URL of an image a template places itself (the logo, a step's image)."""
        self._images.add(path)
        return quote(path)

    def content_html(self, html: str) -> str:
        """Sanitised content HTML for print: images recorded, content-file links unlinked.

        In sanitised content a URL without a scheme or `#` can only be a content file."""
        for match in _RELATIVE_IMAGE.finditer(html):
            self._images.add(unquote(match.group(1).split("#")[0]))
        return _EMPTY_ALT.sub(_alt_from_file_name, _RELATIVE_LINK.sub(r"\1", html))

    @property
    def assets(self) -> tuple[str, ...]:
        return tuple(sorted(self._images))


_ATTRIBUTES = r'(?:"[^"]*"|[^">])*?'  # the rest of a start tag, quoted values skipped whole
_RELATIVE = r"(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)"
_RELATIVE_IMAGE = re.compile(rf'<img\b{_ATTRIBUTES}\ssrc="{_RELATIVE}([^"]*)"')
_RELATIVE_LINK = re.compile(
    rf'<a\b{_ATTRIBUTES}\shref="{_RELATIVE}[^"]*"{_ATTRIBUTES}>(.*?)</a>', re.DOTALL
)


# The sanitiser writes `alt` first, then `src`.
_EMPTY_ALT = re.compile(r'<img alt="" src="([^"]*)"')


def _alt_from_file_name(match: re.Match[str]) -> str:
    """A tagged PDF needs a text for every image (WeasyPrint stops without one): an image the
    author gave none is named by its file name, as a screen reader would read it."""
    name = unquote(match.group(1).split("#")[0]).rsplit("/", 1)[-1]
    return f'<img alt="{escape(name)}" src="{match.group(1)}"'


def css_string(text: str) -> Markup:
    """A CSS string literal that is safe inside a <style> element, whatever `text` holds."""
    safe = "".join(
        char if char.isalnum() or char in " .,:;-_/()·'" else f"\\{ord(char):x} " for char in text
    )
    return Markup(f'"{safe}"')


def page_counter_css(label: str) -> Markup:
    """A `page_of` label ("trang {page} / {pages}") as a CSS content value with page counters."""
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", label):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts))


def stylesheet(*paths: str) -> Markup:
    """Stylesheets of `site_templates/` (paths relative to it), concatenated for a <style>."""
    folder = templates_dir()
    return Markup("\n".join((folder / path).read_text(encoding="utf-8") for path in paths))


def show_missing_characters(html: str) -> str:
    """Characters that no shipped font can show print as `[U+XXXX]` (validation warned about
    each), so a book never shows a silent blank."""
    for char in FontCoverage.shipped().missing(html):
        html = html.replace(char, f"[U+{ord(char):04X}]")
    return html


@cache
def _environment() -> jinja2.Environment:
    return new_environment()


def render_print_html(template: str, context: dict[str, object]) -> str:
    """Render a print template to final HTML, with uncovered characters made visible."""
    html = _environment().get_template(template).render(**context)
    return show_missing_characters(html)
