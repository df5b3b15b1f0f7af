"""Content Markdown: fixed extensions, sanitising, `[[...]]` placeholders and URL rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.markdown import (
    _CLEANER,
    MarkdownCompiler,
    _is_plain_paragraph,
    _protect_links,
    url_problem,
)
from generator.model.markdown import Link
from generator.render.common.markdown import inline, to_html


def _render(source: str) -> tuple[str, list[tuple[bool, str]]]:
    compiled = MarkdownCompiler().compile(source)
    result = to_html(
        compiled.markdown,
        lambda link: (link.text or link.target.upper(), f"/{link.kind}/{link.target}/"),
        lambda path: f"../_content/{path}",
    )
    return result, [(p.error, p.message) for p in compiled.problems]


def test_links_become_anchors_outside_code_only() -> None:
    html, problems = _render("Xem [[sop:don-khach]], [[kpi:x|chỉ số]] và `[[sop:lit]]`.")
    assert problems == []
    assert html == (
        '<p>Xem <a href="/sop/don-khach/">DON-KHACH</a>, <a href="/kpi/x/">chỉ số</a>'
        " và <code>[[sop:lit]]</code>.</p>"
    )


def test_link_text_with_pipe_survives_tables() -> None:
    html, _ = _render("| a | b |\n|---|---|\n| [[role:le-tan|Lễ tân]] | 2 |\n")
    assert '<td><a href="/role/le-tan/">Lễ tân</a></td>' in html


def test_links_record_kind_target_and_text() -> None:
    compiled = MarkdownCompiler().compile("[[term:u-tra]] [[okr:2026-q4|Quý 4]]")
    assert compiled.markdown.links == (
        Link("term", "u-tra", None),
        Link("okr", "2026-q4", "Quý 4"),
    )


def test_script_and_handlers_are_removed_with_warnings() -> None:
    html, problems = _render('Hi <script>alert(1)</script><b onclick="x()">b</b> [x](javascript:y)')
    assert "<script" not in html and "onclick" not in html and "javascript" not in html
    assert problems == [
        (False, "removed HTML <script> (not allowed in content)"),
        (False, "removed attribute 'onclick' of <b>"),
        (False, "removed link 'javascript:y' (scheme 'javascript:' not allowed)"),
    ]


def test_admonitions_task_lists_and_table_alignment_are_kept() -> None:
    html, problems = _render(
        '!!! warning "Chú ý"\n    Nóng.\n\n- [x] xong\n\n| a |\n|:-:|\n| 1 |\n'
    )
    assert problems == []
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Chú ý</p>' in html
    assert (
        '<li class="task-list-item"><input type="checkbox" disabled="" checked=""> xong</li>'
        in html
    )
    assert '<td style="text-align:center">1</td>' in html


def test_content_files_are_rewritten_and_listed() -> None:
    compiled = MarkdownCompiler().compile("![ấm](assets/am.png) [mẫu](forms/phieu%20a.pdf#p2)")
    assert compiled.markdown.files == ("assets/am.png", "forms/phieu a.pdf")
    assert [r.image for r in compiled.file_refs] == [True, False]
    html = to_html(compiled.markdown, lambda link: ("", None), lambda path: f"X/{path}")
    assert 'src="X/assets/am.png"' in html and 'href="X/forms/phieu a.pdf#p2"' in html


def test_url_rules() -> None:
    assert url_problem("https://zalo.me/123", image=False) is None
    assert url_problem("tel:0909123456", image=False) is None
    assert url_problem("https://x.vn/a.png", image=True) is not None
    assert url_problem("file:///etc/passwd", image=False) is not None
    assert url_problem("../roles/x.yml", image=False) == "path '../roles/x.yml' leaves content/"
    assert (
        url_problem("/etc/passwd", image=True) == "path '/etc/passwd' must be relative to content/"
    )
    assert url_problem("assets/../assets/a.png", image=True) is None


def test_inline_strips_a_single_paragraph() -> None:
    assert inline("<p>Chào <b>khách</b></p>") == "Chào <b>khách</b>"
    assert inline("<p>a</p>\n<p>b</p>") == "<p>a</p>\n<p>b</p>"


def test_placeholder_inside_an_attribute_becomes_plain_text() -> None:
    html, _ = _render("![ảnh [[sop:x]]](assets/a.png)")
    assert 'alt="ảnh X"' in html


PLAIN_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ"
    "0123456789 .,;:?'\"%/()=+-—–…₫€°±×÷½≤≥−→←•★☎✓✔✅❌⚠*_[]<>&#|!~{}`\\\t\n\u00a0"
)


SAFE_ALPHABET = PLAIN_ALPHABET.split("*")[0]


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=PLAIN_ALPHABET, min_size=1, max_size=60),
        st.text(alphabet=SAFE_ALPHABET, min_size=1, max_size=80),
    )
)
def test_fast_path_for_plain_text_matches_the_full_conversion(text: str) -> None:
    compiler = MarkdownCompiler()
    fast = compiler.compile(text)
    full_html = _full_conversion(compiler, text)
    if _is_plain_paragraph(text):
        assert fast.markdown.html == full_html
        assert fast.problems == [] and fast.markdown.links == ()


def _full_conversion(compiler: MarkdownCompiler, text: str) -> str:
    # The same steps as `compile` without its fast path.
    protected, _ = _protect_links(text)
    raw = compiler._md.reset().convert(protected)
    return _CLEANER.clean(raw).strip()


def test_fast_path_applies_to_ordinary_sentences() -> None:
    assert _is_plain_paragraph("Chào khách trong vòng 30 giây, mỉm cười và hỏi tên.")
    assert not _is_plain_paragraph("1. Danh sách")
    assert not _is_plain_paragraph("Xem [[sop:x]]")
    assert not _is_plain_paragraph("**đậm**")
