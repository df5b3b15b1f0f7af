"""Helpers for the hostile-input tests (issue 15): black-box runs, positions, small projects.

These tests drive only the command line (in-process through `support.run_handbook`, or the
installed console script in a subprocess) and read files and output; they import nothing else
from `generator`, so they survive any reorganisation of its internals.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from support import FIXTURES, MINIMAL, TODAY, Run, copy_project, run_handbook

HOSTILE = FIXTURES / "hostile"
# A diagnostic line as the spec prints it: PATH:LINE:COL: error|warning: MESSAGE
_DIAGNOSTIC = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.*)$"
)
# Words that only a failure of ours prints (exit 3, or Python's own crash output).
_CRASH_MARKERS = (
    "Traceback (most recent call last)",
    "internal error",
    "this is a bug",
    "Exception ignored",
)


def console_script() -> list[str]:
    """The installed `handbook` console script (next to this interpreter), as a command."""
    script = Path(sys.executable).with_name("handbook")
    if script.is_file():
        return [str(script)]
    found = shutil.which("handbook")
    assert found, "the handbook console script is not installed"
    return [found]


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
    preexec_fn: Callable[[], None] | None = None,
    prefix: tuple[str, ...] = (),
) -> Run:
    """Run `handbook ARGS` as a user would, in a fresh process (after `prefix`, a command
    such as setpriv); bytes decoded leniently so that a raw control character or invalid UTF-8
    in the output is seen, not a decoding crash."""
    environment = {**os.environ, **(env or {})}
    environment.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [*prefix, *console_script(), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=timeout,
        preexec_fn=preexec_fn,
        check=False,
    )
    out = result.stdout.decode("utf-8", errors="replace")
    err = result.stderr.decode("utf-8", errors="replace")
    return Run(result.returncode, out, err)


def hostile_project(tmp_path: Path, *scenarios: str, name: str = "project") -> Path:
    """tests/fixtures/minimal with the overlays tests/fixtures/hostile/<scenario>/ on top."""
    overlays = [HOSTILE / scenario for scenario in scenarios]
    for overlay in overlays:
        assert overlay.is_dir(), overlay
    return copy_project(MINIMAL, tmp_path / name, *overlays)


def minimal_copy(tmp_path: Path, name: str = "project") -> Path:
    return copy_project(MINIMAL, tmp_path / name)


def replace_in(file: Path, old: str, new: str) -> None:
    """Edit a project file in place; the text to replace must be there exactly once."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def locate(file: Path, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """LINE and COL (1-based, COL in code points) where `needle` starts in `file`."""
    text = file.read_text(encoding="utf-8").removeprefix("\ufeff")
    index = -1
    for _ in range(occurrence + 1):
        index = text.find(needle, index + 1)
        assert index >= 0, f"{needle!r} not found in {file}"
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    message: str


def diagnostics(err: str) -> list[Diagnostic]:
    found = []
    for line in err.splitlines():
        match = _DIAGNOSTIC.match(line)
        if match:
            found.append(
                Diagnostic(
                    match["path"],
                    int(match["line"]),
                    int(match["col"]),
                    match["severity"],
                    match["message"],
                )
            )
    return found


def find_diagnostic(
    err: str,
    path: str,
    position: tuple[int, int] | None = None,
    severity: str | None = "error",
    keywords: tuple[str, ...] = (),
) -> Diagnostic | None:
    """The first diagnostic at PATH (and LINE:COL when given) whose message holds every
    keyword (case-insensitive); None when there is none."""
    for found in diagnostics(err):
        if found.path != path or (severity is not None and found.severity != severity):
            continue
        if position is not None and (found.line, found.col) != position:
            continue
        if all(word.lower() in found.message.lower() for word in keywords):
            return found
    return None


def assert_diagnostic(
    run: Run,
    path: str,
    position: tuple[int, int] | None = None,
    severity: str | None = "error",
    keywords: tuple[str, ...] = (),
) -> Diagnostic:
    found = find_diagnostic(run.err, path, position, severity, keywords)
    where = f"{path}:{position[0]}:{position[1]}" if position else path
    assert found is not None, (
        f"no {severity or 'diagnostic'} at {where} with {keywords}:\n{run.err}"
    )
    return found


def assert_no_crash(run: Run) -> None:
    """No exit 3, no traceback, no 'this is a bug': what a content or environment problem must
    never produce."""
    assert run.code != 3, f"exit 3:\n{run.err}"
    for marker in _CRASH_MARKERS:
        assert marker not in run.err, f"{marker!r} on stderr:\n{run.err}"
        assert marker not in run.out, f"{marker!r} on stdout:\n{run.out}"


def assert_content_error(
    run: Run,
    path: str,
    position: tuple[int, int] | None,
    keywords: tuple[str, ...] = (),
) -> Diagnostic:
    """`check` found a content problem: exit 1, a positioned error, nothing of ours broke."""
    assert_no_crash(run)
    assert run.code == 1, f"exit {run.code}, expected 1:\n{run.err}"
    return assert_diagnostic(run, path, position, "error", keywords)


def assert_usage_error(run: Run, *keywords: str) -> None:
    """An environment or usage problem: exit 2 and one line on stderr naming the thing."""
    assert_no_crash(run)
    assert run.code == 2, f"exit {run.code}, expected 2:\n{run.err}"
    # argparse prints its (possibly wrapped) usage before its one-line error: not counted.
    lines = [line for line in run.err.splitlines() if line.strip()]
    message_lines = [line for line in lines if not line.startswith(("usage:", " "))]
    assert len(message_lines) == 1, f"expected one line on stderr:\n{run.err}"
    for word in keywords:
        assert word.lower() in run.err.lower(), f"{word!r} not in {run.err!r}"


def check(project: Path, *extra: str) -> Run:
    return run_handbook("check", str(project), "--today", TODAY, *extra)


def build(project: Path, out: Path, *extra: str) -> Run:
    return run_handbook("build", str(project), "--out", str(out), "--today", TODAY, *extra)


def files_under(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))


def tree_contains(root: Path, needle: bytes) -> list[str]:
    """Files under `root` (not following symlinks out) whose bytes contain `needle`."""
    if not root.exists():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    )
