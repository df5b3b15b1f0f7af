"""Validation of whole projects: every error class at its exact position, all in one run."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.project import validate_project

from support import BAD, MINIMAL, REPO, TODAY, copy_project, run_handbook

SCENARIOS = sorted(path.name for path in BAD.iterdir() if path.is_dir())


def test_minimal_project_is_valid(minimal_project: Path) -> None:
    run = run_handbook("check", str(minimal_project), "--today", TODAY)
    assert run.err == "0 errors, 0 warnings in 11 files\n"
    assert run.code == 0


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_bad_project_reports_exact_diagnostics(scenario: str, tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / scenario, BAD / scenario)
    expected = (BAD / scenario / "expected.txt").read_text(encoding="utf-8")
    run = run_handbook("check", str(project), "--today", TODAY)
    assert run.err == expected
    assert "Traceback" not in run.err + run.out
    has_errors = not expected.splitlines()[-1].startswith("0 errors")
    assert run.code == (1 if has_errors else 0)


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "p", BAD / "warnings")
    assert run_handbook("check", str(project), "--today", TODAY).code == 0
    assert run_handbook("check", str(project), "--today", TODAY, "--strict").code == 1


def test_many_errors_in_many_files_come_sorted_in_one_run(tmp_path: Path) -> None:
    overlays = ["duplicate-key", "okr-dates", "quiz-answer", "python-tag", "bad-audit-row"]
    project = copy_project(MINIMAL, tmp_path / "p", *(BAD / name for name in overlays))
    run = run_handbook("check", str(project), "--today", TODAY)
    lines = run.err.splitlines()
    expected: list[str] = []
    for name in overlays:
        expected.extend((BAD / name / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1])

    def key(line: str) -> tuple[str, int, int, bool, str]:
        path, row, col, rest = line.split(":", 3)
        return (path, int(row), int(col), " warning:" in rest[:9], rest)

    assert lines[:-1] == sorted(expected, key=key)
    assert lines[-1] == "10 errors, 2 warnings in 12 files"
    assert run.code == 1


def test_reference_to_a_broken_file_is_not_reported_again(tmp_path: Path) -> None:
    # The KPI file has a syntax error; roles and SOPs still name it without a second error.
    project = copy_project(MINIMAL, tmp_path / "p", BAD / "yaml-syntax")
    run = run_handbook("check", str(project), "--today", TODAY)
    assert run.err.splitlines()[-1].startswith("1 error,")


def test_billion_laughs_is_rejected_without_expansion(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 30):
        aliases = ",".join([f"*a{level - 1}"] * 10)
        levels.append(f"a{level}: &a{level} [{aliases}]")
    project = copy_project(MINIMAL, tmp_path / "p")
    (project / "content" / "glossary.yml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    started = time.process_time()
    result = validate_project(project, today=date(2026, 11, 29))
    # 10^30 strings if expanded; without expansion the work is proportional to the text.
    assert time.process_time() - started < 60
    messages = [d.message for d in result.diagnostics.sorted()]
    assert sum("anchor '&a" in m for m in messages) == 30
    assert sum("alias '*a" in m for m in messages) == 290
    assert result.handbook is None


def test_example_organisation_has_no_errors() -> None:
    run = run_handbook("check", str(REPO), "--today", TODAY)
    assert run.code == 0, run.err
    assert run.err.splitlines()[-1].startswith("0 errors")


@pytest.mark.timeout(60)
def test_symlink_out_of_content_is_refused_and_never_read(tmp_path: Path) -> None:
    # The link points at a FIFO: reading it would block, so the test also proves it is not read.
    outside = tmp_path / "outside.png"
    os.mkfifo(outside)
    project = copy_project(MINIMAL, tmp_path / "p")
    (project / "content" / "assets" / "anh.png").symlink_to(outside)
    sop = project / "content" / "sops" / "pha-tra.yml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace(
            "    why: Ấm nóng giữ nhiệt cho trà.\n",
            "    why: Ấm nóng giữ nhiệt cho trà.\n    image: assets/anh.png\n",
        ),
        encoding="utf-8",
    )
    run = run_handbook("check", str(project), "--today", TODAY)
    assert run.code == 1
    assert (
        "content/sops/pha-tra.yml:12:12: error: 'assets/anh.png' is a link to a file outside"
        " content/" in run.err
    )


_MINIMAL_FILES = sorted(
    path.relative_to(MINIMAL).as_posix()
    for path in MINIMAL.rglob("*")
    if path.is_file() and path.suffix in (".yml", ".csv")
)
_NOISE = ["", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "'", '"', "\t", "  ", "\n",
          "~", "null", "- - x", "? k", "|", ">", "\ufeff", "đ", "\u0301", ";", ",", "#", "%"]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.sampled_from(_MINIMAL_FILES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(_NOISE)),
        min_size=1,
        max_size=4,
    ),
)
def test_damaged_content_gives_diagnostics_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, target: str, edits: list[tuple[float, int, str]]
) -> None:
    project = copy_project(MINIMAL, tmp_path_factory.mktemp("fuzz") / "p")
    file = project / target
    text = file.read_text(encoding="utf-8")
    for where, cut, noise in edits:
        spot = int(where * len(text))
        text = text[:spot] + noise + text[spot + cut :]
    file.write_text(text, encoding="utf-8")
    run = run_handbook("check", str(project), "--today", TODAY)
    assert run.code in (0, 1), run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert run.err.splitlines()[-1].endswith("files")
