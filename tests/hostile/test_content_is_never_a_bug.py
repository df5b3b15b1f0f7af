"""Issue 15, classes 6, 7 and 9: whatever the content, `check` answers with positioned
diagnostics (exit 0 or 1), `build` does what `check` promised, and the output shows the text
as written.

Spec, "Safety rules added in v2": exit 3 is only for a failure of ours; numbers and dates take
ASCII digits only; dates from 0001-01-01 to 9999-12-31 are valid and build; control characters
other than tab and newline in text are an error at the value. "Details settled in v1.1":
everything `build` would refuse, `check` reports.
"""

from __future__ import annotations

import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from support import Run
from support_hostile import (
    assert_content_error,
    assert_no_crash,
    build,
    check,
    locate,
    minimal_copy,
    replace_in,
)
from support_site import pagefind_fragments

STEP_ONE = "  - action: Đếm tiền trong két.\n    critical: true"


def _sop(project: Path, name: str = "dong-ca") -> Path:
    return project / "content" / "sops" / f"{name}.yml"


def _with_step_image(project: Path, value: str) -> Path:
    sop = _sop(project)
    replace_in(sop, STEP_ONE, f"{STEP_ONE}\n    image: {value}")
    return sop


# --- class 6: `check` must not exit 3 on content --------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "needle"),
    [
        ("content/sops/pha-tra.yml", "    answer: 1", "    answer: ²", "²"),
        (
            "roles/nhan-vien-pha-che.yml",
            "sops: [pha-tra]\nkpis:",
            "competencies:\n  - name: Pha trà\n    level: ³\nsops: [pha-tra]\nkpis:",
            "³",
        ),
        ("content/organisation.yml", "language: vi", "language: vi\nreview_every_months: ¹²", "¹²"),
    ],
    ids=["answer-superscript", "level-superscript", "review-months-superscript"],
)
def test_a_superscript_digit_is_a_wrong_value(
    tmp_path: Path, file: str, old: str, new: str, needle: str
) -> None:
    project = minimal_copy(tmp_path)
    replace_in(project / file, old, new)
    assert_content_error(check(project), file, locate(project / file, needle), (needle,))


def test_a_superscript_step_number_in_an_audit_is_a_wrong_value(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    audit = project / "content" / "audits" / "2026-10.csv"
    replace_in(audit, ",pha-tra,3,fail", ",pha-tra,²,fail")
    assert_content_error(check(project), "content/audits/2026-10.csv", locate(audit, "²"), ("²",))


@pytest.mark.parametrize("field", ["effective", "reviewed"])
def test_a_date_in_year_9999_is_not_a_bug(tmp_path: Path, field: str) -> None:
    project = minimal_copy(tmp_path)
    sop = _sop(project)
    if field == "effective":
        replace_in(sop, "effective: 2026-02-01", "effective: 9999-12-01")
    else:
        replace_in(sop, "effective: 2026-02-01", "effective: 2026-02-01\nreviewed: 9999-12-31")
    run = check(project)
    assert_no_crash(run)
    assert run.code in (0, 1), run.err


@pytest.mark.parametrize("where", ["step-image", "markdown-link"])
def test_a_nul_byte_in_a_path_is_an_error_at_the_value(tmp_path: Path, where: str) -> None:
    project = minimal_copy(tmp_path)
    if where == "step-image":
        sop = _with_step_image(project, '"assets/a\\0.png"')
        needle = '"assets/a'
    else:
        sop = _sop(project)
        replace_in(sop, "purpose: Kết thúc ca", "purpose: Xem [mẫu](forms/a%00b.pdf). Kết thúc ca")
        needle = "Xem [mẫu]"
    assert_content_error(check(project), "content/sops/dong-ca.yml", locate(sop, needle))


@pytest.mark.parametrize(
    "path",
    ["assets/" + "a" * 300 + ".png", "/".join(["thu-muc"] * 600) + "/anh.png"],
    ids=["long-name", "long-path"],
)
def test_a_very_long_path_is_an_error_at_the_value(tmp_path: Path, path: str) -> None:
    project = minimal_copy(tmp_path)
    sop = _with_step_image(project, path)
    assert_content_error(check(project), "content/sops/dong-ca.yml", locate(sop, path))


def _png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (Pillow's decompression-bomb guard)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width // 8 + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_image_is_an_error_at_the_value(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    (project / "content" / "assets" / "bom.png").write_bytes(_png_bomb(30_000, 30_000))
    sop = _with_step_image(project, "assets/bom.png")
    assert_content_error(check(project), "content/sops/dong-ca.yml", locate(sop, "assets/bom.png"))


@pytest.mark.parametrize(
    ("file", "old", "new", "needle"),
    [
        ("content/sops/dong-ca.yml", "Đếm tiền trong két.", '"Đếm tiền\\x01 trong két."', '"Đếm'),
        ("roles/truong-ca.yml", "title: Trưởng ca", 'title: "Trưởng\\x7f ca"', '"Trưởng'),
        ("content/audits/2026-10.csv", "Ủ 2 phút", "Ủ 2\x0b phút", "Ủ 2"),
    ],
    ids=["sop-step", "role-title-delete", "audit-note-vertical-tab"],
)
def test_a_control_character_is_an_error_at_the_value(
    tmp_path: Path, file: str, old: str, new: str, needle: str
) -> None:
    project = minimal_copy(tmp_path)
    replace_in(project / file, old, new)
    assert_content_error(check(project), file, locate(project / file, needle))


def test_tab_and_newline_in_text_stay_allowed(tmp_path: Path) -> None:
    # The guard of the test above: the two control characters the spec allows.
    project = minimal_copy(tmp_path)
    replace_in(_sop(project), "Đếm tiền trong két.", '"Đếm tiền\\ttrong két.\\nRồi ghi sổ."')
    run = check(project)
    assert run.code == 0, run.err


# --- class 7: what `check` passes, `build` builds ---------------------------------------------


def _set_every_sop_date(project: Path, day: str) -> None:
    for sop in (project / "content" / "sops").glob("*.yml"):
        text = sop.read_text(encoding="utf-8")
        text = re.sub(r"(effective|date): \d{4}-\d\d-\d\d", rf"\g<1>: {day}", text)
        sop.write_text(text, encoding="utf-8")


def _check_then_build(project: Path, out: Path, *extra: str) -> tuple[Run, Run]:
    checked = check(project)
    assert_no_crash(checked)
    built = build(project, out, *extra)
    assert_no_crash(built)
    assert built.code == checked.code, (
        f"check said {checked.code}, build {built.code}:\n{built.err}"
    )
    return checked, built


@pytest.mark.parametrize(
    "day",
    [
        "0001-01-01",
        "0999-06-01",
        "1969-06-01",
        "1980-01-01",
        "2105-12-31",
        "2106-06-01",
        "9999-12-31",
    ],
)
def test_every_valid_date_builds(tmp_path: Path, day: str) -> None:
    project = minimal_copy(tmp_path)
    _set_every_sop_date(project, day)
    _, built = _check_then_build(project, tmp_path / "site", "--no-pdf")
    assert built.code == 0, built.err
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.e2e
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_books_build_at_the_ends_of_the_calendar(tmp_path: Path, day: str) -> None:
    project = minimal_copy(tmp_path)
    _set_every_sop_date(project, day)
    _, built = _check_then_build(project, tmp_path / "site", "--jobs", "1")
    assert built.code == 0, built.err
    assert (tmp_path / "site" / "pdf" / "truong-ca.pdf").is_file()


_EXTERNAL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<image href="{href}" width="10" height="10"/></svg>'
)


@pytest.mark.parametrize(
    "href", ["http://127.0.0.1:9/x.png", "../../../secret.png", "file:///etc/passwd"]
)
def test_an_svg_that_references_another_file_is_an_error_at_the_value(
    tmp_path: Path, href: str
) -> None:
    project = minimal_copy(tmp_path)
    (project / "content" / "assets" / "ngoai.svg").write_text(
        _EXTERNAL_SVG.format(href=href), encoding="utf-8"
    )
    sop = _with_step_image(project, "assets/ngoai.svg")
    assert_content_error(
        check(project), "content/sops/dong-ca.yml", locate(sop, "assets/ngoai.svg"), ("svg",)
    )


@pytest.mark.e2e
def test_an_encoded_hash_in_an_image_path_builds_or_is_reported(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    assets = project / "content" / "assets"
    (assets / "a#b.svg").write_bytes((assets / "logo.svg").read_bytes())
    replace_in(
        _sop(project),
        "purpose: Kết thúc ca gọn gàng, đủ tiền.",
        'purpose: "![ảnh](assets/a%23b.svg)"',
    )
    _check_then_build(project, tmp_path / "site", "--jobs", "1")


def test_a_hash_in_a_file_name_reaches_the_file_in_the_site(tmp_path: Path) -> None:
    # Silently wrong without the books: the page's <img src> ends at the '#', so the browser
    # asks for 'assets/a' and shows a broken image.
    project = minimal_copy(tmp_path)
    assets = project / "content" / "assets"
    (assets / "a#b.svg").write_bytes((assets / "logo.svg").read_bytes())
    replace_in(
        _sop(project),
        "purpose: Kết thúc ca gọn gàng, đủ tiền.",
        'purpose: "![ảnh](assets/a%23b.svg)"',
    )
    out = tmp_path / "site"
    _check_then_build(project, out, "--no-pdf")
    page = out / "sops" / "dong-ca" / "index.html"
    sources = re.findall(r'<img alt="ảnh" src="([^"]+)"', page.read_text(encoding="utf-8"))
    assert sources, "the image is missing from the page"
    for source in sources:
        target = (page.parent / unquote(urlsplit(source).path)).resolve()
        assert target.is_file(), f"{source} does not reach a file"


@pytest.mark.e2e
@pytest.mark.parametrize("shape", ["blockquotes", "lists"])
def test_deeply_nested_markdown_builds_or_is_reported(tmp_path: Path, shape: str) -> None:
    project = minimal_copy(tmp_path)
    if shape == "blockquotes":
        value = '"' + ">" * 200 + ' sâu"'
    else:
        value = "|\n" + "".join("  " + "  " * depth + "- mục\n" for depth in range(200))
    replace_in(_sop(project), "Kết thúc ca gọn gàng, đủ tiền.", value)
    _check_then_build(project, tmp_path / "site", "--jobs", "1")


# --- class 9: the output shows what was written -----------------------------------------------


class _Text(HTMLParser):
    """The text a browser shows (scripts, styles and hidden templates left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._skip = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._skip -= 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)
            if self._heading is not None:
                self._heading.append(data)


def _page_text(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("shape", ["code-block", "html-pre"])
def test_a_line_starting_with_hash_shows_as_written(tmp_path: Path, shape: str) -> None:
    project = minimal_copy(tmp_path)
    if shape == "code-block":
        value = "|\n  Ví dụ:\n\n      dòng một\n      # ghi chú\n      x = 1\n"
    else:
        value = "|\n  <pre>dòng một\n  # ghi chú</pre>\n"
    replace_in(_sop(project), "Kết thúc ca gọn gàng, đủ tiền.", value)
    out = tmp_path / "site"
    assert build(project, out, "--no-pdf").code == 0
    text = "".join(_page_text(out / "sops" / "dong-ca" / "index.html").parts)
    expected = "# ghi chú"
    assert "&#35;" not in text
    assert expected in text
    fragments = pagefind_fragments(out)
    sop = next(fragment for fragment in fragments if fragment["url"] == "/sops/dong-ca/")
    assert expected in sop["content"]
    assert not any("&#35;" in fragment["content"] for fragment in fragments)


def test_a_plain_text_value_never_becomes_a_heading(tmp_path: Path) -> None:
    # `time` is plain text; a blank line then '# ...' inside it is taken for a Markdown heading
    # by the site adapter, which adds a heading (and a table-of-contents entry) of its own.
    project = minimal_copy(tmp_path)
    replace_in(
        _sop(project, "pha-tra"), "    time: 3 phút", '    time: "3 phút\\n\\n# Tiêu đề giả"'
    )
    out = tmp_path / "site"
    assert build(project, out, "--no-pdf").code == 0
    page = _page_text(out / "sops" / "pha-tra" / "index.html")
    assert not any("Tiêu đề giả" in heading for heading in page.headings), page.headings
    assert "# Tiêu đề giả" in "".join(page.parts)
