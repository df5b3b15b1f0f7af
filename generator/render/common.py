"""What every renderer shares: labels, locale formatting, ordering, Markdown with links."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

import jinja2
import yaml
from markupsafe import Markup, escape

from generator.markup import inline, to_html
from generator.model import Handbook, Link, Markdown
from generator.resources import package_dir, templates_dir
from generator.text import Language, format_date, format_month, format_number, sort_key

T = TypeVar("T")


@cache
def _catalogue(language: Language) -> dict[str, str]:
    with (package_dir("i18n") / f"{language}.yml").open(encoding="utf-8") as file:
        labels: dict[str, str] = yaml.safe_load(file)
    return labels


class Labels:
    """The interface text of one language; an unknown key is a bug and raises."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._labels = _catalogue(language)

    def __call__(self, key: str, **values: Any) -> str:
        text = self._labels[key]
        return text.format(**values) if values else text

    def count(self, key: str, count: int, **values: Any) -> str:
        """A counted label: `<key>_one` (where the language has one) when `count` is 1."""
        singular = f"{key}_one"
        chosen = singular if count == 1 and singular in self._labels else key
        return self(chosen, count=count, **values)

    def names(self) -> Iterable[str]:
        return self._labels.keys()


@dataclass(frozen=True)
class Locale:
    language: Language

    def date(self, value: date) -> str:
        return format_date(value, self.language)

    def month(self, month: str) -> str:
        return format_month(month, self.language)

    def number(self, value: Decimal) -> str:
        return format_number(value, self.language)

    def quantity(self, value: Decimal, unit: str) -> str:
        """A number with its unit: '97,5%', '650.000 ₫', '4 phút'."""
        number = self.number(value)
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}"

    def sorted(
        self, items: Iterable[T], title: Callable[[T], str], ident: Callable[[T], str]
    ) -> list[T]:
        key = sort_key(self.language)
        return sorted(items, key=lambda item: (key(title(item)), ident(item)))


def link_title(handbook: Handbook, kind: str, target: str) -> str:
    """Default text of a `[[kind:id]]` link: the target's title, name, term or period."""
    if kind == "role":
        return handbook.roles[target].title
    if kind == "process":
        return handbook.processes[target].title
    if kind == "sop":
        return handbook.sops[target].title
    if kind == "kpi":
        return handbook.kpis[target].name
    if kind == "okr":
        return handbook.okrs[target].period
    return handbook.glossary[target].term


UrlFor = Callable[[str, str], str | None]  # (kind, id) -> URL, or None to print plain text


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
        text = found.text or link_title(handbook, found.kind, found.target)
        return str(escape(text)), url_for(found.kind, found.target)

    html = to_html(value, resolve, file_url)
    return Markup(inline(html) if as_inline else html)


def template_environment() -> jinja2.Environment:
    """Jinja for `site_templates/`: StrictUndefined, so a typo fails the build loudly; HTML
    autoescaped (Markdown page templates escape too: entities are valid Markdown)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
