"""Helpers the tests import: fixture paths, in-process CLI runs, project copies."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.check.project import validate_project
from generator.cli import main
from generator.model.handbook import Handbook

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
BAD = FIXTURES / "bad"
REPO = Path(__file__).parent.parent
TODAY = "2026-11-29"
TODAY_DATE = date.fromisoformat(TODAY)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_handbook(*args: str) -> Run:
    """Run the CLI in this process, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own usage errors
            code = int(exit_.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def copy_project(source: Path, target: Path, *overlays: Path) -> Path:
    """A copy of `source` with each overlay's files written over it."""
    shutil.copytree(source, target)
    for overlay in overlays:
        for file in overlay.rglob("*"):
            if file.is_file() and file.name != "expected.txt":
                destination = target / file.relative_to(overlay)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, destination)
    return target


def load_handbook(project: Path, today: date = TODAY_DATE) -> Handbook:
    """The validated model of a project that must have no errors."""
    result = validate_project(project, today=today)
    assert result.handbook is not None, [d.format() for d in result.diagnostics.sorted()]
    return result.handbook
