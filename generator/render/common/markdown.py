"""Content Markdown for one output: links and content files resolved, or plain text.

The model holds sanitised HTML with placeholders (`model.markdown`); each output says where a
`[[kind:id]]` link leads (`UrlFor`: a URL, or None for plain text) and where content files are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

from markupsafe import Markup, escape

from generator.model.handbook import Handbook
from generator.model.markdown import FILE_MARK, LINK_CLOSE, LINK_OPEN, Link, Markdown

UrlFor = Callable[[str, str], str | None]  # (kind, id) -> URL, or None to print plain text

_PLACEHOLDER = re.compile(LINK_OPEN + r"(\d+)" + LINK_CLOSE)
_TAG = re.compile(r"<[^>]*>")


def to_html(
    value: Markdown,
    link_html: Callable[[Link], tuple[str, str | None]],
    file_url: Callable[[str], str],
) -> str:
    """Final HTML: each link placeholder becomes `<a href>` (or plain text where `link_html`
    gives no URL), each content file its URL. `link_html` returns (escaped text, url or None)."""

    def fill(match: re.Match[str], *, in_tag: bool) -> str:
        text, url = link_html(value.links[int(match.group(1))])
        if url is None or in_tag:
            return text
        return f'<a href="{html.escape(url)}">{text}</a>'

    pieces: list[str] = []
    last = 0
    source = value.html
    for tag in _TAG.finditer(source):
        pieces.append(_PLACEHOLDER.sub(lambda m: fill(m, in_tag=False), source[last : tag.start()]))
        pieces.append(_PLACEHOLDER.sub(lambda m: fill(m, in_tag=True), tag.group(0)))
        last = tag.end()
    pieces.append(_PLACEHOLDER.sub(lambda m: fill(m, in_tag=False), source[last:]))
    return _FILE_REF.sub(lambda m: _file_attribute(m, file_url), "".join(pieces))


_FILE_REF = re.compile(FILE_MARK + r'([^"#]*)((?:#[^"]*)?)')


def _file_attribute(match: re.Match[str], file_url: Callable[[str], str]) -> str:
    # The compiler holds the path %-encoded ('#' and '%' only).
    return html.escape(file_url(unquote(html.unescape(match.group(1))))) + match.group(2)


def inline(html_text: str) -> str:
    """A one-paragraph value without its <p> wrapper, for headings and table cells."""
    if html_text.startswith("<p>") and html_text.endswith("</p>") and html_text.count("<p>") == 1:
        return html_text[3:-4]
    return html_text


def markdown_html(
    value: Markdown | None,
    handbook: Handbook,
    url_for: UrlFor,
    file_url: Callable[[str], str],
    *,
    as_inline: bool = False,
) -> Markup:
    """Sanitised content HTML with `[[...]]` links and content files resolved for one output."""
    if value is None:
        return Markup("")

    def resolve(found: Link) -> tuple[str, str | None]:
        text = found.text or handbook.label(found.kind, found.target)
        return str(escape(text)), url_for(found.kind, found.target)

    rendered = to_html(value, resolve, file_url)
    return Markup(inline(rendered) if as_inline else rendered)


_SPACES = re.compile(r"\s+")


def plain_text(value: Markdown, handbook: Handbook) -> str:
    """A Markdown value as one line of plain text (links become their text), for titles,
    spreadsheet cells and CSV."""
    parser = _TextOnly()
    parser.feed(markdown_html(value, handbook, lambda kind, target: None, lambda path: path))
    parser.close()
    return _SPACES.sub(" ", "".join(parser.parts)).strip()


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "li", "td", "th"):
            self.parts.append(" ")
