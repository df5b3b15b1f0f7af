"""The WeasyPrint adapter: print documents -> PDF files, in a pool of worker processes.

Only this module imports WeasyPrint, and only inside the workers: each worker points fontconfig
at the package's private configuration (so books use the shipped fonts and nothing else) before
its first import, then renders book after book. WeasyPrint may read only files under the
project's content/ folder, the package's own files and `data:` URIs; anything else stops the
book, and the build (exit 3).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from generator.edition import tool_epoch
from generator.render.common.print import EDITION_ID_PLACEHOLDER, PrintDocument
from generator.resources import package_dir, templates_dir
from generator.write import weasyprint_speedups
from generator.write.output import write_atomically

log = logging.getLogger(__name__)

# Seconds a worker may take to start (interpreter, WeasyPrint, fontconfig): apart from the
# per-document timeout, which is about one document.
STARTUP_TIMEOUT = 120.0

# Printed once per build when WeasyPrint has to subset fonts with fontTools (pure Python).
SLOW_SUBSETTING_NOTE = (
    "note: HarfBuzz's font subsetter (libharfbuzz-subset) is missing, so books are built with"
    " the slower fontTools path; install it for faster books: apt-get install libharfbuzz-subset0"
)


class PdfError(Exception):
    """A document failed or timed out: the build stops and writes nothing (exit 3)."""


@dataclass(frozen=True)
class RenderedPdf:
    """One written PDF and what it cost (the benchmark reads these)."""

    path: Path
    pages: int
    weasyprint_seconds: float  # HTML parse + layout + PDF writing, inside the worker
    worker_seconds: float  # everything the worker did for this document
    cpu_seconds: float  # the worker's CPU time for it (steady when other programs run too)
    warnings: tuple[str, ...]  # WeasyPrint's own log lines, captured
    fast_subsetting: bool  # HarfBuzz subset fonts (else fontTools, slower)


def edition_id(html: str, assets: Sequence[str], content_dir: Path) -> str:
    """First 8 hex digits of the SHA-256 over the print HTML (holding the placeholder) and the
    bytes of every asset it uses, each asset framed by its path so that no two inputs collide."""
    digest = hashlib.sha256(html.encode("utf-8"))
    for asset in sorted(assets):
        data = _content_file(content_dir, asset).read_bytes()
        digest.update(b"\0" + asset.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0")
        digest.update(data)
    return digest.hexdigest()[:8]


def render_pdfs(
    documents: Sequence[PrintDocument],
    *,
    out_dir: Path,
    content_dir: Path,
    jobs: int | None,
    timeout: float,
    source_date_epoch: int,
    progress: bool,
) -> list[Path]:
    """Render every document to `out_dir/<document.name>`; the paths in document order."""
    rendered = render_documents(
        documents,
        out_dir=out_dir,
        content_dir=content_dir,
        jobs=jobs,
        timeout=timeout,
        source_date_epoch=source_date_epoch,
        progress=progress,
    )
    return [item.path for item in rendered]


def render_documents(
    documents: Sequence[PrintDocument],
    *,
    out_dir: Path,
    content_dir: Path,
    jobs: int | None,
    timeout: float,
    source_date_epoch: int,
    progress: bool,
    tagged: bool = True,
) -> list[RenderedPdf]:
    """`render_pdfs` with the cost of each document. Raises PdfError on the first failure or
    timeout, after stopping every worker; a file is written (temp name, then renamed) only
    when its document succeeded. `tagged=False` (untagged PDFs) is for the benchmark only.

    Workers are started with `spawn` (no inherited threads or locks, the same on every OS), so
    a script that calls this needs the usual `if __name__ == "__main__":` guard."""
    if not documents:
        return []
    content = content_dir.resolve()
    tasks = [
        _task(index, document, content, source_date_epoch, tagged=tagged)
        for index, document in enumerate(documents)
    ]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    results: dict[int, RenderedPdf] = {}
    with _progress(len(tasks), enabled=progress) as report, _Pool(workers, timeout) as pool:
        # Longest first: the pool finishes sooner when the big books do not start last.
        for outcome in pool.run(sorted(tasks, key=lambda task: -len(task.html))):
            task = tasks[outcome.index]
            path = out_dir / task.name
            write_atomically(path, outcome.pdf)
            results[outcome.index] = RenderedPdf(
                path,
                outcome.pages,
                outcome.weasyprint_seconds,
                outcome.worker_seconds,
                outcome.cpu_seconds,
                outcome.warnings,
                pool.fast_subsetting,
            )
            for warning in outcome.warnings:
                log.debug("%s: %s", task.name, warning)
            report(task.name, outcome.pages, outcome.worker_seconds)
    return [results[index] for index in range(len(tasks))]


# --- parent side --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    index: int
    name: str
    html: str
    title: str
    author: str
    language: str
    content_root: str  # real path of content/, which VIRTUAL_CONTENT_URL stands for
    allowed_roots: tuple[str, ...]  # real paths WeasyPrint may read below
    source_date_epoch: int
    identifier: str
    tagged: bool


@dataclass(frozen=True)
class _Outcome:
    index: int
    pdf: bytes
    pages: int
    weasyprint_seconds: float
    worker_seconds: float
    cpu_seconds: float
    warnings: tuple[str, ...]


def _task(index: int, document: PrintDocument, content: Path, epoch: int, *, tagged: bool) -> _Task:
    edition = edition_id(document.html, document.assets, content)
    roots = (content, Path(__file__).resolve().parent, templates_dir())
    return _Task(
        index=index,
        name=document.name,
        html=document.html.replace(EDITION_ID_PLACEHOLDER, edition),
        title=document.title,
        author=document.author,
        language=document.language,
        content_root=str(content.resolve()),
        allowed_roots=tuple(str(root.resolve()) for root in roots),
        source_date_epoch=epoch,
        identifier=edition,
        tagged=tagged,
    )


def _content_file(content_dir: Path, path: str) -> Path:
    """A file under content/, by real path (no symlink out of the folder)."""
    root = content_dir.resolve()
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        raise PdfError(f"{path}: not a file under {root}")
    return resolved


# Books see content/ at this address, wherever the project lies: WeasyPrint names images after
# their URL, so a real path would make the PDF bytes depend on the project's folder.
VIRTUAL_CONTENT_PATH = "/handbook-content/"
VIRTUAL_CONTENT_URL = f"file://{VIRTUAL_CONTENT_PATH}"


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False
    task: _Task | None = None
    deadline: float = 0.0


@dataclass
class _Pool:
    """Worker processes that each import WeasyPrint once and render documents in turn.

    Each worker has its own pipe, so the parent always knows which document a worker holds
    and can enforce the per-document timeout (stopping every worker: the build fails anyway).
    """

    size: int
    timeout: float
    workers: list[_Worker] = field(default_factory=list)
    cache_dir: tempfile.TemporaryDirectory[str] | None = None
    fast_subsetting: bool = True  # until a worker says otherwise (said once, on stderr)

    def __enter__(self) -> _Pool:
        context = multiprocessing.get_context("spawn")
        cache_home = _writable_cache_home()
        if cache_home is None:
            self.cache_dir = tempfile.TemporaryDirectory(prefix="handbook-fontconfig-")
            cache_home = self.cache_dir.name
        started = time.monotonic()
        for _ in range(self.size):
            parent_end, child_end = context.Pipe()
            process = context.Process(
                target=_worker_main, args=(child_end, cache_home), daemon=True
            )
            process.start()
            child_end.close()
            self.workers.append(_Worker(process, parent_end, deadline=started + STARTUP_TIMEOUT))
        return self

    def __exit__(self, *exc_info: object) -> None:
        for worker in self.workers:
            if exc_info[0] is None and worker.process.is_alive():
                with suppress(OSError):
                    worker.connection.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5 if exc_info[0] is None else 0)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        if self.cache_dir is not None:
            self.cache_dir.cleanup()

    def run(self, tasks: list[_Task]) -> Iterator[_Outcome]:
        pending = list(reversed(tasks))  # pop() from the end keeps the given order
        remaining = len(tasks)
        while remaining:
            for worker in self.workers:
                if worker.ready and worker.task is None and pending:
                    worker.task = pending.pop()
                    worker.deadline = time.monotonic() + self.timeout
                    worker.connection.send(worker.task)
            busy = [w for w in self.workers if w.task is not None or not w.ready]
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.connection for w in busy], timeout=wait_for)
            for worker in busy:
                if worker.connection in ready:
                    outcome = self._receive(worker)
                    if outcome is not None:
                        remaining -= 1
                        yield outcome
                elif time.monotonic() >= worker.deadline:
                    raise PdfError(self._late(worker))

    def _receive(self, worker: _Worker) -> _Outcome | None:
        try:
            message: tuple[str, Any] = worker.connection.recv()
        except (EOFError, OSError) as error:
            what = worker.task.name if worker.task else "PDF worker start-up"
            raise PdfError(f"{what}: the PDF worker stopped unexpectedly") from error
        kind, payload = message
        if kind == "ready":
            worker.ready = True
            if self.fast_subsetting and not payload:
                self.fast_subsetting = False
                print(SLOW_SUBSETTING_NOTE, file=sys.stderr, flush=True)
            return None
        if kind == "error":
            raise PdfError(str(payload))
        worker.task = None
        outcome: _Outcome = payload
        return outcome

    def _late(self, worker: _Worker) -> str:
        if worker.task is None:
            return f"a PDF worker did not start within {STARTUP_TIMEOUT:g} s"
        return f"{worker.task.name}: rendering took longer than {self.timeout:g} s (--book-timeout)"


def _writable_cache_home() -> str | None:
    """The user's cache folder when fontconfig can write there (keeps its cache across builds),
    else None: a temp folder is used, so fontconfig never complains on stderr."""
    configured = os.environ.get("XDG_CACHE_HOME")
    folder = Path(configured) if configured else Path.home() / ".cache"
    try:
        (folder / "fontconfig").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder) if os.access(folder / "fontconfig", os.W_OK) else None


@contextmanager
def _progress(total: int, *, enabled: bool) -> Iterator[Callable[[str, int, float], None]]:
    """A progress bar on a terminal, a plain line per document otherwise (stdout only)."""
    if not enabled:
        yield lambda name, pages, seconds: None
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stdout),
            transient=False,
        ) as bar:
            task_id = bar.add_task("PDF", total=total)

            def advance(name: str, pages: int, seconds: float) -> None:
                bar.update(task_id, advance=1, description=f"PDF {name}")

            yield advance
            bar.update(task_id, description="PDF")
        return
    done = 0

    def line(name: str, pages: int, seconds: float) -> None:
        nonlocal done
        done += 1
        unit = "page" if pages == 1 else "pages"
        print(f"PDF {done}/{total} {name} ({pages} {unit}, {seconds:.1f} s)", flush=True)

    yield line


# --- worker side --------------------------------------------------------------------------


def _worker_main(connection: Connection, cache_home: str) -> None:
    """Entry point of a worker process: private fonts first, then WeasyPrint, then documents."""
    # Ctrl-C reaches the whole process group: the parent stops the workers, quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["FONTCONFIG_FILE"] = str(package_dir("fonts") / "fonts.conf")
    os.environ["XDG_CACHE_HOME"] = cache_home
    captured = _capture_weasyprint_log()
    try:
        import weasyprint  # noqa: F401  (first import here, after FONTCONFIG_FILE is set)

        weasyprint_speedups.install()
    except BaseException:
        connection.send(("error", f"cannot load WeasyPrint:\n{traceback.format_exc()}"))
        return
    # The modules' objects live as long as the worker: the collector need not scan them again.
    gc.freeze()
    connection.send(("ready", _fast_subsetting()))
    while True:
        try:
            task: _Task | None = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        captured.clear()
        # A book makes millions of short-lived objects (boxes, PDF objects) that reference
        # counting frees; the cycle collector scanning them all again and again cost a sixth
        # of the time. It runs once after each document instead (in `_render`).
        gc.disable()
        try:
            connection.send(("done", _render(task, captured)))
        except BaseException as error:  # FatalURLFetchingError is a BaseException
            connection.send(("error", f"{task.name}: {_describe(error)}"))
        finally:
            gc.enable()


def _fast_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (its own test), not with fontTools."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def _describe(error: BaseException) -> str:
    """The error and its causes on one line (WeasyPrint wraps a refused fetch in its own)."""
    messages: list[str] = []
    cause: BaseException | None = error
    while cause is not None:
        messages.append(str(cause) or type(cause).__name__)
        cause = cause.__cause__
    return "; ".join(messages)


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def clear(self) -> None:
        self.records.clear()


def _capture_weasyprint_log() -> _Captured:
    """WeasyPrint's log lines are kept, never printed raw."""
    handler = _Captured()
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(logging.WARNING)
    return handler


def _render(task: _Task, captured: _Captured) -> _Outcome:
    from weasyprint import HTML

    started, cpu_started = time.perf_counter(), time.process_time()
    # fontTools (WeasyPrint's font subsetter without libharfbuzz-subset) stamps the fonts' `head`
    # table with the current time unless this is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(tool_epoch(task.source_date_epoch))
    fetcher = _safe_fetcher(Path(task.content_root), task.allowed_roots)
    document = HTML(
        string=task.html, base_url=VIRTUAL_CONTENT_URL, url_fetcher=fetcher, encoding="utf-8"
    ).render(presentational_hints=True)
    stamp = datetime.fromtimestamp(task.source_date_epoch, tz=UTC)
    moment = f"{stamp.year:04d}-{stamp:%m-%dT%H:%M:%S}Z"  # %Y drops a year's leading zeros
    document.metadata.created = moment
    document.metadata.modified = moment
    document.metadata.title = task.title
    document.metadata.authors = [task.author]
    document.metadata.lang = task.language
    # Tagged (structure tree, /Lang, /MarkInfo, title shown by viewers): screen readers and
    # reflow on phones read the book's structure.
    pdf: bytes = document.write_pdf(
        pdf_identifier=task.identifier.encode("ascii"), pdf_tags=task.tagged
    )
    pages = len(document.pages)
    del document
    gc.collect()  # the cycles this book left (the collector is off while it renders)
    weasyprint_seconds = time.perf_counter() - started
    errors = [r for r in captured.records if r.levelno >= logging.ERROR]
    if errors:
        raise PdfError("; ".join(record.getMessage() for record in errors))
    return _Outcome(
        index=task.index,
        pdf=pdf,
        pages=pages,
        weasyprint_seconds=weasyprint_seconds,
        worker_seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu_started,
        warnings=tuple(record.getMessage() for record in captured.records),
    )


def _safe_fetcher(content_root: Path, allowed_roots: tuple[str, ...]) -> Any:
    """A URL fetcher that serves `data:` URIs, content files under `VIRTUAL_CONTENT_URL` and
    files below `allowed_roots` (by real path), and refuses everything else, stopping the render
    (no network, no redirects)."""
    import mimetypes
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = tuple(Path(root) for root in allowed_roots)

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if url.startswith(VIRTUAL_CONTENT_URL):
                relative = unquote(parts.path).removeprefix(VIRTUAL_CONTENT_PATH)
                return _response(url, _inside(content_root / relative, (content_root,)))
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise PdfError(f"refused to fetch {url!r}: only content files may be read")
            path = _inside(Path(unquote(parts.path)), roots)
            return _response(path.as_uri(), path)

    def _inside(path: Path, folders: tuple[Path, ...]) -> Path:
        resolved = path.resolve()
        if not any(resolved.is_relative_to(root) for root in folders) or not resolved.is_file():
            raise PdfError(f"refused to read {path.name}: not a file under content/")
        return resolved

    def _response(url: str, path: Path) -> Any:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    return SafeFetcher(allow_redirects=False, fail_on_errors=True)
