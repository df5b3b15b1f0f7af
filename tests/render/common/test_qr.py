"""QR codes of SOP pages: the URL the site uses, vector SVG, the same code every time."""

from __future__ import annotations

import re

import segno

from generator.render.common.qr import site_page_url, sop_link
from generator.render.common.urls import page_path


def test_no_link_without_site_url() -> None:
    assert sop_link(None, "pha-tra") is None
    assert sop_link("", "pha-tra") is None


def test_url_is_site_url_plus_the_sites_sop_path() -> None:
    for site_url in ("https://x.vn/so-tay", "https://x.vn/so-tay/"):
        link = sop_link(site_url, "pha-tra")
        assert link is not None
        assert link.url == "https://x.vn/so-tay/sops/pha-tra/"
        assert link.url == site_page_url(site_url, page_path("sop", "pha-tra"))


def test_code_is_inline_vector_svg_titled_with_the_url() -> None:
    link = sop_link("https://x.vn/?a=1&b=2", "pha-tra")
    assert link is not None
    svg = str(link.qr_svg)
    assert svg.startswith("<svg ") and "<image" not in svg and "data:" not in svg
    assert "<title>https://x.vn/?a=1&amp;b=2/sops/pha-tra/</title>" in svg
    # Error correction M exactly (not boosted) and 0.5 mm modules, quiet zone included.
    expected = segno.make_qr(link.url, error="m", boost_error=False)
    assert expected.designator.endswith("-M")
    size = expected.symbol_size()[0] * 0.5
    assert re.search(rf'width="{size:g}mm" height="{size:g}mm"', svg)


def test_same_url_same_code() -> None:
    first = sop_link("https://x.vn", "pha-tra")
    second = sop_link("https://x.vn", "pha-tra")
    assert first is not None and second is not None
    assert first.qr_svg == second.qr_svg
