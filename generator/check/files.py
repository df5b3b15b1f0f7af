"""Files under content/ that content refers to: inside content/ by real path, and images that
decode."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import did_you_mean

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})


@dataclass
class ContentFiles:
    """Checks paths under content/; each file is read once per run."""

    content_dir: Path
    _problems: dict[tuple[str, bool], str | None] = field(default_factory=dict)

    def problem(self, path: str, *, image: bool) -> str | None:
        """Why `path` (under content/) cannot be used, or None."""
        key = (path, image)
        if key not in self._problems:
            self._problems[key] = self._find_problem(path, image=image)
        return self._problems[key]

    def _find_problem(self, path: str, *, image: bool) -> str | None:
        target = self.content_dir / path
        if not target.resolve().is_relative_to(self.content_dir.resolve()):
            return f"'{path}' is a link to a file outside content/"
        if not target.is_file():
            existing = [
                p.relative_to(self.content_dir).as_posix()
                for p in self.content_dir.rglob("*")
                if p.is_file()
            ]
            hint = did_you_mean(path, existing)
            return f"unknown file '{path}' (paths are relative to content/){hint}"
        if image:
            return _image_problem(target, path)
        return None


def _image_problem(file: Path, path: str) -> str | None:
    suffix = file.suffix.lower()
    if suffix not in IMAGE_EXTENSIONS:
        return f"'{path}' is not a supported image (expected PNG, JPEG, GIF, SVG or WebP)"
    if suffix == ".svg":
        return _svg_problem(file, path)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as problem:
        return f"image '{path}' cannot be read ({problem})"
    return None


def _svg_problem(file: Path, path: str) -> str | None:
    from xml.etree import ElementTree

    data = file.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return f"SVG '{path}' declares a DOCTYPE or entities, which are not allowed"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as problem:
        return f"SVG '{path}' cannot be read ({problem})"
    if not root.tag.endswith("svg"):
        return f"'{path}' is not an SVG image"
    return None
