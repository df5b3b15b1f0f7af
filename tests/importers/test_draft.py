"""The draft writer and the text rules under it: any text a document may hold comes out as
YAML that loads back to the same text, and as a draft that `check` accepts."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.markdown import MarkdownCompiler
from generator.importers.blocks import Paragraph, Span, clean, escape_markdown, spans_markdown
from generator.importers.draft import _inline, _items
from generator.importers.labels import critical_mark, field_label, section_label, step_column
from generator.importers.values import find_date

from support import MINIMAL, TODAY, copy_project, load_handbook, run_handbook

# Text as people type it in SOPs, plus what YAML and Markdown would misread.
AWKWARD = st.lists(
    st.sampled_from(
        [
            *"aăâđêôơư AĐ01:#-*_`[]{}|>'\"!%@&,?~=+.\\\t\n",
            *("ạ", "ữ", "₫", "°C", "✓", "→", "\u2028", "\x0b", "\x07", "\ufeff", "[[sop:x]]"),
            *("<b>", "yes", "1.0", "- ", "1. ", "# "),
        ]
    ),
    min_size=1,
    max_size=30,
).map("".join)


@given(AWKWARD)
@settings(max_examples=300)
def test_a_one_line_value_reads_back_as_the_same_text(text: str) -> None:
    line = " ".join(clean(text).split())
    if not line:
        return
    assert yaml.safe_load(f"key: {_inline(line)}") == {"key": line}


@given(st.lists(AWKWARD, min_size=1, max_size=4))
@settings(max_examples=200)
def test_list_items_of_several_lines_read_back(items: list[str]) -> None:
    cleaned = [spans_markdown([Span(clean(item))]) for item in items]
    cleaned = [item for item in cleaned if item]
    if not cleaned:
        return
    loaded = yaml.safe_load("\n".join(_items("warnings", cleaned, "")))
    # A block scalar (`|`) ends with a newline: the same Markdown.
    assert [item.removesuffix("\n") for item in loaded["warnings"]] == cleaned


@given(AWKWARD)
@settings(max_examples=200)
def test_escaped_text_renders_as_the_words_written(text: str) -> None:
    line = " ".join(clean(text).split())
    if not line or "&" in line:
        return
    compiled = MarkdownCompiler().compile(escape_markdown(line))
    assert not [p for p in compiled.problems if p.error]
    assert compiled.markdown.links == ()


def test_clean_keeps_tabs_and_newlines_and_drops_what_yaml_cannot_hold() -> None:
    assert clean("a\tb\r\nc\u2028d\x0be\x07f\ue000g") == "a\tb\n\nc\nd\nef" + "g"


def test_bold_and_italic_keep_spaces_outside_the_markers() -> None:
    spans = [Span("Rửa "), Span("tay ", bold=True), Span("kỹ", italic=True), Span(".")]
    assert spans_markdown(spans) == "Rửa **tay** *kỹ*."
    assert Paragraph((Span("1. không phải danh sách"),)).markdown == "1\\. không phải danh sách"


@pytest.mark.parametrize(
    ("text", "field", "rest"),
    [
        ("Mã số: SOP-01", "code", "SOP-01"),
        ("MA SO:SOP-01", "code", "SOP-01"),
        ("Phien ban 1.2", "version", "1.2"),
        ("Ngày hiệu lực", "effective", ""),
        ("Owner: Shift lead", "owner", "Shift lead"),
    ],
)
def test_field_labels_any_case_with_or_without_diacritics(text: str, field: str, rest: str) -> None:
    found = field_label(text)
    assert found is not None and (found.name, found.rest) == (field, rest)


def test_a_sentence_starting_with_a_label_word_is_not_a_label() -> None:
    assert field_label("Mã giảm giá được in trên hoá đơn") is None
    assert section_label("Mục đích của chúng ta là khách vui") is None
    assert (
        section_label("II. MỤC ĐÍCH") is not None
        and section_label("3) Phạm vi áp dụng:") is not None
    )


def test_step_columns_and_critical_marks() -> None:
    assert [step_column(t).name for t in ("STT", "Nội dung", "Thời gian (phút)", "Trong yeu")] == [  # type: ignore[union-attr]
        "order",
        "action",
        "time",
        "critical",
    ]
    assert [
        critical_mark(t) for t in ("x", "X", "✓", "có", "Yes", "true", "", "không", "✗", "hay")
    ] == [
        True,
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15/01/2026", "2026-01-15"),
        ("2026-01-15", "2026-01-15"),
        ("1.3.2026", "2026-03-01"),
        ("ngày 5 tháng 2 năm 2026", "2026-02-05"),
        ("3 March 2026", "2026-03-03"),
        ("Jan 15, 2026", "2026-01-15"),
    ],
)
def test_dates_as_documents_write_them(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found[0].isoformat() == iso and found[1] == ""


def test_a_date_with_more_words_keeps_them() -> None:
    assert find_date("15/01/2026 (toàn chuỗi)") is not None
    assert find_date("15/01/2026 (toàn chuỗi)")[1] == "15/01/2026 (toàn chuỗi)"  # type: ignore[index]
    assert find_date("31/02/2026") is None


@given(st.lists(AWKWARD, min_size=1, max_size=6))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_document_text_gives_a_draft_check_accepts(
    tmp_path: Path, paragraphs: list[str]
) -> None:
    root = tmp_path / str(abs(hash(tuple(paragraphs))))
    project = copy_project(MINIMAL, root / "project")
    document = docx.Document()
    document.add_paragraph("Quy trình thử", style="Title")
    for index, text in enumerate(paragraphs):
        style = ("List Number", "List Bullet 2", "Normal")[index % 3]
        document.add_paragraph(text.replace("\x07", "").replace("\x0b", ""), style=style)
    path = root / "doc.docx"
    document.save(str(path))
    run = run_handbook(
        "import", str(path), "--project", str(project), "--owner", "chu-tiem", "--today", TODAY
    )
    assert run.code == 0, run.err
    load_handbook(project)  # no errors (warnings allowed)
