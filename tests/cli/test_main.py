"""The command line contract: commands, exit codes, schema, init."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.diagnostics import Diagnostics
from generator.load.yaml_tree import load_yaml, to_plain

from support import REPO, TODAY, run_handbook


def test_help_names_every_command() -> None:
    run = run_handbook("--help")
    assert run.code == 0
    for command in ("init", "check", "schema"):
        assert command in run.out


def test_unknown_flag_is_a_usage_error() -> None:
    assert run_handbook("check", "--nope").code == 2


def test_missing_project_is_a_usage_error(tmp_path: Path) -> None:
    run = run_handbook("check", str(tmp_path / "nowhere"))
    assert run.code == 2 and "is not a folder" in run.err


def test_folder_without_content_or_roles_is_a_usage_error(tmp_path: Path) -> None:
    run = run_handbook("check", str(tmp_path))
    assert run.code == 2 and "not a handbook project" in run.err


def test_bad_today_is_a_usage_error(minimal_project: Path) -> None:
    assert run_handbook("check", str(minimal_project), "--today", "29/11/2026").code == 2


def test_project_defaults_to_the_current_folder(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_project)
    run = run_handbook("check", "--today", TODAY)
    assert run.code == 0 and run.err == "0 errors, 0 warnings in 11 files\n"


def test_overdue_follows_today_and_source_date_epoch(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dong-ca is effective 2026-02-01: due 2027-02-01.
    assert "overdue" not in run_handbook("check", str(minimal_project), "--today", TODAY).err
    assert "overdue" in run_handbook("check", str(minimal_project), "--today", "2027-02-02").err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1801612800")  # 2027-02-02
    assert "overdue" in run_handbook("check", str(minimal_project)).err


@pytest.mark.parametrize("language", ["vi", "en"])
def test_init_creates_a_valid_starter(tmp_path: Path, language: str) -> None:
    target = tmp_path / "new"
    run = run_handbook("init", str(target), "--language", language)
    assert run.code == 0
    check = run_handbook("check", str(target), "--today", TODAY)
    assert check.code == 0 and check.err.startswith("0 errors, 0 warnings"), check.err
    organisation = (target / "content" / "organisation.yml").read_text(encoding="utf-8")
    assert f"language: {language}" in organisation


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    run = run_handbook("init", str(tmp_path))
    assert run.code == 2
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_schema_is_valid_json_schema_and_accepts_the_example() -> None:
    run = run_handbook("schema")
    assert run.code == 0
    schema = json.loads(run.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]) == {
        "organisation",
        "role",
        "sop",
        "process",
        "kpi",
        "okr",
        "glossary",
    }
    files = {
        "organisation": [REPO / "content" / "organisation.yml"],
        "role": sorted((REPO / "roles").glob("*.yml")),
        "sop": sorted((REPO / "content" / "sops").glob("*.yml")),
        "process": sorted((REPO / "content" / "processes").glob("*.yml")),
        "kpi": sorted((REPO / "content" / "kpis").glob("*.yml")),
        "okr": sorted((REPO / "content" / "okrs").glob("*.yml")),
        "glossary": [REPO / "content" / "glossary.yml"],
    }
    checked = 0
    for kind, paths in files.items():
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]}
        )
        for path in paths:
            document = load_yaml(path, path.name, Diagnostics(), root=REPO)
            assert document is not None
            errors = list(validator.iter_errors(to_plain(document.root)))
            assert errors == [], f"{path}: {errors[0].message}"
            checked += 1
    assert checked >= 40


def test_schema_rejects_what_check_rejects() -> None:
    schema = json.loads(run_handbook("schema").out)
    validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/kpi", "$defs": schema["$defs"]})
    bad = {"name": "x", "definition": "d", "value": "v", "formula": "f", "unit": "%",
           "direction": "up", "target": 1, "frequency": "weekly", "data_source": "s",
           "owner": "a", "colour": "red"}  # fmt: skip
    messages = sorted(error.message for error in validator.iter_errors(bad))
    assert any("'up' is not one of" in m for m in messages)
    assert any("colour" in m for m in messages)


def test_console_script_runs_as_installed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", str(REPO), "--today", TODAY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith("files")


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI tests the installed wheel")
def test_ci_runs_the_installed_wheel_with_its_own_templates_and_fonts() -> None:
    import generator
    from generator.resources import package_dir, templates_dir

    installed = Path(generator.__file__).resolve().parent
    assert installed != (REPO / "generator").resolve() and "site-packages" in installed.parts
    assert templates_dir() == package_dir("site_templates")
    assert (templates_dir() / "print" / "book.css").is_file()
    assert any(package_dir("fonts").glob("*.ttf"))
