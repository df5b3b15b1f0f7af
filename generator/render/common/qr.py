"""QR codes to an SOP's live page, for print: a stale paper copy still leads to the current one.

Drawn at build time as inline SVG (vector, nothing fetched) by segno; the same URL always
gives the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup

from generator.render.common.urls import page_path

# 0.5 mm modules stay readable for a phone camera at arm's length and for a 150 dpi scan; error
# correction M survives a fold or a coffee stain without making the code much larger.
_MODULE_MM = 0.5


@dataclass(frozen=True)
class SopLink:
    """The live page of one SOP: its URL and the QR code that leads there."""

    url: str
    qr_svg: Markup


def site_page_url(site_url: str, path: str) -> str:
    """The absolute URL of a site page: `site_url` (with or without its trailing slash) +
    the page's root-relative path."""
    return site_url.rstrip("/") + "/" + path


def sop_link(site_url: str | None, sop_id: str) -> SopLink | None:
    """The SOP's live page when the site has a `site_url`, else None (no QR code)."""
    if not site_url:
        return None
    url = site_page_url(site_url, page_path("sop", sop_id))
    code = segno.make_qr(url, error="m", boost_error=False)
    svg = code.svg_inline(scale=_MODULE_MM, unit="mm", title=url, svgclass="qr", lineclass=None)
    return SopLink(url, Markup(svg))
