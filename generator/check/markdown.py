"""Content Markdown: convert with the spec's fixed extensions, sanitise, and find references.

`MarkdownCompiler.compile` runs once per text value during validation; its result is stored in
the model (`Markdown`) with placeholders for `[[...]]` links and content files, which
`render.common.markdown.to_html` fills in for the site or the books. One allow-list drives both
the sanitiser (nh3) and the audit that reports what the sanitiser would remove.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown
import nh3

from generator.model.markdown import FILE_MARK, LINK_CLOSE, LINK_OPEN, Link, Markdown

EXTENSIONS = ("tables", "admonition", "attr_list", "pymdownx.tasklist")
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})

_ADMONITION_TYPES = frozenset(
    [
        "note",
        "abstract",
        "summary",
        "tldr",
        "info",
        "todo",
        "tip",
        "hint",
        "important",
        "success",
        "check",
        "done",
        "question",
        "help",
        "faq",
        "warning",
        "caution",
        "attention",
        "failure",
        "fail",
        "missing",
        "danger",
        "error",
        "bug",
        "example",
        "quote",
        "cite",
    ]
)
_ALLOWED_TAGS = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "img",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "details",
        "summary",
        "kbd",
        "sup",
        "sub",
        "div",
        "input",
    ]
)
_ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
    "details": {"open"},
    "input": {"disabled", "checked"},
}
_ALLOWED_CLASSES: dict[str, set[str]] = {
    "div": {"admonition", *_ADMONITION_TYPES},
    "p": {"admonition-title"},
    "ul": {"task-list"},
    "li": {"task-list-item"},
}
_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
_STYLE_PROPERTIES = frozenset({"text-align"})

_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in _ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {name: set(values) for name, values in allowed.items()}
        for tag, allowed in _ATTRIBUTE_VALUES.items()
    },
    set_tag_attribute_values={"input": {"disabled": ""}},
    allowed_classes={tag: set(names) for tag, names in _ALLOWED_CLASSES.items()},
    filter_style_properties=set(_STYLE_PROPERTIES),
    url_schemes=set(LINK_SCHEMES),
    link_rel="noopener noreferrer",
)

# Deeper than this, a book's layout engine runs out of stack (and nobody reads it anyway).
MAX_NESTING = 40
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "wbr"})
# `[[kind:id]]` or `[[kind:id|text]]`; kind and id are checked by the validator.
_LINK = re.compile(r"\[\[([^\[\]|:\n]+):([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
# Code where `[[...]]` stays literal: fenced-looking blocks, indented blocks, inline spans.
_CODE = re.compile(r"(?ms)^(`{3,}|~{3,}).*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_ATTRIBUTE = re.compile(r'(\s(?:src|href)=")([^"]*)(")')


@dataclass(frozen=True)
class Problem:
    error: bool
    message: str


@dataclass(frozen=True)
class FileRef:
    path: str  # normalised, relative to content/
    image: bool


@dataclass
class Compiled:
    markdown: Markdown
    problems: list[Problem] = field(default_factory=list)
    file_refs: list[FileRef] = field(default_factory=list)


class MarkdownCompiler:
    """Reuses one Python-Markdown instance: building one per value would dominate large builds."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")

    def compile(self, source: str) -> Compiled:
        if _is_plain_paragraph(source):
            return Compiled(Markdown(source, f"<p>{source}</p>"))
        protected, links = _protect_links(source)
        raw_html = self._md.reset().convert(protected)
        audit = _SanitiserAudit()
        audit.feed(raw_html)
        audit.close()
        compiled = Compiled(Markdown(source, "", tuple(links)))
        compiled.problems.extend(Problem(False, message) for message in audit.removed)
        if audit.deepest > MAX_NESTING:
            compiled.problems.append(
                Problem(
                    True,
                    f"text nested {audit.deepest} levels deep (lists or quotes inside each"
                    f" other); at most {MAX_NESTING} can be laid out: flatten it",
                )
            )
        rewritten = _URL_ATTRIBUTE.sub(
            lambda match: self._rewrite_url(match, audit.image_urls, compiled),
            _CLEANER.clean(raw_html),
        )
        for url in audit.urls:
            problem = url_problem(url, image=url in audit.image_urls)
            if problem:
                compiled.problems.append(Problem(True, problem))
        files = tuple(dict.fromkeys(ref.path for ref in compiled.file_refs))
        compiled.markdown = Markdown(source, rewritten.strip(), tuple(links), files)
        return compiled

    @staticmethod
    def _rewrite_url(match: re.Match[str], image_urls: set[str], compiled: Compiled) -> str:
        url = html.unescape(match.group(2))
        path = content_path(url)
        if path is None:
            return match.group(0)
        compiled.file_refs.append(FileRef(path, image=url in image_urls))
        suffix = url[len(url.split("#")[0]) :]
        # The path is held %-encoded so that a '#' in a file name is not taken for a fragment.
        encoded = path.replace("%", "%25").replace("#", "%23")
        return match.group(1) + FILE_MARK + html.escape(encoded + suffix) + match.group(3)


# One line of text with nothing Markdown or HTML could read as syntax converts to
# "<p>text</p>" exactly (a property test holds this against the full path). Most SOP text is
# like that, and skipping Markdown and the sanitiser for it makes large builds much faster.
_SYNTAX_CHARACTERS = re.compile(r"[\\`*_\[\]<>&#|!~{}\n\r\t\u00a0\ue000-\ue002]|^[\d\s+=>-]|\s$")


def _is_plain_paragraph(source: str) -> bool:
    return bool(source) and _SYNTAX_CHARACTERS.search(source) is None


def _protect_links(source: str) -> tuple[str, list[Link]]:
    """Replace `[[...]]` outside code with placeholders that Markdown passes through."""
    links: list[Link] = []

    def replace(match: re.Match[str]) -> str:
        kind, target, text = match.group(1), match.group(2), match.group(3)
        links.append(Link(kind.strip(), target.strip(), text.strip() if text else None))
        return f"{LINK_OPEN}{len(links) - 1}{LINK_CLOSE}"

    pieces: list[str] = []
    last = 0
    for code in _CODE.finditer(source):
        pieces.append(_LINK.sub(replace, source[last : code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_LINK.sub(replace, source[last:]))
    return "".join(pieces), links


class _SanitiserAudit(HTMLParser):
    """Lists what the sanitiser will remove, and every URL, from the unsanitised HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []
        self.urls: list[str] = []
        self.image_urls: set[str] = set()
        self.depth = 0
        self.deepest = 0

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID_TAGS:
            self.depth = max(0, self.depth - 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID_TAGS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        if tag not in _ALLOWED_TAGS:
            self.removed.append(f"removed HTML <{tag}> (not allowed in content)")
            return
        allowed = _ALLOWED_ATTRIBUTES.get(tag, set()) | set(_ATTRIBUTE_VALUES.get(tag, {}))
        for name, value in attrs:
            value = value or ""
            if name == "class" and tag in _ALLOWED_CLASSES:
                for css_class in value.split():
                    if css_class not in _ALLOWED_CLASSES[tag]:
                        self.removed.append(f"removed class '{css_class}' of <{tag}>")
            elif name not in allowed:
                self.removed.append(f"removed attribute '{name}' of <{tag}>")
            elif name in ("href", "src"):
                self._url(value, image=tag == "img")
            elif name == "style":
                self._style(tag, value)
            elif (
                name in _ATTRIBUTE_VALUES.get(tag, {}) and value not in _ATTRIBUTE_VALUES[tag][name]
            ):
                self.removed.append(f"removed attribute '{name}={value}' of <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.removed.append("removed HTML comment")

    def _url(self, url: str, *, image: bool) -> None:
        scheme = _SCHEME.match(url)
        if scheme and scheme.group(1).lower() not in LINK_SCHEMES | {"file"}:
            self.removed.append(f"removed link '{url}' (scheme '{scheme.group(1)}:' not allowed)")
            return
        self.urls.append(url)
        if image:
            self.image_urls.add(url)

    def _style(self, tag: str, value: str) -> None:
        for declaration in filter(None, (part.strip() for part in value.split(";"))):
            prop = declaration.split(":")[0].strip().lower()
            if prop not in _STYLE_PROPERTIES:
                self.removed.append(f"removed style '{prop}' of <{tag}>")


def url_problem(url: str, *, image: bool) -> str | None:
    """Why a URL in content may not be used, or None (schemes the sanitiser drops excluded)."""
    scheme_match = _SCHEME.match(url)
    scheme = scheme_match.group(1).lower() if scheme_match else None
    if scheme == "file":
        return f"file: URL '{url}' is not allowed; put the file under content/ and use its path"
    if scheme is not None or url.startswith("//"):
        if image:
            return (
                f"remote image '{url}' is not allowed (books are built offline);"
                " save it under content/ and use its path"
            )
        return None
    if url.startswith("#") or not url:
        return None
    if url.startswith("/"):
        return f"path '{url}' must be relative to content/"
    if content_path(url) is None:
        return f"path '{url}' leaves content/"
    return None


def content_path(url: str) -> str | None:
    """The path under content/ that a relative URL names, or None (external, anchor, outside)."""
    if _SCHEME.match(url) or url.startswith(("/", "#", "\\")) or not url:
        return None
    path = unquote(url.split("#")[0].split("?")[0])
    if not path:
        return None
    normal = posixpath.normpath(path.replace("\\", "/"))
    if normal.startswith("../") or normal in ("..", "."):
        return None
    return normal
