"""The WeasyPrint adapter: real PDFs from small print documents (safety, failure, determinism).

The role books on the example organisation are read back in tests/render/test_book_pdf.py.
"""

from __future__ import annotations

import base64
import http.server
import io
import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator.render.common.print import EDITION_ID_PLACEHOLDER, PrintDocument
from generator.write.pdf import (
    SLOW_SUBSETTING_NOTE,
    PdfError,
    _Pool,
    _Worker,
    edition_id,
    render_documents,
    render_pdfs,
)

pytestmark = pytest.mark.e2e

EPOCH = 1_772_323_200  # 2026-03-01T00:00:00Z
SECONDS_1904_TO_1970 = 2_082_844_800  # TrueType dates count from 1904
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _document(body: str, name: str = "pdf/test.pdf", assets: tuple[str, ...] = ()) -> PrintDocument:
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Sổ tay</title>'
        "<style>body { font-family: sans-serif; }</style></head>"
        f"<body>{body}</body></html>"
    )
    return PrintDocument(name, html, "Sổ tay pha trà", "Tiệm Trà Sen", "vi", assets)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "project" / "content"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "dot.png").write_bytes(PNG)
    return folder


def _render(
    documents: list[PrintDocument], out: Path, content: Path, **options: object
) -> list[Path]:
    settings: dict[str, object] = {
        "jobs": 2,
        "timeout": 120.0,
        "source_date_epoch": EPOCH,
        "progress": False,
    }
    settings.update(options)
    return render_pdfs(documents, out_dir=out, content_dir=content, **settings)  # type: ignore[arg-type]


def _text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return " ".join(
            " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
        )
    finally:
        pdf.close()


def _alt_texts(reader: PdfReader) -> list[str]:
    """The alternative texts of the tagged figures, in reading order."""
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict) and "/K" in node:
            if node.get("/S") == "/Figure":
                found.append(str(node["/Alt"]))
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_untagged_for_the_benchmark_only(tmp_path: Path, content: Path) -> None:
    """Also: this machine has libharfbuzz-subset (scripts/test installs it), and the worker
    sees it."""
    [rendered] = render_documents(
        [_document("<h1>Pha trà</h1>")],
        out_dir=tmp_path,
        content_dir=content,
        jobs=1,
        timeout=60.0,
        source_date_epoch=0,
        progress=False,
        tagged=False,
    )
    assert "/StructTreeRoot" not in PdfReader(rendered.path).trailer["/Root"]
    assert rendered.fast_subsetting


def test_slow_font_subsetting_is_said_once_with_the_install_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pool = _Pool(size=2, timeout=10.0)
    for _ in range(2):  # two workers start, neither has HarfBuzz's subsetter
        parent, child = multiprocessing.Pipe()
        child.send(("ready", False))
        pool._receive(_Worker(process=None, connection=parent))  # type: ignore[arg-type]
    assert not pool.fast_subsetting
    assert capsys.readouterr().err == SLOW_SUBSETTING_NOTE + "\n"
    assert "apt-get install libharfbuzz-subset0" in SLOW_SUBSETTING_NOTE


def test_renders_text_images_metadata_and_edition_id(tmp_path: Path, content: Path) -> None:
    document = _document(
        f"<h1>Pha trà sen</h1><p>Ấn bản {EDITION_ID_PLACEHOLDER}</p>"
        '<img src="assets/dot.png" alt="Chấm đỏ" style="width: 5mm">'
        f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}" alt="Chấm xanh">'
        '<p><a href="https://example.com/phieu">phiếu</a> <a href="tel:+84901234567">gọi</a>'
        ' <a href="mailto:ql@example.com">thư</a> <a href="#top">đầu trang</a></p><p id="top">.</p>',
        assets=("assets/dot.png",),
    )
    [path] = _render([document], tmp_path / "out", content)

    assert path == tmp_path / "out" / "pdf" / "test.pdf"
    expected_id = edition_id(document.html, document.assets, content)
    assert len(expected_id) == 8
    assert f"Pha trà sen Ấn bản {expected_id}" in _text(path)
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "Sổ tay pha trà"
    assert reader.metadata.author == "Tiệm Trà Sen"
    assert reader.metadata["/CreationDate"].startswith("D:20260301000000")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "vi"
    # Tagged: a structure tree, marked content, the title shown instead of the file name.
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert _alt_texts(reader) == ["Chấm đỏ", "Chấm xanh"]
    images = [
        name
        for page in reader.pages
        for name, obj in page["/Resources"].get("/XObject", {}).items()
        if obj.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 2  # the content file and the data: URI
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert [a["/Dest"] for a in links if "/Dest" in a] == ["top"]
    assert [a["/A"]["/URI"] for a in links if "/A" in a] == [
        "https://example.com/phieu",
        "tel:+84901234567",
        "mailto:ql@example.com",
    ]


def test_edition_id_changes_with_html_and_asset_bytes(content: Path) -> None:
    html, assets = "<p>a</p>", ("assets/dot.png",)
    first = edition_id(html, assets, content)
    assert edition_id(html, assets, content) == first
    assert edition_id("<p>b</p>", assets, content) != first
    (content / "assets" / "dot.png").write_bytes(PNG + b"\0")
    assert edition_id(html, assets, content) != first


def test_same_input_same_bytes_whatever_the_pool(tmp_path: Path, content: Path) -> None:
    documents = [
        _document(f"<h1>Sổ {n}</h1><p>{'Đón khách. ' * 300 * n}</p>", f"pdf/book-{n}.pdf")
        for n in (1, 2, 3)
    ]
    first = _render(documents, tmp_path / "a", content, jobs=2)
    second = _render(documents, tmp_path / "b", content, jobs=1)
    assert [p.name for p in first] == ["book-1.pdf", "book-2.pdf", "book-3.pdf"]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_network_is_never_fetched(
    tmp_path: Path, content: Path, http_server: tuple[str, list[str]]
) -> None:
    url, requests = http_server
    for body in (
        f'<img src="{url}/logo.png" alt="">',
        f'<link rel="stylesheet" href="{url}/style.css">',
        f'<p style="background: url({url}/bg.png)">x</p>',
    ):
        with pytest.raises(PdfError, match="refused to fetch"):
            _render([_document(body)], tmp_path / "out", content, jobs=1)
    assert requests == []
    assert not (tmp_path / "out" / "pdf").exists()


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="file:///etc/passwd" alt="">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<img src="../outside.png" alt="">',
        '<img src="assets/escape.png" alt="">',
    ],
)
def test_files_outside_content_are_never_read(
    tmp_path: Path, content: Path, reference: str
) -> None:
    # The outside file is a FIFO: opening it to read would block, and the book would time out
    # instead of failing at once with "refused".
    outside = content.parent / "outside.png"
    os.mkfifo(outside)
    (content / "assets" / "escape.png").symlink_to(outside)

    with pytest.raises(PdfError, match="refused to read") as error:
        _render([_document(reference)], tmp_path / "out", content, jobs=1, timeout=60.0)
    assert "test.pdf" in str(error.value)
    assert not (tmp_path / "out" / "pdf").exists()


def test_a_failing_book_fails_the_run_and_leaves_no_partial_file(
    tmp_path: Path, content: Path
) -> None:
    good = [_document(f"<p>{'Đón khách. ' * 50}</p>", f"pdf/good-{n}.pdf") for n in range(3)]
    bad = _document('<img src="file:///etc/passwd" alt="">', "pdf/bad.pdf")
    out = tmp_path / "out"
    with pytest.raises(PdfError, match=r"pdf/bad\.pdf"):
        _render([*good, bad], out, content, jobs=2)
    written = list(out.rglob("*")) if out.exists() else []
    assert not [path for path in written if path.name.startswith(".")]  # no temp file left
    for path in written:
        if path.is_file():
            assert path.read_bytes().rstrip().endswith(b"%%EOF")  # only whole PDFs
    assert not (out / "pdf" / "bad.pdf").exists()


def test_timeout_stops_the_run(tmp_path: Path, content: Path) -> None:
    document = _document(f"<p>{'Đón khách tại quầy. ' * 4000}</p>")
    with pytest.raises(PdfError, match=r"pdf/test\.pdf: rendering took longer than 0\.001 s"):
        _render([document], tmp_path / "out", content, timeout=0.001)
    assert not (tmp_path / "out" / "pdf").exists()


def test_progress_lines_on_stdout(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = [_document("<p>a</p>", "pdf/a.pdf"), _document("<p>b</p>", "pdf/b.pdf")]
    rendered = render_documents(
        documents,
        out_dir=tmp_path / "out",
        content_dir=content,
        jobs=2,
        timeout=120.0,
        source_date_epoch=EPOCH,
        progress=True,
    )
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("PDF 1/2 pdf/") and "(1 page, " in lines[0]
    assert lines[1].startswith("PDF 2/2 pdf/")
    assert captured.err == ""
    assert [r.pages for r in rendered] == [1, 1]
    assert all(0 < r.weasyprint_seconds <= r.worker_seconds for r in rendered)


FONTTOOLS_ONLY = """
# Test hook, loaded by the PDF workers: WeasyPrint as on a machine without libharfbuzz-subset0.
import importlib.abc, importlib.machinery, sys

class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "weasyprint.pdf.fonts":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            module.harfbuzz_subset = None
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Finder())
"""


def test_fonts_subset_by_fonttools_carry_the_fixed_date(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(FONTTOOLS_ONLY, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    [rendered] = render_documents(
        [_document("<p>Đón khách</p>")],
        out_dir=tmp_path / "out",
        content_dir=content,
        jobs=1,
        timeout=120.0,
        source_date_epoch=EPOCH,
        progress=False,
    )
    assert any("fontTools" in warning for warning in rendered.warnings)  # that path was taken
    reader = PdfReader(rendered.path)
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    with TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())) as embedded:
        assert embedded["head"].modified == EPOCH + SECONDS_1904_TO_1970


def test_written_files_get_the_usual_permissions(tmp_path: Path, content: Path) -> None:
    [path] = _render([_document("<p>a</p>")], tmp_path / "out", content)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_nothing_to_render(tmp_path: Path, content: Path) -> None:
    assert _render([], tmp_path / "out", content) == []
