"""The WeasyPrint patches change the speed, not the look: the same leaders, page by page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from generator.resources import package_dir
from generator.write import weasyprint_speedups

pytestmark = pytest.mark.e2e

CHAPTERS = ("Đón khách và mời trà", "Pha trà sen", "Thu ngân cuối ca", "Dọn quầy")


def _html() -> str:
    font = (package_dir("fonts") / "BeVietnamPro-Regular.ttf").as_uri()
    contents = "".join(
        f'<li><a href="#c{number}">{number}. {title}</a></li>'
        for number, title in enumerate(CHAPTERS, start=1)
    )
    chapters = "".join(
        f'<h1 id="c{number}">{title}</h1><p>Nội dung.</p>'
        for number, title in enumerate(CHAPTERS, start=1)
    )
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>'
        f"@font-face {{ font-family: Be; src: url({font}); }}"
        "body { font-family: Be; font-size: 11pt; } h1 { break-before: page; }"
        "a { display: block; color: inherit; }"
        'a::after { content: leader(dotted) " " target-counter(attr(href url), page); }'
        f"</style></head><body><ol>{contents}</ol>{chapters}</body></html>"
    )


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _leaders(document: Any) -> list[tuple[int, float, float, float]]:
    """Each leader on the contents page: its number of text boxes, where its dots start and
    end, and where the page number after it starts."""
    found = []
    for line in _descendants(document.pages[0]._page_box):
        if type(line).__name__ != "LineBox":
            continue
        boxes = list(_descendants(line))
        for index, box in enumerate(boxes):
            if box.is_leader:
                dots = box.children
                start = min(dot.position_x for dot in dots)
                end = max(dot.position_x + dot.width for dot in dots)
                after = boxes[index + 1 + len(dots) :]  # past the leader's own dots
                number = next(b for b in after if type(b).__name__ == "TextBox")
                found.append((len(dots), start, end, number.position_x))
    return found


def _glyphs(pdf: bytes) -> list[tuple[str, float, float]]:
    """Every character drawn on the first page and where, as a PDF reader finds it."""
    document = pdfium.PdfDocument(pdf)
    try:
        text = document[0].get_textpage()
        glyphs = [
            (text.get_text_range(index, 1), *text.get_charbox(index)[:2])
            for index in range(text.count_chars())
            if not text.get_text_range(index, 1).isspace()
        ]
    finally:
        document.close()
    # Line by line (the dots of a line share a baseline), left to right.
    return sorted(glyphs, key=lambda glyph: (round(glyph[2], 1), glyph[1], glyph[0]))


def _text_objects(pdf: bytes) -> int:
    return PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().count(b"BT\n")


def test_leaders_are_one_run_each_with_the_same_dots_and_page_numbers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from weasyprint import HTML
    from weasyprint.layout import inline

    monkeypatch.setattr(inline, "handle_leader", inline.handle_leader)  # restored afterwards
    before = HTML(string=_html(), base_url=str(tmp_path)).render()
    before_pdf = before.write_pdf(pdf_tags=True)
    weasyprint_speedups._draw_leaders_as_one_run()
    after = HTML(string=_html(), base_url=str(tmp_path)).render()
    after_pdf = after.write_pdf(pdf_tags=True)

    old, new = _leaders(before), _leaders(after)
    assert len(old) == len(new) == len(CHAPTERS)
    assert all(count > 30 for count, *_ in old)
    assert all(count == 1 for count, *_ in new)
    for (_, old_start, old_end, old_number), (_, start, end, number) in zip(old, new, strict=True):
        assert start == pytest.approx(old_start)
        assert end == pytest.approx(old_end)
        assert number == old_number
    # The look: every dot and letter drawn where it was (to a 50th of a point: the merged
    # run places its dots by offsets in one text object, the rounding differs).
    drawn, redrawn = _glyphs(before_pdf), _glyphs(after_pdf)
    assert [glyph for glyph, *_ in drawn] == [glyph for glyph, *_ in redrawn]
    assert sum(glyph == "." for glyph, *_ in drawn) > 100
    for (_, x, y), (_, new_x, new_y) in zip(drawn, redrawn, strict=True):
        assert (new_x, new_y) == pytest.approx((x, y), abs=0.05)
    assert _text_objects(after_pdf) < _text_objects(before_pdf) - 100
