"""Issue 15, class 7 (site side): what `check` passes, `build` builds; what `build` would
refuse in mkdocs.yml or docs/, `check` reports at its position.

Spec, "Safety rules added in v2": unknown or mistyped MkDocs keys and wrong value types are
diagnostics at their position, from `check`; `INHERIT` is an error. "Details settled in v1.1":
`check` reports every problem that `build` would report with exit 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import Run
from support_hostile import (
    assert_content_error,
    assert_diagnostic,
    assert_no_crash,
    build,
    check,
    locate,
    minimal_copy,
)


def _with_config(tmp_path: Path, config: str) -> tuple[Path, Path]:
    project = minimal_copy(tmp_path)
    file = project / "mkdocs.yml"
    file.write_text(config, encoding="utf-8")
    return project, file


def _build_agrees(project: Path, out: Path, checked: Run) -> Run:
    built = build(project, out, "--no-pdf")
    assert_no_crash(built)
    assert built.code == checked.code, f"check said {checked.code}, build {built.code}"
    return built


@pytest.mark.parametrize(
    ("config", "key", "hint"),
    [
        (
            "site_name: Trà Sen\nsite_descriptoin: Cẩm nang\n",
            "site_descriptoin",
            "site_description",
        ),
        ("site_name: Trà Sen\ncopyrigth: © Trà Sen\n", "copyrigth", "copyright"),
    ],
    ids=["site_descriptoin", "copyrigth"],
)
def test_a_mistyped_mkdocs_key_is_reported_at_the_key(
    tmp_path: Path, config: str, key: str, hint: str
) -> None:
    project, file = _with_config(tmp_path, config)
    checked = check(project)
    assert_no_crash(checked)
    assert_diagnostic(checked, "mkdocs.yml", locate(file, key), None, (key, hint))
    _build_agrees(project, tmp_path / "site", checked)


@pytest.mark.parametrize(
    ("config", "value"),
    [
        ("site_name: Trà Sen\nextra_css: 42\n", "42"),
        ("site_name: Trà Sen\nsite_url: [không, phải, url]\n", "[không"),
        (
            "site_name: Trà Sen\ntheme:\n  name: material\n  features: navigation.top\n",
            "navigation.top",
        ),
    ],
    ids=["extra_css-number", "site_url-list", "features-text"],
)
def test_a_wrong_mkdocs_value_type_is_an_error_at_the_value(
    tmp_path: Path, config: str, value: str
) -> None:
    project, file = _with_config(tmp_path, config)
    checked = check(project)
    assert_content_error(checked, "mkdocs.yml", locate(file, value))
    _build_agrees(project, tmp_path / "site", checked)


@pytest.mark.parametrize("name", ["pymdownx.nosuchthing", "markdown.extensions.nope", "tabels"])
def test_an_unknown_markdown_extension_is_an_error_at_the_name(tmp_path: Path, name: str) -> None:
    project, file = _with_config(
        tmp_path, f"site_name: Trà Sen\nmarkdown_extensions:\n  - admonition\n  - {name}\n"
    )
    checked = check(project)
    assert_content_error(checked, "mkdocs.yml", locate(file, name), (name,))
    _build_agrees(project, tmp_path / "site", checked)


def test_inherit_is_an_error_at_the_key(tmp_path: Path) -> None:
    base = tmp_path / "base.yml"
    base.write_text("hooks:\n  - evil.py\n", encoding="utf-8")
    project, file = _with_config(tmp_path, f"INHERIT: {base}\nsite_name: Trà Sen\n")
    checked = check(project)
    assert_content_error(checked, "mkdocs.yml", locate(file, "INHERIT"), ("INHERIT",))
    _build_agrees(project, tmp_path / "site", checked)


def test_a_dangling_symlink_in_docs_is_an_error_at_its_path(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    (project / "docs").mkdir()
    (project / "docs" / "them.md").write_text("# Thêm\n", encoding="utf-8")
    (project / "docs" / "cu.md").symlink_to(tmp_path / "khong-con.md")
    checked = check(project)
    assert_content_error(checked, "docs/cu.md", (1, 1))
    _build_agrees(project, tmp_path / "site", checked)


@pytest.mark.parametrize("name", ["it's.md", "khách 'VIP'.md"])
def test_a_quote_in_a_docs_file_name_is_a_hand_written_page(tmp_path: Path, name: str) -> None:
    # MkDocs' warning about a broken link in this page must be reported as the page's, not
    # as a problem in generated pages (exit 3).
    project = minimal_copy(tmp_path)
    (project / "docs").mkdir()
    (project / "docs" / name).write_text("# Trang\n\n[mất](khong-co.md)\n", encoding="utf-8")
    checked = check(project)
    assert_no_crash(checked)
    built = build(project, tmp_path / "site", "--no-pdf")
    assert_no_crash(built)
    assert built.code in (0, 1)
    assert name in built.err, built.err


def test_settings_handbook_owns_still_only_warn(tmp_path: Path) -> None:
    # The guard of the tests above: a key handbook owns is a warning, and the build goes on.
    project, file = _with_config(tmp_path, "site_name: Trà Sen\nuse_directory_urls: false\n")
    checked = check(project)
    assert checked.code == 0
    assert_diagnostic(checked, "mkdocs.yml", locate(file, "use_directory_urls"), "warning")
    assert _build_agrees(project, tmp_path / "site", checked).code == 0
