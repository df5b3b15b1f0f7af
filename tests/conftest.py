"""Pytest fixtures: real project folders in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import MINIMAL, copy_project


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    return copy_project(MINIMAL, tmp_path / "project")


@pytest.fixture
def write_files() -> Callable[[Path, dict[str, str | bytes]], None]:
    def write(root: Path, files: dict[str, str | bytes]) -> None:
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")

    return write
