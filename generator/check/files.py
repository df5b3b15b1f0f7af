"""Files under content/ that content refers to: inside content/ by real path, regular files,
images that decode, SVGs with nothing active in them, and no managers-only data for staff."""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from generator.diagnostics import did_you_mean
from generator.load.files import MAX_FILE_BYTES, outside_problem, read_bytes

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
# Files a browser would run when a reader opens the link: never copied into a site.
ACTIVE_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs"})
# Data that exists only for the managers (spec, "Safety rules added in v2").
MANAGERS_DATA_FOLDERS = ("audits", "training", "results")
MANAGERS_DATA_FILES = ("people.csv",)
# A path the file system could not even look up: refused before asking it.
_MAX_NAME, _MAX_PATH = 255, 1024
# An image may be large, not absurd: Pillow's guard against decompression bombs.
_MAX_PIXELS = 64_000_000

_SVG_ACTIVE = frozenset({"script", "foreignObject", "iframe", "object", "embed", "handler"})
_SVG_LINK = re.compile(r"\burl\(\s*(['\"]?)(?!#|data:image/)", re.IGNORECASE)


def managers_data(path: str) -> bool:
    """Whether a path under content/ is managers-only data (audits, roster, training, results)."""
    parts = PurePosixPath(path).parts
    return bool(parts) and (parts[0] in MANAGERS_DATA_FOLDERS or path in MANAGERS_DATA_FILES)


@dataclass
class ContentFiles:
    """Checks paths under content/; each file is looked at once per run."""

    content_dir: Path
    project: Path
    _problems: dict[tuple[str, bool], str | None] = field(default_factory=dict)

    def problem(self, path: str, *, image: bool) -> str | None:
        """Why `path` (under content/) cannot be used, or None."""
        key = (path, image)
        if key not in self._problems:
            self._problems[key] = self._find_problem(path, image=image)
        return self._problems[key]

    def staff_problem(self, path: str, managers_sources: Collection[str]) -> str | None:
        """Why staff-visible text may not use `path`: managers-only data, or the source file
        of a managers-only item (`managers_sources`, paths under content/)."""
        if managers_data(path):
            return (
                f"'{path}' is managers-only data; the staff edition may not link it"
                " (mark the item visibility: managers, or remove the link)"
            )
        if path in managers_sources:
            return (
                f"'{path}' is the source of a managers-only item; the staff edition may not link it"
            )
        return None

    def _find_problem(self, path: str, *, image: bool) -> str | None:
        if (
            "\0" in path
            or len(path) > _MAX_PATH
            or any(len(p) > _MAX_NAME for p in path.split("/"))
        ):
            return f"'{_shown(path)}' is not a usable file name (too long, or a NUL character)"
        target = self.content_dir / path
        try:
            if not target.resolve().is_relative_to(self.content_dir.resolve()):
                return f"'{path}' is a link to a file outside content/"
            exists = target.exists()
        except (OSError, ValueError, RuntimeError) as error:
            return f"'{_shown(path)}' cannot be looked up ({error.__class__.__name__})"
        if not exists:
            hint = did_you_mean(path, self._existing())
            return f"unknown file '{path}' (paths are relative to content/){hint}"
        problem = outside_problem(target, self.project)
        if problem is not None:
            return f"'{path}' {problem}"
        suffix = target.suffix.lower()
        if image:
            return _image_problem(target, path)
        if suffix in ACTIVE_EXTENSIONS:
            return (
                f"'{path}' is a web page or script, which a site may not serve from content;"
                " link a PDF or an image instead"
            )
        if suffix == ".svg":
            return _svg_problem(target, path)
        return None

    def _existing(self) -> list[str]:
        return [
            p.relative_to(self.content_dir).as_posix()
            for p in self.content_dir.rglob("*")
            if p.is_file()
        ]


def _shown(path: str) -> str:
    """A path as a message may quote it: NUL made visible, the middle of a long one cut."""
    visible = path.replace("\0", "\\0")
    return visible if len(visible) <= 80 else visible[:40] + "…" + visible[-30:]


def _image_problem(file: Path, path: str) -> str | None:
    suffix = file.suffix.lower()
    if suffix not in IMAGE_EXTENSIONS:
        return f"'{path}' is not a supported image (expected PNG, JPEG, GIF, SVG or WebP)"
    if suffix == ".svg":
        return _svg_problem(file, path)
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as picture:
                if picture.width * picture.height > _MAX_PIXELS:
                    return (
                        f"image '{path}' is {picture.width} x {picture.height} pixels, too large"
                        " to print; scale it down"
                    )
                picture.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as problem:
        return f"image '{path}' cannot be read ({problem})"
    return None


def _svg_problem(file: Path, path: str) -> str | None:
    """SVG is a document format: it must be a picture and nothing more (no script, no event
    handler, no reference to another file or the network)."""
    data = read_bytes(file, MAX_FILE_BYTES)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return f"SVG '{path}' declares a DOCTYPE or entities, which are not allowed"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as problem:
        return f"SVG '{path}' cannot be read ({problem})"
    if not root.tag.endswith("svg"):
        return f"'{path}' is not an SVG image"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in _SVG_ACTIVE:
            return f"SVG '{path}' holds a <{name}> element, which may not be in an image"
        for attribute, value in element.attrib.items():
            attribute_name = attribute.rsplit("}", 1)[-1]
            if attribute_name.lower().startswith("on"):
                return f"SVG '{path}' holds an event handler ({attribute_name}); remove it"
            if attribute_name == "href" and not value.startswith(("#", "data:image/")):
                return f"SVG '{path}' refers to another file or address ({_shown(value)})"
            if _SVG_LINK.search(value) or "javascript:" in value.lower():
                return f"SVG '{path}' refers to another file or address in {attribute_name}"
        if (
            name == "style"
            and element.text
            and (_SVG_LINK.search(element.text) or "@import" in element.text)
        ):
            return f"SVG '{path}' loads a style or font from another file or address"
    return None
