"""`handbook import` on the command line: bad files, the owner, existing files, exit codes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from support import TODAY, run_handbook
from support_import import en_numbered_list, import_project, vi_step_sheet, vi_step_table

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return import_project(tmp_path / "project")


def _sops(project: Path) -> set[str]:
    return {path.name for path in (project / "content" / "sops").iterdir()}


def _good_docx(folder: Path) -> Path:
    return en_numbered_list(folder).path


def _replace_member(source: Path, target: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, data if name == member else old.read(name))
    return target


def _encrypted(folder: Path) -> Path:
    plain = _good_docx(folder)
    target = folder / "locked.docx"
    with plain.open("rb") as source, target.open("wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    return target


def _old_word(folder: Path) -> Path:
    # An OLE compound file as Word 97-2003 writes it: the magic, then directory entries
    # naming its streams in UTF-16 (only what the check reads is real here).
    target = folder / "old.doc"
    target.write_bytes(OLE_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1024))
    return target


def _old_excel(folder: Path) -> Path:
    target = folder / "old.xls"
    target.write_bytes(OLE_MAGIC + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1024))
    return target


def _text_file(folder: Path) -> Path:
    target = folder / "notes.docx"
    target.write_text("Quy trình đón khách\n1. Chào khách\n", encoding="utf-8")
    return target


def _truncated(folder: Path) -> Path:
    data = _good_docx(folder).read_bytes()
    target = folder / "cut.docx"
    target.write_bytes(data[: len(data) // 3])
    return target


def _broken_xml(folder: Path) -> Path:
    return _replace_member(
        _good_docx(folder), folder / "broken.docx", "word/document.xml", b"<w:document"
    )


def _broken_sheet(folder: Path) -> Path:
    sheet = vi_step_sheet(folder).path
    return _replace_member(sheet, folder / "broken.xlsx", "xl/worksheets/sheet1.xml", b"<worksheet")


def _macro_document(folder: Path) -> Path:
    source = _good_docx(folder)
    with zipfile.ZipFile(source) as package:
        types = package.read("[Content_Types].xml")
    macro = types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    return _replace_member(source, folder / "macros.docm", "[Content_Types].xml", macro)


def _open_document(folder: Path) -> Path:
    target = folder / "sop.odt"
    with zipfile.ZipFile(target, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return target


def _empty_document(folder: Path) -> Path:
    target = folder / "empty.docx"
    docx.Document().save(str(target))
    return target


def _empty_sheet(folder: Path) -> Path:
    target = folder / "empty.xlsx"
    openpyxl.Workbook().save(target)
    return target


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "password": (
        _encrypted,
        "error: the file is password-protected; open it, remove the password (File > Info >"
        " Protect Document / Protect Workbook) and save it again",
    ),
    "old-doc": (
        _old_word,
        "error: this is an old Word 97-2003 file (.doc); open it in Word or LibreOffice and save it as .docx",
    ),
    "old-xls": (
        _old_excel,
        "error: this is an old Office 97-2003 file (.xls, .doc or .ppt); open it in Excel, Word or LibreOffice and save it as .xlsx or .docx",
    ),
    "not-office": (
        _text_file,
        "error: not a Word (.docx) or Excel (.xlsx) document; open it in Word or LibreOffice and save it as .docx (or .xlsx for a sheet); Google Docs: File > Download > Microsoft Word (.docx)",
    ),
    "truncated": (
        _truncated,
        "error: this Word file is damaged and cannot be read (File is not a zip file); open it in Word or LibreOffice, check it, and save it again as .docx",
    ),
    "broken-xml": (_broken_xml, "error: this Word file is damaged and cannot be read ("),
    "broken-sheet": (_broken_sheet, "error: this Excel file is damaged and cannot be read ("),
    "macros": (
        _macro_document,
        "error: this is a Word file with macros (.docm) or a template (.dotx); open it in Word or LibreOffice and save it as a Word Document (.docx)",
    ),
    "opendocument": (
        _open_document,
        "error: this is an OpenDocument file (.odt/.ods); open it in LibreOffice and save it as .docx (or .xlsx for a sheet)",
    ),
    "empty-docx": (
        _empty_document,
        "error: the document has no text to import; is it the right file?",
    ),
    "empty-xlsx": (
        _empty_sheet,
        "error: the document has no text to import; is it the right file?",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_one_error_line_and_nothing_written(
    name: str, project: Path, tmp_path: Path
) -> None:
    make, message = BAD_FILES[name]
    folder = tmp_path / "documents"
    folder.mkdir()
    bad = make(folder)
    before = _sops(project)
    run = run_handbook("import", str(bad), "--project", str(project), "--owner", "chu-tiem")
    assert run.code == 1
    assert run.out == ""
    error, summary = run.err.splitlines()
    assert error.startswith(f"{bad}:1:1: {message}"), error
    assert summary == "1 error, 0 warnings in 1 file"
    assert "Traceback" not in run.err
    assert _sops(project) == before


def test_a_missing_file_is_an_error_at_its_name(project: Path) -> None:
    run = run_handbook(
        "import", "nowhere/sop.docx", "--project", str(project), "--owner", "chu-tiem"
    )
    assert run.code == 1
    assert (
        run.err
        == "nowhere/sop.docx:1:1: error: no such file; check the file name and the folder\n1 error, 0 warnings in 1 file\n"
    )


def test_good_files_are_written_and_bad_ones_reported_in_one_run(
    project: Path, tmp_path: Path
) -> None:
    good = vi_step_table(tmp_path).path
    bad = _old_word(tmp_path)
    run = run_handbook("import", str(bad), str(good), "--project", str(project))
    assert run.code == 1
    assert (
        run.out
        == "content/sops/don-tiep-khach-tai-quay.yml: 4 steps, 3 critical, 4 paragraphs not recognised\n"
    )
    assert run.err.splitlines()[-1] == "1 error, 0 warnings in 2 files"
    assert "don-tiep-khach-tai-quay.yml" in _sops(project)


def test_without_an_owner_role_nothing_is_written_and_exit_2(project: Path, tmp_path: Path) -> None:
    named = vi_step_table(tmp_path).path  # names "Trưởng ca": fine on its own
    unnamed = _replace_member(
        named, tmp_path / "no-owner.docx", "word/document.xml", _without_owner(named)
    )
    before = _sops(project)
    run = run_handbook("import", str(named), str(unnamed), "--project", str(project))
    assert run.code == 2
    assert run.out == ""
    assert run.err == (
        f"handbook: error: {unnamed}: the document names no owner that is a role of this handbook;"
        " give one with --owner ROLE (one of: chu-tiem, nhan-vien-pha-che, shift-lead, truong-ca)\n"
    )
    assert _sops(project) == before


def _without_owner(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return xml.replace("Trưởng ca", "Quản lý vùng").replace("Đón tiếp", "Tiễn").encode("utf-8")


def test_an_owner_the_document_names_but_no_role_has_falls_back_to_the_option(
    project: Path, tmp_path: Path
) -> None:
    named = vi_step_table(tmp_path).path
    unnamed = _replace_member(
        named, tmp_path / "no-owner.docx", "word/document.xml", _without_owner(named)
    )
    run = run_handbook("import", str(unnamed), "--project", str(project), "--owner", "chu-tiem")
    assert run.code == 0, run.err
    text = (project / "content" / "sops" / "tien-khach-tai-quay.yml").read_text(encoding="utf-8")
    assert (
        "# Tài liệu ghi người chịu trách nhiệm 'Quản lý vùng', không khớp vai trò nào: đã dùng"
        " --owner.\nowner: chu-tiem\n"
    ) in text


def test_an_unknown_owner_is_a_usage_error_with_a_hint(project: Path, tmp_path: Path) -> None:
    good = vi_step_table(tmp_path).path
    run = run_handbook("import", str(good), "--project", str(project), "--owner", "truong-cs")
    assert run.code == 2
    assert run.err == (
        "handbook: error: unknown role 'truong-cs' for --owner; did you mean 'truong-ca'?"
        " (roles: chu-tiem, nhan-vien-pha-che, shift-lead, truong-ca)\n"
    )
    assert "don-tiep-khach-tai-quay.yml" not in _sops(project)


def test_a_managers_only_owner_is_refused(project: Path, tmp_path: Path) -> None:
    role = project / "roles" / "chu-tiem.yml"
    role.write_text(role.read_text(encoding="utf-8") + "visibility: managers\n", encoding="utf-8")
    good = vi_step_table(tmp_path).path
    run = run_handbook("import", str(good), "--project", str(project), "--owner", "chu-tiem")
    assert run.code == 2
    assert "role 'chu-tiem' is managers-only" in run.err


def test_an_existing_file_is_never_overwritten(project: Path, tmp_path: Path) -> None:
    good = vi_step_table(tmp_path).path
    assert run_handbook("import", str(good), "--project", str(project)).code == 0
    draft = project / "content" / "sops" / "don-tiep-khach-tai-quay.yml"
    draft.write_text(
        draft.read_text(encoding="utf-8") + "# edited by the trainer\n", encoding="utf-8"
    )
    edited = draft.read_bytes()
    run = run_handbook("import", str(good), "--project", str(project))
    assert run.code == 1
    assert run.err == (
        f"{good}:1:1: error: content/sops/don-tiep-khach-tai-quay.yml already exists (or comes from"
        " another file of this run); nothing written for this file: rename the existing file, or"
        " change the document's title\n1 error, 0 warnings in 1 file\n"
    )
    assert draft.read_bytes() == edited


def test_two_documents_with_one_title_write_the_first_only(project: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = vi_step_table(tmp_path / "a").path, vi_step_table(tmp_path / "b").path
    run = run_handbook("import", str(first), str(second), "--project", str(project))
    assert run.code == 1
    assert run.out.count("don-tiep-khach-tai-quay.yml") == 1
    assert run.err.startswith(
        f"{second}:1:1: error: content/sops/don-tiep-khach-tai-quay.yml already exists"
    )


def test_a_code_already_in_use_is_replaced_and_said(project: Path, tmp_path: Path) -> None:
    sheet = vi_step_sheet(tmp_path).path
    workbook = openpyxl.load_workbook(sheet)
    worksheet = workbook.worksheets[0]
    worksheet["B2"] = "SOP-PC-01"  # pha-tra.yml's code
    workbook.save(sheet)
    run = run_handbook("import", str(sheet), "--project", str(project))
    assert run.code == 0, run.err
    text = (project / "content" / "sops" / "pha-tra-sen-da.yml").read_text(encoding="utf-8")
    assert (
        "# Mã 'SOP-PC-01' trong tài liệu đã dùng ở content/sops/pha-tra.yml: đặt tạm mã khác.\ncode: SOP-PHA-TRA-SEN-DA\n"
        in text
    )
    check = run_handbook("check", str(project), "--today", TODAY)
    assert check.code == 0 and " error:" not in check.err


def test_import_needs_a_project(tmp_path: Path) -> None:
    run = run_handbook("import", "x.docx", "--project", str(tmp_path))
    assert run.code == 2
    assert "is not a handbook project" in run.err


def test_one_step_is_said_in_the_singular(project: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Tắt đèn", style="Title")
    document.add_paragraph("Tắt hết đèn khi về", style="List Number")
    path = tmp_path / "den.docx"
    document.save(str(path))
    run = run_handbook("import", str(path), "--project", str(project), "--owner", "chu-tiem")
    assert run.out == "content/sops/tat-den.yml: 1 step, 0 critical, 0 paragraphs not recognised\n"


def test_a_document_without_steps_gets_a_placeholder_step(project: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Ghi sổ giao ca", style="Title")
    document.add_paragraph("Mục đích: Ca sau biết ca trước đã làm gì.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "so.docx"
    path.write_bytes(buffer.getvalue())
    run = run_handbook("import", str(path), "--project", str(project), "--owner", "chu-tiem")
    assert run.code == 0
    text = (project / "content" / "sops" / "ghi-so-giao-ca.yml").read_text(encoding="utf-8")
    assert "steps:\n  - action: \"TODO: Viết các bước, mỗi bước một mục '- action:'.\"\n" in text
    check = run_handbook("check", str(project), "--today", TODAY)
    assert check.code == 0
    assert (
        "content/sops/ghi-so-giao-ca.yml:" in check.err
        and "draft placeholder left in 'action'" in check.err
    )


def test_a_sops_folder_linked_outside_the_project_is_not_written_through(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sops = project / "content" / "sops"
    for file in sops.iterdir():
        file.unlink()
    sops.rmdir()
    sops.symlink_to(elsewhere, target_is_directory=True)
    good = vi_step_table(tmp_path).path
    run = run_handbook("import", str(good), "--project", str(project))
    assert run.code == 1
    assert run.err.startswith(
        f"{good}:1:1: error: content/sops is a link to a folder outside the project; nothing written"
    )
    assert list(elsewhere.iterdir()) == []
