"""Jinja for `site_templates/`: the settings every output shares."""

from __future__ import annotations

import jinja2

from generator.resources import templates_dir


def new_environment() -> jinja2.Environment:
    """StrictUndefined, so a typo fails the build loudly; HTML autoescaped (Markdown page
    templates escape too: entities are valid Markdown). Each output caches one of these."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
