"""Writing output safely: a build goes to a staging folder swapped in only when everything
succeeded, single files are written under a temporary name and renamed, and an output folder
that would destroy sources (or was not made by handbook) is refused."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.diagnostics import UsageError

MARKER = ".handbook-build"


def resolve_out(project: Path, out: Path | None) -> Path:
    """The output folder, refused (exit 2) where replacing it would destroy sources."""
    target = (out if out is not None else project / "site").resolve()
    sources = [project, project / "content", project / "roles", project / "docs"]
    for source in sources:
        resolved = source.resolve()
        if target == resolved or resolved.is_relative_to(target):
            raise UsageError(f"unsafe --out {target}: it would replace {source}")
        if source != project and target.is_relative_to(resolved):
            raise UsageError(f"unsafe --out {target}: it is inside {source}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UsageError(
            f"--out {target} is not empty and was not created by handbook; choose another folder"
        )
    _probe(target)
    return target


def _probe(target: Path) -> None:
    """UsageError unless a staging folder can be made beside `target` (a read-only parent, a
    pseudo file system like /proc): found before any work, and nothing left behind."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        Path(tempfile.mkdtemp(prefix=f".{target.name}.handbook-probe-", dir=target.parent)).rmdir()
    except OSError as error:
        raise UsageError(f"cannot write --out {target}: {error.strerror or error}") from None


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh sibling folder of `out`; swapped into place only if the body succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.handbook-new-", dir=out.parent))
    folder.chmod(0o777 & ~_umask())  # mkdtemp's 0700 is for the temporary name only
    try:
        yield folder
        _swap(folder, out)
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.handbook-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, data: bytes) -> None:
    """`data` under a temporary name beside `path`, then renamed: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            os.fchmod(file.fileno(), 0o666 & ~_umask())  # mkstemp's 0600 was for the temp name
        Path(temp_name).replace(path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_file(path: Path, data: bytes) -> None:
    """A file inside the staging folder (no rename needed: the folder is swapped in whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_stdout(data: bytes) -> None:
    """Bytes as they are (BOM and CRLF kept) when stdout has a binary layer, else as text."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
