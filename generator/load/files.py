"""Reading a project file's text safely: inside the project by real path, a regular file, the
size cap, UTF-8 with its BOM, and where bad bytes are.

A file that resolves outside the project (a symlink to /etc/passwd, a /proc file) is refused
before a byte of it is read, so no diagnostic can ever quote it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.diagnostics import Diagnostics, Position

MAX_FILE_BYTES = 5 * 1024 * 1024
BOM = "\ufeff"


def outside_problem(path: Path, root: Path) -> str | None:
    """Why `path` may not be read as a project file (outside `root` by real path, missing,
    or not a regular file), or None. Never reads the file."""
    try:
        real = path.resolve()
        if not real.is_relative_to(root.resolve()):
            return "links to a file outside the project; copy the file into the project"
        mode = real.stat().st_mode
    except (OSError, ValueError, RuntimeError) as problem:
        return f"cannot be read ({_reason(problem)})"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


def read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes (a /proc file reports size 0, so the size cannot be trusted)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path.resolve(), flags)
    with os.fdopen(descriptor, "rb") as file:
        return file.read(limit + 1)


def read_text(
    file: Path, rel: str, diagnostics: Diagnostics, *, root: Path, csv: bool = False
) -> str | None:
    """The file's text without BOM, or None after reporting (at 1:1) why it cannot be read."""
    problem = outside_problem(file, root)
    if problem is not None:
        diagnostics.error(Position(rel), problem)
        return None
    try:
        raw = read_bytes(file, MAX_FILE_BYTES)
    except OSError as error:
        diagnostics.error(Position(rel), f"cannot be read ({_reason(error)})")
        return None
    if len(raw) > MAX_FILE_BYTES:
        size = file.stat().st_size
        diagnostics.error(Position(rel), f"file is too large ({size:,} bytes; the limit is 5 MiB)")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = "; save as CSV UTF-8" if csv else ""
        diagnostics.error(
            _byte_position(raw, error.start, rel),
            f"invalid UTF-8 (byte 0x{raw[error.start]:02X}){hint}",
        )
        return None
    return text.removeprefix(BOM)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return type(error).__name__


def _byte_position(raw: bytes, offset: int, rel: str) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[line_start:offset].decode("utf-8", errors="replace").removeprefix(BOM)
    return Position(rel, raw.count(b"\n", 0, offset) + 1, len(before) + 1)
