"""Text from content in generated Markdown headings and front matter: shown as written, whatever
Markdown extensions the user's mkdocs.yml turns on."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml

from generator.render.site.markdown import (
    front_matter,
    heading_attributes,
    heading_html,
    heading_text,
)
from generator.text import slugify

# The site's own extensions plus the syntax-adding ones users copy from Material's docs.
EXTENSIONS = [
    "toc",
    "attr_list",
    "tables",
    "admonition",
    "md_in_html",
    "smarty",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.keys",
    "pymdownx.magiclink",
    "pymdownx.emoji",
    "pymdownx.betterem",
    "pymdownx.critic",
]


def heading(source: str) -> str:
    converter = markdown.Markdown(
        extensions=EXTENSIONS,
        extension_configs={"toc": {"slugify": lambda value, separator: slugify(value)}},
    )
    found = re.search(r"<h2[^>]*>(.*?)</h2>", converter.convert(source), re.S)
    assert found is not None, source
    return found.group(1)


@pytest.mark.parametrize(
    "title",
    [
        "Pha *trà* _đá_ **đậm** __rất__",
        "x ~~gạch~~ ^mũ^ ==tô== ~dưới~",
        "`mã` [liên kết](u) ![ảnh](a.png) <b>đậm</b> <script>x</script>",
        "{: .lạ } cuối #",
        "++ctrl+alt++ --gạch-- ---dài--- :smile: <-- -->",
        "\"ngoặc\" 'đơn' Manager's & &amp; \\ | {++thêm++} {--bớt--}",
        "http://example.com/a_b user@example.com @ai #12",
        "Self-check, SOP-LT-01 bản 1.2 (SOP); xong? 50%! Bước 1: chào",
    ],
)
def test_heading_text_shows_any_title_literally(title: str) -> None:
    assert html.unescape(heading(f"## {heading_text(title)}")) == title


def test_readable_marks_stay_as_typed() -> None:
    assert heading_text("Self-check, bản 1.2 (SOP); xong? 50%! Bước 1: chào") == (
        "Self-check, bản 1.2 (SOP); xong? 50%! Bước 1: chào"
    )
    assert heading_text("a  \n b") == "a b"


def test_heading_html_keeps_tags_and_shows_text_literally() -> None:
    inline = 'Bấm <a href="../x/">check_in</a> *ngay* &amp; <strong>đủ</strong> 2 * 3'
    shown = heading(f"## {heading_html(inline)} {heading_attributes('step-1', 'a', '', 'b')}")
    assert (
        html.unescape(shown)
        == 'Bấm <a href="../x/">check_in</a> *ngay* & <strong>đủ</strong> 2 * 3'
    )


def test_heading_attributes_set_the_id_and_classes() -> None:
    converter = markdown.Markdown(extensions=["toc", "attr_list"])
    rendered = converter.convert(f"## Step 1 {heading_attributes('step-1', 'x', '', 'y')}")
    assert rendered.startswith('<h2 class="x y" id="step-1">')


@pytest.mark.parametrize(
    "title",
    ['a: "b" \\ c', "line\u2028break\u0085next", "emoji 🌸 ₫ ✅", "- [x] {y} # z", "'quoted'"],
)
def test_front_matter_keeps_any_title(title: str) -> None:
    data = yaml.safe_load(front_matter(title).split("---\n")[1])
    assert data == {"title": html.escape(title, quote=False)}
