"""What kind of file the user gave us, decided from its bytes, and reading it safely.

A file is never trusted by its name: a `.docx` that is really an old Word file, a spreadsheet
renamed, an encrypted package (Office writes those as an OLE container whatever the name) or
a truncated download each get one plain sentence and a hint, never a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from generator.importers.blocks import Document

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# The streams an encrypted OOXML package (ECMA-376 "agile" or "standard") stores in OLE.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
MAX_FILE_BYTES = 50 * 1024 * 1024  # pictures make SOP documents large; text never is
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # XML parts unpacked: a zip bomb stops here
SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as .docx (or .xlsx for a sheet)"


class UnreadableFileError(Exception):
    """A file we cannot import; the message and its hint are shown as one diagnostic."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}"


def read_document(path: Path) -> Document:
    kind = sniff(path)
    if kind == "docx":
        from generator.importers import docx as reader
    else:
        from generator.importers import xlsx as reader  # type: ignore[no-redef]
    damaged: tuple[type[Exception], ...] = (*reader.DAMAGED, *_DAMAGED)
    try:
        return reader.read(path)
    except UnreadableFileError:
        raise
    except damaged as problem:
        raise _damaged(kind, problem) from None


# What a library raises for a package it cannot make sense of (each reader adds its own).
_DAMAGED = (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError, ParseError)


def _damaged(kind: str, problem: Exception) -> UnreadableFileError:
    what = "Word" if kind == "docx" else "Excel"
    detail = str(problem).split("\n")[0][:120] or type(problem).__name__
    return UnreadableFileError(
        f"this {what} file is damaged and cannot be read ({detail})",
        f"open it in {what} or LibreOffice, check it, and save it again as .{kind}",
    )


def sniff(path: Path) -> str:
    """'docx' or 'xlsx', or UnreadableFileError saying what the file is instead."""
    if not path.exists():
        raise UnreadableFileError("no such file", "check the file name and the folder")
    if not path.is_file():
        raise UnreadableFileError("not a file", "give the path of a .docx or .xlsx file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableFileError(
            f"file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES // 2**20} MiB)",
            "remove large pictures and save it again",
        )
    try:
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as problem:
        raise UnreadableFileError(
            f"cannot be read ({problem.strerror or problem})", "check the file's permissions"
        ) from None
    if head.startswith(_OLE_MAGIC):
        raise _ole_problem(path)
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableFileError(
            "not a Word (.docx) or Excel (.xlsx) document",
            f"{SAVE_AS_DOCX}; Google Docs: File > Download > Microsoft Word (.docx)",
        )
    return _package_kind(path)


def _ole_problem(path: Path) -> UnreadableFileError:
    data = path.read_bytes()
    if _ENCRYPTED_STREAM in data:
        return UnreadableFileError(
            "the file is password-protected",
            "open it, remove the password (File > Info > Protect Document / Protect Workbook)"
            " and save it again",
        )
    if _WORD_STREAM in data or path.suffix.lower() == ".doc":
        return UnreadableFileError(
            "this is an old Word 97-2003 file (.doc)",
            "open it in Word or LibreOffice and save it as .docx",
        )
    return UnreadableFileError(
        "this is an old Office 97-2003 file (.xls, .doc or .ppt)",
        "open it in Excel, Word or LibreOffice and save it as .xlsx or .docx",
    )


def _package_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as problem:
        raise _damaged("docx" if path.suffix.lower() != ".xlsx" else "xlsx", problem) from None
    names = {member.filename for member in members}
    unpacked = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFileError(
            f"the document's text unpacks to {unpacked:,} bytes, more than we read",
            "split it into one file per SOP",
        )
    if "word/document.xml" in names:
        if _word_variant(path):
            raise UnreadableFileError(
                "this is a Word file with macros (.docm) or a template (.dotx)",
                "open it in Word or LibreOffice and save it as a Word Document (.docx)",
            )
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        raise UnreadableFileError(
            "this is an OpenDocument file (.odt/.ods)",
            "open it in LibreOffice and save it as .docx (or .xlsx for a sheet)",
        )
    raise UnreadableFileError("not a Word (.docx) or Excel (.xlsx) document", SAVE_AS_DOCX)


def _word_variant(path: Path) -> bool:
    """A macro-enabled document or a template: python-docx reads only plain documents."""
    try:
        with zipfile.ZipFile(path) as package:
            types = package.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return b"macroEnabled.main+xml" in types or b"template.main+xml" in types
