"""`handbook init`: copy the shipped starter project for a language into an empty folder."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from generator.text import Language


def create_starter(target: Path, language: Language) -> list[Path]:
    written: list[Path] = []
    _copy(files("generator") / "starters" / language, target, written)
    return written


def _copy(source: Traversable, target: Path, written: list[Path]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            _copy(entry, target / entry.name, written)
        else:
            destination = target / entry.name
            destination.write_bytes(entry.read_bytes())
            written.append(destination)
