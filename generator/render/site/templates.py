"""The site's Jinja environment, made once: Markdown page templates with the helpers that write
text literally into MkDocs Markdown."""

from __future__ import annotations

from functools import cache

import jinja2

from generator.render.common.templates import new_environment
from generator.render.common.urls import step_anchor
from generator.render.site.markdown import (
    heading_attributes,
    heading_text,
    no_line_starts_with_hash,
)


def _finalize(value: object) -> object:
    """Every value a page template prints: none may start a line with '#'."""
    if isinstance(value, str) and "\n#" in value:
        return no_line_starts_with_hash(value)
    return value


@cache
def site_environment() -> jinja2.Environment:
    environment = new_environment()
    environment.finalize = _finalize
    environment.filters["md_text"] = heading_text
    environment.globals["attrs"] = heading_attributes
    environment.globals["step_anchor"] = step_anchor
    return environment


def render_page(template: str, **values: object) -> str:
    """A site template (path under `site_templates/`) rendered with `values`."""
    return site_environment().get_template(template).render(**values)
