"""Issue 15, acceptance 1 (second half): damaged YAML, CSV and Markdown get diagnostics only.

Hypothesis damages the minimal project's files (insertions of syntax characters, control
characters, non-ASCII digits and Vietnamese text; deletions; truncation; duplicated lines) and
writes Markdown built from the tokens content authors and attackers type. `check` must exit 0
or 1 with nothing on stderr but diagnostics and the summary; `build --no-pdf` must agree with
`check` and never crash. Runs are derandomised, so a failure reproduces.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINIMAL, TODAY, copy_project, run_handbook
from support_hostile import assert_no_crash

pytestmark = pytest.mark.e2e

_FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_LINE = re.compile(r"^(.+:\d+:\d+: (error|warning): .*|\d+ errors?, \d+ warnings? in \d+ files?)$")
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
YAML_FILES = (
    "content/organisation.yml",
    "content/sops/pha-tra.yml",
    "content/processes/phuc-vu-khach.yml",
    "content/kpis/thoi-gian-phuc-vu.yml",
    "content/okrs/2026-q4.yml",
    "content/glossary.yml",
    "roles/nhan-vien-pha-che.yml",
)
CSV_FILE = "content/audits/2026-10.csv"

_SYNTAX = tuple(":-[]{}#&*!|>'\"%@`,?\\~=+;^$()<>/")
_TRICKY = (
    *_SYNTAX,
    *("\n", "\t", "\r", "\r\n", " ", "  ", "\x00", "\x01", "\x1b[2J", "\x7f", "\x85", "\u2028"),
    *("\ufeff", "\u200d", "\ufe0f", "²", "١٢", "３", "½", "Ⅻ", "đ", "Đánh giá", "ắ", "e\u0301"),
    *("---", "...", "!!python/object:os.system", "&a", "*a", "<<", "? ", "- ", "~", "null"),
    *("9999-12-31", "0000-00-00", "1e999", "nan", "-0", "0x1F", "1_000", "true", "yes"),
)
_MARKDOWN_TOKENS = (
    *_TRICKY,
    *("[[sop:pha-tra]]", "[[sop:", "]]", "[[term:u-tra|", "[[nope:x]]", "[[role:chu-tiem]]"),
    *("![a](", "](", "assets/logo.svg", "../", "%2e%2e/", "%00", "%23", "#", "?x=1"),
    *("http://127.0.0.1:9/", "javascript:alert(1)", "file:///etc/passwd", "//host/x"),
    *("<script>", "</script>", "<img src=x onerror=alert(1)>", "<!--", "-->", "<pre>"),
    *("    ", "> ", "* ", "1. ", "| a | b |\n|---|---|\n", "!!! note\n    ", "{: #x }"),
    *("**", "__", "``", "```", "&#35;", "&amp;", "&", "\\", "- [x] ", "[^1]", "<details>"),
)


def _text(tokens: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.lists(
        st.one_of(st.sampled_from(tokens), st.text(max_size=6)), min_size=1, max_size=12
    ).map("".join)


@st.composite
def _damage(draw: st.DrawFn, original: str, tokens: tuple[str, ...]) -> str:
    """One to three edits of `original`: insert, delete, truncate or duplicate a line."""
    text = original
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["insert", "insert", "delete", "truncate", "duplicate"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(_text(tokens)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "truncate":
            text = text[:at]
        else:
            lines = text.splitlines(keepends=True) or [""]
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "".join(lines)
    return text


def _assert_diagnostics_only(project: Path) -> None:
    checked = run_handbook("check", str(project), "--today", TODAY)
    assert_no_crash(checked)
    assert checked.code in (0, 1), checked.err
    stray = [line for line in checked.err.removesuffix("\n").split("\n") if not _LINE.match(line)]
    assert stray == [], f"not a diagnostic: {stray!r}"
    # A diagnostic quotes content; a raw control character would reach the terminal.
    assert _RAW_CONTROL.findall(checked.err) == [], repr(checked.err)
    out = project.parent / "site"
    built = run_handbook("build", str(project), "--no-pdf", "--out", str(out), "--today", TODAY)
    assert_no_crash(built)
    assert built.code == checked.code, f"check {checked.code}, build {built.code}:\n{built.err}"


def _with(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory(prefix="handbook-fuzz-") as folder:
        project = copy_project(MINIMAL, Path(folder) / "project")
        for rel, data in files.items():
            target = project / rel
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8", newline="")
        _assert_diagnostics_only(project)


@st.composite
def _damaged_yaml(draw: st.DrawFn) -> tuple[str, str]:
    rel = draw(st.sampled_from(YAML_FILES))
    return rel, draw(_damage((MINIMAL / rel).read_text(encoding="utf-8"), _TRICKY))


@settings(_FUZZ, max_examples=150)  # most damage stops at the first file: cheap examples
@given(_damaged_yaml())
def test_damaged_yaml_gets_diagnostics_only(damaged: tuple[str, str]) -> None:
    rel, text = damaged
    _with({rel: text})


@_FUZZ
@given(_damage((MINIMAL / CSV_FILE).read_text(encoding="utf-8"), _TRICKY))
def test_damaged_csv_gets_diagnostics_only(text: str) -> None:
    _with({CSV_FILE: text})


@_FUZZ
@given(st.binary(max_size=64), st.integers(0, 400))
def test_bytes_spliced_into_a_csv_get_diagnostics_only(data: bytes, at: int) -> None:
    raw = (MINIMAL / CSV_FILE).read_bytes()
    _with({CSV_FILE: raw[:at] + data + raw[at:]})


@_FUZZ
@given(_text(_MARKDOWN_TOKENS), st.sampled_from(["purpose", "action", "definition"]))
def test_hostile_markdown_gets_diagnostics_only(markdown: str, field: str) -> None:
    quoted = json.dumps(markdown, ensure_ascii=True)  # a valid YAML double-quoted scalar
    sop = (MINIMAL / "content/sops/pha-tra.yml").read_text(encoding="utf-8")
    glossary = (MINIMAL / "content/glossary.yml").read_text(encoding="utf-8")
    if field == "purpose":
        sop = sop.replace("purpose: Mỗi ly trà sen có cùng hương vị.", f"purpose: {quoted}")
    elif field == "action":
        sop = sop.replace("  - action: Cho 5 g trà vào ấm.", f"  - action: {quoted}")
    else:
        glossary = glossary.replace(
            "definition: Để trà ngấm trong nước nóng.", f"definition: {quoted}"
        )
    _with({"content/sops/pha-tra.yml": sop, "content/glossary.yml": glossary})
