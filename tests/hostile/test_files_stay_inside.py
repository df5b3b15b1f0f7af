"""Issue 15, classes 2 and 3: nothing from outside the project gets in, nothing managers-only
gets out.

Spec, "Safety rules added in v2": every file read or copied is resolved by real path and must
be a regular file inside the project (content folders included); diagnostics never quote a
file outside the project; `pymdownx.snippets` reads only inside `docs/`; `theme.custom_dir`
must be a folder inside the project; a staff-visible text may not link a managers-only data
file or a managers-only item's source, and the staff site never contains one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import TODAY, Run
from support_hostile import (
    assert_content_error,
    assert_diagnostic,
    assert_no_crash,
    build,
    check,
    files_under,
    hostile_project,
    locate,
    minimal_copy,
    replace_in,
    run_cli,
    tree_contains,
)

SECRET = "BÍ-MẬT-NGOÀI-DỰ-ÁN-4242"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project holding a file no build may read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return folder


def _assert_secret_stays_out(project: Path, out: Path, *runs: Run) -> None:
    needle = SECRET.encode("utf-8")
    assert tree_contains(out, needle) == [], "a file from outside the project reached the site"
    for run in runs:
        assert SECRET not in run.out + run.err, "a file from outside the project was echoed"
        assert_no_crash(run)


def _write_docs(project: Path, files: dict[str, str], config: str) -> None:
    (project / "docs").mkdir(exist_ok=True)
    for name, text in files.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


# --- snippets ------------------------------------------------------------------------------


def test_snippets_cannot_include_a_file_outside_docs(tmp_path: Path, outside: Path) -> None:
    # Snippets' default base path is the current folder: run from a folder that holds more
    # than the project (a home folder), any absolute path below it is pulled in.
    project = minimal_copy(tmp_path)
    page = f'# Thêm\n\n--8<-- "{outside / "secret.txt"}"\n'
    config = "site_name: Trà Sen\nmarkdown_extensions:\n  - pymdownx.snippets\n"
    _write_docs(project, {"extra.md": page}, config)
    checked = run_cli("check", str(project), "--today", TODAY, cwd=tmp_path)
    out = tmp_path / "site"
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(out), "--today", TODAY, cwd=tmp_path
    )
    _assert_secret_stays_out(project, out, checked, built)


def test_snippets_base_path_cannot_leave_docs(tmp_path: Path, outside: Path) -> None:
    project = minimal_copy(tmp_path)
    page = '# Thêm\n\n--8<-- "outside/secret.txt"\n'
    config = (
        "site_name: Trà Sen\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        f'      base_path: ["{tmp_path}"]\n'
    )
    _write_docs(project, {"extra.md": page}, config)
    checked = check(project)
    built = build(project, tmp_path / "site", "--no-pdf")
    _assert_secret_stays_out(project, tmp_path / "site", checked, built)
    # The setting itself is what `check` points at (its key: the message says to remove it).
    position = locate(project / "mkdocs.yml", "base_path")
    assert_diagnostic(checked, "mkdocs.yml", position, "error", ("base_path",))


# --- symlinks ------------------------------------------------------------------------------


def test_a_docs_symlink_to_an_outside_file_is_an_error(tmp_path: Path, outside: Path) -> None:
    project = minimal_copy(tmp_path)
    (project / "docs").mkdir()
    (project / "docs" / "leak.txt").symlink_to(outside / "secret.txt")
    checked = check(project)
    assert_content_error(checked, "docs/leak.txt", (1, 1))
    built = build(project, tmp_path / "site", "--no-pdf")
    _assert_secret_stays_out(project, tmp_path / "site", checked, built)


def test_a_docs_folder_symlinked_outside_is_an_error(tmp_path: Path, outside: Path) -> None:
    project = minimal_copy(tmp_path)
    (project / "docs").mkdir()
    (project / "docs" / "more").symlink_to(outside, target_is_directory=True)
    checked = check(project)
    assert_content_error(checked, "docs/more", None)
    built = build(project, tmp_path / "site", "--no-pdf")
    _assert_secret_stays_out(project, tmp_path / "site", checked, built)


def test_a_content_folder_symlinked_outside_is_an_error(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    elsewhere = tmp_path / "elsewhere-sops"
    (project / "content" / "sops").rename(elsewhere)
    replace_in(elsewhere / "dong-ca.yml", "Kết thúc ca gọn gàng, đủ tiền.", SECRET)
    (project / "content" / "sops").symlink_to(elsewhere, target_is_directory=True)
    checked = check(project)
    assert_content_error(checked, "content/sops", None)
    built = build(project, tmp_path / "site", "--no-pdf")
    _assert_secret_stays_out(project, tmp_path / "site", checked, built)


def test_a_content_file_symlinked_outside_is_not_quoted(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    (project / "roles" / "nguoi-dung.yml").symlink_to("/etc/passwd")
    checked = check(project)
    assert_content_error(checked, "roles/nguoi-dung.yml", (1, 1))
    assert "root:" not in checked.err, "the contents of /etc/passwd were quoted"


def test_a_roster_or_training_folder_symlinked_outside_is_never_read(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "people.csv").write_text(
        f"person,role,branch,joined\n{SECRET},truong-ca,Q1,2026-01-01\n", encoding="utf-8"
    )
    (elsewhere / "2026.csv").write_text(
        f"date,person,sop,version,trainer,result\n2026-01-02,{SECRET},dong-ca,1.0,x,pass\n",
        encoding="utf-8",
    )
    (project / "content" / "people.csv").symlink_to(elsewhere / "people.csv")
    (project / "content" / "training").symlink_to(elsewhere, target_is_directory=True)
    checked = check(project)
    assert_content_error(checked, "content/people.csv", (1, 1))
    assert_content_error(checked, "content/training", None)
    assert SECRET not in checked.err


def test_a_proc_file_is_not_read_into_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = "HANDBOOK_PLANTED_VALUE_93417"
    monkeypatch.setenv("HANDBOOK_TEST_PLANTED", planted)
    project = minimal_copy(tmp_path)
    (project / "content" / "audits" / "env.csv").symlink_to("/proc/self/environ")
    (project / "content" / "sops" / "trang-thai.yml").symlink_to("/proc/self/status")
    checked = run_cli("check", str(project), "--today", TODAY)
    assert_content_error(checked, "content/audits/env.csv", (1, 1))
    assert_content_error(checked, "content/sops/trang-thai.yml", (1, 1))
    assert planted not in checked.err, "the process environment was printed"
    assert "VmPeak" not in checked.err, "a /proc file was parsed as content"


# --- theme.custom_dir ----------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["absolute", "relative"])
def test_custom_dir_outside_the_project_is_an_error(
    tmp_path: Path, outside: Path, spelling: str
) -> None:
    project = minimal_copy(tmp_path)
    value = str(outside) if spelling == "absolute" else "../outside"
    (project / "mkdocs.yml").write_text(
        f"site_name: Trà Sen\ntheme:\n  name: material\n  custom_dir: {value}\n", encoding="utf-8"
    )
    checked = check(project)
    position = locate(project / "mkdocs.yml", value)
    assert_content_error(checked, "mkdocs.yml", position, ("custom_dir",))
    built = build(project, tmp_path / "site", "--no-pdf")
    _assert_secret_stays_out(project, tmp_path / "site", checked, built)


# --- managers-only data through links (class 3) --------------------------------------------


def _staff_files(out: Path) -> list[str]:
    return [f for f in files_under(out / "_content") if not f.startswith("assets")]


def test_a_staff_link_to_audit_data_is_an_error_and_never_copied(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "staff-links-data")
    sop = project / "content" / "sops" / "dong-ca.yml"
    checked = check(project)
    assert_content_error(
        checked, "content/sops/dong-ca.yml", locate(sop, "Kết thúc ca"), ("audits/2026-10.csv",)
    )
    built = build(project, tmp_path / "site", "--no-pdf")
    assert built.code == 1
    assert not (tmp_path / "site").exists()


def test_a_staff_link_to_a_managers_only_source_is_an_error(tmp_path: Path) -> None:
    project = hostile_project(tmp_path, "managers-source-link")
    glossary = project / "content" / "glossary.yml"
    checked = check(project)
    assert_content_error(
        checked, "content/glossary.yml", locate(glossary, "Để trà ngấm"), ("sops/bi-mat.yml",)
    )


@pytest.mark.parametrize(
    ("data_file", "link"),
    [
        ("content/people.csv", "people.csv"),
        ("content/training/2026-10.csv", "training/2026-10.csv"),
        ("content/results/2026-10.csv", "results/2026-10.csv"),
        ("content/audits/2026-10.csv", "%61udits/2026-10.csv"),  # percent-encoded 'a'
        ("content/audits/2026-10.csv", "assets/../audits/2026-10.csv"),
        ("content/audits/2026-10.csv", "audits//2026-10.csv#dong-2"),
    ],
)
def test_every_spelling_of_a_link_to_managers_only_data_is_refused(
    tmp_path: Path, data_file: str, link: str
) -> None:
    project = minimal_copy(tmp_path)
    target = project / data_file
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("date,person\n2026-10-02,NV-CHỈ-QUẢN-LÝ\n", encoding="utf-8")
    sop = project / "content" / "sops" / "dong-ca.yml"
    replace_in(sop, "purpose: Kết thúc ca gọn gàng, đủ tiền.", f"purpose: Xem [số liệu]({link}).")
    checked = check(project)
    assert_content_error(checked, "content/sops/dong-ca.yml", locate(sop, "Xem [số liệu]"))
    assert_no_crash(build(project, tmp_path / "site", "--no-pdf"))
    assert _staff_files(tmp_path / "site") == []


def test_managers_edition_still_links_its_own_data(tmp_path: Path) -> None:
    # The guard of the tests above: a managers-only SOP may link audit data, and the managers
    # edition copies it (the fix must not simply forbid links to data files).
    project = hostile_project(tmp_path, "managers-source-link")
    sop = project / "content" / "sops" / "bi-mat.yml"
    replace_in(sop, "purpose: CHỈ-QUẢN-LÝ", "purpose: Xem [bảng](audits/2026-10.csv). CHỈ-QUẢN-LÝ")
    glossary = project / "content" / "glossary.yml"
    glossary.write_text("- term: Ủ trà\n  definition: Để trà ngấm.\n", encoding="utf-8")
    assert check(project).code == 0
    built = build(project, tmp_path / "site", "--no-pdf", "--audience", "managers")
    assert built.code == 0, built.err
    assert (tmp_path / "site" / "_content" / "audits" / "2026-10.csv").is_file()


def test_symlinks_inside_the_project_still_work(tmp_path: Path) -> None:
    # Real paths inside the project are fine: an image reached through a symlink that stays in
    # content/ builds as before.
    project = minimal_copy(tmp_path)
    (project / "content" / "assets" / "logo-link.svg").symlink_to("logo.svg")
    sop = project / "content" / "sops" / "dong-ca.yml"
    replace_in(sop, "    critical: true", "    critical: true\n    image: assets/logo-link.svg")
    assert check(project).code == 0
    assert build(project, tmp_path / "site", "--no-pdf").code == 0
