"""Reading a project file's text: the size cap, UTF-8 with its BOM, and where bad bytes are."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostics, Position

MAX_FILE_BYTES = 5 * 1024 * 1024
BOM = "\ufeff"


def read_text(file: Path, rel: str, diagnostics: Diagnostics, *, csv: bool = False) -> str | None:
    """The file's text without BOM, or None after reporting why it cannot be read."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        diagnostics.error(Position(rel), f"file is too large ({size:,} bytes; the limit is 5 MiB)")
        return None
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        hint = "; save as CSV UTF-8" if csv else ""
        diagnostics.error(
            _byte_position(raw, problem.start, rel),
            f"invalid UTF-8 (byte 0x{raw[problem.start]:02X}){hint}",
        )
        return None
    return text.removeprefix(BOM)


def _byte_position(raw: bytes, offset: int, rel: str) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[line_start:offset].decode("utf-8", errors="replace").removeprefix(BOM)
    return Position(rel, raw.count(b"\n", 0, offset) + 1, len(before) + 1)
