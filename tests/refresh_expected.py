"""Rewrite tests/fixtures/bad/*/expected.txt from the current `handbook check` output.

Run after an intended change of a message, then review `git diff tests/fixtures`:
    .venv/bin/python tests/refresh_expected.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from support import BAD, MINIMAL, TODAY, copy_project, run_handbook


def main() -> None:
    for scenario in sorted(path for path in BAD.iterdir() if path.is_dir()):
        with tempfile.TemporaryDirectory() as folder:
            project = copy_project(MINIMAL, Path(folder) / "p", scenario)
            run = run_handbook("check", str(project), "--today", TODAY)
        (scenario / "expected.txt").write_text(run.err, encoding="utf-8")
        print(f"{scenario.name}: {run.err.splitlines()[-1]}")


if __name__ == "__main__":
    main()
