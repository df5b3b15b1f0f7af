"""Writing MkDocs Markdown that shows content literally.

Generated pages are raw HTML blocks (Markdown leaves them alone) plus Markdown headings, so that
MkDocs' table of contents, anchors and search sections work. Text that lands in a heading or in
front matter must survive Markdown, every extension the user may enable, and MkDocs' templates
(which print titles unescaped).
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup, escape

# ASCII punctuation that Markdown or a common extension can read as syntax (emphasis, code,
# links, attribute lists, entities, smart quotes, tilde/caret/mark, keys, math, emoji, magic
# links ...) becomes a numeric character reference: no extension reads an entity as syntax, and
# the browser, the table of contents and the search index show the character itself. Marks no
# syntax uses stay as typed, so the page source keeps "Self-check", "1.2" and "(SOP)" readable.
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_NEVER_SYNTAX = frozenset(",;?%()!.")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
# Characters YAML refuses or reads as line breaks inside a quoted scalar.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def no_line_starts_with_hash(value: str) -> Markup:
    """`value` as HTML (escaped unless it is Markup) in which no line starts with '#': the
    site adapter takes such a line after a blank one for a heading of ours, so a content line
    `# ...` (a code block, a plain-text value) is written `&#35; ...`, which reads the same."""
    html = value if isinstance(value, Markup) else escape(value)
    return Markup(str(html).replace("\n#", "\n&#35;"))


def heading_text(text: str) -> Markup:
    """Plain text for a Markdown heading (or other Markdown inline spot), shown literally."""
    return Markup(_literal(_SPACES.sub(" ", text).strip()))


def _literal(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        mark, at = match.group(0), match.start()
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if (
            mark in _NEVER_SYNTAX
            or (mark == "-" and before.isalnum() and after.isalnum())  # "check-in", "SOP-01"
            or (mark == ":" and (not after or after.isspace()))  # "Bước 1: ...", not ":emoji:"
        ):
            return mark
        return f"&#{ord(mark)};"

    return _PUNCTUATION.sub(escape, text)


def heading_html(inline_html: str) -> Markup:
    """Sanitised inline HTML for a Markdown heading: tags pass as inline HTML, text literally."""
    pieces: list[str] = []
    last = 0
    for tag in _TAG.finditer(inline_html):
        pieces.append(_literal(html.unescape(inline_html[last : tag.start()])))
        pieces.append(tag.group(0))
        last = tag.end()
    pieces.append(_literal(html.unescape(inline_html[last:])))
    joined = "".join(pieces)
    return Markup(_SPACES.sub(" ", joined).strip())


def front_matter(title: str) -> str:
    """YAML front matter with the page title, HTML-escaped because themes print it raw."""
    quoted = json.dumps(str(html.escape(title, quote=False)), ensure_ascii=False)
    quoted = _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", quoted)
    return "\n".join(["---", f"title: {quoted}", "---", "", ""])


def heading_attributes(anchor: str, *classes: str) -> Markup:
    """An attribute list closing a Markdown heading: an id of ours and CSS classes. MkDocs'
    table of contents sees these ids, so its own heading slugs never take them."""
    names = " ".join(f".{name}" for name in classes if name)
    return Markup("{: #" + anchor + (" " + names if names else "") + " }")


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_text(text: str) -> Markup:
    """Plain text for a Markdown line (a heading): HTML-escaped, Markdown punctuation escaped."""
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(text))))
