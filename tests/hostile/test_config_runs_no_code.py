"""Issue 15, class 1: the user's mkdocs.yml is data, never code.

Spec, "Safety rules added in v2": `hooks` is an error at its key; `markdown_extensions` and
`plugins` accept only allow-listed names, anything else an error at the name, from `check`.
Each test also builds, and proves that nothing the file names was executed.
"""

from __future__ import annotations

from pathlib import Path

from support import TODAY, Run
from support_hostile import (
    assert_content_error,
    assert_no_crash,
    hostile_project,
    locate,
    run_cli,
)


def _check_and_build(project: Path, cwd: Path) -> tuple[Run, Run]:
    cwd.mkdir(exist_ok=True)
    checked = run_cli("check", str(project), "--today", TODAY, cwd=cwd)
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(cwd / "site"), "--today", TODAY, cwd=cwd
    )
    return checked, built


def test_hooks_are_an_error_at_the_key_and_never_run(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "hooks")
    checked = run_cli("check", str(project), "--today", TODAY, cwd=tmp_path)
    assert_content_error(checked, "mkdocs.yml", locate(project / "mkdocs.yml", "hooks"), ("hooks",))
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(tmp_path / "site"), "--today", TODAY
    )
    assert_no_crash(built)
    assert built.code == 1
    assert not (project / "hooks" / "HOOK-RAN").exists(), "the hook ran"
    assert not (tmp_path / "site").exists()


def test_an_unknown_markdown_extension_is_refused_without_importing_it(tmp_path: Path) -> None:
    # `this` prints the Zen of Python when imported: a visible side effect of importing a name.
    project = hostile_project(tmp_path, "extension-import")
    checked = run_cli("check", str(project), "--today", TODAY, cwd=tmp_path)
    position = locate(project / "mkdocs.yml", "this")
    assert_content_error(checked, "mkdocs.yml", position, ("this",))
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(tmp_path / "site"), "--today", TODAY
    )
    assert_no_crash(built)
    assert built.code == 1
    assert "The Zen of Python" not in built.out + built.err + checked.out + checked.err


def test_a_plugin_that_builds_nested_projects_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    # A second way in once top-level `hooks` are refused: material/projects loads
    # projects/*/mkdocs.yml with MkDocs' own loader, hooks included.
    project = hostile_project(tmp_path, "nested-project")
    checked = run_cli("check", str(project), "--today", TODAY, cwd=project)
    position = locate(project / "mkdocs.yml", "material/projects")
    assert_content_error(checked, "mkdocs.yml", position, ("material/projects",))
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(tmp_path / "site"), "--today", TODAY,
        cwd=project,
    )  # fmt: skip
    assert_no_crash(built)
    assert not (project / "projects" / "sub" / "HOOK-RAN").exists(), "the nested hook ran"
    assert not (project / ".cache").exists(), "a plugin wrote into the project"


def test_extra_templates_cannot_run_code(tmp_path: Path) -> None:
    # MkDocs renders `extra_templates` with Jinja; without a sandbox a template reaches `os`.
    project = hostile_project(tmp_path, "extra-templates")
    checked, built = _check_and_build(project, tmp_path / "cwd")
    assert_no_crash(checked)
    assert_no_crash(built)
    assert not (tmp_path / "cwd" / "TEMPLATE-RAN").exists(), "a template ran a shell command"


def test_theme_overrides_cannot_run_code(tmp_path: Path) -> None:
    # custom_dir inside the project is allowed, but its templates are data like the rest of
    # the project: they may restyle pages, not reach `os` (refuse them or sandbox Jinja).
    project = hostile_project(tmp_path, "custom-dir-template")
    checked, built = _check_and_build(project, tmp_path / "cwd")
    assert_no_crash(checked)
    assert_no_crash(built)
    assert not (tmp_path / "cwd" / "TEMPLATE-RAN").exists(), "a template ran a shell command"
