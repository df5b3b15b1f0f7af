"""Two patches to WeasyPrint 70 (pinned `>=70,<71`) that make books faster without changing
their look, installed once per PDF worker by `install`.

Measured on one 118-page book of the 1,000-SOP benchmark organisation (benchmarks/pdf-notes.md):
the leader patch took its CPU time from 7.2 s to 6.1 s.
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    _cache_page_references()
    _draw_leaders_as_one_run()


def _cache_page_references() -> None:
    """pydyf (WeasyPrint's PDF writer) rebuilds the tuple of all page references each time
    `PDF.page_references` is read, and WeasyPrint's tagging reads it once per structure
    element: quadratic in the book's length. The same tuple, kept until a page is added."""
    import pydyf

    build = pydyf.PDF.page_references.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_handbook_pages")
        if cached is None or cached[0] != count:
            cached = (count, build(pdf))
            pdf.__dict__["_handbook_pages"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


def _draw_leaders_as_one_run() -> None:
    """WeasyPrint fills a `leader(dotted)` with one text box per dot: some 90 per line of the
    contents and the index, each drawn, tagged and written as a text object of its own (15% of
    a book's time). The same dots as one text box at the leftmost dot's place. Each dot still
    advances by the single dot's width: kerning is off in the merged run, because the font
    kerns '..' pairs closer than the separate boxes stood."""
    from weasyprint.layout import inline, leader
    from weasyprint.text.line_break import split_first_line

    place_dots = leader.handle_leader
    unkerned: dict[int, Any] = {}  # per style of a leader's text (a few per book)

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        place_dots(context, line, containing_block)
        _, leader_box = leader.leader_index(line)
        if leader_box is None or len(leader_box.children) < 2:
            return
        dots = leader_box.children
        leftmost = min(dots, key=lambda box: box.position_x)
        style = unkerned.get(id(leftmost.style))
        if style is None:
            style = leftmost.style.copy()
            style["font_kerning"] = "none"
            unkerned[id(leftmost.style)] = style
        run = leftmost.copy_with_text(leftmost.text * len(dots))
        run.style = style
        run.pango_layout = split_first_line(run.text, style, context, None, 0)[0]
        run.width = leftmost.width * len(dots)
        leader_box.children = (run,)

    inline.handle_leader = handle_leader
